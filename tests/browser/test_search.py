"""Search finds what voters type, typed key by key into the search box: names without their accents or
apostrophes, a word of a position, an endorser's name, an office with its city."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import Site, Visit, search, settled

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
    expect(results.locator("a.md-search-result__link").first, f"{query!r} should find something").to_be_visible()
    settled(visit.page, results)
    root = urlsplit(site()).path
    links = results.locator("li.md-search-result__item > a.md-search-result__link")
    return [urlsplit(href or "").path.removeprefix(root) for href in links.evaluate_all("(a) => a.map((e) => e.href)")]


def candidates(pages: list[str]) -> list[str]:
    """The candidates' pages among ``pages`` (``<state>/<city>/<candidate>/``)."""
    return [page for page in pages if page.count("/") == 3 and not page.startswith(("topics/", "contributing/"))]


@pytest.mark.parametrize(
    ("query", "page", "name"),
    [
        ("Esme", ESME, "Esmé Harrowgate"),
        ("esme harrowgate", ESME, "Esmé Harrowgate"),
        ("Esmé", ESME, "Esmé Harrowgate"),
        ("gonzalez", GONZALEZ, "Marisol González"),
        ("GONZALEZ", GONZALEZ, "Marisol González"),
        ("González", GONZALEZ, "Marisol González"),
    ],
)
def test_names_are_found_whatever_their_accents_and_case(
    visit: Visit, site: Site, query: str, page: str, name: str
) -> None:
    pages = found(visit, site, query)
    assert pages[0] == page, f"{query!r} should find {name} first: {pages}"
    title = visit.page.locator(".md-search-result__item").first.locator("h1")
    expect(title, "the result shows the name as written").to_contain_text(name)
    assert not visit.problems(), visit.problems()


@pytest.mark.parametrize("query", ["O'Brien", "OBrien", "obrien", "O’Brien", "Declan O'Brien"])
def test_names_with_an_apostrophe_are_found_with_it_or_without(visit: Visit, site: Site, query: str) -> None:
    pages = found(visit, site, query)
    assert pages[0] == OBRIEN, f"{query!r} should find Declan O'Brien first: {pages}"
    title = visit.page.locator(".md-search-result__item").first.locator("h1")
    expect(title, "the result shows the apostrophe, not its escape").to_contain_text("Declan O'Brien – City Council")
    assert "&#" not in title.inner_text()
    assert not visit.problems(), visit.problems()


def test_a_word_of_a_position_finds_the_candidates_who_hold_it(visit: Visit, site: Site) -> None:
    pages = found(visit, site, "eviction")
    assert set(candidates(pages)) == {AVERY, GONZALEZ}, f"only Avery's and Marisol's positions say 'eviction': {pages}"
    assert not visit.problems(), visit.problems()


@pytest.mark.parametrize(
    ("query", "endorsed", "organization"),
    [
        ("Green Streets Coalition", {AVERY, OKONJO}, "organizations/green-streets-coalition/"),
        ("Lakeside Tenants", {AVERY, FARRAH, DORIAN, GONZALEZ}, "organizations/lakeside-tenants-union/"),
    ],
)
def test_an_organisation_finds_the_candidates_it_endorsed(
    visit: Visit, site: Site, query: str, endorsed: set[str], organization: str
) -> None:
    pages = found(visit, site, query)
    assert pages[0] == organization, f"{query!r} should find the organisation's own page first: {pages}"
    assert set(candidates(pages)) == endorsed, f"{query!r} should find the candidates it endorsed, no others: {pages}"
    assert not visit.problems(), visit.problems()


def test_an_office_with_its_city_finds_that_race(visit: Visit, site: Site) -> None:
    pages = found(visit, site, "Burlington mayor")
    assert set(pages[:2]) == {AVERY, OKONJO}, f"Burlington's candidates for mayor should come first: {pages}"
    assert "vt/burlington/" in pages, "the city page, whose races include the mayor's, is found too"
    for elsewhere in (ESME, DORIAN, GIDEON, MARCHETTI):
        if elsewhere in pages:
            assert pages.index(elsewhere) > 1, f"{elsewhere} runs for another office or in another city: {pages}"
    assert not visit.problems(), visit.problems()


def test_a_candidate_who_ran_for_another_office_is_found_by_it(visit: Visit, site: Site) -> None:
    pages = candidates(found(visit, site, "Eugene mayor"))
    # Gideon ran for mayor of Eugene; Farrah did too, before running for the council, where the others run.
    assert pages[:2] == [GIDEON, FARRAH], f"Eugene's candidates for mayor should come first: {pages}"
    assert not visit.problems(), visit.problems()


def test_the_index_holds_text_not_escapes(site: Site) -> None:
    raw = (site.dir / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "&#x27;" not in raw and "&#39;" not in raw and "&quot;" not in raw
    docs = {doc["location"]: doc for doc in json.loads(raw)["docs"]}
    assert docs[OBRIEN]["title"] == "Declan O'Brien – City Council, Ward 2, Eugene, OR"
    assert docs[OBRIEN]["text"] == "<p>OBrien</p>"
    assert docs[ESME]["text"] == "<p>Esme</p>"
    assert docs[GONZALEZ]["text"].endswith(" Gonzalez</p>")
    assert "Endorsed by Green Streets Coalition, Lakeside Tenants Union." in docs[AVERY]["text"]
    assert "bus driver" not in docs[AVERY]["text"], "bios are not indexed"
