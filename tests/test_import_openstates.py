"""`site-builder import openstates`: excerpts of Open States' mayors made into exact city records."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from record_changes import TODAY, Change, run_import, snapshot

from site_builder.directory.build import build_directory
from site_builder.importers.places import division_key, openstates_divisions
from site_builder.records.problems import errors
from site_builder.records.validate import validate_directory
from site_builder.site.pages import Settings, build_pages

FIXTURES = Path(__file__).parent / "fixtures" / "openstates"
PEOPLE = FIXTURES / "people"
AT = "https://github.com/openstates/people/blob/934bf09a94a35351baf872c70e778a4367c8266e"
CARA = "Cara-Spencer-ca4ccf60-f3e3-4a06-86b1-55c502c2f2af.yml"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "ocd-us-places.csv"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "records", tmp_path / "records")
    return tmp_path / "records"


@pytest.fixture
def people(tmp_path: Path) -> Path:
    """A copy of the excerpt to spoil."""
    shutil.copytree(PEOPLE, tmp_path / "people")
    return tmp_path / "people"


def read(root: Path, path: str) -> str:
    return (root / path).read_text(encoding="utf-8")


def person(state: str, folder: str, name: str, who: str) -> str:
    return (
        f"      - url: >-\n          {AT}/data/{state}/{folder}/{name}\n"
        f"        title: Open States record of {who}\n        publisher: Open States\n"
    )


# --- exact records ---------------------------------------------------------------------------------


def test_st_louis_gets_its_mayors_in_its_existing_record(root: Path) -> None:
    before = read(root, "cities/mo/st-louis.yml")
    result = run_import("openstates", root, PEOPLE)
    assert result.exit_code == 0, result.output
    head, tail = before.split("sources:\n  - title: Nationwide", 1)
    assert read(root, "cities/mo/st-louis.yml") == (
        head + "officeholders:\n"
        "  - office: Mayor\n"
        "    name: Cara Spencer\n"
        "    ocd_id: ocd-person/ca4ccf60-f3e3-4a06-86b1-55c502c2f2af\n"
        "    status: current\n"
        "    party: Democratic\n"
        "    term_end: 2029-04-17\n"
        "    sources:\n" + person("mo", "municipalities", CARA, "Cara Spencer") + "      - >-\n"
        "        https://www.stlouis-mo.gov/government/departments/mayor/news/"
        "mayor-cara-spencer-takes-office-as-the-48th-mayor-of-st-louis.cfm\n"
        "  - office: Mayor\n"
        "    name: Tishaura Jones\n"
        "    ocd_id: ocd-person/934aba9e-0878-44b1-8e5d-b16c8104501b\n"
        "    status: former\n"
        "    party: Democratic\n"
        "    term_end: 2025-04-20\n"
        "    sources:\n"
        + person("mo", "retired", "Tishaura-Jones-934aba9e-0878-44b1-8e5d-b16c8104501b.yml", "Tishaura Jones")
        + "      - https://www.stlouis-mo.gov/government/departments/mayor/#orgContact\n"
        "  - office: Mayor\n"
        "    name: Lyda Krewson\n"
        "    ocd_id: ocd-person/a94f1305-44a4-4963-9e77-a86e0d9154df\n"
        "    status: former\n"
        "    term_end: 2021-04-06\n"
        "    sources:\n"
        + person("mo", "retired", "Lyda-Krewson-a94f1305-44a4-4963-9e77-a86e0d9154df.yml", "Lyda Krewson")
        + "      - https://www.stlouis-mo.gov/government/departments/mayor/#orgContact\n"
        "sources:\n  - title: Nationwide"
        + tail.replace(
            "last_verified:",
            f"  - url: >-\n      {AT}/data/mo/municipalities.yml\n"
            "    title: Municipalities of Missouri and their mayors\n    publisher: Open States\nlast_verified:",
        )
    )


def test_a_city_without_a_record_is_created_with_its_census_division(root: Path) -> None:
    run_import("openstates", root, PEOPLE)
    assert read(root, "cities/mo/lees-summit.yml") == (
        "# yaml-language-server: $schema=../../schema/city.schema.json\n"
        "name: Lee's Summit\n"
        "ocd_id: ocd-division/country:us/state:mo/place:lee~s_summit\n"
        "officeholders:\n"
        "  - office: Mayor\n"
        "    name: Bill Baird\n"
        "    ocd_id: ocd-person/b844b9a3-2c25-4f77-9ced-405e37bfe0fc\n"
        "    status: former\n"
        "    term_end: 2022-04-05\n"
        "    sources:\n"
        + person("mo", "retired", "Bill-Baird-b844b9a3-2c25-4f77-9ced-405e37bfe0fc.yml", "Bill Baird")
        + "sources:\n"
        f"  - url: >-\n      {AT}/data/mo/municipalities.yml\n"
        "    title: Municipalities of Missouri and their mayors\n"
        "    publisher: Open States\n"
        f"last_verified: {TODAY}\n"
    )


def test_slugs_are_matched_to_census_divisions_and_no_city_is_duplicated(root: Path) -> None:
    run_import("openstates", root, PEOPLE)
    assert sorted(p.relative_to(root).as_posix() for p in root.glob("cities/*/*.yml")) == [
        "cities/al/birmingham.yml",
        "cities/mo/lees-summit.yml",
        "cities/mo/st-louis.yml",
        "cities/ms/jackson.yml",
        "cities/nm/albuquerque.yml",
    ]
    divisions = openstates_divisions()
    assert division_key("saint_louis") == division_key("st_louis") == "stlouis"
    assert divisions.match("mo", "ocd-division/country:us/state:mo/place:saint_louis", "Saint Louis")[0].ocd_id == (
        "ocd-division/country:us/state:mo/place:st_louis"
    )
    assert divisions.match("ca", "ocd-division/country:us/state:ca/place:nowhere_at_all", "Nowhere") == []


def test_the_records_validate_and_exact_names_are_linked(root: Path) -> None:
    run_import("openstates", root, PEOPLE)
    _, problems = validate_directory(root, dt.date(2026, 12, 1))
    assert [p.as_text() for p in errors(problems)] == []
    jackson = read(root, "cities/ms/jackson.yml")
    assert "    name: Chokwe Antar Lumumba, Esq.\n" in jackson
    assert "    candidate: ms/jackson/chokwe-antar-lumumba\n" in jackson


def test_the_stray_copy_is_skipped_with_a_note(root: Path) -> None:
    result = run_import("openstates", root, PEOPLE)
    assert (
        "review: skipped data/ca/retired/Terry-Tornek-a382fa95-64b4-4dba-9fc1-06715d4a3eab - Copy.yml: a stray copy; "
        "Open States names a person's file <name>-<id>.yml and this one holds "
        "ocd-person/a382fa95-64b4-4dba-9fc1-06715d4a3eab"
    ) in result.output.splitlines()
    assert not (root / "cities/ca").exists()


def test_a_person_listed_twice_is_read_once(root: Path, people: Path) -> None:
    (people / "data/ca/municipalities").mkdir()
    shutil.copy(people / "data/mo/municipalities" / CARA, people / "data/ca/municipalities" / CARA)
    result = run_import("openstates", root, people)
    assert result.exit_code == 0, result.output
    assert (
        f"review: skipped data/mo/municipalities/{CARA}: it repeats ocd-person/ca4ccf60-f3e3-4a06-86b1-55c502c2f2af, "
        f"already read from data/ca/municipalities/{CARA}"
    ) in result.output.splitlines()
    assert read(root, "cities/mo/st-louis.yml").count("Cara Spencer") == 2  # the name and the citation's title


# --- matching people -------------------------------------------------------------------------------

WOODFIN = (
    "review: uncertain match in cities/al/birmingham.yml: officeholder `Randall Woodfin` "
    "(data/al/municipalities/Randall-Woodfin-ada88237-d775-4ada-b059-493eb523ea60.yml) and candidate `Woodfin` "
    "(candidates/al/birmingham/woodfin.yml) share a surname, but `Woodfin` gives no given name to compare, and no "
    "reviewed decision links them; not linked: if a source shows they are one person, "
    "write `candidate: al/birmingham/woodfin` in the officeholder with that source, else "
    "`not_candidate: al/birmingham/woodfin`"
)
KELLER = (
    "review: uncertain match in cities/nm/albuquerque.yml: officeholder `Tim Keller` "
    "(data/nm/retired/Tim-Keller-180ddc37-53e9-45aa-93d5-5a521e6e395f.yml) and candidate `Keller` "
    "(candidates/nm/albuquerque/keller.yml) share a surname, but `Keller` gives no given name to compare, and no "
    "reviewed decision links them; not linked: if a source shows they are one person, "
    "write `candidate: nm/albuquerque/keller` in the officeholder with that source, else "
    "`not_candidate: nm/albuquerque/keller`"
)


def test_uncertain_matches_are_reported_with_both_files_and_not_linked(root: Path) -> None:
    result = run_import("openstates", root, PEOPLE)
    lines = result.output.splitlines()
    assert WOODFIN in lines and KELLER in lines
    assert "candidate:" not in read(root, "cities/al/birmingham.yml")
    assert "candidate:" not in read(root, "cities/nm/albuquerque.yml")


def officeholder(city: dict[str, Any], term_end: str) -> dict[str, Any]:
    """The one officeholder of a city record whose term ends on ``term_end``."""
    [found] = [holder for holder in city["officeholders"] if holder.get("term_end") == term_end]
    return found


def test_a_reviewed_decision_is_kept_and_no_longer_reported(root: Path, change: Change) -> None:
    run_import("openstates", root, PEOPLE)

    def linked(city: dict[str, Any]) -> None:
        woodfin = officeholder(city, "2029-11-04")
        woodfin["candidate"] = "al/birmingham/woodfin"
        woodfin["sources"].append("https://news.example.org/birmingham-mayor-randall-woodfin")

    change(root, "cities/al/birmingham.yml", linked)
    change(
        root,
        "cities/nm/albuquerque.yml",
        lambda city: officeholder(city, "2021-12-01").update(not_candidate="nm/albuquerque/keller"),
    )
    before = snapshot(root)
    result = run_import("openstates", root, PEOPLE)
    assert result.exit_code == 0, result.output
    assert WOODFIN not in result.output and KELLER not in result.output
    assert "0 files written" in result.output
    assert snapshot(root) == before
    _, problems = validate_directory(root, dt.date(2026, 12, 1))
    assert [p.as_text() for p in errors(problems)] == []


def test_a_candidates_other_name_links_the_officeholder(root: Path, change: Change) -> None:
    other = {"name": "Randall Woodfin", "sources": ["https://news.example.org/birmingham-mayor-randall-woodfin"]}
    change(root, "candidates/al/birmingham/woodfin.yml", lambda woodfin: woodfin.update(other_names=[other]))
    result = run_import("openstates", root, PEOPLE)
    assert result.exit_code == 0, result.output
    assert WOODFIN not in result.output and "woodfin.yml" not in result.output
    assert KELLER in result.output.splitlines()
    assert "    term_end: 2029-11-04\n    candidate: al/birmingham/woodfin\n" in read(root, "cities/al/birmingham.yml")
    _, problems = validate_directory(root, dt.date(2026, 12, 1))
    assert [p.as_text() for p in errors(problems)] == []


# --- merging ---------------------------------------------------------------------------------------


def test_a_second_run_changes_nothing(root: Path) -> None:
    run_import("openstates", root, PEOPLE)
    first = snapshot(root)
    result = run_import("openstates", root, PEOPLE)
    assert result.exit_code == 0, result.output
    assert "0 files written" in result.output
    assert snapshot(root) == first


def test_hand_written_fields_are_kept(root: Path, change: Change) -> None:
    run_import("openstates", root, PEOPLE)

    def by_hand(city: dict[str, Any]) -> None:
        city["website"] = "https://www.stlouis-mo.gov/"
        [krewson] = [holder for holder in city["officeholders"] if holder["name"] == "Lyda Krewson"]
        krewson["name"] = "Lyda K. Krewson"
        officeholder(city, "2029-04-17")["term_end"] = "2030-01-01"
        comptroller = {
            "office": "Comptroller",
            "name": "Donna Baringer",
            "status": "current",
            "sources": ["https://www.stlouis-mo.gov/government/departments/comptroller/"],
        }
        city["officeholders"].insert(0, comptroller)

    change(root, "cities/mo/st-louis.yml", by_hand)
    text = read(root, "cities/mo/st-louis.yml")
    result = run_import("openstates", root, PEOPLE)
    assert result.exit_code == 0, result.output
    after = read(root, "cities/mo/st-louis.yml")
    assert "website: https://www.stlouis-mo.gov/\n" in after
    assert "    name: Lyda K. Krewson\n" in after
    assert "  - office: Comptroller\n    name: Donna Baringer\n" in after
    # The term is the dataset's: an import puts its end back.
    assert after == text.replace("    term_end: 2030-01-01\n", "    term_end: 2029-04-17\n")
    assert "  replace officeholders[2].term_end: 2030-01-01 -> 2029-04-17" in result.output.splitlines()


def test_dry_run_prints_the_plan_and_writes_nothing(root: Path) -> None:
    before = snapshot(root)
    result = run_import("openstates", root, PEOPLE, dry_run=True)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "add cities/mo/lees-summit.yml" in lines
    assert "  append to officeholders: ocd-person/ca4ccf60-f3e3-4a06-86b1-55c502c2f2af" in lines
    assert lines[-2:] == [
        "cities: 1 added, 4 changed; elections: 0 added, 0 changed; races: 0 added, 0 changed; "
        "candidates: 0 added, 0 changed; candidacies: 0 added, 0 changed; officeholders: 7 added, 0 changed; "
        "states: 0 added, 0 changed",
        "dry run: nothing written",
    ]
    assert snapshot(root) == before


# --- the page --------------------------------------------------------------------------------------


def test_a_term_end_already_past_is_said_in_one_line_of_the_holder_in_office(root: Path) -> None:
    run_import("openstates", root, PEOPLE)
    tables, problems = validate_directory(root, dt.date(2026, 12, 1))
    assert errors(problems) == []
    settings = Settings(today=dt.date(2026, 12, 1))
    pages = {page.path: page for page in build_pages(build_directory(tables), settings)}
    jackson = pages["ms/jackson/index.md"].body
    assert (
        '<p class="cc-name"><a href="chokwe-antar-lumumba/"><bdi>Chokwe Antar Lumumba, Esq.</bdi></a>, Mayor</p>'
    ) in jackson
    assert "In office according to Open States, whose term end of June 8, 2025 has passed." in jackson
    assert "Term ends June 8, 2025" not in jackson and "May be out of date" not in jackson
    louis = pages["mo/st-louis/index.md"].body
    assert ">In office</h3>" in louis and ">Former officeholders</h3>" in louis
    assert "Term ends April 17, 2029, as the source gives it." in louis
    assert "May be out of date" not in louis
    assert "Term ended April 6, 2021, as the source gives it." in louis
    assert louis.index("Tishaura Jones") < louis.index("Lyda Krewson")


# --- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "old", "new", "message"),
    [
        (
            f"data/mo/municipalities/{CARA}",
            "email: mayor@stlouis-mo.gov\n",
            "email: mayor@stlouis-mo.gov\nfavourite_colour: blue\n",
            f"data/mo/municipalities/{CARA}:6: favourite_colour: `favourite_colour` is not a key of an Open States "
            "person in Open States' files",
        ),
        (
            f"data/mo/municipalities/{CARA}",
            "- end_date: '2029-04-17'\n",
            "- end_date: 'next spring'\n",
            f"data/mo/municipalities/{CARA}:9: roles[1].end_date: `next spring` is not a date written YYYY-MM-DD",
        ),
        (
            f"data/mo/municipalities/{CARA}",
            "id: ocd-person/ca4ccf60-f3e3-4a06-86b1-55c502c2f2af\n",
            "id: 42\n",
            f"data/mo/municipalities/{CARA}:1: id: `42` is not an ocd-person id",
        ),
        (
            f"data/mo/municipalities/{CARA}",
            "  type: mayor\n",
            "  type: [mayor]\n",
            f"data/mo/municipalities/{CARA}:10: roles[1].type: must be given as text",
        ),
        (
            f"data/mo/municipalities/{CARA}",
            "name: Cara Spencer\n",
            "name: 'Cara Spencer\n",
            f"data/mo/municipalities/{CARA}:9: YAML syntax error: did not find expected key "
            "(while parsing a block mapping)",
        ),
        (
            "data/mo/municipalities.yml",
            "- name: Kansas City\n",
            "- nom: Kansas City\n",
            "data/mo/municipalities.yml:1: [1].nom: `nom` is not a key of a municipality in Open States' files",
        ),
    ],
)
def test_bad_input_is_refused_with_the_file_and_key_and_nothing_written(
    root: Path, people: Path, path: str, old: str, new: str, message: str
) -> None:
    target = people / path
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = snapshot(root)
    result = run_import("openstates", root, people)
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    assert snapshot(root) == before


def test_a_folder_that_is_not_an_open_states_checkout_is_refused(root: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run_import("openstates", root, tmp_path / "empty")
    assert result.exit_code == 1
    assert (
        result.output
        == f"Error: {(tmp_path / 'empty').as_posix()}: not an Open States people checkout: it has no data/ folder\n"
    )


def test_a_municipalities_file_that_is_not_a_list_is_refused(root: Path, people: Path) -> None:
    (people / "data/mo/municipalities.yml").write_text("name: Kansas City\n", encoding="utf-8")
    before = snapshot(root)
    result = run_import("openstates", root, people)
    assert result.exit_code == 1
    assert result.output == (
        "Error: data/mo/municipalities.yml:1: expected a list of municipalities, each with `name` and `id`\n"
    )
    assert snapshot(root) == before


def test_the_carried_census_rows_are_rows_of_the_reference_list() -> None:
    if not REFERENCE.is_file():
        pytest.skip(f"the Open Civic Data reference list {REFERENCE} is not present")
    reference = set(REFERENCE.read_bytes().split(b"\r\n"))
    carried = (Path(__file__).parents[1] / "site_builder/importers/data/ocd-places-openstates.csv").read_bytes()
    rows = carried.split(b"\r\n")
    assert rows[0] == b"id,name,census_geoid" and rows[-1] == b""
    assert [row for row in rows[1:-1] if row not in reference] == []


def run_apart(root: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    """The import in its own process, failed after a minute rather than left waiting on a pipe."""
    args = ["import", "openstates", "--root", str(root), "--today", TODAY, "--dry-run", str(folder)]
    command = [sys.executable, "-m", "site_builder.adapters.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (os.mkfifo, "1: this is a named pipe (FIFO), not a regular file, so it is not read"),
        (lambda path: path.symlink_to("/dev/zero"), "1: records must be real files and folders, not links"),
        (
            lambda path: path.write_text("[" * 100_000 + "]" * 100_000),
            f"1: {'[1]' * 20}: the record is nested more than 20 levels deep",
        ),
        (
            lambda path: path.write_text("id: " + "9" * 100_000 + "\n"),
            "1: id: `99999999999999999999999999999999999999999",
        ),
    ],
    ids=["fifo", "link", "deep", "huge-number"],
)
def test_a_file_of_the_checkout_that_cannot_be_read_is_refused_with_its_line(
    root: Path, people: Path, spoil: Callable[[Path], object], message: str
) -> None:
    relative = f"data/mo/municipalities/{CARA}"
    (people / relative).unlink()
    spoil(people / relative)
    result = run_apart(root, people)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"Error: {relative}:{message}")
