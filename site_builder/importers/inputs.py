"""A dataset's text file read whole, or refused with its file and line: what every importer reads first."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from site_builder.records.realfiles import read_bytes

MAX_INPUT_BYTES = 256 * 1024 * 1024
"""The largest dataset file an importer reads: many times a statewide file of precinct results."""


def read_text(
    path: Path, display: str, error: type[Exception], follow: bool = True, limit: int = MAX_INPUT_BYTES
) -> str:
    """The file's text, decoded as UTF-8 without a byte order mark; ``error`` names the file and line
    of what stops it being read: the file system, a named pipe, a device or socket (never opened or
    waited on), a file over ``limit`` bytes, a byte that is not UTF-8, an empty file.  A link is followed
    to the file it names (a dataset named on the command line may be one) unless not ``follow``."""
    data, refused = read_bytes(path, display, limit, follow=follow)
    if data is None:
        message = refused.message if refused else "the file cannot be read"
        raise error(f"{display}:1: {message}")
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


def csv_rows(path: Path, display: str, error: type[Exception]) -> list[dict[str, str]]:
    """The rows of a CSV table with a header (a dataset's ``Source_Metadata.csv``), read as :func:`read_text`
    reads the file; ``error`` names the file and line of a row that cannot be read."""
    reader = csv.DictReader(io.StringIO(read_text(path, display, error)))
    try:
        return list(reader)
    except csv.Error as failure:
        raise error(f"{display}:{reader.line_num}: the file is not a CSV table: {failure}") from None
