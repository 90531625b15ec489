"""The field reference documents every field, because it is generated from the descriptor."""

from __future__ import annotations

import datetime as dt
import html

from test_pages import FIXTURE

from site_builder.directory.build import build_directory
from site_builder.records.schema import load_schema
from site_builder.records.validate import validate_directory
from site_builder.site.pages import Settings, build_pages


def test_every_field_has_a_description_and_an_example() -> None:
    missing = [
        f"{table.name}.{field.name}"
        for table in load_schema().tables.values()
        for field in table.fields.values()
        if not field.description or not field.example
    ]
    assert missing == []


def test_every_yaml_key_of_every_record_kind_is_on_the_reference_page() -> None:
    tables, _ = validate_directory(FIXTURE, dt.date(2026, 11, 21))
    pages = {p.path: p for p in build_pages(build_directory(tables), Settings(today=dt.date(2026, 11, 21)))}
    body = html.unescape(pages["contributing/fields/index.md"].body)
    schema = load_schema()
    undocumented = []
    for table in schema.tables.values():
        keys = schema.yaml_keys(table) if table.name != "sources" else list(schema.source_keys)
        for key in keys:
            if f"<code>{key}</code>" not in body:
                undocumented.append(f"{table.name}: {key}")
    assert undocumented == []
    assert "one of: announced, qualified, withdrawn, advanced, advanced-to-runoff, won, lost" in body
    assert "<code>elections[].offices</code>" in body
