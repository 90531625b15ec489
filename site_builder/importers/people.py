"""The candidate records of a city as an import meets them, and the possible matches it reports.

People are matched, never merged silently.  A name of a dataset is a record's person when it
reduces to the same key (:func:`site_builder.records.people.person_key`) as the record's ``name``
or one of its ``other_names``: the names a review of the sources found the same person under.
Two people of one city who share a surname and nothing more may be one person: they are kept
apart and reported for review, unless they ran in one race together, or a review wrote
``not_same_person`` in either record.  Once a reviewer has merged two records (one file, the
other name in its ``other_names``), an import finds that record under both names, adds to it
what it imports of either, and reports nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from site_builder.importers.merge import Incoming, listed
from site_builder.records.ids import reserved, slugify
from site_builder.records.loader import load_file
from site_builder.records.people import Person, ballot, person_key, why
from site_builder.records.people import possible_matches as pairs

__all__ = ["Candidates", "Person", "ballot", "gather", "incoming", "possible_matches", "read", "review", "why"]


class Candidates:
    """The candidate records of one city's folder, found by the names they are known under."""

    def __init__(self, folder: str, people: list[Person]) -> None:
        self.folder = folder
        self.people = {person.path: person for person in people}
        self._by_key: dict[str, Person] = {}
        for person in people:  # a record's own name first, then the other names
            self._by_key.setdefault(person.keys[0], person)
        for person in people:
            for key in person.keys[1:]:
                self._by_key.setdefault(key, person)

    def find(self, key: str) -> Person | None:
        """The record known under a name's key: by its name, else by one of its other names."""
        return self._by_key.get(key)


def read(root: Path, folder: str) -> Candidates:
    """The candidate records in ``folder`` under ``root`` (``candidates/<state>/<city>``)."""
    people = []
    for record in listed(root, folder):
        data, _ = load_file(record, record.as_posix(), root=root)
        name = data.get("name") if data is not None else None
        if not isinstance(name, str) or not person_key(name):
            continue
        keys = [person_key(name)]
        for item in _items(data, "other_names"):
            other = item.get("name")
            if isinstance(other, str) and person_key(other) and person_key(other) not in keys:
                keys.append(person_key(other))
        ballots = {
            ballot(str(item.get("election")), str(item.get("office") or ""), str(item.get("district") or ""))
            for item in _items(data, "candidacies")
        }
        apart = frozenset(str(item["candidate"]) for item in _items(data, "not_same_person") if item.get("candidate"))
        people.append(Person(f"{folder}/{record.name}", name, tuple(keys), ballots, apart))
    return Candidates(folder, people)


def new_path(folder: str, name: str, used: set[str]) -> str:
    """A file in ``folder`` for a new record of ``name``, named after it and taken by no other."""
    stem = slugify(name) or "candidate"
    stem = f"candidate-{stem}" if reserved("candidates", stem) else stem  # not a page of the city's
    path, number = f"{folder}/{stem}.yml", 2
    while path in used:
        path, number = f"{folder}/{stem}-{number}.yml", number + 1
    return path


def add_candidacy(
    persons: dict[str, dict[str, Any]], key: str, name: str, candidacy: dict[str, Any], citations: list[dict[str, str]]
) -> dict[str, Any]:
    """Adds to the import's person under ``key`` (first met as ``name``) a candidacy and the sources citing it.

    The candidacy keeps only the values it has; the person, as :func:`gather` takes it, is returned.
    """
    person = persons.setdefault(key, {"name": name, "candidacies": [], "sources": [], "ballots": set()})
    person["ballots"].add(ballot(candidacy["election"], candidacy["office"], candidacy.get("district", "")))
    person["candidacies"].append({field: value for field, value in candidacy.items() if value})
    person["sources"] += [citation for citation in citations if citation not in person["sources"]]
    return person


def incoming(records: dict[str, dict[str, Any]], today: dt.date) -> list[Incoming]:
    """The candidate records an import writes: each gathered person's name, candidacies and sources, verified today."""
    return [
        Incoming(
            path,
            "candidates",
            {
                "name": record["name"],
                "candidacies": record["candidacies"],
                "sources": record["sources"],
                "last_verified": today.isoformat(),
            },
        )
        for path, record in records.items()
    ]


def gather(
    candidates: Candidates, persons: dict[str, dict[str, Any]], order: list[str]
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """The import's people, in ``order`` of their keys, each at the path of its record.

    A person is at the record found under its name or one of its other names, else at a new
    file; two people of the import found at one record (its name and an other name) are joined
    into it.  Each of ``persons`` holds ``name``, ``candidacies``, ``sources`` and ``ballots``; the
    records come back by path, each with the ``key`` it was first found under, and the path of
    every person by key.
    """
    records: dict[str, dict[str, Any]] = {}
    paths: dict[str, str] = {}
    used = set(candidates.people)
    for key in order:
        person = persons[key]
        found = candidates.find(key)
        path = found.path if found else new_path(candidates.folder, person["name"], used)
        used.add(path)
        paths[key] = path
        record = records.get(path)
        if record is None:
            records[path] = {**person, "name": found.name if found else person["name"], "key": key}
            continue
        record["candidacies"] = sorted(
            record["candidacies"] + person["candidacies"],
            key=lambda c: (c["election"], slugify(c["office"]), slugify(c.get("district") or "")),
        )
        record["sources"] += [s for s in person["sources"] if s not in record["sources"]]
        record["ballots"] |= person["ballots"]
    return records, paths


def reviews(city: str, candidates: Candidates, records: dict[str, dict[str, Any]]) -> list[str]:
    """The review lines of the possible matches between the records :func:`gather` made and the city's."""
    imported = [Person(path, r["name"], (r["key"],), r["ballots"]) for path, r in records.items()]
    return [review(city, first, second) for first, second in possible_matches(candidates, imported)]


def _items(data: Any, key: str) -> list[dict[str, Any]]:
    items = data.get(key) if isinstance(data, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def possible_matches(candidates: Candidates, imported: list[Person]) -> list[tuple[Person, Person]]:
    """The pairs of people of the city who may be one person (:func:`site_builder.records.people.possible_matches`),
    at least one of them imported now.

    ``imported`` are the people of the import, each at the path of its record; one whose record is
    on disk counts the races of both.
    """
    everyone = {path: Person(p.path, p.name, p.keys, set(p.ballots), p.apart) for path, p in candidates.people.items()}
    for person in imported:
        known = everyone.get(person.path)
        if known is None:
            everyone[person.path] = Person(person.path, person.name, person.keys, set(person.ballots), imported=True)
        else:
            known.ballots |= person.ballots
            known.imported = True
    return pairs(everyone.values(), imported_only=True)


def review(city: str, first: Person, second: Person) -> str:
    """The review line of a possible match of two candidates, and how to settle it."""
    return (
        f"uncertain match in {city}: `{first.name}` ({first.path}) and `{second.name}` ({second.path}) "
        f"{why(first.name, second.name)}; kept apart: if a source shows they are one person, merge the two "
        "records into one and list the other name in its `other_names:`, citing the sources of both; if they "
        f"are two people, write `candidate: {second.id}` under `not_same_person:` in {first.path}, citing "
        "what shows it"
    )
