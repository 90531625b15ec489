"""The census places of a state, from the copy in ``data/``: a city's name and division id.

``data/ocd-places-<state>.csv`` holds the state's rows of the Open Civic Data list of census
places (see ``data/README.md``); a place's name there ends with its kind (``Seattle city``,
``Albion town``), which is left out of the city's name.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
_KINDS = re.compile(r" (city|town|borough|village|township|municipality)$")


@dataclass(frozen=True)
class Place:
    name: str
    """The city's name as voters know it: ``Seattle``, ``Sedro-Woolley``."""
    ocd_id: str

    @property
    def key(self) -> str:
        return place_key(self.name)


def place_key(text: str) -> str:
    """A place name compared without case, punctuation or repeated spaces."""
    return " ".join(re.findall(r"[a-z0-9']+", text.lower().replace("-", " ")))


@cache
def state_places(state: str) -> dict[str, Place]:
    """The state's census places by :func:`place_key` of their names; empty when the state is not carried."""
    path = DATA / f"ocd-places-{state}.csv"
    if not path.exists():
        return {}
    places: dict[str, Place] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = _KINDS.sub("", row["name"])
            place = Place(name, row["id"])
            # Two places of one name (a city and a township): the name is not enough to tell them apart.
            places[place.key] = place if place.key not in places else Place("", "")
    return {key: place for key, place in places.items() if place.name}


_SAME_WORDS = {"saint": "st", "sainte": "ste", "fort": "ft", "mount": "mt"}


def division_key(text: str) -> str:
    """A place name or division slug compared the way Open States and the census list differ in writing
    them: without case, apostrophes (``~`` in an id), spaces or punctuation, and with ``Saint``, ``Fort``
    and ``Mount`` as ``St``, ``Ft`` and ``Mt`` (``saint_louis`` and ``st_louis``, ``lees_summit`` and
    ``lee~s_summit``, ``mc_farland`` and ``mcfarland``)."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("~", "").replace("'", "").replace("\u2019", ""))
    return "".join(_SAME_WORDS.get(word, word) for word in words)


@dataclass(frozen=True)
class Division:
    ocd_id: str
    name: str
    """The census name, without its kind: ``St. Louis``, ``Lee's Summit``."""


@dataclass(frozen=True)
class Divisions:
    """The census divisions the Open States importer may match (``data/ocd-places-openstates.csv``)."""

    by_id: dict[str, Division]
    places: dict[tuple[str, str], list[Division]]
    """The ``place:`` divisions by state and :func:`division_key` of their slug, and of their name."""

    def match(self, state: str, division: str, name: str) -> list[Division]:
        """The divisions a jurisdiction's division id and name may mean: the one of that id, else the places
        of the state whose slug or name reads the same; more than one means the match is not certain."""
        if division in self.by_id:
            return [self.by_id[division]]
        slug = division.rsplit(":", 1)[-1]
        for key in (division_key(slug), division_key(name)):
            found = self.places.get((state, key), [])
            if found:
                return found
        return []


@cache
def openstates_divisions(path: Path = DATA / "ocd-places-openstates.csv") -> Divisions:
    by_id: dict[str, Division] = {}
    places: dict[tuple[str, str], list[Division]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            division = Division(row["id"], _BALANCE.sub("", _KINDS.sub("", _BALANCE.sub("", row["name"]))))
            by_id[division.ocd_id] = division
            state = re.search(r"/state:([a-z]{2})", division.ocd_id)
            if state and "/place:" in division.ocd_id:
                slug = division.ocd_id.rsplit(":", 1)[-1]
                for key in {division_key(slug), division_key(division.name)}:
                    places.setdefault((state.group(1), key), []).append(division)
    return Divisions(by_id, places)


_BALANCE = re.compile(r" \(balance\)$")
