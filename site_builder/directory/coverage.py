"""What the directory holds of a place's elections, told as a voter needs it: which years, from which sources,
which races of a held election it lacks (a race its source lists with no candidate or count), and, where
another record shows that the place has been governed since, that the later ones are not held.

Nothing here is inferred about the world: a city's coverage names the elections its records hold and
the publishers their sources cite; the later-officeholder clause names an officeholder of the city whose
term, by the source the city record cites for it, began well after the newest election held.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from site_builder.directory.model import City, Election, Officeholder, Race, Source

AFTER = dt.timedelta(days=120)
"""How long after an election a term must begin to be a later one's: the winners of a November election take
office by the spring after it."""


@dataclass(frozen=True)
class CityCoverage:
    years: list[str]
    """The years of the city's held elections with a race, oldest first."""
    publishers: list[str]
    """Who published the sources of those elections and their races, in the order first cited."""
    last: Election
    """The newest of those elections."""
    since: Officeholder | None
    """An officeholder in office since well after ``last``: what shows that later elections are not held."""
    uncounted: list[tuple[Election, list[Race]]]
    """Each held election with races whose candidates and count the directory lacks, newest first."""


@dataclass(frozen=True)
class StateCoverage:
    cities: int
    """How many of the state's cities have a held election with a race."""
    years: list[str]
    publishers: list[str]


def held(city: City, today: dt.date) -> list[Election]:
    """The city's elections held by ``today`` with a race recorded, oldest first."""
    return [election for election in city.elections if election.is_past(today) and election.races]


def city_coverage(city: City, today: dt.date) -> CityCoverage | None:
    """What the directory holds of the city's elections, or None when it holds no held election with a race."""
    elections = held(city, today)
    if not elections:
        return None
    last = max(elections, key=lambda election: election.sort_key)
    uncounted = [(e, races) for e in reversed(elections) if (races := [r for r in e.races if r.uncounted(today)])]
    return CityCoverage(_years(elections), _publishers(elections), last, _since(city, last), uncounted)


def state_coverage(cities: list[City], today: dt.date) -> StateCoverage | None:
    """What the directory holds of the elections of a state's cities, or None when it holds none."""
    covered = [(city, held(city, today)) for city in cities]
    elections = [election for _, found in covered for election in found]
    if not elections:
        return None
    return StateCoverage(sum(1 for _, found in covered if found), _years(elections), _publishers(elections))


def _years(elections: list[Election]) -> list[str]:
    return sorted({election.date[:4] for election in elections})


def _publishers(elections: list[Election]) -> list[str]:
    seen: dict[str, None] = {}
    for election in sorted(elections, key=lambda e: e.sort_key):
        sources: list[Source] = [*election.sources, *(s for race in election.races for s in race.sources)]
        for source in sources:
            if source.publisher:
                seen.setdefault(source.publisher, None)
    return list(seen)


def _since(city: City, last: Election) -> Officeholder | None:
    """The current officeholder whose term began latest, if it began well after ``last`` and a source is cited."""
    day = last.day
    if day is None:
        return None
    later = [
        holder
        for holder in city.current_officeholders
        if holder.sources and (start := _day(holder.term_start)) is not None and start > day + AFTER
    ]
    return max(later, key=lambda holder: str(holder.term_start), default=None)


def _day(value: str | None) -> dt.date | None:
    """A full ISO day, or None for a partial or missing one."""
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None
