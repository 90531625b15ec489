"""The OpenElections adapter: results CSV files (``county,[precinct,]office,district,party,candidate,votes``)
read into the city races they hold, summed over counties and precincts.

A file is named ``<YYYYMMDD>__<state>__<kind>__<rest>.csv``; its election day, state and kind
come from the name, and its public address from the dataset's repository at the commit the
data-sources README names (:data:`DATASETS`).  A file of several counties cites, for each race,
the official source of the race's county.  Outside the top-two primary states each party holds
a primary of its own: a primary's race is one party's, the party its rows name.  Every row must
be whole and well formed: any bad row, column or byte stops the import with the file and line,
before anything is written.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.importers.inputs import read_text
from site_builder.importers.offices import Key, Mapped, Office, Unread, read_office
from site_builder.importers.places import Place
from site_builder.records import characters, names
from site_builder.records.people import person_key
from site_builder.records.schema import STATES

REQUIRED = ("county", "office", "district", "party", "candidate", "votes")


@dataclass(frozen=True)
class Dataset:
    """Where a results file comes from and who to credit."""

    repository: str
    commit: str
    folder: str
    """The file's folder in the repository, with ``{year}`` for the election's year."""
    official: dict[str, str | dict[str, str]]
    """The official source the dataset names, by the part of the file name after the kind (``*`` for any); in a
    file of several counties, by county (casefolded)."""
    years: frozenset[str] = frozenset()
    """The years whose files are cited at this commit; empty for any year."""


DATASETS = {
    "wa": (
        Dataset(
            "openelections/openelections-data-wa",
            "6b4a278cf8f8737c4116d4d7838d386a728c487b",
            "{year}",
            {"*": "the Washington Secretary of State"},
        ),
    ),
    "pa": (
        Dataset(
            "openelections/openelections-data-pa",
            "8066d61c0f2a38d9edc33c9c05c7e3e11764d05a",
            "{year}/counties",
            {"allegheny__county": "Allegheny County Elections"},
            frozenset({"2025"}),
        ),
        Dataset(
            "openelections/openelections-data-pa",
            "e79aeb525b4bb4e834c21bab0699fdbf9b6b2e9a",
            "{year}",
            {
                "county": {
                    "philadelphia": "the Philadelphia City Commissioners",
                    "allegheny": "Allegheny County Elections",
                }
            },
            frozenset({"2023"}),
        ),
    ),
}
TOP_TWO = frozenset({"wa"})
"""States whose primaries send the top two of each seat to the general election, whatever their party; in the
others each party holds a primary of its own."""
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
"""The party codes whose names the dataset's documentation gives; any other label is kept as the file gives it."""


class InputError(ValueError):
    """A results file cannot be imported; the message names the file and line."""


@dataclass(frozen=True)
class ResultsFile:
    path: Path
    display: str
    state: str
    date: str
    kind: str
    url: str
    official: str | dict[str, str]
    """The official source of every row, or of each county's rows by the county casefolded."""

    def citation(self, county: str) -> dict[str, str] | None:
        """The file cited for a county's rows; None when no official source of that county is known."""
        official = self.official if isinstance(self.official, str) else self.official.get(county.casefold())
        if not official:
            return None
        title = f"{self.date} {self.kind} election results in {STATES[self.state]}, from {official}"
        return {"url": self.url, "title": title, "publisher": "OpenElections"}


@dataclass
class Tally:
    spellings: Counter[str] = field(default_factory=Counter)
    votes: int = 0
    party: str = ""
    counties: set[str] = field(default_factory=set)
    """The counties whose rows name the person, casefolded."""


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
    party: str = ""
    """In a party's primary, the party's name (:data:`PARTIES`) or its label as the file gives it."""
    votes_allowed: int | None = None
    basis: list[dict[str, str]] = field(default_factory=list)
    """The sources of the race's seats and votes for each voter (the reviewed mapping's), beside the results."""
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
    casings: dict[tuple[str, str, str], str] = field(default_factory=dict)
    """The surname as a row not in capitals writes it, by county, first word and surname casefolded: how a
    name another row prints in capitals is written (:func:`site_builder.records.names.proper`).  Every row
    counts, of any office, since the same person may run for two."""


def results_file(path: Path) -> ResultsFile:
    """What a file's name says about it, and its citation."""
    display = path.as_posix()
    match = _FILE_NAME.match(path.name)
    if not match:
        raise InputError(
            f"{display}:1: the file name is not an OpenElections results name such as 20171107__wa__general__county.csv"
        )
    year, month, day, state, kind, rest, _ = match.groups()
    found = [
        (dataset, official)
        for dataset in DATASETS.get(state, ())
        if not dataset.years or year in dataset.years
        if (official := dataset.official.get(rest) or dataset.official.get("*"))
    ]
    if not found:
        raise InputError(f"{display}:1: no public address or official source is known for {state} files like this one")
    dataset, official = found[0]
    name = f"{year}{month}{day}__{state}__{kind}__{rest}.csv"
    url = f"https://github.com/{dataset.repository}/blob/{dataset.commit}/{dataset.folder.format(year=year)}/{name}"
    return ResultsFile(path, display, state, f"{year}-{month}-{day}", kind, url, official)


