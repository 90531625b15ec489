"""The synthetic directory: deterministic, shaped like the real records, valid and canonical."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from record_changes import snapshot

from benchmarks.synthetic import TOPICS_DIR, generate
from site_builder.adapters import cli
from site_builder.records.validate import validate_directory

ROOT = Path(__file__).resolve().parents[1]
SIZE = 60
TODAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def synthetic_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic") / "records"
    generate(root, candidates=SIZE, seed=0)
    return root


def test_the_same_seed_writes_byte_identical_files(synthetic_root: Path, tmp_path: Path) -> None:
    generate(tmp_path / "again", candidates=SIZE, seed=0)
    assert snapshot(tmp_path / "again") == snapshot(synthetic_root)


def test_another_seed_writes_other_records(synthetic_root: Path, tmp_path: Path) -> None:
    generate(tmp_path / "other", candidates=SIZE, seed=1)
    other = snapshot(tmp_path / "other")
    assert other.keys() != snapshot(synthetic_root).keys()
    assert {name for name in other if name.startswith("topics/")} == {
        f"topics/{p.name}" for p in TOPICS_DIR.glob("*.yml")
    }


def test_the_directory_validates_without_errors_or_warnings(synthetic_root: Path) -> None:
    tables, problems = validate_directory(synthetic_root, TODAY)
    assert [p.as_text() for p in problems] == []
    assert len(tables.files) == len(snapshot(synthetic_root))


def test_the_directory_has_the_shape_of_the_real_one(synthetic_root: Path) -> None:
    tables, _ = validate_directory(synthetic_root, TODAY)
    rows = tables.rows
    assert len(rows["candidates"]) == SIZE
    assert len(rows["cities"]) == SIZE // 20
    assert {len([c for c in rows["candidates"] if c["city"] == city["id"]]) for city in rows["cities"]} == {20}
    assert len(rows["organizations"]) == 200
    assert 3 <= len(rows["positions"]) / SIZE <= 5
    assert 2 <= len(rows["endorsements"]) / SIZE <= 4
    assert any(race.get("district") for race in rows["races"])
    assert all(row.get("url") or row.get("title") for row in rows["sources"])
    assert all(
        city["ocd_id"].startswith(f"ocd-division/country:us/state:{city['state']}/place:") for city in rows["cities"]
    )
    for path in TOPICS_DIR.glob("*.yml"):
        assert (synthetic_root / "topics" / path.name).read_bytes() == path.read_bytes()


def test_the_records_are_already_in_the_canonical_layout(synthetic_root: Path) -> None:
    result = CliRunner().invoke(cli.main, ["fmt", "--check", "--root", str(synthetic_root)])
    assert result.output.splitlines()[-1] == "0 files would be reformatted"
    assert result.exit_code == 0


def test_generate_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "cities").mkdir()
    with pytest.raises(FileExistsError, match="is not empty"):
        generate(tmp_path, candidates=20)


def test_the_command_writes_the_directory(tmp_path: Path, synthetic_root: Path) -> None:
    out = tmp_path / "cli"
    result = run_synthetic(str(out), "--candidates", str(SIZE), "--seed", "0")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {len(snapshot(synthetic_root))} files to {out.as_posix()}\n"
    assert snapshot(out) == snapshot(synthetic_root)


def test_the_command_reports_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text("x", encoding="utf-8")
    result = run_synthetic(str(tmp_path))
    assert result.returncode == 1
    assert "is not empty" in result.stderr


def run_synthetic(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "benchmarks.synthetic", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
