"""`site-builder import minneapolis-rcv`: real tabulations made into exact records, checked number by number."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from record_changes import load, run_import, snapshot

from site_builder.adapters.cli import main
from site_builder.records.problems import errors
from site_builder.records.validate import validate_directory

FIXTURES = Path(__file__).parent / "fixtures" / "minneapolis-rcv"
MAYOR = FIXTURES / "2017-Mayor-Results-Summary.txt"
WARD_1 = FIXTURES / "2017-Ward-1-Results-Summary.txt"
WARD_3 = FIXTURES / "2017-Ward-3-Results-Summary.txt"
WARD_2 = FIXTURES / "mpls_2017_council_ward_02.txt"
ALL = [MAYOR, WARD_1, WARD_2, WARD_3]
ARCHIVE = (
    "https://github.com/jordanholbrook/archive/blob/da02d3d862cc1922127dc405ae2f5a2bcd66a509/"
    "rcv_pipeline/data/source_data/Minneapolis/"
)
REAL = Path("/work/shared/data-sources/rcv-minneapolis")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rcv")
    result = run_import("minneapolis-rcv", root, *ALL)
    assert result.exit_code == 0, result.output
    return root


def race(root: Path, office: str, district: str | None = None) -> dict[str, Any]:
    election = next(
        e for e in load(root, "cities/mn/minneapolis.yml")["elections"] if e["date"] == dt.date(2017, 11, 7)
    )
    return next(o for o in election["offices"] if o["office"] == office and o.get("district") == district)


# --- the tabulation read again, independently of the importer -------------------------------------


def tabulation(path: Path) -> dict[str, Any]:
    """The numbers of a tabulation summary, read by its own simple rules: the value after each label;
    a candidate's row is its name, then the first choices, then a change and a total a round (one `-`
    for a last round without transfers), then the final percentage."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    value = {label: int(float(lines[lines.index(label) + 1])) for label in ("Threshold:", "Undervotes:")}
    rounds = max(int(m[1]) for line in lines if (m := re.fullmatch(r"Round (\d+)", line)))
    elected = next(line for line in lines if line.startswith("Elected:")).split(":")[1].strip(" ;")
    rows: dict[str, list[int | None]] = {}
    start = next(i for i, line in enumerate(lines) if line == "rounding") + 1
    i = start
    while "Exhausted" not in rows:
        name, values = lines[i], []
        i += 1
        while not lines[i].endswith("%"):
            values.append(lines[i])
            i += 1
        i += 1
        totals: list[int | None] = [None if values[0] == "-" else int(values[0])]
        totals += [int(v) for v in values[2::2]]
        if values[-1] == "-":
            totals.append(totals[-1])
        assert len(totals) == rounds, name
        rows[name] = totals
    return {**value, "rows": rows, "rounds": rounds, "elected": elected}


@pytest.mark.parametrize(
    ("path", "office", "district"),
    [(MAYOR, "Mayor", None), (WARD_1, "City Council", "Ward 1"), (WARD_3, "City Council", "Ward 3")],
    ids=["mayor", "ward-1", "ward-3"],
)
def test_every_number_is_the_tabulations(imported: Path, path: Path, office: str, district: str | None) -> None:
    expected = tabulation(path)
    item = race(imported, office, district)
    assert item["threshold"] == expected["Threshold:"]
    assert item["undervotes"] == expected["Undervotes:"]
    rows = dict(expected["rows"])
    exhausted, write_ins = rows.pop("Exhausted"), rows.pop("Undeclared Write-ins")
    assert item["write_ins"] == write_ins[0]
    people = {}
    for path_ in sorted((imported / "candidates/mn/minneapolis").glob("*.yml")):
        record = load(imported, path_.relative_to(imported).as_posix())
        for candidacy in record["candidacies"]:
            if candidacy["office"] == office and candidacy.get("district") == district:
                people[record["name"]] = (path_.stem, candidacy)
    assert set(people) == set(rows)
    for name, totals in rows.items():
        assert people[name][1]["votes"] == totals[0], name
    assert [r["round"] for r in item["rounds"]] == list(range(2, expected["rounds"] + 1))
    out: set[str] = set()
    for number, counted in enumerate(item["rounds"], start=1):
        assert counted["exhausted"] == exhausted[number]
        assert counted["write_ins"] == write_ins[number]
        counts = {c["candidate"]: c for c in counted["counts"]}
        for name, totals in rows.items():
            slug = people[name][0]
            if slug in out:
                assert slug not in counts, (name, number + 1)
            else:
                assert counts[slug]["votes"] == totals[number], (name, number + 1)
        out |= {slug for slug, c in counts.items() if c.get("outcome")}
    winners = [c["candidate"] for c in item["rounds"][-1]["counts"] if c.get("outcome") == "elected"]
    assert winners == [people[n][0] for n in people if n.split()[-1] == expected["elected"]]
    assert [n for n, (_, c) in people.items() if c["status"] == "won"] == [
        n for n in people if n.split()[-1] == expected["elected"]
    ]


