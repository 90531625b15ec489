"""Contributor text becomes inert, visible text; only http(s) and mailto links survive."""

from __future__ import annotations

import html
import inspect
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

import markdown
import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.site.markup import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    MAX_NESTING,
    inline_code,
    nesting,
    render_markdown,
    safe_url,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
        ("[x](javascript:alert(1))", "<p>x</p>"),
        ("[x](JaVaScRiPt:alert(1))", "<p>x</p>"),
        ("[x](&#106;avascript:alert(1))", "<p>x</p>"),
        ("[x](data:text/html,hi)", "<p>x</p>"),
        ("[x](/relative/page)", "<p>x</p>"),
        (
            '[x](https://ok.example){ onclick="alert(1)" }',
            '<p><a href="https://ok.example" rel="nofollow ugc">x</a>{ onclick="alert(1)" }</p>',
        ),
        ("**bold** and *em*", "<p><strong>bold</strong> and <em>em</em></p>"),
        ("[mail](mailto:a@example.org)", '<p><a href="mailto:a@example.org" rel="nofollow ugc">mail</a></p>'),
        ('<div markdown="1">**x**</div>', '<p>&lt;div markdown="1"&gt;<strong>x</strong>&lt;/div&gt;</p>'),
    ],
)
def test_markdown_subset_is_sanitized(text: str, expected: str) -> None:
    assert str(render_markdown(text)) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://ok.example/", "https://ok.example/"),
        ("mailto:a@example.org", "mailto:a@example.org"),
        ("javascript:alert(1)", ""),
        (" JAVASCRIPT:alert(1)", ""),
        ("java\tscript:alert(1)", ""),
        ("data:text/html,x", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_safe_url_keeps_only_http_and_mailto(url: str | None, expected: str) -> None:
    assert safe_url(url) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Backs a $18 city minimum wage by 2028.",
        'Says he has a "long history of fighting subsidized sprawl".',
        "  Leading and trailing spaces  ",
        "Two  spaces inside and a tab\tinside.",
        "Ends with two spaces  ",
        "Percent 50% and a slash/and (parens); colon: yes? 'single'",
        "1990s were different",
        "1. looks like a list",
        "- looks like a list",
        "# looks like a heading",
        "> looks like a quote",
        "=== looks like a rule",
        "Hyphen-ated words and an en – dash",
        "Ünïcödé and emoji 🗳️",
    ],
)
def test_plain_text_renders_exactly_as_markdown_would(text: str) -> None:
    """The shortcut for text without Markdown syntax gives what the full renderer gives."""
    full = markdown.Markdown(extensions=[], output_format="html").convert(html.escape(text, quote=False))
    expected = nh3.clean(full, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)
    assert str(render_markdown(text)) == expected


# --- nesting, code and arbitrary text ---------------------------------------------------------------

BIO_LIMIT = 2000


class _Tags(HTMLParser):
    """Every tag of an HTML fragment with its attributes, how deep lists nest, and its text as a browser shows it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []
        self.deepest_list = 0
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag != "br":
            self.open.append(tag)
            lists = sum(1 for name in self.open if name in ("ul", "ol"))
            self.deepest_list = max(self.deepest_list, lists)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing"

    def handle_data(self, data: str) -> None:
        self.text += data


def parsed(fragment: str) -> _Tags:
    tags = _Tags()
    tags.feed(fragment)
    tags.close()
    assert tags.open == [], f"left open: {tags.open}"
    return tags


@contextmanager
def stack_budget(frames: int) -> Iterator[None]:
    """Fail with RecursionError if the block goes more than ``frames`` calls deeper than here."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + frames)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


markdownish = st.lists(
    st.one_of(
        st.sampled_from(["- ", "* ", "+ ", "1. ", "2) ", "> ", "    ", "\t", "\n", "\n\n", " ", "`", "``", "*", "**"]),
        st.sampled_from(["_", "[", "]", "(", ")", "](https://e.org/)", "<", ">", "&", "&amp;", "\\", "#", "=", "!"]),
        st.text(max_size=8),
    ),
    max_size=400,
).map(lambda parts: "".join(parts)[:BIO_LIMIT])
"""Text made of Markdown's own pieces, so lists, code, links and emphasis nest in every way, up to a bio's limit."""
nested_lines = st.lists(
    st.builds(
        lambda indent, markers, rest, end: " " * indent + "".join(markers) + rest + end,
        st.integers(0, 12),
        st.lists(st.sampled_from(["- ", "* ", "+ ", "1. ", "> ", "  ", "   ", "# ", "---", "==="]), max_size=7),
        markdownish.map(lambda text: text[:20]),
        st.sampled_from(["\n", "\n\n"]),
    ),
    max_size=80,
).map(lambda lines: "".join(lines)[:BIO_LIMIT])
"""Lines that open with indentation and list markers, so lists nest up to and past the limit."""


