"""Helpers for the publish tests: a folder's files, and folders that cannot be removed or moved."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (followed if it is a symlink) by its relative path, with its bytes; the search
    index, whose chunk names and order Pagefind draws anew at each build, as one entry saying whether it is there."""
    files = {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }
    # Each language's index is a folder of its own: pagefind/, es/pagefind/.
    indexes = {name[: name.index("pagefind/") + len("pagefind/")] for name in files if _in_index(name)}
    kept = {name: data for name, data in files.items() if not _in_index(name)}
    for index in indexes:
        kept[index] = b"pagefind-entry.json" if f"{index}pagefind-entry.json" in files else b"incomplete"
    return kept


def _in_index(name: str) -> bool:
    return name.startswith("pagefind/") or "/pagefind/" in name


def unprivileged() -> list[str]:
    """A command prefix under which file permissions hold, even for root (by dropping the override)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file permissions do not apply")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]


def _chattr(flag: str, path: Path) -> bool:
    chattr = shutil.which("chattr")
    if chattr is None:
        return False
    return subprocess.run([chattr, flag, str(path)], capture_output=True, check=False).returncode == 0


@contextlib.contextmanager
def stuck(folder: Path) -> Iterator[None]:
    """``folder`` (holding a file) cannot be removed while the block runs: its file is immutable for
    root, and the folder read-only for anyone else."""
    inside = folder / "stuck.txt"
    inside.write_text("stuck\n", encoding="utf-8")
    if os.geteuid() == 0:
        if not _chattr("+i", inside):
            pytest.skip("chattr +i is not supported here")
        try:
            yield
        finally:
            _chattr("-i", inside)
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


@contextlib.contextmanager
def immovable(folder: Path) -> Iterator[None]:
    """``folder`` cannot be renamed while the block runs (an immutable folder; root only)."""
    if os.geteuid() != 0 or not _chattr("+i", folder):
        pytest.skip("an immovable folder needs root and chattr +i")
    try:
        yield
    finally:
        _chattr("-i", folder)
