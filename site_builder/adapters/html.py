"""The HTML the MkDocs adapter hands Material: a page's content laid out for its search, and the
theme's output made compact.

Material's search indexes a page's title and its hidden text only, because the body is marked
``data-search-exclude``; it is shown :func:`search_content`, the page without its body, so that it
need not parse the body at all.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from site_builder.site.pages import Page


def page_content(page: Page) -> str:
    """The page's content: the indexed text, then the body, which search skips."""
    return _content(page, page.body)


def search_content(page: Page) -> str:
    """What search reads of the page, the same to its parser as the whole: the body left empty."""
    return _content(page, "")


def _content(page: Page, body: str) -> str:
    indexed = f"<p hidden>{html.escape(page.search_text)}</p>\n" if page.search_text else ""
    return f'{indexed}<div class="cc-page cc-{page.kind}" data-search-exclude>\n{body}\n</div>\n'


def compact_html(text: str) -> str:
    """HTML without the indentation and blank lines the theme writes: a fifth smaller on most pages.

    Only whitespace around line breaks goes, which HTML renders the same except inside
    ``<pre>`` and ``<textarea>``; pages holding either are left as they are.
    """
    if "<pre" in text or "<textarea" in text:
        return text
    return _LINE_BREAK_SPACE.sub("\n", text)


_LINE_BREAK_SPACE = re.compile(r"[ \t\r\f\v]*\n\s*")
