"""`site-builder import nyc-rcv`: New York City's certified rounds made into each party's primary, every file
accounted for, every round checked against the report read again independently."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from record_changes import load, run_import, snapshot

from site_builder.directory.build import build_directory
from site_builder.records.validate import validate_directory
from site_builder.site.pages import Settings, build_pages

FIXTURES = Path(__file__).parent / "fixtures" / "nyc-rcv"
D22 = FIXTURES / "nyc2021_dem_council_queens_district22.txt"
D22_BRONX = FIXTURES / "nyc2021_dem_council_bronx_district22.txt"
D9 = FIXTURES / "nyc2021_dem_council_newyork_district9.txt"
REP_MAYOR = FIXTURES / "nyc2021_rep_mayor_citywide.txt"
BOROUGH = FIXTURES / "nyc2021_rep_boroughpresident_richmond.txt"
ALL = [D22, D22_BRONX, D9, REP_MAYOR, BOROUGH]
ARCHIVE = (
    "https://github.com/jordanholbrook/archive/blob/da02d3d862cc1922127dc405ae2f5a2bcd66a509/"
    "rcv_pipeline/data/source_data/NYC/"
)
REPORTS = "https://www.vote.nyc/sites/default/files/pdf/election_results/2021/20210622Primary%20Election/rcv/"
REAL = Path(__file__).resolve().parents[2] / "shared" / "data-sources" / "rcv-archive" / "NYC"
CITY = "cities/ny/new-york.yml"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("nyc")
    result = run_import("nyc-rcv", root, *ALL)
    assert result.exit_code == 0, result.output
    return root, result.output


def election(root: Path, party: str) -> dict[str, Any]:
    return next(e for e in load(root, CITY)["elections"] if e.get("party") == party)


def race(root: Path, party: str, office: str, district: str | None = None) -> dict[str, Any]:
    offices = election(root, party)["offices"]
    return next(o for o in offices if o["office"] == office and o.get("district") == district)


# --- the report read again, independently of the importer ------------------------------------------


def report(path: Path) -> dict[str, Any]:
    """A report's numbers by its own simple rules: the `Round N` header gives k rounds; a row's votes of round 1
    are its second cell and of round r its cell 3(r-1)+1, an empty cell none; the winners end with `*`."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    header = next(row for row in rows if len(row) > 1 and row[1].strip() == "Round 1")
    k = sum(1 for cell in header if cell.strip().startswith("Round "))
    start = next(i for i, row in enumerate(rows) if row[0] == "Votes in this round") + 1
    end = next(i for i, row in enumerate(rows) if row[0] == "Inactive ballots")
    elected = next(row for row in rows if row[0] == "Elected")

    def votes(row: list[str], r: int) -> int:
        column = 1 if r == 1 else 3 * (r - 1) + 1
        cell = row[column].strip() if column < len(row) else ""
        return int(cell.replace(",", "")) if cell else 0

    candidates, write_ins = {}, [0] * k
    for row in rows[start:end]:
        if row[0].lower().startswith("write"):
            write_ins = [votes(row, r) for r in range(1, k + 1)]
        else:
            candidates[row[0].strip()] = [votes(row, r) for r in range(1, k + 1)]
    return {
        "rounds": k,
        "candidates": candidates,
        "write_ins": write_ins,
        "inactive": [votes(rows[end], r) for r in range(1, k + 1)],
        "winners": [cell.strip().rstrip("*") for cell in elected[1:] if cell.strip().endswith("*")],
        "contest": next(row[1] for row in rows if row[0] == "Contest:"),
    }


_CANDIDACIES: dict[Path, list[tuple[str, dict[str, Any]]]] = {}


