"""Office strings of results files read as a city, an office and a district, or left unread.

Results files name offices in free text that differs by county and year
(``CITY OF CAMAS COUNCIL - WARD 2, POSITION NO. 1``, ``City Of Seattle Council Position No. 8``,
``Mayor Pittsburgh``).  A string is read only when every word of it is understood: the city
(a census place of the state, before or after the office), the office (mayor, council, city
attorney, treasurer) and the numbered ward, district or position.  Ballot measures, judges and
the offices of counties, schools and special districts are not city offices and are passed over.
Anything else that looks like a city office is *unread*: listed for review, never guessed.  The
reviewed mapping file (``openelections-offices.yml``) settles those strings one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from site_builder.importers.places import Place, place_key, state_places
from site_builder.records.loader import Mapping, Sequence, load_file

MAPPING = Path(__file__).parent / "openelections-offices.yml"

_NOT_CITY = re.compile(
    r"\b(propositions?|prop|levy|measure|advisory|bonds?|annexation|initiative|referendum|judges?|court|"
    r"civil service|school|fire|hospital|port of|park|parks|cemetery|library|water|sewer|transportation|county|"
    r"charter|freeholders?|ordinance|fluoridation|government|district commissioner|sd|sch|swd|director|port|pool|"
    r"utility|resolution|tax)\b",
    re.IGNORECASE,
)
_CITY_WORDS = re.compile(r"\b(mayor|council|councilmember|councilman|city attorney|city treasurer)\b", re.IGNORECASE)
_PREFIX = re.compile(r"^(?:(?:city|town) of|city)\s+", re.IGNORECASE)
_FILLER = frozenset({"town", "municipal"})
_OFFICE_WORDS = {
    "mayor": "mayor",
    "council": "council",
    "councilmember": "council",
    "councilman": "council",
    "coun": "council",
    "member": "member",
    "city": "city",
    "attorney": "attorney",
    "councilperson": "council",
    "treasurer": "treasurer",
    "clerk": "clerk",
}
_LABELS = {"position": "position", "pos": "position", "ward": "ward", "district": "district", "dist": "district"}


@dataclass(frozen=True)
class Office:
    city: Place
    office: str
    district: str = ""
    seats: int = 1
    votes_allowed: int | None = None
    """How many candidates each voter may vote for, when the reviewed entry says it is fewer than the seats."""
    basis: tuple[tuple[str, str], ...] = ()
    """The reviewed entry's source for its seats and votes (a citation's fields), when it gives one."""


@dataclass(frozen=True)
class Unread:
    """An office string that looks like a city office but cannot be read."""

    reason: str


class MappingError(ValueError):
    """The mapping file cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Mapped:
    office: Office | None
    """None when the reviewed entry says the string is not a city office (``skip``)."""


Key = tuple[str, str, str]
"""A reviewed entry's state, county (casefolded; empty for a string of any county) and office string."""


def read_office(text: str, state: str, mapping: dict[Key, Mapped], county: str = "") -> Office | Unread | None:
    """The city office a string names, :class:`Unread`, or None for a string that is no city office.  A reviewed
    entry of the row's county comes before one of any county (``Mayor`` is Philadelphia's in Philadelphia's rows)."""
    text = " ".join(text.split())
    for key in ((state, county.casefold(), text), (state, "", text)):
        if key in mapping:
            return mapping[key].office
    places = state_places(state)
    prefixed = _PREFIX.match(text)
    rest = text[prefixed.end() :] if prefixed else text
    found = _place_at_start(rest, places)
    if found:
        place, remainder = found
    else:
        found = None if prefixed or not _CITY_WORDS.search(text) else _place_at_end(text, places)
        if not found:
            if _NOT_CITY.search(text) or not (prefixed or _CITY_WORDS.search(text)):
                return None
            return Unread("no city of the state is named in it")
        place, remainder = found
    if _NOT_CITY.search(remainder):
        return None
    return _read_remainder(place, remainder)


