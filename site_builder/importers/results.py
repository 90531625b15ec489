"""Races with their counts made into city and candidate records: winners, vote shares, one record a person.

The winners are the top N of an N-seat race in a general election or a party's primary (each
voter's votes may be fewer than the seats: the top N still win, see ``votes_allowed``); in
Washington's top-two primary the top two of each seat advance.  A party's primary is an election
of its own, ``2023-05-16-primary-democratic``.  A tie at that line gives nobody a status and is
reported.  A person is the same person across races and elections of one city when their names
reduce to the same key (:func:`site_builder.records.people.person_key`), and a candidate record on
disk is found under its name and its ``other_names`` (:mod:`site_builder.importers.people`); a name
that shares only the surname with another is reported for review and kept apart.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.importers import people
from site_builder.importers.merge import Incoming, listed
from site_builder.importers.openelections import TOP_TWO, Race
from site_builder.records import names
from site_builder.records.ids import slugify
from site_builder.records.loader import load_file
from site_builder.records.votes import recorded_share


@dataclass
class Records:
    incoming: list[Incoming] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _City:
    path: str
    candidates: people.Candidates
    """The candidate records on disk, in the city's folder ``candidates/<state>/<city>``."""


def build(
    root: Path, races: list[Race], today: dt.date, casings: dict[tuple[str, str, str], str] | None = None
) -> Records:
    """The records the races make, matched with the city and candidate records under ``root``; a name every
    row prints in capitals takes the surname's case from ``casings`` (:attr:`openelections.Reading.casings`)."""
    records = Records()
    by_city: dict[str, list[Race]] = defaultdict(list)
    for race in races:
        by_city[race.city.ocd_id].append(race)
    known: dict[str, dict[str, str]] = {}
    for ocd_id in sorted(by_city):
        city_races = sorted(
            by_city[ocd_id], key=lambda r: (r.date, r.kind, slugify(r.party), slugify(r.office), slugify(r.district))
        )
        state = city_races[0].state
        if state not in known:
            known[state] = city_files(root, state)
        city = _find_city(root, city_races[0], known[state])
        records.incoming.append(_city_record(city, city_races, today))
        records.incoming.extend(_candidates(city, city_races, today, records.notes, casings or {}))
    return records


def city_files(root: Path, state: str) -> dict[str, str]:
    """The city records of a state on disk, by division id."""
    found: dict[str, str] = {}
    for record in listed(root, f"cities/{state}"):
        data, _ = load_file(record, record.as_posix(), root=root)
        ocd_id = data.get("ocd_id") if data is not None else None
        if isinstance(ocd_id, str):
            found.setdefault(ocd_id, f"cities/{state}/{record.name}")
    return found


def _find_city(root: Path, race: Race, known: dict[str, str]) -> _City:
    path = known.get(race.city.ocd_id) or f"cities/{race.state}/{slugify(race.city.name)}.yml"
    return _City(path, people.read(root, f"candidates/{race.state}/{Path(path).stem}"))


def _city_record(city: _City, races: list[Race], today: dt.date) -> Incoming:
    elections: dict[str, dict[str, Any]] = {}
    sources: list[dict[str, str]] = []
    for race in races:
        party = {"party": race.party} if race.party else {}
        election = elections.setdefault(
            election_id(race), {"date": race.date, "kind": race.kind, **party, "offices": [], "sources": []}
        )
        office: dict[str, Any] = {"office": race.office, "district": race.district}
        if race.seats > 1:
            office["seats"] = str(race.seats)
        if race.votes_allowed is not None:
            office["votes_allowed"] = str(race.votes_allowed)
        if race.write_ins is not None:
            office["write_ins"] = str(race.write_ins)
        if race.over is not None and race.under is not None and race.seats == 1:
            office["ballots"] = str(_counted(race) + race.over + race.under)
        if race.citations and ("write_ins" in office or "ballots" in office):
            office["source"] = race.citations[0]
        election["offices"].append({k: v for k, v in office.items() if v})
        for citation in race.citations + race.basis:
            for listing in (election["sources"], sources):
                if citation not in listing:
                    listing.append(citation)
    data = {
        "name": races[0].city.name,
        "ocd_id": races[0].city.ocd_id,
        "elections": list(elections.values()),
        "sources": sources,
        "last_verified": today.isoformat(),
    }
    return Incoming(city.path, "cities", data)


