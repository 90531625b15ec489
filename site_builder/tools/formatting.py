"""The canonical layout of a record: fixed key order, one style, minimal diffs.

``site-builder fmt`` rewrites records in this layout and ``fmt --check`` fails
when a file differs from it, so every pull request diff shows only real changes.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.emitter import ScalarAnalysis

from site_builder.records.loader import MODELINE, NULLS, Mapping, Sequence, load_text
from site_builder.records.schema import Schema, Table

WIDTH = 100
FOLD_AFTER = 80


_ANALYSES: dict[tuple[str, bool], ScalarAnalysis] = {}
"""What the emitter found of each scalar it wrote (which styles it allows), by the scalar and whether the text
may hold any character: the keys, dates, offices and sources that every record repeats are looked at once."""


class _Dumper(yaml.SafeDumper):
    """Writes every scalar plain where YAML allows, as the strict loader reads it back as a string."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - no implicit types: every scalar stays a string

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def analyze_scalar(self, scalar: str) -> ScalarAnalysis:
        # The analysis depends on the scalar and allow_unicode alone, and the emitter only reads it.
        key = (scalar, bool(self.allow_unicode))
        analysis = _ANALYSES.get(key)
        if analysis is None:
            if len(_ANALYSES) >= 100_000:
                _ANALYSES.clear()
            analysis = _ANALYSES[key] = super().analyze_scalar(scalar)
        return analysis


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = ">" if len(value) > FOLD_AFTER and "\n" not in value else None
    if "\n" in value:
        style = "|"
    elif value in NULLS:
        style = '"'  # unquoted, the loader would read it as an empty value
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def canonical(schema: Schema, table: Table, data: Mapping) -> dict[str, Any]:
    """The record's fields in schema order, empty values left out, unknown keys kept last."""
    order = schema.yaml_keys(table)
    children = {child.key: child for child in schema.children(table.name)}
    result: dict[str, Any] = {}
    for key in sorted(data, key=lambda k: (order.index(k) if k in order else len(order), k)):
        value = data[key]
        if value is None or value == "" or (isinstance(value, list) and not value):
            continue
        if key in children and isinstance(value, Sequence):
            result[key] = [
                canonical(schema, children[key], item) if isinstance(item, Mapping) else item for item in value
            ]
        elif key == "sources" and isinstance(value, Sequence):
            result[key] = [_source(schema, item) for item in value]
        elif key == "source":
            result[key] = _source(schema, value)
        else:
            result[key] = value
    return result


def _source(schema: Schema, value: Any) -> Any:
    if isinstance(value, Mapping):
        ordered = {
            k: value[k] for k in (*schema.source_keys, *sorted(value)) if k in value and value[k] not in (None, "")
        }
        return ordered["url"] if list(ordered) == ["url"] else ordered
    return value


def plain(value: Any) -> Any:
    """Loaded YAML (mappings and sequences that remember their lines) as plain dicts and lists."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def dump(data: dict[str, Any]) -> str:
    """YAML text of a record in the canonical style (keys in the order given)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=WIDTH, default_flow_style=False)


def format_text(schema: Schema, table: Table, text: str, display: str) -> str | None:
    """The canonical text of a record, or None when the file cannot be read as a record.

    The first line is the editor's schema modeline of the record's kind (written when missing,
    corrected when it names another schema); the other leading comment lines are kept.
    """
    data, problems = load_text(text.removeprefix("\ufeff"), display)
    if data is None or problems:
        return None
    header = [table.modeline + "\n"]
    for line in text.removeprefix("\ufeff").splitlines():
        if not line.startswith("#"):
            break
        if not MODELINE.match(line):
            header.append(line + "\n")
    body = dump(plain(canonical(schema, table, data)))
    result = "".join(header) + body
    again, _ = load_text(result, display)
    if again is None or plain(canonical(schema, table, again)) != plain(canonical(schema, table, data)):
        return None
    return result