# --- exact records -----------------------------------------------------------------------------------


def test_ward_1_exactly(imported: Path) -> None:
    official = "https://vote.minneapolismn.gov/results-data/election-results/2017/council-ward-1/"
    assert race(imported, "City Council", "Ward 1") == {
        "office": "City Council",
        "district": "Ward 1",
        "write_ins": 20,
        "undervotes": 130,
        "threshold": 4368,
        "rounds": [
            {
                "round": 2,
                "write_ins": 0,
                "exhausted": 326,
                "counts": [
                    {"candidate": "kevin-reich", "votes": 4296},
                    {"candidate": "jillia-pessenda", "votes": 4112},
                    {"candidate": "john-hayden", "votes": 0, "outcome": "defeated"},
                ],
            },
            {
                "round": 3,
                "write_ins": 0,
                "exhausted": 326,
                "counts": [
                    {"candidate": "kevin-reich", "votes": 4296, "outcome": "elected"},
                    {"candidate": "jillia-pessenda", "votes": 4112, "outcome": "defeated"},
                ],
            },
        ],
        "source": {
            "url": official,
            "title": "2017 election results: City Council, Ward 1",
            "publisher": "City of Minneapolis",
        },
    }


def test_the_election_day_comes_from_the_file_that_gives_it(imported: Path) -> None:
    city = load(imported, "cities/mn/minneapolis.yml")
    assert [(e["date"], e["kind"], e["voting_method"]) for e in city["elections"]] == [
        (dt.date(2017, 11, 7), "general", "ranked-choice")
    ]
    assert race(imported, "City Council", "Ward 2") == {
        "office": "City Council",
        "district": "Ward 2",
        "write_ins": 166,
        "ballots": 7034,
        "threshold": 3518,
        "source": {
            "url": "https://vote.minneapolismn.gov/results-data/election-results/2017/council-ward-2/",
            "title": "2017 election results: City Council, Ward 2",
            "publisher": "City of Minneapolis",
        },
    }


def test_a_candidate_record_exactly(imported: Path) -> None:
    tabulation = f"{ARCHIVE}2017-Ward-3-Results-Summary.txt"
    title = (
        "2017 Minneapolis City Council, Ward 3: official ranked-choice tabulation, as text from the City of Minneapolis"
    )
    assert (imported / "candidates/mn/minneapolis/samantha-pree-stinson.yml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../../schema/candidate.schema.json\n"
        "name: Samantha Pree-Stinson\n"
        "candidacies:\n"
        "  - election: 2017-11-07-general\n"
        "    office: City Council\n"
        "    district: Ward 3\n"
        "    status: lost\n"
        "    votes: 1007\n"
        "    source:\n"
        f"      url: >-\n        {tabulation}\n"
        f"      title: >-\n        {title[:-15]}\n        {title[-14:]}\n"
        "      publisher: jordanholbrook/archive (GitHub)\n"
        "sources:\n"
        f"  - url: >-\n      {tabulation}\n"
        f"    title: >-\n      {title[:-15]}\n      {title[-14:]}\n"
        "    publisher: jordanholbrook/archive (GitHub)\n"
        "  - url: >-\n      https://vote.minneapolismn.gov/results-data/election-results/2017/council-ward-3/\n"
        "    title: '2017 election results: City Council, Ward 3'\n"
        "    publisher: City of Minneapolis\n"
        "last_verified: 2026-12-01\n"
    )


def test_surnames_in_the_headers_are_matched_to_full_names(imported: Path) -> None:
    mayor = race(imported, "Mayor")
    defeated = [c["candidate"] for c in mayor["rounds"][0]["counts"] if c.get("outcome") == "defeated"]
    assert "christopher-robin-zimmerman" in defeated and "l-a-nik" in defeated and "nekima-levy-pounds" not in defeated
    assert [c["candidate"] for c in mayor["rounds"][1]["counts"] if c.get("outcome")] == ["nekima-levy-pounds"]
    assert len(defeated) == 13


