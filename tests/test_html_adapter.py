"""The HTML the MkDocs adapter hands Material: page content laid out for its search, and compacted output."""

from __future__ import annotations

from site_builder.adapters.html import compact_html, page_content, search_content
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
