"""The page model, without MkDocs: golden files of every page of the fixture directory."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import gzip
import html
import io
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from record_changes import Change

from site_builder.directory.build import build_directory
from site_builder.directory.model import Directory
from site_builder.records.schema import load_schema
from site_builder.records.validate import validate_directory
from site_builder.site import downloads
from site_builder.site.formats import date as fuzzy_date
from site_builder.site.markup import LINK_REL
from site_builder.site.pages import Page, PageBuilder, Settings, build_pages

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "directory"
GOLDEN = HERE / "golden"
SETTINGS = Settings(
    repo_url="https://github.com/example/directory", site_url="https://example.org/cc/", today=dt.date(2026, 11, 21)
)


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    tables, problems = validate_directory(FIXTURE, SETTINGS.today)
    assert [p for p in problems if p.is_error] == []
    return {page.path: page for page in build_pages(build_directory(tables), SETTINGS)}


def test_pages_match_their_golden_files(pages: dict[str, Page]) -> None:
    """Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then review the diff."""
    if os.environ.get("UPDATE_GOLDEN"):
        for path, page in pages.items():
            target = GOLDEN / path.replace(".md", ".html")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"<!-- {page.title} | {page.description} -->\n{page.body}\n", encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix().replace(".html", ".md") for p in GOLDEN.rglob("*.html")}
    assert set(pages) == expected
    for path, page in pages.items():
        golden = (GOLDEN / path.replace(".md", ".html")).read_text(encoding="utf-8")
        assert f"<!-- {page.title} | {page.description} -->\n{page.body}\n" == golden, path


def test_page_set_and_titles(pages: dict[str, Page]) -> None:
    assert pages["vt/maple-falls/ada-quill/index.md"].title == "Ada Quill – Mayor, Maple Falls, VT"
    assert pages["vt/maple-falls/ben-ostrander/index.md"].title == (
        "Ben Ostrander – City Council, Ward 2, Maple Falls, VT"
    )
    assert pages["or/index.md"].title == "Oregon"
    assert pages["data/index.md"].search is False
    assert pages["vt/maple-falls/index.md"].search is True


UNKNOWN = re.compile(r"not recorded|none recorded|\bno\b[^.]*?\brecorded|unknown|not known", re.IGNORECASE)
"""A line saying that something is not recorded, as a voter reads it."""


def notes_of(body: str) -> list[str]:
    return re.findall(r'<p class="cc-missing" role="note">.*?</p>', body)


def test_a_thin_page_says_once_what_its_records_lack_with_the_link_to_add_it(pages: dict[str, Page]) -> None:
    edit = "https://github.com/example/directory/edit/main/candidates/vt/maple-falls/ben-ostrander.yml"
    thin = pages["vt/maple-falls/ben-ostrander/index.md"].body
    assert notes_of(thin) == [
        f'<p class="cc-missing" role="note">Not recorded yet: positions; endorsements. '
        f'<a href="{edit}">Add them to the record</a>.</p>'
    ]
    assert "<h2>Endorsements</h2>" not in thin and "stands</h2>" not in thin
    assert len(UNKNOWN.findall(html.unescape(re.sub(r"<[^>]+>", "", thin)))) == 1
    # A page with no record of its own links to the contributing guide's section on adding what it lacks.
    guide = pages["or/cedar-bend/guide-2027-05-primary/index.md"].body
    assert notes_of(guide) == [
        '<p class="cc-missing" role="note">Not recorded yet: the voting method; official voter links for Cedar Bend. '
        '<a href="../../../contributing/#add-a-candidate">How to add them</a>.</p>'
    ]
    assert "Voting method" not in guide and "How to vote</h2>\n<p>" not in guide
    # Where only some candidates lack a fact, the note says how many.
    compare = pages["vt/maple-falls/compare-2027-03-02-general-mayor/index.md"].body
    assert "Not recorded yet: endorsements (1 of 2 candidates)." in compare
    assert compare.count("<dt>Endorsements</dt>") == 1


def test_a_rich_page_has_no_note_of_what_is_not_recorded(pages: dict[str, Page]) -> None:
    rich = pages["vt/maple-falls/ada-quill/index.md"].body
    assert notes_of(rich) == []
    assert UNKNOWN.findall(html.unescape(re.sub(r"<[^>]+>", "", rich))) == []
    assert "<h2>Endorsements</h2>" in rich and "<h2>Where Ada Quill stands</h2>" in rich


def test_every_note_links_to_a_section_of_the_contributing_guide(pages: dict[str, Page]) -> None:
    guide = (HERE.parent / "docs" / "contributing" / "index.md").read_text(encoding="utf-8")
    headings = {re.sub(r"[^a-z0-9]+", "-", h.lower()).strip("-") for h in re.findall(r"^#+ (.+)$", guide, re.M)}
    sections = {s for page in pages.values() for s in re.findall(r'cc-missing.*?contributing/#([a-z-]+)"', page.body)}
    assert sections and sections <= headings


def test_links_to_addresses_from_records_all_carry_one_rel(pages: dict[str, Page]) -> None:
    """Template links (websites, sources) and links inside record text alike."""
    rels = {rel for page in pages.values() for rel in re.findall(r'rel="([^"]*)"', page.body)}
    assert rels == {LINK_REL} == {"nofollow ugc"}
    bio = pages["vt/maple-falls/ada-quill/index.md"].body
    assert '<a href="https://ada.example.org/" rel="nofollow ugc">her site</a>' in bio
    assert '<a href="https://ada.example.org/" rel="nofollow ugc">Campaign website</a>' in bio


def test_one_city_preview_keeps_hubs_and_that_city(pages: dict[str, Page]) -> None:
    tables, _ = validate_directory(FIXTURE, SETTINGS.today, only="vt/maple-falls")
    preview = build_pages(build_directory(tables), Settings(today=SETTINGS.today, only="vt/maple-falls"))
    paths = {page.path for page in preview}
    assert "vt/maple-falls/ada-quill/index.md" in paths and "index.md" in paths
    assert not any(path.startswith("or/") for path in paths)
    assert not any(path.startswith("topics/") and path != "topics/index.md" for path in paths)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-06-06", "June 6, 2017"),
        ("2017-05", "May 2017"),
        ("2017", "2017"),
        (None, ""),
    ],
)
def test_partial_dates_read_as_words(value: str | None, expected: str) -> None:
    assert fuzzy_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ranked-choice", "Ranked choice"),
        ("mayor-council", "Mayor–council"),
        ("pac", "PAC"),
        ("x", "X (Twitter)"),
        ("CC-BY-SA-4.0", "CC BY-SA 4.0"),
        ("used-with-permission", "Used with permission"),
        ("advanced-to-runoff", "Advanced to runoff"),
        ("community-group", "Community group"),
        ("qualified", "Qualified"),
        (None, ""),
    ],
)
def test_values_read_as_the_descriptor_labels_them(value: str | None, expected: str) -> None:
    empty = Directory(cities=[], candidates=[], organizations=[], topics=[], elections=[])
    template = PageBuilder(empty, SETTINGS).env.from_string("{{ value | label }}")
    assert template.render(value=value) == expected


def test_record_markdown_reaches_the_page_as_written(tmp_path: Path) -> None:
    """A code span shows its text escaped once; a position nested 495 deep (its length limit) builds as plain text."""
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)
    ada = root / "candidates/vt/maple-falls/ada-quill.yml"
    text = ada.read_text(encoding="utf-8")
    bio = "Says `rent >= 30%` of income & `a < b` is too much."
    text = re.sub(r"bio: >-\n  .*\n", f"bio: {json.dumps(bio)}\n", text)
    text = text.replace("Would cap rent increases for existing tenants.", json.dumps("- " * 495 + "deep"))
    ada.write_text(text, encoding="utf-8")
    tables, problems = validate_directory(root, SETTINGS.today)
    assert [p for p in problems if p.is_error] == []
    page = {page.path: page for page in build_pages(build_directory(tables), SETTINGS)}[
        "vt/maple-falls/ada-quill/index.md"
    ]
    assert (
        "<section><h2>About</h2><p>Says <code>rent &gt;= 30%</code> of income &amp; <code>a &lt; b</code> "
        "is too much.</p></section>"
    ) in page.body
    assert f"<li><p>{'- ' * 495}deep</p>" in page.body
    assert "Says rent >= 30% of income & a < b is too much." in html.unescape(re.sub(r"<[^>]+>", "", page.body))


def test_an_election_whose_date_the_sources_do_not_give(tmp_path: Path, change: Change) -> None:
    """`date: unknown`: validated, shown as such after the dated elections, never upcoming, never in a calendar,
    and written as `unknown` in the open data."""
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)
    runoff = {
        "date": "unknown",
        "kind": "runoff",
        "offices": [{"office": "Mayor"}],
        "sources": ["https://cedar-bend.example.org/runoff"],
    }
    change(root, "cities/or/cedar-bend.yml", lambda city: city["elections"].append(runoff))

    def in_the_runoff(cora: dict[str, Any]) -> None:
        cora["candidacies"].append(
            {"election": "unknown-runoff", "office": "Mayor", "source": "https://cedar-bend.example.org/runoff"}
        )
        cora["endorsements"][0]["election"] = "unknown-runoff"

    change(root, "candidates/or/cedar-bend/cora-lindqvist.yml", in_the_runoff)
    tables, problems = validate_directory(root, SETTINGS.today)
    assert problems == []
    directory = build_directory(tables)
    assert [(e.city.id, e.id) for e in directory.elections][-1] == ("or/cedar-bend", "unknown-runoff")
    built = {page.path: page.body for page in build_pages(directory, SETTINGS)}

    city_page = built["or/cedar-bend/index.md"]
    headings = re.findall(r'<h3 id="([^"]*)">(.*?)</h3>', city_page)
    assert headings == [
        ("2027-05-primary", "May 2027: Primary election"),
        ("unknown-runoff", "Date not given by the sources: Runoff election"),
    ]
    assert city_page.count("<strong>Upcoming.</strong>") == 1

    candidate = built["or/cedar-bend/cora-lindqvist/index.md"]
    assert (
        '<p class="cc-lead">Candidate for Mayor in <a href="../">Cedar Bend, OR</a>, '
        "runoff election (date not given by the sources)."
    ) in candidate
    assert "<li><strong>Date not given by the sources: Runoff election</strong>: Mayor." in candidate
    assert "for the runoff election (date not given by the sources)." in candidate
    assert '"description":"Candidate for Mayor in Cedar Bend, OR"' in candidate

    elections = built["elections/or/index.md"]
    dated, _, undated = elections.partition('<h2 id="undated">Date not given by the sources</h2>')
    assert "Cedar Bend, OR</a>, runoff election" not in dated
    assert "Cedar Bend, OR</a>, runoff election (Mayor)</li>" in undated
    assert "then those whose date the sources do not give. See also" in dated

    calendars = {d.path: d.content for d in downloads.calendars(directory, SETTINGS.site_url, SETTINGS.today)}
    assert all(b"unknown" not in content for content in calendars.values())
    package = {d.path: d.content for d in downloads.data_package(load_schema(), tables, build_directory(tables))}
    rows = list(csv.DictReader(io.StringIO(gzip.decompress(package["data/elections.csv.gz"]).decode("utf-8"))))
    assert {"city": "or/cedar-bend", "id": "unknown-runoff", "date": "unknown"}.items() <= next(
        row for row in rows if row["date"] == "unknown"
    ).items()


def test_an_endorsement_names_its_election_only_where_the_candidate_ran_in_more_than_one(
    tmp_path: Path, change: Change
) -> None:
    """Cora Lindqvist ran in one election, which her page names already: her endorsement gives its date only. Ada
    Quill ran in two: hers says which election it was for."""
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)
    change(
        root,
        "candidates/or/cedar-bend/cora-lindqvist.yml",
        lambda cora: cora["endorsements"][0].update(date="2027-03-01"),
    )
    tables, problems = validate_directory(root, SETTINGS.today)
    assert [p.as_text() for p in problems if p.is_error] == []
    settings = dataclasses.replace(SETTINGS, languages=("es",))
    built = {page.path: page for page in build_pages(build_directory(tables), settings)}

    def endorsements(path: str) -> list[str]:
        body = built[path].body
        section = body[body.index("<h2>Endorsements</h2>" if not path.startswith("es/") else "<h2>Respaldos</h2>") :]
        items = re.findall(r"<li>(.*?)</li>", section[: section.index("</ul>")])
        return [re.sub(r"<[^>]+>", "", item) for item in items]

    assert endorsements("or/cedar-bend/cora-lindqvist/index.md") == [
        "Maple Falls Tenants Union (endorsed March 1, 2027). Source: https://tenants.example.org/endorsements"
    ]
    assert endorsements("es/or/cedar-bend/cora-lindqvist/index.md") == [
        "Maple Falls Tenants Union (respaldo de 1 de marzo de 2027). Fuente: https://tenants.example.org/endorsements"
    ]
    assert endorsements("vt/maple-falls/ada-quill/index.md")[0].startswith(
        "Maple Falls Tenants Union, for the general election of March 2, 2027 (endorsed October 5, 2026)."
    )


def test_structured_data_names_each_address_of_the_person_once(tmp_path: Path, change: Change) -> None:
    """A record that lists its campaign's website again among its links gives search engines the address once."""
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)
    official = {"kind": "official", "url": "https://ada.example.org/"}
    change(root, "candidates/vt/maple-falls/ada-quill.yml", lambda ada: ada["links"].insert(0, official))
    tables, problems = validate_directory(root, SETTINGS.today)
    assert [p.as_text() for p in problems if p.is_error] == []
    directory = build_directory(tables)
    ada = next(c for c in directory.candidates if c.slug == "ada-quill")
    assert [link.url for link in ada.links][:1] == ["https://ada.example.org/"] and ada.website == ada.links[0].url
    data = json.loads(PageBuilder(directory, SETTINGS).json_ld(ada))
    assert data["sameAs"] == ["https://ada.example.org/", "https://bsky.app/profile/ada.example.org"]
