"""What a voter does on the site: search for a candidate, read a city's races and a candidate's record."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import REPO_URL, Site, Visit, search

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CANDIDATE = "vt/burlington/avery-quillfeather/"
CITY = "vt/burlington/"


def test_search_box_finds_a_candidate_and_opens_their_page(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.goto(site())
    results = search(page, "Quillfeather")
    result = results.locator("a").filter(has_text="Avery Quillfeather")
    expect(result.first, "searching 'Quillfeather' should list Avery Quillfeather's page").to_be_visible()
    result.first.click()
    expect(page, "the search result should open the candidate page").to_have_url(re.compile(re.escape(CANDIDATE)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Avery Quillfeather")
    assert not visit.problems(), visit.problems()


def test_city_page_shows_races_and_candidates(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.goto(site(CITY))
    expect(page.get_by_role("heading", level=1)).to_have_text("Burlington, Vermont")
    content = page.locator("article.md-content__inner")

    upcoming = content.locator("article.cc-election").filter(
        has=page.get_by_role("heading", name="March 2, 2027: General election")
    )
    expect(upcoming, "the upcoming election should have its own section").to_be_visible()
    expect(upcoming).to_contain_text("Upcoming.")
    expect(upcoming.get_by_role("heading", name="Mayor", exact=True)).to_be_visible()
    expect(upcoming.get_by_role("heading", name="City Council, Ward 1")).to_be_visible()
    for name in ("Avery Quillfeather", "Bramwell Okonjo"):
        expect(upcoming.get_by_role("link", name=name), f"{name} runs for mayor in 2027").to_be_visible()
    expect(upcoming.get_by_text("Incumbent")).to_be_visible()
    expect(upcoming.get_by_role("link", name="Lakeside Tenants Union")).to_be_visible()

    past = content.locator("article.cc-election").filter(
        has=page.get_by_role("heading", name="March 4, 2025: General election")
    )
    expect(past, "the past election should still be listed").to_be_visible()
    expect(past).not_to_contain_text("Upcoming.")
    expect(past.get_by_role("link", name="Celestine Marchetti")).to_be_visible()
    # A race with results gives its candidates once, in the results table: status, votes and share.
    winner = past.locator("tr").filter(has_text="9,120")
    expect(winner, "the past election should show its results").to_contain_text("51.2%")
    expect(winner).to_contain_text("Won")
    expect(past.locator("tr").filter(has_text="8,690")).to_contain_text("48.8%")
    expect(past.locator(".cc-candidates")).to_have_count(0)
    expect(past.locator(".cc-status-won").first).to_have_text("Won")

    expect(content.get_by_role("link", name="Register to vote")).to_have_attribute(
        "href", "https://mvp.vermont.example.gov/register"
    )
    expect(content.get_by_role("link", name="Edit this record")).to_have_attribute(
        "href", f"{REPO_URL}/edit/main/cities/vt/burlington.yml"
    )

    page.get_by_role("link", name="Avery Quillfeather").first.click()
    expect(page, "the candidate's name should link to their page").to_have_url(re.compile(re.escape(CANDIDATE)))
    assert not visit.problems(), visit.problems()


def test_candidate_page_shows_platform_endorsements_sources_and_record_links(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.goto(site(CANDIDATE))
    content = page.locator("article.md-content__inner")
    expect(page.get_by_role("heading", level=1)).to_have_text("Avery Quillfeather")
    expect(content.locator(".cc-lead")).to_contain_text("Candidate for Mayor in Burlington, VT")

    expect(content.get_by_role("heading", name="Where Avery Quillfeather stands")).to_be_visible()
    for topic in ("Housing", "Transit"):
        expect(content.get_by_role("heading", name=topic, level=3), f"platform topic {topic}").to_be_visible()
    expect(content.get_by_text("Backs a just-cause eviction ordinance")).to_be_visible()
    expect(content.locator(".cc-positions em"), "Markdown emphasis in a position is rendered").to_have_text(
        "just-cause eviction"
    )
    expect(content.get_by_role("link", name="Candidate questionnaire")).to_have_attribute(
        "href", "https://news.example.org/burlington/questionnaire"
    )

    expect(content.get_by_role("heading", name="Endorsements")).to_be_visible()
    endorsements = content.locator("section").filter(has=page.get_by_role("heading", name="Endorsements"))
    expect(endorsements.get_by_role("link", name="Lakeside Tenants Union")).to_be_visible()
    expect(endorsements.get_by_role("link", name="Green Streets Coalition")).to_be_visible()

    expect(content.get_by_role("heading", name="On the ballot")).to_be_visible()
    expect(content).to_contain_text("51.2%, 9,120 votes")

    sources = content.locator(".cc-sources")
    expect(sources.get_by_role("heading", name="Sources")).to_be_visible()
    expect(sources.get_by_role("link", name="About Avery")).to_have_attribute(
        "href", "https://quillfeather.example.org/about"
    )

    photo = content.locator("figure.cc-photo")
    expect(photo.get_by_role("img", name="Photo of Avery Quillfeather")).to_be_visible()
    expect(photo.locator("figcaption")).to_have_text("Photo: Example Photographer, CC BY 4.0")

    expect(content.get_by_role("link", name="Bluesky")).to_have_attribute(
        "href", "https://bsky.app/profile/quillfeather.example.org"
    )

    edit = content.get_by_role("link", name="Edit this record")
    expect(edit).to_be_visible()
    expect(edit).to_have_attribute("href", f"{REPO_URL}/edit/main/candidates/vt/burlington/avery-quillfeather.yml")
    correction = content.get_by_role("link", name="Report a correction")
    expect(correction).to_be_visible()
    href = correction.get_attribute("href") or ""
    assert href.startswith(f"{REPO_URL}/issues/new?"), f"correction link goes to {href!r}"
    assert "Correction%3A+Avery+Quillfeather" in href, f"correction link should name the candidate: {href!r}"
    assert not visit.problems(), visit.problems()


def test_breadcrumbs_lead_back_up_the_directory(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.goto(site(CANDIDATE))
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect(crumbs.get_by_role("listitem")).to_have_text(["Home", "Vermont", "Burlington", "Avery Quillfeather"])
    expect(crumbs.locator("[aria-current='page']")).to_have_text("Avery Quillfeather")

    crumbs.get_by_role("link", name="Burlington").click()
    expect(page).to_have_url(site(CITY))
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Vermont").click()
    expect(page).to_have_url(site("vt/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vermont")
    expect(page.locator("ul.cc-cities").get_by_role("link", name="Montpelier")).to_be_visible()
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Home").click()
    expect(page).to_have_url(site())
    assert not visit.problems(), visit.problems()


NARROW_PAGES = [
    "",
    "cities/",
    "vt/",
    CITY,
    CANDIDATE,
    "vt/burlington/guide-2027-03-02-general/",
    "elections/",
    "topics/housing/",
    "organizations/",
    "organizations/lakeside-tenants-union/",
    "data/",
]


def test_no_horizontal_scroll_at_360_pixels(mobile_visit: Visit, site: Site) -> None:
    page = mobile_visit.page
    too_wide = {}
    for url in NARROW_PAGES:
        mobile_visit.goto(site(url))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            culprits = page.evaluate("""() => [...document.querySelectorAll("body *")]
                .filter((e) => e.getBoundingClientRect().right > 360.5)
                .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""))""")
            too_wide[url] = (width, culprits)
    assert not too_wide, f"pages wider than 360 px (scrollWidth, widest elements): {too_wide}"
    assert not mobile_visit.problems(), mobile_visit.problems()


@pytest.mark.parametrize("url", [CANDIDATE, CITY, "es/" + CANDIDATE])
def test_skip_to_content_leads_to_the_start_of_the_page(mobile_visit: Visit, site: Site, url: str) -> None:
    """The first Tab reaches "Skip to content", which leads past the header to the page's title, not to the first
    heading of its table of contents further down."""
    page = mobile_visit.page
    mobile_visit.goto(site(url))
    page.keyboard.press("Tab")
    skip = page.locator(".md-skip")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#__title$"))
    title = page.get_by_role("heading", level=1)
    expect(title).to_be_in_viewport()
    top = title.evaluate("(h) => h.getBoundingClientRect().top")
    assert 0 <= top < 150, f"the title should be at the top of the screen, under the header: {top}"
    assert not mobile_visit.problems(), mobile_visit.problems()


@pytest.mark.parametrize(
    ("url", "site_name"), [(CANDIDATE, "City Candidates"), ("es/" + CANDIDATE, "Candidatos Municipales")]
)
def test_the_header_gives_the_logo_the_sites_name_and_the_search_in_the_themes_colours(
    visit: Visit, mobile_visit: Visit, site: Site, url: str, site_name: str
) -> None:
    """The directory's page shell has neither the theme's palette stylesheet nor its palette marks: its main
    stylesheet gives the default palette by itself. The site's name stands between the logo and the search on one
    line where there is room for it; on a phone the search field keeps the room, as in the theme's header."""
    widths = {}
    for each in (visit, mobile_visit):
        page = each.page
        each.goto(site(url))
        header = page.locator(".md-header")
        assert header.evaluate("(h) => getComputedStyle(h).backgroundColor") == "rgb(64, 81, 181)"  # the theme's indigo
        link = page.locator("article .cc-lead a").first
        assert link.evaluate("(a) => getComputedStyle(a).color") == "rgb(64, 81, 181)"
        logo, name, search = (header.locator(s) for s in (".md-logo", ".cc-site-name", ".cc-search__input"))
        expect(logo).to_have_accessible_name(site_name)
        expect(name).to_have_text(site_name)
        assert name.evaluate("(n) => getComputedStyle(n).fontWeight") == "700"
        boxes = [
            e.evaluate("(e) => { const b = e.getBoundingClientRect(); return [b.left, b.right]; }")
            for e in (
                logo,
                name,
                search,
            )
        ]
        (_, logo_right), (name_left, name_right), (search_left, search_right) = boxes
        assert logo_right <= name_left and name_right <= search_left + 1, boxes
        assert search_right <= page.viewport_size["width"], boxes  # type: ignore[index]
        widths[page.viewport_size["width"]] = (name_right - name_left, search_right - search_left)  # type: ignore[index]
        assert not each.problems(), each.problems()
    name_wide = widths[1280][0]
    name_narrow, search_narrow = widths[360]
    assert name_wide >= 100, f"the name should show in full on a wide screen: {widths}"
    assert search_narrow >= 180 and name_narrow < 20, f"the search should keep its room on a phone: {widths}"
