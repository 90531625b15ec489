"""Publish a build only when it finished, in one step, one build at a time.

MkDocs empties its output folder before it builds, so a build that fails half-way
would leave nothing (or half a site) behind.  Each build writes into a folder of its
own beside the published one, ``.site.build-<random>``; only a build that finished
replaces the published folder.

One build at a time: a build holds an exclusive ``flock`` on ``.site.lock`` (beside
the output) from the start of the build until its output is published or thrown
away.  A second build of the same site waits for it, and says so.  The kernel drops
the lock when a process dies, so a killed build never blocks the next one.

In one step: the finished folder and the published one are swapped with
``renameat2(RENAME_EXCHANGE)`` (Linux 3.15 and later, on ext4, xfs, btrfs, tmpfs,
overlayfs and most local filesystems).  It is one system call, so a reader of
``site/`` (a web server, rsync, a build killed at any moment) finds the old site or
the new one, never none and never half of one.  This was chosen over publishing
``site`` as a symlink to a versioned folder flipped with ``os.replace``: that turns
``site/`` into a symlink, which changes what every tool that copies or uploads it
sees, and it cannot replace the real folder every existing checkout has, nor keep a
user's own symlink, without an exchange anyway.  Where the exchange is not available
(other systems, NFS), the folder is replaced in two renames, and ``site/`` is missing
for the instant between them; a build killed there is repaired by the next one,
which first moves the previous site (``.site.previous-<time>``) back.

A ``site/`` that is a symlink (to a web root, say) stays one: the build is staged
beside the folder it points to and swapped with that folder, so the link keeps
pointing where it pointed and what it points to changes in one step.  That folder's
parent must be writable.

Folders a killed build left behind are removed by the next build, under the lock
(so they belong to no running build); one that cannot be removed is reported and
left, never fatal.  Every filesystem failure is a one-line ``PluginError`` naming the
path.  The lock and the build folders are ignored by git (``/.site.*``).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import logging
import os
import secrets
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.candidates")

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_NOT_SUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP})
_HELD: set[Path] = set()
"""The lock files this process holds, so that a second build in one process fails instead of waiting forever."""


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError, TypeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step; False where the system or the filesystem cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NOT_SUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))


def _cannot(doing: str, error: OSError) -> PluginError:
    return PluginError(f"candidates: cannot {doing}: {error.strerror or error}")


def _failed_build(error: OSError, folder: Path) -> str:
    where = f" on {error.filename}" if error.filename else ""
    if error.filename2:
        where += f", copying it to {error.filename2}"
    return f"candidates: the build failed{where}: {error.strerror or error}; {folder} was left as it was"


def _remove(path: Path) -> OSError | None:
    """Remove a file or a folder tree; the first error, if any part of it stayed."""
    errors: list[OSError] = []

    def record(function: Any, name: str, info: Any) -> None:
        errors.append(info[1])

    try:
        if path.is_symlink() or not path.is_dir():
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(path, onerror=record)
    except OSError as error:
        return error
    return errors[0] if errors else None


class StagedOutput:
    """The output of one build, written beside the published site and swapped in when it finished."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.folder = Path(os.path.realpath(target))
        """The folder that is replaced: the target, or the folder the target's symlink points to."""
        self.lock_path = self._beside("lock")
        self.staging: Path | None = None
        self.finished = False
        self.failed = False
        self.error: BaseException | None = None
        self._lock: int | None = None

    def _beside(self, suffix: str) -> Path:
        return self.folder.with_name(f".{self.folder.name}.{suffix}")

    def start(self) -> Path:
        """Take the lock, clear what killed builds left, and make this build's own folder."""
        if self.folder.exists() and not self.folder.is_dir():
            raise PluginError(f"candidates: cannot publish the site to {self.folder}: it is a file, not a folder")
        try:
            self.folder.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _cannot(f"create the folder {self.folder.parent}", error) from None
        self._acquire()
        self._clear_leftovers()
        # Not tempfile.mkdtemp: its folder is private (0700), and a published site must be readable.
        staging = self._beside(f"build-{secrets.token_hex(6)}")
        try:
            staging.mkdir()
        except OSError as error:
            raise _cannot(f"create a build folder in {self.folder.parent}", error) from None
        self.staging = staging
        return staging

    def finish(self) -> None:
        """The build wrote everything; publish it when the command ends without error."""
        self.finished = True

    def fail(self, error: BaseException | None = None) -> None:
        self.failed = True
        self.error = error
        if self.staging is not None:
            self._discard(self.staging)

    def publish(self) -> bool:
        """Replace the published site with the staged build, if it finished; return whether it did.

        The lock is released in any case.  A build that failed on a filesystem error ends here as a
        one-line ``PluginError``.
        """
        try:
            if self.staging is None:
                return False
            if not self.finished or self.failed:
                self._discard(self.staging)
                if isinstance(self.error, OSError):
                    raise PluginError(_failed_build(self.error, self.folder)) from None
                return False
            retired = self._swap(self.staging)
            if retired is not None:
                self._discard(retired)
            return True
        finally:
            self._release()

    def _swap(self, staging: Path) -> Path | None:
        """Put the staged build in place of the published one; the folder now holding the old site."""
        if not self.folder.exists():
            try:
                staging.rename(self.folder)
            except OSError as error:
                self._discard(staging)
                raise _cannot(f"move the new build {staging} to {self.folder}", error) from None
            return None
        try:
            swapped = exchange(staging, self.folder)
        except OSError as error:
            self._discard(staging)
            raise _cannot(f"swap the new build {staging} with {self.folder}", error) from None
        if swapped:
            return staging
        log.debug(f"candidates: {self.folder.parent} cannot swap folders in one step; replacing {self.folder} in two")
        previous = self._beside(f"previous-{time.time_ns()}")
        try:
            self.folder.rename(previous)
        except OSError as error:
            self._discard(staging)
            raise _cannot(f"move {self.folder} aside to {previous}", error) from None
        try:
            staging.rename(self.folder)
        except OSError as error:
            with contextlib.suppress(OSError):  # if it stays aside, the next build puts it back
                previous.rename(self.folder)
            self._discard(staging)
            raise _cannot(f"move the new build {staging} to {self.folder}", error) from None
        return previous

    def _acquire(self) -> None:
        try:
            descriptor = os.open(self.lock_path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except OSError as error:
            raise _cannot(f"create the lock file {self.lock_path}", error) from None
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if self.lock_path in _HELD:
                    raise PluginError(
                        f"candidates: a build of {self.folder} is already running in this process"
                    ) from None
                log.info(f"candidates: waiting for another build of {self.folder} to finish ({self.lock_path})")
                fcntl.flock(descriptor, fcntl.LOCK_EX)
        except OSError as error:
            os.close(descriptor)
            raise _cannot(f"lock {self.lock_path}", error) from None
        except PluginError:
            os.close(descriptor)
            raise
        self._lock = descriptor
        _HELD.add(self.lock_path)

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None
            _HELD.discard(self.lock_path)

    def _clear_leftovers(self) -> None:
        """Remove what killed builds left; first put back a previous site that was moved aside."""
        name = self.folder.name
        try:
            entries = sorted(self.folder.parent.iterdir())
        except OSError as error:
            raise _cannot(f"list the folder {self.folder.parent}", error) from None
        previous = [p for p in entries if p.name == f".{name}.previous" or p.name.startswith(f".{name}.previous-")]
        if previous and not self.folder.exists() and previous[-1].is_dir():
            try:
                previous[-1].rename(self.folder)
            except OSError as error:
                raise _cannot(f"put the previous site {previous[-1]} back at {self.folder}", error) from None
            log.info(f"candidates: put back the previous site, which a stopped build had moved to {previous[-1]}")
        kinds = (f".{name}.build-", f".{name}.previous-")
        for path in entries:
            if path.name.startswith(kinds) or path.name in (f".{name}.staging", f".{name}.previous"):
                self._discard(path)

    def _discard(self, path: Path) -> None:
        error = _remove(path)
        if error is not None:
            log.info(
                f"candidates: could not remove {path}, left by a build: {error.strerror or error}; "
                "the next build tries again"
            )
