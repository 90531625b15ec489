"""An import writes every file it changes or none: failures part-way, a full disk, a killed process, read-only
records and two imports at once all leave the records as they were or fully updated, and say which in one line."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from record_changes import TODAY, run_import, snapshot

from site_builder.adapters.cli import main
from site_builder.importers import transaction

FIXTURES = Path(__file__).parent / "fixtures"
OPENELECTIONS = FIXTURES / "openelections"
FIRST = OPENELECTIONS / "20170801__wa__primary__county.csv"
REST = sorted(p for p in OPENELECTIONS.glob("*.csv") if p != FIRST and not p.name.startswith("2023"))
"""The other Washington excerpts and Pittsburgh's 2025 (Pennsylvania's 2023 excerpts have tests of their own)."""
CHANGED = "candidates/wa/seattle/cary-moon.yml"
"""A record the import of REST rewrites (it adds new files too)."""
KEPT = "the records are as they were"


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@dataclass(frozen=True)
class Stages:
    base: Path
    """The fixture records with the 2017 primary imported: the records before the import of REST."""
    before: dict[str, bytes]
    after: dict[str, bytes]
    """The records once the import of REST ran to completion."""
    texts: dict[str, str]
    """The import's new texts by path, as its plan holds them."""


@pytest.fixture(scope="module")
def stages(tmp_path_factory: pytest.TempPathFactory) -> Stages:
    base = tmp_path_factory.mktemp("base") / "records"
    shutil.copytree(FIXTURES / "records", base)
    assert run_import("openelections", base, FIRST).exit_code == 0
    reference = tmp_path_factory.mktemp("reference") / "records"
    shutil.copytree(base, reference)
    result = run_import("openelections", reference, *REST)
    assert result.exit_code == 0 and result.output.endswith("\n39 files written\n"), result.output
    for root in (base, reference):
        assert run("validate", "--root", root, "--today", TODAY).exit_code == 0
    before, after = snapshot(base), snapshot(reference)
    texts = {path: data.decode("utf-8") for path, data in after.items() if before.get(path) != data}
    assert CHANGED in texts and CHANGED in before and len(texts) == 39
    return Stages(base, before, after, texts)


@pytest.fixture
def root(stages: Stages, tmp_path: Path) -> Path:
    copy = tmp_path / "records"
    shutil.copytree(stages.base, copy)
    return copy


class Crash(BaseException):
    """The process stopping where it stands, as a kill would, without undoing anything."""


def fail_at(monkeypatch: pytest.MonkeyPatch, name: str, call: int, error: BaseException) -> None:
    """Make the ``call``-th call of ``os.<name>`` raise ``error`` instead, once."""
    original = getattr(os, name)
    count = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        if count == call:
            raise error
        return original(*args, **kwargs)

    monkeypatch.setattr(os, name, wrapper)


def no_space() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


# --- failures part-way -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "call"), [("write", 1), ("write", 20), ("write", 44), ("replace", 1)])
def test_a_failure_while_staging_writes_nothing(
    root: Path, stages: Stages, monkeypatch: pytest.MonkeyPatch, name: str, call: int
) -> None:
    fail_at(monkeypatch, name, call, no_space())
    with pytest.raises(transaction.WriteError) as caught:
        transaction.write(root, stages.texts)
    message = str(caught.value)
    assert message.startswith("nothing written: cannot write .import.staging/") or message == (
        f"nothing written: No space left on device; {KEPT}"
    )
    assert message.endswith(f": No space left on device; {KEPT}") and "\n" not in message
    assert snapshot(root) == stages.before


@pytest.mark.parametrize("call", [2, 3, 21, 40])
def test_a_failure_while_moving_the_files_in_puts_the_old_ones_back(
    root: Path, stages: Stages, monkeypatch: pytest.MonkeyPatch, call: int
) -> None:
    target = sorted(stages.texts)[call - 2]
    fail_at(monkeypatch, "replace", call, no_space())
    result = run_import("openelections", root, *REST)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: nothing written: cannot write {target}: No space left on device; {KEPT}"
    )
    assert snapshot(root) == stages.before


