"""Every page stays small: long lists are split by state, by year and into linked series of pages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from sitebuild import mkdocs_build, read_sitemap, write_config

from benchmarks.synthetic import generate
from site_builder.directory.build import build_directory
from site_builder.records.validate import validate_directory
from site_builder.site import urls
from site_builder.site.content import build_site
from site_builder.site.pages import Page, Settings, build_pages, split

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "directory"
TODAY = dt.date(2026, 11, 21)
SETTINGS = Settings(repo_url="https://github.com/example/directory", site_url="https://example.org/cc/", today=TODAY)
LIMIT = 150 * 1024
SYNTHETIC = 2000
SERIES = 1000
"""Candidates of the directory whose series are followed: at a page budget of 4,000 bytes, every kind of list of
a directory of any size is split in it (a topic's page in a state, a list of names, is the last to be)."""
SERIES_BUDGET = 4000


def fixture_pages(settings: Settings = SETTINGS) -> dict[str, Page]:
    tables, problems = validate_directory(FIXTURE, settings.today)
    assert [p for p in problems if p.is_error] == []
    return {page.url: page for page in build_pages(build_directory(tables), settings)}


def text_of(html: str) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"\( ", "(", re.sub(r" ([,.;:)%])", r"\1", text)).strip()


def links(page: Page) -> list[str]:
    """The addresses inside the site that a page links to, relative to the site root."""
    found = []
    for href in re.findall(r'href="([^"#]*)', page.body):
        if href.startswith("webcal:"):  # a calendar of the site, to subscribe to: its address on the site
            found.append(href.removeprefix(urls.webcal(SETTINGS.site_url, "")))
            continue
        if href.startswith(("https:", "http:", "mailto:")) or not href:
            continue
        parts = page.url.split("/")[:-1]
        for piece in href.split("/"):
            if piece == "..":
                parts.pop()
            elif piece not in ("", "."):
                parts.append(piece)
        found.append("/".join(parts) + ("/" if href.endswith("/") and parts else ""))
    return found


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return fixture_pages()


def test_the_elections_page_lists_states_with_their_election_days(pages: dict[str, Page]) -> None:
    text = text_of(pages["elections/"].body)
    assert "Vermont March 2, 2027 March 3, 2026 2" in text
    assert "Oregon May 2027 1" in text
    assert "Not recorded" not in text  # Oregon has no past election, which the records do not lack
    assert 'href="vt/"' in pages["elections/"].body


def test_a_state_elections_page_lists_that_states_elections_only(pages: dict[str, Page]) -> None:
    page = pages["elections/vt/"]
    assert page.title == "Elections in Vermont"
    text = text_of(page.body)
    assert "Upcoming March 2, 2027 Maple Falls, VT, general election (Mayor)" in text
    # Each day under a heading of its own; the mayor's race before the council's, the order of a ballot.
    assert '<h3 id="2027-03-02">March 2, 2027</h3>' in page.body
    past = (
        "March 3, 2026 Maple Falls, VT, general election Mayor: Ada Quill (Won, 54.5%, 12,345 votes) "
        "City Council, Ward 2: Ben Ostrander (Lost, 800 votes)"
    )
    assert past in text
    assert "Cedar Bend" not in text
    assert "Cedar Bend, OR, primary election (Mayor)" in text_of(pages["elections/or/"].body)
    assert 'href="../../vt/"' in page.body  # and the state's page links back
    assert 'href="../elections/vt/"' in pages["vt/"].body


def test_a_topic_page_counts_by_state_and_a_state_page_names_the_candidates_city_by_city(
    pages: dict[str, Page],
) -> None:
    summary = pages["topics/minimum-wage/"]
    assert "Vermont 1 1 1" in text_of(summary.body)
    assert 'href="vt/"' in summary.body
    page = pages["topics/minimum-wage/vt/"]
    assert page.title == "Minimum wage in Vermont"
    assert "Maple Falls Ada Quill (Mayor, March 2, 2027)" in text_of(page.body)
    assert 'href="../../../vt/maple-falls/ada-quill/#minimum-wage"' in page.body
    # Her words, with their source, are on her page, where the name leads.
    assert "$18" not in page.body
    assert "Backs a <strong>$18</strong> city minimum wage by 2028." in pages["vt/maple-falls/ada-quill/"].body


