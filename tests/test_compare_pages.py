"""Compare a race: its candidates side by side, topic by topic in their own words, linked from the city and
candidate pages, split into a series when the positions would not fit one page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest

from site_builder.directory.build import build_directory
from site_builder.records.validate import validate_directory
from site_builder.site.markup import LINK_REL
from site_builder.site.pages import Page, Settings, build_pages

FIXTURE = Path(__file__).parent / "fixtures" / "directory"
SITE = Path(__file__).parent / "fixtures" / "site"
SETTINGS = Settings(
    repo_url="https://github.com/example/directory", site_url="https://example.org/cc/", today=dt.date(2026, 11, 21)
)
COMPARE = "vt/maple-falls/compare-2027-03-02-general-mayor/"


def fixture_pages(settings: Settings = SETTINGS) -> dict[str, Page]:
    tables, problems = validate_directory(FIXTURE, settings.today)
    assert [p for p in problems if p.is_error] == []
    return {page.url: page for page in build_pages(build_directory(tables), settings)}


def text(fragment: str) -> str:
    """The words of an HTML fragment, one space between them."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def topic_block(body: str, topic: str) -> str:
    start = body.index(f'<section class="cc-compare-topic" aria-labelledby="{topic}">')
    return body[start : body.index("</section>", start)]


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return fixture_pages()


def test_a_race_of_two_candidates_has_a_compare_page_and_a_race_of_one_has_none(pages: dict[str, Page]) -> None:
    compare = {url for url, page in pages.items() if page.kind == "compare"}
    assert compare == {COMPARE}
    page = pages[COMPARE]
    assert page.title == "Compare the candidates: Mayor, Maple Falls, VT, March 2, 2027 general election"
    assert page.search is False


def test_each_candidate_has_a_card_with_status_result_incumbency_party_and_endorsements(
    pages: dict[str, Page],
) -> None:
    body = pages[COMPARE].body
    cards = body[body.index("<h2>The candidates</h2>") : body.index("</section>")]
    # Read at a glance beside each other: the sources of a status and an endorsement are on the candidate's page.
    assert text(cards) == (
        "The candidates "
        "Dara Penhallow Status Qualified Incumbent No Party Independent "
        "Ada Quill Status Announced Incumbent Yes "
        "Endorsements Maple Falls Tenants Union (endorsed October 5, 2026)"
    )
    assert "cc-cite" not in cards
    assert '<a href="../dara-penhallow/"><bdi>Dara Penhallow</bdi></a>' in cards
    assert '<a href="../ada-quill/"><bdi>Ada Quill</bdi></a>' in cards
    assert '<a href="../../../organizations/maple-falls-tenants-union/">' in cards


def test_positions_topic_by_topic_in_their_words_with_sources(pages: dict[str, Page]) -> None:
    body = pages[COMPARE].body
    housing = topic_block(body, "housing-and-displacement")
    assert text(housing) == (
        "Housing and displacement "
        "Dara Penhallow Would build starter homes on city-owned lots. "
        "Source: Mayoral forum notes (Maple Falls Courier, October 2026; no web address) "
        "Ada Quill Would cap rent increases for existing tenants. Source: https://ada.example.org/platform"
    )
    # A source with an address is a link; one without is named as a citation.
    assert (
        f'<a href="https://ada.example.org/platform" rel="{LINK_REL}">https://ada.example.org/platform</a>' in housing
    )
    assert "<cite>Mayoral forum notes</cite>" in housing
    assert "<em>starter homes</em>" in housing
    wage = topic_block(body, "minimum-wage")
    assert text(wage) == (
        "Minimum wage Dara Penhallow "
        "Ada Quill Backs a $18 city minimum wage by 2028. Source: https://ada.example.org/platform"
    )
    assert '<a href="../../../topics/minimum-wage/">Minimum wage</a>' in wage


def test_the_city_page_and_each_candidate_in_the_race_link_to_it(pages: dict[str, Page]) -> None:
    link = '<a href="{}">Compare the candidates in this race</a>'
    city = pages["vt/maple-falls/"].body
    assert city.count("Compare the candidates in this race") == 1
    assert link.format("compare-2027-03-02-general-mayor/") in city
    mayor_2027 = city[city.index(">Mayor</h4>") :]
    assert mayor_2027.index("compare-2027-03-02-general-mayor/") < mayor_2027.index("Dara Penhallow")
    for candidate in ("ada-quill", "dara-penhallow"):
        body = pages[f"vt/maple-falls/{candidate}/"].body
        assert body.count("Compare the candidates in this race") == 1
        assert link.format("../compare-2027-03-02-general-mayor/") in body
    for alone in ("vt/maple-falls/ben-ostrander/", "or/cedar-bend/cora-lindqvist/", "or/cedar-bend/"):
        assert "Compare the candidates" not in pages[alone].body


