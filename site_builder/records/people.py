"""People's names compared, and the candidates of a city who may be one person: the one home of that rule.

A name reduces to a key (:func:`person_key`) that leaves out case, accents, look-alike letters,
punctuation, initials and suffixes.  Two candidate records of one city are a *possible match* when
a name of one and a name of the other (a record's ``name`` or one of its ``other_names``) share a
surname and nothing settles them:

- they never ran in one race together (two people on one ballot are two people);
- neither record's ``not_same_person`` names the other (a review found two people, citing a source);
- their names do not reduce to one key (then validation reports one name for two records).

A pair a review found to be one person is no pair any more: the two records are merged into one,
whose ``other_names`` lists the other name.  The importers report the pairs an import touches,
``site-builder review people`` lists every pair with its evidence, validation warns of a pair that
also shares a seat, and each candidate page of a pair names the other.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from site_builder.records.ids import slugify
from site_builder.records.names import SUFFIXES

_LOOK_ALIKES = str.maketrans(
    # Cyrillic and Greek letters drawn like Latin ones: their Latin prototypes in Unicode's
    # confusables data (UTS #39), for the letters a name can hide behind.
    "АВЕЅІЈКМНОРСТУХаеѕіјорсухуԁԛԝһӏΑΒΕΖΗΙΚΜΝΟΡΤΥΧαεικνορτυχ",
    "ABESIJKMHOPCTYXaesijopcyxydqwhlABEZHIKMNOPTYXaeikvoptux",
)


def skeleton(name: str) -> str:
    """The name with look-alike letters replaced by the Latin ones they look like (a part of UTS #39's skeleton)."""
    return unicodedata.normalize("NFKD", name).translate(_LOOK_ALIKES)


def person_key(name: str) -> str:
    """A name reduced to compare people: no look-alike letters, accents, case, punctuation, initials or suffixes."""
    plain = skeleton(name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z]+", plain)
    return " ".join(w for w in words if len(w) > 1 and w not in SUFFIXES)


def ballot(election: str, office: str, district: str) -> str:
    """A race as a person's candidacy names it: the election's id, the office and the district."""
    return "|".join((election, slugify(office), slugify(district)))


@dataclass
class Person:
    """A candidate of a city: a record on disk, or one an import would add."""

    path: str
    """The record's file: ``candidates/<state>/<city>/<person>.yml``."""
    name: str
    keys: tuple[str, ...]
    """The person keys of the name, then of each other name."""
    ballots: set[str] = field(default_factory=set)
    """The races the person ran in (:func:`ballot`): two people on one ballot are two people."""
    apart: frozenset[str] = frozenset()
    """The candidates a review found to be other people (``not_same_person``), by id."""
    imported: bool = False
    """Whether the import has results of this person."""
    names: tuple[str, ...] = ()
    """The record's other names, as written."""
    seat_titles: dict[str, str] = field(default_factory=dict)
    """Each seat of :attr:`seats` as the records write it: ``City Council, Ward 5``."""

    @property
    def id(self) -> str:
        return self.path.removeprefix("candidates/").removesuffix(".yml")

    @property
    def city(self) -> str:
        return self.id.rsplit("/", 1)[0]

    @property
    def surnames(self) -> set[str]:
        return {key.rsplit(" ", 1)[-1] for key in self.keys}

    @property
    def words(self) -> set[str]:
        """Every word of the person's names."""
        return {word for key in self.keys for word in key.split()}

    def shares_a_surname(self, other: Person) -> bool:
        """Whether the two share a surname, or one given name and a surname of one is a word of the other's names
        (``Robin Wonsley``, ``Robin Wonsley Worlobah``)."""
        if self.surnames & other.surnames:
            return True
        given = {key.split()[0] for key in self.keys} & {key.split()[0] for key in other.keys}
        return bool(given and (self.surnames & other.words or other.surnames & self.words))

    @property
    def seats(self) -> set[str]:
        """The seats (office and district) the person ran for."""
        return {b.split("|", 1)[1] for b in self.ballots}

    @property
    def years(self) -> list[str]:
        """The years of the person's elections, oldest first."""
        return sorted({b[:4] for b in self.ballots if b[:4].isdigit()})


def possible_matches(people: Iterable[Person], imported_only: bool = False) -> list[tuple[Person, Person]]:
    """The pairs of one city's ``people`` who may be one person (see the module), in the order of their names.

    With ``imported_only``, only pairs of which at least one is :attr:`Person.imported`.
    """
    ordered = sorted(people, key=lambda p: (p.keys[0], p.path))
    pairs = []
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if imported_only and not (first.imported or second.imported):
                continue
            if not first.shares_a_surname(second):
                continue
            if set(first.keys) & set(second.keys):
                continue  # one name for two records: validation warns of it (same-person)
            if first.ballots & second.ballots:
                continue  # in one race together: two people
            if first.id in second.apart or second.id in first.apart:
                continue  # reviewed: two people
            pairs.append((first, second))
    return pairs


def why(first: str, second: str) -> str:
    """Why two names that share a surname may or may not be one person's."""
    for name in (first, second):
        if " " not in person_key(name):
            return f"share a surname, but `{name}` gives no given name to compare"
    one, other = person_key(first).split(), person_key(second).split()
    if one[0] == other[0] and (set(one) < set(other) or set(other) < set(one)):
        return "share a given name, and one holds every word of the other"
    return "share a surname but not their given names"


def shared_seats(first: Person, second: Person) -> list[str]:
    """The seats both ran for, as the records write them (``City Council, Ward 5``), A to Z."""
    return sorted({first.seat_titles.get(seat, seat) for seat in first.seats & second.seats})


def from_tables(rows: dict[str, list[dict[str, Any]]], paths: dict[str, str] | None = None) -> dict[str, list[Person]]:
    """Every candidate record of the tables as a :class:`Person`, by city id.

    ``rows`` holds the ``candidates``, ``other_names``, ``candidacies`` and ``not_same_person`` tables' rows;
    ``paths`` the file of each candidate id (by default ``candidates/<id>.yml``).
    """
    other: dict[str, list[str]] = defaultdict(list)
    for row in rows["other_names"]:
        if isinstance(row.get("name"), str):
            other[row["candidate"]].append(row["name"])
    ballots: dict[str, set[str]] = defaultdict(set)
    titles: dict[str, dict[str, str]] = defaultdict(dict)
    for row in rows["candidacies"]:
        office, district = str(row.get("office") or ""), str(row.get("district") or "")
        race = ballot(row["election"], office, district)
        ballots[row["candidate"]].add(race)
        titles[row["candidate"]][race.split("|", 1)[1]] = f"{office}, {district}" if district else office
    apart: dict[str, set[str]] = defaultdict(set)
    for row in rows["not_same_person"]:
        if row.get("candidate"):
            apart[row["person"]].add(row["candidate"])
    cities: dict[str, list[Person]] = defaultdict(list)
    for row in rows["candidates"]:
        name = row.get("name")
        if not isinstance(name, str) or not person_key(name):
            continue
        keys = [person_key(name)]
        keys += [key for key in dict.fromkeys(person_key(n) for n in other[row["id"]]) if key and key not in keys]
        path = (paths or {}).get(row["id"], f"candidates/{row['id']}.yml")
        person = Person(
            path,
            name,
            tuple(keys),
            ballots[row["id"]],
            frozenset(apart[row["id"]]),
            names=tuple(other[row["id"]]),
            seat_titles=titles[row["id"]],
        )
        cities[row["city"]].append(person)
    return dict(cities)


def open_pairs(
    rows: dict[str, list[dict[str, Any]]], paths: dict[str, str] | None = None
) -> list[tuple[Person, Person]]:
    """Every possible match of the tables' candidates, city by city (A to Z)."""
    return [pair for _, people in sorted(from_tables(rows, paths).items()) for pair in possible_matches(people)]


def years(person: Person) -> str:
    """The years of a person's elections in words: ``2017, 2021 and 2023``."""
    found = person.years
    return ", ".join(found[:-1]) + " and " + found[-1] if len(found) > 1 else "".join(found)


def settled(rows: dict[str, list[dict[str, Any]]]) -> tuple[int, int]:
    """How many possible matches a review settled: merged (other names listed), and told apart (``not_same_person``)."""
    merged = len({row["candidate"] for row in rows["other_names"]})
    apart = {frozenset((row["person"], row["candidate"])) for row in rows["not_same_person"] if row.get("candidate")}
    return merged, len(apart)


def _forms(person: Person) -> str:
    names = "`, `".join((person.name, *person.names))
    ran = f", ran in {years(person)}" if person.years else ""
    return f"`{names}` ({person.path}{ran})"


def evidence(first: Person, second: Person) -> str:
    """A possible match as ``site-builder review people`` lists it: the city, the two records with their names and
    years, whether they ran for one seat, and why the names may or may not be one person's."""
    seats = shared_seats(first, second)
    seat = f"both ran for {' and '.join(seats)}" if seats else "never ran for one seat"
    return (
        f"{first.city}: {_forms(first)} and {_forms(second)}: one city; {seat}; "
        f"the names {why(first.name, second.name)}"
    )


def officeholder_pairs(
    rows: dict[str, list[dict[str, Any]]], paths: dict[str, str] | None = None
) -> list[tuple[dict[str, Any], Person]]:
    """Each officeholder of a city that links no candidate record, with each candidate of the city who shares
    a surname under another name and whom no review told apart (``not_candidate``): the matches an import of
    officeholders leaves for a person to settle, in the order of the cities and their officeholders."""
    people = from_tables(rows, paths)
    found = []
    for row in sorted(rows["officeholders"], key=lambda r: (r["city"], int(r["number"]))):
        key = person_key(str(row.get("name") or ""))
        if not key or row.get("candidate"):
            continue
        surname = key.rsplit(" ", 1)[-1]
        for candidate in people.get(row["city"], []):
            if key not in candidate.keys and surname in candidate.surnames and candidate.id != row.get("not_candidate"):
                found.append((row, candidate))
    return found


def review(rows: dict[str, list[dict[str, Any]]], paths: dict[str, str] | None = None) -> tuple[list[str], str]:
    """Every open possible match of the tables' candidates, then of their officeholders with candidates, each
    with its evidence, and a summary line of the open and settled ones."""
    pairs = open_pairs(rows, paths)
    holders = officeholder_pairs(rows, paths)
    merged, apart = settled(rows)
    one_seat = sum(1 for first, second in pairs if shared_seats(first, second))
    linked = sum(1 for row in rows["officeholders"] if row.get("candidate"))
    holders_apart = sum(1 for row in rows["officeholders"] if row.get("not_candidate"))
    summary = (
        f"{len(pairs)} possible matches open, {one_seat} of them for one seat; settled: {merged} merged "
        f"(a record with `other_names`), {apart} told apart (`not_same_person`); officeholders: {len(holders)} "
        f"possible matches open; settled: {linked} linked to their candidate record (`candidate`), "
        f"{holders_apart} told apart (`not_candidate`)"
    )
    lines = [evidence(first, second) for first, second in pairs]
    lines += [
        f"{row['city']}: officeholder `{row['name']}` (cities/{row['city']}.yml, officeholders[{row['number']}], "
        f"{row['office']}) and candidate {_forms(candidate)}: one city; the names {why(row['name'], candidate.name)}; "
        f"settle it with `candidate: {candidate.id}` or `not_candidate: {candidate.id}` in the officeholder"
        for row, candidate in holders
    ]
    return lines, summary
