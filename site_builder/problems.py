"""Problems found in the records: plain data from the loader to the edge.

Only the command line and the MkDocs adapter turn problems into exit codes,
annotations or build errors; everything before them returns lists of these.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file."""

    path: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_text(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        label = "" if self.is_error else "warning: "
        field = f"{self.field}: " if self.field else ""
        text = f"{where}: {label}{field}{self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def as_github(self) -> str:
        command = "error" if self.is_error else "warning"
        title = _escape_property(f"{self.field or 'record'}")
        body = self.message + (f" (hint: {self.hint})" if self.hint else "")
        return (
            f"::{command} file={_escape_property(self.path)},line={self.line},"
            f"col={self.column},title={title}::{_escape_data(body)}"
        )

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.column, p.field, p.message))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def summary(problems: list[Problem], files: int) -> str:
    n_errors = len(errors(problems))
    n_warnings = len(problems) - n_errors
    return (
        f"{files} file{'s' if files != 1 else ''} checked: "
        f"{n_errors} error{'s' if n_errors != 1 else ''}, "
        f"{n_warnings} warning{'s' if n_warnings != 1 else ''}"
    )


def render(problems: list[Problem], style: str, files: int) -> str:
    """Render problems for the terminal (`text`), GitHub Actions (`github`) or tools (`json`)."""
    if style == "json":
        return json.dumps(
            {
                "files": files,
                "errors": len(errors(problems)),
                "warnings": len(problems) - len(errors(problems)),
                "problems": [p.as_dict() for p in problems],
            },
            indent=2,
        )
    if style == "github":
        lines = [p.as_github() for p in problems] + [p.as_text() for p in problems]
    else:
        lines = [p.as_text() for p in problems]
    return "\n".join([*lines, summary(problems, files)])
