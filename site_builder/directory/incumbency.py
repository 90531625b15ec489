"""Who is the incumbent of a race, and on what basis: derived from the records' facts, never from a name.

A candidate is the incumbent of a race when the records show that same candidate record holding the
race's seat (the same office and district of the same city) on election day:

- ``record``: the candidacy says ``incumbent: true``, citing its sources;
- ``officeholder``: an officeholder of the city linked to the candidate record (``candidate:``) holds
  the seat in a term that covers election day: begun on or before it, and ended on or after it
  (a term with no end covers it when its source says the officeholder is in office);
- ``won``: the candidate won the seat's latest election before this one (a general election, its
  runoff or a special election; a primary elects nobody), and no officeholder record shows another
  person taking the seat after that win.

A candidacy that says ``incumbent: false`` keeps that word; where no basis is found nothing is said.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from site_builder.directory.model import Candidacy, City, Directory, Incumbency, Officeholder, Race, Source
from site_builder.records.dates import last_day

ELECTING = frozenset({"general", "runoff", "special"})
"""The kinds of election whose winners take the seat (a primary's winners only go on to the general)."""


def seat(office: str, district: str | None) -> tuple[str, str]:
    """A seat of a city as races and officeholders name it: the office and the district, case aside."""
    return office.casefold(), (district or "").casefold()


def _first_day(value: str | None) -> dt.date | None:
    """The first day a full or partial date (YYYY-MM-DD, YYYY-MM, YYYY) can mean."""
    if not value:
        return None
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        if len(value) == 7:
            return dt.date(int(value[:4]), int(value[5:]), 1)
        if len(value) == 4:
            return dt.date(int(value), 1, 1)
    except ValueError:
        return None
    return None


def _covers(officeholder: Officeholder, day: dt.date) -> bool:
    """Whether the officeholder's term surely covers ``day``: begun by then, and not ended before it."""
    start = last_day(officeholder.term_start) if officeholder.term_start else None
    if start is None or start > day:
        return False
    if officeholder.term_end:
        end = _first_day(officeholder.term_end)
        return end is not None and end >= day
    return officeholder.status == "current"


def _cited(*groups: list[Source]) -> list[Source]:
    """The sources of each group in turn, each address once."""
    seen: set[str] = set()
    sources = []
    for group in groups:
        for source in group:
            key = source.url or source.label
            if key not in seen:
                seen.add(key)
                sources.append(source)
    return sources


class _City:
    """A city's seats: the races held for each, oldest first, and the officeholders of each."""

    def __init__(self, city: City) -> None:
        self.races: dict[tuple[str, str], list[Race]] = defaultdict(list)
        for election in city.elections:  # in election order
            if election.dated:
                for race in election.races:
                    self.races[seat(race.office, race.district)].append(race)
        self.officeholders: dict[tuple[str, str], list[Officeholder]] = defaultdict(list)
        for officeholder in city.officeholders:
            self.officeholders[seat(officeholder.office, officeholder.district)].append(officeholder)

    def incumbency(self, candidacy: Candidacy) -> Incumbency | None:
        if candidacy.incumbent is not None:  # the record says, citing the candidacy's sources
            if not candidacy.incumbent:
                return None
            return Incumbency(basis="record", sources=candidacy.sources)
        race = candidacy.race
        key = seat(race.office, race.district)
        day = candidacy.election.day
        if day is not None:
            for officeholder in self.officeholders.get(key, []):
                if officeholder.candidate is candidacy.candidate and _covers(officeholder, day):
                    return Incumbency(
                        basis="officeholder",
                        year=(officeholder.term_start or "")[:4],
                        sources=officeholder.sources,
                        officeholder=officeholder,
                    )
        return self._won(candidacy, key)

    def _won(self, candidacy: Candidacy, key: tuple[str, str]) -> Incumbency | None:
        election = candidacy.election
        if not election.dated:
            return None
        before = [
            race
            for race in self.races.get(key, [])
            if race.election.date < election.date[: len(race.election.date)]  # held before, whatever the precision
            and race.election.kind in ELECTING
            and race.winners
        ]
        if not before:
            return None
        latest = before[-1]
        won = next((c for c in latest.winners if c.candidate is candidacy.candidate), None)
        if won is None:
            return None
        start = latest.election.date
        for officeholder in self.officeholders.get(key, []):
            begun = officeholder.term_start
            later = begun is not None and begun > start and begun < election.date
            if later and officeholder.candidate is not candidacy.candidate:
                return None  # another person took the seat after the win
        return Incumbency(
            basis="won",
            year=start[:4],
            sources=_cited(won.sources, latest.sources),
            race=latest,
        )


def mark_incumbents(directory: Directory) -> None:
    """Sets each candidacy's :attr:`~site_builder.directory.model.Candidacy.incumbency` from the records."""
    for city in directory.cities:
        seats = _City(city)
        for election in city.elections:
            for race in election.races:
                for candidacy in race.candidacies:
                    candidacy.incumbency = seats.incumbency(candidacy)
