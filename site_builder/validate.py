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
    return _frictionless(schema, tables, list(schema.tables))


def check_tables(schema: Schema, tables: Tables, today: dt.date) -> list[Problem]:
    """Frictionless over every table, then the project's own rules; a large directory on every core.

    Each resource is one job (its foreign keys still see every resource) and the rules of
    :mod:`checks` are another.  For a large directory the resources are shared out among
    one worker process per core while this process applies the rules: Frictionless objects
    hold reference cycles over every row, and they go away with the workers.
    """
    parts = _share_out(schema, tables, parallel.part_count(len(tables.files)))
    found = parallel.run_parts(functools.partial(_run_jobs, schema, tables, today), parts)
    return [problem for problems in found for problem in problems]


RULES = "rules"
"""The job name of the project's own rules (:func:`checks.record_problems`)."""


def _share_out(schema: Schema, tables: Tables, count: int) -> list[list[str]]:
    """All jobs in one part; or the rules first, then the resources in ``count`` parts of about equal work."""
    if count < 2:
        return [[*schema.tables, RULES]]
    work = {
        name: len(tables.rows[name]) * (len(table.fields) + 2 * len(table.foreign_keys) + 2)
        for name, table in schema.tables.items()
    }
    parts: list[list[str]] = [[] for _ in range(count)]
    loads = [0] * count
    for name in sorted(work, key=lambda name: work[name], reverse=True):
        lightest = loads.index(min(loads))
        parts[lightest].append(name)
        loads[lightest] += work[name]
    return [[RULES], *parts]


def _run_jobs(schema: Schema, tables: Tables, today: dt.date, jobs: list[str]) -> list[Problem]:
    names = [job for job in jobs if job != RULES]
    problems = _frictionless(schema, tables, names) if names else []
    if RULES in jobs:
        problems += record_problems(schema, tables, today)
    return problems


def _frictionless(schema: Schema, tables: Tables, names: list[str]) -> list[Problem]:
    """The named resources through Frictionless, its errors in contributor words."""
    package = Package.from_descriptor(_with_data(schema, tables, names), basepath=".")
    if len(names) == len(schema.tables):
        reports = [package.validate(limit_errors=LIMIT_ERRORS)]
    else:
        reports = [package.validate(name=name, limit_errors=LIMIT_ERRORS) for name in names]
    translator = _Translator(schema, tables)
    problems: list[Problem] = []
    for report in reports:
        for task in report.tasks:
            for error in task.errors:
                problem = translator.translate(schema.tables[str(task.name)], error)
                if problem:
                    problems.append(problem)
    return problems


def _with_data(schema: Schema, tables: Tables, names: list[str]) -> dict[str, Any]:
    """The descriptor of the named resources and those their foreign keys refer to, rows inline as lists."""
    needed = set(names)
    needed.update(key["reference"]["resource"] for name in names for key in schema.tables[name].foreign_keys)
    descriptor = frictionless_descriptor(schema)
    descriptor["resources"] = [resource for resource in descriptor["resources"] if resource["name"] in needed]
    for resource in descriptor["resources"]:
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


def validate_directory(
    root: Path, today: dt.date | None = None, only: str | None = None
) -> tuple[Tables, list[Problem]]:
    """Load, normalise and check every record under ``root``; return the tables and all problems."""
    schema = load_schema()
    with parallel.paused_gc():
        tables, problems = normalise(root, schema, only)
        problems += check_tables(schema, tables, today or dt.date.today())
        return tables, sort_problems(problems)
