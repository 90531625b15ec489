"""The HTML the MkDocs adapter hands Material: a page's content marked up for the site's search, and the
theme's output made compact.

The site's search (Pagefind) indexes the written pages after the build: the body of each page that search
should find, with the filters, result fields and weighted words of its :class:`SearchEntry`, which
:func:`page_content` writes as hidden elements at the top of the body.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.structure.toc import _TocToken

    from site_builder.site.pages import Heading, Page
    from site_builder.site.search import SearchEntry

NAMES_WEIGHT = 5
"""How much more a name among a page's weighted names counts than a word of its text: less than a page's own
heading, so that a person's own page comes before the pages that list them."""

TERMS_WEIGHT = 10
"""How much more a word of a page's weighted terms counts than a word of its text (the page's name, its
``<h1>``, counts 7; Pagefind's highest weight is 10)."""


def page_content(page: Page) -> str:
    """The page's content: its body, marked for the search to index unless the page is left out of it."""
    marked = f" data-pagefind-body>\n{search_fields(page.title, page.entry)}" if page.search else ">\n"
    return f'<div class="cc-page cc-{page.kind}"{marked}{titled(page.body)}\n</div>\n'


def search_fields(title: str, entry: SearchEntry) -> str:
    """The hidden elements that give the search a page's title, filters and result fields (read, not indexed
    as text) and its weighted words (indexed above the rest of the page).  The title is the page's whole
    title (``Avery Quillfeather – Mayor, Burlington, VT``), which the search ranks a page by before its text.  A
    value that is both a filter and a result field (the year a candidate ran) is written once, marked as both."""
    fields = [f'<span data-pagefind-meta="title">{html.escape(title)}</span>']
    meta = list(entry.meta)
    for name, value in entry.filters:
        both = f' data-pagefind-meta="{name}"' if (name, value) in meta else ""
        if both:
            meta.remove((name, value))
        fields.append(f'<span data-pagefind-filter="{name}"{both}>{html.escape(value)}</span>')
    fields += [f'<span data-pagefind-meta="{name}">{html.escape(value)}</span>' for name, value in meta]
    out = f"<div hidden data-pagefind-ignore>{''.join(fields)}</div>\n"
    if entry.terms:
        out += f'<p hidden data-pagefind-weight="{TERMS_WEIGHT}">{html.escape(entry.terms)}</p>\n'
    if entry.names:
        out += f'<p hidden data-pagefind-weight="{NAMES_WEIGHT}">{html.escape(entry.names)}</p>\n'
    return out


def documentation_page(text: str) -> str:
    """A documentation page's content, for the search to index."""
    return f"<div data-pagefind-body>\n{documentation_content(text)}\n</div>\n"


TITLE_ID = "__title"
"""The id of a generated page's ``<h1>`` (no record's id can be it: they do not begin with ``_``)."""


def titled(body: str) -> str:
    """A generated page's body with its ``<h1>`` given :data:`TITLE_ID`, where the theme's "Skip to content" link
    leads (:func:`toc_tokens`)."""
    return body.replace("<h1>", f'<h1 id="{TITLE_ID}">', 1)


def toc_tokens(title: str, headings: tuple[Heading, ...]) -> list[_TocToken]:
    """A page's headings as the tokens of MkDocs' table of contents: the page's title (:func:`titled`) first, where
    the theme's "Skip to content" link leads, past the header and the navigation to the page's start; under it
    the headings, each ``<h3>`` under the ``<h2>`` before it, if there is one, which the theme's table of contents
    lists."""
    tokens: list[_TocToken] = []
    for heading in headings:
        token: _TocToken = {"level": heading.level, "id": heading.id, "name": heading.title, "children": []}
        if heading.level > 2 and tokens and tokens[-1]["level"] == 2:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return [{"level": 1, "id": TITLE_ID, "name": title, "children": tokens}]


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
