"""City and state pages: official voter links, from the city record or else its state's, and officeholders."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from record_changes import Change

from site_builder.directory.build import build_directory
from site_builder.records.problems import errors
from site_builder.records.validate import validate_directory
from site_builder.site.pages import Page, Settings, build_pages

FIXTURE = Path(__file__).parent / "fixtures" / "directory"
TODAY = dt.date(2026, 11, 21)
VERMONT = (
    "name: Vermont\n"
    "registration_url: https://olvr.vermont.gov/\n"
    "check_registration_url: https://mvp.vermont.gov/\n"
    "elections_office_url: https://sos.vermont.gov/elections/\n"
    "sources:\n"
    "  - url: https://vote.example.gov/states.json\n"
    "    title: Voter registration information for each state, from vote.gov\n"
    "    publisher: vote.gov\n"
    "last_verified: 2026-11-01\n"
)


def pages_of(root: Path) -> dict[str, Page]:
    tables, problems = validate_directory(root, TODAY)
    assert [p.as_text() for p in errors(problems)] == []
    return {page.path: page for page in build_pages(build_directory(tables), Settings(today=TODAY))}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "records")
    (tmp_path / "records/states").mkdir()
    (tmp_path / "records/states/vt.yml").write_text(VERMONT, encoding="utf-8")
    return tmp_path / "records"


def test_a_city_shows_its_own_links_then_the_states_for_what_it_lacks(root: Path) -> None:
    body = pages_of(root)["vt/maple-falls/index.md"].body
    assert (
        "<p>From the Maple Falls city record:</p>\n"
        '<ul class="cc-voter-links">\n'
        '<li><a href="https://elections.example.org/register">Register to vote</a></li>\n'
        '<li><a href="https://elections.example.org/polling-places">Find your polling place</a></li>\n'
        "</ul>\n"
        '<p>And from the <a href="../">Vermont</a> state record, for the whole state:</p>\n'
        '<ul class="cc-voter-links">\n'
        '<li><a href="https://mvp.vermont.gov/">Check your registration</a></li>\n'
        '<li><a href="https://sos.vermont.gov/elections/">Election office</a></li>\n'
        "</ul>\n"
    ) in body
    assert "Source: " in body.split("for the whole state:")[1].split("</section>")[0]
    assert "https://olvr.vermont.gov/" not in body  # the city's own registration link is shown instead


def test_a_city_without_links_falls_back_to_its_state(root: Path) -> None:
    (root / "states/or.yml").write_text(VERMONT.replace("Vermont", "Oregon"), encoding="utf-8")
    body = pages_of(root)["or/cedar-bend/index.md"].body
    assert '<p>From the <a href="../">Oregon</a> state record, for the whole state:</p>' in body
    assert '<li><a href="https://olvr.vermont.gov/">Register to vote</a></li>' in body
    assert "official voter links" not in body


def test_without_any_record_of_links_the_page_says_so_once(root: Path) -> None:
    body = pages_of(root)["or/cedar-bend/index.md"].body
    assert body.count("Not recorded yet: official voter links") == 1


def test_the_state_page_shows_the_states_links(root: Path) -> None:
    body = pages_of(root)["vt/index.md"].body
    assert ">How to vote in Vermont</h2>" in body
    assert '<li><a href="https://olvr.vermont.gov/">Register to vote</a></li>' in body
    assert '<li><a href="https://mvp.vermont.gov/">Check your registration</a></li>' in body
    assert "How to vote" not in pages_of(root)["or/index.md"].body


def test_officeholders_current_and_former_with_json_ld(root: Path, change: Change) -> None:
    holders = [
        {
            "office": "Mayor",
            "name": "Ada Quill",
            "status": "current",
            "term_end": "2030",
            "candidate": "vt/maple-falls/ada-quill",
            "sources": ["https://example.org/mayor"],
        },
        {
            "office": "Mayor",
            "name": "Old Mayor",
            "status": "former",
            "term_start": "2014",
            "term_end": "2018",
            "sources": ["https://example.org/old-mayor"],
        },
    ]
    change(root, "cities/vt/maple-falls.yml", lambda city: city.update(officeholders=holders))
    body = pages_of(root)["vt/maple-falls/index.md"].body
    current, former = body.split(">In office</h3>")[1].split(">Former officeholders</h3>")
    assert '<a href="ada-quill/"><bdi>Ada Quill</bdi></a>, Mayor' in current
    assert "Term ends 2030, as the source gives it." in current and "May be out of date" not in current
    assert "<bdi>Old Mayor</bdi>, Mayor" in former
    assert "Term began 2014. Term ended 2018, as the source gives it." in former
    assert '"@type":"GovernmentOrganization"' in body
    assert '{"@type":"OrganizationRole","endDate":"2018","member":{"@type":"Person","name":"Old Mayor"}' in body