def read(files: list[Path], mapping: dict[Key, Mapped]) -> Reading:
    """Every city race in the files; raises :class:`InputError` at the first bad file or row.

    A file given twice (by the same path or with the same bytes) is refused, and so are the votes of
    one county for one race given by two files, or twice in one file: they would be counted twice."""
    reading = Reading()
    sources: dict[str, str] = {}
    tallies = _Tallies()
    for path in files:
        source = results_file(path)
        text = read_text(source.path, source.display, InputError)
        _refuse_repeat(source, text, sources)
        seen: set[str] = set()
        for row in rows(source.display, text):
            _casing(reading, row)
            office_text = row.office
            if row.district:
                office_text = (
                    f"{office_text} District {row.district}"
                    if row.district.isdigit()
                    else f"{office_text} {row.district}"
                )
            office = read_office(office_text, source.state, mapping, row.county)
            if isinstance(office, Unread):
                if office_text not in seen:
                    seen.add(office_text)
                    reading.unread.append(
                        UnreadOffice(source.display, row.line, " ".join(office_text.split()), office.reason)
                    )
            elif office is not None:
                _count(reading, tallies, source, office, row)
    return reading


def _casing(reading: Reading, row: Row) -> None:
    words = row.candidate.split()
    if len(words) > 1 and not names.is_capitals(row.candidate):
        key = (row.county.casefold(), words[0].casefold(), words[-1].casefold())
        reading.casings.setdefault(key, words[-1])


def _refuse_repeat(source: ResultsFile, text: str, sources: dict[str, str]) -> None:
    """Refuses a file given before, by the same path or with the same bytes under another name."""
    for key in (f"path:{source.path.resolve()}", "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()):
        if key in sources:
            same = "the same file" if key.startswith("path:") else "the same results"
            raise InputError(f"{source.display}:1: {same} as {sources[key]}, given before; give each file once")
        sources[key] = source.display


@dataclass
class _Tallies:
    """What the rows read so far say of each race, to refuse what would be counted twice or joined wrongly."""

    rows: dict[tuple[Any, ...], int] = field(default_factory=dict)
    """The line of each race, county, precinct and name in one file."""
    counties: dict[tuple[Any, ...], tuple[str, int]] = field(default_factory=dict)
    """The file and first line of each race and county."""
    spellings: dict[tuple[Any, ...], dict[str, _Spelling]] = field(default_factory=dict)
    """The spellings of each race and person in one file, by :func:`spelling_key`."""


@dataclass
class _Spelling:
    name: str
    line: int
    counties: set[str] = field(default_factory=set)


def _join(tallies: _Tallies, at: tuple[Any, ...], row: Row, where: str) -> None:
    """Refuses a name that may be another person's than a name of the same race in the same file.

    Two spellings of one race in one file are one candidate when they differ only in case, accents,
    punctuation or spacing, or when one adds a middle initial the other leaves out and they come from
    different counties (one county prints initials, another does not); a suffix (``Jr.``) one has and
    the other lacks, two different initials or two spellings on one county's ballot are two people,
    and the import stops with both lines."""
    spellings = tallies.spellings.setdefault(at, {})
    own = spellings.setdefault(spelling_key(row.candidate), _Spelling(row.candidate, row.line))
    county = row.county.casefold()
    for other in spellings.values():
        if other is own:
            continue
        if county in other.counties or not _initials_apart(own.name, other.name):
            raise InputError(
                f"{where}: candidate: `{row.candidate}` and `{other.name}` (line {other.line}) are both in this "
                "race and may be two people; a file's names are joined only when they differ in case, accents, "
                "spacing or, from different counties, a middle initial: correct the file or import the race apart"
            )
    own.counties.add(county)


def _initials_apart(first: str, second: str) -> bool:
    """Whether two spellings differ only in the initials one of them adds: ``Sean G. Palermo`` and
    ``Sean Palermo``, not ``Sean G. Palermo`` and ``Sean T. Palermo`` or ``John Smith Jr.``."""
    words = [spelling_key(name).split() for name in (first, second)]
    full = [[word for word in each if len(word) > 1] for each in words]
    initials = [{word for word in each if len(word) == 1} for each in words]
    return full[0] == full[1] and (initials[0] <= initials[1] or initials[1] <= initials[0])


def _count(reading: Reading, tallies: _Tallies, source: ResultsFile, office: Office, row: Row) -> None:
    where = f"{source.display}:{row.line}"
    citation = source.citation(row.county)
    if citation is None:
        raise InputError(
            f"{where}: county: no official source is known for the results of {row.county} in this file; "
            "name the county's election office in the importer's datasets before importing its races"
        )
    party = ""
    if source.kind == "primary" and source.state not in TOP_TWO:
        if not row.party:
            raise InputError(
                f"{where}: party: the row gives no party, and a race of a {STATES[source.state]} primary is a "
                "party's: whose primary it is cannot be told"
            )
        party = PARTIES.get(row.party.upper(), row.party)
    key = (office.city.ocd_id, source.date, source.kind, party, office.office, office.district)
    race = reading.races.get(key)
    if race is None:
        race = reading.races[key] = Race(
            office.city,
            source.state,
            source.date,
            source.kind,
            office.office,
            office.district,
            office.seats,
            party,
            office.votes_allowed,
            [dict(office.basis)] if office.basis else [],
        )
    if citation not in race.citations:
        race.citations.append(citation)
    county = (key, row.county.casefold())
    first = tallies.counties.setdefault(county, (source.display, row.line))
    if first[0] != source.display:
        raise InputError(
            f"{where}: county: the votes of {row.county} for this race are also in {first[0]}:{first[1]}; "
            "they would be counted twice: give one file of each county and election"
        )
    repeat = (source.display, key, row.county.casefold(), row.precinct.casefold(), spelling_key(row.candidate))
    if repeat in tallies.rows:
        raise InputError(
            f"{where}: candidate: `{row.candidate}` has votes in this race, county and precinct on line "
            f"{tallies.rows[repeat]} already; a file gives each count once"
        )
    tallies.rows[repeat] = row.line
    name = row.candidate
    if _WRITE_IN.match(name):
        race.write_ins = (race.write_ins or 0) + row.votes
    elif _OVER.match(name):
        race.over = (race.over or 0) + row.votes
    elif _UNDER.match(name):
        race.under = (race.under or 0) + row.votes
    elif not _NOT_PEOPLE.match(name):
        who = person_key(name)
        if not who:
            raise InputError(f"{where}: candidate: `{name}` has no name to import")
        _join(tallies, (source.display, key, who), row, where)
        tally = race.people.setdefault(who, Tally())
        tally.spellings[name] += 1
        tally.counties.add(row.county.casefold())
        tally.votes += row.votes
        tally.party = tally.party or PARTIES.get(row.party.upper(), row.party)


def spelling_key(name: str) -> str:
    """A name as spelled, compared without case, accents, punctuation or spacing: ``JOHN SMITH JR`` and
    ``John Smith, Jr.`` are one spelling; ``John Smith`` is another (:func:`person_key` joins them)."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    return " ".join(re.findall(r"\w+", "".join(c for c in plain if not unicodedata.combining(c))))


@dataclass(frozen=True)
class Row:
    """One row of a results file, its text cleaned and checked, with its file and line."""

    display: str
    line: int
    county: str
    precinct: str
    office: str
    district: str
    party: str
    candidate: str
    votes: int


MAX_DIGITS = 12
"""The most digits a count may have: a city race's votes are far fewer."""
MAX_TEXT = 300
"""The longest text a cell may hold; a longer one is not a name or an office."""
_COUNT = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}", re.ASCII)


