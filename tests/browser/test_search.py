"""Search finds what voters type, typed key by key into the header's search box: names without their accents or
apostrophes, an office with its city, a word of a position; results narrow by kind and state and say the year, office
and outcome; the keyboard and a screen reader can use it all, under the pages' security policy."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import DESKTOP, PHOTO_HOSTS, Site, Visit, open_visit, result_urls, search, settled
from .test_accessibility import _report, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AVERY = "vt/burlington/avery-quillfeather/"
OKONJO = "vt/burlington/bramwell-okonjo/"
MARCHETTI = "vt/burlington/celestine-marchetti/"
ESME = "vt/montpelier/esme-harrowgate/"
DORIAN = "vt/montpelier/dorian-vell/"
GONZALEZ = "or/eugene/marisol-gonzalez/"
OBRIEN = "or/eugene/declan-obrien/"
FARRAH = "or/eugene/farrah-lindqvist/"
GIDEON = "or/eugene/gideon-ashworth/"


def found(visit: Visit, site: Site, query: str) -> list[str]:
    """The pages the search box lists for ``query`` typed key by key on the home page, best first."""
    visit.goto(site())
    results = search(visit.page, query)
    expect(results.locator("a").first, f"{query!r} should find something").to_be_visible()
    settled(visit.page, results)
    return result_urls(site, results)


def candidates(pages: list[str]) -> list[str]:
    """The candidates' pages among ``pages`` (``<state>/<city>/<candidate>/``)."""
    return [page for page in pages if page.count("/") == 3 and not page.startswith(("topics/", "contributing/"))]


def first_result(page: Page) -> Any:
    return page.locator(".cc-search__results > li").first


@pytest.mark.parametrize(
    ("query", "page", "name"),
    [
        ("Esme", ESME, "Esmé Harrowgate"),
        ("esme harrowgate", ESME, "Esmé Harrowgate"),
        ("Esmé", ESME, "Esmé Harrowgate"),
        ("Gonzalez", GONZALEZ, "Marisol González"),
        ("GONZALEZ", GONZALEZ, "Marisol González"),
        ("González", GONZALEZ, "Marisol González"),
    ],
)
def test_names_are_found_whatever_their_accents_and_case(
    visit: Visit, site: Site, query: str, page: str, name: str
) -> None:
    pages = found(visit, site, query)
    assert pages[0] == page, f"{query!r} should find {name} first: {pages}"
    expect(first_result(visit.page).locator("a"), "the result shows the name as written").to_contain_text(name)
    assert not visit.problems(), visit.problems()


@pytest.mark.parametrize("query", ["O'Brien", "OBrien", "obrien", "O’Brien", "Declan O'Brien"])
def test_names_with_an_apostrophe_are_found_with_it_or_without(visit: Visit, site: Site, query: str) -> None:
    pages = found(visit, site, query)
    assert pages[0] == OBRIEN, f"{query!r} should find Declan O'Brien first: {pages}"
    title = first_result(visit.page).locator("a")
    expect(title, "the result shows the apostrophe, not its escape").to_have_text(
        "Declan O'Brien – City Council, Ward 2, Eugene, OR"
    )
    assert not visit.problems(), visit.problems()


def test_a_result_shows_the_year_office_and_outcome(visit: Visit, site: Site) -> None:
    pages = found(visit, site, "Gideon Ashworth")
    assert pages[0] == GIDEON, pages
    expect(first_result(visit.page).locator(".cc-search__meta")).to_have_text("2026 · Mayor · Lost")
    # Found by the name: the name's words are marked in the result's title.
    expect(first_result(visit.page).locator("a mark")).to_have_text(["Gideon", "Ashworth"])
    assert not visit.problems(), visit.problems()


def test_an_office_with_its_city_finds_that_race_first(visit: Visit, site: Site) -> None:
    pages = found(visit, site, "Burlington mayor")
    assert set(pages[:2]) == {AVERY, OKONJO}, f"Burlington's candidates for mayor should come first: {pages}"
    for elsewhere in (ESME, DORIAN, GIDEON, MARCHETTI):
        if elsewhere in pages:
            assert pages.index(elsewhere) > 1, f"{elsewhere} runs for another office or in another city: {pages}"
    assert not visit.problems(), visit.problems()


