"""The repository's own records, as voters meet them: a sample of real cities built alone, checked by the Nu Html
Checker with no filter and by axe at desktop width and at 360 px.

Minneapolis holds the ranked-choice rounds and the longest races; Ridgefield, New Jersey, a city website whose
address holds braces, which every link must write percent-encoded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .conftest import ROOT, Site, Visit, _served_build, open_visit
from .test_accessibility import VIEWPORTS, _report, axe_violations
from .test_quality import _vnu_errors

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SAMPLE = ("mn/minneapolis", "nj/ridgefield")


@pytest.fixture(scope="module", params=SAMPLE)
def real_city(
    request: pytest.FixtureRequest, server_root: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Site]:
    """One city of the repository's records (its id, and the site), built alone with the hub pages as of today
    and served."""
    city: str = request.param
    if not (ROOT / "cities" / f"{city}.yml").is_file():
        pytest.skip(f"the repository holds no record of {city}")
    today = dt.date.today().isoformat()  # the records are checked as of today, as in test_repository_data
    path = f"/real-{city.replace('/', '-')}/"
    return city, _served_build(ROOT, path, server_root, tmp_path_factory, today, False, city)


def test_the_nu_html_checker_finds_no_error_on_a_real_city(real_city: tuple[str, Site]) -> None:
    errors = _vnu_errors(real_city[1])
    assert not errors, f"the Nu Html Checker found {len(errors)} errors:\n" + "\n".join(errors)


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def axe_visit(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Visit]:
    visit = open_visit(browser, VIEWPORTS[request.param], bypass_csp=True)
    try:
        yield visit
    finally:
        visit.context.close()


def test_axe_finds_no_violation_on_the_pages_of_a_real_city(real_city: tuple[str, Site], axe_visit: Visit) -> None:
    """The city's pages and the first of its candidates' (every page type of a city but the guide and the
    comparisons, which the fixtures cover)."""
    city, site = real_city
    assert f"{city}/" in site.pages
    pages = [f"{city}/", *[url for url in site.pages if url.startswith(f"{city}/") and url != f"{city}/"][:5]]
    found = {}
    for url in pages:
        axe_visit.goto(site(url))
        violations = axe_violations(axe_visit.page)
        if violations:
            found[url] = _report(violations)
    assert found == {}
