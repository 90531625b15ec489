"""An import writes every file it changes or none, one import at a time, and a stopped one is finished or undone.

Writing the files of an import one after the other leaves, if the disk fills up, the process is
killed or a file cannot be replaced, some records rewritten and others not (or one cut mid-file).
:func:`write` instead goes through a staging folder beside the records, ``.import.staging``:

1. it checks what can be checked before touching anything: each path is a plain relative path
   under the root, no target or folder on its way is a symbolic link or other than a regular
   file or folder, each target and each folder it writes in can be written, and the disk has room
   for the staged files;
2. it writes each new text under ``new/`` and a copy of each old file under ``old/``, each file
   flushed and synced;
3. it writes the journal: every target with the SHA-256 of its old bytes (or none, for a new
   file) and of its new bytes, and the folders it creates; the journal is written aside, synced
   and renamed to ``journal``, so a ``journal`` is always complete;
4. it moves each staged file into place with ``os.replace`` (one step per file) and syncs the
   folders;
5. it renames the journal ``completed`` and removes the staging folder.

A failure before step 4 leaves the records untouched; a failure during step 4 puts the old files
back (``undoing`` marks that it started, the journal is renamed ``undone`` once it finished).
A process killed at any step leaves the staging folder, which :func:`recover` (run by every
import before it reads the records, and by ``site-builder import recover``) settles: without a
journal it is discarded; with one, the import is rolled forward (each target already at its new
hash is left, the others are moved in from ``new/``), or, if that cannot be done, every target
is restored from ``old/``.

One import at a time: :func:`locked` holds an exclusive ``flock`` on ``.import.lock`` beside the
records.  The kernel drops it when a process dies, so a killed import never blocks the next one;
the file is removed when the import ends.  Both names are ignored by git (``/.import.*``).

Every failure is a :class:`WriteError` whose message is one line, safe to print.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from site_builder.records.encode import text as safe

STAGING = ".import.staging"
LOCK = ".import.lock"
RECOVER = "site-builder import recover"
_KEPT = "the records are as they were"
_HELD: set[Path] = set()
"""The lock files this process holds, so that a second import in one process fails instead of waiting forever."""


class WriteError(Exception):
    """Nothing, or not everything, was written; the message is one line, safe to print."""


@dataclasses.dataclass(frozen=True)
class _Target:
    path: str
    old: str | None
    """The SHA-256 of the file's bytes before the import, or None if there was no file."""
    new: str


def _nothing(reason: str) -> WriteError:
    return WriteError(f"nothing written: {reason}; {_KEPT}")


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _why(error: OSError) -> str:
    return safe(error.strerror or str(error))


def _shown(path: str) -> str:
    return safe(path)


# --- the lock --------------------------------------------------------------------------------------


