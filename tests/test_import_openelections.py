"""`site-builder import openelections`: excerpts of the real results files made into exact records."""

from __future__ import annotations

import csv
import datetime as dt
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from record_changes import run_import, snapshot

from site_builder.adapters.cli import main
from site_builder.importers.offices import Office, Unread, load_mapping, read_office
from site_builder.records import names
from site_builder.records.problems import errors
from site_builder.records.schema import load_schema
from site_builder.records.validate import validate_directory

FIXTURES = Path(__file__).parent / "fixtures" / "openelections"
WA_2017_PRIMARY = FIXTURES / "20170801__wa__primary__county.csv"
WA_2017_GENERAL = FIXTURES / "20171107__wa__general__county.csv"
WA_2019_PRIMARY = FIXTURES / "20190806__wa__primary__county.csv"
WA_2019_GENERAL = FIXTURES / "20191105__wa__general__county.csv"
PA_2025_GENERAL = FIXTURES / "20251104__pa__general__allegheny__county.pittsburgh-excerpt.csv"
ALL = [WA_2017_PRIMARY, WA_2017_GENERAL, WA_2019_PRIMARY, WA_2019_GENERAL, PA_2025_GENERAL]
REAL_WA = Path("/work/shared/data-sources/openelections-wa")
WA = "https://github.com/openelections/openelections-data-wa/blob/6b4a278cf8f8737c4116d4d7838d386a728c487b"
PA = "https://github.com/openelections/openelections-data-pa/blob/8066d61c0f2a38d9edc33c9c05c7e3e11764d05a"


def read(root: Path, path: str) -> str:
    return (root / path).read_text(encoding="utf-8")


def body(root: Path, path: str) -> str:
    """A record's text below its first line, the editor schema modeline of its kind."""
    text = read(root, path)
    modeline = next(t.modeline for t in load_schema().record_tables if path.startswith(f"{t.folder}/")) + "\n"
    assert text.startswith(modeline), path
    return text.removeprefix(modeline)


def citation(url: str, title: str, indent: int) -> str:
    pad = " " * indent
    return (
        f"{pad}url: >-\n{pad}  {url}\n{pad}title: >-\n{pad}  {title}\n{pad}publisher: OpenElections\n"
        if len(title) > 80
        else f"{pad}url: >-\n{pad}  {url}\n{pad}title: {title}\n{pad}publisher: OpenElections\n"
    )


PA_URL = f"{PA}/2025/counties/20251104__pa__general__allegheny__county.csv"
PA_TITLE = "2025-11-04 general election results in Pennsylvania, from Allegheny County Elections"
WA_2017_GENERAL_URL = f"{WA}/2017/20171107__wa__general__county.csv"
WA_2017_GENERAL_TITLE = "2017-11-07 general election results in Washington, from the Washington Secretary of State"


# --- exact records ---------------------------------------------------------------------------------


def test_pittsburgh_city_record_with_write_ins_and_ballots(tmp_path: Path) -> None:
    result = run_import("openelections", tmp_path, PA_2025_GENERAL)
    assert result.exit_code == 0, result.output
    item = citation(PA_URL, PA_TITLE, 8)
    top = citation(PA_URL, PA_TITLE, 4)
    race_source = citation(PA_URL, PA_TITLE, 10)
    assert body(tmp_path, "cities/pa/pittsburgh.yml") == (
        "name: Pittsburgh\n"
        "ocd_id: ocd-division/country:us/state:pa/place:pittsburgh\n"
        "elections:\n"
        "  - date: 2025-11-04\n"
        "    kind: general\n"
        "    offices:\n"
        + "".join(
            f"      - office: City Council\n        district: District {n}\n"
            f"        write_ins: {w}\n        ballots: {b}\n"
            f"        source:\n{race_source}"
            for n, w, b in ((2, 31, 9552), (4, 21, 10647), (6, 152, 6413), (8, 164, 9698))
        )
        + f"      - office: Mayor\n        write_ins: 2154\n        ballots: 94355\n        source:\n{race_source}"
        "    sources:\n"
        "      - " + item.lstrip() + "sources:\n"
        "  - " + top.lstrip() + "last_verified: 2026-12-01\n"
    )


