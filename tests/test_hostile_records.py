"""YAML hazards and misplaced files, each through the real loader, validator and `mkdocs build`.

Each case is either refused with a `file:line` error (and nothing is published) or built into
inert text.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from sitebuild import REPO, mkdocs_build, write_config

FIXTURE = REPO / "tests" / "fixtures" / "directory"
ADA = "candidates/vt/maple-falls/ada-quill.yml"
pytestmark = pytest.mark.slow

ALIAS_BOMB = (
    "\n".join(
        [
            "name: Bomb",
            'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
            *(
                f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]"
                for i in range(8)
            ),
        ]
    )
    + "\n"
)

REFUSED = {
    "alias bomb": (ADA, ALIAS_BOMB.encode(), f"{ADA}:2:4: a: anchors (`&a`) are not allowed"),
    "duplicate key": (ADA, b"name: A\nname: B\n", f"{ADA}:2:1: name: the key `name` appears twice (first on line 1)"),
    "yaml 1.1 boolean": (
        "candidates/vt/maple-falls/ben-ostrander.yml",
        b"name: Ben\ncandidacies:\n  - election: 2026-03-03-general\n    office: Mayor\n    incumbent: yes\n"
        b"last_verified: 2026-11-01\n",
        "candidates/vt/maple-falls/ben-ostrander.yml:5:16: candidacies[1].incumbent: `yes` is not true or false",
    ),
    "tab": (ADA, b"name: A\n\tbio: x\n", f"{ADA}:2:1: the file contains a tab character"),
    "not utf-8": (ADA, b"name: Ada \xff\n", f"{ADA}:1:11: the file is not valid UTF-8 (byte 0xff)"),
    "oversized": (ADA, b"bio: " + b"x" * 300_000 + b"\n", f"{ADA}:1:1: the file is 293 KiB; the limit is 256 KiB"),
    "non-slug file name": (
        "candidates/vt/maple-falls/Ada Quill.yml",
        b"name: Ada\n",
        "candidates/vt/maple-falls/Ada Quill.yml:1:1: `Ada Quill` is not a valid id",
    ),
    "python tag": (
        ADA,
        b"name: !!python/object/apply:os.system ['echo hi']\n",
        f"{ADA}:1:7: name: tags such as `!!python/object/apply:os.system` are not allowed",
    ),
    "colliding division id": (
        "cities/or/other-town.yml",
        b"name: Other Town\nocd_id: ocd-division/country:us/state:or/place:cedar_bend\nlast_verified: 2026-11-01\n",
        "ocd_id: `ocd-division/country:us/state:or/place:cedar_bend` is already used by another record",
    ),
}


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    shutil.copytree(FIXTURE, folder)
    return folder


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_hazard_is_refused_with_file_and_line_and_nothing_is_published(
    case: str, records: Path, tmp_path: Path
) -> None:
    relative, content, expected = REFUSED[case]
    (records / relative).write_bytes(content)
    result = mkdocs_build(write_config(tmp_path, records))
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_link_out_of_the_tree_is_refused(records: Path, tmp_path: Path) -> None:
    os.symlink("/etc/hostname", records / "candidates" / "vt" / "maple-falls" / "elsewhere.yml")
    result = mkdocs_build(write_config(tmp_path, records))
    assert result.returncode == 1
    assert (
        "candidates/vt/maple-falls/elsewhere.yml:1:1: records must be real files and folders, not links"
        in result.stderr
    )


def test_byte_order_mark_octal_looking_and_yaml_words_build_as_plain_text(records: Path, tmp_path: Path) -> None:
    city = records / "cities" / "vt" / "maple-falls.yml"
    text = city.read_text(encoding="utf-8").replace("district: Ward 2", "district: 010")
    city.write_bytes("\ufeff".encode() + text.encode())
    ada = records / ADA
    ada.write_text(ada.read_text(encoding="utf-8").replace("name: Ada Quill", "name: NO"), encoding="utf-8")
    ben = records / "candidates" / "vt" / "maple-falls" / "ben-ostrander.yml"
    ben.write_text(ben.read_text(encoding="utf-8").replace("district: Ward 2", "district: 010"), encoding="utf-8")
    result = mkdocs_build(write_config(tmp_path, records))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "vt" / "maple-falls" / "index.html").read_text(encoding="utf-8")
    assert ">City Council, 010 (2 seats)</h4>" in html
    assert '<a href="ada-quill/"><bdi>NO</bdi></a>' in html


NOTICE = "Ben Ostrander\n::notice title=Maintainers::Approved - safe to merge"
BEN = "candidates/vt/maple-falls/ben-ostrander.yml"


def _twin_candidates(records: Path, second_status: str = "lost") -> None:
    """Ben's record under a name that carries a workflow command, twice, so one warns quoting it."""
    ben = records / BEN
    text = ben.read_text(encoding="utf-8").replace("name: Ben Ostrander\n", f"name: {json.dumps(NOTICE)}\n")
    ben.write_text(text, encoding="utf-8")
    text = text.replace("status: lost", f"status: {json.dumps(second_status)}")
    (records / "candidates/vt/maple-falls/ben-ostrander-2.yml").write_text(text, encoding="utf-8")


def _no_command_and_no_control(log: str) -> None:
    for line in log.split("\n"):
        assert not line.lstrip().startswith("::"), line
        assert "##[" not in line
        assert line.isprintable(), line


def test_a_warning_quoting_record_text_is_one_inert_log_line(records: Path, tmp_path: Path) -> None:
    _twin_candidates(records)
    result = mkdocs_build(write_config(tmp_path, records))
    assert result.returncode == 1, "a line break in a name is refused; the warning quoting it is still printed"
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert warnings == [  # advice on a record: logged as information, which no strict build stops on
        f"INFO    -  {BEN}:2:7: warning: name: `Ben Ostrander\\n:\\x3anotice title=Maintainers:\\x3aApproved - "
        "safe to merge` looks like the same person as candidates/vt/maple-falls/ben-ostrander-2.yml "
        "(hint: merge the two records, or tell them apart in `name`)"
    ]
    _no_command_and_no_control(result.stderr)


def test_a_build_error_quoting_record_text_is_one_inert_line(records: Path, tmp_path: Path) -> None:
    _twin_candidates(records, second_status="lost\n::error file=x::y\x1b[2J")
    result = mkdocs_build(write_config(tmp_path, records))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    start = lines.index("ERROR   -  The records have errors; nothing was built:")
    assert (
        "candidates/vt/maple-falls/ben-ostrander-2.yml:7:13: candidacies[1].status: "
        "`lost\\n:\\x3aerror file=x:\\x3ay\\x1b[2J` is not an allowed value "
        "(hint: allowed: announced, qualified, withdrawn, advanced, advanced-to-runoff, won, lost)"
    ) in lines[start + 1 :]
    assert re.fullmatch(r"\d+ files checked: \d+ errors, 0 warnings", lines[-1])
    _no_command_and_no_control(result.stderr)
    assert not (tmp_path / "site").exists()