def test_a_candidate_who_ran_for_another_office_is_found_by_it(visit: Visit, site: Site) -> None:
    pages = candidates(found(visit, site, "Eugene mayor"))
    # Gideon ran for mayor of Eugene; Farrah did too, before running for the council, where the others run.
    assert set(pages[:2]) == {GIDEON, FARRAH}, f"Eugene's candidates for mayor should come first: {pages}"
    assert not visit.problems(), visit.problems()


def test_a_word_of_a_position_finds_the_candidates_who_hold_it(visit: Visit, site: Site) -> None:
    pages = found(visit, site, "eviction")
    # Avery's and Marisol's positions say "eviction"; so does a question sent to Burlington's mayoral candidates.
    assert set(candidates(pages)) == {AVERY, GONZALEZ, OKONJO}, pages
    assert not visit.problems(), visit.problems()


def test_the_words_of_pages_in_every_part_of_the_index_are_found(visit: Visit, site: Site) -> None:
    script = (site.dir / "assets" / "search.js").read_text(encoding="utf-8")
    parts = json.loads(re.search(r"const INDEX_PARTS_BY_LANGUAGE = (\{.*?\});", script).group(1))["en"]  # type: ignore[union-attr]
    assert parts > 2, "the fixture site's index is in parts (INDEX_PART_BYTES)"
    visit.goto(site())
    fetched: list[str] = []
    visit.page.on("request", lambda request: fetched.append(request.url.removeprefix(site()).split("?")[0]))
    results = search(visit.page, "eviction")
    expect(results.locator("a").nth(1)).to_be_visible()
    settled(visit.page, results)
    # Burlington's and Eugene's candidates are in different parts: the first part's script merged every other.
    assert {AVERY, GONZALEZ} <= set(result_urls(site, results))
    assert {f"pagefind/{number}/pagefind-entry.json" for number in range(2, parts + 1)} <= set(fetched), fetched
    scripts = [url for url in fetched if url.endswith((".js", ".pagefind"))]
    assert scripts == ["pagefind/pagefind.js", "pagefind/pagefind-worker.js", "pagefind/wasm.en.pagefind"], fetched
    assert not visit.problems(), visit.problems()


def choose(page: Page, filter_name: str, value: str) -> None:
    """Open the filters by keyboard if they are closed, and pick ``value`` in the ``filter_name`` list."""
    filters = page.locator(".cc-search__filters")
    if not filters.evaluate("(e) => e.open"):
        filters.locator("summary").focus()
        page.keyboard.press("Enter")
    select = page.get_by_role("combobox", name=filter_name)
    select.focus()
    select.select_option(label=value)


def test_a_name_is_answered_from_the_list_of_names_and_more_results_search_every_page(visit: Visit, site: Site) -> None:
    visit.goto(site())
    fetched: list[str] = []
    visit.page.on("request", lambda request: fetched.append(request.url))
    results = search(visit.page, "Burlington")
    settled(visit.page, results)
    # Typed, the city's name finds the city by its name, from one shard of the list of names, without Pagefind.
    assert result_urls(site, results) == ["vt/burlington/"]
    assert not [url for url in fetched if "/pagefind/" in url], fetched
    assert [url.rsplit("/", 1)[1] for url in fetched if "/names/" in url] == ["keys.json", "bur.json"]
    more = visit.page.get_by_role("button", name="More results")
    expect(more, "after the names, every page's words can be searched").to_be_visible()
    more.click()
    expect(results.locator("a").nth(1)).to_be_visible()
    settled(visit.page, results)
    pages = result_urls(site, results)
    assert {AVERY, OKONJO, MARCHETTI} <= set(pages), pages
    expect(results.locator("a").first).to_be_focused()
    assert not visit.problems(), visit.problems()


def test_results_narrow_by_kind(visit: Visit, site: Site) -> None:
    visit.goto(site())
    results = search(visit.page, "Burlington")
    # Entered, a query searches every page's words, not only the names.
    visit.page.get_by_role("searchbox", name="Search").press("Enter")
    expect(results.locator("a").nth(1)).to_be_visible()
    settled(visit.page, results)
    assert len(result_urls(site, results)) > 1
    choose(visit.page, "Kind", "City")
    expect(visit.page.locator(".cc-search__status")).to_have_text("1 result for “Burlington”")
    assert result_urls(site, results) == ["vt/burlington/"]
    choose(visit.page, "Kind", "Candidate")
    expect(results.locator("a").first).to_be_visible()
    settled(visit.page, results)
    assert set(result_urls(site, results)) == {AVERY, OKONJO, MARCHETTI}
    assert not visit.problems(), visit.problems()


