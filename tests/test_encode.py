"""Record text through each output's encoder: a terminal line, a GitHub workflow command, JSON.

A hostile value must come out as exactly one line that no terminal, GitHub runner or
line-oriented reader takes for anything but text.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from site_builder.adapters.cli import main
from site_builder.records import encode
from site_builder.records.problems import Code, Problem, Severity, render

INVISIBLE = {"Cc", "Cf", "Cs", "Zl", "Zp"}
NOTICE = "Jane Doe\n::notice title=Maintainers::Approved - safe to merge"
"""A valid name that carries a workflow command on a second line."""
CLEAR = "qualified\x1b[2J\x1b[H0 errors\u202e"
"""A value that clears a terminal, prints a fake summary and turns the rest of the line around."""

hostile_text = st.lists(
    st.one_of(
        st.characters(),
        st.characters(categories=["Cc", "Cf", "Cs", "Zl", "Zp", "Zs"]),
        st.sampled_from([":", "::", "#", "##[", "[", "%", "%0A", "%25", ",", "=", "\\", "\n", "\r", "\x1b", " "]),
    ),
    max_size=30,
).map("".join)
"""Text rich in what terminals and GitHub's runner read specially."""


# --- the text encoder ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("Plain text: a, b; 50% (c)", "Plain text: a, b; 50% (c)"),
        ("Ünïcödé, emoji 🗳️ and a back\\slash", "Ünïcödé, emoji 🗳️ and a back\\slash"),
        ("https://example.org/a:b", "https://example.org/a:b"),
        ("two\nlines", "two\\nlines"),
        ("windows\r\nline", "windows\\r\\nline"),
        ("a\ttab", "a\\ttab"),
        (CLEAR, "qualified\\x1b[2J\\x1b[H0 errors\\u202e"),
        ("nul\x00 del\x7f", "nul\\x00 del\\x7f"),
        ("c1: \x85 next line, \x9b CSI", "c1: \\x85 next line, \\x9b CSI"),
        (
            "bidi \u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069",
            "bidi \\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069",
        ),
        ("separators \u2028 \u2029", "separators \\u2028 \\u2029"),
        ("invisible \u200b\u00ad\ufeff", "invisible \\u200b\\xad\\ufeff"),
        ("not utf-8 \udcff", "not utf-8 \\udcff"),
        ("tag \U000e0041", "tag \\U000e0041"),
        ("::error file=x.yml::fake", ":\\x3aerror file=x.yml:\\x3afake"),
        ("   ::add-mask::secret", "   :\\x3aadd-mask:\\x3asecret"),
        ("a::b:::c", "a:\\x3ab:\\x3a\\x3ac"),
        ("x ##[stop-commands]token", "x ##\\x5bstop-commands]token"),
        ("###[group]", "###\\x5bgroup]"),
        ("# [not a command] #", "# [not a command] #"),
    ],
)
def test_text_shows_every_control_and_breaks_every_command(value: str, shown: str) -> None:
    assert encode.text(value) == shown


@given(hostile_text)
def test_text_is_one_inert_line_whatever_it_is_given(value: str) -> None:
    shown = encode.text(value)
    assert not any(unicodedata.category(c) in INVISIBLE for c in shown)
    assert len(shown.splitlines()) <= 1
    assert "::" not in shown
    assert "##[" not in shown
    assert encode.text(shown) == shown


# --- the workflow command encoders -----------------------------------------------------------------


def test_workflow_encoders_follow_githubs_rules() -> None:
    assert encode.workflow_data("50% a\r\nb::c, d") == "50%25 a%0D%0Ab::c, d"
    assert encode.workflow_property("a,b:c 50%\r\n") == "a%2Cb%3Ac 50%25%0D%0A"
    assert encode.workflow_data(CLEAR) == "qualified\\x1b[2J\\x1b[H0 errors\\u202e"


def runner_decode(text: str, *, property_value: bool = False) -> str:
    """The runner's decoding (actions/runner ActionCommand.UnescapeData and UnescapeProperty), in its order."""
    pairs = [("%0D", "\r"), ("%0A", "\n")]
    if property_value:
        pairs += [("%3A", ":"), ("%2C", ",")]
    for escaped, character in [*pairs, ("%25", "%")]:
        text = text.replace(escaped, character)
    return text


