"""People's names as results files spell them, made into the form a record holds.

Results files escape letters as HTML entities (``Gonz&#225;lez``) and some print every
name in capitals (``JENNY DURKAN``).  Entities are decoded, spaces collapsed, the text put in
Unicode form C and checked against the records' character policy; a name in capitals is
given its usual form (``MCGINN`` → ``McGinn``, ``O'BRIEN`` → ``O'Brien``, ``JR`` → ``Jr.``), or the form
another row of the same source writes it in (``DEWOLF`` → ``DeWolf``), which no rule can tell.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from site_builder.records import characters

_SUFFIXES = {"JR": "Jr.", "JR.": "Jr.", "SR": "Sr.", "SR.": "Sr.", "II": "II", "III": "III", "IV": "IV"}
_MAC_EXCEPTIONS = frozenset({"MACE", "MACK", "MACY", "MACHADO", "MACIAS", "MACON", "MACKEY", "MACKIE", "MACHIN"})
_LETTERS = re.compile(r"[^\W\d_]+")


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
    """A name in capitals in its usual form, a word of ``known`` (by its casefolded form) as it gives it;
    any other name unchanged."""
    if not is_capitals(name):
        return name
    return " ".join((known or {}).get(word.casefold()) or _word(word) for word in name.split(" "))


def _word(word: str) -> str:
    if word.upper() in _SUFFIXES:
        return _SUFFIXES[word.upper()]
    return _LETTERS.sub(lambda match: _part(match.group()), word)


def _part(letters: str) -> str:
    upper = letters.upper()
    if len(upper) > 3 and upper.startswith("MC"):
        return "Mc" + upper[2].upper() + upper[3:].lower()
    if len(upper) > 5 and upper.startswith("MAC") and upper not in _MAC_EXCEPTIONS:
        return "Mac" + upper[3].upper() + upper[4:].lower()
    return upper[0] + upper[1:].lower()
