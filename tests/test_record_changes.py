"""The record changer the tests build fixture variants with: it writes what `site-builder fmt` writes, or fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from record_changes import Change

from site_builder.records.schema import load_schema
from site_builder.tools.formatting import format_text

MINNEAPOLIS = "cities/mn/minneapolis.yml"


def test_a_change_is_written_in_the_canonical_layout_with_the_modeline(records: Path, change: Change) -> None:
    path = change(records, MINNEAPOLIS, lambda city: city.update(website="https://minneapolis.example.org/"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/city.schema.json\nname: Minneapolis\n")
    assert "website: https://minneapolis.example.org/\n" in text
    table = next(table for table in load_schema().record_tables if table.name == "cities")
    assert format_text(load_schema(), table, text, MINNEAPOLIS) == text


def test_a_change_that_changes_nothing_fails_the_test(records: Path, change: Change) -> None:
    before = (records / MINNEAPOLIS).read_bytes()
    with pytest.raises(pytest.fail.Exception, match="the change changed nothing"):
        change(records, MINNEAPOLIS, lambda city: city.update(name="Minneapolis"))
    assert (records / MINNEAPOLIS).read_bytes() == before


def test_a_change_the_writer_cannot_write_fails_the_test(records: Path, change: Change) -> None:
    before = (records / MINNEAPOLIS).read_bytes()
    with pytest.raises(pytest.fail.Exception, match="cannot be written as a record"):
        change(records, MINNEAPOLIS, lambda city: city.update(elections=[{"date": 2025}]))
    assert (records / MINNEAPOLIS).read_bytes() == before
