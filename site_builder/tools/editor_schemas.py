"""JSON Schemas for editors, generated from the Frictionless descriptor.

Each record kind (city, candidate, organization, topic) gets a draft 2020-12
schema in the repository's ``schema/`` folder. Records name it on their first
line (``# yaml-language-server: $schema=../../schema/city.schema.json``), so an
editor completes keys, shows each field's description and flags mistakes while
a contributor types. The descriptor stays the single source of truth: run
``site-builder schemas`` after changing it; a test fails while the committed
files are stale.

The strict loader reads every scalar as a string and the descriptor casts it,
but an editor types plain scalars the YAML 1.2 way: ``seats: 1`` is a number,
``incumbent: false`` a boolean, ``election: 2017`` a number. Each field therefore
accepts the text the validator reads and every native value that such a text
becomes in an editor, and an empty value (``bio:`` or ``bio: ""``) counts as
missing, as it does in the validator. The schemas never flag a record that
``site-builder validate`` accepts; the validator stays the authority for what
they cannot express (dates of the calendar, keys across records, freshness).

The schemas declare draft 2020-12 but use only keywords that mean the same in
draft-07, which yaml-language-server implements: no ``$ref`` with siblings, no
``prefixItems``, ``dependentRequired`` or ``unevaluatedProperties``. Patterns are
valid in both ECMA-262 (editors) and Python (the ``jsonschema`` package).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from site_builder.records.schema import Field, Schema, Table, load_schema

DRAFT = "https://json-schema.org/draft/2020-12/schema"
REGENERATE = "site-builder schemas"

INTEGER_TEXT = r"^\s*[+-]?[0-9]+(_[0-9]+)*\s*$"
"""What the validator reads as a whole number (Python's ``int`` of the stripped text)."""

NUMBER_TEXT = r"^\s*[+-]?([0-9]+(_[0-9]+)*(\.([0-9]+(_[0-9]+)*)?)?|\.[0-9]+(_[0-9]+)*)([eE][+-]?[0-9]+(_[0-9]+)*)?\s*$"
"""What the validator reads as a number (Python's ``Decimal`` of the stripped text)."""

DATE_TEXT = r"^[0-9]{4}-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12][0-9]|0[1-9]|[1-9]| [1-9])$"
"""What the validator reads as a date (``strptime`` with ``%Y-%m-%d``)."""

SMALL_RANGE = 100
"""Whole-number ranges up to this size are also checked on quoted numbers, by listing them."""

# Plain scalars of the YAML 1.2 core schema that are not strings, as an editor reads them.
_CORE_NULL = re.compile(r"null|Null|NULL|~|")
_CORE_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_CORE_INT = re.compile(r"[-+]?[0-9]+")
_CORE_OCTAL = re.compile(r"0o[0-7]+")
_CORE_HEX = re.compile(r"0x[0-9a-fA-F]+")
_CORE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")

# Texts to try a pattern with: if one matches, an editor may read that field as a number or boolean.
_PROBES = (
    *("1" * n for n in range(1, 19)),
    *("9" * n for n in range(1, 19)),
    *("2" + "0" * n for n in range(18)),
    "-1",
    "1.5",
    "0.5",
    "1e3",
    *_CORE_BOOL,
)


def editor_value(text: str) -> Any:
    """The value an editor (YAML 1.2 core schema) reads from a plain scalar."""
    if _CORE_NULL.fullmatch(text):
        return None
    if text in _CORE_BOOL:
        return _CORE_BOOL[text]
    if _CORE_INT.fullmatch(text):
        return int(text)
    if _CORE_OCTAL.fullmatch(text):
        return int(text[2:], 8)
    if _CORE_HEX.fullmatch(text):
        return int(text[2:], 16)
    if _CORE_FLOAT.fullmatch(text):
        return float(text)
    return text


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


def _types(*names: str) -> list[str]:
    """JSON types in a fixed order, without ``integer`` where ``number`` already covers it."""
    wanted = set(names)
    if "number" in wanted:
        wanted.discard("integer")
    return sorted(wanted)


def _unique(values: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for value in values:
        if not any(value == other and type(value) is type(other) for other in seen):
            seen.append(value)
    return seen


def _integer_text(minimum: int | None, maximum: int | None) -> str:
    """A pattern for whole numbers written as text; small ranges are listed so they are checked too."""
    if minimum is not None and maximum is not None and 0 <= minimum <= maximum and maximum - minimum < SMALL_RANGE:
        listed = "|".join(str(n) for n in range(maximum, minimum - 1, -1))
        return rf"^\s*\+?0*({listed})\s*$"
    return INTEGER_TEXT


def _pattern_natives(pattern: str) -> dict[str, Any]:
    """Types (and bounds) of the native values an editor reads from plain texts matching ``pattern``."""
    regex = re.compile(pattern)
    matching = [probe for probe in _PROBES if regex.search(probe)]
    values = [editor_value(probe) for probe in matching]
    result: dict[str, Any] = {"types": {_json_type(v) for v in values} - {"string", "null"}}
    digits = [len(probe) for probe in matching if probe.isdigit()]
    if result["types"] <= {"integer"} and digits:
        if not any(probe.startswith("-") for probe in matching):
            result["minimum"] = 0
        if max(digits) < 18:
            result["maximum"] = 10 ** max(digits) - 1
    return result


def _raw_fields(schema: Schema) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (resource["name"], field["name"]): field
        for resource in schema.descriptor["resources"]
        for field in resource["schema"]["fields"]
    }


def _value_schema(field: Field, raw: dict[str, Any]) -> dict[str, Any]:
    """What a field accepts when it is given, before missing values are considered."""
    constraints = field.constraints
    result: dict[str, Any]
    if field.type == "integer":
        minimum, maximum = constraints.get("minimum"), constraints.get("maximum")
        result = {"type": _types("integer", "string"), "pattern": _integer_text(minimum, maximum)}
        result.update({k: constraints[k] for k in ("minimum", "maximum") if k in constraints})
    elif field.type == "number":
        result = {"type": _types("number", "string"), "pattern": NUMBER_TEXT}
        result.update({k: constraints[k] for k in ("minimum", "maximum") if k in constraints})
    elif field.type == "boolean":
        texts = [
            *raw.get("trueValues", ["true", "True", "TRUE", "1"]),
            *raw.get("falseValues", ["false", "False", "FALSE", "0"]),
        ]
        result = {"enum": _unique([*(editor_value(t) for t in texts), *texts])}
    elif field.type == "date":
        result = {"type": "string", "pattern": DATE_TEXT}
    elif "enum" in constraints:
        texts = list(constraints["enum"])
        result = {"enum": _unique([*texts, *(editor_value(t) for t in texts)])}
    elif "pattern" in constraints:
        natives = _pattern_natives(constraints["pattern"])
        result = {"type": _types("string", *natives["types"]), "pattern": constraints["pattern"]}
        result.update({k: natives[k] for k in ("minimum", "maximum") if k in natives})
    else:
        result = {"type": _types("boolean", "number", "string")}
    if field.type == "string":
        result.update({k: constraints[k] for k in ("minLength", "maxLength") if k in constraints})
    return result


def _allow_missing(value: dict[str, Any]) -> dict[str, Any]:
    """Also accept an empty value, which the loader and the validator treat as missing."""
    result = dict(value)
    if "enum" in result:
        result["enum"] = _unique([*result["enum"], None, ""])
        return result
    types = result["type"] if isinstance(result["type"], list) else [result["type"]]
    result["type"] = _types(*types, "null")
    if "string" in types:
        if "pattern" in result:
            result["pattern"] = f"^$|{result['pattern']}"
        if result.get("minLength", 0) > 1:
            raise ValueError("an optional text with a minimum length above 1 needs its own rule for empty values")
        result.pop("minLength", None)
    return result


def _require_value(value: dict[str, Any]) -> dict[str, Any]:
    """A required text must not be empty: the validator reads an empty text as missing."""
    result = dict(value)
    types = result.get("type", [])
    if "string" in types and "pattern" not in result and "enum" not in result:
        result["minLength"] = max(1, result.get("minLength", 0))
    return result


def _example(field: Field, raw: dict[str, Any]) -> Any:
    if field.type in ("integer", "number"):
        return editor_value(field.example)
    if field.type == "boolean":
        return field.example in raw.get("trueValues", ["true"])
    return field.example


def _describe(text: str, hint: str = "") -> str:
    if hint:
        text = f"{text} {hint[0].upper()}{hint[1:]}."
    return text.strip()


def _field_schema(field: Field, raw: dict[str, Any], required: bool) -> dict[str, Any]:
    value = _value_schema(field, raw)
    result = _require_value(value) if required else _allow_missing(value)
    result["description"] = _describe(field.description, field.hint)
    if field.example:
        result["examples"] = [_example(field, raw)]
    if "pattern" in result and field.hint:
        # yaml-language-server shows this instead of the bare pattern when a value does not match.
        result["patternErrorMessage"] = f"{field.hint[0].upper()}{field.hint[1:]}"
    if isinstance(result.get("type"), list) and len(result["type"]) == 1:
        result["type"] = result["type"][0]
    return result


class _Builder:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.raw = _raw_fields(schema)
        self.sources = schema.sources

    def record(self, table: Table) -> dict[str, Any]:
        result = self.item(table)
        result = {
            "$schema": DRAFT,
            "$comment": f"Generated from site_builder/records/datapackage.json by `{REGENERATE}`; do not edit.",
            "title": f"{table.noun[0].upper()}{table.noun[1:]} record",
            "description": _describe(table.description),
            **result,
        }
        if self.cites(table):
            result["$defs"] = {"source": self.source()}
        return result

    def cites(self, table: Table) -> bool:
        return bool(table.cites) or any(self.cites(child) for child in self.schema.children(table.name))

    def item(self, table: Table) -> dict[str, Any]:
        children = {child.key: child for child in self.schema.children(table.name) if child.key}
        properties: dict[str, Any] = {}
        required: list[str] = []
        for key in self.schema.yaml_keys(table):
            if key in table.yaml_fields:
                field = table.yaml_fields[key]
                needed = field.required and not field.default_only  # a field left out may be filled in
                properties[key] = _field_schema(field, self.raw[(table.name, key)], needed)
                if needed:
                    required.append(key)
            elif key in children:
                child = children[key]
                min_items = child.min_items
                needed = min_items > 0
                properties[key] = {
                    "type": "array" if needed else ["array", "null"],
                    "description": _describe(child.description),
                    "items": {"title": f"{child.noun[0].upper()}{child.noun[1:]}", **self.item(child)},
                }
                if needed:
                    properties[key]["minItems"] = min_items
                    required.append(key)
            elif key == "sources":
                properties[key] = {
                    "type": ["array", "null"],
                    "description": "Where the facts of this record come from: each an https address or a citation.",
                    "items": {"$ref": "#/$defs/source"},
                }
            elif key == "source":
                properties[key] = {
                    "description": f"Where this {table.noun} comes from: an https address or a citation.",
                    "anyOf": [{"$ref": "#/$defs/source"}, {"type": "null"}],
                }
            else:
                raise ValueError(f"{table.name}: no JSON Schema rule for the key `{key}`")
        result: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": properties}
        if required:
            result["required"] = required
        return result

    def source(self) -> dict[str, Any]:
        table = self.sources
        fields = table.yaml_fields
        url = fields["url"]
        properties = {
            name: _field_schema(field, self.raw[(table.name, name)], required=False) for name, field in fields.items()
        }
        given = {"not": {"enum": [None, ""]}}
        return {
            "description": f"A source: an https address, or a citation with {', '.join(fields)}.",
            "oneOf": [
                {
                    "type": "string",
                    "description": _describe(url.description, url.hint),
                    "examples": [url.example],
                    **{k: url.constraints[k] for k in ("pattern", "maxLength") if k in url.constraints},
                    "patternErrorMessage": "Write the full https:// address, or a citation with a title and url",
                },
                {
                    "type": "object",
                    "description": "A citation: give at least its url or its title.",
                    "additionalProperties": False,
                    "properties": properties,
                    # A source needs an address or a title (checked by the validator too).
                    "anyOf": [
                        {"required": ["url"], "properties": {"url": given}},
                        {"required": ["title"], "properties": {"title": given}},
                    ],
                },
            ],
        }


def build_schemas(schema: Schema | None = None) -> dict[str, dict[str, Any]]:
    """The JSON Schema of every record kind, by file name (``city.schema.json``)."""
    schema = schema or load_schema()
    builder = _Builder(schema)
    return {f"{table.kind}.schema.json": builder.record(table) for table in schema.record_tables}


def render_schemas(schema: Schema | None = None) -> dict[str, str]:
    """The text of every schema file: sorted keys, two-space indent, trailing newline."""
    return {
        name: json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for name, document in build_schemas(schema).items()
    }


def stale_schemas(folder: Path, schema: Schema | None = None) -> list[str]:
    """File names in ``folder`` that are missing or differ from a fresh generation."""
    stale = []
    for name, text in render_schemas(schema).items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def write_schemas(folder: Path, schema: Schema | None = None) -> list[Path]:
    """Write every schema into ``folder`` (the repository's ``schema/``); return the files changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in render_schemas(schema).items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
