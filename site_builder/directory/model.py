"""The directory model: states, cities, their officeholders, elections, races, candidates and who backs them,
linked and sorted.

Built from validated tables; everything the pages need is reachable from here
without another lookup, and every list is in a stable order.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar, TypeVar

from site_builder.records.dates import (
    day_of_rule,
    following,
    is_known,
    is_upcoming,
    last_day,
    more_than_days_before,
    newest,
)
from site_builder.records.schema import STATES, Field, load_schema
from site_builder.records.votes import share


@cache
def _kind() -> Field:
    """The election kind's field, whose order sorts elections of one day: looked up once, not per comparison."""
    return load_schema().tables["elections"].fields["kind"]


@cache
def _stale_after_days() -> int:
    return load_schema().stale_after_days


T = TypeVar("T")

_NUMBER = re.compile(r"(\d+)")
CITYWIDE = ("at-large", "at large", "citywide")
"""How a district that is the whole city begins: such a seat is elected citywide, as one with no district."""


def natural(text: str) -> tuple[str | int, ...]:
    """``text`` to sort as a reader counts: ``Ward 2`` before ``Ward 10``, case aside."""
    return tuple(int(piece) if index % 2 else piece.casefold() for index, piece in enumerate(_NUMBER.split(text)))


def office_order(office: str, district: str | None) -> tuple[int, tuple[str | int, ...], tuple[str | int, ...]]:
    """The order a voter reads a city's offices in, races and officeholders alike: the mayor first, then the
    other citywide offices (a council's at-large seats, a comptroller, a public advocate), then the districts,
    wards and positions, each in natural order (``Position 2`` before ``Position 10``)."""
    citywide = not district or district.casefold().startswith(CITYWIDE)
    tier = 0 if citywide and office.casefold() == "mayor" else 1 if citywide else 2
    return tier, natural(office), natural(district or "")


def newest_first(elections: Iterable[Election]) -> list[Election]:
    """Elections from the latest day back, those whose date is not known last; those of one day by kind
    (a primary before a general), then by size (the most votes cast first), then by city, A to Z."""
    by_kind = sorted(elections, key=lambda e: (_kind().rank(e.kind), -e.votes_cast, e.city.label, e.id))
    return sorted(by_kind, key=lambda e: (e.dated, e.date), reverse=True)


GOING_ON = frozenset({"won", "advanced", "advanced-to-runoff"})
"""The statuses of a candidacy that a race elected or sent on to the next election."""


def upcoming_first(items: Sequence[T], today: dt.date, election: Callable[[T], Election]) -> list[T]:
    """``items`` (given in election order) as a voter reads them: those of the elections to come, soonest
    first, then those of the elections held, latest first, then those whose date no source gives."""
    upcoming = [item for item in items if election(item).is_upcoming(today)]
    held = sorted(
        (item for item in items if election(item).is_past(today)), key=lambda i: election(i).date, reverse=True
    )
    return upcoming + held + [item for item in items if not election(item).dated]


class Checked:
    """A record that gives the day someone last checked it against its sources (``last_verified``)."""

    last_verified: str | None

    def may_be_out_of_date(self, today: dt.date) -> bool:
        """Whether it was last checked longer ago on ``today`` than the descriptor allows
        (``x-stale-after-days``); a record that does not say when is not flagged."""
        return more_than_days_before(self.last_verified, today, _stale_after_days())


@dataclass(eq=False, kw_only=True, repr=False)
class Row:
    """An object of the model made from one row of a table.

    ``values`` holds every field of the row, cast to its type (``None`` when not given), so a
    template can show a field the model does not name, as ``candidate["pronouns"]`` or
    ``candidate.pronouns``.
    """

    values: Mapping[str, Any] = field(default_factory=dict, repr=False)
    linked: dict[str, Any] = field(default_factory=dict, repr=False)
    """What the model names no field for, linked as the descriptor's keys say: the rows of a table it has no
    class for, listed in this row or naming it (``candidate["pledges"]``), and, for such a row, the objects it
    names (``pledge["organization"]``) and its sources."""

    KEY: ClassVar[str] = ""
    """What names the row among those of its table, as a format of ``self``: its :attr:`key`."""

    @property
    def key(self) -> str:
        return self.KEY.format(self=self)

    def __repr__(self) -> str:
        """The row's class and key, never the objects it links to: those link back to it, and the graph of a
        city's elections, races, candidacies and candidates printed whole would be the directory."""
        try:
            key = self.key
        except (AttributeError, LookupError):  # A row not yet linked.
            key = "?"
        return f"<{type(self).__name__} {key}>"

    def __getitem__(self, name: str) -> Any:
        """An attribute of the model (a linked object, where the row holds only its id), else an object linked
        to it, else a value of the row."""
        if name in self.__dataclass_fields__:
            return getattr(self, name)
        if name in self.linked:
            return self.linked[name]
        return self.values[name]


