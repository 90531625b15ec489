"""Contributor text to safe HTML.

Record text is untrusted.  Plain fields are escaped.  The few fields that allow a
Markdown subset (bio, positions, descriptions) are escaped first, so any HTML in
them shows as text, then rendered by Python-Markdown without extensions (so no
`attr_list`, no raw HTML), then sanitized with nh3 against an allow-list of tags,
attributes and URL schemes.  Python-Markdown escapes code spans and code blocks
itself; as their text was escaped already, that second escape is undone.

Python-Markdown parses nested lists by recursion, a few frames a level, so text
nested deeper than :data:`MAX_NESTING` is not given to it: it is shown as written,
in plain paragraphs.
"""

from __future__ import annotations

import functools
import html
import re
from urllib.parse import quote, urlsplit
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from markupsafe import Markup

ALLOWED_TAGS = {"p", "em", "strong", "a", "br", "code", "ul", "ol", "li"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
_ALLOWED_PREFIXES = ("http://", "https://", "mailto:")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")

LINK_REL = "nofollow ugc"
"""The ``rel`` of every link to an address a record gives: templates use it as ``link_rel``.  ``ugc``: a
contributor's, not the project's; ``nofollow``: not vouched for.  (No link opens a new window, so ``noopener``
would add nothing.)"""
_UNLINKED = re.compile(f'<a rel="{LINK_REL}">(.*?)</a>', re.DOTALL)
_PLAIN = re.compile(r"(?=\S)(?![-+#>=\d])[^\n\t*_\[\]`<>&\\!|~]*(?<=\S)\Z")
"""Text with no Markdown syntax: one trimmed line, no markup characters, not starting like a list or heading."""
MAX_NESTING = 8
"""The deepest nesting of lists (and quotes), as :func:`nesting` bounds it, rendered as Markdown: a list four
levels deep gives 7; Python-Markdown then recurses a few dozen calls deep, not hundreds."""
_CONTAINER = re.compile(r" {0,3}(?:[*+-]|\d+[.)]|>)(?: +|$)")
"""A list marker or quote marker opening a line's content, as Python-Markdown reads one (and a few more)."""
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


class _CodeAsWritten(Treeprocessor):
    """Python-Markdown escapes code again; the text was escaped before rendering, so undo that second escape."""

    def run(self, root: Element) -> None:
        for code in root.iter("code"):
            if code.text:
                code.text = AtomicString(code.text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


_markdown = markdown.Markdown(extensions=[], output_format="html")
_markdown.treeprocessors.register(_CodeAsWritten(_markdown), "code-as-written", 15)  # after "inline" (20)


@functools.lru_cache(maxsize=65_536)
def safe_url(url: str | None) -> str:
    """The URL if its scheme is http, https or mailto, with every character an address may not hold as
    written (``{``, ``|``, a non-ASCII letter) percent-encoded; otherwise an empty string. (A page names a
    source's address several times, and a directory its organisations' on thousands of pages: each is worked
    out once.)"""
    if not url:
        return ""
    text = url.strip()
    if _CONTROL_OR_SPACE.search(text) or not text[:8].lower().startswith(_ALLOWED_PREFIXES):
        return ""
    parts = urlsplit(text)
    netloc = parts.netloc
    if not netloc.isascii():
        try:
            netloc = netloc.encode("idna").decode("ascii")
        except UnicodeError:
            return ""
    rest = quote(text[text.index(parts.netloc) + len(parts.netloc) :], safe=_URL_SAFE) if netloc else ""
    if not netloc:  # mailto:
        return quote(text, safe=_URL_SAFE)
    return f"{parts.scheme}://{netloc}{rest}"


_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"
"""The characters an address holds as they are (RFC 3986's reserved ones, ``~`` and ``%`` of an escape
already made); letters, digits and ``-._`` are always kept."""


def web_url(url: str | None) -> str:
    """The URL if its scheme is http or https (a web page a voter can open); otherwise an empty string."""
    text = safe_url(url)
    return text if text[:8].lower().startswith(("http://", "https://")) else ""


def _keep_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return safe_url(value) or None
    return value


def nesting(text: str) -> int:
    """An upper bound of how deeply Python-Markdown nests lists in ``text``.

    A block of lines is parsed inside the list that its first line's indentation reaches (four spaces
    or a tab a level), and each of its lines goes as much deeper as its own indentation and the list
    or quote markers that open it (``- - 1. x`` is three).  Any line can start a block (after a blank
    line, a heading or a rule), so the bound is the deepest indentation plus the deepest line.
    """
    deepest_indent = deepest_line = 0
    for line in text.expandtabs(4).splitlines():
        content = line.lstrip(" ")
        indent = (len(line) - len(content)) // 4
        depth, position = indent, 0
        while marker := _CONTAINER.match(content, position):
            depth, position = depth + 1, marker.end()
        deepest_indent, deepest_line = max(deepest_indent, indent), max(deepest_line, depth)
    return deepest_indent + deepest_line


def _paragraphs(text: str) -> str:
    """``text`` as written: escaped, in a paragraph per run of lines between blank lines."""
    blocks = _BLANK_LINES.split(text.replace("\r\n", "\n").replace("\r", "\n").strip())
    lines = ("\n".join(line.strip() for line in block.split("\n")) for block in blocks)
    return "\n".join(f"<p>{html.escape(block, quote=False)}</p>" for block in lines if block)


def render_markdown(text: str | None, lang: str | None = None) -> Markup:
    """Render the Markdown subset of a record field as sanitized HTML; with ``lang``, marked as written in that
    language (WCAG 3.1.2, language of parts) for a page written in another: ``lang`` on its one paragraph, or on
    a ``div`` around its blocks."""
    rendered = _rendered(text)
    if not lang or not rendered:
        return rendered
    if rendered.startswith("<p>") and rendered.count("<p>") == 1 and rendered.endswith("</p>"):
        return Markup('<p lang="{}">').format(lang) + rendered[len("<p>") :]
    return Markup('<div lang="{}">{}</div>').format(lang, rendered)


def _rendered(text: str | None) -> Markup:
    if not text:
        return Markup("")
    if _PLAIN.match(text):
        # Most record text is one plain paragraph: Markdown would only wrap it in <p>.
        return Markup(f"<p>{html.escape(text, quote=False)}</p>")  # noqa: S704 - escaped
    if nesting(text) > MAX_NESTING:
        rendered = _paragraphs(text)
    else:
        _markdown.reset()
        rendered = _markdown.convert(html.escape(text, quote=False))
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
        attribute_filter=_keep_absolute_links,
    )
    # A link whose address was refused keeps only its text: an <a> without href may not carry rel.
    cleaned = _UNLINKED.sub(r"\1", cleaned)
    return Markup(cleaned)  # noqa: S704 - sanitized by nh3 just above


def inline_code(text: str) -> Markup:
    """The schema's own prose, escaped, with its `backquoted` names set as code."""
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(html.escape(text, quote=False))))  # noqa: S704 - escaped


_CODE_SPAN = re.compile(r"`([^`]+)`")