def test_pittsburgh_mayor_winner_with_party_votes_and_share(tmp_path: Path) -> None:
    run_import("openelections", tmp_path, PA_2025_GENERAL)
    assert body(tmp_path, "candidates/pa/pittsburgh/corey-o-connor.yml") == (
        "name: Corey O'Connor\n"
        "candidacies:\n"
        "  - election: 2025-11-04-general\n"
        "    office: Mayor\n"
        "    status: won\n"
        "    party: Democratic\n"
        "    votes: 80738\n"
        "    vote_share: 85.57\n"
        "    source:\n" + citation(PA_URL, PA_TITLE, 6) + "sources:\n"
        "  - " + citation(PA_URL, PA_TITLE, 4).lstrip() + "last_verified: 2026-12-01\n"
    )
    moreno = read(tmp_path, "candidates/pa/pittsburgh/tony-moreno.yml")
    assert "    status: lost\n    party: Republican\n    votes: 11463\n    vote_share: 12.15\n" in moreno
    # The write-in total is the race's, never a person's; a party label the dataset does not explain is kept as given.
    assert not (tmp_path / "candidates/pa/pittsburgh/write-in.yml").exists()
    assert "    status: lost\n    party: ABP\n    votes: 514\n" in read(
        tmp_path, "candidates/pa/pittsburgh/david-tessitor.yml"
    )


def test_a_city_in_two_counties_is_summed(tmp_path: Path) -> None:
    run_import("openelections", tmp_path, WA_2019_GENERAL)
    city = read(tmp_path, "cities/wa/pacific.yml")
    assert "      - office: Mayor\n        write_ins: 9\n" in city
    guier = read(tmp_path, "candidates/wa/pacific/leanne-guier.yml")
    assert "    office: Mayor\n    status: won\n    votes: 636\n    vote_share: 50.32\n" in guier
    kave = read(tmp_path, "candidates/wa/pacific/vic-kave.yml")
    assert "    office: Mayor\n    status: lost\n    votes: 619\n    vote_share: 48.97\n" in kave


def test_general_winner_and_loser(tmp_path: Path) -> None:
    run_import("openelections", tmp_path, WA_2017_GENERAL)
    durkan = body(tmp_path, "candidates/wa/seattle/jenny-durkan.yml")
    assert durkan.startswith(
        "name: Jenny Durkan\ncandidacies:\n  - election: 2017-11-07-general\n    office: Mayor\n"
        "    status: won\n    votes: 122442\n    vote_share: 56.25\n"
    )
    moon = read(tmp_path, "candidates/wa/seattle/cary-moon.yml")
    assert "    status: lost\n    votes: 95251\n    vote_share: 43.75\n" in moon


def test_html_entities_are_decoded(tmp_path: Path) -> None:
    run_import("openelections", tmp_path, WA_2017_GENERAL, WA_2019_PRIMARY)
    assert body(tmp_path, "candidates/wa/seattle/m-lorena-gonzalez.yml").startswith("name: M. Lorena González\n")
    assert body(tmp_path, "candidates/wa/seattle/sergio-garcia.yml").startswith("name: Sergio García\n")


def test_names_in_capitals_take_the_spelling_of_another_file(tmp_path: Path) -> None:
    run_import("openelections", tmp_path, WA_2019_PRIMARY, WA_2019_GENERAL)
    herbold = body(tmp_path, "candidates/wa/seattle/lisa-herbold.yml")
    assert herbold.startswith("name: Lisa Herbold\ncandidacies:\n  - election: 2019-08-06-primary\n")
    assert "  - election: 2019-11-05-general\n    office: City Council\n    district: District 1\n" in herbold
    # Seen only in capitals: put in its usual form.
    assert body(tmp_path, "candidates/wa/seattle/brendan-kolding.yml").startswith("name: Brendan Kolding\n")
    assert not (tmp_path / "candidates/wa/seattle/lisa-herbold-2.yml").exists()


def test_a_name_in_capitals_takes_its_surname_from_a_row_of_its_county_that_writes_it(tmp_path: Path) -> None:
    results = tmp_path / "20190806__wa__primary__county.csv"
    results.write_text(
        "county,office,district,party,candidate,votes\n"
        "King,Seattle City Council District 3 Council District No. 3,,,ZACHARY DEWOLF,4147\n"
        "King,Seattle City Council District 3 Council District No. 3,,,KSHAMA SAWANT,10000\n"
        "King,Seattle City Council District 3 Council District No. 3,,,PAT DEGROOT,900\n"
        "King,Director District No. 5 School District 1 Director District No. 5,,,Zachary Pullin DeWolf,11493\n"
        "Whatcom,City of Lynden Council Position 2,,,Pat DeGroot,12\n",
        encoding="utf-8",
    )
    root = tmp_path / "root"
    result = run_import("openelections", root, results)
    assert result.exit_code == 0, result.output
    assert body(root, "candidates/wa/seattle/zachary-dewolf.yml").startswith("name: Zachary DeWolf\n")
    # Another county's row is another person's: the usual form.
    assert body(root, "candidates/wa/seattle/pat-degroot.yml").startswith("name: Pat Degroot\n")


