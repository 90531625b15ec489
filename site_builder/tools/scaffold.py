"""New records at the right path, as skeletons that validate and guide the next edit."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from site_builder.records.dates import is_known, is_upcoming
from site_builder.records.files import city_record
from site_builder.records.ids import slugify
from site_builder.records.schema import STATES, load_schema
from site_builder.records.tables import load_records
from site_builder.tools.formatting import dump


class ScaffoldError(Exception):
    """A record cannot be created; the message says why and what to do."""


@dataclass(frozen=True)
class Scaffold:
    path: Path
    text: str
    replace: bool = False
    """Whether the text replaces a record that exists (an election added to its city), else a new file."""


def _modeline(table: str) -> str:
    return load_schema().tables[table].modeline + "\n"


def state_and_city(place: str) -> tuple[str, str]:
    parts = place.strip("/").split("/")
    if len(parts) != 2 or parts[0] not in STATES or slugify(parts[1]) != parts[1]:
        raise ScaffoldError(f"`{place}` is not <state>/<city>: for example mn/minneapolis")
    return parts[0], parts[1]


def new_city(root: Path, place: str, name: str, today: dt.date) -> Scaffold:
    state, city = state_and_city(place)
    path = root / "cities" / state / f"{city}.yml"
    ocd_name = ocd_place(name)
    text = (
        _modeline("cities")
        + "# A city and its elections. Add each election with its date, kind, voting method and offices,\n"
        + "# and a source for every fact.\n"
        + dump(
            {
                "name": name,
                "ocd_id": f"ocd-division/country:us/state:{state}/place:{ocd_name}",
                "last_verified": today.isoformat(),
            }
        )
    )
    return _checked(path, text)


def new_candidate(root: Path, place: str, name: str, today: dt.date) -> Scaffold:
    state, city = state_and_city(place)
    city_file = root / "cities" / state / f"{city}.yml"
    if not city_file.exists():
        raise ScaffoldError(
            f"there is no city record {city_file.relative_to(root).as_posix()}: "
            f'add it first with `site-builder new city {state}/{city} "City name"`'
        )
    tables = load_records(load_schema(), [city_record(root, state, city)]).tables
    elections = sorted((row for row in tables.rows["elections"] if row.get("id")), key=lambda row: str(row["date"]))
    if not elections:
        raise ScaffoldError(
            f"{city_file.relative_to(root).as_posix()} lists no elections: add the election first with "
            f"`site-builder new election {state}/{city} YYYY-MM-DD --office Mayor`"
        )
    upcoming = [row for row in elections if is_upcoming(row["date"], today)]
    dated = [row for row in elections if is_known(row["date"])]
    election = upcoming[0] if upcoming else (dated or elections)[-1]
    offices = [row for row in tables.rows["races"] if row.get("election") == election["id"]]
    if not offices:
        raise ScaffoldError(
            f"the election {election['id']} in {city_file.relative_to(root).as_posix()} lists no offices: "
            "add the office on the ballot first"
        )
    candidacy = {"election": election["id"], "office": offices[0]["office"]}
    if offices[0].get("district"):
        candidacy["district"] = offices[0]["district"]
    path = root / "candidates" / state / city / f"{slugify(name)}.yml"
    text = (
        _modeline("candidates")
        + "# A candidate. Add bio, website, platform (topic, position, source), endorsements\n"
        + "# (organization, date, source) and sources; every fact needs a source.\n"
        + dump(
            {"name": name, "candidacies": [{**candidacy, "status": "announced"}], "last_verified": today.isoformat()}
        )
    )
    return _checked(path, text)


def new_organization(root: Path, name: str, kind: str, today: dt.date) -> Scaffold:
    path = root / "organizations" / f"{slugify(name)}.yml"
    text = (
        _modeline("organizations")
        + "# An endorsing organisation. Add its website, a short description and sources.\n"
        + dump({"name": name, "kind": kind, "last_verified": today.isoformat()})
    )
    return _checked(path, text)


def ocd_place(name: str) -> str:
    """The place part of an Open Civic Data id: ``St. Louis`` → ``st_louis``, ``Coeur d'Alene`` → ``coeur_d~alene``."""
    place = " ".join(name.lower().split()).replace("'", "~").replace(" ", "_")
    return re.sub(r"[^a-z0-9_~\u00e0-\u00ff-]", "", place)


def _checked(path: Path, text: str) -> Scaffold:
    if not slugify(path.name.removesuffix(".yml")):
        raise ScaffoldError("the name has no letters or digits to make a file name from")
    if path.exists():
        raise ScaffoldError(f"{path.as_posix()} already exists")
    return Scaffold(path, text)
