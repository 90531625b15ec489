"""What the import tests share: variants of fixture records built from their data (a test changes the fields it
needs, not the text), a snapshot of a records tree, a record loaded as data, and an import run through the CLI."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from site_builder.adapters.cli import main
from site_builder.records.files import discover
from site_builder.records.loader import load_text
from site_builder.records.schema import load_schema
from site_builder.tools.formatting import canonical, format_text, plain

Edit = Callable[[dict[str, Any]], object]
"""A change to a record's data, made in place on the loaded mapping (its return value is ignored)."""


def change_record(root: Path, relative: str, edit: Edit) -> Path:
    """Rewrite the record ``root/relative`` with ``edit`` applied to its data, as `site-builder fmt` writes it.

    A test builds the variant of a fixture record it needs from the record's fields, not from its
    text, so a fixture edited for another test (a comment, a field moved or added) breaks nothing
    here. The test fails at once if the record does not load, if the edit changes nothing (it no
    longer finds what it changes) or if the result is not a record the canonical writer can write
    (every value is text, as the loader reads it: ``"2025"``, not ``2025``).
    """
    path = root / relative
    text = path.read_text(encoding="utf-8")
    data, problems = load_text(text, relative)
    if data is None or problems:
        pytest.fail(f"{relative}: the record to change does not load: {[p.as_text() for p in problems]}")
    before = plain(data)
    edited = copy.deepcopy(before)
    edit(edited)
    if edited == before:
        pytest.fail(f"{relative}: the change changed nothing; does the fixture still hold what it changes?")
    schema = load_schema()
    found, _ = discover(root, schema)
    tables = [record.table for record in found if record.path.resolve() == path.resolve()]
    if not tables:
        pytest.fail(f"{relative}: not a record file of any kind under {root}")
    header = itertools.takewhile(lambda line: line.startswith("#"), text.splitlines())
    comments = "".join(line + "\n" for line in header)
    unformatted = comments + yaml.safe_dump(edited, sort_keys=False, allow_unicode=True)
    result = format_text(schema, tables[0], unformatted, relative)
    if result is None:
        pytest.fail(f"{relative}: the changed record cannot be written as a record:\n{unformatted}")
    again, _ = load_text(result, relative)
    if again is None or plain(again) != plain(canonical(schema, tables[0], edited)):
        pytest.fail(f"{relative}: the changed record cannot be written as a record (values are text):\n{result}")
    path.write_text(result, encoding="utf-8")
    return path


Change = Callable[[Path, str, Edit], Path]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its relative path, with its bytes: what a test compares to see that nothing
    was written."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def load(root: Path, path: str) -> Any:
    """A record under ``root`` as plain data."""
    return yaml.safe_load((root / path).read_text(encoding="utf-8"))


TODAY = "2026-12-01"
"""The day the imports run on, unless a test gives another."""


def run_import(
    command: str,
    root: Path,
    *files: Path | str,
    dry_run: bool = False,
    extra: Sequence[str | Path] = (),
    today: str = TODAY,
) -> Result:
    """``site-builder import COMMAND`` of ``files`` into the records under ``root``, with the ``extra`` options,
    run through the real CLI. Whatever the outcome, it is a message and an exit code, never a traceback."""
    args = ["import", command, "--root", str(root), "--today", today, *(["--dry-run"] if dry_run else [])]
    result = CliRunner().invoke(main, [*args, *map(str, extra), *map(str, files)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result
