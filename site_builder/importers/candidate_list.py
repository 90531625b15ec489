"""An official candidate list (a filing list, a statement of persons nominated) read from the project's
template, ``docs/contributing/candidate-list.csv``: one row a candidacy, each cell checked with its file,
line and column before anything is planned.

Each row names a city that has a record, an election day and kind, an office (and district), the person's
name (and the name on the ballot, the party and the day they filed where the list gives them) and the address
of the list.
The rows become the election and its offices in the city's record, citing the list, and a candidacy
``qualified`` for each person, citing it too; a person already recorded in the city under that name, or
under one of its ``other_names``, is added to, never replaced (:mod:`site_builder.importers.people`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from site_builder.importers import people
from site_builder.importers.inputs import read_text
from site_builder.importers.merge import Incoming
from site_builder.importers.results import Records
from site_builder.importers.tabulation import shown
from site_builder.records import characters, names
from site_builder.records.files import city_record
from site_builder.records.ids import slugify
from site_builder.records.people import person_key
from site_builder.records.schema import STATES

COLUMNS = (
    "place",
    "election_date",
    "election_kind",
    "office",
    "district",
    "name",
    "ballot_name",
    "party",
    "filing_date",
    "source_url",
)
"""The template's columns, in its order (``docs/contributing/candidate-list.schema.json`` describes each)."""
REQUIRED = ("place", "election_date", "election_kind", "office", "name", "source_url")
KINDS = ("primary", "general", "runoff", "special")
MAX_TEXT = 300
"""The longest value a cell may hold; a longer one is not a name, an office or an address."""
MAX_ROWS = 10_000


class InputError(ValueError):
    """The list cannot be imported; the message starts with the file and line: ``file:line: column: message``."""


