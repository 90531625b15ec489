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
    FORBIDDEN_CHARACTER = "forbidden-character"
    TOO_MANY_MARKS = "too-many-marks"
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
    MODELINE = "schema-modeline"
    # Where the file is
    LINK = "link"
    SPECIAL_FILE = "special-file"
    OUTSIDE_ROOT = "outside-root"
    HIDDEN_FOLDER = "hidden-folder"
    WRONG_EXTENSION = "wrong-extension"
    NOT_A_RECORD_FILE = "not-a-record-file"
    MISPLACED = "misplaced-file"
    INVALID_ID = "invalid-id"
    RESERVED_ID = "reserved-id"
    UNKNOWN_STATE = "unknown-state"
    # The shape of the record
    UNKNOWN_FIELD = "unknown-field"
    EXPECTED_LIST = "expected-list"
    EXPECTED_VALUE = "expected-value"
    LINE_BREAK = "line-break"
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
    NO_ID_LETTERS = "no-id-letters"
    NOT_UNIQUE = "not-unique"
    LISTED_TWICE = "listed-twice"
    UNKNOWN_CITY = "unknown-city"
    UNKNOWN_ELECTION = "unknown-election"
    NOT_ON_BALLOT = "not-on-ballot"
    NOT_IN_RACE = "not-in-race"
    UNKNOWN_QUESTION = "unknown-question"
    UNKNOWN_REFERENCE = "unknown-reference"
    UNCHECKABLE = "uncheckable"
    BROKEN_SCHEMA = "broken-schema"
    # The project's own rules
    NOT_A_DAY = "not-a-day"
    EMPTY_SOURCE = "empty-source"
    MISSING_COMPANION = "missing-companion-field"
    DAY_RULE = "day-rule"
    TOO_FEW_ITEMS = "too-few-items"
    DIVISION_STATE = "division-state"
    ENDORSEMENT_ELECTION = "endorsement-election"
    OUT_OF_ORDER = "out-of-order"
    STALE = "stale-record"
    UNSOURCED = "unsourced-fact"
    FUTURE_DATE = "future-date"
    SAME_PERSON = "same-person"
    POSSIBLY_SAME_PERSON = "possibly-same-person"
    OTHER_NAME_IS_NAME = "other-name-is-name"
    NOT_SAME_AS_ITSELF = "not-same-as-itself"
    OTHER_CITY_CANDIDATE = "other-city-candidate"
    NOT_ASKED = "not-asked"
    # Building
    NO_SUCH_CITY = "no-such-city"
    NO_HISTORY = "no-history"
    SHALLOW_HISTORY = "shallow-history"
    HISTORY_DATE = "history-date"
    HISTORY_NAME = "history-file-name"
    HISTORY_RECORD = "history-record"


