"""The records' history, from the git repository that holds them: which record files each commit added,
changed and removed, and the records as a commit left them.

A build reads the history with one ``git log`` over the record folders (:func:`read_history`), then
the few blobs it needs with one ``git cat-file --batch-check`` and one ``git cat-file --batch``
(:func:`read_records`), each parsed by the strict loader: a record that is over the records' size limit
(never read at all), not UTF-8 text, or refused by the character policy or the loader comes back as
None, so nothing of it reaches a page or a feed.  What changed in a record from one commit to another is
told in its rows, not its text (:func:`read_tables`, :func:`row_changes`): each version is normalised into
the tables by the current descriptor, and its rows are compared by their keys (:mod:`keys`), so a change
of layout is no change.  Merge commits are left out (their changes are those
of the commits they merge), and so are the commits at the edge of a shallow clone, whose parents are
not there to compare with: their changes cannot be told from those of the commits before them.

Any history can be read, whatever was committed to it.  The log is read in git's machine-readable
form: NUL-separated (``-z``), paths unquoted (``core.quotePath=false``) and taken as bytes, each field
told by its place rather than by what it holds, so a path with a newline, a control character or a byte
that is not UTF-8 is read as the name it is (not UTF-8, it keeps its bytes as lone surrogates).  A
commit's date is its committer's timestamp, in seconds: a time zone git would print as ``+99:99``
changes nothing of it, and a commit whose date cannot be read or is out of range (a commit object
written by hand) is left out and listed in :attr:`History.undated`.  No commit message or author name
is read.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.records.files import RecordFile
from site_builder.records.keys import Key, keys
from site_builder.records.loader import MAX_BYTES, Mapping, load_text
from site_builder.records.schema import Schema, load_schema
from site_builder.records.tables import Tables, load_record

_OID = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
_HEADER = re.compile(rb"^\n?([0-9a-f]{40}(?:[0-9a-f]{24})?) (.*)$", re.DOTALL)
"""A commit's line in the log, as :data:`_FORMAT` writes it: its id, then its date."""
_META = re.compile(
    rb"^\n?:([0-7]{6}) ([0-7]{6}) ([0-9a-f]{40}(?:[0-9a-f]{24})?) ([0-9a-f]{40}(?:[0-9a-f]{24})?) ([A-Z])"
)
"""What ``--raw`` says of one file: its modes and blobs before and after, and its status; its path follows."""
_FORMAT = "--format=%H %ct"
_REGULAR = frozenset({b"100644", b"100755"})
"""The modes of a file whose blob may hold a record: not a symbolic link, nor a submodule."""
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ADDED, _REMOVED = "A", "D"
_ENVIRONMENT = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_NO_LAZY_FETCH": "1",  # a partial clone does not fetch a missing blob from its remote
    "GIT_NO_REPLACE_OBJECTS": "1",
    "LC_ALL": "C",
}
_SETTINGS = ("core.quotePath=false", "log.showRoot=true", "color.ui=false")
"""Settings a user's configuration could change and the log's form depends on."""


@dataclass(frozen=True)
class FileChange:
    """What one commit did to one record file."""

    status: str
    """``A`` (added), ``M`` (changed) or ``D`` (removed)."""
    path: str
    """The file's path relative to the records' root, such as ``candidates/mn/minneapolis/jane-doe.yml``.

    A path that is not UTF-8 keeps each byte that is not as a lone surrogate (``surrogateescape``)."""
    old: str
    """The blob of the file before the commit, or "" for an added file (or one that is not a regular file)."""
    new: str
    """The blob of the file after the commit, or "" for a removed file (or one that is not a regular file)."""


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
    undated: list[str] = field(default_factory=list)
    """The commits left out because their date cannot be read or is out of range, in the log's order."""

    @property
    def available(self) -> bool:
        return not self.missing


class _GitError(Exception):
    pass


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    settings = [part for setting in _SETTINGS for part in ("-c", setting)]
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *settings, *args],
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


def _date(text: bytes) -> dt.datetime | None:
    """A commit's ``%ct`` as a moment in UTC, or None for one that is not a number, or out of range."""
    if not text.isdigit():  # empty when git cannot read the committer's line
        return None
    try:
        return _EPOCH + dt.timedelta(seconds=int(text))
    except OverflowError:  # past the year 9999
        return None


