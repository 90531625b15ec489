"""Records are real files: a record path that is a link, a named pipe or a device, or lies outside the root,
is refused with its path and a problem code by `validate`, `fmt` and the importers, and nothing waits on it.

The commands run in a subprocess with a timeout, so that a command that would hang on a pipe fails its
test instead of blocking the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.importers import merge, people
from site_builder.importers.inputs import read_text
from site_builder.importers.merge import Incoming, MergeError
from site_builder.records.files import record_paths
from site_builder.records.loader import load_file
from site_builder.records.problems import Code, errors
from site_builder.records.realfiles import read_bytes, write_bytes
from site_builder.records.validate import validate_directory

FIXTURES = Path(__file__).parent / "fixtures"
PA_2025_GENERAL = FIXTURES / "openelections" / "20251104__pa__general__allegheny__county.pittsburgh-excerpt.csv"
CANDIDATE = "candidates/mn/minneapolis/evil.yml"
CITY = "cities/pa/pittsburgh.yml"

Hazard = Callable[[Path, Path], None]
"""Makes the record path (the second argument) hazardous, given a scratch folder outside the root (the first)."""


def fifo(_: Path, path: Path) -> None:
    os.mkfifo(path)


def dev_zero(_: Path, path: Path) -> None:
    path.symlink_to("/dev/zero")


def outside_record(elsewhere: Path, path: Path) -> None:
    target = elsewhere / "outside.yml"
    target.write_text("name: Outside\n", encoding="utf-8")
    path.symlink_to(target)


HAZARDS: dict[str, tuple[Hazard, str]] = {
    "fifo": (fifo, "this is a named pipe (FIFO), not a regular file, so it is not read [special-file]"),
    "dev-zero": (dev_zero, "records must be real files and folders, not links [link]"),
    "outside": (outside_record, "records must be real files and folders, not links [link]"),
}


def site_builder(*args: str) -> subprocess.CompletedProcess[str]:
    """The command in its own process (PYTHONPATH inherited), killed and failed after a minute."""
    return subprocess.run(
        [sys.executable, "-m", "site_builder.adapters.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def hazardous(tmp_path: Path, name: str, relative: str) -> Path:
    """A copy of the fixture records with the record at ``relative`` made the hazard ``name``."""
    root = tmp_path / "root"
    shutil.copytree(FIXTURES / "records", root)
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    HAZARDS[name][0](elsewhere, root / relative)
    return root


def expected(relative: str, name: str) -> str:
    return f"{relative}:1:1: {HAZARDS[name][1].rsplit(' [', 1)[0]}"


@pytest.mark.parametrize("name", sorted(HAZARDS))
def test_validate_refuses_the_record_path(tmp_path: Path, name: str) -> None:
    root = hazardous(tmp_path, name, CANDIDATE)
    result = site_builder("validate", "--root", str(root), "--today", "2025-10-15", "--format", "json")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    problems = json.loads(result.stdout)["problems"]
    refused = [p for p in problems if p["path"] == CANDIDATE]
    message, code = HAZARDS[name][1].rsplit(" [", 1)
    assert [(p["line"], p["message"], p["code"]) for p in refused] == [(1, message, code.rstrip("]"))]


@pytest.mark.parametrize("name", sorted(HAZARDS))
def test_fmt_refuses_the_record_path_and_writes_nothing_through_it(tmp_path: Path, name: str) -> None:
    root = hazardous(tmp_path, name, CANDIDATE)
    result = site_builder("fmt", "--root", str(root))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert expected(CANDIDATE, name) in result.stderr
    if name == "outside":
        assert (tmp_path / "elsewhere" / "outside.yml").read_text(encoding="utf-8") == "name: Outside\n"


@pytest.mark.parametrize("name", sorted(HAZARDS))
def test_an_import_refuses_a_record_it_would_merge_into(tmp_path: Path, name: str) -> None:
    root = hazardous(tmp_path, name, CITY)
    result = site_builder("import", "openelections", "--root", str(root), "--dry-run", str(PA_2025_GENERAL))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"Error: {expected(CITY, name)}" in result.stderr
    if name == "outside":
        assert (tmp_path / "elsewhere" / "outside.yml").read_text(encoding="utf-8") == "name: Outside\n"


def test_an_import_refuses_a_candidate_record_it_would_match_against(tmp_path: Path) -> None:
    root = hazardous(tmp_path, "fifo", "candidates/pa/pittsburgh/evil.yml")
    result = site_builder("import", "openelections", "--root", str(root), "--dry-run", str(PA_2025_GENERAL))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"Error: {expected('candidates/pa/pittsburgh/evil.yml', 'fifo')}" in result.stderr


def test_a_linked_folder_refuses_every_record_in_it(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "candidates" / "pa").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "jane-doe.yml").write_text("name: Jane Doe\n", encoding="utf-8")
    (root / "candidates" / "pa" / "pittsburgh").symlink_to(tmp_path / "elsewhere")
    found, refused = record_paths(root, "candidates/pa/pittsburgh")
    assert found == []
    assert [(p.path, p.code) for p in refused] == [("candidates/pa/pittsburgh", Code.LINK)]
    with pytest.raises(MergeError, match=r"^candidates/pa/pittsburgh:1:1: records must be real files"):
        people.read(root, "candidates/pa/pittsburgh")


def test_a_new_record_is_not_planned_through_a_linked_folder(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "cities").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (root / "cities" / "pa").symlink_to(tmp_path / "elsewhere")
    incoming = [Incoming(CITY, "cities", {"name": "Pittsburgh"})]
    with pytest.raises(MergeError, match=r"^cities/pa:1:1: records must be real files and folders, not links"):
        merge.plan(root, incoming, lambda at, item: str(item), lambda at, old: True)


def test_the_records_the_build_reads_refuse_a_pipe(tmp_path: Path) -> None:
    """The build reads the records through `validate_directory`, as `validate` does."""
    root = hazardous(tmp_path, "fifo", CANDIDATE)
    _, found = validate_directory(root)
    assert [(p.path, p.code) for p in errors(found)] == [(CANDIDATE, Code.SPECIAL_FILE)]


def test_load_file_is_safe_by_itself(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yml")
    (tmp_path / "zero.yml").symlink_to("/dev/zero")
    (tmp_path / "big.yml").write_bytes(b"name: x\n" * 40_000)
    assert load_file(tmp_path / "pipe.yml", "pipe.yml")[1][0].code is Code.SPECIAL_FILE
    assert load_file(tmp_path / "zero.yml", "zero.yml")[1][0].code is Code.LINK
    assert load_file(Path("/dev/zero"), "zero")[1][0].message == (
        "this is a device, not a regular file, so it is not read"
    )
    assert load_file(tmp_path / "big.yml", "big.yml")[1][0].message == "the file is 313 KiB; the limit is 256 KiB"


def test_a_record_outside_the_root_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "cities").mkdir(parents=True)
    (tmp_path / "outside.yml").write_text("name: Outside\n", encoding="utf-8")
    data, problems = load_file(root / "cities" / ".." / ".." / "outside.yml", "outside.yml", root=root)
    assert data is None
    assert [(p.message, p.code) for p in problems] == [
        ("the file's real location is outside the directory of records, so it is not read", Code.OUTSIDE_ROOT)
    ]


def test_at_most_the_limit_and_one_byte_are_read(tmp_path: Path) -> None:
    path = tmp_path / "sparse.yml"
    with path.open("wb") as file:
        file.truncate(1 << 40)  # a terabyte, of which nothing is on disk
    data, problem = read_bytes(path, "sparse.yml", 1024)
    assert data is None and problem is not None
    assert problem.message == "the file is 1073741824 KiB; the limit is 1 KiB"


def test_fmt_writes_nothing_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "target.yml"
    target.write_text("name: x\n", encoding="utf-8")
    (tmp_path / "link.yml").symlink_to(target)
    problem = write_bytes(tmp_path / "link.yml", "link.yml", b"changed\n")
    assert problem is not None and problem.code is Code.LINK
    assert target.read_text(encoding="utf-8") == "name: x\n"


# --- the importers' datasets -----------------------------------------------------------------------


class InputError(ValueError):
    pass


def test_a_dataset_that_is_a_pipe_or_a_device_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "results.csv")
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    with pytest.raises(InputError, match=r"^results.csv:1: this is a named pipe \(FIFO\), not a regular file"):
        read_text(tmp_path / "results.csv", "results.csv", InputError)
    with pytest.raises(InputError, match=r"^zero.csv:1: this is a device, not a regular file"):
        read_text(tmp_path / "zero.csv", "zero.csv", InputError)


def test_a_dataset_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_bytes(b"county,office\n" * 200)
    with pytest.raises(InputError, match=r"^results.csv:1: the file is 3 KiB; the limit is 1 KiB$"):
        read_text(path, "results.csv", InputError, limit=1024)


def test_an_import_of_a_pipe_names_it(tmp_path: Path) -> None:
    pipe = tmp_path / PA_2025_GENERAL.name
    os.mkfifo(pipe)
    result = site_builder("import", "openelections", "--root", str(tmp_path), "--dry-run", str(pipe))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{pipe.as_posix()}:1: this is a named pipe (FIFO), not a regular file, so it is not read" in result.stderr


def test_an_imported_candidate_is_never_named_as_a_page_of_the_city() -> None:
    assert people.new_path("candidates/pa/pittsburgh", "Guide Smith", set()) == (
        "candidates/pa/pittsburgh/candidate-guide-smith.yml"
    )
