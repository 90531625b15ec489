"""The Frictionless descriptor: the single source of truth for every record rule.

This module reads ``schema/datapackage.json`` once and answers the questions the
rest of the pipeline asks of it: which tables exist, which YAML keys each record
kind accepts, which fields are derived from paths or parents, and what each
field means.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DESCRIPTOR_PATH = Path(__file__).parent / "schema" / "datapackage.json"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

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

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))


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
