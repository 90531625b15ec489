"""The parts of a language's search index: which pages each part of Pagefind's index is written from."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.adapters.mkdocs_plugin import index_parts


def page(site: Path, path: str, size: int) -> None:
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("x" * size, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for path, size in [
        ("index.html", 10),
        ("404.html", 5),
        ("cities/index.html", 20),
        ("mn/index.html", 10),
        ("mn/minneapolis/index.html", 30),
        ("mn/minneapolis/jacob-frey/index.html", 40),
        ("mn/duluth/index.html", 25),
        ("vt/burlington/index.html", 30),
        ("assets/search.js", 999),
        ("pagefind/pagefind-entry.json", 999),
        ("es/index.html", 12),
        ("es/mn/minneapolis/index.html", 35),
        ("es/vt/burlington/index.html", 33),
    ]:
        page(tmp_path, path, size)
    return tmp_path


def test_a_site_within_the_budget_is_one_part_of_every_folder_of_its_language(site: Path) -> None:
    assert index_parts(site, "en", ["es"], 1_000) == ["{*.html,cities/**/*.html,mn/**/*.html,vt/**/*.html}"]
    assert index_parts(site, "es", ["es"], 1_000) == ["{es/*.html,es/mn/**/*.html,es/vt/**/*.html}"]


def test_parts_follow_the_addresses_and_a_folder_over_the_budget_is_split_into_its_own(site: Path) -> None:
    # mn/ is 105 bytes of pages: its own page, then each city's folder in the order of their names, and
    # Minneapolis' 70 bytes its own page and its candidate's folder.
    assert index_parts(site, "en", ["es"], 60) == [
        "{*.html,cities/**/*.html,mn/*.html}",
        "{mn/duluth/**/*.html,mn/minneapolis/*.html}",
        "{mn/minneapolis/jacob-frey/**/*.html}",
        "{vt/**/*.html}",
    ]
    assert index_parts(site, "es", ["es"], 60) == ["{es/*.html,es/mn/**/*.html}", "{es/vt/**/*.html}"]


def test_a_folder_whose_own_pages_pass_the_budget_is_a_part_of_its_own(site: Path) -> None:
    assert index_parts(site, "en", ["es"], 30) == [
        "{*.html}",
        "{cities/**/*.html,mn/*.html}",
        "{mn/duluth/**/*.html}",
        "{mn/minneapolis/*.html}",
        "{mn/minneapolis/jacob-frey/*.html}",  # 40 bytes: one page cannot be split
        "{vt/**/*.html}",
    ]


def test_a_language_with_no_pages_is_one_part_that_matches_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "es").mkdir()
    assert index_parts(tmp_path, "es", ["es"], 60) == ["{es/*.html}"]
