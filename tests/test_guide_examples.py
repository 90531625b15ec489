"""The contributing guide's commands work on the repository as written.

Every ``.venv/bin/site-builder`` line in a ``console`` block of ``docs/contributing/`` is run, in
order, each block in a fresh copy of the repository's records; each must succeed. An import names a results file
the reader downloads first; those are run from the real datasets where they are beside the
repository, and skipped otherwise.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "contributing"
DATA = ROOT.parent / "shared" / "data-sources"
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
RECORDS = ("cities", "candidates", "organizations", "topics", "states")


def _blocks() -> list[tuple[str, list[str]]]:
    found = []
    for page in sorted(GUIDE.glob("*.md")):
        for block in BLOCK.findall(page.read_text(encoding="utf-8")):
            lines = [line.split("  #", 1)[0].strip() for line in block.splitlines()]
            commands = [line for line in lines if line.startswith(".venv/bin/site-builder ")]
            if commands:
                found.append((page.name, commands))
    return found


BLOCKS = _blocks()
COMMANDS = [(page, command) for page, commands in BLOCKS for command in commands]


def test_the_guide_has_commands_to_run() -> None:
    assert any("new candidate" in command for _, command in COMMANDS)
    assert any(" import " in command for _, command in COMMANDS)


def test_every_command_of_the_guide_works_on_the_repository(tmp_path: Path) -> None:
    program = str(Path(sys.executable).with_name("site-builder"))
    for number, (page, commands) in enumerate(BLOCKS):
        copy = tmp_path / str(number)
        for folder in RECORDS:
            if (ROOT / folder).is_dir():
                shutil.copytree(ROOT / folder, copy / folder)
        for command in commands:
            words = shlex.split(command)
            if words[1] == "import":
                files = [word for word in words[3:] if not word.startswith("-")]
                found = [next(DATA.rglob(name), None) for name in files]
                if not all(found):
                    continue  # the reader downloads the results file first; here it is not at hand
                words = [*words[:3], *(w for w in words[3:] if w.startswith("-")), *map(str, found)]
            result = subprocess.run([program, *words[1:]], cwd=copy, capture_output=True, text=True, check=False)
            assert result.returncode == 0, f"{page}: `{command}` failed:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize(("page", "command"), COMMANDS)
def test_each_command_names_a_real_subcommand(page: str, command: str) -> None:
    words = shlex.split(command)
    result = subprocess.run(
        [str(Path(sys.executable).with_name("site-builder")), *words[1:3], "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"{page}: {command}: {result.stderr}"
