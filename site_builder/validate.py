"""Load the records and check them against the descriptor with Frictionless, in contributor words.

Frictionless does the typing, constraints and keys; this module feeds it the
tables and turns each of its errors into a :class:`Problem` at the line the
value was typed on, with a hint where one helps.  A large directory is loaded
and checked on every core, one run of candidate files per core.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from pathlib import Path
from typing import Any

from frictionless import Error, Package, errors

from . import parallel
from .checks import record_problems
from .problems import Problem, sort_problems
from .schema import Schema, Table, frictionless_descriptor, load_schema
from .tables import Loaded, Origin, RecordFile, Tables, discover, load_records, merge, pack, select, unpack

LIMIT_ERRORS = 10**9
"""Report every error: Frictionless stops at 1,000 by default."""
_CONSTRAINT = re.compile(r'constraint "(\w+)"')
_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "date": "a date written YYYY-MM-DD",
}
_FK_FIELD = {
    # For a foreign key over several fields, the one a contributor typed and should fix.
    ("elections",): "election",
    ("races",): "office",
}


SPLIT = "candidates"
"""The record kind whose files are shared out among the cores: by far the most numerous."""


def local_tables(schema: Schema) -> set[str]:
    """The tables that a candidate's file fills: candidates, the tables below them and sources.

    Each of their keys starts with the record's own id (a candidate, or a source's record), so
    duplicates can only be within one file, and their foreign keys point either at another
    kind's tables or at the file's own candidate: a run of candidate files can be checked on
    its own against the other kinds' tables and give exactly the problems of a check of all.
    """

    def below_candidates(name: str | None) -> bool:
        while name and name != SPLIT:
            name = schema.tables[name].parent
        return name == SPLIT

    return {name for name in schema.tables if below_candidates(name)} | _sources_tables(schema)


def _sources_tables(schema: Schema) -> set[str]:
    """The tables of sources, which every kind of record fills."""
    return {name for name, table in schema.tables.items() if table.record.get("sources")}


def validate_directory(
    root: Path, today: dt.date | None = None, only: str | None = None
) -> tuple[Tables, list[Problem]]:
    """Load, normalise and check every record under ``root``; return the tables and all problems.

    The records of the other kinds (cities, organisations, topics) are loaded first.  The
    candidate files, by far the most, are then cut into one run per core, a city's candidates
    in the same run; each run is loaded and checked, with Frictionless and the project's own
    rules (:mod:`checks`), against the other kinds' tables, in a process of its own
    (:func:`_check_run`).  This process checks the first run and then the other kinds' records.
    """
    schema = load_schema()
    today = today or dt.date.today()
    with parallel.paused_gc():
        files, problems = discover(root, schema)
        files = select(files, only)
        first = next((i for i, f in enumerate(files) if f.table.name == SPLIT), len(files))
        last = first + sum(f.table.name == SPLIT for f in files)
        before, after = load_records(schema, files[:first]), load_records(schema, files[last:])
        others = merge([before.tables, after.tables])
        runs = parallel.split(files[first:last], parallel.part_count(len(files)), group=_city)
        jobs = [(run, number == 0) for number, run in enumerate(runs)]
        checked = parallel.run_parts(functools.partial(_check_run, schema, others, today), jobs, pack, unpack)
        tables = merge([before.tables, *(run.tables for run in checked), after.tables])
        problems += before.problems + after.problems + [p for run in checked for p in run.problems]
        return tables, sort_problems(problems)


def _city(record: RecordFile) -> tuple[str, ...]:
    return record.parts[:2]


def _check_run(schema: Schema, others: Tables, today: dt.date, job: tuple[list[RecordFile], bool]) -> Loaded:
    """A run of candidate files loaded and checked, with Frictionless and the project's rules,
    against the other kinds' tables; and, for the first run, the other kinds' records as well."""
    files, with_others = job
    loaded = load_records(schema, files)
    own = local_tables(schema)
    view = Tables(
        {name: (loaded.tables if name in own else others).rows[name] for name in schema.tables},
        {name: (loaded.tables if name in own else others).origins[name] for name in schema.tables},
    )
    loaded.problems += _frictionless(schema, view, [name for name in schema.tables if name in own])
    loaded.problems += record_problems(schema, view, today, checked=own)
    if with_others:
        theirs = [name for name in schema.tables if name not in own or name in _sources_tables(schema)]
        loaded.problems += _frictionless(schema, others, theirs)
        loaded.problems += record_problems(schema, others, today)
    return loaded


def _frictionless(schema: Schema, tables: Tables, names: list[str]) -> list[Problem]:
    """The named resources through Frictionless, its errors in contributor words."""
    package = Package.from_descriptor(_with_data(schema, tables, names), basepath=".")
    reports = [package.validate(name=name, limit_errors=LIMIT_ERRORS) for name in names if tables.rows[name]]
    translator = _Translator(schema, tables)
    problems: list[Problem] = []
    for report in reports:
        for task in report.tasks:
            for error in task.errors:
                problem = translator.translate(schema.tables[str(task.name)], error)
                if problem:
                    problems.append(problem)
    return problems


PLACED = frozenset({"candidate", "record", "subject", "number"})
"""Fields the loader fills from where an item sits: the record it is listed in, what in that record
it cites, its place in its list."""


def checked_descriptor(schema: Schema) -> dict[str, Any]:
    """The descriptor the records are checked against: the published one, less the keys made of
    :data:`PLACED` fields only.

    Those keys hold by construction: no two items sit in the same place of the same record (the
    loader refuses a key written twice), and an item's record is loaded, with its own row, before
    its items.  Checking them would take nearly a third of Frictionless' time on a large
    directory and could never find anything a contributor wrote; ``tests/test_parallel.py`` checks that the
    complete descriptor finds the same problems.
    """
    descriptor = frictionless_descriptor(schema)
    for resource in descriptor["resources"]:
        keys = resource["schema"]
        if set(keys.get("primaryKey", [])) <= PLACED:
            keys.pop("primaryKey", None)
        keys["foreignKeys"] = [key for key in keys.get("foreignKeys", []) if not set(key["fields"]) <= PLACED]
    return descriptor


def _with_data(schema: Schema, tables: Tables, names: list[str]) -> dict[str, Any]:
    """The descriptor of the named resources and those their foreign keys refer to, rows inline as lists.

    A resource that is only referred to keeps just the fields that the foreign keys look up:
    Frictionless reads every row of it for each foreign key, and the other fields would be
    cast and checked there for nothing.
    """
    descriptor = checked_descriptor(schema)
    referred: dict[str, set[str]] = {}
    for resource in descriptor["resources"]:
        for key in resource["schema"].get("foreignKeys", []) if resource["name"] in names else ():
            referred.setdefault(key["reference"]["resource"], set()).update(key["reference"]["fields"])
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in names or r["name"] in referred]
    for resource in descriptor["resources"]:
        if resource["name"] not in names:
            keys = referred[resource["name"]]
            resource["schema"] = {"fields": [f for f in resource["schema"]["fields"] if f["name"] in keys]}
        header = [f["name"] for f in resource["schema"]["fields"]]
        rows = tables.rows[resource["name"]]
        resource["data"] = _SharedRows([header, *(list(map(row.get, header)) for row in rows)])
    return descriptor


class _SharedRows(list[list[Any]]):
    """A table's inline rows, shared rather than copied when Frictionless copies a descriptor.

    Frictionless deep-copies descriptors (with their inline data) before validating them
    and for every foreign key; the rows are never changed, so one copy serves them all.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> _SharedRows:
        return self


