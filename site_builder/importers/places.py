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
