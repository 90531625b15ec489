"""An import as a list of typed differences from the records on disk, reviewed before anything is written.

An importer states the records it would write (:class:`Incoming`); :func:`plan` compares each
with the file on disk and returns the differences: a file to add, an item to append to a list,
a value to replace.  The same plan is printed by ``--dry-run`` and applied by :func:`write`,
which writes every file through the canonical writer, only once the whole plan is known, and
writes all of them or none (:mod:`transaction`).

A merge only adds: list items are matched by their key in the descriptor (:mod:`site_builder.records.keys`:
an election by its id, a race by its office and district, a candidacy by its election and race), or by the
key the importer gives the items of a list whose key is only an item's place (a source by its address, an
officeholder by their Open Civic Data id), and only the values the importer owns are replaced, so what a
person wrote by hand (a bio, a platform, endorsements, photos, sources, other candidacies) is never touched.
The one item a merge takes out is one the importer joins into another of the same list, as it found both to
be one item (two Open States files of one person): :attr:`Incoming.joined`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.importers import transaction
from site_builder.records.files import record_paths
from site_builder.records.keys import keys, whole_value
from site_builder.records.loader import MAX_BYTES, Mapping, Sequence, load_file
from site_builder.records.realfiles import read_bytes, refusal
from site_builder.records.schema import Schema, Table, load_schema
from site_builder.tools.formatting import canonical, dump, plain

ItemKey = Callable[[Table, dict[str, Any] | str], str | None]
"""The importer's identity of a list item, given the item's table: for a list whose descriptor key is only an
item's place (sources, officeholders); None to match the item by its key in the descriptor."""
Owned = Callable[[str, Any], bool]
"""Whether the importer may replace the value at a field path, given the value on disk."""


class MergeError(ValueError):
    """A record on disk cannot be merged into; the message names the file."""


def listed(root: Path, folder: str) -> list[Path]:
    """The record files in ``folder`` under ``root``, as :func:`files.record_paths` lists them; a record
    that is a link, a pipe, a device or lies outside the root raises :class:`MergeError` naming it."""
    found, refused = record_paths(root, folder)
    if refused:
        raise MergeError(refused[0].as_text())
    return found


@dataclass(frozen=True)
class AddFile:
    path: str
    data: dict[str, Any]


@dataclass(frozen=True)
class AppendItem:
    path: str
    field: str
    item: Any
    key: str


@dataclass(frozen=True)
class ReplaceValue:
    path: str
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class RemoveItem:
    path: str
    field: str
    key: str
    into: str
    """The key of the item it is joined into."""


Difference = AddFile | AppendItem | ReplaceValue | RemoveItem


@dataclass(frozen=True)
class Incoming:
    """A record an importer would write: its path under the root, its table and its data."""

    path: str
    table: str
    data: dict[str, Any]
    joined: tuple[tuple[str, str, str], ...] = ()
    """Items of the record's lists on disk that the import joins into another item of the same list:
    (the list's field, the key of the item taken out, the key of the item it is joined into)."""


@dataclass
class Plan:
    differences: list[Difference] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    """The new text of every file the plan adds or changes, by path."""


