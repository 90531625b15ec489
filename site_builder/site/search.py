"""What the site's search holds of a page besides its title: a few words a voter types to find it.

The index holds one short text a page, never a page's body: for a candidate, the name on the ballot,
the party, the other races they ran in, who endorsed them and a few words of their positions (each once,
without the words too common to search for); for a city, the offices it elects and the names of its
officeholders with their offices.  Voters type names
without their accents ("Esme" for "Esmé", "gonzalez" for "González") and without their apostrophes
("OBrien" for "O'Brien"), so every word of a page's title and text that is written otherwise is held
in those forms too (:func:`typed_forms`).  The site's search splits words at apostrophes, so "O'Brien"
and "O’Brien" both find the name as written.

Plain text, for any search engine: the renderer escapes it for the index it writes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from site_builder.directory.model import Candidate, City, Directory

_LUNR_STOP_WORDS = """a able about across after all almost also am among an and any are as at be because been but by can
    cannot could dear did do does either else ever every for from get got had has have he her hers him his
    how however i if in into is it its just least let like likely may me might most must my neither no nor
    not of off often on only or other our own rather said say says she should since so some than that the
    their them then there these they this tis to too twas us wants was we were what when where which while
    who whom why will with would yet you your"""
STOP_WORDS = frozenset(_LUNR_STOP_WORDS.split())
"""Words the site's search leaves out of its index (Lunr's English stop words, which Material's search
filters out of text and queries): holding them would only make the index larger."""
KEYWORDS = 12
"""The most words of a candidate's positions the index holds."""
COMMON = 0.05
"""A word more than this share of the directory's positions use is too common to find a candidate by."""
COMMON_FLOOR = 50
"""... and a word fewer than this many positions use never is, so that a small directory keeps every word."""
SHORTEST_KEYWORD = 3
"""Words of a position shorter than this, and numbers, are not worth holding: no one searches for "up" or "18"."""

_APOSTROPHES = "'\u2019\u2018\u02bc\u02bb"
"""Apostrophes as names are written: typewriter, typographic (right and left), and the modifier letters
of Hawaiian and other languages' names (ʻokina)."""
_POSSESSIVE = re.compile(r"'s?\Z", re.IGNORECASE)
_MAY_BE_TYPED_OTHERWISE = re.compile(f"[{_APOSTROPHES}]|[^\\x00-\\x7f\u2013\u2014]")
"""An apostrophe or a character an English keyboard does not type (other than the dashes of titles)."""
_STRAIGHT = str.maketrans(dict.fromkeys(_APOSTROPHES, "'"))
_WORD = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}\-][^\W_]+)*")
"""A word: letters and digits, with apostrophes or hyphens inside it (``O'Brien``, ``just-cause``)."""
_ADDRESS = re.compile(r"(?:https?://|mailto:|www\.)\S*", re.IGNORECASE)
_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)
"""Letters that no decomposition takes apart, as English keyboards write them."""