@contextlib.contextmanager
def locked(root: Path, wait: bool = True, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the import lock of the records under ``root``; wait for another import (telling ``waiting``
    why), or with ``wait=False`` raise :class:`WriteError` at once."""
    created = not root.exists()
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _nothing(f"cannot create the folder {safe(str(root))}: {_why(error)}") from None
    path = Path(os.path.realpath(root)) / LOCK
    if path in _HELD:
        raise _nothing(f"an import of {safe(str(root))} is already running in this process")
    descriptor = _acquire(path, wait, waiting)
    _HELD.add(path)
    try:
        yield
    finally:
        _HELD.discard(path)
        with contextlib.suppress(OSError):
            path.unlink()  # while still locked: a process waiting on this file opens it again (see _acquire)
        os.close(descriptor)
        if created:
            with contextlib.suppress(OSError):
                root.rmdir()  # only if the import wrote nothing there


def _acquire(path: Path, wait: bool, waiting: Callable[[str], None] | None) -> int:
    told = False
    while True:
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except OSError as error:
            raise _nothing(f"cannot create the lock file {safe(str(path))}: {_why(error)}") from None
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    raise _nothing(f"another import is running ({safe(str(path))})") from None
                if waiting is not None and not told:
                    waiting(f"waiting for another import to finish ({safe(str(path))})")
                    told = True
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            # The import that held it removes the file before it lets go: lock the file now at the path.
            if os.fstat(descriptor).st_ino == os.stat(path).st_ino:
                return descriptor
        except FileNotFoundError:
            pass
        except OSError as error:
            os.close(descriptor)
            raise _nothing(f"cannot lock {safe(str(path))}: {_why(error)}") from None
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)


# --- writing ---------------------------------------------------------------------------------------


def write(root: Path, texts: dict[str, str]) -> int:
    """Write every text (by path under ``root``) or none; the number of files written.

    Raises :class:`WriteError` when nothing was written, or when a failure could not be undone
    (the message then names ``site-builder import recover``).  Recover first: a staging folder
    left by an earlier import stops this one."""
    if not texts:
        return 0
    base = Path(os.path.realpath(root))
    staging = base / STAGING
    if os.path.lexists(staging):
        raise _nothing(f"an earlier import was interrupted; run `{RECOVER}` first")
    data = _encoded(texts)
    folders = _check(base, data)
    _check_space(base, data)
    try:
        targets = _stage(base, staging, data, folders)
    except OSError as error:
        _remove(staging)
        raise _nothing(_failure(base, error)) from None
    try:
        _move(base, staging, targets, folders)
    except OSError as error:
        reason = _failure(base, error)
        try:
            _undo(base, staging, targets, folders)
        except OSError as second:
            raise WriteError(
                f"the import stopped part-way ({reason}) and could not be undone ({_failure(base, second)}); "
                f"run `{RECOVER}`"
            ) from None
        raise _nothing(reason) from None
    _end(staging, "completed")
    return len(targets)


def _encoded(texts: dict[str, str]) -> dict[str, bytes]:
    data = {}
    for path, text in sorted(texts.items()):
        try:
            data[path] = text.encode("utf-8")
        except UnicodeEncodeError:
            raise _nothing(f"the text of {_shown(path)} is not valid UTF-8") from None
    return data


def _check(base: Path, data: dict[str, bytes]) -> list[str]:
    """Refuse what would fail half-way; the folders to create, parents first."""
    create: list[str] = []
    for path in data:
        parts = PurePosixPath(path).parts
        if (
            not parts
            or PurePosixPath(path).is_absolute()
            or "\\" in path
            or any(p in ("..", ".") for p in parts)
            or parts[0].startswith(".import.")
            or path != PurePosixPath(path).as_posix()
        ):
            raise _nothing(f"{_shown(path)} is not a path under the records folder")
        for depth in range(1, len(parts) + 1):
            here = "/".join(parts[:depth])
            try:
                info = os.lstat(base / here)
            except FileNotFoundError:
                if depth < len(parts) and here not in create:
                    create.append(here)
                continue
            except OSError as error:
                raise _nothing(f"cannot read {_shown(here)}: {_why(error)}") from None
            if stat.S_ISLNK(info.st_mode):
                raise _nothing(f"{_shown(here)} is a symbolic link")
            last = depth == len(parts)
            if not last and not stat.S_ISDIR(info.st_mode):
                raise _nothing(f"{_shown(here)} is not a folder")
            if last and not stat.S_ISREG(info.st_mode):
                raise _nothing(f"{_shown(here)} is not a regular file")
            if last and not os.access(base / here, os.W_OK):
                raise _nothing(f"{_shown(here)} is read-only")
        parent = "/".join(parts[:-1])
        existing = parent
        while existing in create:
            existing = "/".join(existing.split("/")[:-1])
        if not os.access(base / existing, os.W_OK | os.X_OK):
            raise _nothing(f"the folder {_shown(existing or '.')} is read-only")
    if not os.access(base, os.W_OK | os.X_OK):
        raise _nothing(f"the folder {safe(str(base))} is read-only")
    return create


def _check_space(base: Path, data: dict[str, bytes]) -> None:
    try:
        disk = os.statvfs(base)
    except OSError:
        return  # the staging itself finds out
    block = disk.f_frsize or disk.f_bsize or 4096
    old = 0
    for path in data:
        with contextlib.suppress(OSError):
            old += os.stat(base / path).st_size
    files = 2 * len(data) + 8
    blocks = sum(-(-len(d) // block) for d in data.values()) + -(-old // block) + len(data) + files
    needed = blocks * block
    if disk.f_bavail * block < needed:
        raise _nothing(
            f"not enough free space for the {len(data)} files ({needed} bytes needed, {disk.f_bavail * block} free)"
        )
    if disk.f_files and disk.f_favail < files:
        raise _nothing(f"no free inodes for the {len(data)} files")


def _stage(base: Path, staging: Path, data: dict[str, bytes], folders: list[str]) -> list[_Target]:
    staging.mkdir()
    _sync_folder(base)
    targets = []
    made: set[Path] = {staging}
    for path, new in data.items():
        _put(staging / "new" / path, new, made)
        try:
            old: bytes | None = (base / path).read_bytes()
        except FileNotFoundError:
            old = None
        except OSError as error:
            error.filename = str(base / path)
            raise
        if old is not None:
            _put(staging / "old" / path, old, made)
        targets.append(_Target(path, None if old is None else _hash(old), _hash(new)))
    for folder in made:
        _sync_folder(folder)
    journal = {"targets": [dataclasses.asdict(t) for t in targets], "folders": folders}
    _put(staging / "journal.part", json.dumps(journal, indent=1).encode("utf-8"), set())
    os.replace(staging / "journal.part", staging / "journal")
    _sync_folder(staging)
    return targets


def _put(path: Path, data: bytes, made: set[Path]) -> None:
    """Write a file and sync it, creating its folders (noted in ``made``)."""
    missing = []
    parent = path.parent
    while not parent.exists():
        missing.append(parent)
        parent = parent.parent
    for folder in reversed(missing):
        folder.mkdir()
        made.add(folder.parent)
    made.add(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        os.fsync(descriptor)
    except OSError as error:
        error.filename = str(path)
        raise
    finally:
        os.close(descriptor)


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(descriptor)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    finally:
        os.close(descriptor)


def _move(base: Path, staging: Path, targets: list[_Target], folders: list[str]) -> None:
    """Roll forward: create the folders and move each staged file in, unless the target already has its new bytes."""
    for name in folders:
        with contextlib.suppress(FileExistsError):
            (base / name).mkdir()
    synced = {base} | {(base / f).parent for f in folders}
    for target in targets:
        destination = base / target.path
        if _current(destination) == target.new:
            continue
        source = staging / "new" / target.path
        if _current(source) != target.new:
            raise OSError(errno.EIO, "its staged copy is missing or damaged", str(destination))
        _replace(source, destination)
        synced.add(destination.parent)
    for folder in sorted(synced):
        _sync_folder(folder)


def _undo(base: Path, staging: Path, targets: list[_Target], folders: list[str]) -> None:
    """Roll back: put back each old file and remove each new one and each folder the import created."""
    marker = staging / "undoing"
    if not marker.exists():
        _put(marker, b"", set())
        _sync_folder(staging)
    synced = {base}
    for target in targets:
        destination = base / target.path
        current = _current(destination)
        if current == target.old:
            continue
        if target.old is None:
            destination.unlink()
        else:
            source = staging / "old" / target.path
            if _current(source) != target.old:
                raise OSError(errno.EIO, "its old copy is missing or damaged", str(destination))
            _replace(source, destination)
        synced.add(destination.parent)
    for name in reversed(folders):
        with contextlib.suppress(FileNotFoundError):
            try:
                (base / name).rmdir()
            except OSError as error:
                if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
            synced.add((base / name).parent)
    for folder in sorted(synced):
        if folder.exists():
            _sync_folder(folder)
    _end(staging, "undone")


def _replace(source: Path, destination: Path) -> None:
    """Move a file into place in one step; a failure names the destination."""
    try:
        os.replace(source, destination)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(destination)) from None


def _current(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or None if there is none."""
    try:
        return _hash(path.read_bytes())
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def _end(staging: Path, outcome: str) -> None:
    """Mark the import settled (``completed`` or ``undone``), then remove the staging folder; what cannot be
    removed is settled by the next import."""
    with contextlib.suppress(OSError):
        os.replace(staging / "journal", staging / outcome)
        _sync_folder(staging)
    for name in ("new", "old", "undoing", "journal.part"):
        if _remove(staging / name) is not None:
            return
    with contextlib.suppress(OSError):
        (staging / outcome).unlink()
        staging.rmdir()
        _sync_folder(staging.parent)


def _remove(path: Path) -> OSError | None:
    errors: list[OSError] = []

    def record(function: Any, name: str, info: Any) -> None:
        if not isinstance(info[1], FileNotFoundError):
            errors.append(info[1])

    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, onerror=record)
    else:
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            return error
    return errors[0] if errors else None


