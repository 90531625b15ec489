"""The site's sitemap (sitemaps.org's protocol 0.9): an index at ``sitemap.xml`` of gzipped parts.

A sitemap file may list at most 50,000 addresses and hold at most 50 MB before compression, and a national
directory's pages pass both (some 140,000 pages at 60,000 candidates, each listed with its address in every
language).  So ``sitemap.xml`` is a sitemap index, which search engines read like a sitemap, and the addresses
are in parts (``sitemap-1.xml.gz``, ``sitemap-2.xml.gz`` …) of at most :data:`MAX_URLS` addresses and
:data:`MAX_BYTES` bytes each, compressed, as the protocol allows.

Each page is listed with its address in every language the site is written in (``xhtml:link`` alternates), as
search engines read translations from a sitemap.  No page gives a ``lastmod``: a build date is not the day a
page's facts last changed, and search engines disregard dates they find inaccurate.

Every address is encoded by the standard library's XML escapes (``xml.sax.saxutils``), and the namespaces are
declared once, on the root; the parts are gzipped without a name or a time, so the same pages give the same bytes.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin
from xml.sax.saxutils import escape, quoteattr

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
INDEX = "sitemap.xml"
"""The sitemap index, where search engines and the open-data page look for the sitemap."""
PART = "sitemap-{number}.xml.gz"
"""The name of each part of the sitemap, beside the index."""
MAX_URLS = 50_000
"""The most addresses a sitemap file may list (sitemaps.org)."""
MAX_BYTES = 50 * 1024 * 1024
"""The most bytes a sitemap file may hold before compression (sitemaps.org)."""

DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


@dataclass(frozen=True)
class Entry:
    """A page as the sitemap lists it: its address and, in each language the site has it in, that page's address."""

    url: str
    alternates: tuple[tuple[str, str], ...] = ()
    """(language, address) pairs, such as ``("es", "https://example.org/es/mn/")``."""


def _url(entry: Entry) -> bytes:
    links = "".join(
        f'<xhtml:link rel="alternate" hreflang={quoteattr(language)} href={quoteattr(address)}/>'
        for language, address in entry.alternates
    )
    return f"<url><loc>{escape(entry.url)}</loc>{links}</url>\n".encode()


def _wrapped(name: str, body: bytes) -> bytes:
    namespaces = f'xmlns="{SITEMAP}"' + (f' xmlns:xhtml="{XHTML}"' if name == "urlset" else "")
    return DECLARATION + f"<{name} {namespaces}>\n".encode() + body + f"</{name}>\n".encode()


def _parts(entries: Iterable[Entry], max_urls: int, max_bytes: int) -> Iterator[bytes]:
    """The ``<urlset>`` documents of ``entries``, in their order, each within ``max_urls`` and ``max_bytes``."""
    room = max_bytes - len(_wrapped("urlset", b""))
    urls: list[bytes] = []
    size = 0
    for entry in entries:
        url = _url(entry)
        if urls and (len(urls) == max_urls or size + len(url) > room):
            yield _wrapped("urlset", b"".join(urls))
            urls, size = [], 0
        urls.append(url)
        size += len(url)
    if urls:
        yield _wrapped("urlset", b"".join(urls))


def write_sitemaps(
    site: Path,
    entries: Iterable[Entry],
    site_url: str,
    max_urls: int = MAX_URLS,
    max_bytes: int = MAX_BYTES,
) -> list[str]:
    """The sitemap of ``entries`` in ``site``: its index (:data:`INDEX`) and its parts; the parts' names."""
    names = []
    index = b""
    for number, document in enumerate(_parts(entries, max_urls, max_bytes), 1):
        name = PART.format(number=number)
        (site / name).write_bytes(gzip.compress(document, mtime=0))
        names.append(name)
        index += f"<sitemap><loc>{escape(urljoin(site_url or '/', name))}</loc></sitemap>\n".encode()
    (site / INDEX).write_bytes(_wrapped("sitemapindex", index))
    return names


def page_entry(url: str, alternates: Sequence[tuple[str, str]], site_url: str) -> Entry:
    """A page's entry: its address, and its alternates (site addresses) made absolute on ``site_url`` when the
    site's address is known (an alternate needs an absolute address)."""
    if not site_url:
        return Entry(url)
    return Entry(url, tuple((language, urljoin(site_url, address)) for language, address in alternates))
