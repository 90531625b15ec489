"""`site-builder import candidate-list`: an official candidate list in the project's template made into the
election, its offices and a qualified candidacy a row; bad rows refused, each with its file and line."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import frictionless
import yaml
from record_changes import run_import, snapshot

from site_builder.directory.build import build_directory
from site_builder.importers.candidate_list import COLUMNS, REQUIRED
from site_builder.records.problems import errors
from site_builder.records.validate import validate_directory
from site_builder.site.pages import Settings, build_pages

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "docs" / "contributing" / "candidate-list.csv"
DESCRIPTOR = ROOT / "docs" / "contributing" / "candidate-list.schema.json"
TODAY = "2026-12-06"
LIST = "https://elections.example.gov/minneapolis/2027-filings"
HEADER = ",".join(COLUMNS)


def forty_rows(path: Path) -> Path:
    """Forty candidacies for the 2027 general: two for mayor, the rest for the thirteen wards."""
    rows = [HEADER, f"mn/minneapolis,2027-11-02,general,Mayor,,ALEX RIVERA,Alex J. Rivera,,2026-12-01,{LIST}"]
    rows.append(f"mn/minneapolis,2027-11-02,general,Mayor,,Sam Okafor,,,,{LIST}")
    firsts = ["Ana", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun"]
    firsts += ["Kai", "Lia", "Mo", "Nia", "Oto", "Pia", "Quin", "Rae", "Sol"]
    for n in range(38):
        name = f"{firsts[n % 19]} {('Lind', 'Moss')[n // 19]}"
        rows.append(f"mn/minneapolis,2027-11-02,general,City Council,Ward {n % 13 + 1},{name},,DFL,,{LIST}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_the_template_is_described_by_its_descriptor_and_the_importer_reads_its_columns() -> None:
    descriptor = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    assert tuple(field["name"] for field in descriptor["fields"]) == COLUMNS
    assert {f["name"] for f in descriptor["fields"] if f.get("constraints", {}).get("required")} == set(REQUIRED)
    assert TEMPLATE.read_text(encoding="utf-8") == HEADER + "\n"


def test_a_filled_list_passes_the_frictionless_validator_with_the_descriptor(tmp_path: Path) -> None:
    forty_rows(tmp_path / "list.csv")
    schema = frictionless.Schema.from_descriptor(json.loads(DESCRIPTOR.read_text(encoding="utf-8")))
    report = frictionless.Resource(path="list.csv", basepath=str(tmp_path), schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "note"])


def test_forty_rows_import_into_the_records_and_a_second_run_changes_nothing(records: Path, tmp_path: Path) -> None:
    filled = forty_rows(tmp_path / "list.csv")
    result = run_import("candidate-list", records, filled, today=TODAY)
    assert result.exit_code == 0, result.output
    assert "review: read 40 rows: 40 candidates in 1 cities" in result.output
    city = yaml.safe_load((records / "cities/mn/minneapolis.yml").read_text(encoding="utf-8"))
    election = next(e for e in city["elections"] if e["date"] == dt.date(2027, 11, 2))
    assert election["kind"] == "general"
    assert election["sources"] == [LIST]
    assert election["offices"][:3] == [
        {"office": "Mayor"},
        {"office": "City Council", "district": "Ward 1"},
        {"office": "City Council", "district": "Ward 2"},
    ]
    assert len(election["offices"]) == 14
    rivera = yaml.safe_load((records / "candidates/mn/minneapolis/alex-rivera.yml").read_text(encoding="utf-8"))
    assert rivera["name"] == "Alex Rivera"  # in capitals on the list: its usual form
    assert rivera["ballot_name"] == "Alex J. Rivera"
    assert rivera["candidacies"] == [
        {
            "election": "2027-11-02-general",
            "office": "Mayor",
            "status": "qualified",
            "filed_on": dt.date(2026, 12, 1),
            "source": LIST,
        }
    ]
    assert rivera["sources"] == [LIST]
    ward = yaml.safe_load((records / "candidates/mn/minneapolis/ana-lind.yml").read_text(encoding="utf-8"))
    assert ward["candidacies"][0]["party"] == "DFL"
    _, problems = validate_directory(records, dt.date(2026, 12, 6))
    assert [p.as_text() for p in errors(problems)] == []
    before = snapshot(records)
    again = run_import("candidate-list", records, filled, today=TODAY)
    assert again.exit_code == 0, again.output
    assert "0 files written" in again.output
    assert snapshot(records) == before


def test_a_person_already_recorded_in_the_city_is_added_to(records: Path, tmp_path: Path) -> None:
    people = sorted((records / "candidates/mn/minneapolis").glob("*.yml"))
    first = yaml.safe_load(people[0].read_text(encoding="utf-8"))
    filled = tmp_path / "list.csv"
    filled.write_text(
        f"{HEADER}\nmn/minneapolis,2029-11-06,general,Mayor,,{first['name']},,,,{LIST}\n", encoding="utf-8"
    )
    result = run_import("candidate-list", records, filled, today=TODAY)
    assert result.exit_code == 0, result.output
    assert sorted((records / "candidates/mn/minneapolis").glob("*.yml")) == people
    after = yaml.safe_load(people[0].read_text(encoding="utf-8"))
    assert after["candidacies"][-1]["election"] == "2029-11-06-general"
    assert after["candidacies"][: len(first["candidacies"])] == first["candidacies"]


def test_bad_rows_are_refused_each_with_its_line_and_nothing_is_written(records: Path, tmp_path: Path) -> None:
    filled = tmp_path / "list.csv"
    filled.write_text(
        "\n".join(
            [
                HEADER,
                f"mn/minneapolis,2027-11-02,general,Mayor,,Alex Rivera,,,,{LIST}",
                f"mn/duluth,2027-11-02,general,Mayor,,Jo Lake,,,,{LIST}",
                f"mn/minneapolis,2027-02-30,general,Mayor,,Sam Okafor,,,,{LIST}",
                "mn/minneapolis,2027-11-02,general,Mayor,,Kim Park,,,,",
                f"mn/minneapolis,2027-11-02,general,Mayor,,ALEX RIVERA,,,,{LIST}",
                "mn/minneapolis,2027-11-02,general,Mayor,,=HYPERLINK(1),,,,javascript:alert(1)",
                f"mn/minneapolis,2027-11-02,general,Mayor,,Lee Ames,,,2026-12-31,{LIST}",
                f"mn/minneapolis,2025-11-04,general,Mayor,,Lee Ames,,,2025-11-05,{LIST}",
                f"mn/minneapolis,2027-11-02,general,Mayor,,Lou Ames,,,May 5,{LIST}",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    before = snapshot(records)
    result = run_import("candidate-list", records, filled, today=TODAY)
    assert result.exit_code == 1
    shown = filled.as_posix()
    assert result.output.splitlines() == [
        f"{shown}:3: place: there is no city record cities/mn/duluth.yml: add it first with "
        '`site-builder new city mn/duluth "City name"`',
        f"{shown}:4: election_date: `2027-02-30` is not a day: write it as YYYY-MM-DD",
        f"{shown}:5: source_url: the value is missing; every row needs one",
        f"{shown}:6: name: `Alex Rivera` is listed for this race on line 2 already; give each candidacy once",
        f"{shown}:7: source_url: `javascript:alert(1)` is not an https:// address of the official list",
        f"{shown}:8: filing_date: 2026-12-31 is after today (2026-12-06): give the day the list says the candidate "
        "filed",
        f"{shown}:9: filing_date: 2025-11-05 is after the election (2025-11-04): give the day the list says the "
        "candidate filed",
        f"{shown}:10: filing_date: `May 5` is not a day: write it as YYYY-MM-DD",
        "Error: nothing written: 8 rows refused; the records are as they were",
    ]
    assert snapshot(records) == before


def test_a_list_not_in_the_template_is_refused_at_its_header(records: Path, tmp_path: Path) -> None:
    filled = tmp_path / "list.csv"
    filled.write_text("name,office\nAlex Rivera,Mayor\n", encoding="utf-8")
    result = run_import("candidate-list", records, filled, today=TODAY)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {filled.as_posix()}:1: the header is `name,office`; the template's is `{HEADER}`: start from "
        "docs/contributing/candidate-list.csv\n"
    )


def test_the_header_row_alone_is_refused(records: Path) -> None:
    result = run_import("candidate-list", records, TEMPLATE, today=TODAY)
    assert result.exit_code == 1
    assert result.output == f"Error: {TEMPLATE.as_posix()}:2: the list has no rows below its header\n"


def test_the_template_columns_are_the_csv_header() -> None:
    with TEMPLATE.open(encoding="utf-8", newline="") as handle:
        assert tuple(next(csv.reader(handle))) == COLUMNS


def test_the_filing_date_of_a_row_is_shown_on_the_candidate_page_with_the_list_it_comes_from(
    records: Path, tmp_path: Path
) -> None:
    filled = tmp_path / "list.csv"
    filled.write_text(
        f"{HEADER}\nmn/minneapolis,2027-11-02,general,Mayor,,Alex Rivera,,,2026-12-01,{LIST}\n"
        f"mn/minneapolis,2027-11-02,general,Mayor,,Sam Okafor,,,,{LIST}\n",
        encoding="utf-8",
    )
    assert run_import("candidate-list", records, filled, today=TODAY).exit_code == 0
    today = dt.date(2026, 12, 6)
    tables, problems = validate_directory(records, today)
    assert [p.as_text() for p in errors(problems)] == []
    pages = {page.url: page.body for page in build_pages(build_directory(tables), Settings(today=today))}
    rivera = pages["mn/minneapolis/alex-rivera/"]
    item = next(line for line in rivera.splitlines() if "Filed on" in line)
    assert 'Filed on <time datetime="2026-12-01">December 1, 2026</time>.' in item
    assert f'href="{LIST}"' in item  # the candidacy's source: the official list
    assert "Filed on" not in pages["mn/minneapolis/sam-okafor/"]
