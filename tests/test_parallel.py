"""Validation on several cores gives exactly what one process gives: same tables, same problems, same order.

Worker processes are forked only from a process that runs a single thread, which a pytest-xdist
worker is not; the several-core runs therefore happen in a fresh Python process.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic import generate
from site_builder.records import frictionless, parallel
from site_builder.records.frictionless import checked_descriptor
from site_builder.records.schema import frictionless_descriptor, load_schema
from site_builder.records.validate import validate_directory

TODAY = dt.date(2026, 11, 21)
MISTAKES = {
    # (kind of record, index in its sorted file list): (text to find, its replacement)
    ("candidates", 3): ("topic: ", "topic: not-a-topic-"),
    ("candidates", 17): ("vote_share: ", "vote_share: lots-"),
    ("candidates", 25): ("candidacies:\n  - election: ", "nickname: Ace\ncandidacies:\n  - election: 1999-"),
    ("candidates", 41): ("name: ", "name: Again\nname: "),
    ("candidates", 50): ("organization: ", "organization: nobody-"),
    ("candidates", 58): ("bio: ", "bio: [unclosed\n"),
    ("candidates", 5): ("      publisher: ", "      publisher: " + "P" * 300),
    ("candidates", 57): ("      url: https://", "      url: http://"),
    ("candidates", 30): ("\nbio: ", "\nphoto_url: https://photos.example.org/face.jpg\nbio: "),
    ("candidates", 12): ("\nsources:\n", "\nother_names:\n  - name: Someone Else\nsources:\n"),
    ("candidates", 44): ("\nsources:\n", "\nnot_same_person:\n  - candidate: ak/nowhere/nobody\nsources:\n"),
    ("organizations", 150): ("kind: ", "kind: onion-"),
    ("cities", 2): ("state:", "state:wy/county:x_"),
}
VALIDATE = textwrap.dedent(
    """
    import datetime as dt, json, sys
    from pathlib import Path
    from site_builder.records import parallel
    from site_builder.records.validate import validate_directory
    parallel.MIN_FILES = int(sys.argv[2])
    parallel.cores = lambda: int(sys.argv[3])
    tables, problems = validate_directory(Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[4]))
    origins = {name: [[o.path, o.mark, o.field_path] for o in found] for name, found in tables.origins.items()}
    print(json.dumps({"forked": parallel.can_fork(), "problems": [p.as_text() for p in problems],
                      "files": tables.files, "rows": tables.rows, "origins": origins}))
    """
)


def with_mistakes(root: Path) -> Path:
    for (kind, index), (old, new) in MISTAKES.items():
        # the first file from that index on that has the text
        text, path = next(
            (p.read_text(encoding="utf-8"), p)
            for p in sorted((root / kind).rglob("*.yml"))[index:]
            if old in p.read_text(encoding="utf-8")
        )
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    # The same person at both ends of the city in the middle, which a cut into two runs of
    # equal length would split: a rule that compares the candidates of a city.
    files = sorted((root / "candidates").rglob("*.yml"))
    before, last = (sorted(files[len(files) // 2].parent.glob("*.yml"))[i] for i in (0, -1))
    name = re.search(r"^name: (.*)$", last.read_text(encoding="utf-8"), re.MULTILINE)
    text = before.read_text(encoding="utf-8")
    assert name, last
    before.write_text(re.sub(r"^name: .*$", f"name: {name[1]}", text, count=1, flags=re.MULTILINE), encoding="utf-8")
    return root


def in_fresh_process(root: Path, min_files: int, cores: int) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", VALIDATE, str(root), str(min_files), str(cores), TODAY.isoformat()],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[1],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    return dict(json.loads(result.stdout))


@pytest.fixture(scope="module")
def faulty_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parallel") / "records"
    generate(root, candidates=60, seed=5)
    return with_mistakes(root)


@pytest.fixture(scope="module")
def one_process(faulty_root: Path) -> dict[str, Any]:
    return in_fresh_process(faulty_root, 10**9, 1)


def test_the_mistakes_are_found_in_one_process(one_process: dict[str, Any]) -> None:
    expected = [
        "not-a-topic-",
        "lots-",
        "unknown field `nickname`",
        "1999-",
        "appears twice",
        "nobody-",
        "YAML syntax error",
        "onion-",
        "source.publisher: is 321 characters long; the limit is 200",
        "source.url: `http://",
        "is not in the state of this record's folder",
        "photo_url: a photo needs `photo_license`",
        "looks like the same person as",
        "this other name has no source",
        "`ak/nowhere/nobody` is a candidate of ak/nowhere",
    ]
    for words in expected:
        assert any(words in problem for problem in one_process["problems"]), words


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
@pytest.mark.parametrize("cores", [2, 3])
def test_several_processes_give_the_same_tables_and_problems(
    faulty_root: Path, one_process: dict[str, Any], cores: int
) -> None:
    several = in_fresh_process(faulty_root, 1, cores)
    assert several["forked"]
    assert several["problems"] == one_process["problems"]
    assert several["files"] == one_process["files"]
    assert several["rows"] == one_process["rows"]
    assert several["origins"] == one_process["origins"]


def test_one_process_does_everything_while_other_threads_run(faulty_root: Path) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert not parallel.can_fork()
        assert parallel.part_count(10**6) == 1
        assert parallel.run_parts(lambda part: (part, os.getpid()), [1, 2]) == [(1, os.getpid()), (2, os.getpid())]
    finally:
        stop.set()
        thread.join()


def test_split_keeps_the_order_and_the_groups() -> None:
    assert parallel.split(list(range(9)), 2) == [[0, 1, 2, 3], [4, 5, 6, 7, 8]]
    assert parallel.split([], 3) == [[], [], []]
    assert parallel.split([1, 2], 1) == [[1, 2]]
    words = ["ant", "ape", "asp", "bee", "cat", "cow", "dog", "eel"]
    assert parallel.split(words, 2, group=lambda word: word[0]) == [["ant", "ape", "asp", "bee"], words[4:]]
    assert parallel.split(words, 3, group=lambda word: word[0]) == [words[:3], ["bee", "cat", "cow"], ["dog", "eel"]]
    assert parallel.split(words, 2, group=lambda word: "one") == [words, []]


WORKERS = textwrap.dedent(
    """
    from site_builder.records import parallel
    def times_ten(part):
        if part == 2:
            raise ValueError("two is not allowed")
        return part * 10
    print(parallel.run_parts(times_ten, [1, 3, 4]))
    try:
        parallel.run_parts(times_ten, [1, 2])
    except RuntimeError as error:
        print(str(error).splitlines()[0], "|", str(error).strip().splitlines()[-1])
    """
)


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_results_come_back_in_order_and_a_worker_failure_is_raised() -> None:
    result = subprocess.run(
        [sys.executable, "-c", WORKERS],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    assert result.stdout.splitlines() == [
        "[10, 30, 40]",
        "a validation worker process failed: | ValueError: two is not allowed",
    ]


def test_validation_in_this_process_matches(faulty_root: Path, one_process: dict[str, Any]) -> None:
    _, problems = validate_directory(faulty_root, TODAY)
    assert [p.as_text() for p in problems] == one_process["problems"]


def test_the_keys_left_out_of_the_check_find_nothing_more(
    faulty_root: Path, one_process: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The complete published descriptor, with the keys that hold by construction, finds the same problems."""
    left_out = [
        (resource["name"], key)
        for resource, checked in zip(
            frictionless_descriptor(load_schema())["resources"],
            checked_descriptor(load_schema())["resources"],
            strict=True,
        )
        for key in ("primaryKey", "foreignKeys")
        if (resource["schema"].get(key) or None) != (checked["schema"].get(key) or None)
    ]
    assert left_out == [
        ("round_counts", "foreignKeys"),
        ("candidacies", "foreignKeys"),
        ("positions", "primaryKey"),
        ("positions", "foreignKeys"),
        ("endorsements", "foreignKeys"),
        ("links", "foreignKeys"),
        ("other_names", "primaryKey"),
        ("other_names", "foreignKeys"),
        ("not_same_person", "foreignKeys"),
        ("answers", "foreignKeys"),
        ("candidate_translations", "foreignKeys"),
        ("officeholders", "foreignKeys"),
        ("sources", "primaryKey"),
    ]
    monkeypatch.setattr(frictionless, "checked_descriptor", frictionless_descriptor)
    _, problems = validate_directory(faulty_root, TODAY)
    assert [p.as_text() for p in problems] == one_process["problems"]