@dataclass(eq=False, kw_only=True, repr=False)
class Source(Row):
    KEY = "{self.label}"

    url: str | None
    title: str | None
    author: str | None
    publisher: str | None
    date: str | None

    @property
    def label(self) -> str:
        return self.title or self.url or ""


@dataclass(eq=False, kw_only=True, repr=False)
class Topic(Row):
    KEY = "{self.id}"

    id: str
    name: str
    description: str
    positions: list[Position] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    """The questionnaires' questions about this topic."""

    @property
    def by_state(self) -> list[tuple[str, list[tuple[City, list[Candidate]]]]]:
        """The candidates with a position on this topic, by state and city (each named once), A to Z."""
        cities: dict[int, tuple[City, list[Candidate]]] = {}
        seen: set[int] = set()
        for position in self.positions:
            candidate = position.candidate
            if id(candidate) not in seen:
                seen.add(id(candidate))
                cities.setdefault(id(candidate.city), (candidate.city, []))[1].append(candidate)
        states: dict[str, list[tuple[City, list[Candidate]]]] = {}
        for city, candidates in sorted(cities.values(), key=lambda item: (item[0].state_name, item[0].name)):
            states.setdefault(city.state_name, []).append((city, candidates))
        return list(states.items())


@dataclass(eq=False, kw_only=True, repr=False)
class Organization(Row, Checked):
    KEY = "{self.id}"

    id: str
    name: str
    kind: str
    website: str | None
    description: str | None
    last_verified: str | None
    sources: list[Source] = field(default_factory=list)
    endorsements: list[Endorsement] = field(default_factory=list)

    @property
    def by_election(self) -> list[tuple[Election, list[Endorsement]]]:
        """Endorsements grouped by election, in election order."""
        groups: dict[int, tuple[Election, list[Endorsement]]] = {}
        for endorsement in self.endorsements:
            groups.setdefault(id(endorsement.election), (endorsement.election, []))[1].append(endorsement)
        return list(groups.values())


@dataclass(eq=False, kw_only=True, repr=False)
class City(Row, Checked):
    KEY = "{self.id}"

    id: str
    state: str
    slug: str
    name: str
    ocd_id: str
    government: str | None
    election_years: str | None = None
    election_years_source: str | None = None
    website: str | None
    elections_office_url: str | None
    registration_url: str | None
    polling_place_url: str | None
    last_verified: str | None
    elections: list[Election] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    officeholders: list[Officeholder] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    state_record: State | None = None
    """The record of the city's state, when there is one: where the voter links the city's record lacks come from."""

    @property
    def state_name(self) -> str:
        return STATES[self.state]

    @property
    def current_officeholders(self) -> list[Officeholder]:
        """The holder in office of each seat: its latest holder, whom no later one follows, when the source says
        they hold it (:func:`follow_in_seats`)."""
        return [o for o in self.officeholders if o.successor is None and o.status == "current"]

    @property
    def latest_officeholders(self) -> list[Officeholder]:
        """The latest holder of each seat whom the source lists as former and no later holder follows: who holds
        the seat now is not recorded."""
        return [o for o in self.officeholders if o.successor is None and o.status != "current"]

    @property
    def former_officeholders(self) -> list[Officeholder]:
        """The holders a later holder of their seat follows, whatever their source still says."""
        return [o for o in self.officeholders if o.successor is not None]

    @property
    def own_voter_links(self) -> list[tuple[str, str]]:
        """The official voter links of the city's own record, as (field, address), in :data:`VOTER_LINKS` order."""
        return [(name, self.values[name]) for name in VOTER_LINKS if self.values.get(name)]

    @property
    def state_voter_links(self) -> list[tuple[str, str]]:
        """The state record's voter links of the kinds the city's own record lacks."""
        if self.state_record is None:
            return []
        own = {name for name, _ in self.own_voter_links}
        return [link for link in self.state_record.voter_links if link[0] not in own]

    @property
    def election_days(self) -> list[ElectionDay]:
        """The state's election day rules as they hold for the city: a rule that lets each city choose odd- or
        even-numbered years takes the city's choice, when its record gives it."""
        if self.state_record is None:
            return []
        return [
            dataclasses.replace(rule, years=self.election_years, chosen_by=self)
            if rule.years == ODD_OR_EVEN and self.election_years
            else rule
            for rule in self.state_record.election_days
        ]

    def next_days(self, today: dt.date) -> list[tuple[ElectionDay, dt.date]]:
        """The city's next regular election days the state's law fixes (:meth:`State.next_days`)."""
        return next_days(self.election_days, today)

    def next_filing(self, today: dt.date) -> list[tuple[ElectionDay, dt.date, dt.date]]:
        """The city's next candidate filing periods the state's law fixes (:meth:`State.next_filing`)."""
        return next_filing(self.election_days, today)

    def next_periods(self, today: dt.date) -> list[tuple[ElectionDay, dt.date, dt.date]]:
        """The city's next election days and filing periods, for its calendar (:meth:`State.next_periods`)."""
        return next_periods(self.election_days, today)

    @property
    def unchosen_days(self) -> list[ElectionDay]:
        """The rules whose years the state's law leaves to each city, when the city's record does not give its
        choice: their day is not computed."""
        return [rule for rule in self.election_days if rule.years == ODD_OR_EVEN]

    @property
    def label(self) -> str:
        return f"{self.name}, {self.state.upper()}"

    @property
    def newest_first(self) -> list[Election]:
        """The dated elections from the latest back, then those whose date is not known."""
        return newest_first(self.elections)

    @property
    def last_dated(self) -> Election | None:
        """The latest election whose date is known."""
        return next((e for e in reversed(self.elections) if e.dated), None)

    @property
    def years(self) -> list[str]:
        """The years of the city's dated elections, oldest first."""
        return sorted({e.date[:4] for e in self.elections if e.dated})

    def next_election(self, today: dt.date) -> Election | None:
        upcoming = [e for e in self.elections if e.is_upcoming(today)]
        return upcoming[0] if upcoming else None

    def newest_fact(self, today: dt.date) -> str | None:
        """The date of the newest fact its page shows, by ``today``: a held election with a race, the start of
        an officeholder's term, or the date of a source it cites."""
        dates = [e.date for e in self.elections if e.races] + [o.term_start for o in self.officeholders]
        sources = [*self.sources, *(s for e in self.elections for s in e.sources)]
        sources += [s for o in self.officeholders for s in o.sources]
        return newest(dates + [s.date for s in sources], today)

    def upcoming_first(self, today: dt.date) -> list[Election]:
        """The city's elections to come, soonest first, then those held, latest first, then the undated."""
        return upcoming_first(self.elections, today, lambda e: e)

    @property
    def calendar_elections(self) -> list[Election]:
        """The elections its calendar holds: those whose day a source gives."""
        return [e for e in self.elections if e.day]