def test_a_race_with_results_shows_each_candidate_once_with_every_fact(pages: dict[str, Page]) -> None:
    def race_of(body: str) -> str:
        race = body[body.index('<h4 id="2026-03-03-general-mayor">Mayor</h4>') :]
        return race[: race.index("</table>")]

    # The election past, its count: what Ada Quill stood for is on her own page, which the row links to (on
    # election day, the row gives it too: tests/test_past_and_stale.py).
    race = race_of(pages["vt/maple-falls/"].body)
    assert race.count("Ada Quill") == 2  # the row and the caption naming the winner
    assert text_of(race).endswith("Candidate Votes Share Ada Quill Won 12,345 54.5%")
    assert 'href="ada-quill/"' in race


def test_a_long_list_becomes_a_series_linked_both_ways() -> None:
    pages = fixture_pages(dataclasses.replace(SETTINGS, page_budget=100))
    first, second = pages["elections/vt/"], pages["elections/vt/2026/"]
    assert first.title == "Elections in Vermont, 2027"
    assert second.title == "Elections in Vermont, 2026"
    assert "Page 1 of 2: 2027. Next page: 2026" in text_of(first.body)
    assert "Page 2 of 2: 2026. Previous page: 2027" in text_of(second.body)
    assert '<a href="2026/" rel="next">' in first.body
    assert '<a href="../" rel="prev">' in second.body
    assert '<li><span aria-current="page">2026</span></li>' in second.body
    assert "March 3, 2026" in second.body and "March 3, 2026" not in first.body
    city, older = pages["vt/maple-falls/"], pages["vt/maple-falls/elections-2/"]
    # An election too large for one page is split by its races, each part named by them.
    ward = pages["vt/maple-falls/elections-3/"]
    assert older.title == "Maple Falls, VT: elections, 2026: General election, Mayor"
    assert ward.title == "Maple Falls, VT: elections, 2026: General election, City Council, Ward 2"
    assert "How to vote" in city.body and "How to vote" not in older.body
    assert '<a href="elections-2/" rel="next">Next page: 2026: General election, Mayor</a>' in city.body
    assert '<a href="../" rel="prev">Previous page: 2027</a>' in older.body
    assert "Ben Ostrander" in ward.body and "Ben Ostrander" not in city.body + older.body
    for page in pages.values():
        for target in links(page):
            assert target in pages or "." in target.rsplit("/", 1)[-1] or target.startswith("contributing/"), target


def test_split_keeps_order_and_makes_as_few_parts_as_fit() -> None:
    assert split(list(range(10)), len, 10) == [list(range(10))]
    assert split(list(range(10)), len, 5) == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    assert split(list(range(10)), len, 1) == [[n] for n in range(10)]
    assert split([], len, 1) == [[]]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("series") / "records"
    generate(root, candidates=SERIES, seed=0)
    return root


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A national directory whose first city's mayoral race has 500 candidates."""
    root = tmp_path_factory.mktemp("crowded") / "records"
    generate(root, candidates=SYNTHETIC, seed=0, crowded=500)
    return root


@pytest.mark.slow  # builds every page of a synthetic national directory
def test_every_series_of_a_national_directory_links_only_to_pages_it_has(synthetic: Path) -> None:
    """With a small page budget every kind of list is split; every link still leads to a page of the site."""
    content = build_site(synthetic, dataclasses.replace(SETTINGS, page_budget=SERIES_BUDGET))
    pages = {page.url: page for page in content.pages}
    downloads = {download.path for download in content.downloads}
    kinds = {page.kind for page in pages.values() if 'rel="next"' in page.body}
    assert kinds >= {"state-elections", "topic-state", "organization", "guide", "city", "compare"}
    for page in pages.values():
        for target in links(page):
            known = target in pages or target in downloads or target == urls.sitemap()
            assert known or target.startswith(urls.contributing()), (page.url, target)


@pytest.mark.slow
def test_no_page_of_a_national_directory_passes_150_kb(crowded: Path, tmp_path: Path) -> None:
    result = mkdocs_build(write_config(tmp_path, crowded))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    sizes = {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")}
    assert len(sizes) > SYNTHETIC
    assert {path: size for path, size in sizes.items() if size > LIMIT} == {}
    sitemap = read_sitemap(site)
    index = {
        path.relative_to(site).as_posix().removesuffix("index.html")
        for path in site.rglob("*.html")
        if "data-pagefind-body" in path.read_text(encoding="utf-8")
    }
    for page in ("elections/vt/", "topics/housing-and-displacement/vt/"):
        if (site / page / "index.html").is_file():
            assert f"https://example.org/cc/{page}" in sitemap
            assert page in index
    assert any(re.fullmatch(r"elections/[a-z]{2}/", page) for page in index)
    assert any(re.fullmatch(r"topics/[a-z-]+/[a-z]{2}/", page) for page in index)
    assert urls.state_elections("vt") == "elections/vt/"