def candidacies(root: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every candidacy of the New York records under ``root``, with its candidate's record name (read once)."""
    if root not in _CANDIDACIES:
        folder = root / "candidates" / "ny" / "new-york"
        _CANDIDACIES[root] = [
            (path.stem, candidacy)
            for path in sorted(folder.glob("*.yml"))
            for candidacy in yaml.safe_load(path.read_text(encoding="utf-8"))["candidacies"]
        ]
    return _CANDIDACIES[root]


def recorded_rounds(root: Path, office: dict[str, Any], election_id: str) -> list[dict[str, Any]]:
    """Each round as the records hold it: the candidates' votes (by record), the write-ins and the exhausted."""
    first: dict[str, int] = {}
    for stem, candidacy in candidacies(root):
        if (candidacy["election"], candidacy["office"], candidacy.get("district")) == (
            election_id,
            office["office"],
            office.get("district"),
        ):
            first[stem] = candidacy["votes"]
    rounds = [{"counts": first, "write_ins": office.get("write_ins", 0), "exhausted": office.get("exhausted", 0)}]
    for counted in office.get("rounds", []):
        counts = {c["candidate"]: c["votes"] for c in counted["counts"]}
        rounds.append({"counts": counts, "write_ins": counted.get("write_ins", 0), "exhausted": counted["exhausted"]})
    return rounds


def assert_same_as_report(root: Path, path: Path, party: str, office: str, district: str | None) -> None:
    numbers = report(path)
    found = race(root, party, office, district)
    rounds = recorded_rounds(root, found, f"2021-06-22-primary-{party.lower()}")
    assert len(rounds) == numbers["rounds"]
    total = None
    for r, counted in enumerate(rounds):
        continuing = sorted(v for v in counted["counts"].values() if v)
        assert continuing == sorted(v[r] for v in numbers["candidates"].values() if v[r])
        assert counted["write_ins"] == numbers["write_ins"][r]
        assert counted["exhausted"] == numbers["inactive"][r]
        added = sum(counted["counts"].values()) + counted["write_ins"] + counted["exhausted"]
        total = total or added
        assert added == total, f"round {r + 1} of {path.name} does not add up"
    slugs = {re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"): name for name in numbers["candidates"]}
    won = [
        slugs[stem]
        for stem, c in candidacies(root)
        if c["office"] == office and c.get("district") == district and c["election"].endswith(party.lower())
        if c["status"] == "won"
    ]
    assert won == numbers["winners"]


# --- the fixture: accounted for, exactly ------------------------------------------------------------


def test_every_file_is_accounted_for_by_its_contest_line(imported: tuple[Path, str]) -> None:
    _, output = imported
    lines = [line for line in output.splitlines() if line.startswith("review: ") and "uncertain match" not in line]
    assert lines[:3] == [
        f"review: {D22_BRONX.as_posix()}: repeat: `DEM Council Member 22nd Council District` is read from "
        f"{D22.as_posix()}",
        f"review: {BOROUGH.as_posix()}: outside the directory: REP Borough President Richmond: a Borough President "
        "is elected by the borough (Richmond County), not by the city",
        "review: files: 5 given, 3 imported, 1 repeats, 1 outside the directory, 0 in a layout not recognised",
    ]
    assert "review: read 3 races (2021: 3); 14 rounds in 2 races; 21 candidates; 21 candidacies" in output


def test_each_party_primary_is_an_election_of_its_own(imported: tuple[Path, str]) -> None:
    root, _ = imported
    city = load(root, CITY)
    assert [(e["date"], e["kind"], e["party"]) for e in city["elections"]] == [
        (dt.date(2021, 6, 22), "primary", "Democratic"),
        (dt.date(2021, 6, 22), "primary", "Republican"),
    ]
    assert election(root, "Republican")["sources"] == [
        {
            "url": "https://github.com/jordanholbrook/archive/tree/da02d3d862cc1922127dc405ae2f5a2bcd66a509/"
            "rcv_pipeline/data/source_data/NYC",
            "title": "New York City's 2021 primaries: the Board of Elections' certified ranked-choice rounds, as text",
            "publisher": "jordanholbrook/archive (GitHub)",
        }
    ]
    sliwa = load(root, "candidates/ny/new-york/curtis-a-sliwa.yml")
    assert sliwa["candidacies"] == [
        {
            "election": "2021-06-22-primary-republican",
            "office": "Mayor",
            "status": "won",
            "party": "Republican",
            "votes": 40794,
            "source": {
                "url": ARCHIVE + "nyc2021_rep_mayor_citywide.txt",
                "title": "2021 New York City Republican primary for Mayor: certified ranked-choice rounds, as text "
                "from the Board of Elections",
                "publisher": "jordanholbrook/archive (GitHub)",
            },
        }
    ]
    assert race(root, "Republican", "Mayor") == {
        "office": "Mayor",
        "write_ins": 2536,
        "source": {
            "url": REPORTS + "REP%20Mayor%20Citywide.pdf",
            "title": "2021 Primary: official ranked choice rounds, REP Mayor Citywide",
            "publisher": "Board of Elections in the City of New York",
        },
    }


def test_district_22_exactly_with_four_eliminated_in_one_round(imported: tuple[Path, str]) -> None:
    root, _ = imported
    assert race(root, "Democratic", "City Council", "District 22") == {
        "office": "City Council",
        "district": "District 22",
        "write_ins": 30,
        "rounds": [
            {
                "round": 2,
                "write_ins": 0,
                "exhausted": 17,
                "counts": [
                    {"candidate": "tiffany-caban", "votes": 7936},
                    {"candidate": "evie-hantzopoulos", "votes": 4177},
                    {"candidate": "john-j-ciafone", "votes": 1622},
                    {"candidate": "leonardo-t-bullaro", "votes": 1221},
                    {"candidate": "catherina-gioino", "votes": 804},
                    {"candidate": "nick-velkov", "votes": 463},
                ],
            },
            {
                "round": 3,
                "write_ins": 0,
                "exhausted": 1728,
                "counts": [
                    {"candidate": "tiffany-caban", "votes": 9088, "outcome": "elected"},
                    {"candidate": "evie-hantzopoulos", "votes": 5424},
                    {"candidate": "catherina-gioino", "votes": 0, "outcome": "defeated"},
                    {"candidate": "john-j-ciafone", "votes": 0, "outcome": "defeated"},
                    {"candidate": "leonardo-t-bullaro", "votes": 0, "outcome": "defeated"},
                    {"candidate": "nick-velkov", "votes": 0, "outcome": "defeated"},
                ],
            },
        ],
        "source": {
            "url": REPORTS + "DEM%20Council%20Member%2022nd%20Council%20District.pdf",
            "title": "2021 Primary: official ranked choice rounds, DEM Council Member 22nd Council District",
            "publisher": "Board of Elections in the City of New York",
        },
    }
    caban = load(root, "candidates/ny/new-york/tiffany-caban.yml")
    assert caban["candidacies"][0]["party"] == "Democratic"
    assert caban["candidacies"][0]["source"]["url"] == ARCHIVE + "nyc2021_dem_council_queens_district22.txt"


@pytest.mark.parametrize(
    ("path", "party", "office", "district"),
    [
        (D22, "Democratic", "City Council", "District 22"),
        (D9, "Democratic", "City Council", "District 9"),
        (REP_MAYOR, "Republican", "Mayor", None),
    ],
)
def test_every_round_is_the_reports(
    imported: tuple[Path, str], path: Path, party: str, office: str, district: str | None
) -> None:
    assert_same_as_report(imported[0], path, party, office, district)


def test_a_long_count_keeps_the_inactive_ballots_of_round_1(imported: tuple[Path, str]) -> None:
    root, _ = imported
    found = race(root, "Democratic", "City Council", "District 9")
    assert found["exhausted"] == 2469
    assert found["write_ins"] == 47
    assert [r["round"] for r in found["rounds"]] == list(range(2, 14))
    assert found["rounds"][-1]["exhausted"] == 10142


def test_the_imported_records_validate_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    assert run_import("nyc-rcv", tmp_path, *ALL).exit_code == 0
    _, problems = validate_directory(tmp_path, dt.date(2026, 12, 1))
    assert problems == []
    before = snapshot(tmp_path)
    again = run_import("nyc-rcv", tmp_path, *ALL)
    assert again.exit_code == 0, again.output
    assert "0 added, 0 changed" in again.output
    assert snapshot(tmp_path) == before


def test_the_city_page_names_each_party_primary_and_reads_a_long_count(imported: tuple[Path, str]) -> None:
    root, _ = imported
    tables, problems = validate_directory(root, dt.date(2026, 12, 1))
    assert problems == []
    settings = Settings(repo_url="", site_url="https://example.org/cc/", today=dt.date(2026, 12, 1))
    page = next(p for p in build_pages(build_directory(tables), settings) if p.path == "ny/new-york/index.md")
    words = re.sub(r" ([,.;])", r"\1", " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.body)).split()))
    assert "June 22, 2021: Democratic primary" in words
    assert "June 22, 2021: Republican primary" in words
    # A day's party primaries, the one with the most votes cast first: here the Republican one, whose citywide
    # mayoral count is larger than the two Democratic council districts together.
    assert words.index("June 22, 2021: Republican primary") < words.index("June 22, 2021: Democratic primary")
    assert (
        'id="2021-06-22-primary-democratic-city-council-district-9">Democratic primary for City Council, District 9'
        in (page.body)
    )
    assert ">Republican primary for Mayor</h4>" in page.body
    district_9 = words[words.index("Democratic primary for City Council, District 9") :]
    assert district_9.startswith(
        "Democratic primary for City Council, District 9 Final round (round 13): votes and share of the votes still "
        "counted Candidate Votes Share Kristin Richardson Jordan Elected 9,034 50.3% Bill Perkins 8,920 49.7% "
        "Exhausted ballots 10,142"
    )
    assert (
        "Athena Moore 2,799 2,803 2,847 2,944 3,000 3,158 3,369 3,542 3,822 4,146 4,746 5,796 Eliminated in round 13"
        in (district_9)
    )
    assert "Exhausted ballots 2,469 2,493 2,561" in district_9
    assert "Write-ins 47 0 0" in district_9
    district_22 = words[words.index("Democratic primary for City Council, District 22") :]
    assert (
        "Round 3: elected Tiffany Caban; defeated Catherina Gioino, John J. Ciafone, Leonardo T. Bullaro, Nick Velkov."
        in (district_22)
    )
    assert REPORTS + "DEM%20Council%20Member%2022nd%20Council%20District.pdf" in page.body


# --- refusals and files not recognised --------------------------------------------------------------


def _copy(tmp_path: Path, *files: Path) -> Path:
    folder = tmp_path / "NYC"
    folder.mkdir()
    shutil.copy(FIXTURES / "Source_Metadata.csv", folder)
    for path in files:
        shutil.copy(path, folder)
    return folder


def test_an_rtf_document_and_an_unknown_party_are_listed_as_not_recognised(tmp_path: Path) -> None:
    folder = _copy(tmp_path, D22)
    (folder / "NYC_dem_mayor_062021.rtf").write_text("{\\rtf1\\ansi\\ansicpg1252\n}\n", encoding="utf-8")
    (folder / "nyc2021_wfp_mayor.txt").write_text(
        D22.read_text(encoding="utf-8").replace("Contest:\tDEM ", "Contest:\tWFP "), encoding="utf-8"
    )
    files = [*sorted(folder.glob("*.txt")), folder / "NYC_dem_mayor_062021.rtf"]
    root = tmp_path / "records"
    result = run_import("nyc-rcv", root, *files)
    assert result.exit_code == 0, result.output
    assert (
        f"review: {(folder / 'nyc2021_wfp_mayor.txt').as_posix()}: layout not recognised: the party label `WFP` is "
        "not one of DEM, REP, CON"
    ) in result.output
    assert (
        f"review: {(folder / 'NYC_dem_mayor_062021.rtf').as_posix()}: layout not recognised: an RTF document, not the "
        "text of a report"
    ) in result.output
    assert (
        "files: 3 given, 1 imported, 0 repeats, 0 outside the directory, 2 in a layout not recognised" in result.output
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "Tiffany Caban\t7,934\t48.9%\t2\t7,936",
            "Tiffany Caban\t7,934\t48.9%\t2\t7,937",
            ":20: the row of `Tiffany Caban` does not add up in round 2: 7934 and 2 are not 7937",
        ),
        (
            "Nick Velkov\t463\t2.9%\t\t463",
            "Nick Velkov\t463\t2.9%\t\t4x3",
            ":25: the row of `Nick Velkov`: `4x3` is not a whole number",
        ),
        (
            "Nick Velkov; Catherina",
            "Nick Velkoff; Catherina",
            ":17: `Nick Velkoff` is not the name of a candidate in the table",
        ),
        (
            "; John J. Ciafone**",
            "",
            ":17: John J. Ciafone's votes are transferred in round 3, but the round eliminates nobody so",
        ),
        (
            "Inactive ballots\t\t \t17\t17",
            "Inactive ballots\t\t \t17\t18",
            ":27: the row of `Inactive ballots` does not add up in round 2",
        ),
        (
            "with 9,088 of the votes",
            "with 9,089 of the votes",
            ":13: the report names Tiffany Caban the winner with 9089 votes; its table does not",
        ),
        ("Tiffany Caban\t7,934", "Tiffany\u202eCaban\t7,934", ":20: the name `Tiffany\\u202eCaban`"),
        ("Round 3\n", "Round 4\n", ":16: the rounds' header is not `Round 1`, `Round 2` ... in order"),
    ],
)
def test_bad_input_is_refused_at_its_line_and_nothing_is_written(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    folder = _copy(tmp_path)
    text = D22.read_text(encoding="utf-8")
    assert old in text
    bad = folder / D22.name
    bad.write_text(text.replace(old, new), encoding="utf-8")
    root = tmp_path / "records"
    result = run_import("nyc-rcv", root, bad)
    assert result.exit_code == 1
    assert f"Error: {bad.as_posix()}{message}" in result.output
    assert not root.exists() or snapshot(root) == {}


def test_two_reports_of_one_contest_with_other_counts_are_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path, D22)
    other = folder / D22_BRONX.name
    other.write_text(
        D22_BRONX.read_text(encoding="utf-8").replace(
            "Nick Velkov\t463\t2.9%\t\t463", "Nick Velkov\t463\t2.9%\t1\t464"
        ),
        encoding="utf-8",
    )
    result = run_import("nyc-rcv", tmp_path / "records", folder / D22.name, other)
    assert result.exit_code == 1
    assert "the contest `DEM Council Member 22nd Council District` is also in" in result.output
    assert "with other counts" in result.output


def test_a_contest_without_its_official_report_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path, D22)
    metadata = folder / "Source_Metadata.csv"
    metadata.write_text(
        "".join(line for line in metadata.read_text(encoding="utf-8").splitlines(keepends=True) if "22nd" not in line),
        encoding="utf-8",
    )
    result = run_import("nyc-rcv", tmp_path / "records", folder / D22.name)
    assert result.exit_code == 1
    assert f"{(folder / D22.name).as_posix()}:10: Source_Metadata.csv gives no official report for" in result.output


