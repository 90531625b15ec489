"""Accessibility: axe-core finds no WCAG 2.2 AA violation on any page type, and the keyboard reaches search and tabs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import (
    DESKTOP,
    FIXTURES,
    MOBILE,
    NODE_MODULES,
    PAGE_TYPES,
    PHOTO_HOSTS,
    SPANISH_PAGE_TYPES,
    Site,
    Visit,
    _served_build,
    open_visit,
    settled,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = NODE_MODULES / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWPORTS = {"desktop": DESKTOP, "360px": MOBILE}


def _report(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:8]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1].strip()}")
            lines.append(f"      {' '.join(node['html'].split())[:160]}")
    return "\n".join(lines)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    if not AXE.is_file():
        pytest.skip(f"{AXE} is missing: run `npm ci`")
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
    )
    return list(result["violations"])


@pytest.fixture(scope="module", params=list(VIEWPORTS), ids=list(VIEWPORTS))
def axe_visit(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Visit]:
    """One context per viewport for the axe runs; the CSP is bypassed so that axe can be injected."""
    visit = open_visit(browser, VIEWPORTS[request.param], bypass_csp=True, photo_hosts=PHOTO_HOSTS)
    try:
        yield visit
    finally:
        visit.context.close()


@pytest.mark.parametrize(
    "url", [*PAGE_TYPES.values(), *SPANISH_PAGE_TYPES.values()], ids=[*PAGE_TYPES, *SPANISH_PAGE_TYPES]
)
def test_axe_finds_no_wcag_violations(url: str, axe_visit: Visit, site: Site) -> None:
    axe_visit.goto(site(url))
    violations = axe_violations(axe_visit.page)
    width = axe_visit.page.viewport_size
    assert not violations, f"axe found WCAG violations on /{url} at {width}:\n{_report(violations)}"


LATER = "2027-12-01"
"""A day when every election of the fixture site has been held and every record was checked long before."""
LATER_PAGES = {
    "home": "",
    "city": "vt/burlington/",
    "candidate": "vt/burlington/avery-quillfeather/",
    "organisation": "organizations/lakeside-tenants-union/",
}


@pytest.fixture(scope="module")
def later_site(server_root: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Site:
    """tests/fixtures/site built as on :data:`LATER` and served at /later/."""
    return _served_build(FIXTURES / "site", "/later/", server_root, tmp_path_factory, today=LATER)


@pytest.mark.parametrize("url", list(LATER_PAGES.values()), ids=list(LATER_PAGES))
def test_axe_finds_no_violation_in_what_a_late_build_says(url: str, axe_visit: Visit, later_site: Site) -> None:
    """The notice of a record that may be out of date, the held elections and the home page's latest results."""
    axe_visit.goto(later_site(url))
    expected = "Recent results" if url == "" else "May be out of date"
    expect(axe_visit.page.locator("article").first).to_contain_text(expected)
    violations = axe_violations(axe_visit.page)
    width = axe_visit.page.viewport_size
    assert not violations, f"axe found WCAG violations on /later/{url} at {width}:\n{_report(violations)}"


def _tab_until(page: Page, predicate: str, limit: int = 40) -> list[str]:
    """Press Tab until the focused element matches the JS ``predicate``; return what was focused on the way."""
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e ? `${e.localName}${e.className ? '.' + e.className : ''} ${e.textContent.trim().slice(0, 30)}`"
            " : ''; }"
        )
        path.append(focused)
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!e && ({predicate}); }}"):
            return path
    raise AssertionError(f"{limit} presses of Tab never reached the element; focus went: {path}")


def test_keyboard_reaches_search_and_a_result(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.goto(site())
    path = _tab_until(page, "e.matches('input.cc-search__input')")
    assert len(path) <= 10, f"the search box should be among the first stops of Tab, it took {len(path)}: {path}"
    page.keyboard.type("Okonjo", delay=20)
    expect(page.locator(".cc-search__status")).to_contain_text("for “Okonjo”", timeout=15_000)
    expect(page.locator(".cc-search__results a").first).to_contain_text("Bramwell Okonjo")
    settled(page, page.locator(".cc-search__results"))
    page.keyboard.press("ArrowDown")
    focused = page.locator(".cc-search__results a:focus")
    expect(focused, "Down should move focus to the first result").to_contain_text("Bramwell Okonjo")
    page.keyboard.press("ArrowUp")
    expect(page.get_by_role("searchbox", name="Search"), "Up from the first result returns to the box").to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".cc-search__panel"), "Escape closes the results").to_be_hidden()
    page.keyboard.press("ArrowDown")
    expect(focused, "Down opens them again, on the first result").to_contain_text("Bramwell Okonjo")
    page.keyboard.press("Enter")
    expect(page, "Enter on a result should open it").to_have_url(re.compile(r"vt/burlington/bramwell-okonjo/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bramwell Okonjo")
    assert not visit.problems(), visit.problems()


def test_slash_key_focuses_search(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.goto(site("vt/"))
    page.locator("body").click(position={"x": 5, "y": 400})
    page.keyboard.press("/")
    expect(page.get_by_role("searchbox", name="Search"), "'/' should focus the search box").to_be_focused()


def test_keyboard_reaches_the_site_navigation(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.goto(site())
    links = page.get_by_role("navigation", name="Navigation").get_by_role("link")
    expect(links).to_have_text(["Home", "Cities", "Elections", "Topics", "Organisations", "Open data", "Contribute"])
    # At the foot of the page, after its content, on the directory's pages.
    _tab_until(page, "e.matches('.cc-site-nav a') && e.textContent.trim() === 'Elections'", limit=300)
    expect(page.locator(".cc-site-nav a:focus"), "the focused link should be visible").to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(site("elections/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Elections")
