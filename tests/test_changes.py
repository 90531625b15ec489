"""The pull-request summary: record files added, changed and removed since a base, with the warnings."""

from __future__ import annotations

import datetime as dt
import subprocess
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.adapters.cli import main
from site_builder.records.problems import Code, Problem, Severity
from site_builder.records.schema import load_schema
from site_builder.tools.changes import LIMIT, Change, ChangesError, change_summary, code, record_changes, render

TODAY = dt.date(2026, 11, 21)


def git(root: Path, *args: str) -> str:
    command = [
        "git",
        "-C",
        str(root),
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@example.org",
        "-c",
        "commit.gpgsign=false",
        "-c",
        "init.defaultBranch=main",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def write(root: Path, relative: str, text: str, modeline: bool = True) -> None:
    """Write a file; a record starts with its kind's editor schema line unless ``modeline`` is false."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    tables = {table.folder: table for table in load_schema().record_tables}
    table = tables.get(relative.split("/", maxsplit=1)[0])
    first = table.modeline + "\n" if table and modeline else ""
    path.write_text(first + textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose `main` holds three records (one without its schema line) and a README; HEAD
    branches off it."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "--quiet")
    write(root, "README.md", "# Records\n")
    write(root, "topics/transit.yml", "name: Transit\ndescription: Buses and trains.\n")
    write(root, "topics/housing.yml", "name: Housing\ndescription: Rents and building.\n")
    write(
        root,
        "organizations/riders-union.yml",
        """
        name: Riders Union
        kind: advocacy-group
        sources:
          - https://riders.example.org/
        last_verified: 2026-11-01
    """,
        modeline=False,
    )
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "Base records")
    git(root, "checkout", "--quiet", "-b", "change")
    return root


def test_added_changed_and_removed_records_are_listed(repo: Path) -> None:
    write(repo, "topics/transit.yml", "name: Transit\ndescription: Buses, trains and bike lanes.\n")
    (repo / "topics/housing.yml").unlink()
    write(repo, "topics/parks.yml", "name: Parks\ndescription: Green space.\n")
    write(repo, "README.md", "# Records, changed\n")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "Change records")
    write(repo, "organizations/tenants.yml", "name: Tenants\nkind: union\n")  # not yet committed
    assert record_changes(repo, "main") == [
        Change("organizations/tenants.yml", "added"),
        Change("topics/housing.yml", "removed"),
        Change("topics/parks.yml", "added"),
        Change("topics/transit.yml", "changed"),
    ]


def test_changes_on_the_base_after_the_branch_point_are_not_listed(repo: Path) -> None:
    git(repo, "checkout", "--quiet", "main")
    write(repo, "topics/schools.yml", "name: Schools\ndescription: Public schools.\n")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "Another change on main")
    git(repo, "checkout", "--quiet", "change")
    write(repo, "topics/transit.yml", "name: Transit\ndescription: Buses only.\n")
    assert record_changes(repo, "main") == [Change("topics/transit.yml", "changed")]


def test_no_changes(repo: Path) -> None:
    assert record_changes(repo, "main") == []
    text = change_summary(repo, "main", TODAY)
    assert "No record files changed compared with `main`." in text
    assert "3 files checked: 0 errors, 1 warning." in text


def test_summary_lists_the_warnings_of_the_touched_records_first(repo: Path) -> None:
    write(
        repo, "organizations/tenants.yml", "name: Tenants\nkind: union\nsources:\n  - https://t.example.org/\n", False
    )
    text = change_summary(repo, "main", TODAY)
    assert "Compared with `main`: 1 added, 0 changed, 0 removed." in text
    assert "**Added**\n\n- `organizations/tenants.yml`" in text
    touched, _, elsewhere = text.partition("In other records:")
    assert "In the records this change touches:" in touched
    assert "organizations/tenants.yml:1:1: warning: the file does not start with the editor's schema line" in touched
    assert "riders-union" not in touched
    assert "organizations/riders-union.yml:1:1: warning: the file does not start with the editor's schema line" in (
        elsewhere
    )
    assert "4 files checked: 0 errors, 2 warnings." in text


def test_summary_shows_errors_of_the_touched_records(repo: Path) -> None:
    write(repo, "topics/transit.yml", "name: Transit\ndescriptoin: Buses.\n")
    text = change_summary(repo, "main", TODAY)
    assert "**Changed**\n\n- `topics/transit.yml`" in text
    assert "topics/transit.yml:3:1: descriptoin: unknown field `descriptoin`" in text
    assert "In the records this change touches:" in text


def test_unknown_base_is_an_error_that_says_what_to_do(repo: Path) -> None:
    with pytest.raises(ChangesError, match="`no-such-branch` is not a commit"):
        record_changes(repo, "no-such-branch")
    with pytest.raises(ChangesError, match="is not a git commit or branch"):
        record_changes(repo, "--output=/tmp/x")


def test_cli_prints_the_markdown_summary(repo: Path) -> None:
    write(repo, "topics/parks.yml", "name: Parks\ndescription: Green space.\n")
    result = CliRunner().invoke(main, ["changes", "--root", str(repo), "--base", "main", "--today", "2026-11-21"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("## Record changes\n")
    assert "- `topics/parks.yml`" in result.output
    bad = CliRunner().invoke(main, ["changes", "--root", str(repo), "--base", "nope"])
    assert bad.exit_code == 1
    assert "`nope` is not a commit" in bad.output


def test_contributor_text_stays_code() -> None:
    assert code("topics/a.yml") == "`topics/a.yml`"
    assert code("a`b.yml") == "``a`b.yml``"
    assert code("`x`") == "`` `x` ``"
    assert code("a\nb") == "`a\\nb`"
    problem = Problem(
        "topics/a.yml", 1, 1, "name", "value ```![x](https://example.org/t.png)``` is odd", code=Code.WRONG_FORM
    )
    text = render([Change("topics/a.yml", "changed")], [problem], 1, "main")
    assert "````text\n" in text
    assert "\n````\n" in text


def test_long_lists_are_cut(repo: Path) -> None:
    changes = [Change(f"topics/t{n:04}.yml", "added") for n in range(LIMIT + 5)]
    problems = [
        Problem(f"topics/o{n:04}.yml", 1, 1, "", "x", severity=Severity.WARNING, code=Code.STALE)
        for n in range(LIMIT + 7)
    ]
    text = render(changes, problems, LIMIT + 5, "main")
    assert "… and 5 more files" in text
    assert "… and 7 more problems" in text


def test_record_text_goes_through_the_text_encoder_and_stays_inside_code() -> None:
    path = "topics/a\n# Approved.yml"
    message = "value `x\n```\n# Approved \u202e![x](https://example.org/t.png)` is odd\x1b[2J"
    problem = Problem(path, 1, 1, "name", message, code=Code.WRONG_FORM)
    assert render([Change(path, "changed")], [problem], 1, "main\n**b**") == (
        "## Record changes\n"
        "\n"
        "Compared with `main\\n**b**`: 0 added, 1 changed, 0 removed.\n"
        "\n"
        "**Changed**\n"
        "\n"
        "- `topics/a\\n# Approved.yml`\n"
        "\n"
        "## Validation\n"
        "\n"
        "1 file checked: 1 error, 0 warnings.\n"
        "\n"
        "In the records this change touches:\n"
        "\n"
        "````text\n"
        f"{problem.as_text()}\n"
        "````\n"
    )
    assert problem.as_text() == (
        "topics/a\\n# Approved.yml:1:1: name: value `x\\n```\\n# Approved \\u202e![x](https://example.org/t.png)` "
        "is odd\\x1b[2J"
    )