def test_the_imported_records_validate_and_are_canonical(imported: Path) -> None:
    _, problems = validate_directory(imported, dt.date(2026, 12, 1))
    assert errors(problems) == [] and problems == []
    result = CliRunner().invoke(main, ["fmt", "--check", "--root", str(imported)])
    assert result.exit_code == 0, result.output


# --- idempotence, dry run, bad input -------------------------------------------------------------


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    assert run_import("minneapolis-rcv", tmp_path, *ALL).exit_code == 0
    before = snapshot(tmp_path)
    result = run_import("minneapolis-rcv", tmp_path, *ALL)
    assert result.exit_code == 0
    assert result.output.endswith("0 files written\n")
    assert snapshot(tmp_path) == before


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    result = run_import("minneapolis-rcv", tmp_path, *ALL, dry_run=True)
    assert result.exit_code == 0
    assert "add cities/mn/minneapolis.yml" in result.output
    assert "add candidates/mn/minneapolis/jacob-frey.yml" in result.output
    assert "review: read 4 races (2017: 4); 10 rounds in 3 races; 26 candidates; 26 candidacies" in result.output
    assert result.output.endswith("dry run: nothing written\n")
    assert snapshot(tmp_path) == {}


def test_the_seed_election_is_kept_beside_the_dated_one(tmp_path: Path) -> None:
    seed = "name: Minneapolis\nocd_id: ocd-division/country:us/state:mn/place:minneapolis\nelections:\n  - date: 2017\n"
    seed += "    voting_method: ranked-choice\n    sources:\n      - https://example.org/article\n"
    seed += "sources:\n  - https://example.org/article\nlast_verified: 2026-11-21\n"
    (tmp_path / "cities/mn").mkdir(parents=True)
    (tmp_path / "cities/mn/minneapolis.yml").write_text(seed, encoding="utf-8")
    assert run_import("minneapolis-rcv", tmp_path, WARD_2).exit_code == 0
    city = load(tmp_path, "cities/mn/minneapolis.yml")
    assert [e["date"] for e in city["elections"]] == [2017, dt.date(2017, 11, 7)]
    assert city["last_verified"] == dt.date(2026, 11, 21)


# --- matching people -------------------------------------------------------------------------------

FREYS = (
    "review: uncertain match in cities/mn/minneapolis.yml: `Jacob Frey` (candidates/mn/minneapolis/jacob-frey.yml) "
    "and `Jake Frey` (candidates/mn/minneapolis/jake-frey.yml) share a surname but not their given names; kept "
    "apart: if a source shows they are one person, merge the two records into one and list the other name in its "
    "`other_names:`, citing the sources of both; if they are two people, write `candidate: mn/minneapolis/jake-frey` "
    "under `not_same_person:` in candidates/mn/minneapolis/jacob-frey.yml, citing what shows it"
)


def jake_frey(root: Path, decision: str = "") -> Path:
    """A hand-written record under a name that shares only the surname with the tabulation's mayor."""
    path = root / "candidates/mn/minneapolis/jake-frey.yml"
    path.parent.mkdir(parents=True)
    path.write_text(
        "# yaml-language-server: $schema=../../../schema/candidate.schema.json\n"
        "name: Jake Frey\n" + decision + "sources:\n  - https://example.org/jake-frey\nlast_verified: 2026-11-21\n",
        encoding="utf-8",
    )
    return path


def test_a_name_that_shares_only_the_surname_is_kept_apart_and_reported(tmp_path: Path) -> None:
    path = jake_frey(tmp_path)
    before = path.read_bytes()
    result = run_import("minneapolis-rcv", tmp_path, MAYOR, WARD_2)  # the first-choice page gives the day
    assert result.exit_code == 0, result.output
    assert FREYS in result.output.splitlines()
    assert path.read_bytes() == before
    assert load(tmp_path, "candidates/mn/minneapolis/jacob-frey.yml")["name"] == "Jacob Frey"