def read_history(root: Path, folders: Iterable[str]) -> History:
    """Every commit that added, changed or removed a file under ``folders`` of ``root``, newest first.

    ``root`` may be any folder of a checkout: paths are relative to it.  Without git, outside a
    checkout or in a repository without commits, the history is ``missing`` and says why.
    """
    try:
        shallow, shallow_file = (
            _git(root, "rev-parse", "--is-shallow-repository", "--git-path", "shallow")
            .decode("utf-8", "surrogateescape")
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
            "--no-color",
            "--relative",
            _FORMAT,
            "--",
            *folders,
        )
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
    every, undated = _commits(log)
    if not every:
        return History(
            missing="no commit with a date that can be read holds a record"
            if undated
            else "no commit holds a record yet"
        )
    commits = [commit for commit in every if commit.sha not in edges]
    return History(
        commits,
        shallow=bool(edges) or shallow.strip() == "true",
        newest=max(c.date for c in every),
        undated=undated,
    )


def _commits(log: bytes) -> tuple[list[Commit], list[str]]:
    """The dated commits of a log and the ids of those without a date that can be read.

    The log is a list of NUL-separated fields: a commit's line, then for each file it changed the
    file's modes, blobs and status and then its path (two paths for a rename or a copy).  A path is
    always the field after a status, whatever it holds, so no name can pass for a commit or a status.
    """
    commits: list[Commit] = []
    undated: list[str] = []
    fields = log.split(b"\0")
    sha, date, changes = "", None, []
    at = 0
    while at < len(fields):
        part = fields[at]
        at += 1
        meta = _META.match(part)
        if meta is not None:
            old_mode, new_mode, old, new, status = meta.groups()
            paths = fields[at : at + (2 if status in b"RC" else 1)]
            at += len(paths)
            if sha and len(paths) == 1:
                changes.append(_change(status.decode(), paths[0], (old_mode, old), (new_mode, new)))
            continue
        header = _HEADER.match(part)
        if header is None:
            continue  # the empty field after the last path
        if sha:
            _keep(commits, undated, sha, date, changes)
        sha, date, changes = header[1].decode("ascii"), _date(header[2]), []
    if sha:
        _keep(commits, undated, sha, date, changes)
    return commits, undated


def _change(status: str, raw_path: bytes, old: tuple[bytes, bytes], new: tuple[bytes, bytes]) -> FileChange:
    def blob(mode: bytes, oid: bytes) -> str:
        return oid.decode("ascii") if mode in _REGULAR and oid.strip(b"0") else ""

    return FileChange(
        status if status in (_ADDED, _REMOVED) else "M",
        raw_path.decode("utf-8", "surrogateescape"),
        blob(*old),
        blob(*new),
    )


def _keep(
    commits: list[Commit], undated: list[str], sha: str, date: dt.datetime | None, changes: list[FileChange]
) -> None:
    if date is None:
        undated.append(sha)
    else:
        commits.append(Commit(sha, date, tuple(changes)))


def read_records(root: Path, blobs: Iterable[str]) -> dict[str, Mapping | None]:
    """Each blob parsed as a record, or None for one that is missing, too large, not UTF-8 or refused.

    The sizes are asked first: a blob over the records' size limit, or that is not a blob, is never read.
    """
    return {blob: None if data is None else _record(data, blob) for blob, data in _blobs(root, blobs).items()}


def _blobs(root: Path, blobs: Iterable[str]) -> dict[str, bytes | None]:
    """Each blob's bytes, or None for one that is missing, not a blob or over the records' size limit."""
    wanted = sorted({blob for blob in blobs if _OID.match(blob)})
    if not wanted:
        return {}
    found: dict[str, bytes | None] = dict.fromkeys(wanted)
    try:
        sizes = _git(root, "cat-file", "--batch-check", data=_lines(wanted)).decode("ascii", "replace").splitlines()
    except _GitError:
        return found
    small = []
    for blob, line in zip(wanted, sizes, strict=False):
        parts = line.split()  # "<oid> blob <size>", or "<oid> missing"
        if len(parts) == 3 and parts[:2] == [blob, "blob"] and parts[2].isdigit() and int(parts[2]) <= MAX_BYTES:
            small.append(blob)
    if not small:
        return found
    try:
        output = _git(root, "cat-file", "--batch", data=_lines(small))
    except _GitError:
        return found
    at = 0
    for blob in small:
        end = output.find(b"\n", at)
        head = output[at:end].split() if end >= 0 else []
        if len(head) != 3 or head[:2] != [blob.encode(), b"blob"] or not head[2].isdigit():
            break  # not what was asked for: read no further than what can be told apart
        size = int(head[2])
        at = end + 1
        found[blob] = output[at : at + size]
        at += size + 1
    return found