class _Translator:
    def __init__(self, schema: Schema, tables: Tables) -> None:
        self.schema = schema
        self.tables = tables

    def translate(self, table: Table, error: Error) -> Problem | None:
        if not isinstance(error, errors.RowError):
            return Problem("datapackage.json", 1, 1, table.name, f"the schema itself is broken: {error.message}")
        index = error.row_number - 2
        row = self.tables.rows[table.name][index]
        origin = self.tables.origins[table.name][index]
        if isinstance(error, errors.ForeignKeyError):
            return self.foreign_key(table, row, origin, error)
        if isinstance(error, errors.PrimaryKeyError):
            return self.duplicate(table, row, origin)
        if isinstance(error, errors.UniqueError):
            field = table.fields[error.field_name]
            return self.problem(
                origin,
                field.name,
                f"`{error.cell}` is already used by another record",
                "each record needs its own value",
            )
        if isinstance(error, errors.CellError):
            return self.cell(table.fields[error.field_name], origin, error)
        return self.problem(origin, "", f"this item cannot be checked: {error.message}")

    def problem(self, origin: Origin, name: str, message: str, hint: str = "") -> Problem:
        line, column = origin.at(name) if name else origin.mark
        return Problem(origin.path, line, column, origin.field(name) if name else origin.field_path, message, hint)

    def cell(self, field: Any, origin: Origin, error: errors.CellError) -> Problem:
        value = error.cell
        name = field.name
        if isinstance(error, errors.TypeError):
            return self.problem(
                origin,
                name,
                f"`{value}` is not {_TYPE_WORDS.get(field.type, field.type)}",
                field.hint or f"for example `{name}: {field.example}`",
            )
        match = _CONSTRAINT.search(error.note)
        constraint = match.group(1) if match else ""
        limit = field.constraints.get(constraint)
        if constraint == "required":
            return self.problem(
                origin, name, "is required but missing", f"add `{name}: {field.example}`" if not field.derived else ""
            )
        if constraint == "enum":
            suggestion = difflib.get_close_matches(str(value).lower(), limit, n=1, cutoff=0.5)
            hint = f"did you mean `{suggestion[0]}`? " if suggestion else ""
            return self.problem(
                origin, name, f"`{value}` is not an allowed value", f"{hint}allowed: {', '.join(limit)}"
            )
        if constraint == "pattern":
            return self.problem(
                origin, name, f"`{value}` is not in the expected form", field.hint or f"for example `{field.example}`"
            )
        if constraint == "maxLength":
            return self.problem(
                origin, name, f"is {len(str(value))} characters long; the limit is {limit}", "shorten it"
            )
        if constraint == "minLength":
            return self.problem(origin, name, "must not be empty", f"for example `{name}: {field.example}`")
        if constraint in ("minimum", "maximum"):
            word = "at least" if constraint == "minimum" else "at most"
            return self.problem(origin, name, f"`{value}` is out of range: it must be {word} {limit}")
        if constraint == "unique":
            return self.problem(
                origin, name, f"`{value}` is already used by another record", "each record needs its own value"
            )
        return self.problem(origin, name, f"`{value}` breaks the rule `{constraint}`")

    def duplicate(self, table: Table, row: dict[str, Any], origin: Origin) -> Problem:
        own = [name for name in table.primary_key if not table.fields[name].derived]
        shown = own or [name for name in table.primary_key if name in ("id", "race")] or list(table.primary_key)
        values = ", ".join(f"{name} `{row.get(name)}`" for name in shown)
        return self.problem(
            origin, "", f"this {table.noun} is listed twice ({values})", "remove or merge the repeated item"
        )

    def foreign_key(
        self, table: Table, row: dict[str, Any], origin: Origin, error: errors.ForeignKeyError
    ) -> Problem | None:
        target = error.reference_name
        name = _FK_FIELD.get((target,), error.field_names[-1])
        value = row.get(name)
        if target == "cities":
            return self.problem(
                origin,
                "",
                f"there is no city record `cities/{value}.yml`",
                f'add it first: site-builder new city {value} "City name"',
            )
        if target == "elections":
            if name not in origin.marks:
                return None  # inferred from the candidacy, whose own error says what is wrong
            known = sorted(
                r["id"] for r in self.tables.rows["elections"] if r.get("city") == row.get("city") and r.get("id")
            )
            listed = ", ".join(known) if known else "none yet"
            return self.problem(
                origin,
                name,
                f"`{value}` is not one of the elections of {row.get('city')}",
                f"the city's elections are: {listed} (an election's id is its date, then its kind)",
            )
        if target == "races":
            if not any(
                r.get("city") == row.get("city") and r.get("id") == row.get("election")
                for r in self.tables.rows["elections"]
            ):
                return None  # the unknown election is reported on its own
            offices = sorted(
                r["office"] + (f" ({r['district']})" if r.get("district") else "")
                for r in self.tables.rows["races"]
                if r.get("city") == row.get("city") and r.get("election") == row.get("election") and r.get("office")
            )
            listed = "; ".join(offices) if offices else "none listed"
            return self.problem(
                origin,
                name,
                f"`{value}` is not on the ballot of {row.get('election')}",
                f"offices on that ballot: {listed}; add it to the election's offices in cities/{row.get('city')}.yml",
            )
        known = sorted(r["id"] for r in self.tables.rows[target] if r.get("id"))
        suggestion = difflib.get_close_matches(str(value), known, n=1, cutoff=0.5)
        if suggestion:
            hint = f"did you mean `{suggestion[0]}`?"
        elif known and len(known) <= 40:
            hint = f"known {self.schema.tables[target].title.lower()}: {', '.join(known)}"
        else:
            hint = f"add `{self.schema.tables[target].folder}/{value}.yml` first"
        return self.problem(origin, name, f"unknown {self.schema.tables[target].noun} `{value}`", hint)
