"""The Frictionless descriptor: the single source of truth for every record rule.

This module reads ``datapackage.json`` (beside it) once and answers the questions the
rest of the pipeline asks of it: which tables exist, which YAML keys each record
kind accepts, which fields are derived from paths or parents, and what each
field means.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from site_builder.records.ids import Template, path_names

DESCRIPTOR_PATH = Path(__file__).parent / "datapackage.json"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SCHEMA_FOLDER = "schema"
"""The folder, at the top of the repository, that holds the editors' JSON Schemas."""
MODELINE_PREFIX = "# yaml-language-server: $schema="
"""How a record's first line names its editor schema (yaml-language-server's modeline)."""

STATES = {
    "al": "Alabama",
    "ak": "Alaska",
    "az": "Arizona",
    "ar": "Arkansas",
    "ca": "California",
    "co": "Colorado",
    "ct": "Connecticut",
    "de": "Delaware",
    "dc": "District of Columbia",
    "fl": "Florida",
    "ga": "Georgia",
    "hi": "Hawaii",
    "id": "Idaho",
    "il": "Illinois",
    "in": "Indiana",
    "ia": "Iowa",
    "ks": "Kansas",
    "ky": "Kentucky",
    "la": "Louisiana",
    "me": "Maine",
    "md": "Maryland",
    "ma": "Massachusetts",
    "mi": "Michigan",
    "mn": "Minnesota",
    "ms": "Mississippi",
    "mo": "Missouri",
    "mt": "Montana",
    "ne": "Nebraska",
    "nv": "Nevada",
    "nh": "New Hampshire",
    "nj": "New Jersey",
    "nm": "New Mexico",
    "ny": "New York",
    "nc": "North Carolina",
    "nd": "North Dakota",
    "oh": "Ohio",
    "ok": "Oklahoma",
    "or": "Oregon",
    "pa": "Pennsylvania",
    "ri": "Rhode Island",
    "sc": "South Carolina",
    "sd": "South Dakota",
    "tn": "Tennessee",
    "tx": "Texas",
    "ut": "Utah",
    "vt": "Vermont",
    "va": "Virginia",
    "wa": "Washington",
    "wv": "West Virginia",
    "wi": "Wisconsin",
    "wy": "Wyoming",
    "as": "American Samoa",
    "gu": "Guam",
    "mp": "Northern Mariana Islands",
    "pr": "Puerto Rico",
    "vi": "U.S. Virgin Islands",
}
"""USPS codes of the states, DC and the territories, with their names."""


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    example: str
    derived: str
    hint: str
    fuzzy_date: bool
    constraints: dict[str, Any]
    template: Template | None = None
    """How the value is derived (``x-template``), for a field the loader fills in."""
    default_only: str = ""
    """``table.field`` (``x-default-only``): when left out, the one value that field has among the
    record's rows of that table, if they all agree."""
    requires: dict[str, Any] = field(default_factory=dict)
    """``x-requires``: the fields that must be given with this one, and what to say when one is not."""

    not_after_today: bool = False
    """``x-not-after-today``: a date that cannot be later than the day the records are checked."""
    multiline: bool = False
    """``x-multiline``: the value may hold line breaks (Markdown paragraphs); no other field may."""
    labels: dict[str, str] = field(default_factory=dict)
    """``x-labels``: how an allowed value is shown, where capitalising it is not enough."""
    order: tuple[str | None, ...] = ()
    """The order values sort in on the site: ``x-order``, or else the allowed values', then none."""
    sequence: int | None = None
    """``x-sequence``: the first item of the list holds this number and each next one the number after."""

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    def rank(self, value: str | None) -> int:
        """A value's place in :attr:`order`; a value not listed sorts last."""
        return self.order.index(value) if value in self.order else len(self.order)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: dict[str, Field]
    record: dict[str, Any]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[dict[str, Any], ...]

    @property
    def noun(self) -> str:
        """What one row is called in messages: ``candidacy``, ``organisation``."""
        return str(self.record.get("noun", self.name))

    @property
    def folder(self) -> str | None:
        return self.record.get("folder")

    @property
    def parent(self) -> str | None:
        return self.record.get("parent")

    @property
    def key(self) -> str | None:
        """The list key under which the parent record holds rows of this table."""
        return self.record.get("key")

    @property
    def cites(self) -> str | None:
        """``sources`` (a list), ``source`` (a single one) or None."""
        return self.record.get("cites")

    @property
    def path_names(self) -> tuple[str, ...]:
        """The names of the parts of a record's file path, such as ``("state", "city")``."""
        return path_names(self.record.get("path", ""))

    @property
    def city_local(self) -> bool:
        """Whether a record of this kind belongs to one city: its path starts with the state and city folders."""
        return self.path_names[:2] == ("state", "city")

    @property
    def min_items(self) -> int:
        """How many rows of this table each row of its parent must have."""
        return int(self.record.get("min_items", 0))

    @property
    def must_cite(self) -> dict[str, Any] | None:
        """When a row must cite a source of its own (``x-record.must_cite``, with the hint to give when
        one does not): always, or, with ``when_any``, when any of its fields is given (``null``) or has
        one of the listed values; None when it need not."""
        return self.record.get("must_cite")

    @property
    def kind(self) -> str:
        """A record kind as written in file names and commands: ``city``, ``organization``."""
        folder = str(self.folder)
        return f"{folder[:-3]}y" if folder.endswith("ies") else folder.removesuffix("s")

    @property
    def modeline(self) -> str:
        """The first line of a record of this kind: the editor's schema, relative to the record's file."""
        depth = self.record.get("path", "").count("/") + 1
        return f"{MODELINE_PREFIX}{'../' * depth}{SCHEMA_FOLDER}/{self.kind}.schema.json"

    def parent_link(self) -> str:
        """The field holding the id of the row this one is listed in."""
        return next(f.name for f in self.fields.values() if f.template and f.template.text == "{parent.id}")

    @property
    def yaml_fields(self) -> dict[str, Field]:
        return {name: field for name, field in self.fields.items() if not field.derived}


