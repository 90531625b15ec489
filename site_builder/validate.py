"""Check normalised tables against the descriptor with Frictionless, in contributor words.

Frictionless does the typing, constraints and keys; this module feeds it the
tables and turns each of its errors into a :class:`Problem` at the line the
value was typed on, with a hint where one helps.
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
from .tables import Origin, Tables, normalise

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


def frictionless_problems(schema: Schema, tables: Tables) -> list[Problem]:
    """Validate every table, with its keys, in one Frictionless package."""
    return _frictionless(schema, tables, [(name, 0, len(tables.rows[name])) for name in schema.tables])


def check_tables(schema: Schema, tables: Tables, today: dt.date) -> list[Problem]:
    """Frictionless over every table, then the project's own rules; a large directory on every core.

    Each resource, or a run of a large resource's rows, is one job (its foreign keys still see
    every resource) and the rules of :mod:`checks` are another.  For a large directory the
    resources are shared out among one worker process per core while this process applies the
    rules: Frictionless objects hold reference cycles over every row, and they go away with the
    workers.
    """
    parts = _share_out(schema, tables, parallel.part_count(len(tables.files)))
    found = parallel.run_parts(functools.partial(_run_jobs, schema, tables, today), parts)
    return [problem for problems in found for problem in problems]


RULES = "rules"
"""The job of the project's own rules (:func:`checks.record_problems`)."""

Job = tuple[str, int, int]
"""Validating rows ``[start, stop)`` of a resource; or, named RULES, applying the project's rules."""


def _share_out(schema: Schema, tables: Tables, count: int) -> list[list[Job]]:
    """All jobs in one part; or the rules first, then the resources in ``count`` parts of about equal work.

    A resource that no foreign key refers to and with no unique field can be cut into runs of
    rows, as long as rows sharing the first field of its primary key stay in the same run: its
    keys are then as unique across runs as within each.  That evens out the parts when one such
    resource (the sources) is most of the work.
    """
    whole = [(name, 0, len(tables.rows[name])) for name in schema.tables]
    if count < 2:
        return [[*whole, (RULES, 0, 0)]]
    referred = {key["reference"]["resource"] for table in schema.tables.values() for key in table.foreign_keys}

    def cost(name: str) -> int:
        """Work per row: casting each field and looking up each foreign key."""
        table = schema.tables[name]
        return len(table.fields) + 2 * len(table.foreign_keys) + 2

    def divisible(name: str) -> bool:
        table = schema.tables[name]
        return (
            bool(table.primary_key)
            and name not in referred
            and not any(field.constraints.get("unique") for field in table.fields.values())
        )

    parts: list[list[Job]] = [[] for _ in range(count)]
    loads = [0] * count
    for job in sorted(whole, key=lambda job: job[2] * cost(job[0]), reverse=True):
        if not divisible(job[0]):
            lightest = loads.index(min(loads))
            parts[lightest].append(job)
            loads[lightest] += job[2] * cost(job[0])
    for name, _, size in whole:
        if divisible(name) and size:
            rows, first_key, per_row = tables.rows[name], schema.tables[name].primary_key[0], cost(name)
            target = (sum(loads) + size * per_row) / count
            start = 0
            for number, part in enumerate(sorted(range(count), key=loads.__getitem__)):
                stop = size if number == count - 1 else start + max(0, round((target - loads[part]) / per_row))
                while 0 < stop < size and rows[stop].get(first_key) == rows[stop - 1].get(first_key):
                    stop += 1
                stop = min(stop, size)
                if stop > start:
                    parts[part].append((name, start, stop))
                    loads[part] += (stop - start) * per_row
                    start = stop
    return [[(RULES, 0, 0)], *parts]


def _run_jobs(schema: Schema, tables: Tables, today: dt.date, jobs: list[Job]) -> list[Problem]:
    resources = [job for job in jobs if job[0] != RULES]
    problems = _frictionless(schema, tables, resources) if resources else []
    if any(job[0] == RULES for job in jobs):
        problems += record_problems(schema, tables, today)
    return problems


def _frictionless(schema: Schema, tables: Tables, jobs: list[Job]) -> list[Problem]:
    """The resources (or runs of their rows) through Frictionless, its errors in contributor words."""
    package = Package.from_descriptor(_with_data(schema, tables, jobs), basepath=".")
    if len(jobs) == len(schema.tables):
        reports = [package.validate(limit_errors=LIMIT_ERRORS)]
    else:
        reports = [package.validate(name=name, limit_errors=LIMIT_ERRORS) for name, _, _ in jobs]
    translator = _Translator(schema, tables, {name: start for name, start, _ in jobs})
    problems: list[Problem] = []
    for report in reports:
        for task in report.tasks:
            for error in task.errors:
                problem = translator.translate(schema.tables[str(task.name)], error)
                if problem:
                    problems.append(problem)
    return problems


def _with_data(schema: Schema, tables: Tables, jobs: list[Job]) -> dict[str, Any]:
    """The descriptor of the jobs' resources and those their foreign keys refer to, rows inline as lists.

    A resource that is only referred to (it is validated in a job of its own) keeps just the
    fields that the foreign keys look up: Frictionless reads every row of it for each foreign
    key, and the other fields would be cast and checked there for nothing.
    """
    runs = {name: (start, stop) for name, start, stop in jobs}
    referred: dict[str, set[str]] = {}
    for name in runs:
        for key in schema.tables[name].foreign_keys:
            referred.setdefault(key["reference"]["resource"], set()).update(key["reference"]["fields"])
    descriptor = frictionless_descriptor(schema)
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in runs or r["name"] in referred]
    for resource in descriptor["resources"]:
        rows = tables.rows[resource["name"]]
        if resource["name"] in runs:
            start, stop = runs[resource["name"]]
            rows = rows[start:stop] if (start, stop) != (0, len(rows)) else rows
        else:
            keys = referred[resource["name"]]
            resource["schema"] = {"fields": [f for f in resource["schema"]["fields"] if f["name"] in keys]}
        header = [f["name"] for f in resource["schema"]["fields"]]
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
    def __init__(self, schema: Schema, tables: Tables, starts: dict[str, int]) -> None:
        self.schema = schema
        self.tables = tables
        self.starts = starts
        """Where in its table each resource's rows begin (a job may hold a run of a table's rows)."""

    def translate(self, table: Table, error: Error) -> Problem | None:
        if not isinstance(error, errors.RowError):
            return Problem("datapackage.json", 1, 1, table.name, f"the schema itself is broken: {error.message}")
        index = self.starts.get(table.name, 0) + error.row_number - 2
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


def validate_directory(
    root: Path, today: dt.date | None = None, only: str | None = None
) -> tuple[Tables, list[Problem]]:
    """Load, normalise and check every record under ``root``; return the tables and all problems."""
    schema = load_schema()
    with parallel.paused_gc():
        tables, problems = normalise(root, schema, only)
        problems += check_tables(schema, tables, today or dt.date.today())
        return tables, sort_problems(problems)