def plan(root: Path, incoming: list[Incoming], key: ItemKey, owned: Owned, schema: Schema | None = None) -> Plan:
    """The differences between the records on disk under ``root`` and the incoming ones."""
    schema = schema or load_schema()
    result = Plan()
    for record in sorted(incoming, key=lambda r: r.path):
        table = schema.tables[record.table]
        target = root / record.path
        refused = refusal(target, record.path, root)
        if refused:
            raise MergeError(refused.as_text())
        if not target.exists():
            result.differences.append(AddFile(record.path, record.data))
            result.texts[record.path] = table.modeline + "\n" + text_of(schema, table, record.data)
            continue
        data, unread = read_bytes(target, record.path, MAX_BYTES, root)
        if data is None:
            raise MergeError(unread.as_text() if unread else record.path)
        loaded, problems = load_file(target, record.path, data=data)
        if loaded is None or problems:
            line = problems[0].line if problems else 1
            raise MergeError(f"{record.path}:{line}: cannot merge into this record until it loads; run `validate`")
        text = data.decode("utf-8")
        existing = plain(loaded)
        merged = copy.deepcopy(existing)
        merge = _Merge(schema, record.path, key, owned)
        merge.values("", table, merged, record.data)
        for name, gone, into in record.joined:
            items = merged.get(name)
            listed = merge.table(table, name)
            found = [merge.match(listed, item) for item in items] if isinstance(items, list) else []
            if gone in found and into in found:
                del merged[name][found.index(gone)]
                merge.found.append(RemoveItem(record.path, name, gone, into))
        if merge.found:
            result.differences.extend(merge.found)
            header = "".join(line + "\n" for line in _header(text))
            result.texts[record.path] = header + text_of(schema, table, merged)
    return result


class _Merge:
    """Merges the incoming data of one record into the data on disk, noting each difference in ``found``.

    A list item is matched by its key: the importer's, else the descriptor's (:meth:`Keys.item_key`), else
    (an item whose descriptor key is only its place) its whole value."""

    def __init__(self, schema: Schema, path: str, key: ItemKey, owned: Owned) -> None:
        self.schema, self.keys, self.path, self.key, self.owned = schema, keys(schema), path, key, owned
        self.found: list[Difference] = []

    def table(self, table: Table | None, name: str) -> Table | None:
        """The table of the items of the list ``name`` of a row of ``table``."""
        if table is None:
            return None
        if name == table.cites:
            return self.schema.sources
        return next((child for child in self.schema.children(table.name) if child.key == name), None)

    def match(self, table: Table | None, item: Any) -> str:
        if table is not None:
            given = self.key(table, item)
            if given is not None:
                return given
            found = self.keys.item_key(table.name, item) if isinstance(item, dict) else None
            if found is not None:
                return "|".join(found)
        return whole_value(item)

    def values(self, at: str, table: Table | None, existing: dict[str, Any], new: dict[str, Any]) -> None:
        for name, value in new.items():
            here = f"{at}.{name}" if at else name
            old = existing.get(name)
            if isinstance(value, list):
                if not isinstance(old, list):
                    old = existing[name] = [] if old is None else old
                if isinstance(old, list):
                    self.items(here, self.table(table, name), old, value)
            elif old is None:
                existing[name] = value
                self.found.append(ReplaceValue(self.path, here, None, value))
            elif old != value and self.owned(here, old):
                existing[name] = value
                self.found.append(ReplaceValue(self.path, here, old, value))

    def items(self, at: str, table: Table | None, existing: list[Any], new: list[Any]) -> None:
        index = {self.match(table, item): number for number, item in enumerate(existing)}
        for item in new:
            key = self.match(table, item)
            number = index.get(key)
            if number is None:
                existing.append(item)
                index[key] = len(existing) - 1
                self.found.append(AppendItem(self.path, at, item, key))
            elif isinstance(item, dict) and isinstance(existing[number], dict):
                self.values(f"{at}[{number + 1}]", table, existing[number], item)


def _header(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def text_of(schema: Schema, table: Table, data: dict[str, Any]) -> str:
    """The record's text in the canonical layout, as ``site-builder fmt`` writes it."""
    return dump(plain(canonical(schema, table, _loaded(data))))


def _loaded(value: Any) -> Any:
    """Plain data in the loader's containers, which the canonical layout orders."""
    if isinstance(value, dict):
        mapping = Mapping((1, 1))
        mapping.update({k: _loaded(v) for k, v in value.items()})
        return mapping
    if isinstance(value, list):
        sequence = Sequence((1, 1))
        sequence.extend(_loaded(v) for v in value)
        return sequence
    return value


def write(root: Path, result: Plan) -> int:
    """Write every file the plan adds or changes, or none (:func:`transaction.write`); the number written."""
    return transaction.write(root, result.texts)
