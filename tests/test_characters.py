"""The character policy of record text: refused where a contributor typed it, raw or escaped; text kept in form C."""

from __future__ import annotations

import pytest

from site_builder.records.characters import MAX_MARKS, refused
from site_builder.records.loader import load_text
from site_builder.records.problems import Code

REFUSED = {
    "\x00": "U+0000 (a control character)",
    "\x07": "U+0007 (a control character)",
    "\x08": "U+0008 (a control character)",
    "\x0b": "U+000B (a control character)",
    "\x0c": "U+000C (a control character)",
    "\x1b": "U+001B (a control character)",
    "\x7f": "U+007F (a control character)",
    "\x85": "U+0085 (NEXT LINE (NEL))",
    "\x9b": "U+009B (a control character)",
    "\u2028": "U+2028 (LINE SEPARATOR)",
    "\u2029": "U+2029 (PARAGRAPH SEPARATOR)",
    "\u202a": "U+202A (LEFT-TO-RIGHT EMBEDDING)",
    "\u202e": "U+202E (RIGHT-TO-LEFT OVERRIDE)",
    "\u2066": "U+2066 (LEFT-TO-RIGHT ISOLATE)",
    "\u2069": "U+2069 (POP DIRECTIONAL ISOLATE)",
    "\ufeff": "U+FEFF (BYTE ORDER MARK)",
    "\ufdd0": "U+FDD0 (a noncharacter)",
    "\ufffe": "U+FFFE (a noncharacter)",
    "\U0010ffff": "U+10FFFF (a noncharacter)",
}


@pytest.mark.parametrize("char", list(REFUSED))
def test_a_raw_character_is_refused_at_its_line_and_column(char: str) -> None:
    data, problems = load_text(f"name: Transit\ndescription: Buses{char} and trains.\n", "topics/transit.yml")
    assert data is None
    assert [(p.code, p.line, p.column, p.field, p.message) for p in problems] == [
        (Code.FORBIDDEN_CHARACTER, 2, 19, "", f"{REFUSED[char]} is not allowed in a record")
    ]


@pytest.mark.parametrize("char", list(REFUSED))
def test_an_escaped_character_is_refused_with_its_field(char: str) -> None:
    escape = f"\\U{ord(char):08x}"
    data, problems = load_text(f'name: Transit\ndescription: "Buses{escape}"\n', "topics/transit.yml")
    assert data is not None, "the record is still read, so that its other problems are found too"
    assert [(p.code, p.line, p.column, p.field) for p in problems] == [(Code.FORBIDDEN_CHARACTER, 2, 14, "description")]


@pytest.mark.parametrize(
    "text",
    [
        "Nguyễn Thị Minh Khai",  # Vietnamese: two marks on a letter
        "Zoë O'Brien-Đặng",
        "👩🏽‍🔧 mechanic",  # a zero-width joiner inside an emoji
        "עברית and العربية side by side",
        "line one\nline two",
        "e" + "\u0301" * MAX_MARKS,
    ],
)
def test_text_in_any_script_is_accepted(text: str) -> None:
    assert refused(text) is None


def test_too_many_combining_marks_are_refused() -> None:
    _, problems = load_text("name: " + "Zalgo" + "\u0301" * (MAX_MARKS + 1) + "\ndescription: x\n", "topics/t.yml")
    assert [(p.code, p.line, p.column) for p in problems] == [(Code.TOO_MANY_MARKS, 1, 12 + MAX_MARKS)]


def test_values_are_kept_in_normal_form_c() -> None:
    data, problems = load_text("name: Jose\u0301\ndescription: Cafe\u0301 owner\n", "topics/t.yml")
    assert problems == []
    assert data == {"name": "José", "description": "Café owner"}


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_lines_are_counted_however_they_end(newline: str) -> None:
    text = newline.join(["name: Transit", "description: Buses.", "colour: green", ""])
    data, problems = load_text(text, "topics/t.yml")
    assert problems == []
    assert data is not None
    assert data.key_marks["colour"] == (3, 1)
