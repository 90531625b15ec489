"""The repository's records built whole by the real ``mkdocs build``, as the publish workflow builds them: every
page for voters in English and in Spanish, each saying its language and linking to the other, in its head and in
the sitemap; the contributors' pages in English alone."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sitebuild import REPO, mkdocs_build, read_sitemap, write_config

pytestmark = pytest.mark.slow  # builds every record of the repository, about a minute

SITE_URL = "https://example.org/cc/"
ENGLISH_ONLY = ("contributing/", "benchmarks/")
"""The contributors' pages, which stay English (linked from the Spanish pages as such)."""
ALTERNATES = re.compile(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("repository")
    config = write_config(folder, REPO, today=dt.date.today().isoformat())
    result = mkdocs_build(config)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return folder / "site"


def pages_of(site: Path) -> list[str]:
    """Every page of the site, by its address in the site (``vt/maple-falls/``; ``""`` for the home page)."""
    folders = (path.parent.relative_to(site).as_posix() for path in site.rglob("index.html"))
    return sorted("" if folder == "." else f"{folder}/" for folder in folders)


def test_every_voter_page_of_the_records_has_its_spanish_page_and_the_reverse(site: Path) -> None:
    pages = pages_of(site)
    english = [url for url in pages if not url.startswith(("es/", *ENGLISH_ONLY))]
    spanish = [url for url in pages if url.startswith("es/")]
    assert len(english) > 5000, len(english)
    assert sorted(f"es/{url}" for url in english) == sorted(spanish)
    sitemap = read_sitemap(site)
    wrong: dict[str, object] = {}
    for url in english:
        both = {"en": SITE_URL + url, "es": SITE_URL + f"es/{url}"}
        for language, own in (("en", url), ("es", f"es/{url}")):
            html = (site / own / "index.html").read_text(encoding="utf-8")
            head = html[: html.index("</head>")]
            alternates = dict(ALTERNATES.findall(head))
            if f'<html lang="{language}"' not in html or alternates != {**both, "x-default": both["en"]}:
                wrong[own] = (html[:80], alternates)
            if sitemap.get(SITE_URL + own) != both:
                wrong[f"sitemap: {own}"] = sitemap.get(SITE_URL + own)
    assert wrong == {}, list(wrong.items())[:5]
    for url in pages:
        if url.startswith(ENGLISH_ONLY):
            assert not (site / "es" / url).exists(), url
            assert '<html lang="en"' in (site / url / "index.html").read_text(encoding="utf-8"), url
