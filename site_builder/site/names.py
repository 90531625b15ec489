"""The search's list of names: the quick way to a person or a city, for a directory of any size.

Most searches are for a name.  Pagefind's index answers any words, but before its first answer a browser fetches
its metadata, which lists every page of the site: a few hundred kilobytes for a national directory.  A name is
found with far less.  Every page a voter reaches by a name (a candidate's page, a city's page, which also answers
to its officeholders' names) is listed under the first :data:`KEY_LENGTH` letters of each word of its names, in a
small file of its own (a shard), so that a search for ``Chughtai`` fetches the one shard of ``chu``: its entries
give the page's address, its title and what its result shows.  ``assets/search.js`` folds the query as
:func:`fold` folds the names (accents and apostrophes left out: ``Gonzalez`` finds ``González``, ``OBrien`` finds
``O'Brien``), fetches the shard of its longest word, and keeps the entries of which one name has, for every word
of the query, a word that starts with it.  A query that no name answers (``Minneapolis mayor``) goes to Pagefind.

Each language's pages have their shards (``names/<language>/``): a page's title and what its result shows are in
its language.  The shards are JSON, which the script reads as data and shows as text.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator

from site_builder.site.downloads import Download
from site_builder.site.pages import Page

KEY_LENGTH = 3
"""How many letters of a word its shard is named by: the fewest a voter types before the search answers
(``SHORTEST`` in ``assets/search.js``, which must be the same)."""
FOLDER = "names"
"""Where in the site the shards go, a folder for each language."""
KEYS = "keys.json"
"""The list of a language's shards, by their file names."""
APOSTROPHES = "'’ʼ`"
"""Left out of a name and of a query before they are split into words: ``O'Brien`` is ``obrien``."""
ORDER = {"candidate": 0, "city": 1}
"""Which pages come first among those a query finds equally well: people before cities."""


def fold(text: str) -> str:
    """``text`` as the search compares it: without accents, apostrophes or capitals (``Ñúñez O'Brien`` →
    ``nunez obrien``).  ``assets/search.js`` folds a query the same way: Unicode's compatibility decomposition,
    without the combining marks, in lower case."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return "".join(c for c in bare.lower() if c not in APOSTROPHES)


def words(text: str) -> list[str]:
    """The words of ``text``, folded: the runs of letters and digits (``Smith-Jones`` is ``smith`` and ``jones``)."""
    out: list[str] = []
    word: list[str] = []
    for c in fold(text):
        if unicodedata.category(c)[0] in "LN":
            word.append(c)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out


def shard_name(key: str) -> str:
    """The file name of the shard of ``key``: the key itself when it is ASCII letters and digits, else ``x`` and
    the hexadecimal of its UTF-8 bytes (``søn`` → ``x73c3b86e``), as ``assets/search.js`` names it."""
    if key.isascii() and key.isalnum():
        return key
    return "x" + key.encode("utf-8").hex()


def _entries(pages: Iterable[Page]) -> Iterator[tuple[tuple[int, int, str], list[str], list[str]]]:
    """For each page a name finds: its place among equally good results, its entry and the names it answers to."""
    for page in pages:
        called = [name for name in page.entry.called if words(name)]
        if not page.search or not called:
            continue
        meta = dict(page.entry.meta)
        year = meta.get("year", "")
        facts = " · ".join(value for value in (year, meta.get("office", ""), meta.get("outcome", "")) if value)
        order = (ORDER.get(page.kind, len(ORDER)), -int(year) if year.isdigit() else 0, page.title.casefold())
        yield order, [page.url, page.title, facts, *called], called


def names_index(pages: Iterable[Page]) -> list[Download]:
    """The shards of the names of ``pages``, each language's in its folder, each shard's entries in the order a
    search lists results that match equally well (people first, the latest race first, then A to Z)."""
    by_language: dict[str, list[Page]] = {}
    for page in pages:
        by_language.setdefault(page.language, []).append(page)
    downloads = []
    for language, of_language in sorted(by_language.items()):
        shards: dict[str, list[tuple[tuple[int, int, str], list[str]]]] = {}
        for order, entry, called in _entries(of_language):
            keys = {word[:KEY_LENGTH] for name in called for word in words(name) if len(word) >= KEY_LENGTH}
            for key in keys:
                shards.setdefault(key, []).append((order, entry))
        for key, listed in sorted(shards.items()):
            listed.sort(key=lambda item: item[0])
            text = json.dumps([entry for _, entry in listed], ensure_ascii=False, separators=(",", ":"))
            downloads.append(Download(f"{FOLDER}/{language}/{shard_name(key)}.json", text.encode("utf-8")))
        # Which shards there are, so that the script fetches only those (a missing one would be a failed request).
        listing = json.dumps(sorted(shard_name(key) for key in shards), separators=(",", ":"))
        downloads.append(Download(f"{FOLDER}/{language}/{KEYS}", listing.encode("utf-8")))
    return downloads
