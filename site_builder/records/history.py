"""The records' history, from the git repository that holds them: which record files each commit added,
changed and removed, and the records as a commit left them.

A build reads the history with one ``git log`` over the record folders (:func:`read_history`), then
the few blobs it needs with one ``git cat-file --batch`` (:func:`read_records`), each parsed by the
strict loader: a record that the character policy or the loader refuses comes back as None, so
nothing of it reaches a page or a feed.  Merge commits are left out (their changes are those of the
commits they merge), and so are the commits at the edge of a shallow clone, whose parents are not
there to compare with: their changes cannot be told from those of the commits before them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.records.loader import MAX_BYTES, Mapping, load_text

_OID = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
_NO_BLOB = re.compile(r"^0+$")
_ADDED, _REMOVED = "A", "D"
_SEPARATOR = "\x01"
"""Starts each commit in the log: record paths cannot hold it."""
_FORMAT = f"--format={_SEPARATOR}%H%x02%cI"
_ENVIRONMENT = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


@dataclass(frozen=True)
class FileChange:
    """What one commit did to one record file."""

    status: str
    """``A`` (added), ``M`` (changed) or ``D`` (removed)."""
    path: str
    """The file's path relative to the records' root, such as ``candidates/mn/minneapolis/jane-doe.yml``."""
    old: str
    """The blob of the file before the commit, or "" for an added file."""
    new: str
    """The blob of the file after the commit, or "" for a removed file."""


@dataclass(frozen=True)
class Commit:
    sha: str
    date: dt.datetime
    """The commit's date (its committer's), in UTC."""
    changes: tuple[FileChange, ...]


@dataclass
class History:
    """The commits that changed records, newest first, or why there is no history to read."""

    commits: list[Commit] = field(default_factory=list)
    missing: str = ""
    """Why the history could not be read (no git, not a git checkout ...); "" when it was."""
    shallow: bool = False
    """Whether the repository is a shallow clone, whose history stops short of the first commit."""
    newest: dt.datetime | None = None
    """The date of the newest commit that changed records, the edge of a shallow clone included."""

    @property
    def available(self) -> bool:
        return not self.missing


class _GitError(Exception):
    pass


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotePath=false", *args],
            input=data,
            capture_output=True,
            check=False,
            env={**os.environ, **_ENVIRONMENT},
        )
    except FileNotFoundError:
        raise _GitError("git is not installed") from None
    except OSError as error:
        raise _GitError(f"git cannot be run: {error.strerror}") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _GitError(message[0] if message else f"git {args[0]} failed with exit code {result.returncode}")
    return result.stdout


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


def read_history(root: Path, folders: Iterable[str]) -> History:
    """Every commit that added, changed or removed a file under ``folders`` of ``root``, newest first.

    ``root`` may be any folder of a checkout: paths are relative to it.  Without git, outside a
    checkout or in a repository without commits, the history is ``missing`` and says why.
    """
    try:
        shallow, shallow_file = (
            _git(root, "rev-parse", "--is-shallow-repository", "--git-path", "shallow")
            .decode("utf-8", "replace")
            .splitlines()[:2]
        )
        log = _git(
            root,
            "log",
            "-z",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            "--no-merges",
            "--no-ext-diff",
            "--no-textconv",
            "--no-show-signature",
            "--relative",
            _FORMAT,
            "--",
            *folders,
        ).decode("utf-8", "replace")
    except _GitError as error:
        message = str(error).removeprefix("fatal: ")
        if "not a git repository" in message:
            message = f"{root.as_posix()} is not in a git checkout"
        return History(missing=message)
    except ValueError:  # rev-parse printed less than it was asked for: a git too old to answer
        return History(missing="this version of git cannot tell whether the clone is shallow")
    edges: set[str] = set()
    if shallow.strip() == "true":
        edge_file = Path(shallow_file) if Path(shallow_file).is_absolute() else root / shallow_file
        try:
            edges = set(edge_file.read_text(encoding="ascii").split())
        except (OSError, UnicodeDecodeError):
            edges = set()
    every = _commits(log)
    if not every:
        return History(missing="no commit holds a record yet")
    commits = [commit for commit in every if commit.sha not in edges]
    return History(commits, shallow=bool(edges) or shallow.strip() == "true", newest=max(c.date for c in every))


def _commits(log: str) -> list[Commit]:
    commits = []
    for block in log.split(_SEPARATOR)[1:]:
        header, _, raw = block.partition("\0")
        sha, date = header.split("\x02")
        fields = raw.lstrip("\n").split("\0")
        changes = []
        for raw_meta, path in zip(fields[0::2], fields[1::2], strict=False):
            meta = raw_meta.lstrip("\n")
            if not meta.startswith(":"):
                continue
            parts = meta[1:].split()
            if len(parts) < 5:
                continue
            old, new, status = parts[2], parts[3], parts[4][:1]
            status = status if status in (_ADDED, _REMOVED) else "M"
            changes.append(
                FileChange(
                    status,
                    path,
                    "" if _NO_BLOB.match(old) else old,
                    "" if _NO_BLOB.match(new) else new,
                )
            )
        commits.append(Commit(sha, _utc(date), tuple(changes)))
    return commits


def read_records(root: Path, blobs: Iterable[str]) -> dict[str, Mapping | None]:
    """Each blob parsed as a record, or None for one that is missing, too large, not UTF-8 or refused."""
    wanted = sorted({blob for blob in blobs if _OID.match(blob)})
    if not wanted:
        return {}
    try:
        output = _git(root, "cat-file", "--batch", data="".join(f"{blob}\n" for blob in wanted).encode("ascii"))
    except _GitError:
        return dict.fromkeys(wanted)
    found: dict[str, Mapping | None] = {}
    at = 0
    for blob in wanted:
        end = output.find(b"\n", at)
        if end < 0:
            break
        header = output[at:end].decode("ascii", "replace").split()
        at = end + 1
        if len(header) != 3 or header[1] != "blob":  # "<oid> missing", or not a file
            found[blob] = None
            continue
        size = int(header[2])
        data = output[at : at + size]
        at += size + 1
        found[blob] = _record(data, blob)
    return {blob: found.get(blob) for blob in wanted}


def _record(data: bytes, blob: str) -> Mapping | None:
    if len(data) > MAX_BYTES:
        return None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None
    record, _ = load_text(text, blob)
    return record