def test_a_failure_that_cannot_be_undone_names_recover(
    root: Path, stages: Stages, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, failed = sorted(stages.texts)[:4:3]
    fail_at(monkeypatch, "replace", 5, no_space())
    fail_at(monkeypatch, "unlink", 1, OSError(errno.EIO, os.strerror(errno.EIO), str(root / first)))
    result = run_import("openelections", root, *REST)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: the import stopped part-way (cannot write {failed}: No space left on device) "
        f"and could not be undone (cannot write {first}: Input/output error); run `site-builder import recover`"
    )
    result = run("import", "recover", "--root", root)
    assert (result.exit_code, result.output) == (
        0,
        "an earlier import was interrupted; it has been undone (39 files)\n",
    )
    assert snapshot(root) == stages.before


@pytest.mark.parametrize(
    ("call", "line", "finished"),
    [
        (1, "an earlier import was interrupted before it changed any record; it has been undone (0 files)", False),
        (2, "an earlier import was interrupted; it has been completed (39 files)", True),
        (21, "an earlier import was interrupted; it has been completed (39 files)", True),
        (41, "an earlier import was interrupted; it has been completed (39 files)", True),
    ],
)
def test_a_stopped_import_is_settled_by_recover(
    root: Path, stages: Stages, monkeypatch: pytest.MonkeyPatch, call: int, line: str, finished: bool
) -> None:
    fail_at(monkeypatch, "replace", call, Crash())
    with pytest.raises(Crash):
        transaction.write(root, stages.texts)
    monkeypatch.undo()
    assert (root / transaction.STAGING).is_dir()
    result = run("import", "recover", "--root", root)
    assert (result.exit_code, result.output) == (0, line + "\n")
    assert snapshot(root) == (stages.after if finished else stages.before)
    again = run("import", "recover", "--root", root)
    assert (again.exit_code, again.output) == (0, "no import was interrupted: nothing to recover\n")


