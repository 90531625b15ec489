"""Minneapolis' tabulated races made into the city's record and its candidates' records.

A race becomes an item of the election's ``offices`` with its totals, its rounds and its official
results as ``source``; each candidate a record with a candidacy a race (won or lost, the first
choices as ``votes``), citing the tabulation file in the archive.  A person is one record across
races and years when the names reduce to the same key (:func:`site_builder.records.rules.person_key`),
and an existing record known under that name, or under it as one of its ``other_names``, is merged
into, never replaced (:mod:`site_builder.importers.people`).  Two people who share only a surname
are kept apart and reported for review.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from site_builder.importers import people
from site_builder.importers.merge import Incoming
from site_builder.importers.minneapolis_rcv import (
    ARCHIVE,
    ARCHIVE_PUBLISHER,
    OCD_ID,
    PUBLISHER,
    Race,
    Reading,
    number_text,
)
from site_builder.importers.results import Records, city_files
from site_builder.records.rules import person_key

RESULTS_INDEX = "https://vote.minneapolismn.gov/results-data/election-results/"
"""The city's page of election results, which ``Source_Metadata.csv`` names for the city as a whole."""


def tabulation_citation(race: Race) -> dict[str, str]:
    place = f"{race.office}, {race.district}" if race.district else race.office
    return {
        "url": ARCHIVE + race.name,
        "title": (
            f"{race.year} Minneapolis {place}: official ranked-choice tabulation, as text from the City of Minneapolis"
        ),
        "publisher": ARCHIVE_PUBLISHER,
    }


def official_citation(race: Race) -> dict[str, str]:
    place = f"{race.office}, {race.district}" if race.district else race.office
    return {"url": race.official, "title": f"{race.year} election results: {place}", "publisher": PUBLISHER}


def election_id(reading: Reading, race: Race) -> str:
    return f"{reading.dates.get(race.year, race.year)}-general"


def build(root: Path, reading: Reading, today: dt.date) -> Records:
    """The city record and the candidate records of the races read."""
    records = Records()
    if not reading.races:
        return records
    city_path = city_files(root, "mn").get(OCD_ID) or "cities/mn/minneapolis.yml"
    candidates = people.read(root, f"candidates/mn/{Path(city_path).stem}")
    persons: dict[str, dict[str, Any]] = {}
    for race in reading.races:
        for name in race.candidates:
            candidacy = {
                "election": election_id(reading, race),
                "office": race.office,
                "district": race.district,
                "status": "won" if name in race.winners else "lost",
                "votes": number_text(race.first[name]),
                "source": tabulation_citation(race),
            }
            citations = [tabulation_citation(race), official_citation(race)]
            person = people.add_candidacy(persons, person_key(name), name, candidacy, citations)
            if person["name"] != name:
                records.notes.append(f"`{name}` ({race.display}) is imported as `{person['name']}`, as first written")
    order = sorted(persons, key=lambda k: (persons[k]["name"].casefold(), k))
    merged, paths = people.gather(candidates, persons, order)
    slugs = {key: Path(path).stem for key, path in paths.items()}
    records.incoming.extend(people.incoming(merged, today))
    records.notes.extend(people.reviews(city_path, candidates, merged))
    records.incoming.insert(0, _city(city_path, reading, slugs, today))
    return records


def _city(path: str, reading: Reading, slugs: dict[str, str], today: dt.date) -> Incoming:
    index = {"url": RESULTS_INDEX, "title": "Election results", "publisher": PUBLISHER}
    elections: dict[str, dict[str, Any]] = {}
    for race in reading.races:
        election = elections.setdefault(
            race.year,
            {
                "date": reading.dates.get(race.year, race.year),
                "kind": "general",
                "voting_method": "ranked-choice",
                "offices": [],
                "sources": [index],
            },
        )
        election["offices"].append(_office(race, slugs))
    data = {
        "name": "Minneapolis",
        "ocd_id": OCD_ID,
        "elections": [elections[year] for year in sorted(elections)],
        "sources": [index],
        "last_verified": today.isoformat(),
    }
    return Incoming(path, "cities", data)


def _office(race: Race, slugs: dict[str, str]) -> dict[str, Any]:
    office: dict[str, Any] = {"office": race.office, "district": race.district}
    if race.seats > 1:
        office["seats"] = str(race.seats)
    for name in ("write_ins", "ballots", "undervotes", "threshold"):
        value = getattr(race, name)
        if value is not None:
            office[name] = number_text(value)
    rounds = []
    out: set[str] = set()
    for counted in race.rounds:
        counts = []
        for name in sorted(counted.counts, key=lambda n: (-counted.counts[n], n.casefold())):
            if name in out:
                continue
            count = {"candidate": slugs[person_key(name)], "votes": number_text(counted.counts[name])}
            if name in counted.elected:
                count["outcome"] = "elected"
            elif name in counted.defeated:
                count["outcome"] = "defeated"
            counts.append(count)
        item: dict[str, Any] = {"round": str(counted.number)}
        if counted.write_ins is not None:
            item["write_ins"] = number_text(counted.write_ins)
        if counted.exhausted is not None:
            item["exhausted"] = number_text(counted.exhausted)
        item["counts"] = counts
        rounds.append(item)
        out.update(counted.elected + counted.defeated)
    if rounds:
        office["rounds"] = rounds
    office["source"] = official_citation(race)
    return {k: v for k, v in office.items() if v}


def summary(reading: Reading, records: Records) -> str:
    """What was read: races, rounds, candidates and candidacies."""
    candidacies = sum(len(r.candidates) for r in reading.races)
    rounds = sum(len(r.rounds) for r in reading.races)
    with_rounds = sum(1 for r in reading.races if r.rounds)
    people = sum(1 for i in records.incoming if i.table == "candidates")
    by_year: dict[str, int] = defaultdict(int)
    for race in reading.races:
        by_year[race.year] += 1
    years = ", ".join(f"{year}: {count}" for year, count in sorted(by_year.items()))
    return (
        f"read {len(reading.races)} races ({years}); {rounds} rounds in {with_rounds} races; "
        f"{people} candidates; {candidacies} candidacies"
    )
