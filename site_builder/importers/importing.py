"""One import from its files to its plan: read everything, build the records, compare with the disk.

Nothing is written here; the plan is written (or, with ``--dry-run``, only shown) once every
input has been read without error, so a bad file leaves no city half imported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.importers import merge, minneapolis_rcv, openelections, rcv_records, results
from site_builder.importers.offices import MAPPING, load_mapping
from site_builder.importers.openelections import UnreadOffice
from site_builder.records.ids import slugify


@dataclass
class Outcome:
    plan: merge.Plan
    unread: list[UnreadOffice] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def import_openelections(root: Path, files: list[Path], today: dt.date, mapping: Path = MAPPING) -> Outcome:
    """The plan of an import of OpenElections results files into the records under ``root``."""
    reading = openelections.read(files, load_mapping(mapping))
    built = results.build(root, list(reading.races.values()), today)
    plan = merge.plan(root, built.incoming, item_key, owned)
    return Outcome(plan, reading.unread, built.notes)


def import_minneapolis_rcv(root: Path, files: list[Path], today: dt.date) -> Outcome:
    """The plan of an import of Minneapolis' ranked-choice tabulations into the records under ``root``."""
    reading = minneapolis_rcv.read(files)
    built = rcv_records.build(root, reading, today)
    plan = merge.plan(root, built.incoming, item_key, owned)
    notes = [f"skipped {line}" for line in reading.skipped] + built.notes + [rcv_records.summary(reading, built)]
    return Outcome(plan, [], notes)


def item_key(at: str, item: Any) -> str:
    """The identity of an item in the list at field path ``at``."""
    if not isinstance(item, dict):
        return str(item)
    last = at.rsplit(".", 1)[-1]
    if last == "elections":
        return f"{item.get('date')}-{item.get('kind')}" if item.get("kind") else str(item.get("date"))
    if last == "offices":
        return "|".join((_slug(item.get("office")), _slug(item.get("district"))))
    if last == "candidacies":
        return "|".join((str(item.get("election")), _slug(item.get("office")), _slug(item.get("district"))))
    if last == "rounds":
        return str(item.get("round"))
    if last == "counts":
        return str(item.get("candidate"))
    return str(item.get("url") or item.get("title"))


def _slug(value: Any) -> str:
    return slugify(value) if isinstance(value, str) else ""


_OWNED = (
    "votes",
    "vote_share",
    "status",
    "write_ins",
    "ballots",
    "seats",
    "undervotes",
    "overvotes",
    "threshold",
    "exhausted",
    "outcome",
)
_PUBLISHERS = ("OpenElections", minneapolis_rcv.ARCHIVE_PUBLISHER, minneapolis_rcv.PUBLISHER)
"""The publishers of the sources the importers write, which a later import may replace."""


def owned(at: str, old: Any) -> bool:
    """Whether the import may replace the value on disk at field path ``at``: the counts and the statuses
    it computes, and a candidacy's source when the import wrote it."""
    last = at.rsplit(".", 1)[-1]
    if last in _OWNED and "[" in at:
        return True
    return last == "source" and isinstance(old, dict) and old.get("publisher") in _PUBLISHERS
