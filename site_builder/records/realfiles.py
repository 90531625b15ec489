"""Records are real files: what may be opened as a record, and how it is read and written.

A record path is refused, with its path and a problem code, when it is a symbolic link, a named pipe
(FIFO), a device or a socket, or when its real location is outside the root of the records.  Nothing
here waits on a pipe or reads a device: a path is looked at with ``lstat`` first, opened with
``O_NOFOLLOW`` and ``O_NONBLOCK``, checked again on the open file with ``fstat``, and read no further
than the size limit and one byte.  Validation, ``fmt``, the build and the importers all read records
through :func:`read_bytes`, so the rule holds wherever a record is read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from site_builder.records.problems import Code, Problem

_READ = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
_WRITE = os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
_CHUNK = 1024 * 1024


def link(display: str) -> Problem:
    """The problem of a record file or folder that is a symbolic link."""
    return Problem(
        display,
        1,
        1,
        "",
        "records must be real files and folders, not links",
        "replace the link with the file or folder itself",
        code=Code.LINK,
    )


def special(display: str, mode: int) -> Problem:
    """The problem of a record path that is a named pipe, a device or a socket (``mode`` as ``stat`` gives it)."""
    return Problem(
        display,
        1,
        1,
        "",
        f"this is {_kind(mode)}, not a regular file, so it is not read",
        "replace it with the file itself",
        code=Code.SPECIAL_FILE,
    )


def outside(display: str) -> Problem:
    """The problem of a record path whose real location is outside the root of the records."""
    return Problem(
        display,
        1,
        1,
        "",
        "the file's real location is outside the directory of records, so it is not read",
        "move the record into its folder; no folder on its way may be a link",
        code=Code.OUTSIDE_ROOT,
    )


def too_large(display: str, size: int, limit: int) -> Problem:
    """The problem of a record over the size limit."""
    return Problem(
        display,
        1,
        1,
        "",
        f"the file is {-(-size // 1024)} KiB; the limit is {limit // 1024} KiB",
        "a record this large is almost certainly a mistake; split or shorten it",
        code=Code.TOO_LARGE,
    )


def unreadable(display: str, reason: str) -> Problem:
    """The problem of a file the system will not open or read, for ``reason`` (its ``strerror``)."""
    return Problem(display, 1, 1, "", f"the file cannot be read: {reason}", code=Code.UNREADABLE)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def refusal(path: Path, display: str, root: Path | None = None) -> Problem | None:
    """Why the record path may not be read or written, or None: a link, a pipe, a device or socket, or
    (given ``root``) a folder on its way from the root that is a link, or a real location outside the root.
    A path where nothing is yet is refused only for the folders on its way: there is nothing to read."""
    if root is not None:
        folder = linked_folder(root, path.parent)
        if folder is not None:
            return link(folder)
    try:
        mode: int | None = os.lstat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISLNK(mode):
        return link(display)
    if mode is not None and not stat.S_ISREG(mode):
        return special(display, mode)
    if root is not None and not inside(root, path):
        return outside(display)
    return None


def linked_folder(root: Path, folder: Path) -> str | None:
    """The first folder from ``root`` down to ``folder`` itself that is a link, as a path under the root, or None."""
    try:
        parts = folder.relative_to(root).parts
    except ValueError:
        return None  # not under the root by name: :func:`inside` decides
    here = root
    for part in parts:
        here = here / part
        if here.is_symlink():
            return here.relative_to(root).as_posix()
    return None


def inside(root: Path, path: Path) -> bool:
    """Whether the real location of ``path``, links resolved, is under the real location of ``root``; a
    path that does not exist yet is placed where its existing folders lead."""
    real, base = os.path.realpath(path), os.path.realpath(root)
    return os.path.commonpath([real, base]) == base


def read_bytes(
    path: Path, display: str, limit: int, root: Path | None = None, follow: bool = False
) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file, or None and the problem that stops it being read.

    The file is never more than ``limit`` bytes long: a larger one (by its size, or by what a read finds
    when it grows) is a :attr:`Code.TOO_LARGE` problem, and at most ``limit`` + 1 bytes are read.  A link is
    refused unless ``follow`` (a dataset named on the command line may be one; a record may not), and then
    what it leads to must be a regular file all the same.
    """
    if follow:
        try:
            mode = os.stat(path).st_mode
        except OSError as error:
            return None, unreadable(display, error.strerror or str(error))
        if not stat.S_ISREG(mode):
            return None, special(display, mode)  # looked at, never opened
    else:
        refused = refusal(path, display, root)
        if refused:
            return None, refused
    try:
        descriptor = os.open(path, _READ if follow else _READ | os.O_NOFOLLOW)
    except OSError as error:
        if error.errno == errno.ELOOP and not follow:
            return None, link(display)
        if error.errno == errno.ENXIO:  # a socket, which cannot be opened
            return None, special(display, stat.S_IFSOCK)
        return None, unreadable(display, error.strerror or str(error))
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return None, special(display, status.st_mode)
        if status.st_size > limit:
            return None, too_large(display, status.st_size, limit)
        os.set_blocking(descriptor, True)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as error:
        return None, unreadable(display, error.strerror or str(error))
    finally:
        os.close(descriptor)
    if total > limit:
        return None, too_large(display, total, limit)
    return b"".join(chunks), None


def write_bytes(path: Path, display: str, data: bytes) -> Problem | None:
    """Replace the content of an existing regular file, never through a link and never into a pipe or a
    device; the problem that stops it, or None once written."""
    try:
        descriptor = os.open(path, _WRITE | os.O_NOFOLLOW)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return link(display)
        if error.errno == errno.ENXIO:  # a pipe nothing reads, or a socket
            return special(display, stat.S_IFIFO)
        return unreadable(display, error.strerror or str(error))
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return special(display, status.st_mode)
        os.set_blocking(descriptor, True)
        os.ftruncate(descriptor, 0)
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    except OSError as error:
        return Problem(display, 1, 1, "", f"the file cannot be written: {error.strerror}", code=Code.UNREADABLE)
    finally:
        os.close(descriptor)
    return None