@pytest.mark.parametrize(
    "text",
    [
        "- " * 1000,
        "- " * 999 + "x",
        "* " * 999 + "x",
        "+ " * 999 + "x",
        "1. " * 666 + "x",
        "> " * 999 + "x",
        "- > 1. " * 285 + "x",
        "".join(" " * (4 * level) + "- a\n" for level in range(31)),
        "*" * 999 + "x" + "*" * 1000,
        "[" * 1000 + "]" * 1000,
    ],
)
def test_deep_nesting_renders_without_deep_recursion(text: str) -> None:
    assert len(text) <= BIO_LIMIT
    with stack_budget(150):
        rendered = str(render_markdown(text))
    tags = parsed(rendered)
    assert {tag for tag, _ in tags.tags} <= ALLOWED_TAGS
    assert tags.deepest_list <= MAX_NESTING


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- " * 9 + "deep", "<p>- - - - - - - - - deep</p>"),
        ("1. " * 9 + "deep\n\n  second  \nline", "<p>1. 1. 1. 1. 1. 1. 1. 1. 1. deep</p>\n<p>second\nline</p>"),
        ("- <b>a</b>\n" + " " * 20 + "- b *c*", "<p>- &lt;b&gt;a&lt;/b&gt;\n- b *c*</p>"),
    ],
)
def test_text_nested_deeper_than_the_limit_is_shown_as_written(text: str, expected: str) -> None:
    assert nesting(text) > MAX_NESTING
    assert str(render_markdown(text)) == expected


def test_nesting_up_to_the_limit_is_rendered() -> None:
    text = "- " * MAX_NESTING + "deep"
    assert nesting(text) == MAX_NESTING
    rendered = str(render_markdown(text))
    assert rendered == "<ul>\n<li>\n" * (MAX_NESTING - 1) + "<ul>\n<li>deep</li>\n</ul>" + "\n</li>\n</ul>" * (
        MAX_NESTING - 1
    )
    assert parsed(rendered).deepest_list == MAX_NESTING
    four_levels = "- a\n    - b\n        - c\n            1. d"
    assert nesting(four_levels) == 7
    assert parsed(str(render_markdown(four_levels))).deepest_list == 4


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("A sentence - with - dashes", 0),
        ("- a\n- b", 1),
        ("- - 1. > x", 4),
        ("-\n*", 1),
        ("\t- a", 3),
        ("- a\n\n    - b\n- - c", 3),
    ],
)
def test_nesting_bounds_the_lists(text: str, bound: int) -> None:
    assert nesting(text) == bound
    assert parsed(str(render_markdown(text))).deepest_list <= bound


@pytest.mark.parametrize(
    ("text", "html_out", "page_text"),
    [
        ("`a >= b`", "<p><code>a &gt;= b</code></p>", "a >= b"),
        ("Say `x && y < z` twice", "<p>Say <code>x &amp;&amp; y &lt; z</code> twice</p>", "Say x && y < z twice"),
        ("`&amp;` and `<b>`", "<p><code>&amp;amp;</code> and <code>&lt;b&gt;</code></p>", "&amp; and <b>"),
        (
            "    if a > b:\n        c = a & b",
            "<code>if a &gt; b:\n    c = a &amp; b\n</code>",
            "if a > b:\n    c = a & b\n",
        ),
        ("a >= b *and* `c`", "<p>a &gt;= b <em>and</em> <code>c</code></p>", "a >= b and c"),
    ],
)
def test_code_shows_the_text_as_written(text: str, html_out: str, page_text: str) -> None:
    rendered = str(render_markdown(text))
    assert rendered == html_out
    assert parsed(rendered).text == page_text


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=BIO_LIMIT), markdownish, nested_lines))
def test_any_text_up_to_the_limit_renders_to_allowed_html(text: str) -> None:
    with stack_budget(150):
        rendered = str(render_markdown(text))
    tags = parsed(rendered)
    for tag, attributes in tags.tags:
        assert tag in ALLOWED_TAGS
        assert set(attributes) <= ({"href", "rel"} if tag == "a" else set())
        if tag == "a":
            assert safe_url(attributes["href"]) and attributes["rel"] == "nofollow ugc"
    assert tags.deepest_list <= min(nesting(text), MAX_NESTING)


def test_the_schemas_prose_shows_its_backquoted_names_as_code_and_nothing_as_markup() -> None:
    assert inline_code("One row per `cities/<state>/<city>.yml` & its `elections`.") == (
        "One row per <code>cities/&lt;state&gt;/&lt;city&gt;.yml</code> &amp; its <code>elections</code>."
    )


@pytest.mark.parametrize(
    ("given", "written"),
    [
        (
            "https://www.ridgefieldnj.gov/index.asp?Type=B_DIR&SEC={13AFB65E}&DE=x",
            "https://www.ridgefieldnj.gov/index.asp?Type=B_DIR&SEC=%7B13AFB65E%7D&DE=x",
        ),
        ("https://bücher.example/é?q=ü#top", "https://xn--bcher-kva.example/%C3%A9?q=%C3%BC#top"),
        ("https://example.org/a%20b|c", "https://example.org/a%20b%7Cc"),
        ("mailto:clerk@example.org", "mailto:clerk@example.org"),
        ("javascript:alert(1)", ""),
    ],
)
def test_an_address_is_written_with_every_character_it_may_not_hold_percent_encoded(given: str, written: str) -> None:
    assert safe_url(given) == written


def test_record_text_marked_with_its_language_takes_the_attribute_on_its_paragraph_or_around_its_blocks() -> None:
    """The language of parts (WCAG 3.1.2) costs one attribute on one paragraph, and one element around several."""
    assert render_markdown("Backs *rent* control.", lang="en") == '<p lang="en">Backs <em>rent</em> control.</p>'
    assert render_markdown("Plain words.", lang="en") == '<p lang="en">Plain words.</p>'
    assert render_markdown("One.\n\nTwo.", lang="en") == '<div lang="en"><p>One.</p>\n<p>Two.</p></div>'
    assert render_markdown("- a\n- b", lang="en") == '<div lang="en"><ul>\n<li>a</li>\n<li>b</li>\n</ul></div>'
    assert render_markdown("Plain words.") == "<p>Plain words.</p>"
    assert render_markdown("", lang="en") == ""
