"""The contributing guide's list of problem codes, generated from :data:`CODES`.

``site-builder problem-codes`` writes ``docs/contributing/problems.md``; ``--check``
fails while the committed page differs, so a new code cannot go undocumented.
"""

from __future__ import annotations

from pathlib import Path

from site_builder.records.problems import CODES, Code

PAGE = Path("docs") / "contributing" / "problems.md"
"""Where the page lives, relative to the repository root."""

_SECTIONS = (
    ("Reading the file", Code.UNREADABLE),
    ("Where the file is", Code.LINK),
    ("The shape of the record", Code.UNKNOWN_FIELD),
    ("Values and references", Code.WRONG_TYPE),
    ("The directory's own rules", Code.NOT_A_DAY),
    ("Building the site", Code.NO_SUCH_CITY),
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_page() -> str:
    """The page's Markdown: every code, grouped as the checks run, with its meaning and an example message."""
    starts = {code: title for title, code in _SECTIONS}
    lines = [
        "# Problem codes",
        "",
        "Every problem `site-builder validate` reports has a code: a stable name that stays the same when",
        "the wording of a message improves. `--format json` gives it as `code`, and the annotations on a",
        "pull request show it in brackets after the field, such as `platform[1] [unsourced-fact]`.",
        "A code whose meaning starts with “Warning” does not stop a build; every other code does.",
        "",
        "This page is generated from the list of codes (`site-builder problem-codes`).",
    ]
    for code in Code:
        if code in starts:
            lines += ["", f"## {starts[code]}", "", "| Code | What it means | Example |", "| --- | --- | --- |"]
        meaning, example = CODES[code]
        lines.append(f"| `{code.value}` | {_cell(meaning)} | {_cell(example)} |")
    return "\n".join(lines) + "\n"


def write_page(root: Path) -> bool:
    """Write the page under ``root``; return whether it changed."""
    path = root / PAGE
    text = render_page()
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def page_is_current(root: Path) -> bool:
    path = root / PAGE
    return path.exists() and path.read_text(encoding="utf-8") == render_page()