def rows(display: str, text: str) -> Iterator[Row]:
    """The rows of a results file's text, each checked: the header has every column once, each row as
    many fields as the header, every text passes the records' character policy and every count is a
    whole number of at most :data:`MAX_DIGITS` digits.  Raises :class:`InputError` with the file, line
    and column of the first fault."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip().lower() for name in next(reader)]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise InputError(
                f"{display}:1: the header lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
                f"OpenElections files have {','.join(REQUIRED)}"
            )
        repeated = sorted({name for name in header if name and header.count(name) > 1})
        if repeated:
            raise InputError(
                f"{display}:1: {repeated[0]}: the header names this column more than once; which one counts "
                "cannot be told"
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
            yield _row(display, line, dict(zip(header, values, strict=True)))
    except csv.Error as error:
        raise InputError(f"{display}:{reader.line_num}: the CSV cannot be read: {error}") from None


def _row(display: str, line: int, cells: dict[str, str]) -> Row:
    values: dict[str, str] = {}
    for column in (*REQUIRED, "precinct"):
        raw = cells.get(column, "")
        if len(raw) > MAX_TEXT:
            raise InputError(
                f"{display}:{line}: {column}: the value is {len(raw)} characters long; "
                f"a results file's values are at most {MAX_TEXT}"
            )
        refusal = characters.refused(raw if column != "candidate" else html.unescape(raw))
        if refusal:
            raise InputError(f"{display}:{line}: {column}: {refusal.message}")
        values[column] = raw.strip()
    if not _COUNT.fullmatch(values["votes"]):
        raise InputError(
            f"{display}:{line}: votes: `{values['votes']}` is not a count: a whole number of at most "
            f"{MAX_DIGITS} digits"
        )
    return Row(
        display,
        line,
        values["county"],
        values["precinct"],
        values["office"],
        values["district"],
        values["party"],
        _name(display, line, values["candidate"]),
        int(values["votes"]),
    )


def _name(display: str, line: int, text: str) -> str:
    try:
        return names.clean(text)
    except names.RefusedName as error:
        raise InputError(f"{display}:{line}: candidate: {error}") from None
