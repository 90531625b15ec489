"""Strict YAML loading: every scalar stays a string and every value remembers its line.

PyYAML's C parser produces the events; this module builds plain dicts, lists and
strings from them and refuses what a record never needs and a contributor rarely
means: anchors and aliases, explicit tags, duplicate keys, several documents,
tabs, bytes that are not UTF-8 and files over a size limit.  Implicit typing is
off (no ``NO`` becoming false, no ``02134`` becoming 1116, no bare dates): the
Frictionless schema casts values later, with messages a contributor can act on.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml import events
from yaml.cyaml import CParser  # type: ignore[attr-defined]

from site_builder.records import characters, realfiles
from site_builder.records.problems import Code, Problem, Severity

MAX_BYTES = 256 * 1024
MAX_DEPTH = 20
NULLS = frozenset({"", "~", "null", "Null", "NULL"})

Mark = tuple[int, int]
"""A 1-based (line, column) position in a file."""


class Mapping(dict[str, Any]):
    """A YAML mapping that knows where it, each key and each value start."""

    __slots__ = ("key_marks", "mark", "value_marks")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[str, Mark] = {}
        self.value_marks: dict[str, Mark] = {}


class Sequence(list[Any]):
    """A YAML sequence that knows where it and each item start."""

    __slots__ = ("item_marks", "mark")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []


class _Frame:
    """An open mapping or sequence: where it sits in the record and the key awaiting its value."""

    __slots__ = ("container", "key", "parent", "slot")

    def __init__(self, container: Mapping | Sequence, parent: _Frame | None, slot: str | int | None) -> None:
        self.container = container
        self.parent = parent
        self.slot = slot
        """The container's key in its parent mapping or index in its parent sequence."""
        self.key: str | None = None

    @property
    def path(self) -> str:
        """The container's field path, such as ``candidacies[2].source``; worked out only when asked for."""
        if self.parent is None or self.slot is None:
            return ""
        return _child_path(self.parent.path, self.slot)


class _Reject(Exception):
    def __init__(self, code: Code, mark: Mark, field: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.mark = mark
        self.field = field
        self.message = message
        self.hint = hint


def _mark(event: events.Event | None) -> Mark:
    mark = event.start_mark if event is not None else None
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _position(text: str | bytes, index: int) -> Mark:
    newline = "\n" if isinstance(text, str) else b"\n"
    line = text.count(newline, 0, index) + 1  # type: ignore[arg-type]
    column = index - (text.rfind(newline, 0, index) + 1) + 1  # type: ignore[arg-type]
    return (line, column)


def _child_path(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key + 1}]"
    return f"{path}.{key}" if path else key


_SCALAR = events.ScalarEvent
_MAPPING_START, _MAPPING_END = events.MappingStartEvent, events.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = events.SequenceStartEvent, events.SequenceEndEvent


