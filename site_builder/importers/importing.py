"""One import from its files to its plan: read everything, build the records, compare with the disk
(OpenElections results, Open States' mayors, vote.gov's state links).

Nothing is written here; the plan is written (or, with ``--dry-run``, only shown) once every
input has been read without error, so a bad file leaves no city half imported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.importers import (
    alameda_rcv,
    candidate_list,
    merge,
    minneapolis_rcv,
    multnomah_rcv,
    nyc_rcv,
    officeholders,
    openelections,
    openstates,
    rcv_records,
    results,
    sf_rcv,
    vote_gov,
)
from site_builder.importers.offices import MAPPING, load_mapping
from site_builder.importers.openelections import UnreadOffice
from site_builder.records.ids import slugify
from site_builder.records.problems import Problem, errors
from site_builder.records.schema import Table
from site_builder.records.validate import validate_changes


@dataclass
class Outcome:
    plan: merge.Plan
    unread: list[UnreadOffice] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    """Matches a person should settle in the records (an officeholder who may be a candidate)."""


def import_openelections(root: Path, files: list[Path], today: dt.date, mapping: Path = MAPPING) -> Outcome:
    """The plan of an import of OpenElections results files into the records under ``root``."""
    reading = openelections.read(files, load_mapping(mapping))
    built = results.build(root, list(reading.races.values()), today, reading.casings)
    plan = merge.plan(root, built.incoming, item_key, owned)
    return Outcome(plan, reading.unread, built.notes)


def import_openstates(root: Path, folder: Path, today: dt.date) -> Outcome:
    """The plan of an import of the mayors of an Open States people checkout into the records under ``root``."""
    reading = openstates.read(folder)
    built = officeholders.build(root, reading, today)
    plan = merge.plan(root, built.incoming, item_key, owned)
    return Outcome(plan, notes=built.notes, review=built.review)


def import_vote_gov(root: Path, path: Path, today: dt.date) -> Outcome:
    """The plan of an import of vote.gov's ``states.json`` into the state records under ``root``."""
    built = vote_gov.build(path, today)
    return Outcome(merge.plan(root, built.incoming, item_key, owned), notes=built.notes)


_AT_COMMIT = re.compile(r"^(https://github\.com/[^/]+/[^/]+/blob/)[0-9a-f]{40}/")


def _any_commit(url: str) -> str:
    """A dataset file's address without the commit it was cited at: the same file at another commit."""
    return _AT_COMMIT.sub(r"\1*/", url)


def import_minneapolis_rcv(root: Path, files: list[Path], today: dt.date) -> Outcome:
    """The plan of an import of Minneapolis' ranked-choice tabulations into the records under ``root``: the
    reader makes contests of the files, the shared step records of the contests."""
    reading = minneapolis_rcv.read(files)
    notes = [f"skipped {line}" for line in reading.skipped]
    notes += [
        f"no file holds the count of the {race.year} race for {', '.join(filter(None, (race.office, race.district)))}: "
        f"recorded with its official results ({race.official.url})"
        for race in reading.uncounted
    ]
    return _ranked_choice(root, reading.contests, notes, today, reading.uncounted)


def import_alameda_rcv(root: Path, files: list[Path], today: dt.date) -> Outcome:
    """The plan of an import of the Alameda County Registrar of Voters' ranked-choice reports (Oakland,
    Berkeley, San Leandro); the notes account for every file: imported, a repeat, outside the directory
    or not read, each with its reason."""
    reading = alameda_rcv.read(files)
    return _ranked_choice(root, reading.contests, [a.line() for a in reading.accounts], today)


def import_multnomah_rcv(root: Path, files: list[Path], today: dt.date) -> Outcome:
    """The plan of an import of Multnomah County Elections' final ranked-choice reports of Portland, every
    file accounted for in the notes."""
    reading = multnomah_rcv.read(files)
    return _ranked_choice(root, reading.contests, [a.line() for a in reading.accounts], today)


def import_sf_rcv(root: Path, files: list[Path], today: dt.date) -> Outcome:
    """The plan of an import of the San Francisco Department of Elections' ranked-choice reports, every file
    accounted for in the notes: imported, a repeat, outside the directory or a layout not read."""
    reading = sf_rcv.read(files)
    return _ranked_choice(root, reading.contests, [a.line() for a in reading.accounts], today)