def test_the_next_import_completes_a_stopped_one_first(
    root: Path, stages: Stages, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_at(monkeypatch, "replace", 12, Crash())
    with pytest.raises(Crash):
        transaction.write(root, stages.texts)
    monkeypatch.undo()
    result = run_import("openelections", root, *REST)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "an earlier import was interrupted; it has been completed (39 files)"
    assert lines[-1] == "0 files written"
    assert snapshot(root) == stages.after


def test_a_stopped_import_whose_staged_file_is_damaged_is_undone(
    root: Path, stages: Stages, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_at(monkeypatch, "replace", 12, Crash())
    with pytest.raises(Crash):
        transaction.write(root, stages.texts)
    monkeypatch.undo()
    last = sorted(stages.texts)[-1]
    (root / transaction.STAGING / "new" / last).write_bytes(b"cut mid-")
    result = run("import", "recover", "--root", root)
    assert result.output == "an earlier import was interrupted; it has been undone (39 files)\n"
    assert result.exit_code == 0
    assert snapshot(root) == stages.before


def test_a_stopped_import_that_can_be_neither_completed_nor_undone_says_so(
    root: Path, stages: Stages, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_at(monkeypatch, "replace", 12, Crash())
    with pytest.raises(Crash):
        transaction.write(root, stages.texts)
    monkeypatch.undo()
    staging = root / transaction.STAGING
    (staging / "new" / sorted(stages.texts)[-1]).write_bytes(b"cut mid-")
    (staging / "old" / CHANGED).write_bytes(b"cut mid-")
    result = run("import", "recover", "--root", root)
    assert result.exit_code == 1
    assert result.output == (
        "Error: an earlier import was interrupted and can be neither completed nor undone "
        f"(cannot write {CHANGED}: its old copy is missing or damaged); its files are in {staging.resolve()}\n"
    )
    assert run_import("openelections", root, *REST).exit_code == 1  # and no import runs over it


# --- a real full disk ------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path, stages: Stages) -> Iterator[Callable[[int], Path]]:
    """The base records on a tmpfs of their own, which ``resize`` leaves ``pages`` free pages."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", disk]
    mounted = subprocess.run(mount, check=False, capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        shutil.copytree(stages.base, disk / "records")

        def resize(pages: int) -> Path:
            used = os.statvfs(disk)
            size = (used.f_blocks - used.f_bfree + pages) * used.f_frsize
            subprocess.run(["mount", "-o", f"remount,size={size}", disk], check=True)
            return disk / "records"

        yield resize
    finally:
        subprocess.run(["umount", disk], check=True)


def test_a_full_disk_is_refused_before_anything_is_written(small_disk: Callable[[int], Path], stages: Stages) -> None:
    root = small_disk(16)
    result = run_import("openelections", root, *REST)
    assert result.exit_code == 1
    last = result.output.splitlines()[-1]
    assert last.startswith("Error: nothing written: not enough free space for the 39 files (")
    assert last.endswith(f" free); {KEPT}")
    assert snapshot(root) == stages.before


def test_a_disk_that_fills_up_while_staging_writes_nothing(
    small_disk: Callable[[int], Path], stages: Stages, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small_disk(16)
    monkeypatch.setattr(transaction, "_check_space", lambda base, data: None)
    result = run_import("openelections", root, *REST)
    assert result.exit_code == 1
    last = result.output.splitlines()[-1]
    assert last.startswith("Error: nothing written: cannot write .import.staging/")
    assert last.endswith(f": No space left on device; {KEPT}")
    assert snapshot(root) == stages.before
    root = small_disk(512)
    assert run_import("openelections", root, *REST).output.endswith("\n39 files written\n")
    assert snapshot(root) == stages.after


# --- a killed process ------------------------------------------------------------------------------

HOOK = '''
"""Kill this process right after the n-th call of os.<name> on the import's staging folder (IMPORT_KILL=name:n)."""
import os
import signal

_name, _, _n = os.environ.get("IMPORT_KILL", "").partition(":")
if _name:
    _original, _count = getattr(os, _name), 0

    def _wrapper(*args, **kwargs):
        global _count
        result = _original(*args, **kwargs)
        if ".import.staging" in str(args[0]):
            _count += 1
            if _count == int(_n):
                os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(os, _name, _wrapper)
'''


@pytest.mark.parametrize(
    ("kill", "line", "finished"),
    [
        ("open:1", "an earlier import was interrupted before it changed any record; it has been undone (0 files)", 0),
        ("open:40", "an earlier import was interrupted before it changed any record; it has been undone (0 files)", 0),
        ("replace:1", "an earlier import was interrupted; it has been completed (39 files)", 1),
        ("replace:20", "an earlier import was interrupted; it has been completed (39 files)", 1),
        ("replace:41", "an earlier import was interrupted; it has been completed (39 files)", 1),
    ],
)
def test_an_import_killed_mid_write_is_settled_by_recover(
    root: Path, stages: Stages, tmp_path: Path, kill: str, line: str, finished: int
) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(textwrap.dedent(HOOK), encoding="utf-8")
    env = {
        **os.environ,
        "IMPORT_KILL": kill,
        "PYTHONPATH": os.pathsep.join([str(hook), *filter(None, [os.environ.get("PYTHONPATH")])]),
    }
    command = [sys.executable, "-m", "site_builder.adapters.cli", "import", "openelections"]
    command += ["--root", str(root), "--today", TODAY, *map(str, REST)]
    killed = subprocess.run(command, env=env, check=False, capture_output=True, text=True)
    assert killed.returncode == -9, killed.stderr
    assert (root / transaction.STAGING).is_dir()
    result = run("import", "recover", "--root", root)
    assert (result.exit_code, result.output) == (0, line + "\n")
    assert snapshot(root) == (stages.after if finished else stages.before)


# --- read-only records -----------------------------------------------------------------------------


def _chattr(flag: str, path: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    return subprocess.run(["chattr", flag, path], check=False, capture_output=True, text=True)


@pytest.mark.parametrize(
    ("locked", "message"),
    [
        (CHANGED, f"{CHANGED} is read-only"),
        ("candidates/wa/seattle", "the folder candidates/wa/seattle is read-only"),
        ("candidates", "the folder candidates is read-only"),  # where candidates/pa/ would be created
    ],
)
def test_a_read_only_file_or_folder_is_refused_before_anything_moves(
    root: Path, stages: Stages, locked: str, message: str
) -> None:
    made = _chattr("+i", root / locked)
    if made.returncode != 0:
        pytest.skip(f"cannot make a file immutable here: {made.stderr.strip()}")
    try:
        result = run_import("openelections", root, *REST)
    finally:
        _chattr("-i", root / locked)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"Error: nothing written: {message}; {KEPT}"
    assert snapshot(root) == stages.before


def test_a_read_only_mount_is_refused_before_anything_moves(root: Path, stages: Stages) -> None:
    cities = root / "cities"
    bound = subprocess.run(["mount", "--bind", cities, cities], check=False, capture_output=True, text=True)
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount a folder here: {bound.stderr.strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", cities], check=True)
        result = run_import("openelections", root, *REST)
    finally:
        subprocess.run(["umount", cities], check=True)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"Error: nothing written: the folder cities is read-only; {KEPT}"
    assert snapshot(root) == stages.before


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("../outside.yml", "../outside.yml is not a path under the records folder"),
        ("/etc/passwd", "/etc/passwd is not a path under the records folder"),
        (".import.staging/journal", ".import.staging/journal is not a path under the records folder"),
        ("cities/wa", "cities/wa is not a regular file"),
        ("cities/wa/seattle.yml/x.yml", "cities/wa/seattle.yml is not a folder"),
        ("cities/link.yml", "cities/link.yml is a symbolic link"),
        ("cities/linked/x.yml", "cities/linked is a symbolic link"),
    ],
)
def test_a_target_that_is_not_a_plain_file_under_the_root_is_refused(
    root: Path, stages: Stages, tmp_path: Path, path: str, message: str
) -> None:
    (root / "cities" / "link.yml").symlink_to(tmp_path / "elsewhere.yml")
    (root / "cities" / "linked").symlink_to(tmp_path)
    before = snapshot(root)
    with pytest.raises(transaction.WriteError) as caught:
        transaction.write(root, {"cities/wa/a.yml": "a: 1\n", path: "a: 1\n"})
    assert str(caught.value) == f"nothing written: {message}; {KEPT}"
    assert snapshot(root) == before


def test_an_unsafe_name_is_shown_escaped(root: Path) -> None:
    (root / "cities" / "wa" / "\x1b[2J.yml").mkdir()
    with pytest.raises(transaction.WriteError) as caught:
        transaction.write(root, {"cities/wa/\x1b[2J.yml": "a: 1\n"})
    assert str(caught.value) == f"nothing written: cities/wa/\\x1b[2J.yml is not a regular file; {KEPT}"


# --- one import at a time --------------------------------------------------------------------------


def _import_process(root: Path, *flags: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "site_builder.adapters.cli", "import", "openelections", *flags]
    command += ["--root", str(root), "--today", TODAY, *map(str, REST)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_second_import_refuses_with_no_wait(root: Path, stages: Stages) -> None:
    with transaction.locked(root):
        second = _import_process(root, "--no-wait")
        out, err = second.communicate()
        assert (second.returncode, out) == (1, "")
        lock = (root / transaction.LOCK).resolve()
        assert err == f"Error: nothing written: another import is running ({lock}); {KEPT}\n"
    assert snapshot(root) == stages.before


def test_a_second_import_waits_for_the_first(root: Path, stages: Stages) -> None:
    with transaction.locked(root):
        second = _import_process(root)
        assert second.stderr is not None
        lock = (root / transaction.LOCK).resolve()
        assert second.stderr.readline() == f"waiting for another import to finish ({lock})\n"
        assert snapshot(root) == {**stages.before, transaction.LOCK: b""}
    out, err = second.communicate()
    assert (second.returncode, err) == (0, "")
    assert out.endswith("\n39 files written\n")
    assert snapshot(root) == stages.after


def test_a_second_import_in_one_process_is_refused(root: Path) -> None:
    with transaction.locked(root), pytest.raises(transaction.WriteError) as caught, transaction.locked(root):
        pass
    assert str(caught.value) == f"nothing written: an import of {root} is already running in this process; {KEPT}"
    assert not (root / transaction.LOCK).exists()


def test_a_dry_run_takes_no_lock(root: Path, stages: Stages) -> None:
    with transaction.locked(root):
        result = run_import("openelections", root, *REST, dry_run=True, extra=["--no-wait"])
    assert result.exit_code == 0 and result.output.endswith("dry run: nothing written\n")
    assert snapshot(root) == stages.before
