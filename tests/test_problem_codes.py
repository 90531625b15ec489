"""Problem codes: every code is documented with an example, and each example is a message validation really prints."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from site_builder.adapters import cli
from site_builder.records.problems import CODES, Code
from site_builder.tools.problem_codes import PAGE, render_page

ROOT = Path(__file__).parents[1]
BAD_CASES = sorted(path.name for path in (Path(__file__).parent / "fixtures" / "bad").iterdir() if path.is_dir())
NO_FIXTURE = {
    # Codes no bad fixture can produce: the filesystem, the descriptor or the build set them off;
    # tests elsewhere produce each one.
    Code.UNREADABLE,
    Code.TOO_LARGE,
    Code.TOO_DEEP,
    Code.BAD_KEY,
    Code.LINK,
    Code.SPECIAL_FILE,  # tests/test_real_files.py: a named pipe, a device
    Code.OUTSIDE_ROOT,  # tests/test_real_files.py: a record reached through a folder outside the root
    Code.EMPTY_VALUE,
    Code.BROKEN_RULE,
    Code.BROKEN_SCHEMA,
    Code.UNCHECKABLE,
    Code.NO_SUCH_CITY,
    Code.NO_HISTORY,  # tests/test_feeds.py: a build outside git, or without git
    Code.SHALLOW_HISTORY,  # tests/test_feeds.py: a build of a shallow clone
    Code.HISTORY_DATE,  # tests/test_hostile_history.py: a commit written by hand
    Code.HISTORY_NAME,  # tests/test_hostile_history.py: files named with control characters
    Code.HISTORY_RECORD,  # tests/test_hostile_history.py: a binary blob, a record the loader refuses
}


def test_every_code_has_a_meaning_and_an_example() -> None:
    assert set(CODES) == set(Code)
    for code, (meaning, example) in CODES.items():
        assert meaning.endswith(".") and example, code


def test_the_guide_lists_every_code_and_is_current() -> None:
    page = (ROOT / PAGE).read_text(encoding="utf-8")
    assert page == render_page(page), "run `site-builder problem-codes`"
    for code in Code:
        assert f"\n- `{code.value}`: " in page
    result = CliRunner().invoke(cli.main, ["problem-codes", "--check", "--root", str(ROOT)])
    assert result.exit_code == 0, result.output


def test_each_example_is_what_validate_prints(bad_case_run: Callable[[str], Any]) -> None:
    printed: dict[Code, set[str]] = {}
    for case in BAD_CASES:
        for problem in bad_case_run(case).problems or []:
            printed.setdefault(problem.code, set()).add(problem.as_text().split(": ", 1)[1])
    assert set(printed) == set(Code) - NO_FIXTURE, "each code is produced by a bad fixture, or listed as having none"
    for code, texts in printed.items():
        assert CODES[code][1] in texts, f"{code}: the example is not a message validation prints"


def test_codes_reach_json_and_annotations(bad_case_run: Callable[[str], Any]) -> None:
    problem = (bad_case_run("unknown-topic").problems or [])[0]
    assert problem.code is Code.UNKNOWN_REFERENCE
    assert problem.as_dict()["code"] == "unknown-reference"
    assert "title=platform[1].topic [unknown-reference]::" in problem.as_github()
