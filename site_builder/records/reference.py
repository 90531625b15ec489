"""The field reference for contributors, generated from the descriptor."""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.records.schema import Field, Schema, Table

KINDS = (
    ("cities", "City", "cities/<state>/<city>.yml: a city, its officeholders and its elections."),
    ("candidates", "Candidate", "candidates/<state>/<city>/<person>.yml: a person running in that city."),
    ("organizations", "Organisation", "organizations/<organisation>.yml: an organisation that endorses candidates."),
    ("topics", "Topic", "topics/<topic>.yml: an entry of the platform topic vocabulary."),
    (
        "questionnaires",
        "Questionnaire",
        "questionnaires/<state>/<city>/<questionnaire>.yml: questions sent to the candidates for some offices of "
        "one election; the answers are in the candidates' records.",
    ),
    ("states", "State", "states/<state>.yml: a state's official links for voters."),
    ("sources", "Source", "A `source` or an item of `sources`: an https address, or a citation with these fields."),
)


@dataclass(frozen=True)
class FieldDoc:
    name: str
    description: str
    rules: str
    example: str


@dataclass(frozen=True)
class Part:
    key: str
    anchor: str
    description: str
    fields: list[FieldDoc]


@dataclass(frozen=True)
class Kind:
    anchor: str
    title: str
    where: str
    parts: list[Part]


def _rules(schema: Schema, table: Table, field: Field) -> str:
    words = []
    if field.required:
        words.append("required")
    words.append(
        {
            "string": "text",
            "integer": "whole number",
            "number": "number",
            "boolean": "true or false",
            "date": "date (YYYY-MM-DD)",
        }.get(field.type, field.type)
    )
    constraints = field.constraints
    if field.fuzzy_date:
        words.append("date (YYYY-MM-DD), partial date allowed (YYYY-MM or YYYY)")
        words.remove("text")
    elif "pattern" in constraints and "https" in constraints["pattern"]:
        words.append("an https:// address")
    if "enum" in constraints:
        words.append("one of: " + ", ".join(constraints["enum"]))
    if "maxLength" in constraints:
        words.append(f"at most {constraints['maxLength']} characters")
    if "minimum" in constraints:
        words.append(f"at least {constraints['minimum']}")
    if "maximum" in constraints:
        words.append(f"at most {constraints['maximum']}")
    if field.name == "last_verified":
        words.append(
            f"more than {schema.stale_after_days} days before a build, the record's page says it may be out of date"
        )
    for key in table.foreign_keys:
        if field.name in key["fields"] and not field.derived:
            target = schema.tables[key["reference"]["resource"]]
            words.append(f"an id of a{'n' if target.noun[0] in 'aeiou' else ''} {target.noun}")
    return "; ".join(dict.fromkeys(words))


def _fields(schema: Schema, table: Table) -> list[FieldDoc]:
    docs = [FieldDoc(f.name, f.description, _rules(schema, table, f), f.example) for f in table.yaml_fields.values()]
    for child in schema.children(table.name):
        docs.append(FieldDoc(str(child.key), child.description, "list; see below", "- ..."))
    if table.cites == "sources":
        docs.append(FieldDoc("sources", "Where the record's facts come from.", "list of sources", "- https://..."))
    elif table.cites == "source":
        docs.append(FieldDoc("source", "Where this fact comes from.", "a source", "https://..."))
    return docs


def _parts(schema: Schema, table: Table, key: str) -> list[Part]:
    anchor = "" if key == table.folder or not table.parent else f"{table.key}-"
    parts = [Part(key, anchor, table.description, _fields(schema, table))]
    for child in schema.children(table.name):
        parts += _parts(schema, child, f"{key}[].{child.key}" if table.parent else str(child.key))
    return parts


def field_reference(schema: Schema) -> list[Kind]:
    """The record kinds, each with its fields and those of its nested lists."""
    kinds = []
    for name, title, where in KINDS:
        table = schema.tables[name]
        parts = _parts(schema, table, str(table.folder or name))
        kinds.append(Kind(name, title, where, parts))
    return kinds
