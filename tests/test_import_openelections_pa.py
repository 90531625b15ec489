"""`site-builder import openelections` of Pennsylvania's 2023 files: Philadelphia's general election (a council
race of 7 seats where each voter votes for up to 5) and Pittsburgh's general and Democratic primary."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest
from record_changes import run_import, snapshot

from site_builder.directory.build import build_directory
from site_builder.importers.offices import Office, load_mapping, read_office
from site_builder.records.loader import load_file
from site_builder.records.problems import Code, errors
from site_builder.records.validate import validate_directory
from site_builder.site.pages import Settings, build_pages

FIXTURES = Path(__file__).parent / "fixtures" / "openelections"
PHILADELPHIA = FIXTURES / "20231107__pa__general__county.philadelphia-excerpt.csv"
PITTSBURGH_PRIMARY = FIXTURES / "20230516__pa__primary__county.pittsburgh-excerpt.csv"
PITTSBURGH_GENERAL = FIXTURES / "20231107__pa__general__county.pittsburgh-excerpt.csv"
ALL = [PITTSBURGH_PRIMARY, PHILADELPHIA, PITTSBURGH_GENERAL]
REAL = Path(__file__).parents[2] / "shared" / "data-sources" / "openelections-pa-2023"
COMMIT = "https://github.com/openelections/openelections-data-pa/blob/e79aeb525b4bb4e834c21bab0699fdbf9b6b2e9a/2023"
GENERAL_URL = f"{COMMIT}/20231107__pa__general__county.csv"
PRIMARY_URL = f"{COMMIT}/20230516__pa__primary__county.csv"
CHARTER = "https://codelibrary.amlegal.com/codes/philadelphia/latest/philadelphia_pa/0-0-0-181377"


def read(root: Path, path: str) -> str:
    return (root / path).read_text(encoding="utf-8")


def cited(url: str, title: str, indent: int) -> str:
    pad = " " * indent
    return f"{pad}url: >-\n{pad}  {url}\n{pad}title: >-\n{pad}  {title}\n{pad}publisher: OpenElections\n"


PHILADELPHIA_TITLE = "2023-11-07 general election results in Pennsylvania, from the Philadelphia City Commissioners"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pa-2023")
    result = run_import("openelections", root, *ALL)
    assert result.exit_code == 0, result.output
    return root


# --- exact records ---------------------------------------------------------------------------------


def test_the_at_large_race_records_its_seats_and_the_votes_each_voter_has(imported: Path) -> None:
    city = read(imported, "cities/pa/philadelphia.yml")
    assert (
        "      - office: City Council\n"
        "        district: At-Large\n"
        "        seats: 7\n"
        "        votes_allowed: 5\n"
        "        write_ins: 1622\n"
        "        source:\n" + cited(GENERAL_URL, PHILADELPHIA_TITLE, 10)
    ) in city
    # The City Commissioners fill three seats; the law that sets the votes of each voter is not cited, so none is given.
    assert "      - office: City Commissioner\n        seats: 3\n        write_ins: 704\n" in city
    # The election and the city cite the charter section that sets the seats and votes of the at-large race.
    assert city.count(f"url: >-\n          {CHARTER}\n") == 1
    assert city.count(f"url: >-\n      {CHARTER}\n") == 1
    assert "title: 'Philadelphia Home Rule Charter, § 2-101: The Election of Councilmembers'" in city
    # Rows that are no race (the county's registered voters and ballots cast) make none.
    assert "Registered" not in city and "Ballots Cast" not in city


def test_the_seven_with_the_most_votes_are_elected_with_their_party_labels_as_given(imported: Path) -> None:
    expected = {
        "isaiah-thomas": ("won", "Democratic", 197642, "16.78"),
        "katherine-gilmore-richardson": ("won", "Democratic", 189917, "16.13"),
        "nina-ahmad": ("won", "Democratic", 184332, "15.65"),
        "rue-landau": ("won", "Democratic", 175976, "14.94"),
        "jim-harrity": ("won", "Democratic", 153839, "13.06"),
        "kendra-brooks": ("won", "WFP", 83616, "7.10"),
        "nicolas-o-rourke": ("won", "WFP", 70062, "5.95"),
        "drew-murray": ("lost", "Republican", 60277, "5.12"),
        "jim-hasher": ("lost", "Republican", 60274, "5.12"),
    }
    for slug, (status, party, votes, share) in expected.items():
        record = read(imported, f"candidates/pa/philadelphia/{slug}.yml")
        assert (
            "  - election: 2023-11-07-general\n"
            "    office: City Council\n"
            "    district: At-Large\n"
            f"    status: {status}\n"
            f"    party: {party}\n"
            f"    votes: {votes}\n"
            f"    vote_share: {share}\n"
        ) in record, slug
    assert read(imported, "candidates/pa/philadelphia/nicolas-o-rourke.yml").startswith(
        "# yaml-language-server: $schema=../../../schema/candidate.schema.json\nname: Nicolas O'Rourke\n"
    )
    # A label the dataset does not explain (West is Best's `WIB`) is kept as the file gives it.
    assert "    status: lost\n    party: WIB\n    votes: 3403\n" in read(
        imported, "candidates/pa/philadelphia/jabari-jones.yml"
    )
    # All three City Commissioners are elected.
    for slug in ("lisa-deeley", "omar-sabir", "seth-bluestein"):
        assert "    status: won\n" in read(imported, f"candidates/pa/philadelphia/{slug}.yml")


def test_the_democratic_primary_is_an_election_of_its_own(imported: Path) -> None:
    city = read(imported, "cities/pa/pittsburgh.yml")
    assert (
        "elections:\n"
        "  - date: 2023-05-16\n"
        "    kind: primary\n"
        "    party: Democratic\n"
        "    offices:\n"
        "      - office: City Controller\n"
        "        write_ins: 127\n"
    ) in city
    assert "  - date: 2023-11-07\n    kind: general\n    offices:\n" in city
    assert read(imported, "candidates/pa/pittsburgh/rachael-heisler.yml") == (
        "# yaml-language-server: $schema=../../../schema/candidate.schema.json\n"
        "name: Rachael Heisler\n"
        "candidacies:\n"
        "  - election: 2023-05-16-primary-democratic\n"
        "    office: City Controller\n"
        "    status: won\n"
        "    party: Democratic\n"
        "    votes: 22367\n"
        "    vote_share: 48.79\n"
        "    source:\n"
        + cited(PRIMARY_URL, "2023-05-16 primary election results in Pennsylvania, from Allegheny County Elections", 6)
        + "  - election: 2023-11-07-general\n"
        "    office: City Controller\n"
        "    status: won\n"
        "    party: Democratic\n"
        "    votes: 66546\n"
        "    vote_share: 97.44\n"
        "    source:\n"
        + cited(GENERAL_URL, "2023-11-07 general election results in Pennsylvania, from Allegheny County Elections", 6)
        + "sources:\n"
        "  - "
        + cited(
            PRIMARY_URL, "2023-05-16 primary election results in Pennsylvania, from Allegheny County Elections", 4
        ).lstrip()
        + "  - "
        + cited(
            GENERAL_URL, "2023-11-07 general election results in Pennsylvania, from Allegheny County Elections", 4
        ).lstrip()
        + "last_verified: 2026-12-01\n"
    )
    assert "  - election: 2023-05-16-primary-democratic\n    office: City Controller\n    status: lost\n" in read(
        imported, "candidates/pa/pittsburgh/tracy-royston.yml"
    )
    assert "    status: lost\n    party: IND\n    votes: 2234\n" in read(
        imported, "candidates/pa/pittsburgh/james-c-miller.yml"
    )


def test_the_records_validate(imported: Path) -> None:
    _, problems = validate_directory(imported, dt.date(2026, 12, 1))
    assert errors(problems) == []


def test_a_second_run_writes_nothing(imported: Path) -> None:
    before = snapshot(imported)
    again = run_import("openelections", imported, *ALL)
    assert again.exit_code == 0
    assert snapshot(imported) == before
    assert again.output.splitlines()[-1] == "0 files written"


# --- the page ----------------------------------------------------------------------------------------


def test_the_city_page_says_the_limited_voting_in_one_line(imported: Path) -> None:
    tables, problems = validate_directory(imported, dt.date(2026, 12, 1))
    assert errors(problems) == []
    settings = Settings(repo_url="", site_url="https://example.org/cc/", today=dt.date(2026, 12, 1))
    pages = {page.path: page for page in build_pages(build_directory(tables), settings)}
    body = pages["pa/philadelphia/index.md"].body
    race = body[body.index(">City Council, At-Large (7 seats)</h4>") :]
    race = race[: race.index("<h4")]
    assert '<p class="cc-limited">Vote for up to 5; 7 elected: the 7 with the most votes.</p>' in race
    assert body.count('class="cc-limited"') == 1  # the Commissioners' race gives no votes for each voter
    words = " ".join(re.sub(r"<[^>]+>", " ", race).split())
    assert "Kendra Brooks WFP Won 83,616" in words
    assert words.count(" Won ") == 7 and words.count(" Lost ") == 2
    pittsburgh = pages["pa/pittsburgh/index.md"].body
    assert ">Democratic primary for City Controller</h4>" in pittsburgh
    assert "cc-limited" not in pittsburgh


# --- refusals ------------------------------------------------------------------------------------------


def test_votes_for_each_voter_above_the_seats_are_refused_with_the_line(imported: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    for path in (imported / "cities").rglob("*.yml"):
        (root / path.relative_to(imported)).parent.mkdir(parents=True, exist_ok=True)
        (root / path.relative_to(imported)).write_bytes(path.read_bytes())
    city = root / "cities/pa/philadelphia.yml"
    text = city.read_text(encoding="utf-8").replace("        votes_allowed: 5\n", "        votes_allowed: 8\n")
    city.write_text(text, encoding="utf-8")
    line = text.splitlines().index("        votes_allowed: 8") + 1
    _, problems = validate_directory(root, dt.date(2026, 12, 1))
    found = [p for p in errors(problems) if p.field.endswith("votes_allowed")]
    assert [(p.path, p.line, p.code, p.message) for p in found] == [
        (
            "cities/pa/philadelphia.yml",
            line,
            Code.OUT_OF_RANGE,
            "each voter may vote for 8 candidates in a race filling 7 seats",
        )
    ]


def test_a_primary_row_without_a_party_is_refused_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "in" / PITTSBURGH_PRIMARY.name
    bad.parent.mkdir()
    lines = PITTSBURGH_PRIMARY.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",DEM,", ",,")
    bad.write_text("".join(lines), encoding="utf-8")
    result = run_import("openelections", tmp_path / "root", bad)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {bad.as_posix()}:3: party: the row gives no party, and a race of a Pennsylvania primary is a "
        "party's: whose primary it is cannot be told\n"
    )
    assert not (tmp_path / "root").exists()


def test_a_county_without_a_known_official_source_is_refused_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "in" / PITTSBURGH_GENERAL.name
    bad.parent.mkdir()
    lines = PITTSBURGH_GENERAL.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace("Allegheny,", "Beaver,")
    bad.write_text("".join(lines), encoding="utf-8")
    result = run_import("openelections", tmp_path / "root", bad)
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {bad.as_posix()}:5: county: no official source is known for the results of Beaver in this file"
    )
    assert not (tmp_path / "root").exists()


ENTRY = "offices:\n  - state: pa\n    county: Philadelphia\n    text: Council At-large\n    city: Philadelphia\n"


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (
            ENTRY + "    office: City Council\n    seats: 7\n    votes_allowed: 7\n"
            f"    source:\n      url: {CHARTER}\n      title: Charter\n",
            ":8: `votes_allowed:` is how many candidates each voter may vote for, a whole number from 1 to one "
            "less than `seats:` (7)",
        ),
        (
            ENTRY + "    office: City Council\n    seats: 7\n    votes_allowed: 5\n",
            ":2: an entry with `votes_allowed:` needs `source:`, the law or ballot that says it",
        ),
        (
            ENTRY + "    office: City Council\n    seats: 7\n    votes_allowed: 5\n    source: the charter\n",
            ":9: `source:` is a citation with `url:` (https), `title:` and `publisher:`",
        ),
        (
            "offices:\n  - state: pa\n    county: Philadelphia\n    text: Mayor\n    skip: x\n    seats: 2\n",
            ":2: an entry",
        ),
    ],
)
def test_a_bad_mapping_entry_is_refused_with_its_line(tmp_path: Path, mapping: str, message: str) -> None:
    path = tmp_path / "offices.yml"
    path.write_text(mapping, encoding="utf-8")
    result = run_import("openelections", tmp_path / "root", PHILADELPHIA, extra=("--offices", path))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path.as_posix()}{message}")
    assert not (tmp_path / "root").exists()


def test_an_entry_of_one_county_reads_only_that_countys_rows() -> None:
    mapping = load_mapping()
    office = read_office("Mayor", "pa", mapping, "Philadelphia")
    assert isinstance(office, Office)
    assert (office.city.name, office.office) == ("Philadelphia", "Mayor")
    assert not isinstance(read_office("Mayor", "pa", mapping, "Erie"), Office)
    at_large = read_office("Council At-large", "pa", mapping, "PHILADELPHIA")
    assert isinstance(at_large, Office)
    assert (at_large.office, at_large.district, at_large.seats, at_large.votes_allowed) == (
        "City Council",
        "At-Large",
        7,
        5,
    )


# --- the real folder ---------------------------------------------------------------------------------


def _expected(path: Path) -> dict[tuple[str, str], dict[str, int]]:
    """Each race's votes by candidate and the write-ins, read from the file without the importer; in a general
    file each row's votes are checked to be its election-day, mail and provisional votes."""
    races: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["office"] in ("Registered Voters", "Ballots Cast"):
                continue
            if row["election_day"]:
                parts = int(row["election_day"]) + int(row["mail"]) + int(row["provisional"])
                assert int(row["votes"]) == parts, row
            races[(row["office"], row["district"])][row["candidate"]] = int(row["votes"])
    return races


