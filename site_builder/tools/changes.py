"""What a pull request changes in the records, as Markdown for the job summary.

``site-builder changes --base REF`` lists the record files added, changed and
removed since REF (``git diff`` from the merge base with REF to the working
tree, plus untracked files), then the validation errors and warnings: first
those in the records the change touches, then a bounded list of the others.
Everything a contributor wrote (file names, values quoted in messages) is shown
as code, so it cannot turn into links, images or formatting in the summary, and
goes through the same text encoder as the command line's output, so it cannot
break a line or hide characters either.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from site_builder.records.encode import text as plain
from site_builder.records.problems import Problem, summary
from site_builder.records.schema import load_schema
from site_builder.records.validate import validate_directory

LIMIT = 200
"""At most this many lines per list, so a large change keeps the summary readable (and under 1 MiB)."""

STATUSES = ("added", "changed", "removed")
_GIT_STATUS = {"A": "added", "D": "removed"}  # every other status (M, T, ...) is a change in place
_BACKTICKS = re.compile(r"`+")


class ChangesError(Exception):
    """The changes cannot be listed; the message says why."""


@dataclass(frozen=True, order=True)
class Change:
    path: str
    status: str


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except FileNotFoundError:
        raise ChangesError("git is not installed") from None
    if result.returncode != 0:
        raise ChangesError(f"git {args[0]} failed: {result.stderr.strip() or f'exit code {result.returncode}'}")
    return result.stdout


def record_folders() -> list[str]:
    return sorted(str(table.folder) for table in load_schema().record_tables)


def record_changes(root: Path, base: str) -> list[Change]:
    """Record files added, changed or removed since ``base`` (a commit, branch or tag), sorted by path."""
    if not base or base.startswith("-"):
        raise ChangesError(f"`{base}` is not a git commit or branch")
    folders = record_folders()
    try:
        _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{base}^{{commit}}")
    except ChangesError:
        raise ChangesError(
            f"`{base}` is not a commit of the repository at {root.as_posix()}: "
            "fetch it first (a shallow clone may not have it)"
        ) from None
    diff = _git(root, "diff", "--name-status", "--no-renames", "--relative", "-z", "--merge-base", base, "--", *folders)
    fields = diff.split("\0")
    changes = {
        path: _GIT_STATUS.get(status[:1], "changed")
        for status, path in zip(fields[0::2], fields[1::2], strict=False)
        if path
    }
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", *folders)
    changes.update({path: "added" for path in untracked.split("\0") if path})
    return sorted(Change(path, status) for path, status in changes.items())


def code(text: str) -> str:
    """``text`` as a Markdown code span, whatever backticks it holds."""
    text = plain(text)
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") or not text.strip() else text
    return f"{fence}{padded}{fence}"


def _block(lines: Iterable[str]) -> list[str]:
    body = [plain(line) for line in lines]
    longest = max((len(run) for line in body for run in _BACKTICKS.findall(line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", *body, fence]


def _bounded(items: list[str], noun: str) -> tuple[list[str], str]:
    if len(items) <= LIMIT:
        return items, ""
    return items[:LIMIT], f"… and {len(items) - LIMIT} more {noun}"


def render(changes: list[Change], problems: list[Problem], files: int, base: str) -> str:
    """The Markdown summary: the changed records, then the validation errors and warnings."""
    counts = {status: sum(1 for c in changes if c.status == status) for status in STATUSES}
    lines = ["## Record changes", ""]
    if changes:
        lines.append(f"Compared with {code(base)}: " + ", ".join(f"{counts[s]} {s}" for s in STATUSES) + ".")
        for status in STATUSES:
            paths = [f"- {code(c.path)}" for c in changes if c.status == status]
            if paths:
                shown, more = _bounded(paths, "files")
                lines += ["", f"**{status.capitalize()}**", "", *shown, *([more] if more else [])]
    else:
        lines.append(f"No record files changed compared with {code(base)}.")
    lines += ["", "## Validation", "", summary(problems, files) + "."]
    touched = {c.path for c in changes if c.status != "removed"}
    here = [p for p in problems if p.path in touched]
    elsewhere = [p for p in problems if p.path not in touched]
    if here:
        lines += ["", "In the records this change touches:", "", *_block(p.as_text() for p in here)]
    elif changes:
        lines += ["", "The records this change touches have no errors or warnings."]
    if elsewhere:
        shown_problems, more = _bounded([p.as_text() for p in elsewhere], "problems")
        lines += ["", "In other records:", "", *_block(shown_problems), *([more] if more else [])]
    return "\n".join(lines) + "\n"


def change_summary(root: Path, base: str, today: dt.date | None = None) -> str:
    """List the changes since ``base``, validate every record under ``root`` and render both."""
    changes = record_changes(root, base)
    tables, problems = validate_directory(root, today)
    return render(changes, problems, len(tables.files), base)