def folded(text: str) -> str:
    """``text`` without accents, as typed on an English keyboard: ``Esmé`` → ``Esme``, ``Łódź`` → ``Lodz``."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def words(text: str) -> list[str]:
    """The words of ``text``, in order; web addresses are not words."""
    if ":" in text or "www." in text.lower():
        text = _ADDRESS.sub(" ", text)
    return _WORD.findall(text)


def _key(word: str) -> str:
    return word.translate(_STRAIGHT).lower()


def typed_forms(text: str) -> list[str]:
    """The forms in which a voter may type the words of ``text`` that ``text`` does not hold: each word
    without its accents, and a word with an apostrophe without it (``O'Brien`` → ``OBrien``), each once.
    Only forms an English keyboard types are given: a word of another script is left as it is."""
    if not _MAY_BE_TYPED_OTHERWISE.search(text):
        return []
    held = {_key(word) for word in words(text)}
    forms: dict[str, str] = {}
    for word in words(text):
        plain = folded(word).translate(_STRAIGHT)
        if not plain.isascii():
            continue
        # "O'Brien" is typed "OBrien" too; "city's" is not typed "citys".
        compact = plain if _POSSESSIVE.search(plain) else plain.replace("'", "")
        for form in (plain, compact):
            if _key(form) not in held:
                forms.setdefault(_key(form), form)
    return list(forms.values())


def with_typed_forms(title: str, text: str) -> str:
    """A page's indexed ``text``, followed by the forms voters type of the words of its title and text."""
    forms = typed_forms(f"{title} {text}")
    return " ".join(filter(None, [text, *forms]))


def sentences(parts: Iterable[str]) -> str:
    """Parts of an indexed text joined as sentences; empty parts are left out."""
    return " ".join(part if part.endswith(".") else f"{part}." for part in parts if part)


class CandidateText:
    """What candidates' pages are found by besides their titles (name, latest race and city): the name on
    the ballot, the party, the other races they ran in, their endorsers and some words of their positions.

    The words of positions are at most :data:`KEYWORDS` a candidate, the first of each position in turn,
    leaving out the words more than :data:`COMMON` of the directory's positions use: a word that
    thousands of candidates use ("support", "city") finds none of them in particular, and every word
    held makes the index a voter's browser downloads and builds larger.
    """

    def __init__(self, directory: Directory) -> None:
        uses: Counter[str] = Counter()
        count = 0
        for candidate in directory.candidates:
            for position in candidate.positions:
                uses.update(set(words(position.text.lower())))
                count += 1
        most = max(COMMON_FLOOR, COMMON * count)
        self.left_out = STOP_WORDS | {word for word, used in uses.items() if used > most}
        """Words no candidate's text holds: stop words and the words too many positions use."""

    def _position_words(self, text: str, known: set[str], seen: dict[str, tuple[int, str]]) -> list[str]:
        """The first :data:`KEYWORDS` words of a position worth holding, neither ``known`` nor ``seen``
        (which they are added to, with their place and as written), as lower-case keys."""
        worth = {
            key
            for key in set(words(text.lower())) - self.left_out - known
            if len(key) >= SHORTEST_KEYWORD and not key.isdigit()
        }
        keys: list[str] = []
        if not worth:
            return keys
        for word in words(text):
            key = word.lower()
            if key not in worth or key in seen:
                continue
            seen[key] = (len(seen), word)
            keys.append(key)
            if len(keys) == KEYWORDS:
                break
        return keys

    def keywords(self, candidate: Candidate, known: set[str]) -> list[str]:
        """At most :data:`KEYWORDS` words of the candidate's positions, neither common nor in ``known``: the
        first word of each position in turn, then the second of each, and so on; in the order they come."""
        seen: dict[str, tuple[int, str]] = {}
        by_position = [self._position_words(position.text, known, seen) for position in candidate.positions]
        chosen: list[str] = []
        for rank in range(max(map(len, by_position), default=0)):
            chosen += [keys[rank] for keys in by_position if rank < len(keys)]
        return [seen[key][1] for key in sorted(chosen[:KEYWORDS], key=lambda key: seen[key][0])]

    def __call__(self, candidate: Candidate) -> str:
        """The candidate's indexed text."""
        latest = candidate.latest
        known = {w.lower() for w in words(f"{candidate.name} {latest.race.title} {candidate.city.label}")}
        races = list(dict.fromkeys(c.race.title for c in candidate.candidacies if c.race.title != latest.race.title))
        endorsers = list(dict.fromkeys(e.organization.name for e in candidate.endorsements))
        keywords = self.keywords(candidate, known)
        return sentences(
            [
                candidate.ballot_name or "",
                latest.party or "",
                "Also ran for " + ", ".join(races) if races else "",
                "Endorsed by " + ", ".join(endorsers) if endorsers else "",
                "Platform: " + " ".join(keywords) if keywords else "",
            ]
        )


def city_text(city: City) -> str:
    """What a city's page is found by besides its title: the city and state, the offices it elects, and its
    officeholders, each office with the names of its holders (``Mayor Kirk Watson, Steve Adler``)."""
    offices = list(dict.fromkeys(race.office for election in city.newest_first for race in election.races))
    held: dict[str, list[str]] = {}
    for holder in city.officeholders:
        names = held.setdefault(holder.title, [])
        if holder.name not in names:
            names.append(holder.name)
    holders = "; ".join(f"{title} {', '.join(names)}" for title, names in held.items())
    return sentences([f"{city.name}, {city.state_name}", ", ".join(offices), holders])