FILING = "filing"
"""The kind of an election day rule that gives the period in which candidates file, not an election day."""

ODD_OR_EVEN = "odd-or-even"
"""The years of an election day rule whose statute lets each city choose odd- or even-numbered years."""


def next_periods(rules: Iterable[ElectionDay], today: dt.date) -> list[tuple[ElectionDay, dt.date, dt.date]]:
    """Each rule's next days, election days and filing periods alike, as (rule, first day, last day), soonest
    first."""
    found = [(rule, *period) for rule in rules if (period := rule.next_period(today)) is not None]
    return sorted(found, key=lambda item: (item[1], item[0].number))


def next_days(rules: Iterable[ElectionDay], today: dt.date) -> list[tuple[ElectionDay, dt.date]]:
    """The next election day of each rule, soonest first, without the filing periods."""
    return [(rule, start) for rule, start, _ in next_periods(rules, today) if rule.kind != FILING]


def next_filing(rules: Iterable[ElectionDay], today: dt.date) -> list[tuple[ElectionDay, dt.date, dt.date]]:
    """The next candidate filing period of each rule that gives one, soonest first."""
    return [period for period in next_periods(rules, today) if period[0].kind == FILING]


VOTER_LINKS = ("registration_url", "check_registration_url", "polling_place_url", "elections_office_url")
"""The official links for voters a city or state record may hold, in the order they are shown."""


@dataclass(eq=False, kw_only=True, repr=False)
class State(Row, Checked):
    KEY = "{self.id}"

    id: str
    name: str
    last_verified: str | None
    sources: list[Source] = field(default_factory=list)
    election_days: list[ElectionDay] = field(default_factory=list)
    """The regular days of city elections the state's law fixes, or leaves to each city, in the record's order."""

    def next_days(self, today: dt.date) -> list[tuple[ElectionDay, dt.date]]:
        """The next election day of each rule the law fixes, from ``today`` on, soonest first (filing periods
        are :meth:`next_filing`'s; a rule whose years each city chooses gives no day of the state's)."""
        return next_days(self.election_days, today)

    def next_filing(self, today: dt.date) -> list[tuple[ElectionDay, dt.date, dt.date]]:
        """The next candidate filing period of each rule the law fixes, as (rule, first day, last day): the
        period under way on ``today``, or the next one."""
        return next_filing(self.election_days, today)

    def next_periods(self, today: dt.date) -> list[tuple[ElectionDay, dt.date, dt.date]]:
        """Every rule's next days, election days and filing periods alike, as (rule, first day, last day),
        soonest first: what a calendar holds."""
        return next_periods(self.election_days, today)

    @property
    def charter_days(self) -> list[ElectionDay]:
        """The rules that leave the day to each city's charter."""
        return [rule for rule in self.election_days if rule.set_by == "city-charter"]

    @property
    def voter_links(self) -> list[tuple[str, str]]:
        """The record's official voter links, as (field, address), in :data:`VOTER_LINKS` order."""
        return [(name, self.values[name]) for name in VOTER_LINKS if self.values.get(name)]