def _place_at_start(text: str, places: dict[str, Place]) -> tuple[Place, str] | None:
    words = text.split(" ")
    for count in range(min(len(words), 5), 0, -1):
        place = places.get(place_key(" ".join(words[:count])))
        if place:
            rest = words[count:]
            while rest and rest[0].lower() in _FILLER:
                rest = rest[1:]
            remainder = " ".join(rest)
            again = _PREFIX.match(remainder)  # "BINGEN MUNICIPAL City of Bingen Council", "LANGLEY Langley ..."
            candidate = remainder[again.end() :] if again else remainder
            cut = candidate.split(" ")
            if place_key(" ".join(cut[: len(words[:count])])) == place.key:
                remainder = " ".join(cut[count:])
            return place, remainder
    return None


def _place_at_end(text: str, places: dict[str, Place]) -> tuple[Place, str] | None:
    words = text.split(" ")
    for count in range(min(len(words) - 1, 5), 0, -1):
        place = places.get(place_key(" ".join(words[-count:])))
        if place:
            return place, " ".join(words[:-count])
    return None


def _read_remainder(place: Place, remainder: str) -> Office | Unread:
    again = re.compile(rf"\b(?:(?:city|town) of )?{re.escape(place.name.lower())}\b")
    text = again.sub(" ", remainder.lower())  # "CITY OF YAKIMA - DISTRICT 1 City of Yakima; Council District 1"
    text = re.sub(r"\bat[\s-]+large\b", " atlarge ", text)
    text = re.sub(r"\bc d\b", " district ", text)
    tokens = re.findall(r"[a-z]+|[0-9]+", text)
    kinds: set[str] = set()
    numbers: dict[str, int] = {}
    at_large = False
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        label = _LABELS.get(token)
        if token.isdigit() or (token in ("no", "number") and index < len(tokens) and tokens[index].isdigit()):
            label = "position"
            index -= 1 if token.isdigit() else 0
        if label:
            if index < len(tokens) and tokens[index] in ("no", "number"):
                index += 1
            if index >= len(tokens) or not tokens[index].isdigit():
                return Unread(f"`{token}` is not followed by a number")
            number = int(tokens[index])
            index += 1
            if numbers.setdefault(label, number) != number:
                return Unread(f"two different {label} numbers")
        elif token == "atlarge":  # noqa: S105 - a word of the office string
            at_large = True
        elif token in _OFFICE_WORDS:
            kinds.add(_OFFICE_WORDS[token])
        else:
            return Unread(f"the word `{token}` is not understood")
    office = _office_name(kinds, numbers, at_large)
    if isinstance(office, Unread):
        return office
    if "ward" in numbers and "district" in numbers:
        return Unread("both a ward and a district")
    parts = [f"{label.capitalize()} {numbers[label]}" for label in ("ward", "district") if label in numbers]
    parts += ["At-Large"] if at_large else []
    parts += [f"Position {numbers['position']}"] if "position" in numbers else []
    return Office(place, office, ", ".join(parts))


def _office_name(kinds: set[str], numbers: dict[str, int], at_large: bool) -> str | Unread:
    named = kinds - {"city", "member"}
    if named == {"council"}:
        return "City Council"
    if named == {"clerk", "treasurer"}:
        return "Clerk-Treasurer"
    if len(named) != 1:
        return Unread("no office is named in it" if not named else "it names more than one office")
    if numbers or at_large:
        return Unread("a ward, district or position for an office that has none")
    return {"mayor": "Mayor", "attorney": "City Attorney", "treasurer": "Treasurer", "clerk": "Clerk"}[named.pop()]


