"""Record ids: the slugs that file names, ids and URLs are made of, and the templates that derive them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

_WORDS = re.compile(r"[a-z0-9]+")


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: ``Ward 3`` becomes ``ward-3``, ``José`` becomes ``jose``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(_WORDS.findall(ascii_text.lower()))


_PLACEHOLDER = re.compile(r"\{([a-z_.]+)(?::(slug))?\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")

Values = Callable[[str], Any]
"""Looks up a placeholder's name (``date``, ``parent.id``, ``path.state``, ``number``)."""


@dataclass(frozen=True)
class Template:
    """A derived value written as a template in the descriptor (``x-template``).

    ``{name}`` is a field of the row itself, ``{parent.name}`` a field of the row it is listed
    in, ``{path.name}`` a part of the record's file path (named by the table's ``path``),
    ``{number}`` an item's place in its list, from 1.  ``:slug`` turns a value into lowercase
    words joined by hyphens.  A part in ``[...]`` is left out when one of its values is missing;
    when a value outside brackets is missing, so is the whole.
    """

    text: str

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(match.group(1) for match in _PLACEHOLDER.finditer(self.text))

    @cached_property
    def _parts(self) -> tuple[tuple[bool, tuple[tuple[str, str | None, bool], ...]], ...]:
        """(optional, pieces) groups; a piece is (text or name, filter, whether it is a name)."""
        groups: list[tuple[bool, tuple[tuple[str, str | None, bool], ...]]] = []
        position = 0
        for match in _OPTIONAL.finditer(self.text):
            groups.append((False, _pieces(self.text[position : match.start()])))
            groups.append((True, _pieces(match.group(1))))
            position = match.end()
        groups.append((False, _pieces(self.text[position:])))
        return tuple(group for group in groups if group[1])

    @cached_property
    def _single(self) -> str | None:
        """The name, when the template is one placeholder and nothing else (``{parent.id}``)."""
        match = _PLACEHOLDER.fullmatch(self.text)
        return match.group(1) if match and not match.group(2) else None

    def render(self, values: Values) -> str | None:
        single = self._single
        if single is not None:
            value = values(single)
            return value if isinstance(value, str) and value else None
        out: list[str] = []
        for optional, pieces in self._parts:
            written: list[str] = []
            for text, how, is_name in pieces:
                if not is_name:
                    written.append(text)
                    continue
                value = values(text)
                value = value if isinstance(value, str) else ""
                if how == "slug":
                    value = slugify(value)
                if not value:
                    if optional:
                        written = []
                        break
                    return None
                written.append(value)
            out.extend(written)
        return "".join(out) or None


def _pieces(text: str) -> tuple[tuple[str, str | None, bool], ...]:
    pieces: list[tuple[str, str | None, bool]] = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() > position:
            pieces.append((text[position : match.start()], None, False))
        pieces.append((match.group(1), match.group(2), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], None, False))
    return tuple(pieces)


def path_names(template: str) -> tuple[str, ...]:
    """The names of a record path's parts: ``{state}/{city}.yml`` → ``("state", "city")``."""
    return tuple(match.group(1) for match in _PLACEHOLDER.finditer(template))


@dataclass(frozen=True)
class Generated:
    """The name of a page the site makes in a folder where records' pages live too, such as a city's folder,
    which holds its candidates' pages beside its guides: ``prefix`` and then an id, or, when ``numbered``,
    a part's number.  A record's id of that form is refused, so that no record takes a made page's address;
    :mod:`site_builder.site.urls` names the made pages with :meth:`name`."""

    prefix: str
    numbered: bool = False

    def name(self, rest: str) -> str:
        """The page's name in its folder: ``guide-`` and ``2027-03-02-general``, ``elections-`` and ``2``."""
        return f"{self.prefix}{rest}"

    def takes(self, slug: str) -> bool:
        """Whether ``slug`` is, or could one day be, the name of such a page."""
        rest = slug.removeprefix(self.prefix)
        return rest != slug and bool(rest) and (rest.isdigit() or not self.numbered)

    @property
    def form(self) -> str:
        return f"`{self.prefix}` and a number" if self.numbered else f"`{self.prefix}` and anything"


GUIDE = Generated("guide-")
"""A city's printable guide to one of its elections, and the guide's further parts."""
COMPARE = Generated("compare-")
"""A race's candidates side by side, and the comparison's further parts."""
CITY_ELECTIONS = Generated("elections-", numbered=True)
"""The further parts of a city's elections."""

RESERVED: dict[str, tuple[Generated, ...]] = {
    "candidates": (GUIDE, COMPARE, CITY_ELECTIONS),
    "cities": (),
    "topics": (),
    "organizations": (),
}
"""The pages the site makes in the folder where each kind's pages live, by the kind's table: candidates'
pages share their city's folder; a city's, its state's; topics' and organisations' pages, the folder of
the list of them.  A new kind of made page in one of these folders is added here, and urls.py names it
from here."""


def reserved(table: str, slug: str) -> Generated | None:
    """The made page whose address a record of ``table`` with id ``slug`` would take, or None."""
    return next((page for page in RESERVED.get(table, ()) if page.takes(slug)), None)
