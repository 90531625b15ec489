"""The open-data CSV tables: hostile text and oddly written numbers, read back by csv and by Frictionless."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
from pathlib import Path

import frictionless
import pytest
from sitebuild import REPO

from site_builder.directory.build import build_directory
from site_builder.records.schema import load_schema
from site_builder.records.tables import Tables
from site_builder.records.validate import validate_directory
from site_builder.site.downloads import GUARD_NOTE, csv_cell, csv_text, data_package

FIXTURE = REPO / "tests" / "fixtures" / "directory"
SITE_TODAY = dt.date(2026, 11, 21)
"""The day the directory fixture is checked on, as the site tests build it: after its records were verified."""

# Each is published as the second item: the formula starts guarded, CR and LF kept inside quotes.
TEXTS = [
    ('=HYPERLINK("https://evil.example/","Click")', '\'=HYPERLINK("https://evil.example/","Click")'),
    ("+1 802 555 0100", "'+1 802 555 0100"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("'90s housing", "''90s housing"),
    ("split\rhere", "split\rhere"),
    ("split\nhere", "split\nhere"),
    ("split\r\nhere", "split\r\nhere"),
    ('a, "quoted" title', 'a, "quoted" title'),
    ("A sum: 1+1=2 - fine", "A sum: 1+1=2 - fine"),
]


@pytest.fixture(scope="module")
def tables() -> Tables:
    tables, problems = validate_directory(FIXTURE, SITE_TODAY)
    assert problems == []
    return tables


@pytest.fixture(scope="module")
def published(tables: Tables, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package of the fixture tables with hostile values put in, written to a folder."""
    directory = build_directory(tables)
    for row, (text, _) in zip(tables.rows["sources"], TEXTS, strict=False):
        row["title"] = text
    tables.rows["candidates"][0]["name"] = "=" + "x" * 99  # as long as a name may be
    ada = next(r for r in tables.rows["candidacies"] if r.get("votes") == "12345")
    ada.update(votes="１２３４５", vote_share="５４.５０", incumbent="TRUE")
    other = next(r for r in tables.rows["candidacies"] if r.get("votes") == "800")
    other.update(votes="1_000", vote_share="55", incumbent="0")
    tables.rows["races"][0]["seats"] = " 2 "
    tables.rows["cities"][0]["last_verified"] = "2026-3-1"
    folder = tmp_path_factory.mktemp("package")
    for download in data_package(load_schema(), tables, directory):
        path = folder / download.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(download.content)
    return folder / "data"


def read(published: Path, table: str) -> list[dict[str, str]]:
    text = gzip.decompress((published / f"{table}.csv.gz").read_bytes()).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_text_cells_read_back_guarded_and_whole(published: Path) -> None:
    titles = [row["title"] for row in read(published, "sources")][: len(TEXTS)]
    assert titles == [expected for _, expected in TEXTS]
    assert read(published, "candidates")[0]["name"] == "'=" + "x" * 99


def test_every_row_ends_in_crlf_and_a_lone_cr_is_inside_quotes(published: Path) -> None:
    raw = gzip.decompress((published / "sources.csv.gz").read_bytes())
    assert raw.startswith(b"record,subject,number,url,title,author,publisher,date\r\n")
    assert b',"split\rhere",' in raw
    assert b',"\'\r=1+1",' in raw
    assert len(list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))) == 22  # header and 21 sources


def test_typed_values_are_written_in_plain_form(published: Path) -> None:
    candidacies = {(row["candidate"], row["election"]): row for row in read(published, "candidacies")}
    ada = candidacies["vt/maple-falls/ada-quill", "2026-03-03-general"]
    assert (ada["votes"], ada["vote_share"], ada["incumbent"]) == ("12345", "54.5", "true")
    ben = candidacies["vt/maple-falls/ben-ostrander", "2026-03-03-general"]
    assert (ben["votes"], ben["vote_share"], ben["incumbent"]) == ("1000", "55", "false")
    assert read(published, "races")[0]["seats"] == "2"
    assert read(published, "cities")[0]["last_verified"] == "2026-03-01"


def test_the_published_package_is_valid_and_says_how_cells_are_guarded(published: Path) -> None:
    report = frictionless.Package(str(published / "datapackage.json")).validate()
    assert report.flatten(["rowNumber", "fieldName", "type", "note"]) == []
    assert report.valid
    descriptor = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["description"].endswith(" " + GUARD_NOTE)
    candidates = next(r for r in descriptor["resources"] if r["name"] == "candidates")
    fields = {f["name"]: f for f in candidates["schema"]["fields"]}
    assert fields["name"]["constraints"]["maxLength"] == 101  # a record's name holds 100 characters
    assert fields["bio"]["constraints"]["maxLength"] == 2001
    assert fields["website"]["constraints"]["maxLength"] == 500  # an https URL is never guarded


def test_the_guard_applies_to_text_cells_only() -> None:
    assert [csv_text(v) for v in ["=1", "+1", "-1", "@a", "\ta", "\ra", "'a", "a=1", " =1", ""]] == [
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "'\ta",
        "'\ra",
        "''a",
        "a=1",
        " =1",
        "",
    ]
    assert csv_cell("integer", "-0") == "0"
    assert csv_cell("number", "-1.50") == "-1.5"
    assert csv_cell("string", "-1.50") == "'-1.50"
    assert csv_cell("string", None) == csv_cell("integer", "") == ""
