"""The HTML the MkDocs adapter hands Material: page content marked up for the site's search, and compacted output."""

from __future__ import annotations

from site_builder.adapters.html import (
    compact_html,
    documentation_content,
    documentation_page,
    page_content,
    scrollable_tables,
    search_fields,
    theme_fixes,
)
from site_builder.site.pages import Page
from site_builder.site.search import SearchEntry

CITY = Page(
    "vt/maple-falls/index.md",
    "Maple Falls, VT",
    "Elections and candidates in Maple Falls.",
    "<h1>Maple Falls, Vermont</h1>",
    kind="city",
    entry=SearchEntry(
        filters=(("kind", "city"), ("state", "Vermont"), ("office", "Mayor & <Council>")),
        meta=(("year", "2027"),),
        terms="Maple Falls",
    ),
)


def test_an_indexed_page_gives_the_search_its_filters_result_fields_and_weighted_words() -> None:
    assert page_content(CITY) == (
        '<div class="cc-page cc-city" data-pagefind-body>\n'
        "<div hidden data-pagefind-ignore>"
        '<span data-pagefind-meta="title">Maple Falls, VT</span>'
        '<span data-pagefind-filter="kind">city</span>'
        '<span data-pagefind-filter="state">Vermont</span>'
        '<span data-pagefind-filter="office">Mayor &amp; &lt;Council&gt;</span>'
        '<span data-pagefind-meta="year">2027</span></div>\n'
        '<p hidden data-pagefind-weight="10">Maple Falls</p>\n'
        '<h1 id="__title">Maple Falls, Vermont</h1>\n</div>\n'
    )


def test_a_value_both_filtered_by_and_shown_in_results_is_written_once_marked_as_both() -> None:
    """A candidate's year is a filter (each year they ran) and a result's field (the latest); Pagefind reads both
    marks of one element."""
    entry = SearchEntry(
        filters=(("kind", "candidate"), ("year", "2023"), ("year", "2027"), ("office", "Mayor")),
        meta=(("year", "2027"), ("office", "Mayor"), ("outcome", "Won")),
    )
    assert search_fields("Ada Quill – Mayor, Maple Falls, VT", entry) == (
        "<div hidden data-pagefind-ignore>"
        '<span data-pagefind-meta="title">Ada Quill – Mayor, Maple Falls, VT</span>'
        '<span data-pagefind-filter="kind">candidate</span>'
        '<span data-pagefind-filter="year">2023</span>'
        '<span data-pagefind-filter="year" data-pagefind-meta="year">2027</span>'
        '<span data-pagefind-filter="office" data-pagefind-meta="office">Mayor</span>'
        '<span data-pagefind-meta="outcome">Won</span></div>\n'
    )


def test_a_page_left_out_of_search_is_not_marked_for_it() -> None:
    page = Page("data/index.md", "Open data", "Downloads.", "<h1>Open data</h1>", search=False, kind="hub")
    # The title has the id the theme's "Skip to content" link leads to.
    assert page_content(page) == '<div class="cc-page cc-hub">\n<h1 id="__title">Open data</h1>\n</div>\n'


def test_a_documentation_page_is_indexed_whole() -> None:
    assert documentation_page("<p>Guide</p>") == "<div data-pagefind-body>\n<p>Guide</p>\n</div>\n"


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


def test_a_pages_weighted_words_and_names_are_hidden_paragraphs_weighted_apart() -> None:
    entry = SearchEntry(terms="Mayor Austin", names="Kirk Watson <b>")
    fields = search_fields("Austin, TX", entry)
    assert '<p hidden data-pagefind-weight="10">Mayor Austin</p>' in fields
    assert '<p hidden data-pagefind-weight="5">Kirk Watson &lt;b&gt;</p>' in fields
    assert "data-pagefind-weight" not in search_fields("Austin, TX", SearchEntry())