def test_an_other_name_finds_the_merged_record_and_reports_no_match(tmp_path: Path) -> None:
    jake_frey(
        tmp_path,
        "other_names:\n  - name: Jacob Frey\n    sources:\n"
        f"      - {ARCHIVE}2017-Mayor-Results-Summary.txt\n      - https://example.org/jake-frey-is-jacob-frey\n",
    )
    result = run_import("minneapolis-rcv", tmp_path, *ALL)
    assert result.exit_code == 0, result.output
    assert FREYS not in result.output and "jacob-frey" not in result.output
    assert not (tmp_path / "candidates/mn/minneapolis/jacob-frey.yml").exists()
    record = load(tmp_path, "candidates/mn/minneapolis/jake-frey.yml")
    assert record["name"] == "Jake Frey"
    assert [(c["election"], c["office"], c["status"], c["votes"]) for c in record["candidacies"]] == [
        ("2017-11-07-general", "Mayor", "won", 26116)
    ]
    elected = [c for r in race(tmp_path, "Mayor")["rounds"] for c in r["counts"] if c.get("outcome") == "elected"]
    assert [c["candidate"] for c in elected] == ["jake-frey"]  # the rounds name the merged record
    _, problems = validate_directory(tmp_path, dt.date(2026, 12, 1))
    assert [p.as_text() for p in problems] == []
    again = run_import("minneapolis-rcv", tmp_path, *ALL)
    assert again.output.endswith("0 files written\n") and FREYS not in again.output


def test_a_not_the_same_person_decision_silences_the_match(tmp_path: Path) -> None:
    jake_frey(
        tmp_path,
        "not_same_person:\n  - candidate: mn/minneapolis/jacob-frey\n    sources:\n"
        "      - https://example.org/two-freys\n",
    )
    result = run_import("minneapolis-rcv", tmp_path, MAYOR, WARD_2)  # the first-choice page gives the day
    assert result.exit_code == 0, result.output
    assert FREYS not in result.output
    assert load(tmp_path, "candidates/mn/minneapolis/jacob-frey.yml")["name"] == "Jacob Frey"


def _bad(tmp_path: Path, name: str, content: bytes) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "Source_Metadata.csv", folder)
    path = folder / name
    path.write_bytes(content)
    return path


MAYOR_TEXT = MAYOR.read_bytes()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", ":1: the file is empty"),
        (b"  \n\n", ":1: the file is empty"),
        (MAYOR_TEXT.replace(b"Zimmerman", b"Zimmerm\xe9n"), ":18: the file is not valid UTF-8 (byte 0xe9)"),
        (
            MAYOR_TEXT[: MAYOR_TEXT.index(b"Jacob Frey")],
            ":169: the tabulation's title is missing: the file may be cut short",
        ),
        (
            MAYOR_TEXT[: MAYOR_TEXT.index(b"Jacob Frey")]
            + MAYOR_TEXT[MAYOR_TEXT.index(b"2017 Minneapolis Municipal") :],
            "the table ends before its `Exhausted` row: the file is cut short",
        ),
        (MAYOR_TEXT.replace(b"Defeated: Hoch", b"Defeated: Hochstetler"), ":24: `Hochstetler` fits no candidate"),
        (
            MAYOR_TEXT.replace(b"20125\n787\n20912", b"20125\n787\n20913"),
            "the row of `Tom Hoch` does not add up in round 2",
        ),
        (b"Hello\nworld\n", ":1: this is not a Minneapolis tabulation this importer can read"),
    ],
    ids=["empty", "blank", "not-utf8", "truncated", "cut-in-table", "unknown-surname", "misread", "other-text"],
)
def test_bad_input_is_refused_and_nothing_is_written(tmp_path: Path, content: bytes, message: str) -> None:
    path = _bad(tmp_path, "2017-Mayor-Results-Summary.txt", content)
    root = tmp_path / "root"
    root.mkdir()
    result = run_import("minneapolis-rcv", root, WARD_1, path)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path.as_posix()}:"), result.output
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert snapshot(root) == {}


def test_a_file_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    result = run_import("minneapolis-rcv", tmp_path, tmp_path / "missing.txt")
    assert result.exit_code == 1
    assert (
        result.output
        == f"Error: {(tmp_path / 'missing.txt').as_posix()}:1: the file cannot be read: No such file or directory\n"
    )


def test_a_race_without_its_official_address_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(WARD_1, folder)
    (folder / "Source_Metadata.csv").write_text("state,year,type,office,juris,dist,url\n", encoding="utf-8")
    result = run_import("minneapolis-rcv", tmp_path, folder / WARD_1.name)
    assert result.exit_code == 1
    assert "Source_Metadata.csv beside the file gives no official results address for this race" in result.output


