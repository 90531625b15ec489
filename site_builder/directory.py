"""The directory model: cities, elections, races, candidates and who backs them, linked and sorted.

Built from validated tables; everything the pages need is reachable from here
without another lookup, and every list is in a stable order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .schema import STATES
from .tables import Tables

_KIND_ORDER = {"primary": 0, "general": 1, "runoff": 2, "special": 3, None: 4}
_STATUS_ORDER = {"won": 0, "advanced-to-runoff": 1, "qualified": 2, "announced": 3, None: 4, "lost": 5, "withdrawn": 6}


@dataclass(frozen=True)
class Source:
    url: str | None
    title: str | None
    author: str | None
    publisher: str | None
    date: str | None

    @property
    def label(self) -> str:
        return self.title or self.url or ""


@dataclass(eq=False)
class Topic:
    id: str
    name: str
    description: str
    positions: list[Position] = field(default_factory=list)

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


@dataclass(eq=False)
class Organization:
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


@dataclass(eq=False)
class City:
    id: str
    state: str
    slug: str
    name: str
    ocd_id: str
    government: str | None
    website: str | None
    elections_office_url: str | None
    registration_url: str | None
    polling_place_url: str | None
    last_verified: str | None
    elections: list[Election] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    @property
    def state_name(self) -> str:
        return STATES[self.state]

    @property
    def label(self) -> str:
        return f"{self.name}, {self.state.upper()}"

    def next_election(self, today: dt.date) -> Election | None:
        upcoming = [e for e in self.elections if e.is_upcoming(today)]
        return upcoming[0] if upcoming else None


@dataclass(eq=False)
class Election:
    city: City
    id: str
    date: str
    kind: str | None
    voting_method: str | None
    name: str | None
    races: list[Race] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    @property
    def phrase(self) -> str:
        """The election as words inside a sentence: its name, or ``general election``."""
        return self.name or (f"{self.kind} election" if self.kind else "election")

    @property
    def title(self) -> str:
        return self.phrase[0].upper() + self.phrase[1:]

    @property
    def sort_key(self) -> tuple[str, int]:
        return (self.date, _KIND_ORDER.get(self.kind, 4))

    def is_upcoming(self, today: dt.date) -> bool:
        """True when the election day (or any day of a partial date) is today or later."""
        return self.date >= today.isoformat()[: len(self.date)]


@dataclass(eq=False)
class Race:
    election: Election
    id: str
    office: str
    district: str | None
    seats: int
    candidacies: list[Candidacy] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.office}, {self.district}" if self.district else self.office


@dataclass(eq=False)
class Link:
    kind: str
    url: str


@dataclass(eq=False)
class Candidate:
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
    sources: list[Source] = field(default_factory=list)

    @property
    def latest(self) -> Candidacy:
        return self.candidacies[-1]

    @property
    def topics(self) -> list[Topic]:
        seen: dict[str, Topic] = {}
        for position in self.positions:
            seen.setdefault(position.topic.id, position.topic)
        return list(seen.values())


@dataclass(eq=False)
class Candidacy:
    candidate: Candidate
    race: Race
    status: str | None
    incumbent: bool | None
    party: str | None
    votes: int | None
    vote_share: float | None
    sources: list[Source] = field(default_factory=list)

    @property
    def election(self) -> Election:
        return self.race.election

    @property
    def has_result(self) -> bool:
        return self.votes is not None or self.vote_share is not None


@dataclass(eq=False)
class Position:
    candidate: Candidate
    topic: Topic
    text: str
    sources: list[Source] = field(default_factory=list)


@dataclass(eq=False)
class Endorsement:
    candidate: Candidate
    organization: Organization
    election: Election
    date: str | None
    sources: list[Source] = field(default_factory=list)


@dataclass
class Directory:
    cities: list[City]
    candidates: list[Candidate]
    organizations: list[Organization]
    topics: list[Topic]
    elections: list[Election]

    @property
    def states(self) -> dict[str, list[City]]:
        grouped: dict[str, list[City]] = defaultdict(list)
        for city in self.cities:
            grouped[city.state].append(city)
        return dict(sorted(grouped.items(), key=lambda item: STATES[item[0]]))


def _opt(value: Any) -> Any:
    return value if value not in ("", None) else None


def _sources(rows: list[dict[str, Any]]) -> list[Source]:
    return [
        Source(
            _opt(r.get("url")),
            _opt(r.get("title")),
            _opt(r.get("author")),
            _opt(r.get("publisher")),
            _opt(r.get("date")),
        )
        for r in sorted(rows, key=lambda r: int(r["number"]))
    ]


def build_directory(tables: Tables) -> Directory:
    """Link validated tables into the directory model (linear in the number of rows)."""
    rows = tables.rows
    sources: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows["sources"]:
        sources[(row["record"], row.get("subject") or "")].append(row)

    def cited(record: str, subject: str = "") -> list[Source]:
        return _sources(sources.get((record, subject), []))

    topics = {r["id"]: Topic(r["id"], r["name"], r["description"]) for r in rows["topics"]}
    organizations = {
        r["id"]: Organization(
            r["id"],
            r["name"],
            r["kind"],
            _opt(r.get("website")),
            _opt(r.get("description")),
            _opt(r.get("last_verified")),
            cited(f"organizations/{r['id']}"),
        )
        for r in rows["organizations"]
    }
    cities: dict[str, City] = {}
    for r in rows["cities"]:
        cities[r["id"]] = City(
            r["id"],
            r["state"],
            r["id"].split("/")[1],
            r["name"],
            r["ocd_id"],
            _opt(r.get("government")),
            _opt(r.get("website")),
            _opt(r.get("elections_office_url")),
            _opt(r.get("registration_url")),
            _opt(r.get("polling_place_url")),
            _opt(r.get("last_verified")),
            sources=cited(f"cities/{r['id']}"),
        )
    elections: dict[tuple[str, str], Election] = {}
    for r, origin in zip(rows["elections"], tables.origins["elections"], strict=True):
        city = cities[r["city"]]
        election = Election(
            city,
            r["id"],
            r["date"],
            _opt(r.get("kind")),
            _opt(r.get("voting_method")),
            _opt(r.get("name")),
            sources=cited(f"cities/{city.id}", origin.field_path),
        )
        elections[(city.id, election.id)] = election
        city.elections.append(election)
    races: dict[tuple[str, str, str], Race] = {}
    for r in rows["races"]:
        election = elections[(r["city"], r["election"])]
        race = Race(election, r["id"], r["office"], _opt(r.get("district")), int(r.get("seats") or 1))
        races[(r["city"], r["election"], r["id"])] = race
        election.races.append(race)
    candidates: dict[str, Candidate] = {}
    for r, origin in zip(rows["candidates"], tables.origins["candidates"], strict=True):
        city = cities[r["city"]]
        candidate = Candidate(
            r["id"],
            r["id"].rsplit("/", 1)[1],
            city,
            r["name"],
            _opt(r.get("ballot_name")),
            _opt(r.get("bio")),
            _opt(r.get("website")),
            _opt(r.get("photo_url")),
            _opt(r.get("photo_license")),
            _opt(r.get("photo_credit")),
            str(r["last_verified"]),
            origin.path,
            sources=cited(f"candidates/{r['id']}"),
        )
        candidates[candidate.id] = candidate
        city.candidates.append(candidate)
    for r, origin in zip(rows["candidacies"], tables.origins["candidacies"], strict=True):
        candidate = candidates[r["candidate"]]
        race = races[(r["city"], r["election"], r["race"])]
        incumbent = {"true": True, "false": False}.get(str(r.get("incumbent")))
        candidacy = Candidacy(
            candidate,
            race,
            _opt(r.get("status")),
            incumbent,
            _opt(r.get("party")),
            int(r["votes"]) if _opt(r.get("votes")) else None,
            float(r["vote_share"]) if _opt(r.get("vote_share")) else None,
            cited(f"candidates/{candidate.id}", origin.field_path),
        )
        candidate.candidacies.append(candidacy)
        race.candidacies.append(candidacy)
    for r, origin in zip(rows["positions"], tables.origins["positions"], strict=True):
        candidate = candidates[r["candidate"]]
        position = Position(
            candidate, topics[r["topic"]], r["position"], cited(f"candidates/{candidate.id}", origin.field_path)
        )
        candidate.positions.append(position)
        topics[r["topic"]].positions.append(position)
    for r, origin in zip(rows["endorsements"], tables.origins["endorsements"], strict=True):
        candidate = candidates[r["candidate"]]
        endorsement = Endorsement(
            candidate,
            organizations[r["organization"]],
            elections[(r["city"], r["election"])],
            _opt(r.get("date")),
            cited(f"candidates/{candidate.id}", origin.field_path),
        )
        candidate.endorsements.append(endorsement)
        endorsement.organization.endorsements.append(endorsement)
    for r in rows["links"]:
        candidates[r["candidate"]].links.append(Link(r["kind"], r["url"]))
    return _sorted(cities, candidates, organizations, topics, elections)


def _sorted(
    cities: dict[str, City],
    candidates: dict[str, Candidate],
    organizations: dict[str, Organization],
    topics: dict[str, Topic],
    elections: dict[tuple[str, str], Election],
) -> Directory:
    for city in cities.values():
        city.elections.sort(key=lambda e: e.sort_key)
        city.candidates.sort(key=lambda c: (c.name.casefold(), c.id))
        for election in city.elections:
            election.races.sort(key=lambda r: (r.office.casefold(), r.district or ""))
            for race in election.races:
                race.candidacies.sort(
                    key=lambda c: (
                        _STATUS_ORDER.get(c.status, 4),
                        -(c.vote_share or 0),
                        -(c.votes or 0),
                        c.candidate.name.casefold(),
                    )
                )
    for candidate in candidates.values():
        candidate.candidacies.sort(key=lambda c: c.election.sort_key)
        candidate.endorsements.sort(key=lambda e: (e.election.sort_key, e.organization.name.casefold()))
    for organization in organizations.values():
        organization.endorsements.sort(key=lambda e: (e.election.sort_key, e.candidate.city.label, e.candidate.name))
    for topic in topics.values():
        topic.positions.sort(key=lambda p: (p.candidate.city.label, p.candidate.name.casefold()))
    return Directory(
        cities=sorted(cities.values(), key=lambda c: (c.state_name, c.name)),
        candidates=sorted(candidates.values(), key=lambda c: c.id),
        organizations=sorted(organizations.values(), key=lambda o: o.name.casefold()),
        topics=sorted(topics.values(), key=lambda t: t.name.casefold()),
        elections=sorted(elections.values(), key=lambda e: (*e.sort_key, e.city.label)),
    )
