"""Validation: every record under a root loaded, normalised and checked, every problem found.

The stage's entry point.  The files are found (:mod:`files`), then loaded into
tables and checked with Frictionless and the project's rules on every core
(:mod:`parallel`); the rest of the pipeline sees tables in, problems out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from site_builder.records import parallel
from site_builder.records.files import discover, with_changes
from site_builder.records.problems import Problem, sort_problems
from site_builder.records.schema import load_schema
from site_builder.records.tables import Tables


def validate_directory(
    root: Path, today: dt.date | None = None, only: str | None = None, parts: int | None = None
) -> tuple[Tables, list[Problem]]:
    """Load, normalise and check every record under ``root`` (or, with ``only``, a one-city preview's);
    return the tables and all problems, sorted."""
    schema = load_schema()
    files, problems = discover(root, schema, only)
    tables, found = parallel.check(schema, files, today or dt.date.today(), parts)
    return tables, sort_problems(problems + found)


def validate_changes(root: Path, changes: dict[str, str], today: dt.date | None = None) -> tuple[Tables, list[Problem]]:
    """Every record under ``root`` checked as it would be with ``changes`` written (the new text of each
    record, by its path under the root), with nothing written: the tables and all problems, sorted."""
    schema = load_schema()
    found, problems = discover(root, schema)
    files, placed = with_changes(schema, found, changes)
    tables, checked = parallel.check(schema, files, today or dt.date.today())
    return tables, sort_problems(problems + placed + checked)


@contextmanager
def building() -> Iterator[None]:
    """Hold off the cycle collector while the validated tables become many long-lived objects (the directory
    model), as validation does while it makes the tables (:func:`parallel.paused_gc`, measured by
    ``benchmarks/tricks.py``): the one door through which a later stage uses the trick."""
    with parallel.paused_gc():
        yield
