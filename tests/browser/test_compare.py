"""Compare a race in the browser: readable at 360 px without sideways scrolling, in columns on a wide screen,
reached from the city and candidate pages, and usable with the keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import FloatRect, Locator, expect

from .conftest import Site, Visit

pytestmark = [pytest.mark.browser, pytest.mark.slow]

UPCOMING = "vt/burlington/compare-2027-03-02-general-mayor/"
"""A race to come: only such a race has a comparison (a race held is set out on its city's page)."""
CANDIDATES = ("Avery Quillfeather", "Bramwell Okonjo")


def box(locator: Locator) -> FloatRect:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not shown"
    return found


@pytest.mark.parametrize("url", [UPCOMING])
def test_at_360_px_nothing_scrolls_sideways_and_every_name_shows(url: str, mobile_visit: Visit, site: Site) -> None:
    page = mobile_visit.page
    mobile_visit.goto(site(url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare the candidates for Mayor")
    scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"/{url} scrolls sideways at 360 px: {scroll} > {inner}"
    content = page.locator("article.md-content__inner")
    for name in CANDIDATES:
        card = content.get_by_role("heading", name=name, level=3)
        expect(card, f"{name}'s card").to_be_visible()
        shown = box(card)
        assert shown["x"] >= 0 and shown["x"] + shown["width"] <= inner, (name, shown)
    # On a phone the cards of a list stack, one above the other.
    first, second = (box(content.get_by_role("heading", name=n, level=3)) for n in CANDIDATES)
    assert first["x"] == second["x"] and first["y"] < second["y"], (first, second)
    assert not mobile_visit.problems(), mobile_visit.problems()


def test_on_a_wide_screen_the_candidates_stand_side_by_side_topic_by_topic(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.goto(site(UPCOMING))
    content = page.locator("article.md-content__inner")
    for level in (3, 4):
        first, second = (box(content.get_by_role("heading", name=n, level=level).first) for n in CANDIDATES)
        assert first["y"] == second["y"] and first["x"] < second["x"], (level, first, second)
    housing = content.locator("section.cc-compare-topic").filter(has=page.get_by_role("heading", name="Housing"))
    expect(housing).to_contain_text("Backs a just-cause eviction ordinance")
    expect(housing.locator(".cc-compare-card").nth(1)).to_have_text(re.compile(r"^\s*Bramwell Okonjo\s*$"))
    expect(housing.get_by_role("link", name="Candidate questionnaire")).to_have_attribute(
        "href", "https://news.example.org/burlington/questionnaire"
    )
    assert not visit.problems(), visit.problems()


def test_the_city_page_and_a_candidate_page_lead_to_it_and_the_keyboard_goes_on(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.goto(site("vt/burlington/"))
    past = page.locator("article.cc-election").filter(
        has=page.get_by_role("heading", name="March 4, 2025: General election")
    )
    expect(past.get_by_role("link", name="Compare the candidates in this race")).to_have_count(0)
    upcoming = page.locator("article.cc-election").filter(
        has=page.get_by_role("heading", name="March 2, 2027: General election")
    )
    upcoming.get_by_role("link", name="Compare the candidates in this race").first.click()
    expect(page).to_have_url(site(UPCOMING))
    visit.goto(site("vt/burlington/bramwell-okonjo/"))
    content = page.locator("article.md-content__inner")
    # The race held is set out on the city's page; only the race to come has a comparison.
    expect(content.get_by_role("link", name="Every candidate in this race, on the city page")).to_have_count(1)
    link = content.get_by_role("link", name="Compare the candidates in this race")
    expect(link).to_have_count(1)
    link.first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"vt/burlington/compare-2027-03-02-general-mayor/$"))
    # From the page's own heading, Tab reaches each candidate's page, and Enter opens it.
    page.get_by_role("heading", level=1).click()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Bramwell Okonjo":
            break
    else:
        raise AssertionError("Tab never reached Bramwell Okonjo's card")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site("vt/burlington/bramwell-okonjo/"))
    assert not visit.problems(), visit.problems()
