"""Validation on several cores gives exactly what one process gives: same tables, same problems, same order."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest

from site_builder import parallel
from site_builder.synthetic import generate
from site_builder.tables import Tables
from site_builder.validate import validate_directory

TODAY = dt.date(2026, 11, 21)
MISTAKES = {
    # (kind of record, index in its sorted file list): (text to find, its replacement)
    ("candidates", 3): ("topic: ", "topic: not-a-topic-"),
    ("candidates", 17): ("vote_share: ", "vote_share: lots-"),
    ("candidates", 25): ("candidacies:\n  - election: ", "nickname: Ace\ncandidacies:\n  - election: 1999-"),
    ("candidates", 41): ("name: ", "name: Again\nname: "),
    ("candidates", 50): ("organization: ", "organization: nobody-"),
    ("candidates", 58): ("bio: ", "bio: [unclosed\n"),
    ("organizations", 150): ("kind: ", "kind: onion-"),
    ("cities", 2): ("state:", "state:wy/county:x_"),
}


def with_mistakes(root: Path) -> Path:
    for (kind, index), (old, new) in MISTAKES.items():
        # the first file from that index on that has the text
        text, path = next((p.read_text(encoding="utf-8"), p) for p in sorted((root / kind).rglob("*.yml"))[index:]
                          if old in p.read_text(encoding="utf-8"))
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def faulty_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parallel") / "records"
    generate(root, candidates=60, seed=5)
    return with_mistakes(root)


def run(root: Path, monkeypatch: pytest.MonkeyPatch, cores: int, method: str) -> tuple[Tables, list[str]]:
    monkeypatch.setattr(parallel, "MIN_FILES", 1)
    monkeypatch.setattr(parallel, "cores", lambda: cores)
    monkeypatch.setattr(parallel, "_context", lambda: multiprocessing.get_context(method))
    tables, problems = validate_directory(root, TODAY)
    return tables, [p.as_text() for p in problems]


@pytest.fixture(scope="module")
def one_process(faulty_root: Path) -> tuple[Tables, list[str]]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        return run(faulty_root, monkeypatch, 1, "fork")


def test_the_mistakes_are_found_in_one_process(one_process: tuple[Tables, list[str]]) -> None:
    _, problems = one_process
    expected = ["not-a-topic-", "lots-", "unknown field `nickname`", "1999-", "appears twice", "nobody-",
                "YAML syntax error", "onion-", "is not in the state of this record's folder"]
    for words in expected:
        assert any(words in problem for problem in problems), words


@pytest.mark.parametrize(("cores", "method"), [(2, "fork"), (3, "fork"), (2, "spawn")])
def test_several_processes_give_the_same_tables_and_problems(
    faulty_root: Path, one_process: tuple[Tables, list[str]], monkeypatch: pytest.MonkeyPatch, cores: int, method: str
) -> None:
    tables, problems = run(faulty_root, monkeypatch, cores, method)
    expected_tables, expected_problems = one_process
    assert problems == expected_problems
    assert tables.files == expected_tables.files
    assert tables.rows == expected_tables.rows
    assert tables.origins == expected_tables.origins


def test_split_keeps_the_order_and_gives_this_process_the_longest_run() -> None:
    runs = parallel.split(list(range(10)), 2)
    assert runs == [[0, 1, 2, 3, 4, 5], [6, 7, 8, 9]]
    assert parallel.split([], 3) == [[], [], []]
    assert parallel.split([1, 2], 1) == [[1, 2]]


def _fail_on_two(part: int) -> int:
    if part == 2:
        raise ValueError("two is not allowed")
    return part * 10


def test_results_come_back_in_order_and_a_worker_failure_is_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_context", lambda: multiprocessing.get_context("fork"))
    assert parallel.run_parts(_fail_on_two, [1, 3, 4]) == [10, 30, 40]
    with pytest.raises(RuntimeError, match="ValueError: two is not allowed"):
        parallel.run_parts(_fail_on_two, [1, 2])
