"""Contributor text to safe HTML.

Record text is untrusted.  Plain fields are escaped.  The few fields that allow a
Markdown subset (bio, positions, descriptions) are escaped first, so any HTML in
them shows as text, then rendered by Python-Markdown without extensions (so no
`attr_list`, no raw HTML), then sanitized with nh3 against an allow-list of tags,
attributes and URL schemes.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "em", "strong", "a", "br", "code", "ul", "ol", "li"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
_ALLOWED_PREFIXES = ("http://", "https://", "mailto:")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")

LINK_REL = "nofollow noopener ugc"
"""The ``rel`` of every link to an address a record gives: templates use it as ``link_rel``."""
_UNLINKED = re.compile(f'<a rel="{LINK_REL}">(.*?)</a>', re.DOTALL)
_PLAIN = re.compile(r"(?=\S)(?![-+#>=\d])[^\n\t*_\[\]`<>&\\!|~]*(?<=\S)\Z")
"""Text with no Markdown syntax: one trimmed line, no markup characters, not starting like a list or heading."""
_markdown = markdown.Markdown(extensions=[], output_format="html")


def safe_url(url: str | None) -> str:
    """The URL if its scheme is http, https or mailto; otherwise an empty string."""
    if not url:
        return ""
    text = url.strip()
    if _CONTROL_OR_SPACE.search(text):
        return ""
    return text if text[:8].lower().startswith(_ALLOWED_PREFIXES) else ""


def _keep_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if safe_url(value) else None
    return value


def render_markdown(text: str | None) -> Markup:
    """Render the Markdown subset of a record field as sanitized HTML."""
    if not text:
        return Markup("")
    if _PLAIN.match(text):
        # Most record text is one plain paragraph: Markdown would only wrap it in <p>.
        return Markup(f"<p>{html.escape(text, quote=False)}</p>")  # noqa: S704 - escaped
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