def runner_parse(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as the runner reads it (ActionCommand.TryParseV2): name, properties and data."""
    message = line.lstrip()
    assert message.startswith("::")
    end = message.index("::", 2)
    name, _, properties = message[2:end].partition(" ")
    pairs = (item.split("=", 1) for item in properties.strip().split(",") if item)
    decoded = {key: runner_decode(value, property_value=True) for key, value in pairs}
    return name, decoded, runner_decode(message[end + 2 :])


@given(path=hostile_text, field=hostile_text, message=hostile_text, hint=hostile_text)
def test_an_annotation_is_one_command_that_gives_back_the_exact_values(
    path: str, field: str, message: str, hint: str
) -> None:
    problem = Problem(path, 3, 4, field, message, hint, code=Code.WRONG_FORM)
    line = problem.as_github()
    assert "\n" not in line
    assert "\r" not in line
    name, properties, data = runner_parse(line)
    assert name == "error"
    assert properties == {
        "file": shown(path),
        "line": "3",
        "col": "4",
        "title": f"{shown(field) or 'record'} [wrong-form]",
    }
    assert data == shown(message) + (f" (hint: {shown(hint)})" if hint else "")


def shown(value: str) -> str:
    """What an annotation shows of a value: line breaks as they are, other invisible characters escaped."""
    return "".join(c if c in "\r\n" else encode.text(c) for c in value)


# --- problems in each style ------------------------------------------------------------------------

HOSTILE = Problem(
    "topics/a\x1b[2J.yml",
    2,
    7,
    "name\n::error file=x::y",
    f"`{NOTICE}` is odd",
    "fix ##[add-mask]it\u2028now",
    severity=Severity.WARNING,
    code=Code.SAME_PERSON,
)


def test_every_field_of_a_problem_is_encoded_in_its_text_line() -> None:
    assert HOSTILE.as_text() == (
        "topics/a\\x1b[2J.yml:2:7: warning: name\\n:\\x3aerror file=x:\\x3ay: "
        "`Jane Doe\\n:\\x3anotice title=Maintainers:\\x3aApproved - safe to merge` is odd "
        "(hint: fix ##\\x5badd-mask]it\\u2028now)"
    )


def test_text_and_github_styles_give_one_line_per_problem() -> None:
    assert render([HOSTILE], "text", 1).split("\n") == [HOSTILE.as_text(), "1 file checked: 0 errors, 1 warning"]
    assert render([HOSTILE], "github", 1).split("\n") == [
        "::warning file=topics/a\\x1b[2J.yml,line=2,col=7,title=name%0A%3A%3Aerror file=x%3A%3Ay [same-person]::"
        "`Jane Doe%0A::notice title=Maintainers::Approved - safe to merge` is odd (hint: fix ##[add-mask]it\\u2028now)",
        HOSTILE.as_text(),
        "1 file checked: 0 errors, 1 warning",
    ]


def test_json_style_keeps_the_values_exact_in_ascii() -> None:
    output = render([HOSTILE], "json", 1)
    assert output.isascii()
    assert "\\u2028" in output
    assert "\\u001b" in output
    assert json.loads(output)["problems"] == [HOSTILE.as_dict()]
    assert json.loads(output)["problems"][0]["field"] == "name\n::error file=x::y"


def hostile_records(records: Path) -> Path:
    """Two candidates with one hostile name (so one warns, quoting it); one with a status that clears a screen."""
    original = records / "candidates/mn/minneapolis/jane-doe.yml"
    text = original.read_text(encoding="utf-8").replace("name: Jane Doe\n", f"name: {json.dumps(NOTICE)}\n")
    original.write_text(text, encoding="utf-8")
    text = text.replace("status: qualified", f"status: {json.dumps(CLEAR)}")
    (records / "candidates/mn/minneapolis/jane-doe-2.yml").write_text(text, encoding="utf-8")
    return records


LINE_BREAK = (
    "a line break is not allowed here (hint: write the value on one line; only bio, position and description "
    "hold paragraphs)"
)
ESCAPE = (
    "U+001B (a control character) is not allowed in a record (hint: delete it; such characters are invisible or "
    "change how the text around them reads)"
)
HOSTILE_TEXT_LINES = [
    f"candidates/mn/minneapolis/jane-doe-2.yml:2:7: name: {LINE_BREAK}",
    f"candidates/mn/minneapolis/jane-doe-2.yml:20:13: candidacies[2].status: {ESCAPE}",
    "candidates/mn/minneapolis/jane-doe-2.yml:20:13: candidacies[2].status: "
    "`qualified\\x1b[2J\\x1b[H0 errors\\u202e` is not an allowed value (hint: did you mean `qualified`? "
    "allowed: announced, qualified, withdrawn, advanced, advanced-to-runoff, won, lost)",
    "candidates/mn/minneapolis/jane-doe.yml:2:7: warning: name: "
    "`Jane Doe\\n:\\x3anotice title=Maintainers:\\x3aApproved - safe to merge` looks like the same person as "
    "candidates/mn/minneapolis/jane-doe-2.yml (hint: merge the two records, or tell them apart in `name`)",
    f"candidates/mn/minneapolis/jane-doe.yml:2:7: name: {LINE_BREAK}",
    "8 files checked: 4 errors, 1 warning",
]


def test_validate_prints_hostile_values_inert(records: Path) -> None:
    root = hostile_records(records)
    args = ["validate", "--root", str(root), "--today", "2025-10-15"]
    # color=True: the output as a terminal gets it, with no escape sequence stripped by click.
    text = CliRunner().invoke(main, [*args, "--format", "text"], color=True)
    assert text.exit_code == 1
    assert text.output == "\n".join(HOSTILE_TEXT_LINES) + "\n"
    github = CliRunner().invoke(main, [*args, "--format", "github"], color=True)
    assert github.output.split("\n") == [
        f"::error file=candidates/mn/minneapolis/jane-doe-2.yml,line=2,col=7,title=name [line-break]::{LINE_BREAK}",
        "::error file=candidates/mn/minneapolis/jane-doe-2.yml,line=20,col=13,"
        f"title=candidacies[2].status [forbidden-character]::{ESCAPE}",
        "::error file=candidates/mn/minneapolis/jane-doe-2.yml,line=20,col=13,"
        "title=candidacies[2].status [not-allowed-value]::"
        "`qualified\\x1b[2J\\x1b[H0 errors\\u202e` is not an allowed value (hint: did you mean `qualified`? "
        "allowed: announced, qualified, withdrawn, advanced, advanced-to-runoff, won, lost)",
        "::warning file=candidates/mn/minneapolis/jane-doe.yml,line=2,col=7,title=name [same-person]::"
        "`Jane Doe%0A::notice title=Maintainers::Approved - safe to merge` looks like the same person as "
        "candidates/mn/minneapolis/jane-doe-2.yml (hint: merge the two records, or tell them apart in `name`)",
        f"::error file=candidates/mn/minneapolis/jane-doe.yml,line=2,col=7,title=name [line-break]::{LINE_BREAK}",
        *HOSTILE_TEXT_LINES,
        "",
    ]
    report = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).output)
    assert [p["message"].split("`")[1] for p in report["problems"] if "`" in p["message"]] == [CLEAR, NOTICE]
