"""The parts of a language's search index: which pages each part of Pagefind's index is written from."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from site_builder.adapters.mkdocs_plugin import CandidatesPlugin, index_parts

MARK = "<div data-pagefind-body>"


def page(site: Path, path: str, size: int, searched: bool = True) -> None:
    """A page of ``size`` bytes, marked for the search or not."""
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text((MARK if searched else "") + "x" * (size - len(MARK) if searched else size), encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for path, size in [
        ("index.html", 100),
        ("404.html", 50),
        ("cities/index.html", 200),
        ("mn/index.html", 100),
        ("mn/minneapolis/index.html", 300),
        ("mn/minneapolis/jacob-frey/index.html", 400),
        ("mn/duluth/index.html", 250),
        ("vt/burlington/index.html", 300),
        ("assets/search.js", 9990),
        ("pagefind/pagefind-entry.json", 9990),
        ("es/index.html", 120),
        ("es/mn/minneapolis/index.html", 350),
        ("es/vt/burlington/index.html", 330),
    ]:
        page(tmp_path, path, size)
    # Pages the search leaves out: a folder of them alone is in no part, as Pagefind would index their whole text.
    page(tmp_path, "data/index.html", 400, searched=False)
    page(tmp_path, "vt/burlington/compare-2027-mayor/index.html", 500, searched=False)
    return tmp_path


def test_a_site_within_the_budget_is_one_part_of_every_folder_of_its_language(site: Path) -> None:
    # data/ has no page the search indexes, and is in no part: a part of it alone would index its whole text.
    assert index_parts(site, "en", ["es"], 10_000) == ["{*.html,cities/**/*.html,mn/**/*.html,vt/**/*.html}"]
    assert index_parts(site, "es", ["es"], 10_000) == ["{es/*.html,es/mn/**/*.html,es/vt/**/*.html}"]


def test_parts_follow_the_addresses_and_a_folder_over_the_budget_is_split_into_its_own(site: Path) -> None:
    # mn/ is 1,050 bytes of pages: its own page, then each city's folder in the order of their names, and
    # Minneapolis' 700 bytes its own page and its candidate's folder.
    assert index_parts(site, "en", ["es"], 600) == [
        "{*.html,cities/**/*.html,mn/*.html}",
        "{mn/duluth/**/*.html,mn/minneapolis/*.html}",
        "{mn/minneapolis/jacob-frey/**/*.html}",
        "{vt/**/*.html}",
    ]
    assert index_parts(site, "es", ["es"], 600) == ["{es/*.html,es/mn/**/*.html}", "{es/vt/**/*.html}"]


def test_a_folder_whose_own_pages_pass_the_budget_is_a_part_of_its_own(site: Path) -> None:
    assert index_parts(site, "en", ["es"], 300) == [
        "{*.html}",
        "{cities/**/*.html,mn/*.html}",
        "{mn/duluth/**/*.html}",
        "{mn/minneapolis/*.html}",
        "{mn/minneapolis/jacob-frey/*.html}",  # 400 bytes: one page cannot be split
        "{vt/**/*.html}",
    ]


def test_a_language_with_no_pages_is_one_part_that_matches_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "es").mkdir()
    assert index_parts(tmp_path, "es", ["es"], 600) == ["{es/*.html}"]


@pytest.mark.parametrize("size", [0, -1])
def test_a_part_of_no_bytes_is_refused_with_the_settings_name(size: int) -> None:
    plugin = CandidatesPlugin()
    errors, _ = plugin.load_config({"index_part_bytes": size})
    assert not errors
    with pytest.raises(PluginError, match=f"`index_part_bytes` must be a number of bytes above 0, not {size}"):
        plugin.on_config(MkDocsConfig())