@pytest.mark.skipif(not REAL.is_dir(), reason=f"the real OpenElections files are not at {REAL}")
def test_the_real_pennsylvania_2023_files(tmp_path: Path) -> None:
    files = sorted(REAL.glob("*.csv"))
    assert len(files) == 3
    result = run_import("openelections", tmp_path, *files)
    assert result.exit_code == 0, result.output
    assert "unread office" not in result.output
    counts: dict[str, tuple[int, int, int]] = {}
    for city in ("philadelphia", "pittsburgh"):
        data, _ = load_file(tmp_path / f"cities/pa/{city}.yml", city)
        assert data is not None
        races = sum(len(election["offices"]) for election in data["elections"])
        candidacies = elected = 0
        for record in (tmp_path / f"candidates/pa/{city}").glob("*.yml"):
            text = read(tmp_path, record.relative_to(tmp_path).as_posix())
            candidacies += text.count("  - election: ")
            elected += text.count("    status: won\n")
        counts[city] = (races, candidacies, elected)
    # Philadelphia: Mayor, City Commissioner, City Controller, the at-large race and ten districts.
    assert counts["philadelphia"] == (14, 28, 22)
    # Pittsburgh 2023: the primary's and the general's Controller and five districts.
    assert counts["pittsburgh"] == (12, 19, 12)
    # Every candidate's votes are the file's, and the winners are the top N of each race.
    seats = {("Council At-large", ""): 7, ("City Commissioner", ""): 3}
    philadelphia = _expected(REAL / "20231107__pa__general__county.philadelphia-excerpt.csv")
    statuses: dict[int, str] = {}
    for (office, district), votes in philadelphia.items():
        people = sorted((n for n in votes if n != "Write-ins"), key=lambda n: -votes[n])
        top = seats.get((office, district), 1)
        for rank, name in enumerate(people):
            statuses[votes[name]] = "won" if rank < top else "lost"
    found = 0
    for record in (tmp_path / "candidates/pa/philadelphia").glob("*.yml"):
        for status, votes in re.findall(
            r"    status: (\w+)\n(?:    party: .*\n)?    votes: (\d+)\n", record.read_text()
        ):
            assert statuses[int(votes)] == status, record.name
            found += 1
    assert found == len(statuses) == 28
    brooks = read(tmp_path, "candidates/pa/philadelphia/kendra-brooks.yml")
    assert "    status: won\n    party: WFP\n    votes: 83616\n" in brooks
    _, problems = validate_directory(tmp_path, dt.date(2026, 12, 1))
    assert errors(problems) == []
