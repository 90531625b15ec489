"""The generic linker: the validated tables' rows as objects of the directory model, each linked to the rows
it names and listed in theirs, as the descriptor's keys say (:mod:`site_builder.records.keys`).

A table's rows become objects of its model class (or plain :class:`Row` objects, for a table the model has no
class for); every field of the class that the table also has is filled from the row, cast to its type.  A link
(a foreign key, or an ``x-record.refers``) fills the field of the class that holds an object of the target's
class (the field of the link's name, else the only one of that type), and the target's list of such objects
(the field named after the table or its list key, else the only list of that class); a table that only links
two kinds (a questionnaire's offices) fills each one's list of the other.  A row cites the sources of its place
in its record.  So a new table, or a new link, needs no code here.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from site_builder.directory import model
from site_builder.directory.model import Row, Source
from site_builder.records.keys import Reference, keys
from site_builder.records.schema import Schema, load_schema
from site_builder.records.tables import Origin, Tables

Models = Mapping[str, type[Row]]
"""The model class of each table that has one."""
Renamed = Mapping[type[Row], Mapping[str, str]]
"""The model's name for a field of its table, where it is not the field's own."""


class _Rows:
    """Builds model objects from rows: every field of a model class that the descriptor's table
    also has is filled from the row, cast to its type, so a new optional field needs no code here;
    every field of the row is also in the object's ``values``."""

    def __init__(self, tables: Tables, renamed: Renamed, schema: Schema | None = None) -> None:
        self.tables = tables
        self.renamed = renamed
        self.schema = schema or load_schema()
        sources: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for row in tables.rows["sources"]:
            sources[(row["record"], row.get("subject") or "")].append(row)
        self.sources = sources
        self.casts: dict[tuple[type[Row], str], _Casts] = {}

    def cited(self, record: str, subject: str = "") -> list[Source]:
        rows = sorted(self.sources.get((record, subject), []), key=lambda r: int(r["number"]))
        return [self.make(Source, "sources", r) for r in rows]

    def make(self, cls: type[_Model], table: str, row: dict[str, Any], **links: Any) -> _Model:
        key = (cls, table)
        casts = self.casts.get(key) or self.casts.setdefault(key, _casts(self.schema, cls, table, self.renamed))
        values = {name: cast(row.get(name)) for name, cast in casts.casts.items()}
        own = {
            name: values[column]
            for name, column in casts.own
            if name not in links and not (values[column] is None and name in casts.defaulted)
        }
        return cls(values=values, **own, **links)

    def each(self, table: str) -> Iterator[tuple[dict[str, Any], Origin]]:
        return zip(self.tables.rows[table], self.tables.origins[table], strict=True)


_Model = TypeVar("_Model", bound=Row)


@dataclass(frozen=True)
class _Casts:
    casts: dict[str, Callable[[Any], Any]]
    """Each field's cast from its text."""
    own: tuple[tuple[str, str], ...]
    """The fields the model class holds itself, each with the table's field it is filled from."""
    defaulted: frozenset[str]
    """The model's fields that have a default, which a value not given leaves as it is."""


def _casts(schema: Schema, cls: type[Row], table: str, names: Renamed) -> _Casts:
    fields = schema.tables[table].fields
    casts = {name: _cast(field.type, field.constraints) for name, field in fields.items()}
    renamed = names.get(cls, {})
    columns = [(f.name, renamed.get(f.name, f.name)) for f in dataclasses.fields(cls)]
    defaulted = frozenset(
        f.name
        for f in dataclasses.fields(cls)
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
    )
    return _Casts(casts, tuple((name, column) for name, column in columns if column in fields), defaulted)


def _cast(kind: str, constraints: dict[str, Any]) -> Callable[[Any], Any]:
    """A validated value from its text: a number as a number, true or false as a boolean, an empty
    value as None."""

    def empty(value: Any) -> bool:
        return value is None or value == ""

    if kind == "integer":
        return lambda value: None if empty(value) else int(value)
    if kind == "number":
        return lambda value: None if empty(value) else float(value)
    if kind == "boolean":
        return lambda value: None if empty(value) else str(value).strip().lower() in ("true", "1")
    return lambda value: None if empty(value) else value


@dataclass
class _Plan:
    """How the rows of one table are linked: each link's attribute on the row's object (None when the model
    does not hold it), and the list of the named object it joins (None when there is none)."""

    cls: type[Row]
    links: list[tuple[Reference, str | None, str | None]]
    joins: list[tuple[Reference, Reference, str]]
    """For a table that only links two kinds (questionnaires and the races they ask): the list of the first's
    object that the second's joins."""


