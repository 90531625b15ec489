"""The vote.gov adapter: each state's official links for voters, from vote.gov's ``states.json``, into
``states/<state>.yml``.

The file (github.com/usagov/vote-gov-nvrf-app, ``public/nvrf/assets/states.json``) is a list with one
entry per state, DC and territory.  An entry whose ``abbrev`` is the USPS code of a state, DC or one
of the five territories the directory knows (American Samoa, Guam, the Northern Mariana Islands,
Puerto Rico, the U.S. Virgin Islands: :data:`site_builder.records.schema.STATES`) is imported; any
other is reported and left out.  Its links:

- ``registration_url``: where to register (left out where vote.gov gives none: registration by mail
  or in person only);
- ``confirm_reg_url``: where to check a registration, which for a few states (Arizona, Montana, New
  Mexico, North Dakota, Washington) is their polling-place lookup, a ``WhereToVote`` page: it is then
  the record's ``polling_place_url`` instead of its ``check_registration_url``;
- ``election_website_url``: the state's election office.

Addresses are written with HTML entities in places (``&amp;``), which are decoded; an address that is
not https, has no usable host or is over 500 characters (a sign-in link with a one-time code) is left
out and reported.  A file not in this shape stops the import with the key named, before anything is written.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from site_builder.importers.inputs import read_text
from site_builder.importers.merge import Incoming
from site_builder.records.rules import address_problem
from site_builder.records.schema import STATES

REPOSITORY = "usagov/vote-gov-nvrf-app"
COMMIT = "7c05469df8d8ae63897edebb3128342e3f36c538"
PATH = "public/nvrf/assets/states.json"
PUBLISHER = "vote.gov (GSA and the U.S. Election Assistance Commission)"
CITATION = {
    "url": f"https://github.com/{REPOSITORY}/blob/{COMMIT}/{PATH}",
    "title": "Voter registration information for each state, from vote.gov",
    "publisher": PUBLISHER,
}
REQUIRED = ("abbrev", "name", "registration_url", "confirm_reg_url", "election_website_url")
MAX_URL = 500
_POLLING_PLACE = re.compile(r"wheretovote", re.IGNORECASE)


class InputError(ValueError):
    """The file is not vote.gov's ``states.json``; the message names the key."""


@dataclass
class Records:
    incoming: list[Incoming] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def build(path: Path, today: dt.date) -> Records:
    """The state records of vote.gov's ``states.json`` at ``path``."""
    display = path.as_posix()
    entries = _read(path, display)
    records = Records()
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        where = f"{display}: [{index}]"
        if not isinstance(entry, dict):
            raise InputError(f"{where}: expected an object with the keys {', '.join(REQUIRED)}")
        for key in REQUIRED:
            if key not in entry:
                raise InputError(f"{where}: the key `{key}` is missing; vote.gov's states have {', '.join(REQUIRED)}")
            if not isinstance(entry[key], str):
                raise InputError(f"{where}.{key}: expected text, found {type(entry[key]).__name__}")
        if entry.get("lang", "en") != "en":
            continue  # a translation of an entry: the links are the same
        code = entry["abbrev"].strip().lower()
        if code not in STATES:
            records.notes.append(f"left out {where}: `{entry['abbrev']}` is not a state, DC or territory code")
            continue
        if code in seen:
            raise InputError(f"{where}.abbrev: `{code}` is listed twice (first at [{seen[code]}])")
        seen[code] = index
        records.incoming.append(_record(code, entry, where, today, records.notes))
    if not records.incoming:
        raise InputError(f"{display}: no state in the file")
    return records


MAX_DEPTH = 20
"""The deepest nesting of lists and objects read; vote.gov's file has three levels."""
_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _read(path: Path, display: str) -> list[Any]:
    text = read_text(path, display, InputError)
    deep = _too_deep(text)
    if deep:
        raise InputError(f"{display}:{deep}: the JSON is nested more than {MAX_DEPTH} levels deep")
    try:
        data = json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as error:
        raise InputError(f"{display}:{error.lineno}: not valid JSON: {error.msg}") from None
    if not isinstance(data, list):
        raise InputError(f"{display}: expected a list of states, as vote.gov's states.json is")
    return data


def _too_deep(text: str) -> int | None:
    """The line where the text's lists and objects first nest deeper than :data:`MAX_DEPTH`, or None; the
    JSON reader would otherwise recurse as deep as the file goes."""
    depth = 0
    for match in _NESTING.finditer(text):
        mark = match.group()
        if mark in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return text.count("\n", 0, match.start()) + 1
        elif mark in "]}":
            depth -= 1
    return None


def _integer(digits: str) -> int | Decimal:
    """A whole number of the file; one too long for Python's ``int`` stays a :class:`Decimal`, which the
    checks of the values then refuse where it stands, as they do any number."""
    return int(digits) if len(digits) <= 1000 else Decimal(digits)


def _record(code: str, entry: dict[str, Any], where: str, today: dt.date, notes: list[str]) -> Incoming:
    links: dict[str, str] = {}
    check = _url(entry, "confirm_reg_url", where, notes)
    for name, value in (
        ("registration_url", _url(entry, "registration_url", where, notes)),
        ("polling_place_url" if _POLLING_PLACE.search(check) else "check_registration_url", check),
        ("elections_office_url", _url(entry, "election_website_url", where, notes)),
    ):
        if value:
            links[name] = value
    name = " ".join(html.unescape(entry["name"]).split()) or STATES[code]
    data = {"name": name, **links, "sources": [dict(CITATION)], "last_verified": today.isoformat()}
    return Incoming(f"states/{code}.yml", "states", data)


def _url(entry: dict[str, Any], key: str, where: str, notes: list[str]) -> str:
    value = html.unescape(entry[key]).strip()
    if not value:
        return ""
    if not value.startswith("https://") or re.search(r"[\s<>\"']", value) or address_problem(value):
        notes.append(f"left out {where}.{key} ({entry['abbrev']}): `{value[:80]}` is not a usable https address")
        return ""
    if len(value) > MAX_URL:
        notes.append(f"left out {where}.{key} ({entry['abbrev']}): the address is {len(value)} characters long")
        return ""
    return value
