"""`site-builder new election`: an election added to a city's record, through the importers' merge, so that the
record keeps its layout and every election it lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from site_builder.importers import merge
from site_builder.importers.importing import item_key
from site_builder.importers.merge import Incoming
from site_builder.records.dates import is_known
from site_builder.records.files import city_record
from site_builder.records.ids import slugify
from site_builder.records.schema import load_schema
from site_builder.records.tables import Tables, load_records
from site_builder.tools.scaffold import Scaffold, ScaffoldError, state_and_city


def new_election(root: Path, place: str, date: str, kind: str, offices: list[str], source: str | None) -> Scaffold:
    """The city record of ``place`` with the election of ``date`` and ``kind`` added, its offices ``offices``
    (``Mayor``, ``City Council, Ward 3``: the office, then its district after the first comma) or else those
    of the city's latest dated election with offices, its ``source`` when one is given."""
    state, city = state_and_city(place)
    relative = f"cities/{state}/{city}.yml"
    if not (root / relative).exists():
        raise ScaffoldError(
            f'there is no city record {relative}: add it first with `site-builder new city {state}/{city} "City name"`'
        )
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        day = None
    if day is None or len(date) != 10:
        raise ScaffoldError(f"`{date}` is not a day: write it as YYYY-MM-DD, for example 2027-11-02")
    tables = load_records(load_schema(), [city_record(root, state, city)]).tables
    election_id = f"{date}-{kind}"
    if any(row.get("id") == election_id for row in tables.rows["elections"]):
        raise ScaffoldError(f"{relative} already lists the {kind} election of {date}")
    races = [_office(text) for text in offices] if offices else _last_offices(tables)
    if not races:
        raise ScaffoldError(
            f"{relative} lists no election with offices to copy: name the offices on the ballot with "
            '`--office Mayor --office "City Council, Ward 3"`'
        )
    election: dict[str, Any] = {"date": date, "kind": kind, "offices": races}
    if source:
        election["sources"] = [source]
    incoming = Incoming(relative, "cities", {"elections": [election]})
    try:
        planned = merge.plan(root, [incoming], item_key, lambda at, old: False)
    except merge.MergeError as error:
        raise ScaffoldError(str(error)) from None
    return Scaffold(root / relative, planned.texts[relative], replace=True)


def _office(text: str) -> dict[str, str]:
    office, _, district = (part.strip() for part in text.partition(","))
    if not slugify(office):
        raise ScaffoldError(f"`{text}` is not an office: write it as `Mayor` or `City Council, Ward 3`")
    return {"office": office, "district": district} if district else {"office": office}


def _last_offices(tables: Tables) -> list[dict[str, str]]:
    """The offices of the latest dated election of the city that lists offices, in their order."""
    with_offices = {row.get("election") for row in tables.rows["races"]}
    dated = [row for row in tables.rows["elections"] if row.get("id") in with_offices and is_known(row["date"])]
    if not dated:
        return []
    last = max(dated, key=lambda row: str(row["date"]))
    return [
        {key: row[key] for key in ("office", "district") if row.get(key)}
        for row in tables.rows["races"]
        if row.get("election") == last["id"]
    ]