class _Builder:
    """Turns a stream of parser events into one record, refusing hazards.

    Records are mostly scalars, so the loop tests for them first and keeps the common, valid
    case to a few operations; a value's field path is worked out only for a problem.
    """

    def __init__(self) -> None:
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.problems: list[tuple[Mark, str, str, str]] = []
        self.refusals: list[tuple[Code, Mark, str, str, str]] = []
        """Values the character policy refuses: problems, though the record can still be read."""

    def run(self, parser: CParser) -> Any:
        next_event = parser.get_event
        next_event()  # stream start
        if parser.check_event(events.StreamEndEvent):
            raise _Reject(Code.EMPTY, (1, 1), "", "the file is empty", "a record is a list of `field: value` lines")
        next_event()  # document start
        stack = self.stack
        while True:
            # Exact type tests and inline marks: this loop runs for every event of every record.
            event: Any = next_event()
            kind = type(event)
            if kind is _SCALAR:
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    self.refuse(event)
                start = event.start_mark
                value = event.value
                if event.style == '"' or not value.isascii():
                    value = self.checked(value, (start.line + 1, start.column + 1))
                self.add(None if not event.style and value in NULLS else value, (start.line + 1, start.column + 1))
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                    self.refuse(event)
                start = event.start_mark
                mark = (start.line + 1, start.column + 1)
                container = Mapping(mark) if kind is _MAPPING_START else Sequence(mark)
                if stack:
                    parent = stack[-1]
                    slot = parent.key if parent.key is not None else len(parent.container)
                    self.add(container, mark)
                    stack.append(_Frame(container, parent, slot))
                else:
                    self.root = container
                    stack.append(_Frame(container, None, None))
            elif kind is _MAPPING_END or kind is _SEQUENCE_END:
                stack.pop()
            elif kind is events.DocumentEndEvent:
                break
            else:  # an alias, the only other event inside a document
                self.refuse(event)
        if not parser.check_event(events.StreamEndEvent):
            extra = next_event()
            raise _Reject(
                Code.SEVERAL_DOCUMENTS,
                _mark(extra),
                "",
                "the file holds more than one YAML document",
                "keep one record per file and remove the `---` line",
            )
        return self.root

    def checked(self, value: str, mark: Mark) -> str:
        """A value that escapes or other scripts may have made: refused by the character policy, or in form C."""
        found = characters.refused(value)
        if found:
            # Reported, and the record still read, so that its other problems are found in the same run.
            self.refusals.append((_character_code(found), mark, self.path(), found.message, found.hint))
            return value
        return characters.normal(value)

    def refuse(self, event: events.NodeEvent) -> None:
        """Raise the reason an alias, anchor, tag or nesting level is not allowed."""
        mark, path = _mark(event), self.path()
        if isinstance(event, events.AliasEvent):
            raise _Reject(Code.ALIAS, mark, path, "aliases (`*name`) are not allowed", "write the value out in full")
        if event.anchor is not None:
            raise _Reject(
                Code.ANCHOR, mark, path, f"anchors (`&{event.anchor}`) are not allowed", "write each value out in full"
            )
        tag = _short_tag(str(getattr(event, "tag", None)))
        if isinstance(event, events.ScalarEvent):
            raise _Reject(
                Code.TAG, mark, path, f"tags such as `{tag}` are not allowed", "remove the tag and quote the value"
            )
        if isinstance(event, events.CollectionStartEvent) and event.tag is not None:
            raise _Reject(Code.TAG, mark, path, f"tags such as `{tag}` are not allowed", "remove the tag")
        raise _Reject(Code.TOO_DEEP, mark, path, f"the record is nested more than {MAX_DEPTH} levels deep")

    def path(self) -> str:
        """The field path of the next value to arrive."""
        if not self.stack:
            return ""
        frame = self.stack[-1]
        if isinstance(frame.container, Mapping):
            return _child_path(frame.path, frame.key) if frame.key is not None else frame.path
        return _child_path(frame.path, len(frame.container))

    def add(self, value: Any, mark: Mark) -> None:
        """Place a value in the open container."""
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        parent = frame.container
        if isinstance(parent, Sequence):
            parent.append(value)
            parent.item_marks.append(mark)
            return
        key = frame.key
        if key is None:
            if not isinstance(value, str) or value == "":
                raise _Reject(Code.BAD_KEY, mark, frame.path, "every key must be a plain word followed by a colon")
            if value in parent:
                first = parent.key_marks[value][0]
                self.problems.append(
                    (
                        mark,
                        _child_path(frame.path, value),
                        f"the key `{value}` appears twice (first on line {first})",
                        "keep one of them",
                    )
                )
            else:
                parent.key_marks[value] = mark
            frame.key = value
            return
        frame.key = None
        if key not in parent:
            parent[key] = value
            parent.value_marks[key] = mark


def load_text(text: str, display: str) -> tuple[Mapping | None, list[Problem]]:
    """Parse one record's text; ``display`` is the path used in problems.

    Line breaks are read the same whichever way they are written (LF, CRLF or a lone CR), so
    line numbers are those an editor shows; the character policy (:mod:`characters`) is
    applied to the whole text first, comments included.
    """
    root, found, parsed = _parse(text, display)
    if not parsed:
        return None, found
    if not isinstance(root, Mapping):
        return None, [
            *found,
            Problem(
                display,
                1,
                1,
                "",
                "a record must be a set of `field: value` lines",
                "start each line with a field name and a colon",
                code=Code.NOT_A_RECORD,
            ),
        ]
    return (None if _duplicates(found) else root), found


