"""The character policy of record text: one place that says which code points a record may hold.

Applied by the loader to the whole file before YAML reads it (so a raw character is
reported at its line and column) and to every value that a double-quoted YAML escape
(``"\\u202e"``) can make, and by the normaliser to line breaks, which only the fields
the descriptor marks ``x-multiline`` may hold.

Refused everywhere, because they are invisible or change how text around them reads:

- C0 controls other than the line feed, DEL and the C1 controls (U+0080–U+009F, NEL
  among them): they reach terminals, calendars and spreadsheets as commands;
- U+2028 and U+2029, which YAML and JavaScript read as line breaks, so one visible line
  could hold two keys;
- the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069):
  an override in one name reverses the text after it, such as another candidate's result;
- noncharacters (U+FDD0–U+FDEF and the last two code points of every plane), a byte
  order mark inside the text and the interlinear annotation marks (U+FFF9–U+FFFB);
- more than :data:`MAX_MARKS` combining marks on one letter, which stack over the
  lines around it.

Text is kept in Unicode normal form C, so the same name is always the same string.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

MAX_MARKS = 4
"""Combining marks allowed on one letter: Vietnamese needs two, some scripts three."""

_FORBIDDEN = re.compile(
    "["
    "\x00-\x09\x0b-\x1f\x7f-\x9f"  # controls other than the line feed
    "\u2028\u2029"  # line and paragraph separators
    "\u202a-\u202e\u2066-\u2069"  # bidirectional embeddings, overrides and isolates
    "\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff"
    "]"
)
_ASCII_FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f]")
"""The refused characters an ASCII text can hold: a much smaller class, searched much faster."""
_NAMES = {"\ufeff": "BYTE ORDER MARK", "\x85": "NEXT LINE (NEL)"}


def describe(char: str) -> str:
    """A character as a contributor can look it up: ``U+202E (RIGHT-TO-LEFT OVERRIDE)``."""
    name = _NAMES.get(char) or unicodedata.name(char, "")
    if not name and unicodedata.category(char) == "Cc":
        name = "a control character"
    elif not name:
        name = "a noncharacter"
    return f"U+{ord(char):04X} ({name})"


class Refusal(NamedTuple):
    at: int
    """Where in the text the refused character is."""
    message: str
    marks: bool
    """Whether it is a combining mark over the limit, rather than a character refused outright."""

    @property
    def hint(self) -> str:
        if self.marks:
            return "remove the extra marks; a letter needs at most a few accents"
        return "delete it; such characters are invisible or change how the text around them reads"


def refused(text: str) -> Refusal | None:
    """The first refused character (or the mark over the limit) and why; None if the text is clean."""
    match = (_ASCII_FORBIDDEN if text.isascii() else _FORBIDDEN).search(text)
    if match:
        return Refusal(match.start(), f"{describe(match.group())} is not allowed in a record", marks=False)
    if text.isascii():
        return None
    run = 0
    for index, char in enumerate(text):
        run = run + 1 if unicodedata.combining(char) else 0
        if run > MAX_MARKS:
            return Refusal(index, f"more than {MAX_MARKS} combining marks on one letter", marks=True)
    return None


def normal(text: str) -> str:
    """The text in Unicode normal form C."""
    return text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
