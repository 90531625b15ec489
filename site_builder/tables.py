"""Find the record files and normalise their nested YAML into flat tables.

Every row remembers the file and the lines it came from, so that a problem the
schema finds in a cell can be reported at the line a contributor typed it on.
"""

from __future__ import annotations

import difflib
import marshal
import os
import re
import unicodedata
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from .loader import Mapping, Mark, Sequence, load_file
from .problems import Problem, Severity
from .schema import SLUG_PATTERN, STATES, Schema, Table

_SLUG = re.compile(SLUG_PATTERN)
_WORDS = re.compile(r"[a-z0-9]+")
SOURCE_KEYS = ("url", "title", "author", "publisher", "date")


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: ``Ward 3`` becomes ``ward-3``, ``José`` becomes ``jose``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(_WORDS.findall(ascii_text.lower()))


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


@dataclass(frozen=True)
class RecordFile:
    table: Table
    path: Path
    display: str
    parts: tuple[str, ...]


def discover(root: Path, schema: Schema) -> tuple[list[RecordFile], list[Problem]]:
    """List the record files under each record folder, rejecting misplaced or misnamed ones."""
    found: list[RecordFile] = []
    problems: list[Problem] = []
    for table in schema.record_tables:
        folder = root / str(table.folder)
        expected = table.record["path"]
        depth = expected.count("/") + 1
        for dirpath, dirnames, filenames in os.walk(folder):
            here = Path(dirpath)
            shown, inner = here.relative_to(root).as_posix(), here.relative_to(folder).parts
            links = [d for d in dirnames if (here / d).is_symlink()]
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in links)
            for name in sorted(filenames + links):
                path = here / name
                display = f"{shown}/{name}"
                if name.startswith(".") and not name.endswith((".yml", ".yaml")):
                    continue  # .gitkeep and the like
                if path.is_symlink():
                    problems.append(
                        Problem(
                            display,
                            1,
                            1,
                            "",
                            "records must be real files and folders, not links",
                            "replace the link with the file itself",
                        )
                    )
                    continue
                parts = (*inner, name)
                problem = _check_place(display, parts, depth, f"{table.folder}/{expected}")
                if problem:
                    problems.append(problem)
                else:
                    found.append(RecordFile(table, path, display, (*parts[:-1], parts[-1][:-4])))
    return found, problems


def _check_place(display: str, parts: tuple[str, ...], depth: int, expected: str) -> Problem | None:
    name = parts[-1]
    if name.endswith(".yaml"):
        return Problem(display, 1, 1, "", "record files end in `.yml`", f"rename it to {name[:-5]}.yml")
    if not name.endswith(".yml"):
        return Problem(display, 1, 1, "", "this folder holds only `.yml` records", f"records live at {expected}")
    if len(parts) != depth:
        return Problem(
            display,
            1,
            1,
            "",
            f"the file is not where a record of this kind belongs: {expected}",
            "move it to the right folder",
        )
    stem = name[:-4]
    for index, part in enumerate((*parts[:-1], stem)):
        if not _SLUG.match(part):
            return Problem(
                display,
                1,
                1,
                "",
                f"`{part}` is not a valid id: use lowercase letters, digits and single hyphens",
                f"rename it to `{slugify(part) or 'a-name'}`",
            )
        if index == 0 and depth > 1 and part not in STATES:
            return Problem(
                display,
                1,
                1,
                "",
                f"`{part}` is not a state: the first folder is the lowercase USPS code",
                _did_you_mean(part, STATES) or "for example `mn` for Minnesota",
            )
    return None


def _did_you_mean(value: str, choices: Any) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


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

    def record(self, record: RecordFile, data: Mapping) -> None:
        table = record.table
        context = _record_context(table.name, record.parts)
        folder = str(table.folder)
        self.row(table, data, context, record.display, "", f"{folder}/{context['id']}")

    def row(
        self, table: Table, data: Mapping, context: dict[str, Any], display: str, field_path: str, record_id: str
    ) -> dict[str, Any]:
        row: dict[str, Any] = {}
        marks: dict[str, Mark] = {}
        plain = self.plain[table.name]
        value_marks = data.value_marks
        for key, value in data.items():
            if key in plain and not isinstance(value, (Mapping, Sequence)):
                row[key] = value
                marks[key] = value_marks[key]
            else:
                self.misplaced(table, data, key, display, field_path)
        fields = table.fields
        for key, value in context.items():
            if key in fields:
                row[key] = value
        _derive(table.name, row)
        origin = Origin(display, data.mark, marks, field_path)
        self.tables.add(table.name, row, origin)
        if table.cites:
            self.sources(data, display, field_path, record_id)
        for key, child in self.children[table.name].items():
            items = data.get(key)
            if isinstance(items, Sequence):
                child_context = _child_context(table.name, row)
                self.items(
                    child, items, child_context, display, f"{field_path}.{key}" if field_path else key, record_id
                )
        return row

    def misplaced(self, table: Table, data: Mapping, key: str, display: str, field_path: str) -> None:
        """Report a key that is not a plain field of the table, unless it is a list or source it may hold."""
        allowed = self.allowed[table.name]
        value = data[key]
        mark = data.value_marks.get(key, data.key_marks[key])
        where = f"{field_path}.{key}" if field_path else key
        if key not in allowed:
            hint = _did_you_mean(key, allowed) or f"fields allowed here: {', '.join(allowed)}"
            self.problems.append(Problem(display, *data.key_marks[key], where, f"unknown field `{key}`", hint))
        elif key in self.children[table.name] or key == "sources":
            if value is not None and not isinstance(value, Sequence):
                self.problems.append(
                    Problem(
                        display,
                        *mark,
                        where,
                        "expected a list of items, each starting with `- `",
                        "put each item on its own line after the field, starting with `- `",
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
                )
            )

    def items(
        self, table: Table, items: Sequence, context: dict[str, Any], display: str, list_path: str, record_id: str
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
                    )
                )
                continue
            self.row(table, item, {**context, "number": str(index + 1)}, display, item_path, record_id)

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
                marks["url"] = mark
            elif isinstance(value, Mapping):
                for key, item in value.items():
                    if key not in SOURCE_KEYS:
                        self.problems.append(
                            Problem(
                                display,
                                *value.key_marks[key],
                                f"{path}.{key}",
                                f"unknown field `{key}`",
                                _did_you_mean(key, SOURCE_KEYS) or f"a source has {', '.join(SOURCE_KEYS)}",
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
                            )
                        )
                    else:
                        row[key] = item
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
                    )
                )
                continue
            self.tables.add("sources", row, Origin(display, row_mark, marks, path))