def parse_text(text: str, display: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text as strictly as a record, whatever its top level is (a list of an importer's
    input, say): the value, or None, with the problems found."""
    root, found, parsed = _parse(text, display)
    return (root if parsed and not _duplicates(found) else None), found


def _duplicates(found: list[Problem]) -> bool:
    return any(problem.code is Code.DUPLICATE_KEY for problem in found)


def _parse(text: str, display: str) -> tuple[Any, list[Problem], bool]:
    """The text's value, the problems found, and whether it was parsed to the end."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    tab = text.find("\t")
    if tab >= 0:
        line, column = _position(text, tab)
        return (
            None,
            [
                Problem(
                    display,
                    line,
                    column,
                    "",
                    "the file contains a tab character",
                    "indent with spaces; YAML does not allow tabs",
                    code=Code.TAB,
                )
            ],
            False,
        )
    found = characters.refused(text)
    if found:
        line, column = _position(text, found.at)
        return None, [Problem(display, line, column, "", found.message, found.hint, code=_character_code(found))], False
    builder = _Builder()
    try:
        root = builder.run(CParser(text))
    except _Reject as reject:
        problem = Problem(
            display, reject.mark[0], reject.mark[1], reject.field, reject.message, reject.hint, code=reject.code
        )
        return None, [problem], False
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(display, error)], False
    problems = [
        Problem(display, m[0], m[1], field, message, hint, code=Code.DUPLICATE_KEY)
        for m, field, message, hint in builder.problems
    ]
    refusals = [
        Problem(display, m[0], m[1], field, message, hint, code=code)
        for code, m, field, message, hint in builder.refusals
    ]
    return root, problems + refusals, True


def _character_code(refusal: characters.Refusal) -> Code:
    return Code.TOO_MANY_MARKS if refusal.marks else Code.FORBIDDEN_CHARACTER


def _syntax_problem(display: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = (error.problem or "the YAML cannot be read").strip()
    if error.context:
        what = f"{what} ({error.context.strip()})"
    return Problem(
        display,
        line,
        column,
        "",
        f"YAML syntax error: {what}",
        "check the indentation and quote values that contain a colon followed by a space "
        "or start with a special character",
        code=Code.SYNTAX,
    )


def load_file(
    path: Path,
    display: str,
    max_bytes: int = MAX_BYTES,
    modeline: str | None = None,
    data: bytes | None = None,
    root: Path | None = None,
) -> tuple[Mapping | None, list[Problem]]:
    """Read and parse one record file (or, given ``data``, the bytes it would hold); with ``modeline``, a
    record that loads must start with that line.

    The file is read as :func:`realfiles.read_bytes` reads a record: a link, a pipe, a device or socket,
    or (given ``root``) a file whose real location is outside it is refused, and never opened or waited on."""
    if data is None:
        data, refused = realfiles.read_bytes(path, display, max_bytes, root)
        if data is None:
            return None, [refused] if refused else []
    if len(data) > max_bytes:
        return None, [realfiles.too_large(display, len(data), max_bytes)]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position(data, error.start)
        return None, [
            Problem(
                display,
                line,
                column,
                "",
                f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x})",
                "save the file with UTF-8 encoding",
                code=Code.NOT_UTF8,
            )
        ]
    text = text.removeprefix("\ufeff")
    loaded, problems = load_text(text, display)
    if loaded is not None and modeline is not None:
        problems += modeline_problems(text, modeline, display)
    return loaded, problems


MODELINE = re.compile(r"#\s*yaml-language-server\s*:")
"""A comment line that an editor reads as a modeline, rightly written or not."""


def modeline_problems(text: str, modeline: str, display: str) -> list[Problem]:
    """A warning when the record does not start with ``modeline``, the line naming its editor schema."""
    if text.startswith(modeline) and text[len(modeline) : len(modeline) + 1] in ("\n", "\r", ""):
        return []
    first = text.partition("\n")[0].partition("\r")[0]
    if MODELINE.match(first):
        message, hint = "the editor's schema line names the wrong schema for this kind of record", "writes"
    else:
        message, hint = "the file does not start with the editor's schema line", "adds"
    hint = f"run `site-builder fmt`, which {hint} `{modeline}`"
    return [Problem(display, 1, 1, "", message, hint, Severity.WARNING, code=Code.MODELINE)]


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")