def test_results_narrow_by_state(visit: Visit, site: Site) -> None:
    visit.goto(site())
    results = search(visit.page, "mayor")
    settled(visit.page, results)
    everywhere = result_urls(site, results)
    assert any(page.startswith("vt/") for page in everywhere), everywhere
    choose(visit.page, "State", "Oregon")
    settled(visit.page, results)
    pages = result_urls(site, results)
    assert pages and all(page.startswith(("or/", "elections/or/")) for page in pages), pages
    assert set(candidates(pages)) >= {GIDEON, FARRAH}
    assert not visit.problems(), visit.problems()


def test_the_search_is_used_by_keyboard_alone(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.goto(site("vt/"))
    page.locator("body").click(position={"x": 5, "y": 400})
    page.keyboard.press("/")
    box = page.get_by_role("searchbox", name="Search")
    expect(box, "'/' focuses the search box").to_be_focused()
    page.keyboard.type("Gonzalez", delay=20)
    expect(page.locator(".cc-search__status")).to_contain_text("for “Gonzalez”", timeout=15_000)
    page.keyboard.press("ArrowDown")
    expect(page.locator(".cc-search__results a:focus")).to_contain_text("Marisol González")
    page.keyboard.press("Escape")
    expect(box, "Escape returns to the box").to_be_focused()
    expect(page.locator(".cc-search__panel")).to_be_hidden()
    page.keyboard.press("ArrowDown")
    expect(page.locator(".cc-search__results a:focus"), "Down opens the results again").to_contain_text("Marisol")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site(GONZALEZ))
    assert not visit.problems(), visit.problems()


def test_the_last_results_shown_by_keyboard_keep_the_panel_open_and_take_the_focus(visit: Visit, site: Site) -> None:
    """ "More results" goes once it has shown the last results: the focus goes to the first of them, and the panel
    stays open, rather than closing as the focus leaves with the button."""
    page = visit.page
    visit.goto(site())
    box = page.get_by_role("searchbox", name="Search")
    box.click()
    page.keyboard.type("Vermont", delay=20)
    page.keyboard.press("Enter")
    results = page.locator(".cc-search__results")
    settled(page, results)
    expect(results.locator("a")).to_have_count(10)  # one page of results, of more than ten
    more = page.get_by_role("button", name="More results")
    more.focus()
    page.keyboard.press("Enter")
    expect(more).to_be_hidden()
    expect(page.locator(".cc-search__panel")).to_be_visible()
    expect(results.locator("a").nth(10)).to_be_focused()
    assert results.locator("a").count() > 10
    assert not visit.problems(), visit.problems()


@pytest.fixture
def axe_search_visit(browser: Browser) -> Iterator[Visit]:
    """A desktop context that bypasses the policy, for axe to be injected."""
    opened = open_visit(browser, DESKTOP, bypass_csp=True, photo_hosts=PHOTO_HOSTS)
    try:
        yield opened
    finally:
        opened.context.close()


def test_axe_finds_no_violation_with_results_and_filters_open(axe_search_visit: Visit, site: Site) -> None:
    page = axe_search_visit.page
    axe_search_visit.goto(site())
    results = search(page, "mayor")
    settled(page, results)
    choose(page, "Kind", "Candidate")
    settled(page, results)
    expect(results.locator("a").first).to_be_visible()
    violations = axe_violations(page)
    assert not violations, f"axe found WCAG violations with search results open:\n{_report(violations)}"


def test_fewer_than_three_letters_are_searched_on_enter(visit: Visit, site: Site) -> None:
    visit.goto(site())
    box = visit.page.get_by_role("searchbox", name="Search")
    box.click()
    box.press_sequentially("Ok", delay=20)
    status = visit.page.locator(".cc-search__status")
    expect(status).to_have_text("Type 3 letters or more, or press Enter to search")
    box.press("Enter")
    expect(status).to_contain_text("for “Ok”", timeout=15_000)
    expect(visit.page.locator(".cc-search__results a").first).to_contain_text("Bramwell Okonjo")
    assert not visit.problems(), visit.problems()