@dataclass(eq=False, kw_only=True, repr=False)
class ElectionDay(Row):
    """A regular day of city elections, as a state's statute fixes it (or leaves it to each city's charter)."""

    KEY = "{self.values[state]} {self.number}"

    number: int
    kind: str
    set_by: str
    years: str | None
    month: int | None
    week: str | None
    weekday: str | None
    ends: str | None = None
    applies_to: str | None
    statute: str
    sources: list[Source] = field(default_factory=list)
    chosen_by: City | None = None
    """The city whose choice of odd- or even-numbered years the rule's ``years`` are, when the statute lets each
    city choose."""

    def next_day(self, today: dt.date) -> dt.date | None:
        """The rule's first day on or after ``today`` (for a filing period, the first day of the period under way
        or to come), or None when the law leaves the day to each city."""
        period = self.next_period(today)
        return period[0] if period else None

    def next_period(self, today: dt.date) -> tuple[dt.date, dt.date] | None:
        """The rule's days under way or to come on ``today``, as (first day, last day), the same day twice for an
        election day; None when the law leaves the day to each city."""
        if self.set_by != "state-law" or not (self.years and self.month and self.week and self.weekday):
            return None
        if self.years == ODD_OR_EVEN or (self.kind == FILING and not self.ends):
            return None
        for year in range(today.year, today.year + 3):
            if self.years == "every" or (year % 2 == 1) == (self.years == "odd"):
                start = day_of_rule(year, self.month, self.week, self.weekday)
                end = following(start, self.ends) if self.ends else start
                if end >= today:
                    return start, end
        return None


@dataclass(eq=False, kw_only=True, repr=False)
class Officeholder(Row):
    """A person who holds or held one of a city's offices, as a source says."""

    KEY = "{self.name}, {self.office} of {self.city.id}"

    city: City
    office: str
    district: str | None
    name: str
    status: str
    party: str | None
    term_start: str | None
    term_end: str | None
    candidate: Candidate | None
    """The candidate record of the same person, once the record links it."""
    sources: list[Source] = field(default_factory=list)
    successor: Officeholder | None = None
    """The next holder of the same seat, whose term is later (:func:`follow_in_seats`)."""

    @property
    def title(self) -> str:
        return f"{self.office}, {self.district}" if self.district else self.office

    @property
    def seat(self) -> tuple[str, str]:
        """The seat held: the office and its district, case aside; an office with several seats of one name
        (an at-large council) tells them apart in ``district``."""
        return self.office.casefold(), (self.district or "").casefold()

    @property
    def term_order(self) -> tuple[str, bool]:
        """Where the term falls among the seat's: by its end, else its start (an undated term first), and of two
        alike, one the source says is held after one it says was."""
        return self.term_end or self.term_start or "", self.status == "current"

    def term_end_passed(self, today: dt.date) -> bool:
        """Whether the term end the source gives is already past on ``today``: the source may be out of date."""
        end = last_day(self.term_end) if self.term_end else None
        return end is not None and end < today


def _began_after(start: str | None, election: Election) -> bool:
    """Whether a term that began on ``start`` (a day) began after ``election``, within
    :data:`TOOK_OFFICE_WITHIN_DAYS` of its day."""
    if not start or len(start) != 10 or election.day is None:
        return False
    began = dt.date.fromisoformat(start)
    return election.day < began <= election.day + dt.timedelta(days=TOOK_OFFICE_WITHIN_DAYS)


def follow_in_seats(officeholders: Iterable[Officeholder]) -> None:
    """Link each holder of a seat to the one who follows them: per seat, one holder is the latest, whose term
    (:attr:`Officeholder.term_order`) no other holder's follows, and each earlier one is followed by the next.
    Only the latest can be in office; a source that still lists an earlier one as current is out of date."""
    seats: dict[tuple[str, str], list[Officeholder]] = defaultdict(list)
    for holder in officeholders:
        seats[holder.seat].append(holder)
    for holders in seats.values():
        ordered = sorted(holders, key=lambda o: (o.term_order, o.name.casefold()))
        for earlier, later in itertools.pairwise(ordered):
            earlier.successor = later
        ordered[-1].successor = None


