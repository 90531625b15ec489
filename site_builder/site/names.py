"""The search's list of names: the quick way to a person or a city, for a directory of any size.

Most searches are for a name.  Pagefind's index answers any words, but before its first answer a browser fetches
its metadata, which lists every page of the site: a few hundred kilobytes for a national directory.  A name is
found with far less.  Every page a voter reaches by a name (a candidate's page, a city's page, which also answers
to its officeholders' names) is listed under the first :data:`KEY_LENGTH` letters of each word of its names, in a
small file of its own (a shard), so that a search for ``Chughtai`` fetches the one shard of ``chu``: its entries
give the page's address, its title and what its result shows.  A beginning many names share (``mar``) is split
into shards of longer beginnings (``mari``, ``mart`` …), and the names of one word that common into shards of the
word and the first letter of another of their words (``leila b``), so that a shard passes :data:`SHARD_BYTES` only
where the names of one word and one letter are that many (:func:`plan`).  ``assets/search.js`` folds the query as
:func:`fold` folds the names (accents and apostrophes left out: ``Gonzalez`` finds ``González``, ``OBrien`` finds
``O'Brien``), fetches the shard of the longest beginning of its longest word (or of that word and the first
letter of another, where the word alone is too common), and keeps the entries of which one name has, for every
word of the query, a word that starts with it.  A query that no name answers (``Minneapolis mayor``) goes to
Pagefind.

Each language's pages have their shards (``names/<language>/``): a page's title and what its result shows are in
its language.  The shards are JSON, which the script reads as data and shows as text.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable

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
SHARD_BYTES = 16_000
"""About the most a shard holds: a common beginning (``mar``: Maria, Mark, Martínez …) is split into shards of one
letter more (``mari``, ``mark``, ``mart`` …) until none holds more, and the names of one word too common for one
shard (a first name) by the first letter of their other words (:func:`plan`)."""
HEAD = 10
"""How many of its first entries a split beginning's shard keeps, for a query of no more letters than it."""
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


def file_name(key: str) -> str:
    """The file name of the shard of ``key``: :func:`shard_name` of a beginning; of a beginning and a letter
    (``leila b``), theirs joined by a hyphen (``leila-b``), which no beginning's name holds."""
    beginning, _, letter = key.partition(" ")
    return f"{shard_name(beginning)}-{shard_name(letter)}" if letter else shard_name(beginning)


def listing(shards: dict[str, tuple[list[int], bool]]) -> dict[str, int | str]:
    """The list of a language's shards the script reads first (``keys.json``): each beginning's name, and 0 when
    its shard holds every name that begins so, 1 when it holds only the first; for a word whose names are also in
    shards by the first letter of their other words, those letters (``"leila": "bhl"``), so that the list grows
    with the words too common for one shard, not with their letters' shards."""
    listed: dict[str, int | str] = {}
    for key, (_, split) in sorted(shards.items()):
        beginning, _, letter = key.partition(" ")
        name = shard_name(beginning)
        if not letter:
            listed.setdefault(name, int(split))
        else:
            before = listed.get(name)
            listed[name] = (before if isinstance(before, str) else "") + letter
    return dict(sorted(listed.items()))


def _entries(pages: Iterable[Page]) -> list[tuple[list[str], list[str]]]:
    """The entry of each page a name finds and the names it answers to, in the order a search lists results that
    match equally well: people first, the latest race first, then A to Z."""
    found = []
    for page in pages:
        called = [name for name in page.entry.called if words(name)]
        if not page.search or not called:
            continue
        meta = dict(page.entry.meta)
        year = meta.get("year", "")
        facts = " · ".join(value for value in (year, meta.get("office", ""), meta.get("outcome", "")) if value)
        order = (ORDER.get(page.kind, len(ORDER)), -int(year) if year.isdigit() else 0, page.title.casefold())
        found.append((order, [page.url, page.title, facts, *called], called))
    found.sort(key=lambda item: item[0])
    return [(entry, called) for _, entry, called in found]


def plan(words_of: list[list[str]], sizes: list[int]) -> dict[str, tuple[list[int], bool]]:
    """Which entries each shard holds, by their numbers (``words_of[n]`` are entry ``n``'s words, ``sizes[n]`` its
    bytes), and whether the shard is split: every beginning of :data:`KEY_LENGTH` letters of a word has a shard,
    and one that would pass :data:`SHARD_BYTES` keeps only its :data:`HEAD` first entries and those whose word it
    is, the others going to shards of one letter more, and so on.  Where the names of the word alone would pass
    it (a first name, in a national directory), the names that begin so go instead to the shards of the beginning
    and the first letter of each of their other words (``leila b`` for Leila Burdockcott and Leilani Brook), which
    a query of the word and more fetches."""
    shards: dict[str, tuple[list[int], bool]] = {}

    def bytes_of(numbers: Iterable[int]) -> int:
        return sum(sizes[n] + 1 for n in numbers)

    def place(key: str, listed: list[tuple[str, int]]) -> None:
        numbers = sorted({n for _, n in listed})
        if bytes_of(numbers) <= SHARD_BYTES:
            shards[key] = (numbers, False)
            return
        kept = set(numbers[:HEAD])
        own = sorted({n for word, n in listed if len(word) == len(key)})
        if bytes_of(own) <= SHARD_BYTES:
            kept |= set(own)
        else:
            # A query of the word and more (``leila b``) finds every name of a word that begins so and of another
            # word that begins with that letter in one shard.
            by_next: dict[str, set[int]] = {}
            for word, n in listed:
                others = {other[0] for other in words_of[n] if other != word}
                if not others and len(word) == len(key):
                    kept.add(n)  # a name of that one word: nothing else tells it apart
                for letter in others:
                    by_next.setdefault(f"{key} {letter}", set()).add(n)
            shards.update((beginning, (sorted(of_it), False)) for beginning, of_it in by_next.items())
        shards[key] = (sorted(kept), True)
        further: dict[str, list[tuple[str, int]]] = {}
        for word, n in listed:
            if len(word) > len(key):
                further.setdefault(word[: len(key) + 1], []).append((word, n))
        for beginning, of_it in further.items():
            place(beginning, of_it)

    first: dict[str, list[tuple[str, int]]] = {}
    for n, own in enumerate(words_of):
        for word in dict.fromkeys(own):
            if len(word) >= KEY_LENGTH:
                first.setdefault(word[:KEY_LENGTH], []).append((word, n))
    for key, listed in first.items():
        place(key, listed)
    return shards


def names_index(pages: Iterable[Page]) -> list[Download]:
    """The shards of the names of ``pages`` (:func:`plan`), each language's in its folder, with the list of them."""
    by_language: dict[str, list[Page]] = {}
    for page in pages:
        by_language.setdefault(page.language, []).append(page)
    downloads = []
    for language, of_language in sorted(by_language.items()):
        entries = _entries(of_language)
        texts = [json.dumps(entry, ensure_ascii=False, separators=(",", ":")) for entry, _ in entries]
        shards = plan(
            [[word for name in called for word in words(name)] for _, called in entries],
            [len(text.encode("utf-8")) for text in texts],
        )
        for key, (numbers, _) in sorted(shards.items()):
            text = "[" + ",".join(texts[n] for n in numbers) + "]"
            downloads.append(Download(f"{FOLDER}/{language}/{file_name(key)}.json", text.encode("utf-8")))
        # Which shards there are (so that the script fetches only those: a missing one would be a failed request).
        listed = json.dumps(listing(shards), ensure_ascii=False, separators=(",", ":"))
        downloads.append(Download(f"{FOLDER}/{language}/{KEYS}", listed.encode("utf-8")))
    return downloads