class Linked:
    """Every row of the tables as an object of the model, linked as the descriptor's keys say
    (:mod:`site_builder.records.keys`)."""

    def __init__(self, tables: Tables, models: Models, renamed: Renamed, schema: Schema | None = None) -> None:
        self.models = models
        self.rows = _Rows(tables, renamed, schema)
        self.keys = keys(self.rows.schema)
        self.objects: dict[str, list[Row]] = {}
        self.indexes: dict[tuple[str, tuple[str, ...]], dict[tuple[Any, ...], Row]] = {}

    def index(self, table: str, fields: tuple[str, ...]) -> dict[tuple[Any, ...], Row]:
        """The objects of a table by the values of ``fields``."""
        found = self.indexes.get((table, fields))
        if found is None:
            found = self.indexes[(table, fields)] = {
                tuple(row.get(name) for name in fields): made
                for row, made in zip(self.rows.tables.rows[table], self.objects[table], strict=True)
            }
        return found

    def plan(self, table: str) -> _Plan:
        cls = self.models.get(table, Row)
        hints = _hints(cls)
        references = self.keys.references[table]
        links: list[tuple[Reference, str | None, str | None]] = []
        for ref in references:
            target = self.models.get(ref.target, Row)
            twins = sum(other.target == ref.target for other in references)
            attribute = _attribute(hints, target, ref.name, twins == 1) if cls is not Row else None
            links.append((ref, attribute, None))
        modelled = [ref for ref, attribute, _ in links if attribute or ref.parent]
        for number, (ref, attribute, _) in enumerate(links):
            target = self.models.get(ref.target, Row)
            if cls is Row or target is Row or ref not in modelled:
                continue
            own = [self.rows.schema.tables[table].key, table]
            alone = sum(other.target == ref.target for other in modelled) == 1
            back = next((name for name in own if name and _list_of(_hints(target), name) is cls), None)
            if back is None and alone:
                lists = [name for name in _hints(target) if _list_of(_hints(target), name) is cls]
                back = lists[0] if len(lists) == 1 else None
            links[number] = (ref, attribute, back)
        joins: list[tuple[Reference, Reference, str]] = []
        if cls is Row and len(references) == 2 and references[0].target != references[1].target:
            for one, other in (references, references[::-1]):
                hints_of = _hints(self.models.get(one.target, Row))
                if _list_of(hints_of, other.target) is self.models.get(other.target):
                    joins.append((one, other, other.target))
        return _Plan(cls, links, joins)

    def link(self) -> None:
        for table in self.keys.order:
            self.objects[table] = self.made(table)

    def made(self, table: str) -> list[Row]:
        plan = self.plan(table)
        schema_table = self.rows.schema.tables[table]
        cites = bool(schema_table.cites)
        cls = plan.cls
        fields = _hints(cls)
        extra = {name for name in ("slug", "path") if name in fields}
        made: list[Row] = []
        resolved = [
            (ref, ref.fields, self.index(ref.target, ref.target_fields), attribute, back)
            for ref, attribute, back in plan.links
        ]
        record_field = self.keys.record_field(table)
        folder = self.rows.schema.tables[self.rows.schema.record_kind(table)].folder
        for row, origin in self.rows.each(table):
            given: dict[str, Any] = {}
            named: list[tuple[Row, str]] = []
            plain: dict[str, Any] = {}
            for ref, names, index, attribute, back in resolved:
                target = index.get(tuple(row.get(name) for name in names))
                if attribute:
                    given[attribute] = target
                elif cls is Row and target is not None:
                    plain[ref.name] = target
                if back and target is not None:
                    named.append((target, back))
            if cites and ("sources" in fields or cls is Row):
                record = f"{folder}/{row[record_field]}" if record_field else None
                sources = self.rows.cited(record, origin.field_path) if record else []
                if cls is Row:
                    plain["sources"] = sources
                else:
                    given["sources"] = sources
            if "slug" in extra:
                given["slug"] = str(row["id"]).rsplit("/", 1)[-1]
            if "path" in extra:
                given["path"] = origin.path
            obj = self.rows.make(cls, table, row, **given)
            if plain:
                obj.linked.update(plain)
            for target, back in named:
                getattr(target, back).append(obj)
            if cls is Row:
                parent = self.keys.parent(table)
                for ref in self.keys.references[table]:
                    target = plain.get(ref.name)
                    if isinstance(target, Row):
                        name = str(schema_table.key) if parent is ref and schema_table.key else table
                        target.linked.setdefault(name, []).append(obj)
            for one, other, name in plan.joins:
                first = self.index(one.target, one.target_fields).get(tuple(row.get(f) for f in one.fields))
                second = self.index(other.target, other.target_fields).get(tuple(row.get(f) for f in other.fields))
                if first is not None and second is not None:
                    getattr(first, name).append(second)
            made.append(obj)
        return made


def link(tables: Tables, models: Models, renamed: Renamed, schema: Schema | None = None) -> Linked:
    """The tables' rows as linked objects of the model: ``objects`` holds each table's, in the table's order."""
    linked = Linked(tables, models, renamed, schema)
    linked.link()
    return linked


_HINTS: dict[type[Row], dict[str, Any]] = {}


def _hints(cls: type[Row]) -> dict[str, Any]:
    """The fields of a model class, with their types."""
    found = _HINTS.get(cls)
    if found is None:
        hints = get_type_hints(cls, vars(model))
        found = _HINTS[cls] = {f.name: hints[f.name] for f in dataclasses.fields(cls)}
    return found


def _attribute(hints: dict[str, Any], target: type[Row], name: str, only: bool) -> str | None:
    """The field of a model class that holds the object a link names: the field of the link's name when its
    type is the target's class, else the one field of that type when it is the class's only link there."""
    typed = [
        field
        for field, hint in hints.items()
        if hint is target or (get_origin(hint) in (Union, UnionType) and target in get_args(hint))
    ]
    if name in typed:
        return name
    return typed[0] if only and len(typed) == 1 and target is not Row else None


def _list_of(hints: dict[str, Any], name: str) -> type | None:
    """The class a field holds a list of, or None when it is not a list."""
    hint = hints.get(name)
    if get_origin(hint) is list:
        (item,) = get_args(hint)
        return item if isinstance(item, type) else None
    return None
