"""The HTML the MkDocs adapter hands Material: page content laid out for its search, and compacted output."""

from __future__ import annotations

from site_builder.adapters.html import (
    compact_html,
    documentation_content,
    page_content,
    scrollable_tables,
    search_content,
    theme_fixes,
)
from site_builder.site.pages import Page

CITY = Page(
    "vt/maple-falls/index.md",
    "Maple Falls, VT",
    "Elections and candidates in Maple Falls.",
    "<h1>Maple Falls, Vermont</h1>",
    kind="city",
    search_text="Maple Falls, Vermont & <around>",
)


def test_content_holds_the_indexed_text_then_the_body_hidden_from_search() -> None:
    assert page_content(CITY) == (
        "<p hidden>Maple Falls, Vermont &amp; &lt;around&gt;</p>\n"
        '<div class="cc-page cc-city" data-search-exclude>\n<h1>Maple Falls, Vermont</h1>\n</div>\n'
    )


def test_search_reads_the_same_content_without_the_body() -> None:
    assert search_content(CITY) == (
        "<p hidden>Maple Falls, Vermont &amp; &lt;around&gt;</p>\n"
        '<div class="cc-page cc-city" data-search-exclude>\n\n</div>\n'
    )


def test_a_page_without_search_text_has_no_hidden_paragraph() -> None:
    page = Page("data/index.md", "Open data", "Downloads.", "<h1>Open data</h1>", search=False, kind="hub")
    assert page_content(page) == '<div class="cc-page cc-hub" data-search-exclude>\n<h1>Open data</h1>\n</div>\n'


def test_compact_html_drops_whitespace_around_line_breaks_only() -> None:
    theme = "<body>\n    <div>\n\n      <p>One  two</p>\n    </div>  \n</body>\n"
    assert compact_html(theme) == "<body>\n<div>\n<p>One  two</p>\n</div>\n</body>\n"


def test_compact_html_leaves_pages_with_preformatted_text_alone() -> None:
    for theme in ["<pre>\n  code\n</pre>\n    <p>x</p>", "<textarea>\n  a\n</textarea>"]:
        assert compact_html(theme) == theme


HEADING = '<h2 id="results">Results &amp; targets<a class="headerlink" href="#results">&para;</a></h2>\n'


def test_a_documentation_table_sits_in_a_focusable_region_named_after_its_heading() -> None:
    docs = (
        HEADING + "<p>Measured.</p>\n<table>\n<tr><td>1</td></tr>\n</table>\n<table>\n<tr><td>2</td></tr>\n</table>\n"
    )
    assert scrollable_tables(docs) == (
        HEADING + "<p>Measured.</p>\n"
        '<div class="cc-scroll" role="region" tabindex="0" aria-label="Results &amp; targets">'
        "<table>\n<tr><td>1</td></tr>\n</table></div>\n"
        '<div class="cc-scroll" role="region" tabindex="0" aria-label="Results &amp; targets">'
        "<table>\n<tr><td>2</td></tr>\n</table></div>\n"
    )


def test_a_page_without_tables_is_unchanged() -> None:
    docs = "<h1>Contributing</h1>\n<p>Read the guide.</p>\n"
    assert scrollable_tables(docs) == docs


def test_the_theme_toggles_lose_the_autocomplete_html_allows_on_text_fields_only() -> None:
    theme = (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
        '<input type="text" class="md-search__input" name="query" autocomplete="off">\n'
    )
    assert theme_fixes(theme) == (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">\n'
        '<input type="text" class="md-search__input" name="query" autocomplete="off">\n'
    )


def test_aligned_columns_are_told_by_a_class_not_an_inline_style_the_policy_blocks() -> None:
    docs = '<table>\n<tr><th style="text-align: right;">files</th><td style="text-align: left;">a</td></tr>\n</table>'
    assert documentation_content(docs) == (
        '<div class="cc-scroll" role="region" tabindex="0" aria-label="Table"><table>\n'
        '<tr><th class="cc-align-right">files</th><td class="cc-align-left">a</td></tr>\n</table></div>'
    )


def test_the_table_of_contents_title_labels_no_toggle_the_page_does_not_have() -> None:
    title = '<nav><label class="md-nav__title" for="__toc">Table of contents</label></nav>'
    assert theme_fixes(title) == '<nav><label class="md-nav__title">Table of contents</label></nav>'
    with_toggle = '<input class="md-toggle" type="checkbox" id="__toc">' + title
    assert theme_fixes(with_toggle) == with_toggle