@pytest.mark.parametrize(
    ("capitals", "usual"),
    [
        ("MIKE MCGINN", "Mike McGinn"),
        ("ANGUS MACDONALD", "Angus MacDonald"),
        ("TOM MACK", "Tom Mack"),
        ("PAT O'BRIEN", "Pat O'Brien"),
        ("ANNA SMITH-JONES", "Anna Smith-Jones"),
        ("JAMES W. NORTON, JR.", "James W. Norton, Jr."),
        ("JOHN SMITH JR", "John Smith Jr."),
        ("HENRY FORD III", "Henry Ford III"),
        ('JEREMIAH "JW" ROBERTS', 'Jeremiah "Jw" Roberts'),
        ("Mike McGinn", "Mike McGinn"),
    ],
)
def test_names_in_capitals_in_their_usual_form(capitals: str, usual: str) -> None:
    assert names.proper(capitals) == usual


def test_top_two_primary_advances_two(tmp_path: Path) -> None:
    run_import("openelections", tmp_path, WA_2019_PRIMARY)
    assert "      - office: City Council\n        district: District 1\n        write_ins: 85\n" in read(
        tmp_path, "cities/wa/seattle.yml"
    )
    expected = {"lisa-herbold": ("advanced", "13405", "50.62"), "phil-tavel": ("advanced", "8558", "32.32")}
    expected["brendan-kolding"] = ("lost", "4435", "16.75")
    for person, (status, votes, share) in expected.items():
        text = read(tmp_path, f"candidates/wa/seattle/{person}.yml")
        assert f"    status: {status}\n    votes: {votes}\n    vote_share: {share}\n" in text


