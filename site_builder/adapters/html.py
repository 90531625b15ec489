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
    from mkdocs.structure.toc import _TocToken

    from site_builder.site.pages import Heading, Page


def page_content(page: Page) -> str:
    """The page's content: the indexed text, then the body, which search skips."""
    return _content(page, page.body)


def search_content(page: Page) -> str:
    """What search reads of the page, the same to its parser as the whole: the body left empty."""
    return _content(page, "")


def _content(page: Page, body: str) -> str:
    indexed = f"<p hidden>{html.escape(page.search_text)}</p>\n" if page.search_text else ""
    return f'{indexed}<div class="cc-page cc-{page.kind}" data-search-exclude>\n{body}\n</div>\n'


def toc_tokens(headings: tuple[Heading, ...]) -> list[_TocToken]:
    """A page's headings as the tokens of MkDocs' table of contents: each ``<h3>`` under the ``<h2>`` before it, if
    there is one."""
    tokens: list[_TocToken] = []
    for heading in headings:
        token: _TocToken = {"level": heading.level, "id": heading.id, "name": heading.title, "children": []}
        if heading.level > 2 and tokens and tokens[-1]["level"] == 2:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def documentation_content(text: str) -> str:
    """A documentation page's HTML as the site's policy allows it: tables that scroll by keyboard, and
    their aligned columns told by a class, as the page's security policy runs no inline style."""
    return _ALIGNED.sub(r'<\1 class="cc-align-\2">', scrollable_tables(text))


_ALIGNED = re.compile(r'<(th|td) style="text-align: (left|right|center);">')


def scrollable_tables(text: str) -> str:
    """A documentation page's tables, each in a region the keyboard can scroll.

    Material puts every table of a page in a box that scrolls sideways when the table is wider
    than the screen, which a keyboard cannot reach.  Each table goes in a focusable region named
    after the heading above it instead (the theme's box inside it then stays still: site.css).
    """
    out, heading, start = [], "Table", 0
    for match in _HEADING_OR_TABLE.finditer(text):
        if match["heading"] is not None:
            heading = _heading_text(match["heading"]) or heading
            continue
        out.append(text[start : match.start()])
        end = text.find("</table>", match.end())
        end = len(text) if end < 0 else end + len("</table>")
        region = f'<div class="cc-scroll" role="region" tabindex="0" aria-label="{heading}">'
        out.append(f"{region}{text[match.start() : end]}</div>")
        start = end
    out.append(text[start:])
    return "".join(out)


def _heading_text(heading: str) -> str:
    """A heading's text, still escaped for HTML, without its permalink and tags."""
    text = _TAG.sub("", _PERMALINK.sub("", heading))
    return " ".join(text.replace('"', "&quot;").split())


_HEADING_OR_TABLE = re.compile(r"<h[1-6][^>]*>(?P<heading>.*?)</h[1-6]>|<table>", re.DOTALL)
_PERMALINK = re.compile(r'<a class="headerlink".*?</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def theme_fixes(text: str) -> str:
    """The theme's page with its invalid markup corrected: Material writes ``autocomplete="off"`` on its
    drawer and search toggles, which HTML allows on text fields only, and labels the title of a page's table
    of contents ``for="__toc"``, a toggle it writes only into the navigation of pages in it (the Nu Html
    Checker's errors)."""
    text = _TOGGLE_AUTOCOMPLETE.sub(r"\1", text)
    if _TOC_TITLE in text and 'id="__toc"' not in text:
        text = text.replace(_TOC_TITLE, '<label class="md-nav__title">')
    return text


_TOC_TITLE = '<label class="md-nav__title" for="__toc">'


_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" [^>]*?type="checkbox"[^>]*?) autocomplete="off"')


def compact_html(text: str) -> str:
    """HTML without the indentation and blank lines the theme writes: a fifth smaller on most pages.

    Only whitespace around line breaks goes, which HTML renders the same except inside
    ``<pre>`` and ``<textarea>``; pages holding either are left as they are.
    """
    if "<pre" in text or "<textarea" in text:
        return text
    return _LINE_BREAK_SPACE.sub("\n", text)


_LINE_BREAK_SPACE = re.compile(r"[ \t\r\f\v]*\n\s*")
