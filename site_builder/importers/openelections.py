"""The OpenElections adapter: results CSV files (``county,[precinct,]office,district,party,candidate,votes``)
read into the city races they hold, summed over counties and precincts.

A file is named ``<YYYYMMDD>__<state>__<kind>__<rest>.csv``; its election day, state and kind
come from the name, and its public address from the dataset's repository at the commit the
data-sources README names (:data:`DATASETS`).  Every row must be whole and well formed: any
bad row, column or byte stops the import with the file and line, before anything is written.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.importers import names
from site_builder.importers.inputs import read_text
from site_builder.importers.offices import Mapped, Office, Unread, read_office
from site_builder.importers.places import Place
from site_builder.records.rules import person_key
from site_builder.records.schema import STATES

REQUIRED = ("county", "office", "district", "party", "candidate", "votes")


@dataclass(frozen=True)
class Dataset:
    """Where a results file comes from and who to credit."""

    repository: str
    commit: str
    folder: str
    """The file's folder in the repository, with ``{year}`` for the election's year."""
    official: dict[str, str]
    """The official source the dataset names, by the part of the file name after the kind (``*`` for any)."""


DATASETS = {
    "wa": Dataset(
        "openelections/openelections-data-wa",
        "6b4a278cf8f8737c4116d4d7838d386a728c487b",
        "{year}",
        {"*": "the Washington Secretary of State"},
    ),
    "pa": Dataset(
        "openelections/openelections-data-pa",
        "8066d61c0f2a38d9edc33c9c05c7e3e11764d05a",
        "{year}/counties",
        {"allegheny__county": "Allegheny County Elections"},
    ),
}
_FILE_NAME = re.compile(
    r"^(\d{4})(\d{2})(\d{2})__([a-z]{2})__(primary|general|special)__([a-z0-9_]+)(\.[a-z0-9-]+-excerpt)?\.csv$"
)
_WRITE_IN = re.compile(r"^write[\s-]*ins?\b", re.IGNORECASE)
_OVER = re.compile(r"^over\s*votes?$", re.IGNORECASE)
_UNDER = re.compile(r"^under\s*votes?$", re.IGNORECASE)
_NOT_PEOPLE = re.compile(
    r"^(rejected write[\s-]*ins?|registered voters|times (cast|counted)|total( votes)?( cast)?|ballots cast)$",
    re.IGNORECASE,
)
PARTIES = {"DEM": "Democratic", "REP": "Republican", "LIB": "Libertarian", "GRN": "Green"}


class InputError(ValueError):
    """A results file cannot be imported; the message names the file and line."""


@dataclass(frozen=True)
class ResultsFile:
    path: Path
    display: str
    state: str
    date: str
    kind: str
    citation: dict[str, str]


@dataclass
class Tally:
    spellings: Counter[str] = field(default_factory=Counter)
    votes: int = 0
    party: str = ""


@dataclass
class Race:
    """One race of one election in one city, summed over every row that names it."""

    city: Place
    state: str
    date: str
    kind: str
    office: str
    district: str
    seats: int
    people: dict[str, Tally] = field(default_factory=dict)
    write_ins: int | None = None
    over: int | None = None
    under: int | None = None
    citations: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class UnreadOffice:
    display: str
    line: int
    text: str
    reason: str


@dataclass
class Reading:
    races: dict[tuple[str, ...], Race] = field(default_factory=dict)
    unread: list[UnreadOffice] = field(default_factory=list)


def results_file(path: Path) -> ResultsFile:
    """What a file's name says about it, and its citation."""
    display = path.as_posix()
    match = _FILE_NAME.match(path.name)
    if not match:
        raise InputError(
            f"{display}:1: the file name is not an OpenElections results name such as 20171107__wa__general__county.csv"
        )
    year, month, day, state, kind, rest, _ = match.groups()
    dataset = DATASETS.get(state)
    official = dataset and (dataset.official.get(rest) or dataset.official.get("*"))
    if dataset is None or not official:
        raise InputError(f"{display}:1: no public address or official source is known for {state} files like this one")
    name = f"{year}{month}{day}__{state}__{kind}__{rest}.csv"
    url = f"https://github.com/{dataset.repository}/blob/{dataset.commit}/{dataset.folder.format(year=year)}/{name}"
    date = f"{year}-{month}-{day}"
    title = f"{date} {kind} election results in {STATES[state]}, from {official}"
    return ResultsFile(path, display, state, date, kind, {"url": url, "title": title, "publisher": "OpenElections"})


def read(files: list[Path], mapping: dict[tuple[str, str], Mapped]) -> Reading:
    """Every city race in the files; raises :class:`InputError` at the first bad file."""
    reading = Reading()
    for path in files:
        source = results_file(path)
        seen: set[str] = set()
        for line, row in _rows(source):
            text = row["office"]
            if row["district"].strip():
                district = row["district"].strip()
                text = f"{text} District {district}" if district.isdigit() else f"{text} {district}"
            office = read_office(text, source.state, mapping)
            if isinstance(office, Unread):
                if text not in seen:
                    seen.add(text)
                    reading.unread.append(UnreadOffice(source.display, line, " ".join(text.split()), office.reason))
            elif office is not None:
                _count(reading, source, office, row, line)
    return reading


def _count(reading: Reading, source: ResultsFile, office: Office, row: dict[str, str], line: int) -> None:
    key = (office.city.ocd_id, source.date, source.kind, office.office, office.district)
    race = reading.races.get(key)
    if race is None:
        race = reading.races[key] = Race(
            office.city, source.state, source.date, source.kind, office.office, office.district, office.seats
        )
    if source.citation not in race.citations:
        race.citations.append(source.citation)
    votes = int(row["votes"])
    try:
        name = names.clean(row["candidate"])
    except names.RefusedName as error:
        raise InputError(f"{source.display}:{line}: the candidate's name cannot be used: {error}") from None
    if _WRITE_IN.match(name):
        race.write_ins = (race.write_ins or 0) + votes
    elif _OVER.match(name):
        race.over = (race.over or 0) + votes
    elif _UNDER.match(name):
        race.under = (race.under or 0) + votes
    elif not _NOT_PEOPLE.match(name):
        who = person_key(name)
        if not who:
            raise InputError(f"{source.display}:{line}: the candidate `{name}` has no name to import")
        tally = race.people.setdefault(who, Tally())
        tally.spellings[name] += 1
        tally.votes += votes
        tally.party = tally.party or PARTIES.get(row["party"].strip().upper(), "")


def _rows(source: ResultsFile) -> Any:
    display = source.display
    text = read_text(source.path, display, InputError)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip().lower() for name in next(reader)]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise InputError(
                f"{display}:1: the header lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
                f"OpenElections files have {','.join(REQUIRED)}"
            )
        for values in reader:
            line = reader.line_num
            if not values:
                continue
            if len(values) != len(header):
                raise InputError(
                    f"{display}:{line}: the row has {len(values)} fields where the header has {len(header)}; "
                    "the file may be cut short"
                )
            row = dict(zip(header, values, strict=True))
            if not re.fullmatch(r"[0-9]+", row["votes"].strip(), re.ASCII):
                raise InputError(f"{display}:{line}: votes `{row['votes']}` is not a whole number")
            yield line, row
    except csv.Error as error:
        raise InputError(f"{display}:{reader.line_num}: the CSV cannot be read: {error}") from None
