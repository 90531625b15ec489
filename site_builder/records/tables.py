"""Normalise the records' nested YAML into flat tables.

Every row remembers the file and the lines it came from, so that a problem the
schema finds in a cell can be reported at the line a contributor typed it on.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from site_builder.records.files import RecordFile, discover
from site_builder.records.loader import Mapping, Mark, Sequence, load_file
from site_builder.records.problems import Code, Problem, did_you_mean
from site_builder.records.schema import Schema, Table


class Origin(NamedTuple):
    """Where a row came from: its file, where its mapping starts, where each value is.

    A named tuple: one is made for every row, and it is the quickest immutable record to make.
    """

    path: str
    mark: Mark
    marks: MappingType[str, Mark]
    """Where each value is; empty once the row has been checked in another process (see :func:`pack`)."""
    field_path: str

    def at(self, name: str) -> Mark:
        return self.marks.get(name, self.mark)

    def field(self, name: str) -> str:
        return f"{self.field_path}.{name}" if self.field_path else name


@dataclass
class Tables:
    """The normalised records: rows per table, each with its origin."""

    rows: dict[str, list[dict[str, Any]]]
    origins: dict[str, list[Origin]]
    files: list[str] = field(default_factory=list)

    def add(self, table: str, row: dict[str, Any], origin: Origin) -> None:
        self.rows[table].append(row)
        self.origins[table].append(origin)


class _Normaliser:
    def __init__(self, schema: Schema, tables: Tables) -> None:
        self.schema = schema
        self.tables = tables
        self.problems: list[Problem] = []
        self.allowed = {name: schema.yaml_keys(table) for name, table in schema.tables.items()}
        self.children = {name: {str(child.key): child for child in schema.children(name)} for name in schema.tables}
        self.plain = {
            name: frozenset(allowed) - set(self.children[name]) - {"sources", "source"}
            for name, allowed in self.allowed.items()
        }
        """The keys of each table that hold a single value of the row itself."""
        self.derived = {
            name: [(f.name, f.template) for f in table.fields.values() if f.template]
            for name, table in schema.tables.items()
        }
        """The fields of each table derived from a template (``x-template``), in field order."""
        self.source_keys = schema.source_keys
        self.multiline = {
            name: frozenset(f.name for f in table.fields.values() if f.multiline)
            for name, table in schema.tables.items()
        }
        """The fields of each table that may hold line breaks."""

    def record(self, record: RecordFile, data: Mapping) -> None:
        table = record.table
        path = {f"path.{name}": part for name, part in zip(table.path_names, record.parts, strict=True)}
        self.row(table, data, path.get, record.display, "", "")

    def row(
        self, table: Table, data: Mapping, outer: Callable[[str], Any], display: str, field_path: str, record_id: str
    ) -> dict[str, Any]:
        """One row from a mapping, with its sources and lists; ``outer`` looks up the template values
        from outside it (its file path, or the row it is listed in and its place in the list), and
        ``record_id`` is the record it is part of (empty for a record itself)."""
        row: dict[str, Any] = {}
        marks: dict[str, Mark] = {}
        plain = self.plain[table.name]
        value_marks = data.value_marks
        for key, value in data.items():
            if key in plain and not isinstance(value, (Mapping, Sequence)):
                row[key] = value
                marks[key] = value_marks[key]
                if value.__class__ is str and "\n" in value and key not in self.multiline[table.name]:
                    self.line_break(display, value_marks[key], f"{field_path}.{key}" if field_path else key)
            else:
                self.misplaced(table, data, key, display, field_path)
        derived = self.derived[table.name]
        if derived:

            def values(name: str) -> Any:
                return outer(name) if "." in name or name == "number" else row.get(name)

            for name, template in derived:
                row[name] = template.render(values)
        origin = Origin(display, data.mark, marks, field_path)
        self.tables.add(table.name, row, origin)
        record_id = record_id or f"{table.folder}/{row['id']}"
        if table.cites:
            self.sources(data, display, field_path, record_id)
        for key, child in self.children[table.name].items():
            items = data.get(key)
            if isinstance(items, Sequence):
                self.items(child, items, row, display, f"{field_path}.{key}" if field_path else key, record_id)
        return row

    def line_break(self, display: str, mark: Mark, where: str) -> None:
        self.problems.append(
            Problem(
                display,
                *mark,
                where,
                "a line break is not allowed here",
                "write the value on one line; only bio, position and description hold paragraphs",
                code=Code.LINE_BREAK,
            )
        )

    def misplaced(self, table: Table, data: Mapping, key: str, display: str, field_path: str) -> None:
        """Report a key that is not a plain field of the table, unless it is a list or source it may hold."""
        allowed = self.allowed[table.name]
        value = data[key]
        mark = data.value_marks.get(key, data.key_marks[key])
        where = f"{field_path}.{key}" if field_path else key
        if key not in allowed:
            hint = did_you_mean(key, allowed) or f"fields allowed here: {', '.join(allowed)}"
            self.problems.append(
                Problem(display, *data.key_marks[key], where, f"unknown field `{key}`", hint, code=Code.UNKNOWN_FIELD)
            )
        elif key in self.children[table.name] or key == "sources":
            if value is not None and not isinstance(value, Sequence):
                self.problems.append(
                    Problem(
                        display,
                        *mark,
                        where,
                        "expected a list of items, each starting with `- `",
                        "put each item on its own line after the field, starting with `- `",
                        code=Code.EXPECTED_LIST,
                    )
                )
        elif key != "source":
            kind = "a list" if isinstance(value, Sequence) else "a set of fields"
            self.problems.append(
                Problem(
                    display,
                    *mark,
                    where,
                    f"expected a single value, found {kind}",
                    "write the value on the same line as the field name",
                    code=Code.EXPECTED_VALUE,
                )
            )

    def items(
        self, table: Table, items: Sequence, parent: dict[str, Any], display: str, list_path: str, record_id: str
    ) -> None:
        for index, item in enumerate(items):
            item_path = f"{list_path}[{index + 1}]"
            if not isinstance(item, Mapping):
                fields = ", ".join(table.yaml_fields)
                self.problems.append(
                    Problem(
                        display,
                        *items.item_marks[index],
                        item_path,
                        "expected an item with fields",
                        f"write `- {next(iter(table.yaml_fields))}: ...` with the fields {fields}",
                        code=Code.EXPECTED_ITEM,
                    )
                )
                continue
            number = str(index + 1)

            def outer(name: str, number: str = number) -> Any:
                return number if name == "number" else parent.get(name[7:]) if name.startswith("parent.") else None

            self.row(table, item, outer, display, item_path, record_id)

    def sources(self, data: Mapping, display: str, field_path: str, record_id: str) -> None:
        subject = field_path
        if "source" in data:
            entries: list[tuple[Any, Mark]] = [
                (data["source"], data.value_marks.get("source", data.key_marks["source"]))
            ]
            paths = [f"{field_path}.source" if field_path else "source"]
        elif isinstance(data.get("sources"), Sequence):
            items = data["sources"]
            entries = list(zip(items, items.item_marks, strict=True))
            base = f"{field_path}.sources" if field_path else "sources"
            paths = [f"{base}[{i + 1}]" for i in range(len(items))]
        else:
            return
        for number, ((value, mark), path) in enumerate(zip(entries, paths, strict=True), start=1):
            row: dict[str, Any] = {"record": record_id, "subject": subject, "number": str(number)}
            marks: dict[str, Mark] = {}
            row_mark = mark
            if value is None:
                continue
            if isinstance(value, str):
                row["url"] = value
                if "\n" in value:
                    self.line_break(display, mark, path)
                marks["url"] = mark
            elif isinstance(value, Mapping):
                for key, item in value.items():
                    if key not in self.source_keys:
                        self.problems.append(
                            Problem(
                                display,
                                *value.key_marks[key],
                                f"{path}.{key}",
                                f"unknown field `{key}`",
                                did_you_mean(key, self.source_keys) or f"a source has {', '.join(self.source_keys)}",
                                code=Code.UNKNOWN_FIELD,
                            )
                        )
                    elif isinstance(item, (Mapping, Sequence)):
                        self.problems.append(
                            Problem(
                                display,
                                *value.value_marks[key],
                                f"{path}.{key}",
                                "expected a single value",
                                "write the value on the same line",
                                code=Code.EXPECTED_VALUE,
                            )
                        )
                    else:
                        row[key] = item
                        if isinstance(item, str) and "\n" in item:
                            self.line_break(display, value.value_marks[key], f"{path}.{key}")
                        marks[key] = value.value_marks[key]
                row_mark = value.mark
            else:
                self.problems.append(
                    Problem(
                        display,
                        *mark,
                        path,
                        "a source is an https address or a citation",
                        "write `- https://...` or a citation with title, publisher, date and url",
                        code=Code.BAD_SOURCE,
                    )
                )
                continue
            self.tables.add("sources", row, Origin(display, row_mark, marks, path))


def normalise(root: Path, schema: Schema, only: str | None = None) -> tuple[Tables, list[Problem]]:
    """Load every record under ``root`` into tables, in this process; return them with every problem found."""
    files, problems = discover(root, schema, only)
    loaded = load_records(schema, files)
    return loaded.tables, problems + loaded.problems


@dataclass
class Loaded:
    """A run of record files as tables, with the problems found in reading and checking them."""

    tables: Tables
    problems: list[Problem]


def load_records(schema: Schema, files: list[RecordFile], modelines: bool = False) -> Loaded:
    """Load and normalise a run of record files; with ``modelines``, a record that does not start
    with its kind's editor schema line is reported too (validation asks for it; the tables do not
    depend on it)."""
    tables = Tables({name: [] for name in schema.tables}, {name: [] for name in schema.tables})
    normaliser = _Normaliser(schema, tables)
    problems: list[Problem] = []
    for record in files:
        tables.files.append(record.display)
        data, load_problems = load_file(
            record.path,
            record.display,
            modeline=record.table.modeline if modelines else None,
            data=None if record.text is None else record.text.encode("utf-8"),
        )
        problems.extend(load_problems)
        if data is not None:
            normaliser.record(record, data)
    _fill_defaults(schema, tables)
    return Loaded(tables, problems + normaliser.problems)


def _fill_defaults(schema: Schema, tables: Tables) -> None:
    """Fill each field left out that has an ``x-default-only``: the one value the named field has
    among the rows listed in the same record (a record's own rows, so a run of files can be filled
    on its own)."""
    for table in schema.tables.values():
        for name, field_ in table.fields.items():
            if not field_.default_only:
                continue
            source, source_field = field_.default_only.split(".")
            link, source_link = table.parent_link(), schema.tables[source].parent_link()
            single: dict[str, str] = {}
            for row in tables.rows[source]:
                single.setdefault(row[source_link], row.get(source_field) or "")
                if single[row[source_link]] != row.get(source_field):
                    single[row[source_link]] = ""
            for row in tables.rows[table.name]:
                if not row.get(name) and single.get(row[link]):
                    row[name] = single[row[link]]


def load_record(schema: Schema, record: RecordFile, data: bytes) -> tuple[Tables, tuple[str, ...]] | None:
    """One record's rows from the bytes its file holds (as a commit of the history left it, say), with the
    record's fields in the order the file writes them; None when the loader refuses it (over the size limit,
    not UTF-8, not a record).  Its other problems are not reported: the rows are what can be read."""
    loaded, _ = load_file(record.path, record.display, data=data)
    if loaded is None:
        return None
    tables = Tables({name: [] for name in schema.tables}, {name: [] for name in schema.tables}, [record.display])
    _Normaliser(schema, tables).record(record, loaded)
    _fill_defaults(schema, tables)
    return tables, tuple(loaded)