@dataclass(eq=False, kw_only=True, repr=False)
class Election(Row):
    KEY = "{self.id} of {self.city.id}"

    city: City
    id: str
    date: str
    kind: str | None
    voting_method: str | None
    name: str | None
    party: str | None = None
    """In a party's primary, the party whose primary it is."""
    races: list[Race] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    @property
    def dated(self) -> bool:
        """Whether a source gives the election's date (a day, a month or a year)."""
        return is_known(self.date)

    @property
    def sort_key(self) -> tuple[bool, str, int, int, str]:
        """Oldest first, an election whose date is not known after every dated one; those of one day by kind (a
        primary before a general), then by size: a day's party primaries with the most votes cast first."""
        return (not self.dated, self.date, _kind().rank(self.kind), -self.votes_cast, self.id)

    @property
    def day(self) -> dt.date | None:
        """The election's day, when a source gives the day and not only a month or a year."""
        return last_day(self.date) if len(self.date) == 10 else None

    def is_upcoming(self, today: dt.date) -> bool:
        return is_upcoming(self.date, today)

    def is_past(self, today: dt.date) -> bool:
        """Whether the election has been held on ``today``: its date is known and not still to come."""
        return self.dated and not self.is_upcoming(today)

    @property
    def has_results(self) -> bool:
        """Whether any of its races records a count."""
        return any(race.has_results for race in self.races)

    def guided(self, today: dt.date) -> bool:
        """Whether a printable guide to it adds to the city's page: it has a race and is still to come.  A guide
        is a voter's tool before a vote; once it is held, the city's page (the results) and the candidates' pages
        (their positions, with sources) hold all it said."""
        return bool(self.races) and self.is_upcoming(today)

    def with_races(self, races: list[Race]) -> Election:
        """The election as one page of a series shows it when its races do not fit one page: only ``races``."""
        part = copy.copy(self)
        part.races = races
        return part

    @property
    def votes_cast(self) -> int:
        """The election's size: every vote recorded in its races, which grows with the city's voters (0 when none
        is recorded).  A city of districts counts each voter once an office, where its largest race alone would
        count a district's."""
        return sum(race.votes_cast for race in self.races)


TOOK_OFFICE_WITHIN_DAYS = 430
"""How long after an election day a term that a tied candidate began settles the tie: a term begun within
about fourteen months (the longest wait from election to swearing-in a city's calendar has)."""


@dataclass(frozen=True)
class Tie:
    """Candidates of a counted race who have the same votes and no status: the source does not say who won."""

    votes: int
    candidacies: list[Candidacy]
    took_office: Officeholder | None
    """The officeholder record of one of them whose term in this seat began after the election: who took office."""


