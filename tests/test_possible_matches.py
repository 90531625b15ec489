"""Two candidate records of one city that may be one person: listed for review with their evidence, warned of
when they also ran for one seat, named on both candidate pages while open, and settled in the records."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from record_changes import Change

from site_builder.adapters.cli import main
from site_builder.directory.build import build_directory
from site_builder.records.problems import Code
from site_builder.records.validate import validate_directory
from site_builder.site.pages import PageBuilder, Settings

TODAY = dt.date(2026, 11, 21)


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def candidate(root: Path, slug: str, name: str, election: str, seat: str, extra: str = "") -> None:
    office, _, district = seat.partition(", ")
    lines = [
        "# yaml-language-server: $schema=../../../schema/candidate.schema.json",
        f"name: {name}",
        "candidacies:",
        f"  - election: {election}",
        f"    office: {office}",
        *([f"    district: {district}"] if district else []),
        "    status: lost",
        f"    source: https://e.org/{election[:4]}",
        *textwrap.dedent(extra).strip("\n").splitlines(),
        "sources:",
        f"  - https://e.org/{election[:4]}",
        "last_verified: 2026-11-01",
        "",
    ]
    write(root, f"candidates/mn/duluth/{slug}.yml", "\n".join(lines))


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("people")
    write(
        root,
        "cities/mn/duluth.yml",
        """
        # yaml-language-server: $schema=../../schema/city.schema.json
        name: Duluth
        ocd_id: ocd-division/country:us/state:mn/place:duluth
        elections:
          - date: 2019-11-05
            kind: general
            offices:
              - office: City Council
                district: Ward 1
              - office: City Council
                district: Ward 2
            sources:
              - https://e.org/2019
          - date: 2023-11-07
            kind: general
            offices:
              - office: City Council
                district: Ward 1
              - office: City Council
                district: Ward 2
            sources:
              - https://e.org/2023
        sources:
          - https://e.org/
        last_verified: 2026-11-01
        """,
    )
    # Open, one seat: warned of.  Open, two seats: listed only.  Told apart, and merged: settled.
    candidate(root, "matt-lessnau", "Matt Lessnau", "2023-11-07-general", "City Council, Ward 1")
    candidate(root, "matthew-lessnau", "Matthew Lessnau", "2019-11-05-general", "City Council, Ward 1")
    candidate(root, "robin-wonsley", "Robin Wonsley", "2023-11-07-general", "City Council, Ward 2")
    candidate(root, "robin-wonsley-worlobah", "Robin Wonsley Worlobah", "2019-11-05-general", "City Council, Ward 1")
    candidate(
        root,
        "ron-johnson",
        "Ron Johnson",
        "2023-11-07-general",
        "City Council, Ward 2",
        """
        not_same_person:
          - candidate: mn/duluth/ronald-johnson
            sources:
              - https://e.org/filings
        """,
    )
    candidate(root, "ronald-johnson", "Ronald Johnson", "2019-11-05-general", "City Council, Ward 2")
    candidate(
        root,
        "jeremiah-ellison",
        "Jeremiah Ellison",
        "2019-11-05-general",
        "City Council, Ward 2",
        """
        other_names:
          - name: Jeremiah Bey Ellison
            sources:
              - https://e.org/2023
        """,
    )
    return root


def test_validate_warns_of_an_open_pair_that_ran_for_one_seat_at_the_line_of_its_name(root: Path) -> None:
    _, problems = validate_directory(root, TODAY)
    assert [(p.path, p.line, p.field, p.code, p.is_error) for p in problems] == [
        ("candidates/mn/duluth/matt-lessnau.yml", 2, "name", Code.POSSIBLY_SAME_PERSON, False)
    ]
    assert problems[0].as_text() == (
        "candidates/mn/duluth/matt-lessnau.yml:2:7: warning: name: `Matt Lessnau` may be the same person as "
        "`Matthew Lessnau` (candidates/mn/duluth/matthew-lessnau.yml): both ran for City Council, Ward 1 "
        "(Matt Lessnau in 2023, Matthew Lessnau in 2019) (hint: if a source gives both names for one person, "
        "merge the two records and list the other name under `other_names:`, citing it; if one shows two people, "
        "write `candidate: mn/duluth/matthew-lessnau` under `not_same_person:`, citing it; "
        "`site-builder review people` lists every open pair)"
    )


def test_review_people_lists_each_open_pair_with_its_evidence_then_the_counts(root: Path) -> None:
    result = CliRunner().invoke(main, ["review", "people", "--root", str(root), "--today", "2026-11-21"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "possible match in mn/duluth: `Matt Lessnau` (candidates/mn/duluth/matt-lessnau.yml, ran in 2023) and "
        "`Matthew Lessnau` (candidates/mn/duluth/matthew-lessnau.yml, ran in 2019): one city; both ran for "
        "City Council, Ward 1; the names share a surname but not their given names",
        "possible match in mn/duluth: `Robin Wonsley` (candidates/mn/duluth/robin-wonsley.yml, ran in 2023) and "
        "`Robin Wonsley Worlobah` (candidates/mn/duluth/robin-wonsley-worlobah.yml, ran in 2019): one city; "
        "never ran for one seat; the names share a given name, and one holds every word of the other",
        "2 possible matches open, 1 of them for one seat; settled: 1 merged (a record with `other_names`), "
        "1 told apart (`not_same_person`); officeholders: 0 possible matches open; settled: 0 linked to their "
        "candidate record (`candidate`), 0 told apart (`not_candidate`)",
    ]


def test_review_people_lists_the_officeholders_who_may_be_a_candidate_of_their_city(
    root: Path, tmp_path: Path, change: Change
) -> None:
    copy = tmp_path / "records"
    shutil.copytree(root, copy)
    holders = [
        {"office": "Mayor", "name": "Pat Lessnau", "status": "current", "sources": ["https://e.org/mayor"]},
        {
            "office": "City Council",
            "district": "Ward 2",
            "name": "Kim Lessnau",
            "status": "current",
            "not_candidate": "mn/duluth/matt-lessnau",
            "sources": ["https://e.org/council"],
        },
        {
            "office": "City Council",
            "district": "Ward 1",
            "name": "Ronald Johnson",
            "status": "former",
            "candidate": "mn/duluth/ronald-johnson",
            "sources": ["https://e.org/council"],
        },
    ]
    change(copy, "cities/mn/duluth.yml", lambda city: city.update(officeholders=holders))
    result = CliRunner().invoke(main, ["review", "people", "--root", str(copy), "--today", "2026-11-21"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[2:] == [
        "possible match in mn/duluth: officeholder `Pat Lessnau` (cities/mn/duluth.yml, officeholders[1], Mayor) and "
        "candidate `Matt Lessnau` (candidates/mn/duluth/matt-lessnau.yml, ran in 2023): one city; the names share a "
        "surname but not their given names; settle it with `candidate: mn/duluth/matt-lessnau` or "
        "`not_candidate: mn/duluth/matt-lessnau` in the officeholder",
        "possible match in mn/duluth: officeholder `Pat Lessnau` (cities/mn/duluth.yml, officeholders[1], Mayor) and "
        "candidate `Matthew Lessnau` (candidates/mn/duluth/matthew-lessnau.yml, ran in 2019): one city; the names "
        "share a surname but not their given names; settle it with `candidate: mn/duluth/matthew-lessnau` or "
        "`not_candidate: mn/duluth/matthew-lessnau` in the officeholder",
        "possible match in mn/duluth: officeholder `Kim Lessnau` (cities/mn/duluth.yml, officeholders[2], City "
        "Council) and candidate `Matthew Lessnau` (candidates/mn/duluth/matthew-lessnau.yml, ran in 2019): one city; "
        "the names share a surname but not their given names; settle it with `candidate: mn/duluth/matthew-lessnau` "
        "or `not_candidate: mn/duluth/matthew-lessnau` in the officeholder",
        "2 possible matches open, 1 of them for one seat; settled: 1 merged (a record with `other_names`), "
        "1 told apart (`not_same_person`); officeholders: 3 possible matches open; settled: 1 linked to their "
        "candidate record (`candidate`), 1 told apart (`not_candidate`)",
    ]


def test_review_people_stops_on_an_error_of_the_records(root: Path, tmp_path: Path) -> None:
    write(tmp_path, "candidates/mn/duluth/x.yml", "name: [\n")
    result = CliRunner().invoke(main, ["review", "people", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("candidates/mn/duluth/x.yml:")


def test_an_open_pair_is_named_and_linked_on_both_pages_and_a_settled_one_on_neither(root: Path) -> None:
    tables, _ = validate_directory(root, TODAY)
    directory = build_directory(tables)
    builder = PageBuilder(directory, Settings(today=TODAY, feeds=False))
    pages = {c.slug: builder.candidate(c).body for c in directory.candidates}

    def line(slug: str) -> str:
        found = re.search(r'<p class="cc-possibly-same" role="note">(.*?)</p>', pages[slug])
        return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))) if found else ""

    assert line("matt-lessnau") == (
        "Possibly the same person as Matthew Lessnau (2019): the records do not yet say whether they are one person."
    )
    assert line("matthew-lessnau").startswith("Possibly the same person as Matt Lessnau (2023):")
    assert '<a href="../matthew-lessnau/"><bdi>Matthew Lessnau</bdi></a>' in pages["matt-lessnau"]
    assert line("robin-wonsley").startswith("Possibly the same person as Robin Wonsley Worlobah (2019):")
    assert line("robin-wonsley-worlobah").startswith("Possibly the same person as Robin Wonsley (2023):")
    for slug in ("ron-johnson", "ronald-johnson", "jeremiah-ellison"):
        assert line(slug) == "" and "Possibly the same person" not in pages[slug], slug