def _lines(blobs: list[str]) -> bytes:
    return "".join(f"{blob}\n" for blob in blobs).encode("ascii")


def _record(data: bytes, blob: str) -> Mapping | None:
    if len(data) > MAX_BYTES:
        return None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None
    record, _ = load_text(text, blob)
    return record


@dataclass(frozen=True)
class Snapshot:
    """A record as one commit left it: its rows in the normalised tables, as the current descriptor reads it."""

    table: str
    """The record's kind."""
    tables: Tables
    """The rows of this record alone, each with where it is written."""
    fields: tuple[str, ...]
    """The record's fields, in the order its file writes them."""

    @property
    def record(self) -> dict[str, Any]:
        """The record's own row."""
        return self.tables.rows[self.table][0]

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self.tables.rows[table]

    def below(self, table: str, row: dict[str, Any]) -> list[dict[str, Any]]:
        """The rows listed in ``row`` (a row of ``table``), and those listed in them, in the record's order."""
        found: list[dict[str, Any]] = []
        for ref in keys().referring(table):
            if ref.parent:
                named = tuple(str(row.get(name)) for name in ref.target_fields)
                for child in self.rows(ref.table):
                    if tuple(str(child.get(name)) for name in ref.fields) == named:
                        found += [child, *self.below(ref.table, child)]
        return found


def read_tables(root: Path, files: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Snapshot | None]:
    """Each record file of the history (its path and blob) as its rows, or None for a record that cannot be
    read: missing, too large, not UTF-8, refused by the loader, or at a path no record can have."""
    wanted = sorted(set(files))
    data = _blobs(root, (blob for _, blob in wanted))
    schema = load_schema()
    return {(path, blob): snapshot(schema, path, data.get(blob)) for path, blob in wanted}


def snapshot(schema: Schema, path: str, data: bytes | None) -> Snapshot | None:
    """The record file at ``path`` (relative to the records' root) as its rows, from the bytes it holds."""
    kind = keys(schema).record_at(path)
    if data is None or kind is None:
        return None
    table, parts = kind
    loaded = load_record(schema, RecordFile(table, Path(path), path, parts), data)
    if loaded is None:
        return None
    return Snapshot(table.name, *loaded)


@dataclass(frozen=True)
class RowChange:
    """A row of a record added, removed or changed from one commit to another."""

    table: str
    key: Key
    field: str
    """The record's field the row is written under (``candidacies``, ``elections``, ``sources``), or "" for the
    record's own row."""
    old: dict[str, Any] | None
    new: dict[str, Any] | None

    @property
    def changed(self) -> list[str]:
        """The row's fields whose values differ."""
        old, new = self.old or {}, self.new or {}
        return [name for name in dict.fromkeys([*new, *old]) if old.get(name) != new.get(name)]


def row_changes(old: Snapshot, new: Snapshot) -> list[RowChange]:
    """The rows of a record that differ between two commits, each matched with its other version by its key
    (:mod:`keys`): those of the newer version in its order, then those it no longer has."""
    found = keys()
    changes: list[RowChange] = []
    for table in new.tables.rows:
        before = {found.row_key(table, row): row for row in old.tables.rows[table]}
        seen = set()
        for row, origin in zip(new.tables.rows[table], new.tables.origins[table], strict=True):
            key = found.row_key(table, row)
            seen.add(key)
            was = before.get(key)
            if was != row:
                changes.append(RowChange(table, key, _field(origin.field_path), was, row))
        for row, origin in zip(old.tables.rows[table], old.tables.origins[table], strict=True):
            key = found.row_key(table, row)
            if key not in seen:
                changes.append(RowChange(table, key, _field(origin.field_path), row, None))
    return changes


def _field(field_path: str) -> str:
    """The record's own field a row is written under, from the row's field path (``elections[1].offices[2]``)."""
    return re.split(r"[.\[]", field_path, maxsplit=1)[0]