def election_id(race: Race) -> str:
    """The id of the race's election: ``2023-11-07-general``, or a party's primary ``2023-05-16-primary-democratic``."""
    return f"{race.date}-{race.kind}" + (f"-{slugify(race.party)}" if race.party else "")


def _counted(race: Race) -> int:
    return sum(tally.votes for tally in race.people.values()) + (race.write_ins or 0)


def _candidates(
    city: _City, races: list[Race], today: dt.date, notes: list[str], casings: dict[tuple[str, str, str], str]
) -> list[Incoming]:
    spellings: dict[str, list[str]] = defaultdict(list)
    counties: dict[str, set[str]] = defaultdict(set)
    for race in races:
        for key, tally in race.people.items():
            spellings[key].extend(sorted(tally.spellings, key=lambda s: (-tally.spellings[s], s)))
            counties[key] |= tally.counties
    persons: dict[str, dict[str, Any]] = {}
    for race in races:
        statuses = _statuses(race, notes)
        total = _counted(race)
        for key, tally in sorted(race.people.items()):
            candidacy = {
                "election": election_id(race),
                "office": race.office,
                "district": race.district,
                "status": statuses.get(key, ""),
                "party": tally.party,
                "votes": str(tally.votes),
                "vote_share": recorded_share(tally.votes, total),
                "source": race.citations[0],
            }
            name = _spelling(spellings[key], counties[key], casings)
            people.add_candidacy(persons, key, name, candidacy, race.citations)
    order = sorted(persons, key=lambda k: slugify(persons[k]["name"]))
    records, _ = people.gather(city.candidates, persons, order)
    notes.extend(people.reviews(city.path, city.candidates, records))
    return people.incoming(records, today)


def _spelling(seen: list[str], counties: set[str], casings: dict[tuple[str, str, str], str]) -> str:
    """The first spelling not in capitals, else the first put in its usual form, its surname as a row of one of
    its counties writes the same first word and surname when one does (``ZACHARY DEWOLF`` is ``Zachary DeWolf``
    where a row gives ``Zachary Pullin DeWolf``)."""
    mixed = [spelling for spelling in seen if not names.is_capitals(spelling)]
    if mixed:
        return mixed[0]
    words = seen[0].split()
    found = sorted(
        casing
        for county in counties
        if len(words) > 1 and (casing := casings.get((county, words[0].casefold(), words[-1].casefold())))
    )
    return names.proper(seen[0], {found[0].casefold(): found[0]} if found else {})


def _statuses(race: Race, notes: list[str]) -> dict[str, str]:
    if race.kind == "general" or race.party:
        places, above = race.seats, "won"
    elif race.kind == "primary" and race.state in TOP_TWO:
        places, above = 2 * race.seats, "advanced"
    else:
        return {}
    ranked = sorted(race.people.items(), key=lambda item: -item[1].votes)
    statuses = {key: (above if rank < places else "lost") for rank, (key, _) in enumerate(ranked)}
    if len(ranked) > places and ranked[places - 1][1].votes == ranked[places][1].votes:
        tied = [key for key, tally in ranked if tally.votes == ranked[places][1].votes]
        for key in tied:
            statuses.pop(key)
        district = f" {race.district}" if race.district else ""
        notes.append(
            f"tie: {race.city.name} {race.office}{district} ({election_id(race)}): "
            f"{len(tied)} candidates with {ranked[places][1].votes} votes at the line; their status is left out"
        )
    return statuses