INVARIANT = textwrap.dedent(
    """
    import datetime as dt, json, sys
    from pathlib import Path
    from site_builder.records import parallel
    from site_builder.records.validate import validate_directory

    def outcome(tables, problems):
        origins = {name: [[o.path, o.mark, o.field_path] for o in found] for name, found in tables.origins.items()}
        found = [[p.code, p.path, p.line, p.column, p.field, p.message, p.hint, p.severity] for p in problems]
        return {"problems": found, "files": tables.files, "rows": tables.rows, "origins": origins}

    today = dt.date.fromisoformat(sys.argv[1])
    report = {}
    for root in sys.argv[2:]:
        runs = {f"{parts} parts": outcome(*validate_directory(Path(root), today, parts=parts)) for parts in (1, 2, 3)}
        parallel.MIN_FILES, parallel.cores = 0, lambda: 2
        runs["threshold 0"] = outcome(*validate_directory(Path(root), today))
        parallel.MIN_FILES = 1000
        report[Path(root).name] = {"forked": parallel.can_fork(), "runs": runs}
    print(json.dumps(report))
    """
)
FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_DAY = dt.date(2025, 10, 15)
"""The day the fixtures are checked on elsewhere in the tests."""


def fixture_roots(base: Path) -> list[Path]:
    """Every fixture directory, the bad cases each laid over the valid records as the tests use them."""
    roots = [FIXTURES / name for name in ("records", "site", "directory", "hostile")]
    for case in sorted(path for path in (FIXTURES / "bad").iterdir() if path.is_dir()):
        root = base / f"bad-{case.name}"
        shutil.copytree(FIXTURES / "records", root)
        shutil.copytree(case, root, dirs_exist_ok=True)
        roots.append(root)
    return roots