@dataclass(frozen=True)
class Schema:
    descriptor: dict[str, Any]
    tables: dict[str, Table]

    @property
    def record_tables(self) -> list[Table]:
        """Tables whose rows are whole files (cities, candidates, ...)."""
        return [t for t in self.tables.values() if t.folder]

    @property
    def stale_after_days(self) -> int:
        """``x-stale-after-days``: how many days after its ``last_verified`` a record may be out of date.

        Validation warns of a candidate so long unchecked while on an upcoming ballot, and every page of a
        record so long unchecked says so, as of the day it is built."""
        return int(self.descriptor["x-stale-after-days"])

    @property
    def sources(self) -> Table:
        """The table of sources, which every kind of record that cites fills."""
        return next(t for t in self.tables.values() if t.record.get("sources"))

    @property
    def source_keys(self) -> tuple[str, ...]:
        """The fields a contributor may write in a citation, in canonical order."""
        return tuple(self.sources.yaml_fields)

    @cached_property
    def labels(self) -> dict[str, str]:
        """Every value's label (``x-labels``) across the descriptor: a value reads the same everywhere."""
        return {
            value: text
            for table in self.tables.values()
            for f in table.fields.values()
            for value, text in f.labels.items()
        }

    def label(self, value: str | None) -> str:
        """How an allowed value is shown: its ``x-labels`` entry, or its words capitalised."""
        if not value:
            return ""
        return self.labels.get(value, value.replace("-", " ").capitalize())

    def record_kind(self, name: str) -> str:
        """The kind of record (a table with a folder) whose files hold the rows of this table; the
        sources' own name for the sources, which every kind fills."""
        table = self.tables[name]
        while table.parent:
            table = self.tables[table.parent]
        return table.name

    def children(self, parent: str) -> list[Table]:
        return [t for t in self.tables.values() if t.parent == parent]

    def yaml_keys(self, table: Table) -> list[str]:
        """Every key a record or list item of this table may carry, in canonical order."""
        fields = [name for name in table.yaml_fields if name != "last_verified"]
        children = [child.key for child in self.children(table.name) if child.key]
        cites = [table.cites] if table.cites else []
        last = ["last_verified"] if "last_verified" in table.yaml_fields else []
        return fields + children + cites + last


def _field(descriptor: dict[str, Any]) -> Field:
    return Field(
        name=descriptor["name"],
        type=descriptor.get("type", "string"),
        description=descriptor.get("description", ""),
        example=str(descriptor.get("example", "")),
        derived=descriptor.get("x-derived", ""),
        hint=descriptor.get("x-hint", ""),
        fuzzy_date=bool(descriptor.get("x-fuzzy-date")),
        constraints=descriptor.get("constraints", {}),
        template=Template(descriptor["x-template"]) if "x-template" in descriptor else None,
        default_only=descriptor.get("x-default-only", ""),
        requires=descriptor.get("x-requires", {}),
        not_after_today=bool(descriptor.get("x-not-after-today")),
        multiline=bool(descriptor.get("x-multiline")),
        labels=descriptor.get("x-labels", {}),
        order=tuple(descriptor.get("x-order", [*descriptor.get("constraints", {}).get("enum", []), None])),
        sequence=descriptor.get("x-sequence"),
    )


@cache
def load_schema(path: Path = DESCRIPTOR_PATH) -> Schema:
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    tables = {}
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        tables[resource["name"]] = Table(
            name=resource["name"],
            title=resource.get("title", resource["name"]),
            description=resource.get("description", ""),
            fields={f["name"]: _field(f) for f in schema["fields"]},
            record=resource.get("x-record", {}),
            primary_key=tuple(schema.get("primaryKey", ())),
            foreign_keys=tuple(schema.get("foreignKeys", ())),
        )
    return Schema(descriptor, tables)


def frictionless_descriptor(schema: Schema) -> dict[str, Any]:
    """The descriptor without the project's own ``x-`` properties, for Frictionless and downloads."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if not k.startswith("x-")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(schema.descriptor)  # type: ignore[no-any-return]
