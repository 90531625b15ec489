"""The benchmark and the build profile run from end to end at a small size.

Their numbers are not checked here (they belong in the benchmark's output); these tests check
that every column is measured and that the table and the profile say what they measure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.run import COLUMNS, MB
from benchmarks.synthetic import TOPICS_DIR

ROOT = Path(__file__).parents[1]
pytestmark = pytest.mark.slow


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )


@pytest.mark.skipif(not shutil.which("chromium"), reason="the first search is timed in Chromium")
def test_the_benchmark_measures_every_column(tmp_path: Path) -> None:
    # The "real records" and the import of real results are measured on the small fixture directory and the
    # excerpts of the Washington files: the repository's records and the whole files take minutes, measuring
    # the same steps.
    data = tmp_path / "data" / "openelections-wa"
    data.mkdir(parents=True)
    for excerpt in (ROOT / "tests" / "fixtures" / "openelections").glob("*__wa__*.csv"):
        shutil.copy(excerpt, data)
    records = ROOT / "tests" / "fixtures" / "records"
    arguments = ["--records", str(records), "--data", str(data.parent)]
    result = run("run.py", "--sizes", "40", "--repeat", "1", "--json", str(tmp_path / "rows.json"), *arguments)
    assert result.returncode == 0, result.stderr
    [row] = json.loads((tmp_path / "rows.json").read_text(encoding="utf-8"))
    missing = [key for key, _, _ in COLUMNS if row.get(key) is None]
    assert missing == ["worker_mb"]  # so small a directory is validated in one process

    assert row["candidates"] == 40
    assert row["files"] == 40 + 2 + 200 + len(list(TOPICS_DIR.glob("*.yml")))
    assert all(row[key] > 0 for key in ("build_s", "floor_s", "pipeline_s", "preview_s", "search_s", "site_mb"))
    assert row["ratio"] == pytest.approx(row["build_s"] / row["floor_s"])
    assert 0 < row["search_kb"] < row["index_mb"] * 1024
    # The site's bytes a candidate, by language: the Spanish pages, and the English ones with what both share.
    assert 0 < row["spanish_kb_per_candidate"] < row["english_kb_per_candidate"]
    assert row["english_kb_per_candidate"] + row["spanish_kb_per_candidate"] == pytest.approx(
        row["site_kb_per_candidate"]
    )
    parts = row["parts"]  # where the site's bytes go: every file of the site, counted once
    assert sum(size for _, size, _ in parts.values()) == pytest.approx(row["site_mb"] * MB)
    # Two cities whose elections are held (no comparison: those are made for elections still to come).
    assert {"candidate", "city", "open data, calendars and feeds"} <= set(parts)
    assert all(0 < said < size for _, size, said in (parts["candidate"], parts["city"]))
    assert "site at 40 candidates" in result.stdout

    output = result.stdout.strip().splitlines()
    last = max(i for i, line in enumerate(output) if line.split()[:1] == ["candidates"])  # the final table
    heading, rule, *lines = output[last : last + 3]
    assert heading.split()[:4] == ["candidates", "files", "rows", "generate"]
    assert set(rule.replace(" ", "")) == {"-"}
    assert lines[0].split()[:2] == ["40", f"{row['files']:,}"]

    candidates = sum(1 for _ in (records / "candidates").rglob("*.yml"))
    assert f"real records: {candidates:,} candidates, " in result.stdout
    # The largest pages' table has their column.
    assert any(line.startswith("largest page KB") and "real records" in line for line in output)
    imported = output[output.index("import (empty) s  import (again) s  files  second run") + 1].split()
    assert int(imported[2]) > 0
    assert imported[3:] == ["changes", "nothing"]


def test_the_profile_names_where_a_build_spends_its_time() -> None:
    result = run("profile_build.py", "--sizes", "40")
    assert result.returncode == 0, result.stderr
    seconds = {line[:30].strip(): float(line.split()[-1]) for line in result.stdout.splitlines()[1:] if line.strip()}
    assert seconds["whole build"] > seconds["records pipeline"] > seconds["load + validate"] > 0
    assert seconds["page bodies (Jinja)"] > 0
    assert seconds["MkDocs: page output"] > seconds["theme templates"] > 0
    assert seconds["search: writing the index"] >= 0