def test_a_race_of_two_seats_elects_the_top_two(tmp_path: Path) -> None:
    results = tmp_path / "in" / "20191105__wa__general__county.csv"
    results.parent.mkdir()
    results.write_text(
        "county,office,district,party,candidate,votes\n"
        "Adams,CITY OF OTHELLO Council At Large,,,Ann Lee,300\n"
        "Adams,CITY OF OTHELLO Council At Large,,,Bo Park,200\n"
        "Adams,CITY OF OTHELLO Council At Large,,,Cy Diaz,100\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "in" / "offices.yml"
    mapping.write_text(
        "offices:\n  - state: wa\n    text: CITY OF OTHELLO Council At Large\n    city: Othello\n"
        "    office: City Council\n    district: At-Large\n    seats: 2\n",
        encoding="utf-8",
    )
    root = tmp_path / "root"
    assert run_import("openelections", root, results, extra=("--offices", mapping)).exit_code == 0
    assert "      - office: City Council\n        district: At-Large\n        seats: 2\n" in read(
        root, "cities/wa/othello.yml"
    )
    for person, status in (("ann-lee", "won"), ("bo-park", "won"), ("cy-diaz", "lost")):
        assert f"    status: {status}\n" in read(root, f"candidates/wa/othello/{person}.yml")


def test_unread_offices_are_listed_with_file_and_line_and_skipped(tmp_path: Path) -> None:
    result = run_import("openelections", tmp_path, WA_2017_GENERAL, WA_2019_GENERAL, dry_run=True)
    unread = [line for line in result.output.splitlines() if line.startswith("unread office:")]
    assert unread == [
        f"unread office: {WA_2017_GENERAL.as_posix()}:3: City of Cosmopolis Position 4 (no office is named in it)",
        f"unread office: {WA_2019_GENERAL.as_posix()}:4: City of Cosmopolis Position 1 (no office is named in it)",
    ]
    assert "candidates/wa/cosmopolis/" not in result.output


@pytest.mark.parametrize(
    ("text", "city", "office", "district"),
    [
        ("CITY OF CAMAS COUNCIL - WARD 2, POSITION NO. 1", "Camas", "City Council", "Ward 2, Position 1"),
        ("City Of Seattle Council Position No. 8", "Seattle", "City Council", "Position 8"),
        ("SEATTLE CITY COUNCIL DISTRICT 1 Council District No. 1", "Seattle", "City Council", "District 1"),
        ("City Of Seattle Mayor", "Seattle", "Mayor", ""),
        ("City Of Seattle City Attorney", "Seattle", "City Attorney", ""),
        ("CITY OF HARRINGTON TREASURER", "Harrington", "Treasurer", ""),
        ("CITY OF SPOKANE C D 1 DIST. #1 COUNCIL POSITION NO. 2", "Spokane", "City Council", "District 1, Position 2"),
        ("BINGEN MUNICIPAL City of Bingen Council Pos. #3", "Bingen", "City Council", "Position 3"),
        ("CITY OF YAKIMA - DISTRICT 1 City of Yakima; Council District 1", "Yakima", "City Council", "District 1"),
        ("CITY OF DAVENPORT COUNCILMAN-AT-LARGE", "Davenport", "City Council", "At-Large"),
        ("GARFIELD TOWN Council (5)", "Garfield", "City Council", "Position 5"),
    ],
)
def test_office_strings_read(text: str, city: str, office: str, district: str) -> None:
    reading = read_office(text, "wa", {})
    assert isinstance(reading, Office)
    assert (reading.city.name, reading.office, reading.district) == (city, office, district)


@pytest.mark.parametrize(
    "text",
    ["County Council District 1 Council District 1", "CITY OF CASTLE ROCK Proposition 1", "SPOKANE SD 81 DIRECTOR"],
)
def test_other_offices_are_passed_over(text: str) -> None:
    assert read_office(text, "wa", {}) is None


def test_the_mapping_settles_strings_that_cannot_be_read() -> None:
    assert isinstance(read_office("Member of Council District 2", "pa", {}), Unread)
    reading = read_office("Member of Council District 2", "pa", load_mapping())
    assert isinstance(reading, Office)
    assert (reading.city.name, reading.office, reading.district) == ("Pittsburgh", "City Council", "District 2")


# --- merging ---------------------------------------------------------------------------------------

HAND_CITY = (
    "# yaml-language-server: $schema=../../schema/city.schema.json\n"
    "name: Seattle\n"
    "ocd_id: ocd-division/country:us/state:wa/place:seattle\n"
    "elections:\n"
    "  - date: 2021-11-02\n"
    "    kind: general\n"
    "    offices:\n"
    "      - office: Mayor\n"
    "    sources:\n"
    "      - title: Seattle elects a mayor\n"
    "sources:\n"
    "  - title: Seattle elects a mayor\n"
    "last_verified: 2026-11-21\n"
)
HAND_DURKAN = (
    "# yaml-language-server: $schema=../../../schema/candidate.schema.json\n"
    "name: Jenny Durkan\n"
    "bio: A former United States Attorney.\n"
    "website: https://example.org/durkan\n"
    "candidacies:\n"
    "  - election: 2021-11-02-general\n"
    "    office: Mayor\n"
    "    status: withdrawn\n"
    "    source: https://example.org/durkan-withdraws\n"
    "sources:\n"
    "  - title: Durkan will not seek a second term\n"
    "last_verified: 2026-11-21\n"
)


def hand_written(root: Path) -> None:
    (root / "cities/wa").mkdir(parents=True)
    (root / "cities/wa/seattle.yml").write_text(HAND_CITY, encoding="utf-8")
    (root / "candidates/wa/seattle").mkdir(parents=True)
    (root / "candidates/wa/seattle/jenny-durkan.yml").write_text(HAND_DURKAN, encoding="utf-8")


def test_hand_written_fields_are_kept(tmp_path: Path) -> None:
    hand_written(tmp_path)
    assert run_import("openelections", tmp_path, WA_2017_GENERAL).exit_code == 0
    item = citation(WA_2017_GENERAL_URL, WA_2017_GENERAL_TITLE, 6)
    assert body(tmp_path, "candidates/wa/seattle/jenny-durkan.yml") == (
        "name: Jenny Durkan\n"
        "bio: A former United States Attorney.\n"
        "website: https://example.org/durkan\n"
        "candidacies:\n"
        "  - election: 2021-11-02-general\n"
        "    office: Mayor\n"
        "    status: withdrawn\n"
        "    source: https://example.org/durkan-withdraws\n"
        "  - election: 2017-11-07-general\n"
        "    office: Mayor\n"
        "    status: won\n"
        "    votes: 122442\n"
        "    vote_share: 56.25\n"
        "    source:\n" + item + "sources:\n"
        "  - title: Durkan will not seek a second term\n"
        "  - " + citation(WA_2017_GENERAL_URL, WA_2017_GENERAL_TITLE, 4).lstrip() + "last_verified: 2026-11-21\n"
    )
    city = read(tmp_path, "cities/wa/seattle.yml")
    assert city.startswith(HAND_CITY.split("sources:\n  - title: Seattle elects a mayor\nlast", maxsplit=1)[0])
    assert city.startswith("# yaml-language-server: $schema=../../schema/city.schema.json\nname: Seattle\n")
    assert "sources:\n  - title: Seattle elects a mayor\n  - url: >-\n" in city
    assert city.endswith("last_verified: 2026-11-21\n")


def test_dry_run_prints_the_differences_and_writes_nothing(tmp_path: Path) -> None:
    hand_written(tmp_path)
    before = snapshot(tmp_path)
    result = run_import("openelections", tmp_path, WA_2017_GENERAL, dry_run=True)
    assert result.exit_code == 0
    assert snapshot(tmp_path) == before
    assert result.output.splitlines() == [
        "add candidates/wa/seattle/cary-moon.yml",
        "change candidates/wa/seattle/jenny-durkan.yml",
        "  append to candidacies: 2017-11-07-general|mayor",
        f"  append to sources: {WA_2017_GENERAL_URL}",
        "add candidates/wa/seattle/m-lorena-gonzalez.yml",
        "add candidates/wa/seattle/pat-murakami.yml",
        "change cities/wa/seattle.yml",
        "  append to elections: 2017-11-07-general",
        f"  append to sources: {WA_2017_GENERAL_URL}",
        f"unread office: {WA_2017_GENERAL.as_posix()}:3: City of Cosmopolis Position 4 (no office is named in it)",
        "cities: 0 added, 1 changed; elections: 1 added, 0 changed; races: 2 added, 0 changed; "
        "candidates: 3 added, 1 changed; candidacies: 4 added, 0 changed; officeholders: 0 added, 0 changed; "
        "states: 0 added, 0 changed",
        "dry run: nothing written",
    ]


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    hand_written(tmp_path)
    assert run_import("openelections", tmp_path, *ALL).exit_code == 0
    first = snapshot(tmp_path)
    again = run_import("openelections", tmp_path, *ALL)
    assert again.exit_code == 0
    assert snapshot(tmp_path) == first
    assert again.output.splitlines()[-2:] == [
        "cities: 0 added, 0 changed; elections: 0 added, 0 changed; races: 0 added, 0 changed; "
        "candidates: 0 added, 0 changed; candidacies: 0 added, 0 changed; officeholders: 0 added, 0 changed; "
        "states: 0 added, 0 changed",
        "0 files written",
    ]


def test_changed_results_replace_only_the_imported_values(tmp_path: Path) -> None:
    run_import("openelections", tmp_path, WA_2017_GENERAL)
    path = tmp_path / "candidates/wa/seattle/cary-moon.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("votes: 95251", "votes: 95000"), encoding="utf-8")
    result = run_import("openelections", tmp_path, WA_2017_GENERAL, dry_run=True)
    assert result.output.splitlines()[:2] == [
        "change candidates/wa/seattle/cary-moon.yml",
        "  replace candidacies[1].votes: 95000 -> 95251",
    ]
    assert "candidacies: 0 added, 1 changed" in result.output


DURKANS = (
    "review: uncertain match in cities/wa/seattle.yml: `J. Durkan` (candidates/wa/seattle/j-durkan.yml) and "
    "`Jenny Durkan` (candidates/wa/seattle/jenny-durkan.yml) share a surname, but `J. Durkan` gives no given name "
    "to compare; kept apart: if a source shows they are one person, merge the two records into one and list the "
    "other name in its `other_names:`, citing the sources of both; if they are two people, write "
    "`candidate: wa/seattle/jenny-durkan` under `not_same_person:` in candidates/wa/seattle/j-durkan.yml, citing "
    "what shows it"
)
WA_2017_PRIMARY_URL = f"{WA}/2017/20170801__wa__primary__county.csv"
WA_2017_PRIMARY_TITLE = "2017-08-01 primary election results in Washington, from the Washington Secretary of State"


def j_durkan(root: Path) -> Path:
    """The hand-written record of Seattle's mayor, under a name that shares only the surname with the results'."""
    hand_written(root)
    path = root / "candidates/wa/seattle/j-durkan.yml"
    (root / "candidates/wa/seattle/jenny-durkan.yml").rename(path)
    path.write_text(read(root, "candidates/wa/seattle/j-durkan.yml").replace("Jenny Durkan", "J. Durkan"))
    return path


def test_an_uncertain_match_is_reported_and_not_merged(tmp_path: Path) -> None:
    path = j_durkan(tmp_path)
    before = path.read_bytes()
    result = run_import("openelections", tmp_path, WA_2017_GENERAL)
    assert result.exit_code == 0
    assert DURKANS in result.output.splitlines()
    assert path.read_bytes() == before
    assert body(tmp_path, "candidates/wa/seattle/jenny-durkan.yml").startswith("name: Jenny Durkan\n")


MERGED_DURKAN = (
    "# yaml-language-server: $schema=../../../schema/candidate.schema.json\n"
    "name: J. Durkan\n"
    "bio: A former United States Attorney.\n"
    "website: https://example.org/durkan\n"
    "candidacies:\n"
    "  - election: 2021-11-02-general\n"
    "    office: Mayor\n"
    "    status: withdrawn\n"
    "    source: https://example.org/durkan-withdraws\n"
    "  - election: 2017-11-07-general\n"
    "    office: Mayor\n"
    "    status: won\n"
    "    votes: 122442\n"
    "    vote_share: 56.25\n"
    "    source:\n" + citation(WA_2017_GENERAL_URL, WA_2017_GENERAL_TITLE, 6) + "other_names:\n"
    "  - name: Jenny Durkan\n"
    "    sources:\n"
    "      - " + citation(WA_2017_GENERAL_URL, WA_2017_GENERAL_TITLE, 8).lstrip() + ""
    "      - https://example.org/durkan-sworn-in-as-mayor\n"
    "sources:\n"
    "  - title: Durkan will not seek a second term\n"
    "  - " + citation(WA_2017_GENERAL_URL, WA_2017_GENERAL_TITLE, 4).lstrip() + "last_verified: 2026-11-21\n"
)
"""The two records merged by hand once a source showed they are one person: one file, the other name in
``other_names`` citing the results that give it and the page that shows it is the same person."""


def test_a_reimport_after_a_reviewed_merge_adds_to_the_merged_record_and_reports_no_match(tmp_path: Path) -> None:
    path = j_durkan(tmp_path)
    assert DURKANS in run_import("openelections", tmp_path, WA_2017_GENERAL).output.splitlines()
    (tmp_path / "candidates/wa/seattle/jenny-durkan.yml").unlink()
    path.write_text(MERGED_DURKAN, encoding="utf-8")
    again = run_import("openelections", tmp_path, WA_2017_GENERAL, dry_run=True)
    assert again.exit_code == 0, again.output
    assert "durkan" not in again.output.casefold()  # nothing to add, nothing to review
    result = run_import("openelections", tmp_path, WA_2017_PRIMARY, WA_2017_GENERAL)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[lines.index("change candidates/wa/seattle/j-durkan.yml") + 1 :][:2] == [
        "  append to candidacies: 2017-08-01-primary|mayor",
        f"  append to sources: {WA_2017_PRIMARY_URL}",
    ]
    assert not any("durkan" in line.casefold() for line in lines if line.startswith(("add ", "review: ")))
    assert not (tmp_path / "candidates/wa/seattle/jenny-durkan.yml").exists()
    assert read(tmp_path, "candidates/wa/seattle/j-durkan.yml") == MERGED_DURKAN.replace(
        "other_names:\n",
        "  - election: 2017-08-01-primary\n"
        "    office: Mayor\n"
        "    status: advanced\n"
        "    votes: 51529\n"
        "    vote_share: 27.97\n"
        "    source:\n" + citation(WA_2017_PRIMARY_URL, WA_2017_PRIMARY_TITLE, 6) + "other_names:\n",
    ).replace(
        "last_verified: 2026-11-21\n",
        "  - " + citation(WA_2017_PRIMARY_URL, WA_2017_PRIMARY_TITLE, 4).lstrip() + "last_verified: 2026-11-21\n",
    )
    _, problems = validate_directory(tmp_path, dt.date(2026, 12, 1))
    assert [p.as_text() for p in problems if "durkan" in p.path] == []
    assert CliRunner().invoke(main, ["fmt", "--check", "--root", str(tmp_path)]).exit_code == 0


NOT_SAME = "not_same_person:\n  - candidate: {other}\n    sources:\n      - https://example.org/two-durkans\n"


@pytest.mark.parametrize(
    ("holder", "other"),
    [("j-durkan", "wa/seattle/jenny-durkan"), ("jenny-durkan", "wa/seattle/j-durkan")],
    ids=["in-the-record-on-disk", "in-the-imported-record"],
)
def test_a_not_the_same_person_decision_silences_the_match(tmp_path: Path, holder: str, other: str) -> None:
    j_durkan(tmp_path)
    assert DURKANS in run_import("openelections", tmp_path, WA_2017_GENERAL).output.splitlines()
    path = tmp_path / f"candidates/wa/seattle/{holder}.yml"
    text = path.read_text(encoding="utf-8")
    top = text.rindex("\nsources:\n") + 1
    path.write_text(text[:top] + NOT_SAME.format(other=other) + text[top:], encoding="utf-8")
    before = snapshot(tmp_path)
    result = run_import("openelections", tmp_path, WA_2017_GENERAL)
    assert result.exit_code == 0, result.output
    assert not [line for line in result.output.splitlines() if line.startswith("review: ")]
    assert result.output.endswith("0 files written\n")
    assert snapshot(tmp_path) == before
    _, problems = validate_directory(tmp_path, dt.date(2026, 12, 1))
    assert [p.as_text() for p in problems] == []


def test_imported_records_validate_and_are_canonical(tmp_path: Path) -> None:
    hand_written(tmp_path)
    assert run_import("openelections", tmp_path, *ALL).exit_code == 0
    _, problems = validate_directory(tmp_path, dt.date(2026, 12, 1))
    assert [problem for problem in problems if problem.severity == "error"] == []
    assert not errors(problems)
    check = CliRunner().invoke(main, ["fmt", "--check", "--root", str(tmp_path)])
    assert check.exit_code == 0, check.output
    assert check.output == "0 files would be reformatted\n"


# --- bad input -------------------------------------------------------------------------------------

GOOD = "county,office,district,party,candidate,votes\nKing,City Of Seattle Mayor,,,Jenny Durkan,122442\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", ":1: the file is empty"),
        (GOOD.encode() + b'King,City Of Seattle Mayor,,,"Cary Moon,95251\n', ":3: the CSV cannot be read: "),
        (GOOD.encode() + b"King,City Of Seattle Mayor,,,Cary", ":3: the row has 5 fields where the header has 6"),
        (
            b"county,office,candidate,votes\nKing,City Of Seattle Mayor,Jenny Durkan,1\n",
            ":1: the header lacks the columns district, party",
        ),
        (b"county;office;district;party;candidate;votes\n", ":1: the header lacks the columns county, office"),
        (GOOD.encode() + "King,City Of Seattle Mayor,,,Gonz\xe1lez,5\n".encode("latin-1"), ":3: the file is not valid"),
        (GOOD.encode() + b"King,City Of Seattle Mayor,,,Cary Moon,95 251\n", ":3: votes: `95 251` is not a count"),
        (GOOD.encode() + b"King,City Of Seattle Mayor,,,Cary Moon,-5\n", ":3: votes: `-5` is not a count"),
        (GOOD.encode() + b"King,City Of Seattle Mayor,,,Cary Moon,5.5\n", ":3: votes: `5.5` is not a count"),
        (
            GOOD.encode() + b"King,City Of Seattle Mayor,,,Cary Moon," + b"9" * 5000 + b"\n",
            ":3: votes: the value is 5000",
        ),
        (GOOD.encode() + b"King,City Of Seattle Mayor,,,Cary Moon,1234567890123\n", ":3: votes: `1234567890123` is"),
        (GOOD.encode() + b"King,City Of Seattle Mayor,,,Cary\x1bMoon,9\n", ":3: candidate: U+001B (a control"),
        (GOOD.encode() + b"King,City Of Seattle Mayor,,,Cary &#8238;Moon,9\n", ":3: candidate: U+202E"),
        (GOOD.encode() + "King,City Of Seattle\u202e Mayor,,,Cary Moon,9\n".encode(), ":3: office: U+202E"),
        (
            GOOD.encode() + b"King,City Of Seattle Mayor,,," + b"Cary " * 100 + b",9\n",
            ":3: candidate: the value is 500",
        ),
        (
            b"county,office,district,party,candidate,votes,votes\nKing,City Of Seattle Mayor,,,Cary Moon,9,1\n",
            ":1: votes:",
        ),
    ],
    ids=[
        "empty",
        "malformed",
        "truncated",
        "missing-columns",
        "wrong-columns",
        "not-utf8",
        "votes",
        "negative",
        "fraction",
        "5000-digits",
        "13-digits",
        "control",
        "entity-bidi",
        "office-bidi",
        "overlong",
        "repeated-column",
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(tmp_path: Path, content: bytes, message: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bad = folder / "20191105__wa__general__county.csv"
    bad.write_bytes(content)
    root = tmp_path / "root"
    root.mkdir()
    result = run_import("openelections", root, PA_2025_GENERAL, bad)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {bad.as_posix()}{message}")
    assert len(result.output.splitlines()) == 1
    assert snapshot(root) == {}


def test_a_file_not_named_like_openelections_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "results.csv"
    bad.write_text(GOOD, encoding="utf-8")
    result = run_import("openelections", tmp_path / "root", bad)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {bad.as_posix()}:1: the file name is not an OpenElections results name "
        "such as 20171107__wa__general__county.csv\n"
    )


# --- the real Washington files ---------------------------------------------------------------------


@pytest.mark.skipif(not REAL_WA.is_dir(), reason=f"the real OpenElections files are not at {REAL_WA}")
def test_the_real_washington_files(tmp_path: Path) -> None:
    files = sorted(REAL_WA.glob("*.csv"))
    assert len(files) == 4
    started = time.perf_counter()
    result = run_import("openelections", tmp_path, *files)
    seconds = time.perf_counter() - started
    assert result.exit_code == 0
    print(f"\n{result.output.splitlines()[-2]}; {seconds:.1f} s")
    assert "    status: won\n    votes: 122442\n" in read(tmp_path, "candidates/wa/seattle/jenny-durkan.yml")
    assert "    status: lost\n    votes: 95251\n" in read(tmp_path, "candidates/wa/seattle/cary-moon.yml")
    listed = {
        m.group(1, 2)
        for m in re.finditer(r"^unread office: .*/([^/]+\.csv):\d+: (.*) \([^()]*\)$", result.output, re.MULTILINE)
    }
    mapping = load_mapping()
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if isinstance(read_office(row["office"], "wa", mapping), Unread):
                    assert (path.name, " ".join(row["office"].split())) in listed
    first = "City of Cosmopolis Position 4 (no office is named in it)"
    assert f"unread office: {(REAL_WA / '20171107__wa__general__county.csv').as_posix()}:1100: {first}" in result.output
    settled = "CITY OF ROCK ISLAND Council Postion 5"
    assert settled not in result.output
    assert "add candidates/wa/rock-island/carmen-andonaegui.yml" in result.output
    _, problems = validate_directory(tmp_path, dt.date(2026, 12, 1))
    assert not errors(problems)


def test_a_tie_at_the_line_gives_no_status_and_is_reported(tmp_path: Path) -> None:
    results = tmp_path / "in" / "20191105__wa__general__county.csv"
    results.parent.mkdir()
    results.write_text(
        "county,office,district,party,candidate,votes\n"
        "Adams,CITY OF OTHELLO Mayor,,,Ann Lee,300\n"
        "Adams,CITY OF OTHELLO Mayor,,,Bo Park,300\n"
        "Adams,CITY OF OTHELLO Mayor,,,Cy Diaz,100\n",
        encoding="utf-8",
    )
    result = run_import("openelections", tmp_path / "root", results)
    assert (
        "review: tie: Othello Mayor (2019-11-05-general): 2 candidates with 300 votes at the line; "
        "their status is left out"
    ) in result.output.splitlines()
    assert "status" not in read(tmp_path / "root", "candidates/wa/othello/ann-lee.yml")
    assert "    status: lost\n" in read(tmp_path / "root", "candidates/wa/othello/cy-diaz.yml")


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (
            "offices:\n  - state: wa\n    text: X\n",
            ":2: the entry needs `city:` and `office:`, or `skip:` with the reason",
        ),
        ("offices:\n  - state: wa\n    text: X\n    town: Y\n", ":4: unknown key `town`"),
        ("offices:\n  - state: wa\n    text: X\n    city: Atlantis\n    office: Mayor\n", ":2: `Atlantis` is not"),
        ("offices: none\n", ":1: the file needs an `offices:` list"),
    ],
)
def test_a_bad_mapping_is_refused_with_its_line(tmp_path: Path, mapping: str, message: str) -> None:
    path = tmp_path / "offices.yml"
    path.write_text(mapping, encoding="utf-8")
    result = run_import("openelections", tmp_path / "root", WA_2017_GENERAL, extra=("--offices", path))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path.as_posix()}{message}")
    assert not (tmp_path / "root").exists()


def test_precinct_rows_are_summed(tmp_path: Path) -> None:
    results = tmp_path / "in" / "20191105__wa__general__county.csv"
    results.parent.mkdir()
    results.write_text(
        "county,precinct,office,district,party,candidate,votes,early_voting\n"
        "Adams,1,CITY OF OTHELLO Mayor,,,Ann Lee,30,2\n"
        "Adams,2,CITY OF OTHELLO Mayor,,,Ann Lee,12,1\n"
        "Adams,1,CITY OF OTHELLO Mayor,,,Bo Park,20,0\n"
        "Adams,2,CITY OF OTHELLO Mayor,,,Write-in: Cy Diaz,3,0\n",
        encoding="utf-8",
    )
    root = tmp_path / "root"
    assert run_import("openelections", root, results).exit_code == 0
    assert "    status: won\n    votes: 42\n    vote_share: 64.62\n" in read(root, "candidates/wa/othello/ann-lee.yml")
    assert "      - office: Mayor\n        write_ins: 3\n" in read(root, "cities/wa/othello.yml")
    assert not (root / "candidates/wa/othello/cy-diaz.yml").exists()