@dataclass(eq=False, kw_only=True, repr=False)
class Race(Row):
    KEY = "{self.election.id}/{self.id} of {self.election.city.id}"

    election: Election
    id: str
    office: str
    district: str | None
    seats: int = 1
    """How many the race elects: one, unless the record says more."""
    votes_allowed: int | None = None
    """How many candidates each voter may vote for, when fewer than the seats (limited voting)."""
    write_ins: int | None = None
    ballots: int | None = None
    undervotes: int | None = None
    overvotes: int | None = None
    threshold: float | None = None
    exhausted: int | None = None
    """In a ranked-choice race, the ballots inactive in round 1 already, when the tabulation counts any."""
    candidacies: list[Candidacy] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    questionnaires: list[Questionnaire] = field(default_factory=list)
    """The questionnaires sent to the race's candidates, in the order they were sent."""
    sources: list[Source] = field(default_factory=list)
    whole: Race | None = None
    """In a part of a race too crowded for one page (:meth:`with_candidacies`), the race itself."""
    first: int = 1
    """In such a part, the number of its first candidate in the race's order."""

    @property
    def title(self) -> str:
        return f"{self.office}, {self.district}" if self.district else self.office

    def with_candidacies(self, candidacies: list[Candidacy]) -> Race:
        """The race as one page of a series shows it when its candidates do not fit one page: only
        ``candidacies`` (consecutive in the race's order), counted and compared as the whole race is."""
        whole = self.whole or self
        part = copy.copy(self)
        part.whole = whole
        part.first = whole.candidacies.index(candidacies[0]) + 1 if candidacies else 1
        part.candidacies = candidacies
        return part

    @property
    def sort_key(self) -> tuple[tuple[int, tuple[str | int, ...], tuple[str | int, ...]], str]:
        """Its place on its election's ballot: see :func:`office_order`."""
        return office_order(self.office, self.district), self.id

    @property
    def tie(self) -> Tie | None:
        """The race's tie, when its results give two candidates or more the same votes and none of them a status,
        while every other candidate has one (how an import leaves a tie at the line between won and lost)."""
        if not self.has_results:
            return None
        open_ = [c for c in self.candidacies if c.status is None]
        counts = {c.votes for c in open_}
        if len(open_) < 2 or len(counts) != 1 or None in counts or not next(iter(counts)):
            return None
        votes = next(iter(counts))
        assert votes is not None
        tied = {id(c.candidate) for c in open_}
        seat = (self.office.casefold(), (self.district or "").casefold())
        took = [
            holder
            for holder in self.election.city.officeholders
            if holder.seat == seat
            and holder.candidate is not None
            and id(holder.candidate) in tied
            and _began_after(holder.term_start, self.election)
        ]
        return Tie(votes, open_, took[0] if len(took) == 1 else None)

    @property
    def votes_cast(self) -> int:
        """Every vote recorded in the race: its candidates' and the write-ins."""
        return sum(c.votes or 0 for c in self.candidacies) + (self.write_ins or 0)

    @property
    def comparable(self) -> bool:
        """Whether the race has two candidates or more, whose records a page can set side by side."""
        return len((self.whole or self).candidacies) >= 2

    def compared(self, today: dt.date) -> bool:
        """Whether a page setting its candidates side by side adds to the city's page: the race is comparable and
        still to come.  A comparison is a voter's tool before a vote; once it is held, the city's page (the
        results) and the candidates' pages (their positions, with sources) hold all it set out."""
        return self.comparable and self.election.is_upcoming(today)

    @property
    def topics(self) -> list[Topic]:
        """The topics on which any of the race's candidates has a position, A to Z."""
        seen: dict[str, Topic] = {}
        for candidacy in self.candidacies:
            for position in candidacy.candidate.positions:
                seen.setdefault(position.topic.id, position.topic)
        return sorted(seen.values(), key=lambda topic: (topic.name.casefold(), topic.id))

    @property
    def has_results(self) -> bool:
        """Whether any count of the race is known: a candidate's votes or share, the write-ins, the ballots."""
        return any(c.has_result for c in self.candidacies) or self.write_ins is not None or self.ballots is not None

    def uncounted(self, today: dt.date) -> bool:
        """Whether the race was held on ``today`` and the directory holds neither its candidates nor its
        count, only the source that lists it (where its official results are)."""
        return self.election.is_past(today) and not self.candidacies and not self.has_results

    @property
    def winners(self) -> list[Candidacy]:
        """The candidacies a source gives as won, in the race's order."""
        return [c for c in self.candidacies if c.status == "won"]

    @property
    def by_votes(self) -> list[Candidacy]:
        """The candidacies, most votes (or the largest share) first, then by name."""
        return sorted(
            self.candidacies,
            key=lambda c: (-(c.votes or 0), -(c.vote_share or 0), c.candidate.name.casefold()),
        )

    def summary(self, current: Candidacy | None) -> list[Candidacy]:
        """The rows of the race's count a candidate's page gives (``current`` their run): those the race elected
        or sent on to the next election, those of its tie, and ``current``, in the order of :attr:`by_votes`;
        every row when the source gives none of them as elected or sent on (who led is then the count itself)."""
        if not any(c.went_on for c in self.candidacies):
            return self.by_votes
        return [c for c in self.by_votes if c is current or c.went_on or c.tied]

    @property
    def counted(self) -> int | None:
        """The votes counted for anyone (the first choices, in a ranked-choice race): every candidate's
        votes and the write-ins, when every candidate's votes are known and the race's own totals (its
        write-ins, ballots or rounds) show that its results are recorded whole."""
        whole = self.write_ins is not None or self.ballots is not None or bool(self.rounds)
        if not whole or not self.candidacies or any(c.votes is None for c in self.candidacies):
            return None
        return sum(c.votes or 0 for c in self.candidacies) + (self.write_ins or 0)

    def share(self, candidacy: Candidacy) -> float | None:
        """A candidacy's share of the votes counted, in percent: as recorded, else from the counts."""
        if candidacy.vote_share is not None:
            return candidacy.vote_share
        if self.whole is not None:
            return self.whole.share(candidacy)
        return share(candidacy.votes, self.counted)

    @property
    def write_in_share(self) -> float | None:
        return share(self.write_ins, self.counted)


@dataclass(eq=False, kw_only=True, repr=False)
class Round(Row):
    """A round of a ranked-choice count after the first; the first is the candidacies' ``votes``."""

    KEY = "{self.round} of {self.race.key}"

    race: Race
    round: int
    write_ins: float | None
    exhausted: float | None
    counts: list[RoundCount] = field(default_factory=list)

    def count_of(self, candidacy: Candidacy) -> RoundCount | None:
        return next((c for c in self.counts if c.candidacy is candidacy), None)

    def with_outcome(self, outcome: str) -> list[Candidacy]:
        return [c.candidacy for c in self.counts if c.outcome == outcome]


@dataclass(eq=False, kw_only=True, repr=False)
class RoundCount(Row):
    KEY = "{self.candidacy.key}: {self.votes}"

    candidacy: Candidacy
    votes: float
    outcome: str | None


@dataclass(eq=False, kw_only=True, repr=False)
class Link(Row):
    KEY = "{self.url}"

    kind: str
    url: str


