"""Shared fixtures: the small valid record directory, bad-input overlays, a record writer and a record changer."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from record_changes import Change, change_record

from site_builder.adapters import cli
from site_builder.records.problems import Problem

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_TODAY = dt.date(2025, 10, 15)
"""The day the fixture records are checked on: the Minneapolis 2025-11-04 election is upcoming."""


@pytest.fixture
def today() -> dt.date:
    return FIXTURE_TODAY


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/records, the small valid directory."""
    root = tmp_path / "records"
    shutil.copytree(FIXTURES / "records", root)
    return root


@pytest.fixture
def bad_root(records: Path) -> Callable[[str], Path]:
    """The valid records with one case of tests/fixtures/bad/<case>/ laid over them."""

    def overlay(case: str) -> Path:
        shutil.copytree(FIXTURES / "bad" / case, records, dirs_exist_ok=True)
        return records

    return overlay


@pytest.fixture
def write() -> Callable[[Path, str, str], Path]:
    """Write a record from an indented string: ``write(root, "topics/x.yml", '''...''')``."""

    def write_record(root: Path, relative: str, text: str) -> Path:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write_record


@pytest.fixture
def change() -> Change:
    """Rewrite a record with a change to its data: ``change(root, "cities/x.yml", lambda r: r.update(...))``."""
    return change_record


@dataclass(frozen=True)
class CaseRun:
    root: Path
    result: Result
    """The `site-builder validate --today 2025-10-15` run on the case."""
    problems: list[Problem] | None
    """What validate_directory returned to that run (None if it never returned)."""


@pytest.fixture(scope="session")
def bad_case_run(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], CaseRun]:
    """Validate each bad case once per session, through the command, keeping the problems it was given.

    Validation is the slow step (Frictionless), so test_validate (the problems) and test_cli (the
    command's output and exit) share one run per case; validate_directory is only observed, not replaced.
    """
    runs: dict[str, CaseRun] = {}

    def run(case: str) -> CaseRun:
        if case not in runs:
            root = tmp_path_factory.mktemp(case) / "records"
            shutil.copytree(FIXTURES / "records", root)
            shutil.copytree(FIXTURES / "bad" / case, root, dirs_exist_ok=True)
            returned: list[list[Problem]] = []
            real = cli.validate_directory

            def observed(*args: Any, **kwargs: Any) -> Any:
                tables, problems = real(*args, **kwargs)
                returned.append(problems)
                return tables, problems

            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(cli, "validate_directory", observed)
                args = ["validate", "--root", str(root), "--today", FIXTURE_TODAY.isoformat()]
                result = CliRunner().invoke(cli.main, args, env={"GITHUB_ACTIONS": None})
            runs[case] = CaseRun(root, result, returned[0] if returned else None)
        return runs[case]

    return run
