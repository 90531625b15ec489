"""The Open States adapter: the mayors of its people repository (github.com/openstates/people) read
into the offices they hold or held.

A checkout holds ``data/<state>/municipalities.yml`` (each city Open States lists, with its
``ocd-jurisdiction`` id), ``data/<state>/municipalities/*.yml`` (one file per current mayor) and
``data/<state>/retired/*.yml`` (one file per former officeholder; only those with a mayor's role
are read).  Every file must be in Open States' shape: a key it does not have, or a value of the
wrong kind, stops the import with the file, the line and the key, before anything is written.
Each person's file is cited at the commit the data-sources README names (:data:`COMMIT`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from site_builder.importers.inputs import read_text
from site_builder.records import names
from site_builder.records.loader import Mapping, Sequence, parse_text
from site_builder.records.schema import STATES

REPOSITORY = "openstates/people"
COMMIT = "934bf09a94a35351baf872c70e778a4367c8266e"
PUBLISHER = "Open States"
FOLDERS = {"municipalities": "current", "retired": "former"}
"""The folders of people read, and whether the people there hold their office or held it."""

_PERSON_ID = re.compile(r"^ocd-person/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")
_JURISDICTION = re.compile(r"^ocd-jurisdiction/(country:us/state:([a-z]{2})(/[a-z_]+:[^/\s]+)+)/government$")
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
_PERSON_KEYS = frozenset(
    {
        "id",
        "name",
        "given_name",
        "family_name",
        "middle_name",
        "suffix",
        "nickname",
        "email",
        "gender",
        "biography",
        "birth_date",
        "death_date",
        "image",
        "party",
        "roles",
        "offices",
        "contact_details",
        "links",
        "other_identifiers",
        "other_names",
        "ids",
        "sources",
        "extras",
    }
)
"""The keys of an Open States person file (its ``person.schema.json``)."""
_ROLE_KEYS = frozenset({"type", "jurisdiction", "district", "start_date", "end_date", "end_reason", "title"})
_PARTY_KEYS = frozenset({"name", "start_date", "end_date"})
_LINK_KEYS = frozenset({"url", "note"})
_MUNICIPALITY_KEYS = frozenset({"name", "id"})


class InputError(ValueError):
    """An Open States file cannot be imported; the message names the file, the line and the key."""


@dataclass(frozen=True)
class Term:
    """One mayor's role of a person: a term in one city."""

    jurisdiction: str
    division: str
    """The jurisdiction's division id: ``ocd-division/country:us/state:mo/place:saint_louis``."""
    state: str
    start: str
    end: str
    district: str


@dataclass(frozen=True)
class Person:
    display: str
    """The file, as named in messages: ``data/mo/municipalities/Cara-Spencer-….yml``."""
    url: str
    """The file's public address at :data:`COMMIT`."""
    ocd_id: str
    name: str
    status: str
    party: str
    terms: tuple[Term, ...]
    sources: tuple[str, ...]
    """The addresses the file names as its sources, in its order."""


@dataclass
class Reading:
    people: list[Person] = field(default_factory=list)
    municipalities: dict[str, str] = field(default_factory=dict)
    """Each jurisdiction id Open States lists, to its name there (``Saint Louis``)."""
    listings: dict[str, str] = field(default_factory=dict)
    """Each state's ``municipalities.yml``, by state: its public address."""
    notes: list[str] = field(default_factory=list)


def public_url(relative: str) -> str:
    """The public address of a file of the repository, at :data:`COMMIT`."""
    return f"https://github.com/{REPOSITORY}/blob/{COMMIT}/{quote(relative)}"


def read(folder: Path) -> Reading:
    """Every mayor of the checkout at ``folder``; raises :class:`InputError` at the first bad file."""
    data = folder / "data"
    if not data.is_dir():
        raise InputError(f"{folder.as_posix()}: not an Open States people checkout: it has no data/ folder")
    reading = Reading()
    seen: dict[str, str] = {}
    states = sorted(path for path in data.iterdir() if path.is_dir())
    if not states:
        raise InputError(f"{data.as_posix()}: no state folders (data/<state>/) to read")
    for state_folder in states:
        state = state_folder.name
        if state not in STATES:
            raise InputError(f"data/{state}: `{state}` is not a state's USPS code")
        listing = state_folder / "municipalities.yml"
        if os.path.lexists(listing):  # a link or a pipe is refused, not passed over
            _read_municipalities(reading, listing, f"data/{state}/municipalities.yml")
            reading.listings[state] = public_url(f"data/{state}/municipalities.yml")
        for name, status in FOLDERS.items():
            for path in sorted((state_folder / name).glob("*.yml")):
                relative = f"data/{state}/{name}/{path.name}"
                person = _read_person(path, relative, status)
                if person is None:
                    continue
                expected = person.ocd_id.removeprefix("ocd-person/")
                if not path.stem.endswith(f"-{expected}"):
                    reading.notes.append(
                        f"skipped {relative}: a stray copy; Open States names a person's file <name>-<id>.yml "
                        f"and this one holds {person.ocd_id}"
                    )
                    continue
                if person.ocd_id in seen:
                    reading.notes.append(
                        f"skipped {relative}: it repeats {person.ocd_id}, already read from {seen[person.ocd_id]}"
                    )
                    continue
                seen[person.ocd_id] = relative
                reading.people.append(person)
    return reading


