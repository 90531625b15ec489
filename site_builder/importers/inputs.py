"""A dataset's text file read whole, or refused with its file and line: what every importer reads first."""

from __future__ import annotations

from pathlib import Path


def read_text(path: Path, display: str, error: type[Exception]) -> str:
    """The file's text, decoded as UTF-8 without a byte order mark; ``error`` names the file and line
    of what stops it being read: the file system, a byte that is not UTF-8, an empty file."""
    try:
        data = path.read_bytes()
    except OSError as failure:
        raise error(f"{display}:1: the file cannot be read: {failure.strerror}") from None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as failure:
        line = data.count(b"\n", 0, failure.start) + 1
        raise error(
            f"{display}:{line}: the file is not valid UTF-8 (byte 0x{data[failure.start]:02x}); save it as UTF-8"
        ) from None
    if not text.strip():
        raise error(f"{display}:1: the file is empty")
    return text
