"""Results at 360 px: the results tables fit the screen, the rounds scroll in their own region, axe finds nothing."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .conftest import MOBILE, Site, Visit, _served_build, open_visit
from .test_accessibility import _report, axe_violations

sys.path.insert(0, str(Path(__file__).parents[1]))
from results_records import TODAY as IMPORT_DAY
from results_records import imported_root

pytestmark = pytest.mark.browser
PAGES = [
    "mn/minneapolis/",
    "mn/minneapolis/jacob-frey/",
    "wa/seattle/",
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
    bars = page.eval_on_selector_all(".cc-bar", "bars => bars.map(b => b.getBoundingClientRect().height)")
    assert bars and all(height == 6 for height in bars), f"vote-share bars are not 6 px high: {sorted(set(bars))}"
    regions = page.eval_on_selector_all(".cc-scroll", "rs => rs.map(r => r.getBoundingClientRect().right)")
    assert all(right <= 360 for right in regions)
    violations = axe_violations(page)
    assert not violations, f"axe found WCAG violations on /{url} at 360 px:\n{_report(violations)}"