def _ranked_choice(
    root: Path, contests: list[Any], accounts: list[str], today: dt.date, uncounted: list[Any] | None = None
) -> Outcome:
    """The plan of the records of a reader's contests (:mod:`rcv_records`), what became of each file first."""
    built = rcv_records.build(root, contests, today, uncounted)
    plan = merge.plan(root, built.incoming, item_key, owned)
    summary = rcv_records.summary(contests, built)
    return Outcome(plan, [], accounts + built.notes + [summary])


def import_candidate_list(root: Path, path: Path, today: dt.date) -> Outcome:
    """The plan of an import of an official candidate list in the project's template."""
    entries = candidate_list.read(path, root, today)
    built = candidate_list.build(root, entries, today)
    plan = merge.plan(root, built.incoming, item_key, owned)
    people = sum(1 for incoming in built.incoming if incoming.table == "candidates")
    summary = f"read {len(entries)} rows: {people} candidates in {len(built.incoming) - people} cities"
    return Outcome(plan, [], [*built.notes, summary])


def import_nyc_rcv(root: Path, files: list[Path], today: dt.date) -> Outcome:
    """The plan of an import of New York City's certified ranked-choice rounds into the records under ``root``,
    with the account of every file not imported (a repeat, outside the directory, a layout not recognised)."""
    reading = nyc_rcv.read(files)
    built = rcv_records.build(root, reading.contests, today)
    plan = merge.plan(root, built.incoming, item_key, owned)
    account = (
        f"files: {len(files)} given, {len(reading.contests)} imported, {reading.repeats} repeats, "
        f"{reading.outside} outside the directory, {reading.unrecognised} in a layout not recognised"
    )
    notes = [*reading.account, account, *built.notes, rcv_records.summary(reading.contests, built)]
    return Outcome(plan, [], notes)


def refusals(root: Path, plan: merge.Plan, today: dt.date) -> list[Problem]:
    """The errors the import would bring into the records under ``root``, found with nothing written:
    every record loaded and checked as validation does, the plan's files held in memory.  Each error
    of a file the plan writes counts; an error of another file counts unless the records have it
    already.  An import writes nothing while there is one."""
    if not plan.texts:
        return []
    _, found = validate_changes(root, plan.texts, today)
    after = errors(found)
    elsewhere = [problem for problem in after if problem.path not in plan.texts]
    if elsewhere:
        _, before = validate_changes(root, {}, today)
        known = {_identity(problem) for problem in errors(before)}
        after = [problem for problem in after if problem.path in plan.texts or _identity(problem) not in known]
    return after


def _identity(problem: Problem) -> tuple[str, ...]:
    return (problem.path, problem.field, problem.message, str(problem.code))


def item_key(table: Table, item: Any) -> str | None:
    """The identity of a list item whose key in the descriptor is only its place in the list: a source by its
    address (a dataset file's at any commit) or title, an officeholder by their Open Civic Data id, else their
    office, district and name; None for an item the descriptor's key tells apart (:mod:`merge`)."""
    if table.name == "sources":
        return _any_commit(str(item.get("url") or item.get("title")) if isinstance(item, dict) else str(item))
    if table.name == "officeholders" and isinstance(item, dict):
        if item.get("ocd_id"):
            return str(item["ocd_id"])
        return "|".join((_slug(item.get("office")), _slug(item.get("district")), _slug(item.get("name"))))
    return None


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
_PUBLISHERS = (
    "OpenElections",
    minneapolis_rcv.ARCHIVE_PUBLISHER,
    minneapolis_rcv.PUBLISHER,
    alameda_rcv.PUBLISHER,
    multnomah_rcv.PUBLISHER,
    nyc_rcv.PUBLISHER,
    sf_rcv.PUBLISHER,
)
"""The publishers of the sources the importers write, which a later import may replace."""


def owned(at: str, old: Any) -> bool:
    """Whether the import may replace the value on disk at field path ``at``: the counts and the statuses
    it computes, and a candidacy's source when the import wrote it."""
    last = at.rsplit(".", 1)[-1]
    if last in _OWNED and "[" in at:
        return True
    if at.startswith("officeholders[") and at.count(".") == 1 and last in _OWNED_OFFICEHOLDER:
        return True
    if last == "url" and isinstance(old, str) and _AT_COMMIT.match(old):
        return True  # the same dataset file, cited at a newer commit (the item's key is the address without it)
    return last == "source" and isinstance(old, dict) and old.get("publisher") in _PUBLISHERS


_OWNED_OFFICEHOLDER = ("party", "term_start", "term_end")
"""An officeholder's values an import replaces, besides its ``status``: what the dataset says of the term."""