def _load(path: Path, display: str) -> Any:
    text = read_text(path, display, InputError, follow=False)  # a file of the checkout is never a link
    value, problems = parse_text(text, display)
    if problems:
        first = problems[0]
        where = f" {first.field}:" if first.field else ""
        raise InputError(f"{display}:{first.line}:{where} {first.message}")
    return value


def _fail(display: str, container: Mapping | Sequence | None, key: str | int, message: str) -> InputError:
    line = 1
    if isinstance(container, Mapping):
        line = container.key_marks.get(str(key), container.mark)[0]
    elif isinstance(container, Sequence) and isinstance(key, int) and key < len(container.item_marks):
        line = container.item_marks[key][0]
    return InputError(f"{display}:{line}: {message}")


def _read_municipalities(reading: Reading, path: Path, display: str) -> None:
    value = _load(path, display)
    if value is None:
        return
    if not isinstance(value, Sequence):
        raise InputError(f"{display}:1: expected a list of municipalities, each with `name` and `id`")
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise _fail(display, value, index, "each municipality has `name` and `id`")
        _known_keys(display, item, _MUNICIPALITY_KEYS, "a municipality", f"[{index + 1}]")
        for key in ("name", "id"):
            if not isinstance(item.get(key), str) or not item[key]:
                raise _fail(display, item, key if key in item else "", f"`{key}` must be given as text")
        if not _JURISDICTION.match(item["id"]):
            raise _fail(display, item, "id", f"id: `{item['id']}` is not an ocd-jurisdiction id of a US government")
        reading.municipalities[item["id"]] = _text(display, item, "name")


def _read_person(path: Path, display: str, status: str) -> Person | None:
    value = _load(path, display)
    if not isinstance(value, Mapping):
        raise InputError(f"{display}:1: expected an Open States person: `id`, `name`, `roles` ...")
    _known_keys(display, value, _PERSON_KEYS, "an Open States person")
    ocd_id = value.get("id")
    if not isinstance(ocd_id, str) or not _PERSON_ID.match(ocd_id):
        raise _fail(display, value, "id", f"id: `{ocd_id}` is not an ocd-person id" if ocd_id else "id: is missing")
    if not isinstance(value.get("name"), str) or not value["name"].strip():
        raise _fail(display, value, "name", "name: must be given as text")
    roles = _list(display, value, "roles")
    terms = []
    for index, role in enumerate(roles):
        where = f"roles[{index + 1}]"
        if not isinstance(role, Mapping):
            raise _fail(display, roles, index, f"{where}: expected a role with `type` and `jurisdiction`")
        _known_keys(display, role, _ROLE_KEYS, "a role", where)
        for key in ("type", "jurisdiction"):
            if not isinstance(role.get(key), str) or not role[key]:
                raise _fail(display, role, key if key in role else "", f"{where}.{key}: must be given as text")
        for key in ("start_date", "end_date", "district"):
            if key in role and not isinstance(role[key], str):
                raise _fail(display, role, key, f"{where}.{key}: must be a single value")
        for key in ("start_date", "end_date"):
            if role.get(key) and not _DATE.match(role[key]):
                raise _fail(display, role, key, f"{where}.{key}: `{role[key]}` is not a date written YYYY-MM-DD")
        if role["type"] != "mayor":
            continue
        match = _JURISDICTION.match(role["jurisdiction"])
        if not match:
            raise _fail(
                display, role, "jurisdiction", f"{where}.jurisdiction: `{role['jurisdiction']}` is not a US city's"
            )
        terms.append(
            Term(
                role["jurisdiction"],
                f"ocd-division/{match.group(1)}",
                match.group(2),
                role.get("start_date") or "",
                role.get("end_date") or "",
                role.get("district") or "",
            )
        )
    if not terms:
        return None  # a retired legislator: not a city's officeholder
    party = ""
    for index, item in enumerate(_list(display, value, "party")):
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
            raise _fail(display, value.get("party"), index, f"party[{index + 1}]: expected `name: <party>`")
        _known_keys(display, item, _PARTY_KEYS, "a party", f"party[{index + 1}]")
        party = party or _text(display, item, "name")
    sources = []
    for index, item in enumerate(_list(display, value, "sources")):
        if not isinstance(item, Mapping) or not isinstance(item.get("url"), str):
            raise _fail(display, value.get("sources"), index, f"sources[{index + 1}]: expected `url: <address>`")
        _known_keys(display, item, _LINK_KEYS, "a source", f"sources[{index + 1}]")
        sources.append(item["url"].strip())
    return Person(
        display,
        public_url(display),
        ocd_id,
        _text(display, value, "name"),
        status,
        party,
        tuple(terms),
        tuple(sources),
    )


def _known_keys(display: str, item: Mapping, known: frozenset[str], what: str, where: str = "") -> None:
    for key in item:
        if key not in known:
            field = f"{where}.{key}" if where else key
            raise _fail(display, item, key, f"{field}: `{key}` is not a key of {what} in Open States' files")


def _list(display: str, item: Mapping, key: str) -> Sequence:
    value = item.get(key)
    if value is None:
        empty = Sequence(item.mark)
        if key == "roles":
            raise _fail(display, item, "", "roles: is missing; an Open States person has a list of roles")
        return empty
    if not isinstance(value, Sequence):
        raise _fail(display, item, key, f"{key}: expected a list")
    return value


def _text(display: str, item: Mapping, key: str) -> str:
    try:
        return names.clean(item[key])
    except names.RefusedName as error:
        raise _fail(display, item, key, f"{key}: {error}") from None