def test_the_compare_page_names_its_candidates_in_structured_data(pages: dict[str, Page]) -> None:
    body = pages[COMPARE].body
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body).group(1))
    assert data["@type"] == "ItemList"
    assert [item["item"]["name"] for item in data["itemListElement"]] == ["Dara Penhallow", "Ada Quill"]
    assert data["itemListElement"][1]["item"]["url"] == "https://example.org/cc/vt/maple-falls/ada-quill/"


def test_positions_that_do_not_fit_go_on_further_pages_of_a_series() -> None:
    pages = fixture_pages(dataclasses.replace(SETTINGS, page_budget=100))
    first, second = pages[COMPARE], pages["vt/maple-falls/compare-2027-03-02-general-mayor-part-2/"]
    assert "vt/maple-falls/compare-2027-03-02-general-mayor-part-3/" not in pages
    assert second.title == (
        "Compare the candidates: Mayor, Maple Falls, VT, March 2, 2027 general election: positions, Minimum wage"
    )
    assert "<h2>The candidates</h2>" in first.body and "<h2>The candidates</h2>" not in second.body
    assert 'aria-labelledby="housing-and-displacement"' in first.body
    assert 'aria-labelledby="minimum-wage"' not in first.body
    assert 'aria-labelledby="minimum-wage"' in second.body
    assert "Page 2 of 2: Minimum wage. Previous page: Housing and displacement" in text(second.body)
    assert '<a href="../compare-2027-03-02-general-mayor-part-2/" rel="next">' in first.body
    assert '<a href="../compare-2027-03-02-general-mayor/" rel="prev">' in second.body
    assert '<li><a href="../compare-2027-03-02-general-mayor/">Compare: Mayor, March 2, 2027</a></li>' in second.body
    assert 'type="application/ld+json"' not in second.body


def test_a_held_race_has_no_compare_page_though_its_candidates_have_positions_and_is_linked_on_its_city_page() -> None:
    later = fixture_pages(dataclasses.replace(SETTINGS, today=dt.date(2027, 6, 1)))
    assert {url for url, page in later.items() if page.kind == "compare"} == set()
    city = later["vt/maple-falls/"].body
    assert "Compare the candidates" not in city and "compare-2027-03-02-general-mayor/" not in city
    for candidate in ("ada-quill", "dara-penhallow"):
        body = later[f"vt/maple-falls/{candidate}/"].body
        assert '<a href="../#2027-03-02-general-mayor">Every candidate in this race, on the city page</a>' in body


def test_only_a_race_to_come_has_a_compare_page_and_a_held_one_is_linked_on_its_city_page() -> None:
    """Montpelier's 2026 mayoral race, and Burlington's of 2025 where both candidates have positions, are held:
    no compare page; the race's heading on the city page is where its candidates' pages lead."""
    tables, problems = validate_directory(SITE, SETTINGS.today)
    assert [p for p in problems if p.is_error] == []
    directory = build_directory(tables)
    pages = {page.url: page for page in build_pages(directory, SETTINGS)}
    assert {url for url, page in pages.items() if page.kind == "compare"} == {
        "vt/burlington/compare-2027-03-02-general-mayor/",
        "or/eugene/compare-2027-05-special-city-council-ward-2/",  # to come
    }
    assert "compare-2025-03-04-general-mayor/" not in pages["vt/burlington/"].body  # held, with positions
    city = pages["vt/montpelier/"].body
    assert '<h4 id="2026-03-03-general-mayor">Mayor</h4>' in city
    assert "Compare the candidates" not in city
    for candidate in ("esme-harrowgate", "dorian-vell"):
        body = pages[f"vt/montpelier/{candidate}/"].body
        assert '<a href="../#2026-03-03-general-mayor">Every candidate in this race, on the city page</a>' in body
    for race in (race for election in directory.elections for race in election.races):
        city = pages[f"{race.election.city.state}/{race.election.city.slug}/"].body
        assert city.count(f' id="{race.election.id}-{race.id}"') == 1, race.id
