"""Problems found in the records: plain data from the loader to the edge.

Only the command line and the MkDocs adapter turn problems into exit codes,
annotations or build errors; everything before them returns lists of these.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import KW_ONLY, asdict, dataclass
from enum import StrEnum

from site_builder.records import encode


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Code(StrEnum):
    """What kind of problem it is: a stable name for tools, annotations and tests, like a linter's rule code.

    Every code is explained, with an example, in :data:`CODES`, which the contributing guide lists.
    """

    # Reading the file
    UNREADABLE = "unreadable-file"
    TOO_LARGE = "file-too-large"
    NOT_UTF8 = "not-utf8"
    TAB = "tab-character"
    EMPTY = "empty-file"
    SYNTAX = "yaml-syntax"
    SEVERAL_DOCUMENTS = "several-documents"
    ANCHOR = "anchor"
    ALIAS = "alias"
    TAG = "tag"
    TOO_DEEP = "too-deep"
    NOT_A_RECORD = "not-a-record"
    BAD_KEY = "bad-key"
    DUPLICATE_KEY = "duplicate-key"
    # Where the file is
    LINK = "link"
    WRONG_EXTENSION = "wrong-extension"
    NOT_A_RECORD_FILE = "not-a-record-file"
    MISPLACED = "misplaced-file"
    INVALID_ID = "invalid-id"
    UNKNOWN_STATE = "unknown-state"
    # The shape of the record
    UNKNOWN_FIELD = "unknown-field"
    EXPECTED_LIST = "expected-list"
    EXPECTED_VALUE = "expected-value"
    EXPECTED_ITEM = "expected-item"
    BAD_SOURCE = "bad-source"
    # Values and keys (the descriptor, through Frictionless)
    WRONG_TYPE = "wrong-type"
    REQUIRED = "required-field"
    NOT_ALLOWED = "not-allowed-value"
    WRONG_FORM = "wrong-form"
    TOO_LONG = "too-long"
    EMPTY_VALUE = "empty-value"
    OUT_OF_RANGE = "out-of-range"
    BROKEN_RULE = "broken-rule"
    NOT_UNIQUE = "not-unique"
    LISTED_TWICE = "listed-twice"
    UNKNOWN_CITY = "unknown-city"
    UNKNOWN_ELECTION = "unknown-election"
    NOT_ON_BALLOT = "not-on-ballot"
    UNKNOWN_REFERENCE = "unknown-reference"
    UNCHECKABLE = "uncheckable"
    BROKEN_SCHEMA = "broken-schema"
    # The project's own rules
    NOT_A_DAY = "not-a-day"
    EMPTY_SOURCE = "empty-source"
    MISSING_COMPANION = "missing-companion-field"
    TOO_FEW_ITEMS = "too-few-items"
    DIVISION_STATE = "division-state"
    ENDORSEMENT_ELECTION = "endorsement-election"
    STALE = "stale-record"
    UNSOURCED = "unsourced-fact"
    SAME_PERSON = "same-person"
    # Building
    NO_SUCH_CITY = "no-such-city"


CODES: dict[Code, tuple[str, str]] = {
    Code.UNREADABLE: ("The file cannot be opened.", "the file cannot be read: Permission denied"),
    Code.TOO_LARGE: ("The file is over the size limit for one record.", "the file is 300 KiB; the limit is 256 KiB"),
    Code.NOT_UTF8: ("The file is not saved as UTF-8 text.", "the file is not valid UTF-8 (byte 0xe9)"),
    Code.TAB: ("YAML does not allow tabs for indentation.", "the file contains a tab character"),
    Code.EMPTY: ("The file holds nothing.", "the file is empty"),
    Code.SYNTAX: (
        "The YAML cannot be read, often for a missing quote or a wrong indent.",
        "YAML syntax error: mapping values are not allowed in this context",
    ),
    Code.SEVERAL_DOCUMENTS: (
        "A `---` line starts a second record in one file.",
        "the file holds more than one YAML document",
    ),
    Code.ANCHOR: ("YAML anchors (`&name`) are refused.", "anchors (`&transit`) are not allowed"),
    Code.ALIAS: ("YAML aliases (`*name`) are refused.", "aliases (`*name`) are not allowed"),
    Code.TAG: (
        "YAML tags (`!!str`, `!!python/...`) are refused.",
        "tags such as `!!python/object/apply:os.system` are not allowed",
    ),
    Code.TOO_DEEP: (
        "Lists and fields nested far deeper than any record needs.",
        "the record is nested more than 20 levels deep",
    ),
    Code.NOT_A_RECORD: (
        "The file is a list or a single value, not `field: value` lines.",
        "a record must be a set of `field: value` lines",
    ),
    Code.BAD_KEY: ("A key is empty, a list or a set of fields.", "every key must be a plain word followed by a colon"),
    Code.DUPLICATE_KEY: (
        "A field is written twice; YAML would keep only the last.",
        "the key `name` appears twice (first on line 1)",
    ),
    Code.LINK: (
        "Records are real files and folders, never symbolic links.",
        "records must be real files and folders, not links",
    ),
    Code.WRONG_EXTENSION: ("Record files end in `.yml`.", "record files end in `.yml`"),
    Code.NOT_A_RECORD_FILE: (
        "A record folder holds a file that is not a record.",
        "this folder holds only `.yml` records",
    ),
    Code.MISPLACED: (
        "The file is at the wrong depth for its kind of record.",
        "the file is not where a record of this kind belongs: candidates/{state}/{city}/{person}.yml",
    ),
    Code.INVALID_ID: (
        "A file or folder name is not an id: lowercase letters, digits and single hyphens.",
        "`Public Transit` is not a valid id: use lowercase letters, digits and single hyphens",
    ),
    Code.UNKNOWN_STATE: (
        "The first folder is not a state's USPS code.",
        "`minn` is not a state: the first folder is the lowercase USPS code",
    ),
    Code.UNKNOWN_FIELD: ("A field the record kind does not have, often a typo.", "unknown field `webiste`"),
    Code.EXPECTED_LIST: (
        "A field that holds a list was given something else.",
        "expected a list of items, each starting with `- `",
    ),
    Code.EXPECTED_VALUE: (
        "A field that holds one value was given a list or fields.",
        "expected a single value, found a list",
    ),
    Code.EXPECTED_ITEM: ("A list item that needs fields is a bare value.", "expected an item with fields"),
    Code.BAD_SOURCE: ("A source is neither an address nor a citation.", "a source is an https address or a citation"),
    Code.WRONG_TYPE: ("A value is not of the field's type.", "`many` is not a whole number"),
    Code.REQUIRED: ("A required field is missing or empty.", "is required but missing"),
    Code.NOT_ALLOWED: ("A value is not one of the field's allowed values.", "`Won` is not an allowed value"),
    Code.WRONG_FORM: (
        "A value does not have the field's form (an https address, a date, an id).",
        "`www.example.org` is not in the expected form",
    ),
    Code.TOO_LONG: ("A value is over the field's length limit.", "is 2100 characters long; the limit is 2000"),
    Code.EMPTY_VALUE: ("A field that must say something is empty.", "must not be empty"),
    Code.OUT_OF_RANGE: (
        "A number is below the field's minimum or above its maximum.",
        "`120` is out of range: it must be at most 100",
    ),
    Code.BROKEN_RULE: ("A value breaks another rule of the field.", "`x` breaks the rule `format`"),
    Code.NOT_UNIQUE: (
        "A value that must be unique is used by another record.",
        "`ocd-division/country:us/state:mn/place:duluth` is already used by another record",
    ),
    Code.LISTED_TWICE: (
        "The same item is listed twice in one record.",
        "this candidacy is listed twice (election `2025-11-04-general`, office `Mayor`)",
    ),
    Code.UNKNOWN_CITY: (
        "A candidate's folder names a city without a city record.",
        "there is no city record `cities/mn/duluth.yml`",
    ),
    Code.UNKNOWN_ELECTION: (
        "A candidacy or endorsement names an election the city does not list.",
        "`2025-11-05-general` is not one of the elections of mn/minneapolis",
    ),
    Code.NOT_ON_BALLOT: (
        "A candidacy names an office that is not on that election's ballot.",
        "`Sheriff` is not on the ballot of 2025-11-04-general",
    ),
    Code.UNKNOWN_REFERENCE: ("A topic or organisation id that has no record.", "unknown topic `transport`"),
    Code.UNCHECKABLE: ("An item Frictionless could not check.", "this item cannot be checked: the row is malformed"),
    Code.BROKEN_SCHEMA: (
        "The descriptor itself is invalid: a maintainer's problem.",
        "the schema itself is broken: descriptor is not valid",
    ),
    Code.NOT_A_DAY: ("A date that is not a day of the calendar.", "`2025-02-30` is not a day of the calendar"),
    Code.EMPTY_SOURCE: ("A citation with neither a url nor a title.", "a source needs a `url` or a `title`"),
    Code.MISSING_COMPANION: (
        "A field given without the fields that must come with it.",
        "a photo needs `photo_license`",
    ),
    Code.TOO_FEW_ITEMS: ("A record without the list items it must have.", "the candidate has no candidacies"),
    Code.DIVISION_STATE: (
        "A city's Open Civic Data id is in another state than its folder.",
        "`ocd-division/country:us/state:wi/place:duluth` is not in the state of this record's folder (mn)",
    ),
    Code.ENDORSEMENT_ELECTION: (
        "An endorsement for an election the candidate is not running in.",
        "the candidate has no candidacy in `2021-11-02-general`",
    ),
    Code.STALE: (
        "Warning: a record not checked for a long time while its candidate is on an upcoming ballot.",
        "last verified 2025-01-10, more than 180 days ago, and the candidate is on the ballot on 2025-11-04",
    ),
    Code.UNSOURCED: ("Warning: a fact with no source.", "this platform position has no source"),
    Code.SAME_PERSON: (
        "Warning: two candidates in one city whose names look like one person's.",
        "`Jane  Doe` looks like the same person as candidates/mn/minneapolis/jane-doe.yml",
    ),
    Code.NO_SUCH_CITY: ("A one-city preview names a city with no record.", "there is no such city to preview"),
}
"""Each code's meaning and an example message, for the contributing guide."""


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
    _: KW_ONLY
    code: Code

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_text(self) -> str:
        """One line for the terminal and logs; it starts with the path, and record text cannot end it."""
        where = f"{encode.text(self.path)}:{self.line}:{self.column}"
        label = "" if self.is_error else "warning: "
        field = f"{encode.text(self.field)}: " if self.field else ""
        line = f"{where}: {label}{field}{encode.text(self.message)}"
        if self.hint:
            line += f" (hint: {encode.text(self.hint)})"
        return line

    def as_github(self) -> str:
        """A workflow command that makes an annotation on the file: one line, whatever the values hold.

        The runner decodes the values, so the annotation shows them exactly, line breaks included.
        """
        command = "error" if self.is_error else "warning"
        title = encode.workflow_property(f"{self.field or 'record'} [{self.code}]")
        body = self.message + (f" (hint: {self.hint})" if self.hint else "")
        return (
            f"::{command} file={encode.workflow_property(self.path)},line={self.line},"
            f"col={self.column},title={title}::{encode.workflow_data(body)}"
        )

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["code"] = self.code.value
        return data


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
    """Render problems for the terminal (`text`), GitHub Actions (`github`) or tools (`json`).

    The text and github styles show record text through :mod:`site_builder.records.encode`, one problem
    to a line.  The json style keeps every value exact; ``ensure_ascii`` writes each control and
    non-ASCII character as a ``\\u`` escape, so no value can split the document's lines either.
    """
    if style == "json":
        return json.dumps(
            {
                "files": files,
                "errors": len(errors(problems)),
                "warnings": len(problems) - len(errors(problems)),
                "problems": [p.as_dict() for p in problems],
            },
            indent=2,
            ensure_ascii=True,
        )
    if style == "github":
        lines = [p.as_github() for p in problems] + [p.as_text() for p in problems]
    else:
        lines = [p.as_text() for p in problems]
    return "\n".join([*lines, summary(problems, files)])


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """``did you mean `x`?`` for the closest of ``choices``, or an empty string."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""