CODES: dict[Code, tuple[str, str]] = {
    Code.UNREADABLE: ("The file cannot be opened.", "the file cannot be read: Permission denied"),
    Code.TOO_LARGE: (
        "The file is over the size limit for one record.",
        "the file is 300 KiB; the limit is 256 KiB (hint: a record this large is almost certainly a mistake; split or shorten it)",
    ),
    Code.NOT_UTF8: (
        "The file is not saved as UTF-8 text.",
        "the file is not valid UTF-8 (byte 0xe9) (hint: save the file with UTF-8 encoding)",
    ),
    Code.TAB: (
        "YAML does not allow tabs for indentation.",
        "the file contains a tab character (hint: indent with spaces; YAML does not allow tabs)",
    ),
    Code.FORBIDDEN_CHARACTER: (
        "An invisible or text-reordering character: a control, a bidirectional override, a line separator or a noncharacter.",
        "U+202E (RIGHT-TO-LEFT OVERRIDE) is not allowed in a record (hint: delete it; such characters are invisible or change how the text around them reads)",
    ),
    Code.TOO_MANY_MARKS: (
        "A letter carrying more combining marks than any script needs.",
        "more than 4 combining marks on one letter (hint: remove the extra marks; a letter needs at most a few accents)",
    ),
    Code.EMPTY: ("The file holds nothing.", "the file is empty (hint: a record is a list of `field: value` lines)"),
    Code.SYNTAX: (
        "The YAML cannot be read, often for a missing quote or a wrong indent.",
        "YAML syntax error: mapping values are not allowed in this context (hint: check the indentation and quote values that contain a colon followed by a space or start with a special character)",
    ),
    Code.SEVERAL_DOCUMENTS: (
        "A `---` line starts a second record in one file.",
        "the file holds more than one YAML document (hint: keep one record per file and remove the `---` line)",
    ),
    Code.ANCHOR: (
        "YAML anchors (`&name`) are refused.",
        "name: anchors (`&transit`) are not allowed (hint: write each value out in full)",
    ),
    Code.ALIAS: (
        "YAML aliases (`*name`) are refused.",
        "description: aliases (`*name`) are not allowed (hint: write the value out in full)",
    ),
    Code.TAG: (
        "YAML tags (`!!str`, `!!python/...`) are refused.",
        "name: tags such as `!!python/object/apply:os.system` are not allowed (hint: remove the tag)",
    ),
    Code.TOO_DEEP: (
        "Lists and fields nested far deeper than any record needs.",
        "bio: the record is nested more than 20 levels deep",
    ),
    Code.NOT_A_RECORD: (
        "The file is a list or a single value, not `field: value` lines.",
        "a record must be a set of `field: value` lines (hint: start each line with a field name and a colon)",
    ),
    Code.BAD_KEY: (
        "A key is empty, a list or a set of fields.",
        "name: every key must be a plain word followed by a colon",
    ),
    Code.DUPLICATE_KEY: (
        "A field is written twice; YAML would keep only the last.",
        "name: the key `name` appears twice (first on line 1) (hint: keep one of them)",
    ),
    Code.MODELINE: (
        "Warning: the first line is not the editor's schema line for this kind of record, which `site-builder fmt` writes.",
        "warning: the file does not start with the editor's schema line (hint: run `site-builder fmt`, which adds `# yaml-language-server: $schema=../schema/topic.schema.json`)",
    ),
    Code.LINK: (
        "Records are real files and folders, never symbolic links.",
        "records must be real files and folders, not links (hint: replace the link with the file or folder itself)",
    ),
    Code.SPECIAL_FILE: (
        "Records are regular files: a named pipe (FIFO), a device or a socket is never opened or read.",
        "this is a named pipe (FIFO), not a regular file, so it is not read (hint: replace it with the file itself)",
    ),
    Code.OUTSIDE_ROOT: (
        "A record whose real location, links resolved, is outside the directory of records.",
        "the file's real location is outside the directory of records, so it is not read (hint: move the record into its folder; no folder on its way may be a link)",
    ),
    Code.HIDDEN_FOLDER: (
        "Warning: a folder whose name starts with a dot, whose records are not read.",
        "warning: the records in this hidden folder are not read (hint: move them out of the hidden folder to publish them, or keep drafts outside the record folders)",
    ),
    Code.WRONG_EXTENSION: (
        "Record files end in `.yml`.",
        "record files end in `.yml` (hint: rename it to transit.yml)",
    ),
    Code.NOT_A_RECORD_FILE: (
        "A record folder holds a file that is not a record.",
        "this folder holds only `.yml` records (hint: records live at organizations/{org}.yml)",
    ),
    Code.MISPLACED: (
        "The file is at the wrong depth for its kind of record.",
        "the file is not where a record of this kind belongs: candidates/{state}/{city}/{person}.yml (hint: move it to the right folder)",
    ),
    Code.INVALID_ID: (
        "A file or folder name is not an id: lowercase letters, digits and single hyphens.",
        "`Public Transit` is not a valid id: use lowercase letters, digits and single hyphens (hint: rename it to `public-transit`)",
    ),
    Code.RESERVED_ID: (
        "A record's id, its file's name, has the form of a page the site makes in the same folder, such as a city's guide (`guide-…`) or a race's comparison (`compare-…`) beside the city's candidates.",
        "`guide-2025-11-04-general` is the address of a page the site makes: no record's id may be `guide-` and anything (hint: rename the file, for example to `2025-11-04-general-guide.yml`)",
    ),
    Code.UNKNOWN_STATE: (
        "The first folder is not a state's USPS code.",
        "`minn` is not a state: the first folder is the lowercase USPS code (hint: did you mean `mn`?)",
    ),
    Code.UNKNOWN_FIELD: (
        "A field the record kind does not have, often a typo.",
        "colour: unknown field `colour` (hint: fields allowed here: name, description, translations)",
    ),
    Code.EXPECTED_LIST: (
        "A field that holds a list was given something else.",
        "candidacies: expected a list of items, each starting with `- ` (hint: put each item on its own line after the field, starting with `- `)",
    ),
    Code.EXPECTED_VALUE: (
        "A field that holds one value was given a list or fields.",
        "description: expected a single value, found a set of fields (hint: write the value on the same line as the field name)",
    ),
    Code.LINE_BREAK: (
        "A line break in a field that holds one line.",
        "name: a line break is not allowed here (hint: write the value on one line; only bio, position and description hold paragraphs)",
    ),
    Code.EXPECTED_ITEM: (
        "A list item that needs fields is a bare value.",
        "platform[1]: expected an item with fields (hint: write `- topic: ...` with the fields topic, position)",
    ),
    Code.BAD_SOURCE: (
        "A source is neither an address nor a citation.",
        "platform[1].source: a source is an https address or a citation (hint: write `- https://...` or a citation with title, publisher, date and url)",
    ),
    Code.WRONG_TYPE: (
        "A value is not of the field's type.",
        "candidacies[1].incumbent: `yes` is not true or false (hint: write true or false)",
    ),
    Code.REQUIRED: (
        "A required field is missing or empty.",
        "description: is required but missing (hint: add `description: City minimum wage ordinances and their enforcement.`)",
    ),
    Code.NOT_ALLOWED: (
        "A value is not one of the field's allowed values.",
        "kind: `advocacy group` is not an allowed value (hint: did you mean `advocacy-group`? allowed: union, party, advocacy-group, pac, newspaper, network, community-group, other)",
    ),
    Code.WRONG_FORM: (
        "A value does not have the field's form (an https address, a date, an id).",
        "website: `http://example.org/transit-riders` is not in the expected form (hint: use the full https:// address)",
    ),
    Code.TOO_LONG: (
        "A value is over the field's length limit.",
        "name: is 88 characters long; the limit is 80 (hint: shorten it)",
    ),
    Code.EMPTY_VALUE: (
        "A field that must say something is empty.",
        "name: must not be empty (hint: for example `name: Minneapolis`)",
    ),
    Code.OUT_OF_RANGE: (
        "A number is below the field's minimum or above its maximum.",
        "candidacies[1].vote_share: `101` is out of range: it must be at most 100",
    ),
    Code.BROKEN_RULE: ("A value breaks another rule of the field.", "name: `x` breaks the rule `format`"),
    Code.NO_ID_LETTERS: (
        "A value an id is made from (an office, a date) has no letters or digits a–z, 0–9 to make it of.",
        "elections[2].offices[2].office: `市長` has no letters or digits (a–z, 0–9) to make an id from (hint: write it with at least one letter a–z, such as `Mayor`)",
    ),
    Code.NOT_UNIQUE: (
        "A value that must be unique is used by another record.",
        "ocd_id: `ocd-division/country:us/state:mn/place:minneapolis` is already used by another record (hint: each record needs its own value)",
    ),
    Code.LISTED_TWICE: (
        "The same item is listed twice in one record.",
        "elections[2]: this election is listed twice (id `2025-11-04-general`) (hint: remove or merge the repeated item)",
    ),
    Code.UNKNOWN_CITY: (
        "A candidate's folder names a city without a city record.",
        'there is no city record `cities/mn/duluth.yml` (hint: add it first: site-builder new city mn/duluth "City name")',
    ),
    Code.UNKNOWN_ELECTION: (
        "A candidacy or endorsement names an election the city does not list.",
        "candidacies[1].election: `2025-11-04-general` is not one of the elections of mn/duluth (hint: the city's elections are: none yet (an election's id is its date, then its kind))",
    ),
    Code.NOT_ON_BALLOT: (
        "A candidacy names an office that is not on that election's ballot.",
        "candidacies[1].office: `City Council` is not on the ballot of 2025-11-04-general (hint: offices on that ballot: City Council (Ward 3); Mayor; add it to the election's offices in cities/mn/minneapolis.yml)",
    ),
    Code.NOT_IN_RACE: (
        "A ranked-choice round counts votes for a candidate who has no candidacy in that race.",
        "elections[1].offices[1].rounds[1].counts[2].candidate: `jane-roe` has no candidacy in this race (mayor, 2021-11-02-general) (hint: candidates with a candidacy in it: jane-doe; or add the candidacy to candidates/mn/minneapolis/jane-roe.yml)",
    ),
    Code.UNKNOWN_QUESTION: (
        "A candidate's answer names a question its questionnaire does not ask.",
        "answers[1].question: `rent-control` is not a question of mn/minneapolis/2025-tenants (hint: did you mean `right-to-counsel`?)",
    ),
    Code.UNKNOWN_REFERENCE: (
        "A topic, organisation or questionnaire id that has no record.",
        "endorsements[1].organization: unknown organisation `sierra-club` (hint: known organisations: example-union)",
    ),
    Code.UNCHECKABLE: (
        "An item Frictionless could not check.",
        "candidacies[1]: this item cannot be checked: the row is malformed",
    ),
    Code.BROKEN_SCHEMA: (
        "The descriptor itself is invalid: a maintainer's problem.",
        "cities: the schema itself is broken: the descriptor is not valid",
    ),
    Code.NOT_A_DAY: (
        "A date that is not a day of the calendar.",
        "sources[1].date: `2017-02-30` is not a day of the calendar (hint: check the day of the month, or write only YYYY-MM)",
    ),
    Code.EMPTY_SOURCE: (
        "A citation with neither a url nor a title.",
        "sources[1]: a source needs a `url` or a `title` (hint: cite the article: its title, publisher, date and url)",
    ),
    Code.DAY_RULE: (
        "A state's election day rule that the law fixes gives no whole day (the years, month, week and weekday, "
        "and the day a filing period ends), or one left to each city's charter gives a day, or an election day "
        "has an end, or a city chooses its election years where its state's law lets none choose.",
        "election_days[1]: a day the state's law fixes needs `month` (hint: give `years`, `month`, `week` and "
        "`weekday` as the statute words them, or write `set_by: city-charter` when it leaves the day to each city)",
    ),
    Code.MISSING_COMPANION: (
        "A field given without the fields that must come with it.",
        "photo_url: a photo needs `photo_credit` (hint: only use photos whose licence allows reuse, and credit the photographer)",
    ),
    Code.TOO_FEW_ITEMS: (
        "A record without the list items it must have.",
        "the candidate has no candidacies (hint: add `candidacies:` with the election, office and status)",
    ),
    Code.DIVISION_STATE: (
        "A city's Open Civic Data id is in another state than its folder.",
        "ocd_id: `ocd-division/country:us/state:wi/place:duluth` is not in the state of this record's folder (mn) (hint: the id should start with ocd-division/country:us/state:mn/)",
    ),
    Code.ENDORSEMENT_ELECTION: (
        "An endorsement for an election the candidate is not running in.",
        "endorsements[1].election: the candidate has no candidacy in `2021-11-02-general` (hint: endorse one of the candidate's candidacies, or add that candidacy)",
    ),
    Code.OUT_OF_ORDER: (
        "List items that must be numbered in order, such as the rounds of a ranked-choice count, are not.",
        "elections[1].offices[1].rounds[2].round: `4` is out of order: item 2 of the list is round 3 (hint: number the rounds 2, 3, 4 ... in order)",
    ),
    Code.STALE: (
        "Warning: a record not checked for a long time while its candidate is on an upcoming ballot.",
        "warning: last_verified: last verified 2025-01-02, more than 180 days ago, and the candidate is on the ballot on 2025-11-04 (hint: check the record against its sources and update `last_verified`)",
    ),
    Code.UNSOURCED: (
        "A fact with no source of its own: a record without `sources:`, or an item listed in it (a candidacy, an election, an officeholder, a platform position, an endorsement, the results of a race) without its own.",
        "endorsements[1]: this endorsement has no source (hint: add `source:` with the article or page that reports it)",
    ),
    Code.FUTURE_DATE: (
        "A date that cannot be later than today, such as `last_verified`, is in the future.",
        "last_verified: 2031-01-02 is in the future (today is 2025-10-15) (hint: write the day the record was checked against its sources: today or earlier)",
    ),
    Code.SAME_PERSON: (
        "Warning: two candidates in one city whose names, or other names, look like one person's.",
        "warning: name: `Jose Nunez` looks like the same person as candidates/mn/minneapolis/jose-a-nunez-jr.yml (hint: merge the two records, or tell them apart in `name`)",
    ),
    Code.POSSIBLY_SAME_PERSON: (
        "Warning: two candidates in one city who share a surname and ran for one seat, and no reviewed decision says whether they are one person.",
        "warning: name: `Jane Doe` may be the same person as `Janie Doe` (candidates/mn/minneapolis/janie-doe.yml): both ran for Mayor (Jane Doe in 2021 and 2025, Janie Doe in 2025) (hint: if a source gives both names for one person, merge the two records and list the other name under `other_names:`, citing it; if one shows two people, write `candidate: mn/minneapolis/janie-doe` under `not_same_person:`, citing it; `site-builder review people` lists every open pair)",
    ),
    Code.OTHER_NAME_IS_NAME: (
        "An item of a candidate's `other_names` that is the record's own name, as imports compare names (case, accents, punctuation, initials and suffixes aside).",
        "other_names[1].name: `JANE DOE` is the record's own name, `Jane Doe`, as imports compare names (hint: an import matches it with `name` already: list only names that differ in more than case, accents, punctuation, initials or suffixes)",
    ),
    Code.NOT_SAME_AS_ITSELF: (
        "A candidate's `not_same_person` that names the candidate's own record.",
        "not_same_person[1].candidate: `mn/minneapolis/jane-doe` is this record (hint: name the other candidate record, the one a review found to be another person)",
    ),
    Code.OTHER_CITY_CANDIDATE: (
        "An officeholder's `candidate` or `not_candidate`, or a candidate's `not_same_person`, that names a candidate record of another city.",
        "officeholders[1].candidate: `wi/madison/john-roe` is a candidate of wi/madison, not of mn/minneapolis (hint: link only a candidate of the same city: mn/minneapolis/<person>)",
    ),
    Code.NOT_ASKED: (
        "A candidate's answer to a questionnaire that does not ask the candidate's race: not one of the offices it lists, or another election or city.",
        "answers[1].questionnaire: `mn/minneapolis/2025-tenants` asks the candidates for Mayor in 2025-11-04-general, and the candidate runs for none of them (hint: answer only a questionnaire sent to the candidate's own race, or add the office to the questionnaire's `offices`)",
    ),
    Code.NO_SUCH_CITY: (
        "A one-city preview names a city with no record.",
        "there is no such city to preview (hint: give the city as <state>/<city>, such as mn/minneapolis)",
    ),
    Code.NO_HISTORY: (
        "The site is built without the feeds of changes, which come from the records' git history: git is missing, or the records are not in a git checkout.",
        "the feeds of changes are left out: /tmp/records is not in a git checkout (hint: build from a git clone of the repository, with git installed, to publish them)",
    ),
    Code.SHALLOW_HISTORY: (
        "The repository is a shallow clone, so the feeds of changes hold only the history it has.",
        "the repository is a shallow clone: the feeds of changes hold only the history present (1 commit that changed records) (hint: run `git fetch --unshallow`, or check out with `fetch-depth: 0` in the workflow that builds the site)",
    ),
    Code.HISTORY_DATE: (
        "A commit of the records' git history whose date cannot be read or is out of range, such as one written by hand: the feeds of changes leave it out.",
        "the feeds of changes leave out 1 commit whose date cannot be read or is out of range, such as 5f1c0a9e2b7d (hint: see its committer line with `git cat-file -p 5f1c0a9e2b7d`; the other commits' changes are in the feeds)",
    ),
    Code.HISTORY_NAME: (
        "A file of the records' git history whose name no record file can have (a control character, a byte that is not UTF-8, another extension): the feeds of changes leave it out.",
        "the feeds of changes leave out 2 files of the history whose names no record file can have, such as `candidates/mn/minneapolis/jane\\x01doe.yml` (hint: no record is lost: such a file was never read as one, and validation refuses such a name)",
    ),
    Code.HISTORY_RECORD: (
        "A record as a commit of the git history left it that cannot be read: over the size limit (it is not read at all), not UTF-8 text, or refused by the loader; its feed entry is told without it.",
        "the feeds of changes cannot read 1 record as the history holds them, such as `candidates/mn/minneapolis/jane-doe.yml` in commit 5f1c0a9e2b7d: over the size limit, not UTF-8 text, or refused by the loader (hint: their entries say only what the path and the current records tell, and quote nothing of them)",
    ),
}
"""Each code's meaning and an example, as `validate` prints it after the file and line, for the contributing guide."""


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