def _failure(base: Path, error: OSError) -> str:
    """What failed, with the path under the root where there is one."""
    where = ""
    if error.filename:
        name = str(error.filename)
        with contextlib.suppress(ValueError):
            name = Path(name).relative_to(base).as_posix()
        where = f"cannot write {safe(name)}: "
    return f"{where}{_why(error)}"


# --- recovery --------------------------------------------------------------------------------------


def recover(root: Path) -> str | None:
    """Finish or undo an import that was stopped; the line to print, or None when none was left.

    Hold the lock (:func:`locked`).  Raises :class:`WriteError` when it can do neither."""
    base = Path(os.path.realpath(root))
    staging = base / STAGING
    if not os.path.lexists(staging):
        return None
    if not staging.is_dir() or staging.is_symlink():
        raise WriteError(f"{safe(str(staging))} is not a folder an import left; remove it and run the import again")
    for outcome in ("completed", "undone"):
        if (staging / outcome).exists():
            count = len(_journal(staging / outcome)[0])
            _end(staging, outcome)
            return _said(outcome, count)
    if not (staging / "journal").exists():
        error = _remove(staging)
        if error is not None:
            raise WriteError(f"cannot remove {safe(str(staging))}, left by an interrupted import: {_why(error)}")
        return "an earlier import was interrupted before it changed any record; it has been undone (0 files)"
    targets, folders = _journal(staging / "journal")
    if not (staging / "undoing").exists():
        try:
            _move(base, staging, targets, folders)
        except OSError:
            pass
        else:
            _end(staging, "completed")
            return _said("completed", len(targets))
    try:
        _undo(base, staging, targets, folders)
    except OSError as error:
        raise WriteError(
            f"an earlier import was interrupted and can be neither completed nor undone ({_failure(base, error)}); "
            f"its files are in {safe(str(staging))}"
        ) from None
    return _said("undone", len(targets))


def _said(outcome: str, count: int) -> str:
    return f"an earlier import was interrupted; it has been {outcome} ({count} file{'s' if count != 1 else ''})"


def _journal(path: Path) -> tuple[list[_Target], list[str]]:
    try:
        journal = json.loads(path.read_bytes())
        targets = [_Target(t["path"], t["old"], t["new"]) for t in journal["targets"]]
        folders = [str(f) for f in journal["folders"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        reason = _why(error) if isinstance(error, OSError) else "it is damaged"
        raise WriteError(f"cannot read the journal of an interrupted import, {safe(str(path))}: {reason}") from None
    for target in targets:
        if not isinstance(target.path, str) or ".." in PurePosixPath(target.path).parts:
            raise WriteError(f"cannot read the journal of an interrupted import, {safe(str(path))}: it is damaged")
    return targets, folders
