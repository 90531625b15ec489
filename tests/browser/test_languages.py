"""The directory in Spanish, as a voter meets it: each page in its language, a switch to the other, its search."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import SPANISH_PAGE_TYPES, Site, Visit, result_urls, settled

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _path(site: Site, url: str) -> str:
    return urlsplit(url).path.removeprefix(urlsplit(site()).path)


@pytest.mark.parametrize("url", list(SPANISH_PAGE_TYPES.values()), ids=list(SPANISH_PAGE_TYPES))
def test_a_spanish_page_links_to_its_english_page_and_back(url: str, mobile_visit: Visit, site: Site) -> None:
    page = mobile_visit.page
    english = url.removeprefix("es/")
    mobile_visit.goto(site(url))
    assert page.locator("html").get_attribute("lang") == "es"
    alternates = {
        link.get_attribute("hreflang"): _path(site, link.get_attribute("href") or "")
        for link in page.locator('head link[rel="alternate"][hreflang]').all()
    }
    assert alternates == {"en": english, "es": url, "x-default": english}
    switch = page.get_by_role("link", name="English", exact=True)
    expect(switch, "the switch is in view at 360 px").to_be_in_viewport()
    switch.click()
    expect(page).to_have_url(site(english))
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Español", exact=True).click()
    expect(page).to_have_url(site(url))
    assert not mobile_visit.problems(), mobile_visit.problems()
    # The theme's script looks for no sitemap beside the alternate links (mkdocs_plugin.ALTERNATE_LINKS_HANDLER).
    assert not [r for r in mobile_visit.requests if r.endswith("sitemap.xml")]


def test_a_spanish_page_speaks_spanish_in_the_theme_and_the_navigation(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.goto(site("es/vt/burlington/"))
    expect(page).to_have_title(re.compile(r"^Burlington, VT - Candidatos Municipales$"))
    navigation = page.get_by_role("navigation", name="Navegación")
    expect(navigation.get_by_role("link", name="Ciudades")).to_have_attribute("href", "../../cities/")
    contribute = navigation.get_by_role("link", name="Colaborar (en inglés)")
    expect(contribute).to_have_attribute("hreflang", "en")
    expect(page.get_by_role("link", name="Saltar a contenido")).to_have_count(1)
    expect(page.get_by_role("searchbox", name="Buscar")).to_have_attribute("placeholder", "Buscar")


def test_the_search_on_a_spanish_page_finds_spanish_pages_and_says_so_in_spanish(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.goto(site("es/"))
    query = page.get_by_role("searchbox", name="Buscar")
    query.click()
    query.press_sequentially("Okonjo", delay=20)
    status = page.locator(".cc-search__status")
    expect(status).to_have_text(re.compile(r"^\d+ resultados? para «Okonjo»$"), timeout=15_000)
    results = page.locator(".cc-search__results")
    settled(page, results)
    assert result_urls(site, results)[0] == "es/vt/burlington/bramwell-okonjo/"
    page.locator(".cc-search__filters summary").click()
    expect(page.locator(".cc-search__filters summary")).to_have_text("Filtros")
    expect(page.locator(".cc-search__selects label").first).to_contain_text("Tipo")
    query.fill("")
    query.press_sequentially("Ok", delay=20)
    expect(status).to_have_text("Escriba 3 letras o más, o presione Enter para buscar")
    # An office is named in English by its records; a Spanish voter's word for it finds it too.
    query.fill("")
    query.press_sequentially("Burlington alcalde", delay=20)
    expect(status).to_have_text(re.compile(r"«Burlington alcalde»"), timeout=15_000)
    settled(page, results)
    first = set(result_urls(site, results)[:2])
    assert first == {"es/vt/burlington/avery-quillfeather/", "es/vt/burlington/bramwell-okonjo/"}, first
    assert not visit.problems(), visit.problems()