@dataclass(eq=False, kw_only=True, repr=False)
class Candidate(Row, Checked):
    KEY = "{self.id}"

    id: str
    slug: str
    city: City
    name: str
    ballot_name: str | None
    bio: str | None
    website: str | None
    photo_url: str | None
    photo_license: str | None
    photo_credit: str | None
    last_verified: str
    path: str
    candidacies: list[Candidacy] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    endorsements: list[Endorsement] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    offices_held: list[Officeholder] = field(default_factory=list)
    """The city's officeholder records of the same person (those that link this record), latest term first."""
    possibly_same: list[Candidate] = field(default_factory=list)
    """The candidates of the city who may be this same person, no review having settled it
    (:func:`site_builder.records.people.possible_matches`), A to Z."""

    @property
    def years(self) -> list[str]:
        """The years of the candidate's dated elections, oldest first."""
        return sorted({c.election.date[:4] for c in self.candidacies if c.election.dated})

    @property
    def latest(self) -> Candidacy:
        return self.candidacies[-1]

    @property
    def topics(self) -> list[Topic]:
        seen: dict[str, Topic] = {}
        for position in self.positions:
            seen.setdefault(position.topic.id, position.topic)
        return list(seen.values())

    def newest_fact(self, today: dt.date) -> str | None:
        """The date of the newest fact its page shows, by ``today``: a held election it ran in, or the date of
        a source it cites."""
        sources = [*self.sources, *(s for p in self.positions for s in p.sources)]
        sources += [s for e in self.endorsements for s in e.sources] + [s for c in self.candidacies for s in c.sources]
        return newest([c.election.date for c in self.candidacies] + [s.date for s in sources], today)

    def before_voters(self, today: dt.date) -> bool:
        """Whether voters still have to weigh what the candidate says on ``today``: they run in an election not
        yet held (or one whose date no source gives), or a source says they hold one of the city's offices now, in
        a term whose end, if the source gives it, has not passed."""
        return self.next_run(today) is not None or self.office_now(today) is not None

    def next_run(self, today: dt.date) -> Candidacy | None:
        """Their run in the soonest election not yet held on ``today``, else in one whose date no source gives."""
        return next((c for c in self.upcoming_first(today) if not c.election.is_past(today)), None)

    def office_now(self, today: dt.date) -> Officeholder | None:
        """The city's office a source says the candidate holds on ``today``: no one followed them in it, and the
        term's end, if the source gives it, has not passed."""
        held = (o for o in self.offices_held if o.status == "current" and o.successor is None)
        return next((o for o in held if not o.term_end_passed(today)), None)

    def upcoming_first(self, today: dt.date) -> list[Candidacy]:
        """The candidate's runs in the elections to come, soonest first, then in those held, latest first."""
        return upcoming_first(self.candidacies, today, lambda c: c.election)

    @property
    def only_election(self) -> Election | None:
        """The one election the candidate ran in, where the record gives them one only: their page need not name it
        again with each fact about it."""
        elections = {id(c.election): c.election for c in self.candidacies}
        return next(iter(elections.values())) if len(elections) == 1 else None

    def candidacy_in(self, election: Election) -> Candidacy | None:
        """The candidate's run in this election, if they ran in it."""
        return next((c for c in self.candidacies if c.election is election), None)

    def endorsements_in(self, election: Election) -> list[Endorsement]:
        """Who backed the candidate in this election, in the order of :attr:`endorsements`."""
        return [e for e in self.endorsements if e.election is election]

    def positions_on(self, topic: Topic) -> list[Position]:
        """What the candidate says on this topic, in the order of :attr:`positions`."""
        return [p for p in self.positions if p.topic is topic]

    def answer_to(self, question: Question) -> Answer | None:
        """The candidate's answer to this question, or None when they sent none."""
        return next((a for a in self.answers if a.question is question), None)

    def first_answered_on(self, topic: Topic, today: dt.date) -> Question | None:
        """The first question on ``topic`` the candidate answered, in the order of their page (:meth:`questionnaires`),
        where a link to what they said on the topic leads when they took no position on it; None if they answered
        none."""
        for questionnaire in self.questionnaires(today):
            for question in questionnaire.questions:
                if question.topic is topic and self.answer_to(question) is not None:
                    return question
        return None

    def questionnaires(self, today: dt.date) -> list[Questionnaire]:
        """The questionnaires sent to the candidate's races, answered or not, in the order of
        :meth:`upcoming_first`, each once."""
        found: dict[int, Questionnaire] = {}
        for candidacy in self.upcoming_first(today):
            for questionnaire in candidacy.race.questionnaires:
                found.setdefault(id(questionnaire), questionnaire)
        return list(found.values())


