"""The repository's own records, as voters meet them: a sample of real cities built alone, checked by the Nu Html
Checker with no filter and by axe at desktop width and at 360 px.

Minneapolis holds the ranked-choice rounds and the longest races; Ridgefield, New Jersey, a city website whose
address holds braces, which every link must write percent-encoded."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sitebuild import read_sitemap

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
    pages += [f"es/{url}" for url in pages[:2]]  # the city's page and its first candidate's, in Spanish
    found = {}
    for url in pages:
        axe_visit.goto(site(url))
        violations = axe_violations(axe_visit.page)
        if violations:
            found[url] = _report(violations)
    assert found == {}


def test_every_page_of_a_real_city_has_its_spanish_page_and_the_reverse(real_city: tuple[str, Site]) -> None:
    """Each page for voters in English and in Spanish, its <html lang> saying which, and each linking to the other
    in its head (hreflang) and in the sitemap; the contributors' pages stay English."""
    _, site = real_city
    english = [url for url in site.pages if url.endswith("/") or not url]
    english = [url for url in english if not url.startswith(("es/", "contributing/", "benchmarks/"))]
    spanish = [url for url in site.pages if url.startswith("es/")]
    assert len(english) > 5
    assert sorted(f"es/{url}" for url in english) == sorted(spanish)
    for url in english:
        for language, own, other in (("en", url, f"es/{url}"), ("es", f"es/{url}", url)):
            html = (site.dir / own / "index.html").read_text(encoding="utf-8")
            head = html[: html.index("</head>")]
            assert f'<html lang="{language}"' in html, own
            links = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', head))
            assert links == {"en": site(url), "es": site(f"es/{url}"), "x-default": site(url)}, own
            assert f'href="{site(other)}"' in head, own
    sitemap = read_sitemap(site.dir)
    for url in english:
        assert sitemap[site(url)] == {"en": site(url), "es": site(f"es/{url}")}, url
        assert sitemap[site(f"es/{url}")] == {"en": site(url), "es": site(f"es/{url}")}, url
