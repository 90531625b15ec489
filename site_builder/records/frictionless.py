"""The records through Frictionless, its errors in contributor words.

Frictionless does the typing, constraints and keys; this module feeds it the
tables and turns each of its errors into a :class:`Problem` at the line the
value was typed on, with a hint where one helps.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from typing import Any

from frictionless import Error, FrictionlessException, Package, errors

from site_builder.records.problems import Code, Problem
from site_builder.records.schema import Schema, Table, frictionless_descriptor
from site_builder.records.tables import Origin, Tables

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
    ("candidacies",): "candidate",
}
SPLIT = "candidates"
"""The record kind whose files are checked in runs of their own (:mod:`parallel`): by far the most numerous."""


def frictionless_problems(schema: Schema, tables: Tables, names: list[str]) -> list[Problem]:
    """The named resources through Frictionless, its errors in contributor words."""
    translator = _Translator(schema, tables)
    descriptor = checked_descriptor(schema)
    problems = [translator.broken(str(error.message)) for error in _descriptor_errors(descriptor)]
    if problems:
        return problems
    package = Package.from_descriptor(_with_data(descriptor, tables, names), basepath=".")
    # Each resource on its own: the package's descriptor, the same on every run, is checked once above.
    reports = [package.get_resource(name).validate(limit_errors=LIMIT_ERRORS) for name in names if tables.rows[name]]
    for report in reports:
        for task in report.tasks:
            for error in task.errors:
                problem = translator.translate(schema.tables[str(task.name)], error)
                if problem:
                    problems.append(problem)
    return problems


def _descriptor_errors(descriptor: dict[str, Any]) -> list[Error]:
    """Frictionless' errors in ``descriptor`` itself, found once for each descriptor a process checks against."""
    text = json.dumps(descriptor, sort_keys=True)
    if text not in _CHECKED:
        # The rows are checked resource by resource; here only what describes them, each resource with no row.
        described = {**descriptor, "resources": [{**r, "data": []} for r in descriptor["resources"]]}
        try:
            Package.from_descriptor(described).to_descriptor(validate=True)
        except FrictionlessException as exception:
            _CHECKED[text] = exception.to_errors()
        else:
            _CHECKED[text] = []
    return _CHECKED[text]


_CHECKED: dict[str, list[Error]] = {}


PLACED = frozenset({"candidate", "person", "record", "subject", "number"})
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
        # A field named like a placed one that a contributor types (an officeholder's `candidate`) is not placed.
        placed = {name for name in PLACED if name not in schema.tables[resource["name"]].yaml_fields}
        if set(keys.get("primaryKey", [])) <= placed:
            keys.pop("primaryKey", None)
        keys["foreignKeys"] = [
            key
            for key in keys.get("foreignKeys", [])
            if not set(key["fields"]) <= placed and not _crosses(schema, resource["name"], key)
        ]
    return descriptor


def _crosses(schema: Schema, name: str, key: dict[str, Any]) -> bool:
    """Whether a foreign key points from another kind of record into a candidate's rows, which are checked
    in runs of their own: such a key is checked once the runs are joined (:func:`crossing_problems`)."""
    return schema.record_kind(name) != SPLIT and schema.record_kind(key["reference"]["resource"]) == SPLIT


def crossing_problems(schema: Schema, tables: Tables) -> list[Problem]:
    """The foreign keys from other kinds of record into candidates' rows (:func:`_crosses`), over all the tables."""
    translator = _Translator(schema, tables)
    problems: list[Problem] = []
    for table in schema.tables.values():
        for key in table.foreign_keys:
            if not _crosses(schema, table.name, key) or not tables.rows[table.name]:
                continue
            target = key["reference"]["resource"]
            known = {tuple(r.get(f) for f in key["reference"]["fields"]) for r in tables.rows[target]}
            for row, origin in zip(tables.rows[table.name], tables.origins[table.name], strict=True):
                values = tuple(row.get(f) for f in key["fields"])
                if all(values) and values not in known:
                    if target == "candidacies":
                        problems.append(translator.missing(table, row, origin, target))
                    else:
                        name = key["fields"][-1]
                        problems.append(translator.unknown_reference(origin, target, name, row.get(name)))
    return problems