CHUNKS = 4
"""The fixtures are checked in this many fresh processes, which the test runner spreads over its workers."""


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_every_fixture_gives_the_same_problems_however_it_is_split(tmp_path: Path, chunk: int) -> None:
    roots = fixture_roots(tmp_path)[chunk::CHUNKS]
    result = subprocess.run(
        [sys.executable, "-c", INVARIANT, FIXTURE_DAY.isoformat(), *map(str, roots)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[1],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    report = json.loads(result.stdout)
    assert len(report) == len(roots) > 10
    for name, checked in report.items():
        assert checked["forked"], name
        one = checked["runs"]["1 parts"]
        for label, run in checked["runs"].items():
            assert run == one, f"{name}: {label} differs from one process"
    # The bad cases do find their problems, so the comparison is not between empty reports.
    assert all(report[root.name]["runs"]["1 parts"]["problems"] for root in roots if root.name.startswith("bad-"))


ORPHANS = textwrap.dedent(
    """
    import datetime as dt, sys
    from pathlib import Path
    from site_builder.records.validate import validate_directory
    print("validating", flush=True)
    while True:
        validate_directory(Path(sys.argv[1]), dt.date(2026, 11, 21), parts=3)
    """
)


def _state(pid: int) -> str:
    """A process's state letter (Z for a zombie), or an empty string when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return ""


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_workers_end_with_their_parent_and_let_go_of_its_output(faulty_root: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", ORPHANS, str(faulty_root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=Path(__file__).parents[1],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    assert process.stdout is not None
    assert process.stdout.readline() == b"validating\n"
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    workers: list[int] = []
    deadline = time.monotonic() + 30
    while not workers and time.monotonic() < deadline:
        workers = [int(pid) for pid in children.read_text().split()]
    assert workers, "no worker was started"
    process.kill()
    # Returns once no process holds the output open; a worker left running would hold it.
    process.communicate(timeout=20)
    deadline = time.monotonic() + 10
    while any(_state(pid) not in ("", "Z") for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in workers if _state(pid) not in ("", "Z")] == []
