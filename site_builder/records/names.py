"""People's names: the one home of their suffixes, initials and capitalisation.

Results files escape letters as HTML entities (``Gonz&#225;lez``) and some print every name in
capitals (``JENNY DURKAN``).  :func:`clean` decodes the entities, collapses the spaces, puts the
text in Unicode form C and checks it against the records' character policy.  :func:`proper` gives a
name in capitals its usual form with nameparser's case repair (``MCGINN`` → ``McGinn``,
``O'BRIEN`` → ``O'Brien``), configured by three rules of the directory's own:

- a generational suffix is written with its full stop (``JR`` → ``Jr.``), as US ballots print it;
- a surname the Mac rule would split is kept whole where it is one name (``MACHADO`` → ``Machado``,
  not ``MacHado``): :data:`WHOLE_SURNAMES`;
- a particle keeps its capital (``DEL GESSO`` → ``Del Gesso``): a name in capitals does not say how
  its bearer writes a particle, and US election offices print particles capitalised;

and, before any rule, by the form another row of the same source writes a word in
(``DEWOLF`` → ``DeWolf``), which no rule can tell.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Mapping
from functools import cache

from nameparser import Lexicon, Parser, Role

from site_builder.records import characters

GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})
"""The generational suffixes, lowercase and without the full stop: two names that give different ones are
two people's."""
SUFFIXES = GENERATIONS | {"esq"}
"""The words after a name that are not part of it."""
WHOLE_SURNAMES = ("Mace", "Mack", "Macy", "Machado", "Macias", "Macon", "Mackey", "Mackie", "Machin")
"""Surnames that begin with Mac and are not Mac and a name."""

_DOTTED = {"jr": "Jr.", "sr": "Sr."}
_LETTERS = re.compile(r"[^\W\d_]+")
_WORDS = re.compile(r"[a-z]+")


class RefusedName(ValueError):
    """A name holds a character the records may not hold."""


def clean(text: str) -> str:
    """The text with HTML entities decoded, spaces collapsed and in form C; refused characters raise."""
    value = " ".join(html.unescape(text).split())
    found = characters.refused(value)
    if found:
        raise RefusedName(found.message)
    return characters.normal(value)


def is_capitals(name: str) -> bool:
    """Whether every letter of the name is a capital (and it has more than one)."""
    letters = "".join(_LETTERS.findall(name))
    return len(letters) > 1 and letters == letters.upper()


def proper(name: str, known: Mapping[str, str] | None = None) -> str:
    """A name in capitals in its usual form (see the module), a word of ``known`` (by its casefolded form) as it
    gives it; any other name unchanged.  Only the letters' case changes: words, order and punctuation stay."""
    if not is_capitals(name):
        return name
    parser = _parser()
    repaired = parser.capitalized(parser.parse(name), force=True)
    text = name
    spans = [(token.span, token) for token in repaired.tokens if token.span is not None]
    for span, token in sorted(spans, key=lambda pair: -pair[0].start):
        written = token.text
        if token.role is Role.SUFFIX:
            written = _DOTTED.get(written.rstrip(".").lower(), written)
        text = text[: span.start] + written + text[span.end :]
    return " ".join((known or {}).get(word.casefold()) or word for word in text.split(" "))


def words(name: str) -> list[str]:
    """The name's words in lowercase ASCII letters, punctuation and digits left out (accents kept as written are
    dropped: compare with :func:`site_builder.records.people.person_key` for accent-blind keys)."""
    return _WORDS.findall(name.lower())


def initials(name: str) -> set[str]:
    """The single letters after the first word: ``Richard J. Daley`` → ``{"j"}``."""
    return {word for word in words(name)[1:] if len(word) == 1}


def generation(name: str) -> set[str]:
    """The generational suffixes the name gives: ``John Smith Jr.`` → ``{"jr"}``."""
    return {word for word in words(name) if word in GENERATIONS}


def without_suffixes(name: str) -> list[str]:
    """The name's words as written, its trailing suffixes left out: ``Curtis Jones Jr.`` → ``[Curtis, Jones]``."""
    kept = name.split()
    while len(kept) > 1 and kept[-1].lower().rstrip(".") in SUFFIXES:
        kept.pop()
    return kept


@cache
def _parser() -> Parser:
    lexicon = Lexicon.default()
    kept = {word.lower(): word for word in WHOLE_SURNAMES}
    kept |= {particle: particle.capitalize() for particle in lexicon.particles if particle.isalpha()}
    return Parser(
        dataclasses.replace(
            lexicon,
            capitalization_exceptions=tuple(sorted({**dict(lexicon.capitalization_exceptions), **kept}.items())),
        )
    )