@dataclass(eq=False, kw_only=True, repr=False)
class Candidacy(Row):
    KEY = "{self.candidate.id} in {self.race.key}"

    candidate: Candidate
    race: Race
    status: str | None
    incumbent: bool | None
    party: str | None
    filed_on: str | None = None
    """The day the candidate filed, as the official list the candidacy cites gives it (YYYY-MM-DD)."""
    votes: int | None
    vote_share: float | None
    sources: list[Source] = field(default_factory=list)
    incumbency: Incumbency | None = None
    """Why the candidate holds the race's seat on election day, when the records show it
    (:mod:`site_builder.directory.incumbency`); None when they do not: no basis, no claim."""

    @property
    def election(self) -> Election:
        return self.race.election

    @property
    def tied(self) -> bool:
        """Whether the candidacy is one of its race's tie (:attr:`Race.tie`): its status is a tie, not a gap."""
        tie = self.race.tie
        return tie is not None and any(c is self for c in tie.candidacies)

    @property
    def went_on(self) -> bool:
        """Whether the race elected the candidate or sent them on to the next election (:data:`GOING_ON`)."""
        return self.status in GOING_ON

    @property
    def has_result(self) -> bool:
        return self.votes is not None or self.vote_share is not None

    @property
    def endorsements(self) -> list[Endorsement]:
        """Who backed the candidate in this candidacy's election."""
        return self.candidate.endorsements_in(self.election)

    @property
    def beyond_results(self) -> bool:
        """Whether the record says more of this run than its result: the candidate's positions, who backed them
        in this election, or their answers to a questionnaire sent to the race."""
        return bool(
            self.candidate.positions
            or self.endorsements
            or any(a.question.questionnaire in self.race.questionnaires for a in self.candidate.answers)
        )


@dataclass(eq=False, kw_only=True)
class Incumbency:
    """The basis on which a candidate is the incumbent of a race: a fact of the records, stated with its sources.

    ``basis`` is one of :data:`INCUMBENCY_BASES`: the candidacy's own ``incumbent: true``
    (``record``), an officeholder term of the same person covering election day (``officeholder``),
    or the win of the seat's previous election that no later holder followed (``won``).
    """

    basis: str
    year: str = ""
    """The year of the basis: of the election won (``won``), or of the officeholder's term's start
    (``officeholder``, empty when the record does not give it); the site phrases the basis in its languages."""
    sources: list[Source] = field(default_factory=list)
    race: Race | None = None
    """The race whose win is the basis (``won``)."""
    officeholder: Officeholder | None = None
    """The officeholder term that is the basis (``officeholder``)."""


INCUMBENCY_BASES = ("record", "officeholder", "won")
"""The bases of an incumbency, as the published tables name them."""


@dataclass(eq=False, kw_only=True, repr=False)
class Position(Row):
    KEY = "{self.candidate.id} on {self.topic.id}"

    candidate: Candidate
    topic: Topic
    text: str
    sources: list[Source] = field(default_factory=list)


@dataclass(eq=False, kw_only=True, repr=False)
class Endorsement(Row):
    KEY = "{self.candidate.id} by {self.organization.id}"

    candidate: Candidate
    organization: Organization
    election: Election
    date: str | None
    sources: list[Source] = field(default_factory=list)


@dataclass(eq=False, kw_only=True, repr=False)
class Questionnaire(Row, Checked):
    """Questions sent to the candidates for some of the offices of one election, by an organisation or by
    this directory."""

    KEY = "{self.id}"

    id: str
    city: City
    election: Election
    title: str
    organization: Organization | None
    """Who sent it; None when this directory did."""
    sent: str
    last_verified: str | None
    path: str
    races: list[Race] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    @property
    def asked_by(self) -> str:
        return self.organization.name if self.organization else "this directory"


@dataclass(eq=False, kw_only=True, repr=False)
class Question(Row):
    KEY = "{self.number} of {self.questionnaire.id}"

    questionnaire: Questionnaire
    id: str
    number: int
    topic: Topic | None
    text: str
    answers: list[Answer] = field(default_factory=list)

    def asked(self) -> list[Candidacy]:
        """The candidacies it was put to: those of the questionnaire's races, in each race's order."""
        return [c for race in self.questionnaire.races for c in race.candidacies]


@dataclass(eq=False, kw_only=True, repr=False)
class Answer(Row):
    """A candidate's answer to one question, in their own words."""

    KEY = "{self.candidate.id} to {self.question.key}"

    candidate: Candidate
    question: Question
    text: str
    date: str
    sources: list[Source] = field(default_factory=list)


@dataclass(kw_only=True, repr=False)
class Directory:
    cities: list[City]
    candidates: list[Candidate]
    organizations: list[Organization]
    topics: list[Topic]
    elections: list[Election]
    state_records: dict[str, State] = field(default_factory=dict)
    """The state records, by state code."""
    questionnaires: list[Questionnaire] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<Directory of {len(self.cities)} cities, {len(self.candidates)} candidates>"

    @property
    def states(self) -> dict[str, list[City]]:
        grouped: dict[str, list[City]] = defaultdict(list)
        for city in self.cities:
            grouped[city.state].append(city)
        return dict(sorted(grouped.items(), key=lambda item: STATES[item[0]]))

    @property
    def calendar_elections(self) -> list[Election]:
        """The elections the calendar of every city holds: those whose day a source gives."""
        return [e for e in self.elections if e.day]

    def candidate_count(self, state: str) -> int:
        """How many candidates the directory holds in the cities of this state."""
        return sum(len(city.candidates) for city in self.cities if city.state == state)
