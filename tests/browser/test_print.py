"""A voter guide on paper: Chromium prints it to PDF on A4 and on US Letter, and the text read back from the PDF
(with poppler's pdftotext) holds the whole guide, every address in full, and none of the site's chrome."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import Site, Visit

pytestmark = [pytest.mark.browser, pytest.mark.slow]

GUIDE = "vt/burlington/guide-2027-03-02-general/"
CANDIDATES = ("Avery Quillfeather", "Bramwell Okonjo")
ADDRESSES = (
    # The official voter links of the city's record, the campaign website and every source the guide cites.
    "https://mvp.vermont.example.gov/register",
    "https://mvp.vermont.example.gov/polling-place",
    "https://www.burlingtonvt.example.gov/clerk/elections",
    "https://quillfeather.example.org/",
    "https://www.burlingtonvt.example.gov/clerk/2027-ballot",
    "https://news.example.org/burlington/questionnaire",
    "https://quillfeather.example.org/platform",
    "https://tenants.example.org/endorsements",
    "https://news.example.org/burlington/2027-candidates",
    "https://okonjo.example.org/issues",
    "https://greenstreets.example.org/2027",
)
NAVIGATION = ("Home", "Cities", "Elections", "Topics", "Organisations", "Open data", "Contribute", "Benchmarks")


def pdf_text(pdf: bytes, folder: Path) -> str:
    """The text of a PDF, page by page (pages end in a form feed), laid out as printed: line by line, so that an
    address broken after one of its hyphens keeps it (pdftotext would otherwise join the two lines without it)."""
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils, or `make browser`)")
    path = folder / "guide.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        [pdftotext, "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_guide_prints_whole_without_the_sites_chrome(paper: str, visit: Visit, site: Site, tmp_path: Path) -> None:
    visit.goto(site(GUIDE))
    links = visit.page.locator("article a.cc-url, article a.cc-source")
    on_screen = links.evaluate_all("(links) => links.map((a) => a.href)")
    text = pdf_text(visit.page.pdf(format=paper), tmp_path)
    pages = text.rstrip("\f").split("\f")
    words = " ".join(text.split())
    letters = "".join(text.split())  # a long address may wrap over two lines on paper, with nothing added
    assert 1 <= len(pages) <= 3, f"two candidates and their sources printed on {len(pages)} {paper} pages"

    assert "Voter guide: Burlington, Vermont, March 2, 2027 general election" in words
    assert "March 2, 2027 (upcoming)" in words
    assert "Ranked choice: you may rank the candidates in order of preference." in words
    for name in CANDIDATES:
        assert name in words, f"{name} is missing from the printed guide"
    assert "On the ballot as Avery J. Quillfeather." in words
    assert "Wants fare-free buses on the busiest routes." in words
    assert "Wants the city minimum wage to rise with inflation." in words
    assert "Lakeside Tenants Union (Union), endorsed October 12, 2026." in words
    assert "Green Streets Coalition (Advocacy group)." in words
    assert "Candidate questionnaire (Example Valley News, February 10, 2025)" in words
    assert "Register to vote:" in words and "Find your polling place:" in words
    for address in (*ADDRESSES, site(GUIDE), site("vt/burlington/")):
        assert address in letters, f"{address} is not printed in full"
    assert [address for address in on_screen if address not in letters] == [], "addresses shown but not printed"

    # A candidate is never split over two pages: their name and their endorsements are on one.
    for name, backer in (("Avery Quillfeather", "Lakeside Tenants Union"), ("Bramwell Okonjo", "Green Streets")):
        assert any(name in " ".join(p.split()) and backer in " ".join(p.split()) for p in pages), name

    # None of the theme's chrome, the breadcrumbs or the screen's print instructions reach paper.
    lines = {line.strip() for line in text.splitlines()}
    assert "Search" not in text
    assert lines.isdisjoint(NAVIGATION), sorted(lines & set(NAVIGATION))
    for chrome in ("Skip to content", "Material for MkDocs", "Back to top", "Voter guide: March 2, 2027", "Ctrl+P"):
        assert chrome not in words, f"{chrome!r} is printed"
    assert not visit.problems(), visit.problems()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_spanish_guide_prints_whole_with_its_names_addresses_and_dates(
    paper: str, visit: Visit, site: Site, tmp_path: Path
) -> None:
    guide = f"es/{GUIDE}"
    visit.goto(site(guide))
    text = pdf_text(visit.page.pdf(format=paper), tmp_path)
    pages = text.rstrip("\f").split("\f")
    words = " ".join(text.split())
    letters = "".join(text.split())
    assert 1 <= len(pages) <= 3, f"two candidates and their sources printed on {len(pages)} {paper} pages"
    assert "Guía para votantes: Burlington, Vermont, elección general del 2 de marzo de 2027" in words
    assert "2 de marzo de 2027" in words
    for name in CANDIDATES:
        assert name in words, f"{name} is missing from the printed Spanish guide"
    # Record text stays as its source wrote it.
    assert "Wants fare-free buses on the busiest routes." in words
    for address in (*ADDRESSES, site(guide), site("es/vt/burlington/")):
        assert address in letters, f"{address} is not printed in full"
    chrome_and_english = ("Buscar", "Saltar a contenido", "English", "Material for MkDocs", "Voter guide", "Source:")
    for chrome in chrome_and_english:
        assert chrome not in words, f"{chrome!r} is printed"
    assert not visit.problems(), visit.problems()