# --- the real folder --------------------------------------------------------------------------------


@pytest.mark.slow  # imports every real report of the dataset
@pytest.mark.skipif(not REAL.is_dir(), reason="the real New York City reports are not on this machine")
def test_the_real_folder_every_round_adds_up_and_the_winners_are_the_reports(tmp_path: Path) -> None:
    files = sorted(REAL.iterdir())
    result = run_import("nyc-rcv", tmp_path, *files)
    assert result.exit_code == 0, result.output
    assert "files: 72 given, 57 imported, 4 repeats, 6 outside the directory, 5 in a layout not recognised" in (
        result.output
    )
    for repeat in ("bronx_district22", "kings_district34", "bronx_district8", "democraticmyoralprimary"):
        assert sum(repeat in line and ": repeat: " in line for line in result.output.splitlines()) <= 1
    assert result.output.count(": repeat: ") == 4
    _, problems = validate_directory(tmp_path, dt.date(2026, 12, 1))
    assert problems == []
    contests = 0
    seen: set[str] = set()
    for path in files:
        if path.suffix != ".txt":
            continue
        numbers = report(path)
        match = re.fullmatch(r"(DEM|REP|CON) (.+)", numbers["contest"].strip())
        assert match
        if "Borough President" in match[2] or numbers["contest"] in seen:
            continue
        seen.add(numbers["contest"])
        party = {"DEM": "Democratic", "REP": "Republican", "CON": "Conservative"}[match[1]]
        council = re.fullmatch(r"Council Member ([0-9]+)\D+ Council District", match[2])
        if council:
            office, district = "City Council", f"District {council[1]}"
        else:
            office, district = match[2].removesuffix(" Citywide"), None
        assert_same_as_report(tmp_path, path, party, office, district)
        contests += 1
    assert contests == 57
    mayor = race(tmp_path, "Democratic", "Mayor")
    rounds = recorded_rounds(tmp_path, mayor, "2021-06-22-primary-democratic")
    assert {k: rounds[0]["counts"][k] for k in ("eric-l-adams", "maya-d-wiley", "kathryn-a-garcia")} == {
        "eric-l-adams": 289403,
        "maya-d-wiley": 201127,
        "kathryn-a-garcia": 184463,
    }
    final = rounds[-1]
    assert {k: v for k, v in final["counts"].items() if v} == {"eric-l-adams": 404513, "kathryn-a-garcia": 397316}
    assert final["exhausted"] == 140202
    assert race(tmp_path, "Democratic", "Comptroller")["source"]["url"] == (
        REPORTS + "DEM%20City%20Comptroller%20Citywide.pdf"
    )
