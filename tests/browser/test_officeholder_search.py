"""Officeholders of the repository's records are found where voters look for people: their names typed into the
site's search find their city's page, and the candidate page of one who ran for office."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import ROOT, Site, Visit, _served_build, result_urls, search, settled
from .test_search import choose

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CITIES = ("tx/austin", "tx/fort-worth", "wa/bellingham")


@pytest.fixture(scope="module")
def real_site(server_root: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Three cities of the repository's records, with their candidates and their states, built and served."""
    records = tmp_path_factory.mktemp("officeholders") / "records"
    for city in CITIES:
        if not (ROOT / "cities" / f"{city}.yml").is_file():
            pytest.skip(f"the repository holds no record of {city}")
        (records / "cities" / city).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "cities" / f"{city}.yml", records / "cities" / f"{city}.yml")
        if (ROOT / "candidates" / city).is_dir():
            shutil.copytree(ROOT / "candidates" / city, records / "candidates" / city)
        state = city.split("/")[0]
        (records / "states").mkdir(exist_ok=True)
        shutil.copy(ROOT / "states" / f"{state}.yml", records / "states" / f"{state}.yml")
    return _served_build(records, "/officeholders/", server_root, tmp_path_factory, dt.date.today().isoformat(), False)


def found(visit: Visit, site: Site, query: str) -> list[str]:
    visit.goto(site())
    results = search(visit.page, query)
    expect(results.locator("a").first, f"{query!r} should find something").to_be_visible()
    settled(visit.page, results)
    return result_urls(site, results)


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("Kirk Watson", ["tx/austin/"]),
        ("Mattie Parker", ["tx/fort-worth/"]),
        ("Seth Fleetwood", ["wa/bellingham/seth-fleetwood/", "wa/bellingham/"]),
    ],
)
def test_an_officeholders_name_finds_their_city_and_their_candidate_page(
    visit: Visit, real_site: Site, name: str, first: list[str]
) -> None:
    pages = found(visit, real_site, name)
    # Their own page first (the candidate page of one who ran, else their city's), and their city's among the
    # first three, with the state's elections that name the winner.
    assert pages[0] == first[0] and first[-1] in pages[:3], f"{name!r} should find {first} first: {pages}"
    visit.goto(real_site(first[-1]))
    expect(visit.page.locator(".cc-officeholders"), "the city page lists them").to_contain_text(name)
    if len(first) > 1:
        visit.goto(real_site(first[0]))
        expect(visit.page.locator(".cc-offices-held"), "their candidate page gives the office").to_contain_text(
            "Mayor of"
        )
    assert not visit.problems(), visit.problems()


def test_the_officeholder_filter_keeps_the_pages_of_officeholders(visit: Visit, real_site: Site) -> None:
    visit.goto(real_site())
    results = search(visit.page, "mayor")
    settled(visit.page, results)
    choose(visit.page, "Kind", "Officeholder")
    settled(visit.page, results)
    pages = result_urls(real_site, results)
    assert {"tx/austin/", "tx/fort-worth/", "wa/bellingham/seth-fleetwood/"} <= set(pages), pages
    assert "wa/bellingham/" in pages, "a city page lists its officeholders"
    assert not visit.problems(), visit.problems()
