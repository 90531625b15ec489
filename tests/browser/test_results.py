"""Results at 360 px: the results tables fit the screen, the rounds scroll in their own region, axe finds nothing;
a ranked-choice race shows its final round without sideways scrolling and its chart's text at 12 px or more."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .conftest import MOBILE, ROOT, Site, Visit, _served_build, open_visit
from .test_accessibility import _report, axe_violations

sys.path.insert(0, str(Path(__file__).parents[1]))
from results_records import TODAY as IMPORT_DAY
from results_records import imported_root

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PAGES = [
    "mn/minneapolis/",
    "mn/minneapolis/jacob-frey/",
    "wa/seattle/",
    # Spanish words are longer ("Porcentaje" for "Share"): the tables still fit.
    "es/mn/minneapolis/",
    "es/mn/minneapolis/jacob-frey/",
]


@pytest.fixture(scope="module")
def results_site(server_root: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Site:
    records = imported_root(tmp_path_factory.mktemp("results-records"))
    # Records imported into a folder of their own, outside any git checkout: no history to make feeds of.
    return _served_build(records, "/results/", server_root, tmp_path_factory, IMPORT_DAY, feeds=False)


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Iterator[Visit]:
    visit = open_visit(browser, MOBILE, bypass_csp=True)
    try:
        yield visit
    finally:
        visit.context.close()


@pytest.mark.parametrize("url", PAGES)
def test_results_fit_a_360_px_screen_and_pass_axe(url: str, phone: Visit, results_site: Site) -> None:
    phone.goto(results_site(url))
    page = phone.page
    widths = page.eval_on_selector_all(
        "table.cc-results-table",
        "tables => tables.map(t => [t.getBoundingClientRect().right, t.scrollWidth, t.clientWidth])",
    )
    assert widths, "no results table"
    for right, scroll, client in widths:
        assert right <= 360 and scroll <= client, (right, scroll, client)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Votes and shares line up on the right; a row's endorsements and topics and a round's eliminations are text.
    aligned = page.eval_on_selector_all(
        ".cc-results td", "cells => cells.map(c => [c.className, getComputedStyle(c).textAlign])"
    )
    assert {align for kind, align in aligned if kind not in ("cc-details", "cc-eliminated")} == {"right"}, aligned
    assert {align for kind, align in aligned if kind in ("cc-details", "cc-eliminated")} <= {"left"}, aligned
    bars = page.eval_on_selector_all(".cc-bar", "bars => bars.map(b => b.getBoundingClientRect().height)")
    assert bars and all(height == 6 for height in bars), f"vote-share bars are not 6 px high: {sorted(set(bars))}"
    regions = page.eval_on_selector_all(".cc-scroll", "rs => rs.map(r => r.getBoundingClientRect().right)")
    assert all(right <= 360 for right in regions)
    violations = axe_violations(page)
    assert not violations, f"axe found WCAG violations on /{url} at 360 px:\n{_report(violations)}"


def test_the_charts_text_is_at_least_12_px_on_a_phone(phone: Visit, results_site: Site) -> None:
    phone.goto(results_site("mn/minneapolis/"))
    sizes = phone.page.eval_on_selector_all(
        ".cc-rounds-chart text",
        "texts => texts.map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)",
    )
    assert sizes and min(sizes) >= 12, sorted(set(sizes))[:3]
    rights = phone.page.eval_on_selector_all(".cc-rounds-chart", "cs => cs.map(c => c.getBoundingClientRect().right)")
    assert rights and max(rights) <= 360


@pytest.fixture(scope="module")
def minneapolis(server_root: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The repository's own records of Minneapolis, the city alone, built and served."""
    if not (ROOT / "cities" / "mn" / "minneapolis.yml").is_file():
        pytest.skip("the repository holds no records of Minneapolis")
    today = dt.date.today().isoformat()  # the records are checked as of today, as in test_repository_data
    return _served_build(ROOT, "/minneapolis/", server_root, tmp_path_factory, today, False, "mn/minneapolis")


def test_the_final_round_of_the_2017_mayors_race_is_in_view_below_its_heading(phone: Visit, minneapolis: Site) -> None:
    election = "November 7, 2017: General election"
    pages = [
        url
        for url in minneapolis.pages
        if re.fullmatch(r"mn/minneapolis/(elections-[0-9]+/)?", url)
        and f"{election}</h3>" in (minneapolis.dir / url / "index.html").read_text(encoding="utf-8")
    ]
    assert len(pages) == 1, pages
    phone.goto(minneapolis(pages[0]))
    page = phone.page
    article = page.locator("article.cc-election", has=page.get_by_role("heading", name=election))
    heading = article.locator("h4", has_text=re.compile(r"^\s*Mayor\b"))
    heading.evaluate("h => h.scrollIntoView()")
    final = heading.locator("xpath=following::table[contains(@class, 'cc-final-round')][1]")
    frey = final.locator("tbody tr").first
    assert " ".join(frey.inner_text().split()) == "Jacob Frey Elected 46,716 57.2%"
    box = frey.evaluate("r => { const b = r.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }")
    left, top, right, bottom = box
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert left >= 0 and right <= MOBILE["width"] and top >= header and bottom <= MOBILE["height"], (box, header)
    assert final.evaluate("t => t.scrollWidth <= t.clientWidth")
    assert page.evaluate("[window.scrollX, document.documentElement.scrollWidth]") == [0, MOBILE["width"]]
