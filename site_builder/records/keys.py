"""The keys of every record kind and the links between kinds, derived from the descriptor alone.

The descriptor's primary keys, foreign keys and templates (``x-template``, ``x-record.path``) say
everything the rest of the pipeline needs to tell rows apart and to follow them from one kind to
another:

- a row's key (:meth:`Keys.row_key`): its primary key's values;
- a list item's key as written in a record (:meth:`Keys.item_key`): the primary key without what the
  item's parent fills, each derived part rendered from the item's own values (a candidacy by its
  election and race, a race by its office and district);
- a record's path from its id and its id from its path (:meth:`Keys.record_path`, :meth:`Keys.record_at`),
  and the record a row is written in (:meth:`Keys.record_id`, the ``record`` of its sources);
- the links between kinds (:class:`Reference`): each foreign key, and each link a record may make to a
  kind whose record need not exist (``x-record.refers``, not checked), in an order where every kind
  comes after the kinds it links to (:attr:`Keys.order`).

A new table in the descriptor gets its keys and links from here with no code: the directory model
links its rows (:mod:`site_builder.directory.build`), the importers' merge matches its list items
(:mod:`site_builder.importers.merge`) and the feeds tell its rows' changes (:mod:`history`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from site_builder.records.schema import Schema, Table, load_schema

Key = tuple[str, ...]
"""A key's values, as text in the key's order."""


@dataclass(frozen=True)
class Reference:
    """A link from the rows of ``table`` to a row of ``target``: the values of ``fields`` are those of
    the target's ``target_fields``."""

    table: str
    fields: tuple[str, ...]
    target: str
    target_fields: tuple[str, ...]
    parent: bool
    """Whether the rows are listed in the row they name (the target is the table's ``x-record.parent``)."""
    checked: bool = True
    """Whether validation checks it (a foreign key); an ``x-record.refers`` link may name no record."""

    @property
    def name(self) -> str:
        """What the link is called from the referring row: its last field, without ``_id``
        (``election``, ``race``, ``organization``, ``candidate``)."""
        return self.fields[-1].removesuffix("_id")


class Keys:
    """The keys and links of one descriptor."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema

    @cached_property
    def references(self) -> dict[str, tuple[Reference, ...]]:
        """Each table's links to other tables, in the descriptor's order: foreign keys, then ``refers``."""
        found: dict[str, tuple[Reference, ...]] = {}
        for table in self.schema.tables.values():
            links = [(key, True) for key in table.foreign_keys]
            links += [(key, False) for key in table.record.get("refers", ())]
            found[table.name] = tuple(
                Reference(
                    table.name,
                    tuple(key["fields"]),
                    key["reference"]["resource"],
                    tuple(key["reference"]["fields"]),
                    key["reference"]["resource"] == table.parent,
                    checked,
                )
                for key, checked in links
            )
        return found

    def referring(self, target: str) -> list[Reference]:
        """The links of every table to ``target``."""
        return [ref for refs in self.references.values() for ref in refs if ref.target == target]

    def parent(self, table: str) -> Reference | None:
        """The link of a list item's rows to the row they are listed in."""
        return next((ref for ref in self.references[table] if ref.parent), None)

    @cached_property
    def order(self) -> tuple[str, ...]:
        """Every table, each after the tables it links to (else in the descriptor's order)."""
        done: list[str] = []
        waiting = list(self.schema.tables)
        while waiting:
            ready = next(
                name
                for name in waiting
                if all(ref.target in done or ref.target == name for ref in self.references[name])
            )
            done.append(ready)
            waiting.remove(ready)
        return tuple(done)

    def primary_key(self, table: str) -> tuple[str, ...]:
        return self.schema.tables[table].primary_key

    def row_key(self, table: str, row: Mapping[str, Any]) -> Key:
        """A normalised row's key: its primary key's values."""
        return tuple("" if row.get(name) is None else str(row[name]) for name in self.primary_key(table))

    @cache  # noqa: B019 (one Keys per descriptor, kept for the run)
    def item_fields(self, table: str) -> tuple[str, ...] | None:
        """The fields of the primary key a list item is told apart by within its list: those its parent
        does not fill.  None when the key is the item's place in its list (``{number}``)."""
        fields = self.schema.tables[table].fields
        kept = []
        for name in self.primary_key(table):
            template = fields[name].template
            names = template.names if template else ()
            if "number" in names or (fields[name].derived and template is None):
                return None  # its place in the list, or filled in by the normaliser (a source's)
            if names and all(part.startswith(("parent.", "path.")) for part in names):
                continue
            kept.append(name)
        return tuple(kept)

    def item_key(self, table: str, item: Mapping[str, Any]) -> Key | None:
        """A list item's key as written in a record: each field of :meth:`item_fields` as given, or rendered
        from the item's own values when the descriptor derives it (a candidacy's ``race`` from its office
        and district).  None when the table's key is a place in the list."""
        names = self.item_fields(table)
        if names is None:
            return None
        fields = self.schema.tables[table].fields
        key = []
        for name in names:
            template = fields[name].template
            if template is None:
                value = item.get(name)
                key.append("" if value is None else str(value))
            else:
                rendered = template.render(lambda part: _text(item.get(part)))
                key.append(rendered or "")
        return tuple(key)

    @cache  # noqa: B019
    def record_field(self, table: str) -> str | None:
        """The field of a row that holds the id of the record it is written in: ``id`` for a record's own
        row, the parent link's field for a list item (``city`` for a race); None for the sources."""
        current = self.schema.tables[table]
        if current.folder:
            return "id"
        parent = self.parent(table)
        if parent is None:
            return None
        above = self.record_field(parent.target)
        if above is None or above not in parent.target_fields:
            return None
        return parent.fields[parent.target_fields.index(above)]

    def record_id(self, table: str, row: Mapping[str, Any]) -> str | None:
        """The record a row is written in, as its sources name it: its folder and id (``cities/mn/minneapolis``)."""
        field = self.record_field(table)
        if field is None:
            return None
        root = self.schema.tables[self.schema.record_kind(table)]
        return f"{root.folder}/{row[field]}"

    def record_path(self, table: str, record_id: str) -> str:
        """The path of a record's file from its id: ``candidates/mn/minneapolis/jane-doe.yml``."""
        kind = self.schema.tables[table]
        parts = dict(zip(kind.path_names, record_id.split("/"), strict=True))
        path = str(kind.record["path"])
        for name, part in parts.items():
            path = path.replace(f"{{{name}}}", part)
        return f"{kind.folder}/{path}"

    def record_at(self, path: str) -> tuple[Table, Key] | None:
        """The kind of record a path (relative to the records' root) holds and its path's parts, from the
        path alone; None for a path no record file can have (no pattern of names is checked here)."""
        parts = path.split("/")
        kind = next((t for t in self.schema.record_tables if t.folder == parts[0]), None)
        if kind is None or len(parts) - 1 != len(kind.path_names) or not parts[-1].endswith(".yml"):
            return None
        return kind, (*parts[1:-1], parts[-1][:-4])


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


_KEYS: dict[int, Keys] = {}


def keys(schema: Schema | None = None) -> Keys:
    """The keys of ``schema`` (the descriptor's, by default), made once for each descriptor."""
    schema = schema or load_schema()
    found = _KEYS.get(id(schema))
    if found is None or found.schema is not schema:
        found = _KEYS[id(schema)] = Keys(schema)
    return found


def whole_value(item: Any) -> str:
    """An item's whole value as text, the same for the same value: how an item whose key is only its place
    in a list is told apart."""
    return json.dumps(item, sort_keys=True, ensure_ascii=False, default=str)