def load_mapping(path: Path = MAPPING) -> dict[Key, Mapped]:
    """The reviewed entries of the mapping file, by state, county and office string (:data:`Key`)."""
    display = path.as_posix()
    data, problems = load_file(path, display)
    if problems or data is None:
        first = problems[0] if problems else None
        raise MappingError(f"{display}:{first.line if first else 1}: {first.message if first else 'cannot be read'}")
    entries = data.get("offices")
    if not isinstance(entries, Sequence):
        raise MappingError(f"{display}:{data.mark[0]}: the file needs an `offices:` list")
    mapping: dict[Key, Mapped] = {}
    for item, mark in zip(entries, entries.item_marks, strict=True):
        if not isinstance(item, Mapping):
            raise MappingError(f"{display}:{mark[0]}: each entry is a set of `field: value` lines")
        key = _key(item, display)  # the keys checked before the values
        mapping[key] = Mapped(_entry_office(item, display))
    return mapping


_ENTRY_KEYS = frozenset(
    {"state", "county", "text", "city", "office", "district", "seats", "votes_allowed", "source", "skip"}
)
_SOURCE_KEYS = frozenset({"url", "title", "publisher"})


def _key(item: Mapping, display: str) -> Key:
    unknown = sorted(set(item) - _ENTRY_KEYS)
    if unknown:
        raise MappingError(f"{display}:{item.key_marks[unknown[0]][0]}: unknown key `{unknown[0]}`")
    for name in ("state", "text"):
        if not isinstance(item.get(name), str):
            raise MappingError(f"{display}:{item.mark[0]}: the entry needs `{name}:`")
    county = item.get("county") or ""
    if not isinstance(county, str):
        raise MappingError(
            f"{display}:{item.key_marks['county'][0]}: `county:` is the county's name, such as Philadelphia"
        )
    return item["state"], county.casefold(), " ".join(item["text"].split())


def _entry_office(item: Mapping, display: str) -> Office | None:
    line = item.mark[0]
    if item.get("skip"):
        if set(item) & {"city", "office", "district", "seats", "votes_allowed", "source"}:
            raise MappingError(f"{display}:{line}: an entry with `skip:` names no office")
        return None
    if not isinstance(item.get("city"), str) or not isinstance(item.get("office"), str):
        raise MappingError(f"{display}:{line}: the entry needs `city:` and `office:`, or `skip:` with the reason")
    place = state_places(item["state"]).get(place_key(item["city"]))
    if place is None:
        raise MappingError(f"{display}:{line}: `{item['city']}` is not a census place of {item['state']}")
    seats = item.get("seats") or "1"
    if not isinstance(seats, str) or not seats.isdigit() or int(seats) < 1:
        raise MappingError(f"{display}:{line}: `seats:` is a whole number such as 2")
    allowed = item.get("votes_allowed")
    if allowed is not None and (
        not isinstance(allowed, str) or not allowed.isdigit() or not 1 <= int(allowed) < int(seats)
    ):
        raise MappingError(
            f"{display}:{item.key_marks['votes_allowed'][0]}: `votes_allowed:` is how many candidates each voter may "
            f"vote for, a whole number from 1 to one less than `seats:` ({seats}); leave it out when each voter has a "
            "vote for every seat"
        )
    basis = _basis(item, display)
    if allowed is not None and not basis:
        raise MappingError(
            f"{display}:{line}: an entry with `votes_allowed:` needs `source:`, the law or ballot that says it"
        )
    district = item.get("district") or ""
    return Office(
        place,
        item["office"],
        district if isinstance(district, str) else "",
        int(seats),
        int(allowed) if allowed is not None else None,
        basis,
    )


def _basis(item: Mapping, display: str) -> tuple[tuple[str, str], ...]:
    """The entry's ``source:``, a citation with a ``url`` and a ``title`` (and a ``publisher``)."""
    source = item.get("source")
    if source is None:
        return ()
    if (
        not isinstance(source, Mapping)
        or set(source) - _SOURCE_KEYS
        or not all(isinstance(source.get(name), str) for name in ("url", "title"))
        or not str(source["url"]).startswith("https://")
    ):
        raise MappingError(
            f"{display}:{item.key_marks['source'][0]}: `source:` is a citation with `url:` (https), `title:` and "
            "`publisher:`"
        )
    return tuple(
        (name, str(source[name])) for name in ("url", "title", "publisher") if isinstance(source.get(name), str)
    )