class RefusedRows(InputError):
    """Rows of the list that cannot be imported, each ``file:line: column: message``."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(f"{len(lines)} row{'s' if len(lines) != 1 else ''} refused")
        self.lines = lines


@dataclass(frozen=True)
class Entry:
    """One row of the list, checked."""

    line: int
    state: str
    city: str
    date: str
    kind: str
    office: str
    district: str
    name: str
    ballot_name: str
    party: str
    filing_date: str
    source: str

    @property
    def election(self) -> str:
        return f"{self.date}-{self.kind}"


def read(path: Path, root: Path, today: dt.date) -> list[Entry]:
    """The rows of the list at ``path``, each checked against the records under ``root``; raises
    :class:`InputError` at the first fault."""
    display = path.as_posix()
    text = read_text(path, display, InputError)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    entries: list[Entry] = []
    refused: list[str] = []
    seen: dict[tuple[str, ...], int] = {}
    try:
        header = [name.strip().lower() for name in next(reader)]
        if tuple(header) != COLUMNS:
            raise InputError(
                f"{display}:1: the header is `{shown(','.join(header))}`; the template's is "
                f"`{','.join(COLUMNS)}`: start from docs/contributing/candidate-list.csv"
            )
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(entries) + len(refused) == MAX_ROWS:
                raise InputError(f"{display}:{line}: more than {MAX_ROWS} rows: split the list by city")
            try:
                entry = _entry(display, line, values, root, today)
            except InputError as error:
                refused.append(str(error))
                continue
            key = (entry.state, entry.city, entry.election, slugify(entry.office), slugify(entry.district))
            other = seen.setdefault((*key, person_key(entry.name)), line)
            if other != line:
                refused.append(
                    f"{display}:{line}: name: `{shown(entry.name)}` is listed for this race on line {other} "
                    "already; give each candidacy once"
                )
                continue
            entries.append(entry)
    except csv.Error as error:
        raise InputError(f"{display}:{reader.line_num}: the CSV cannot be read: {error}") from None
    if refused:
        raise RefusedRows(refused)
    if not entries:
        raise InputError(f"{display}:2: the list has no rows below its header")
    return entries


def _entry(display: str, line: int, row: list[str], root: Path, today: dt.date) -> Entry:
    if len(row) != len(COLUMNS):
        raise InputError(f"{display}:{line}: the row has {len(row)} fields where the header has {len(COLUMNS)}")
    values: dict[str, str] = {}
    for column, raw in zip(COLUMNS, row, strict=True):
        if len(raw) > MAX_TEXT:
            raise InputError(f"{display}:{line}: {column}: the value is {len(raw)} characters long; at most {MAX_TEXT}")
        refusal = characters.refused(raw)
        if refusal:
            raise InputError(f"{display}:{line}: {column}: {refusal.message}")
        values[column] = " ".join(raw.split())
        if column in REQUIRED and not values[column]:
            raise InputError(f"{display}:{line}: {column}: the value is missing; every row needs one")
    where = f"{display}:{line}"
    state, _, city = values["place"].partition("/")
    if state not in STATES or not city or slugify(city) != city:
        raise InputError(f"{where}: place: `{shown(values['place'])}` is not <state>/<city>, such as wa/seattle")
    if not city_record(root, state, city).path.is_file():
        raise InputError(
            f"{where}: place: there is no city record cities/{state}/{city}.yml: add it first with "
            f'`site-builder new city {state}/{city} "City name"`'
        )
    try:
        day = dt.date.fromisoformat(values["election_date"])
    except ValueError:
        day = None
    if day is None or len(values["election_date"]) != 10:
        raise InputError(
            f"{where}: election_date: `{shown(values['election_date'])}` is not a day: write it as YYYY-MM-DD"
        )
    if day.year < today.year - 100 or day.year > today.year + 10:
        raise InputError(f"{where}: election_date: {day.isoformat()} is not a day of a city election of this century")
    filed = values["filing_date"]
    if filed:
        try:
            filed_day = dt.date.fromisoformat(filed) if len(filed) == 10 else None
        except ValueError:
            filed_day = None
        if filed_day is None:
            raise InputError(f"{where}: filing_date: `{shown(filed)}` is not a day: write it as YYYY-MM-DD")
        if filed_day > min(day, today):
            raise InputError(
                f"{where}: filing_date: {filed} is after "
                + (f"the election ({day.isoformat()})" if filed_day > day else f"today ({today.isoformat()})")
                + ": give the day the list says the candidate filed"
            )
    if values["election_kind"] not in KINDS:
        raise InputError(f"{where}: election_kind: `{shown(values['election_kind'])}` is not one of {', '.join(KINDS)}")
    if not values["source_url"].startswith("https://"):
        raise InputError(
            f"{where}: source_url: `{shown(values['source_url'])}` is not an https:// address of the official list"
        )
    if not slugify(values["office"]):
        raise InputError(f"{where}: office: `{shown(values['office'])}` has no letters or digits")
    try:
        name = names.proper(names.clean(values["name"]))
    except names.RefusedName as refused:
        raise InputError(f"{where}: name: {refused}") from None
    if not person_key(name):
        raise InputError(f"{where}: name: `{shown(name)}` has no letters to tell a person by")
    return Entry(
        line,
        state,
        city,
        values["election_date"],
        values["election_kind"],
        values["office"],
        values["district"],
        name,
        values["ballot_name"],
        values["party"],
        filed,
        values["source_url"],
    )


def build(root: Path, entries: list[Entry], today: dt.date) -> Records:
    """The city records and the candidate records of the list, city by city."""
    records = Records()
    cities: dict[tuple[str, str], list[Entry]] = {}
    for entry in entries:
        cities.setdefault((entry.state, entry.city), []).append(entry)
    for (state, city), found in sorted(cities.items()):
        records.incoming.append(_city(f"cities/{state}/{city}.yml", found))
        candidates = people.read(root, f"candidates/{state}/{city}")
        persons: dict[str, dict[str, Any]] = {}
        for entry in found:
            candidacy = {
                "election": entry.election,
                "office": entry.office,
                "district": entry.district,
                "status": "qualified",
                "party": entry.party,
                "filed_on": entry.filing_date,
                "source": entry.source,
            }
            cited = cast("list[dict[str, str]]", [entry.source])  # a source may be its address alone
            person = people.add_candidacy(persons, person_key(entry.name), entry.name, candidacy, cited)
            if entry.ballot_name:
                person["ballot_name"] = entry.ballot_name
        order = sorted(persons, key=lambda key: (persons[key]["name"].casefold(), key))
        merged, _ = people.gather(candidates, persons, order)
        records.notes.extend(people.reviews(f"cities/{state}/{city}.yml", candidates, merged))
        for incoming in people.incoming(merged, today):
            ballot_name = merged[incoming.path].get("ballot_name")
            if ballot_name:
                incoming.data["ballot_name"] = ballot_name
            records.incoming.append(incoming)
    return records


def _city(path: str, entries: list[Entry]) -> Incoming:
    elections: dict[str, dict[str, Any]] = {}
    for entry in entries:
        election = elections.setdefault(
            entry.election, {"date": entry.date, "kind": entry.kind, "offices": [], "sources": []}
        )
        office = {"office": entry.office, "district": entry.district} if entry.district else {"office": entry.office}
        if office not in election["offices"]:
            election["offices"].append(office)
        if entry.source not in election["sources"]:
            election["sources"].append(entry.source)
    return Incoming(path, "cities", {"elections": list(elections.values())})
