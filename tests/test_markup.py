"""Contributor text becomes inert, visible text; only http(s) and mailto links survive."""

from __future__ import annotations

import html

import markdown
import nh3
import pytest

from site_builder.site.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown, safe_url


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
            '<p><a href="https://ok.example" rel="nofollow noopener ugc">x</a>{ onclick="alert(1)" }</p>',
        ),
        ("**bold** and *em*", "<p><strong>bold</strong> and <em>em</em></p>"),
        ("[mail](mailto:a@example.org)", '<p><a href="mailto:a@example.org" rel="nofollow noopener ugc">mail</a></p>'),
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
