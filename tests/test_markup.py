"""Contributor text becomes inert, visible text; only http(s) and mailto links survive."""

from __future__ import annotations

import pytest

from site_builder.markup import render_markdown, safe_url


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