def test_a_race_the_metadata_lists_without_a_file_is_recorded_with_its_official_results(tmp_path: Path) -> None:
    result = run_import("minneapolis-rcv", tmp_path, MAYOR, WARD_1, WARD_2)
    assert result.exit_code == 0, result.output
    assert (
        "review: no file holds the count of the 2017 race for City Council, Ward 3: recorded with its official "
        "results (https://vote.minneapolismn.gov/results-data/election-results/2017/council-ward-3/)"
    ) in result.output
    assert race(tmp_path, "City Council", "Ward 3") == {
        "office": "City Council",
        "district": "Ward 3",
        "source": {
            "url": "https://vote.minneapolismn.gov/results-data/election-results/2017/council-ward-3/",
            "title": "2017 election results: City Council, Ward 3",
            "publisher": "City of Minneapolis",
        },
    }
    assert result.output.count("no file holds the count") == 1
    _, problems = validate_directory(tmp_path, dt.date(2026, 12, 1))
    assert problems == []


def test_numbers_are_written_as_the_tabulation_counts_them() -> None:
    from site_builder.importers.minneapolis_rcv import number_text  # noqa: PLC0415

    assert [number_text(Decimal(v)) for v in ("48163.0000", "62.0000", "12.50", "0")] == ["48163", "62", "12.5", "0"]


@pytest.mark.skipif(not REAL.is_dir(), reason="the real Minneapolis files are not on this machine")
def test_the_real_files_of_2017_2021_and_2023(tmp_path: Path) -> None:
    files = sorted(
        p for p in REAL.glob("*.txt") if re.match(r"(2017|2021|mpls_2017|mpls_2021|Minneapolis_2023)", p.name)
    )
    result = run_import("minneapolis-rcv", tmp_path, *files)
    assert result.exit_code == 0, result.output
    assert "review: read 37 races (2017: 14, 2021: 14, 2023: 9)" in result.output
    assert "2017_ward_4_city_council.txt: the same race as" in result.output
    uncounted = re.findall(r"no file holds the count of the (\d{4}) race for City Council, Ward (\d+)", result.output)
    assert uncounted == [("2023", "6"), ("2023", "7"), ("2023", "8"), ("2023", "9")]
    _, problems = validate_directory(tmp_path, dt.date(2026, 12, 1))
    # The names of one seat that may be one person's stay apart, each pair warned of until a review settles it.
    assert [(p.path.rsplit("/", 1)[1], p.code.value, p.is_error) for p in problems] == [
        ("christopher-robin-crz-zimmerman.yml", "possibly-same-person", False),
        ("jeremiah-bey-ellison.yml", "possibly-same-person", False),
        ("philippe-m-cunningham.yml", "possibly-same-person", False),
        ("robin-wonsley.yml", "possibly-same-person", False),
    ]


# --- an election read in parts; hostile values ---------------------------------------------------

WARD_2_TEXT = WARD_2.read_bytes()
UNDATED = WARD_2_TEXT.replace(b"November 7, 2017\n", b"\n")
RECORDED = (
    "# yaml-language-server: $schema=../../schema/city.schema.json\n"
    "name: Minneapolis\nocd_id: ocd-division/country:us/state:mn/place:minneapolis\nelections:\n"
    "  - date: {day}\n    kind: general\n    voting_method: ranked-choice\n"
    "sources:\n  - https://example.org/minneapolis\nlast_verified: 2026-11-21\n"
)


def recorded(root: Path, day: str) -> Path:
    """A city record that holds the 2017 general election on ``day``."""
    path = root / "cities/mn/minneapolis.yml"
    path.parent.mkdir(parents=True)
    path.write_text(RECORDED.format(day=day), encoding="utf-8")
    return path


def test_a_file_without_the_day_joins_the_election_the_city_records(tmp_path: Path) -> None:
    undated = _bad(tmp_path, WARD_2.name, UNDATED)
    root = tmp_path / "root"
    recorded(root, "2017-11-07")
    result = run_import("minneapolis-rcv", root, undated, WARD_1)  # neither file gives the day
    assert result.exit_code == 0, result.output
    city = load(root, "cities/mn/minneapolis.yml")
    assert [(e["date"], e["kind"]) for e in city["elections"]] == [(dt.date(2017, 11, 7), "general")]
    offices = city["elections"][0]["offices"]
    assert [o.get("district") for o in offices if "rounds" in o or "ballots" in o] == ["Ward 1", "Ward 2"]
    assert [(o["office"], o.get("district")) for o in offices if set(o) <= {"office", "district", "source"}] == [
        ("City Council", "Ward 3"),
        ("Mayor", None),
    ]  # listed in the metadata beside the files, and in no file
    candidacies = load(root, "candidates/mn/minneapolis/cam-gordon.yml")["candidacies"]
    assert [(c["election"], c["district"], c["votes"]) for c in candidacies] == [("2017-11-07-general", "Ward 2", 5912)]
    _, problems = validate_directory(root, dt.date(2026, 12, 1))
    assert [p.as_text() for p in problems] == []