def _with_data(checked: dict[str, Any], tables: Tables, names: list[str]) -> dict[str, Any]:
    """The ``checked`` descriptor of the named resources and those their foreign keys refer to, rows inline as
    lists.

    A resource that is only referred to keeps just the fields that the foreign keys look up:
    Frictionless reads every row of it for each foreign key, and the other fields would be
    cast and checked there for nothing.
    """
    descriptor = copy.deepcopy(checked)
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
            return self.broken(str(error.message), table.name)
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
                Code.NOT_UNIQUE,
                origin,
                field.name,
                f"`{error.cell}` is already used by another record",
                "each record needs its own value",
            )
        if isinstance(error, errors.CellError):
            return self.cell(table, row, table.fields[error.field_name], origin, error)
        return self.problem(Code.UNCHECKABLE, origin, "", f"this item cannot be checked: {error.message}")

    def broken(self, message: str, field: str = "") -> Problem:
        """The descriptor itself is invalid: a maintainer's problem, not a contributor's."""
        message = f"the schema itself is broken: {message}"
        return Problem("datapackage.json", 1, 1, field, message, code=Code.BROKEN_SCHEMA)

    def problem(self, code: Code, origin: Origin, name: str, message: str, hint: str = "") -> Problem:
        line, column = origin.at(name) if name else origin.mark
        field = origin.field(name) if name else origin.field_path
        return Problem(origin.path, line, column, field, message, hint, code=code)

    def cell(
        self, table: Table, row: dict[str, Any], field: Any, origin: Origin, error: errors.CellError
    ) -> Problem | None:
        value = error.cell
        name = field.name
        if isinstance(error, errors.TypeError):
            return self.problem(
                Code.WRONG_TYPE,
                origin,
                name,
                f"`{value}` is not {_TYPE_WORDS.get(field.type, field.type)}",
                field.hint or f"for example `{name}: {field.example}`",
            )
        match = _CONSTRAINT.search(error.note)
        constraint = match.group(1) if match else ""
        limit = field.constraints.get(constraint)
        if constraint == "required" and field.template is not None:
            return self.underived(table, row, field, origin)
        if constraint == "required":
            return self.problem(
                Code.REQUIRED,
                origin,
                name,
                "is required but missing",
                f"add `{name}: {field.example}`" if not field.derived else "",
            )
        if constraint == "enum":
            suggestion = difflib.get_close_matches(str(value).lower(), limit, n=1, cutoff=0.5)
            hint = f"did you mean `{suggestion[0]}`? " if suggestion else ""
            return self.problem(
                Code.NOT_ALLOWED,
                origin,
                name,
                f"`{value}` is not an allowed value",
                f"{hint}allowed: {', '.join(limit)}",
            )
        if constraint == "pattern":
            return self.problem(
                Code.WRONG_FORM,
                origin,
                name,
                f"`{value}` is not in the expected form",
                field.hint or f"for example `{field.example}`",
            )
        if constraint == "maxLength":
            return self.problem(
                Code.TOO_LONG, origin, name, f"is {len(str(value))} characters long; the limit is {limit}", "shorten it"
            )
        if constraint == "minLength":
            return self.problem(
                Code.EMPTY_VALUE, origin, name, "must not be empty", f"for example `{name}: {field.example}`"
            )
        if constraint in ("minimum", "maximum"):
            word = "at least" if constraint == "minimum" else "at most"
            return self.problem(
                Code.OUT_OF_RANGE, origin, name, f"`{value}` is out of range: it must be {word} {limit}"
            )
        if constraint == "unique":
            return self.problem(
                Code.NOT_UNIQUE,
                origin,
                name,
                f"`{value}` is already used by another record",
                "each record needs its own value",
            )
        return self.problem(Code.BROKEN_RULE, origin, name, f"`{value}` breaks the rule `{constraint}`")

    def underived(self, table: Table, row: dict[str, Any], field: Any, origin: Origin) -> Problem | None:
        """A derived field left empty: said of the value it is made from, which a contributor wrote.

        When that value is missing too, its own problem says so and this one is left out.
        """
        for name in field.template.names:
            value = row.get(name)
            if "." not in name and isinstance(value, str) and value:
                return self.problem(
                    Code.NO_ID_LETTERS,
                    origin,
                    name,
                    f"`{value}` has no letters or digits (a–z, 0–9) to make an id from",
                    f"write it with at least one letter a–z, such as `{table.fields[name].example}`",
                )
        return None

    def duplicate(self, table: Table, row: dict[str, Any], origin: Origin) -> Problem:
        own = [name for name in table.primary_key if not table.fields[name].derived]
        shown = own or [name for name in table.primary_key if name in ("id", "race")] or list(table.primary_key)
        values = ", ".join(f"{name} `{row.get(name)}`" for name in shown)
        return self.problem(
            Code.LISTED_TWICE,
            origin,
            "",
            f"this {table.noun} is listed twice ({values})",
            "remove or merge the repeated item",
        )

    def missing(self, table: Table, row: dict[str, Any], origin: Origin, target: str) -> Problem:
        """A count in a ranked-choice round for a candidate with no candidacy in its race."""
        assert target == "candidacies", target
        place = (row.get("city"), row.get("election"), row.get("race"))
        running = sorted(
            r["candidate"].rsplit("/", 1)[-1]
            for r in self.tables.rows["candidacies"]
            if (r.get("city"), r.get("election"), r.get("race")) == place
        )
        listed = ", ".join(running) if running else "none yet"
        value = row.get("candidate")
        return self.problem(
            Code.NOT_IN_RACE,
            origin,
            "candidate",
            f"`{value}` has no candidacy in this race ({row.get('race')}, {row.get('election')})",
            f"candidates with a candidacy in it: {listed}; "
            f"or add the candidacy to candidates/{row.get('city')}/{value}.yml",
        )

    def foreign_key(
        self, table: Table, row: dict[str, Any], origin: Origin, error: errors.ForeignKeyError
    ) -> Problem | None:
        target = error.reference_name
        name = _FK_FIELD.get((target,), error.field_names[-1])
        value = row.get(name)
        if target == "cities":
            return self.problem(
                Code.UNKNOWN_CITY,
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
                Code.UNKNOWN_ELECTION,
                origin,
                name,
                f"`{value}` is not one of the elections of {row.get('city')}",
                f"the city's elections are: {listed} (an election's id is its date, then its kind)",
            )
        if target == "candidacies":
            return self.missing(table, row, origin, target)
        if target == "candidates" and "city" in error.field_names:
            if str(value).count("/") == 2 and not str(value).startswith(f"{row.get('city')}/"):
                return None  # another city's candidate: the rules say so (other-city-candidate)
            return self.unknown_reference(origin, target, name, value, city=row.get("city"))
        if target == "questions":
            return self.unknown_question(row, origin)
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
                Code.NOT_ON_BALLOT,
                origin,
                name,
                f"`{value}` is not on the ballot of {row.get('election')}",
                f"offices on that ballot: {listed}; add it to the election's offices in cities/{row.get('city')}.yml",
            )
        return self.unknown_reference(origin, target, name, value)

    def unknown_question(self, row: dict[str, Any], origin: Origin) -> Problem:
        """An answer to a question its questionnaire does not ask, or to a questionnaire that has no record."""
        questionnaire, question = row.get("questionnaire"), row.get("question")
        if not any(r.get("id") == questionnaire for r in self.tables.rows["questionnaires"]):
            return self.unknown_reference(
                origin, "questionnaires", "questionnaire", questionnaire, city=row.get("city")
            )
        asked = [
            r["id"] for r in self.tables.rows["questions"] if r.get("questionnaire") == questionnaire and r.get("id")
        ]
        suggestion = difflib.get_close_matches(str(question), asked, n=1, cutoff=0.5)
        return self.problem(
            Code.UNKNOWN_QUESTION,
            origin,
            "question",
            f"`{question}` is not a question of {questionnaire}",
            f"did you mean `{suggestion[0]}`?"
            if suggestion
            else f"its questions are: {', '.join(asked) or 'none yet'}",
        )

    def unknown_reference(self, origin: Origin, target: str, name: str, value: Any, city: Any = None) -> Problem:
        """A value that names no record of the kind its field refers to (of the given ``city``, when one is)."""
        known = sorted(
            r["id"] for r in self.tables.rows[target] if r.get("id") and (city is None or r.get("city") == city)
        )
        suggestion = difflib.get_close_matches(str(value), known, n=1, cutoff=0.5)
        if suggestion:
            hint = f"did you mean `{suggestion[0]}`?"
        elif known and len(known) <= 40:
            hint = f"known {self.schema.tables[target].title.lower()}: {', '.join(known)}"
        else:
            hint = f"add `{self.schema.tables[target].folder}/{value}.yml` first"
        return self.problem(
            Code.UNKNOWN_REFERENCE, origin, name, f"unknown {self.schema.tables[target].noun} `{value}`", hint
        )