def _record_context(table: str, parts: tuple[str, ...]) -> dict[str, Any]:
    if table == "cities":
        return {"id": f"{parts[0]}/{parts[1]}", "state": parts[0]}
    if table == "candidates":
        return {"id": "/".join(parts), "city": f"{parts[0]}/{parts[1]}"}
    return {"id": parts[-1]}


def _child_context(table: str, row: dict[str, Any]) -> dict[str, Any]:
    if table == "cities":
        return {"city": row["id"]}
    if table == "elections":
        return {"city": row["city"], "election": row.get("id")}
    if table == "candidates":
        return {"candidate": row["id"], "city": row["city"]}
    return {}


def _derive(table: str, row: dict[str, Any]) -> None:
    """Fill the fields that come from other fields rather than from the record."""
    if table == "elections":
        date, kind = _text(row.get("date")), _text(row.get("kind"))
        row["id"] = f"{date}-{kind}" if date and kind else date or None
    elif table == "races":
        row["id"] = _race_id(row) or None
    elif table == "candidacies":
        row["race"] = _race_id(row) or None


def _race_id(row: dict[str, Any]) -> str:
    office, district = slugify(_text(row.get("office"))), slugify(_text(row.get("district")))
    return f"{office}-{district}" if office and district else office


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def select(files: list[RecordFile], only: str | None) -> list[RecordFile]:
    """The files of a one-city preview (``only`` is a city id such as ``mn/minneapolis``): other
    cities and their candidates are left out.  Without ``only``, every file."""
    if not only:
        return files
    local = ("cities", "candidates")
    return [f for f in files if f.table.name not in local or "/".join(f.parts[:2]) == only]


def normalise(root: Path, schema: Schema, only: str | None = None) -> tuple[Tables, list[Problem]]:
    """Load every record under ``root`` into tables, in this process; return them with every problem found."""
    files, problems = discover(root, schema)
    loaded = load_records(schema, select(files, only))
    return loaded.tables, problems + loaded.problems


@dataclass
class Loaded:
    """A run of record files as tables, with the problems found in reading and checking them."""

    tables: Tables
    problems: list[Problem]


def load_records(schema: Schema, files: list[RecordFile]) -> Loaded:
    """Load and normalise a run of record files."""
    tables = Tables({name: [] for name in schema.tables}, {name: [] for name in schema.tables})
    normaliser = _Normaliser(schema, tables)
    problems: list[Problem] = []
    for record in files:
        tables.files.append(record.display)
        data, load_problems = load_file(record.path, record.display)
        problems.extend(load_problems)
        if data is not None:
            normaliser.record(record, data)
    _fill_endorsement_elections(tables)
    return Loaded(tables, problems + normaliser.problems)


def merge(runs: list[Tables]) -> Tables:
    """Tables of consecutive runs of files, joined in order."""
    tables = Tables({name: [] for name in runs[0].rows}, {name: [] for name in runs[0].rows})
    for run in runs:
        tables.files += run.files
        for name in tables.rows:
            tables.rows[name] += run.rows[name]
            tables.origins[name] += run.origins[name]
    return tables


def pack(loaded: Loaded) -> bytes:
    """A checked run as plain values in ``marshal`` bytes: twice as quick to send between processes as a pickle.

    Every problem in the run has been found, so its rows' origins travel without the
    position of each value, which only a problem report needs (a third of the bytes).
    """
    tables = loaded.tables
    origins = {name: [(o.path, o.mark, o.field_path) for o in found] for name, found in tables.origins.items()}
    problems = [(p.path, p.line, p.column, p.field, p.message, p.hint, p.severity.value) for p in loaded.problems]
    return marshal.dumps((tables.files, tables.rows, origins, problems))


def unpack(data: bytes) -> Loaded:
    files, rows, origins, problems = marshal.loads(data)  # noqa: S302 (from our own worker)
    places = {name: [Origin(path, mark, _CHECKED, at) for path, mark, at in found] for name, found in origins.items()}
    tables = Tables(rows, places, files)
    return Loaded(
        tables,
        [
            Problem(path, line, column, field, message, hint, Severity(severity))
            for path, line, column, field, message, hint, severity in problems
        ],
    )


_CHECKED: MappingType[str, Mark] = MappingProxyType({})
"""The value positions of a row checked in another process: no longer needed, so not sent."""


def _fill_endorsement_elections(tables: Tables) -> None:
    """An endorsement without an election means the candidate's only one (the candidate's own records
    hold both, so a run of files can be filled on its own)."""
    single: dict[str, str] = {}
    for row in tables.rows["candidacies"]:
        single.setdefault(row["candidate"], row.get("election") or "")
        if single[row["candidate"]] != row.get("election"):
            single[row["candidate"]] = ""
    for row in tables.rows["endorsements"]:
        if not row.get("election") and single.get(row["candidate"]):
            row["election"] = single[row["candidate"]]