def test_a_file_without_the_day_of_an_unrecorded_election_stops_the_import(tmp_path: Path) -> None:
    undated = _bad(tmp_path, WARD_2.name, UNDATED)
    root = tmp_path / "root"
    recorded(root, "2017")  # a year, not a day
    before = snapshot(root)
    result = run_import("minneapolis-rcv", root, undated)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {undated.as_posix()}:3: the file does not give the day of the 2017 general election, no other "
        "file of the import does, and cities/mn/minneapolis.yml does not hold it: import it with a file that "
        "gives the day\n"
    )
    assert snapshot(root) == before


def test_a_day_other_than_the_recorded_one_stops_the_import(tmp_path: Path) -> None:
    root = tmp_path / "root"
    recorded(root, "2017-11-08")
    before = snapshot(root)
    result = run_import("minneapolis-rcv", root, WARD_2)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {WARD_2.as_posix()}:5: the election day 2017-11-07 differs from 2017-11-08, the day of the 2017 "
        "general election in cities/mn/minneapolis.yml\n"
    )
    assert snapshot(root) == before


CAM = b"Cam Gordon\t5,912\t97.27%\n"
HOCH = MAYOR_TEXT[MAYOR_TEXT.index(b"Tom Hoch\n") : MAYOR_TEXT.index(b"Troy Benjegerdes")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            WARD_2.name,
            WARD_2_TEXT.replace(b"Cam Gordon\t", "Cam \u202egordon\t".encode()),
            ":15: the name `Cam \\u202egordon`: U+202E (RIGHT-TO-LEFT OVERRIDE) is not allowed in a record",
        ),
        (
            WARD_2.name,
            WARD_2_TEXT.replace(b"Cam Gordon\t", b"Cam\x07Gordon\t"),
            ":15: the name `Cam\\u0007Gordon`: U+0007 (a control character) is not allowed in a record",
        ),
        (
            WARD_2.name,
            WARD_2_TEXT.replace(b"\t5,912", b"\t" + b"9" * 5000),
            ":15: the votes of `Cam Gordon`: 5000 digits, where a count has at most 12",
        ),
        (
            WARD_2.name,
            WARD_2_TEXT.replace(b"\t5,912", b"\t-5,912"),
            ":15: the votes of `Cam Gordon` in round 1: -5912 is below zero",
        ),
        (
            WARD_2.name,
            WARD_2_TEXT.replace(b"\t5,912", b"\t5,912.5"),
            ":15: the votes of `Cam Gordon`: `5,912.5` is not a whole number",
        ),
        (WARD_2.name, WARD_2_TEXT.replace(CAM, CAM + CAM), ":16: `Cam Gordon` has a second row in the table"),
        (
            MAYOR.name,
            MAYOR_TEXT.replace(b"20125\n787\n20912", b"9" * 5000 + b"\n787\n20912"),
            ":242: the row of `Tom Hoch`: 5000 digits, where a count has at most 12",
        ),
        (
            MAYOR.name,
            MAYOR_TEXT.replace(b"Tom Hoch", b"Tom\x1bHoch"),
            ":241: the name `Tom\\u001bHoch`: U+001B (a control character) is not allowed in a record",
        ),
        (
            MAYOR.name,
            MAYOR_TEXT.replace(HOCH, HOCH + HOCH),
            ":253: `Tom Hoch` has a second row in the table",
        ),
    ],
    ids=[
        "bidi",
        "control",
        "5000-digits",
        "negative",
        "fraction",
        "repeated",
        "mayor-digits",
        "mayor-control",
        "mayor-repeated",
    ],
)
def test_a_hostile_value_stops_the_import_at_its_line(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = _bad(tmp_path, name, content)
    root = tmp_path / "root"
    recorded(root, "2017-11-07")
    before = snapshot(root)
    result = run_import("minneapolis-rcv", root, path)
    assert result.exit_code == 1
    assert result.output == f"Error: {path.as_posix()}{message}\n"
    assert snapshot(root) == before
