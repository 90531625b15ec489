"""Hostile and careless results files given to the real `site-builder import openelections`, in a git copy
of the records: each is refused with its file and line, or imported right, and never leaves a traceback
or a half-written directory (`git status --porcelain` tells what changed)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.importers import importing, openelections

FIXTURES = Path(__file__).parent / "fixtures"
SITE_BUILDER = Path(sys.executable).parent / "site-builder"
TODAY = "2025-10-15"
HEADER = "county,office,district,party,candidate,votes\n"
MAYOR = "City Of Seattle Mayor"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the fixture records, every file committed."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "records", root)
    for command in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-qm", "records"],
    ):
        subprocess.run(["git", *command], cwd=root, check=True)
    return root


def results(folder: Path, text: str, name: str = "20191105__wa__general__county.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run(repo: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(SITE_BUILDER), "import", "openelections", "--root", str(repo), "--today", TODAY, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


def changed(repo: Path) -> list[str]:
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=repo, capture_output=True, text=True, check=True
    )
    return sorted(line[3:] for line in status.stdout.splitlines())


def test_a_name_with_a_suffix_is_not_joined_to_the_same_name_without_it_in_one_race(repo: Path, tmp_path: Path) -> None:
    """John Smith (100) and John Smith Jr. (90) summed into one record of 190 would beat the real winner's 150."""
    file = results(
        tmp_path / "in",
        HEADER + f"King,{MAYOR},,,John Smith,100\nKing,{MAYOR},,,John Smith Jr.,90\nKing,{MAYOR},,,Jane Roe,150\n",
    )
    result = run(repo, file)
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: {file}:3: candidate: `John Smith Jr.` and `John Smith` (line 2) are both in this race and may be "
        "two people; a file's names are joined only when they differ in case, accents, spacing or, from different "
        "counties, a middle initial: correct the file or import the race apart\n"
    )
    assert changed(repo) == []


def test_two_spellings_in_one_countys_ballot_are_two_people(repo: Path, tmp_path: Path) -> None:
    file = results(tmp_path / "in", HEADER + f"King,{MAYOR},,,Sean G. Palermo,10\nKing,{MAYOR},,,Sean Palermo,9\n")
    result = run(repo, file)
    assert result.returncode == 1
    assert f"{file}:3: candidate: `Sean Palermo` and `Sean G. Palermo` (line 2)" in result.stderr
    assert changed(repo) == []


def test_a_middle_initial_one_county_prints_joins_the_name_another_county_gives(repo: Path, tmp_path: Path) -> None:
    """As the real 2019 Washington primary spells one candidate in two counties."""
    office = "City of Auburn Council Position 4"
    file = results(
        tmp_path / "in",
        HEADER + f"King,{office},,,Sean G. Palermo,10\nPierce,{office},,,SEAN PALERMO,9\nKing,{office},,,Jo Ann,30\n",
    )
    result = run(repo, file)
    assert result.returncode == 0, result.stderr
    record = (repo / "candidates/wa/auburn/sean-g-palermo.yml").read_text(encoding="utf-8")
    assert "    votes: 19\n" in record
    assert changed(repo) == [
        "candidates/wa/auburn/jo-ann.yml",
        "candidates/wa/auburn/sean-g-palermo.yml",
        "cities/wa/auburn.yml",
    ]


def test_the_same_file_given_twice_is_refused(repo: Path, tmp_path: Path) -> None:
    file = results(tmp_path / "in", HEADER + f"King,{MAYOR},,,Jane Roe,150\n")
    result = run(repo, file, file)
    assert result.returncode == 1
    assert result.stderr == f"Error: {file}:1: the same file as {file}, given before; give each file once\n"
    assert changed(repo) == []


def test_the_same_results_under_another_name_are_refused(repo: Path, tmp_path: Path) -> None:
    first = results(tmp_path / "a", HEADER + f"King,{MAYOR},,,Jane Roe,150\n")
    second = results(tmp_path / "b", first.read_text(encoding="utf-8"))
    result = run(repo, first, second)
    assert result.returncode == 1
    assert result.stderr == f"Error: {second}:1: the same results as {first}, given before; give each file once\n"
    assert changed(repo) == []


def test_a_countys_votes_for_one_race_in_two_files_are_refused(repo: Path, tmp_path: Path) -> None:
    first = results(tmp_path / "a", HEADER + f"King,{MAYOR},,,Jane Roe,150\n")
    second = results(tmp_path / "b", HEADER + f"King,{MAYOR},,,Jane Roe,151\n")
    result = run(repo, first, second)
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"Error: {second}:2: county: the votes of King for this race are also in {first}:2; they would be counted twice"
    )
    assert changed(repo) == []


def test_a_repeated_row_is_refused(repo: Path, tmp_path: Path) -> None:
    file = results(tmp_path / "in", HEADER + f"King,{MAYOR},,,Jane Roe,150\nKing,{MAYOR},,,JANE ROE,150\n")
    result = run(repo, file)
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"Error: {file}:3: candidate: `JANE ROE` has votes in this race, county and precinct"
    )
    assert changed(repo) == []


def test_a_repeated_column_is_refused(repo: Path, tmp_path: Path) -> None:
    file = results(tmp_path / "in", HEADER.replace("votes", "votes,votes") + f"King,{MAYOR},,,Jane Roe,150,9\n")
    result = run(repo, file)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {file}:1: votes: the header names this column more than once")
    assert changed(repo) == []


def test_a_count_of_5000_digits_is_refused(repo: Path, tmp_path: Path) -> None:
    file = results(tmp_path / "in", HEADER + f"King,{MAYOR},,,Jane Roe,{'9' * 5000}\n")
    result = run(repo, file)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {file}:2: votes: the value is 5000 characters long")
    assert changed(repo) == []


def test_records_that_would_not_validate_are_not_written(repo: Path, tmp_path: Path) -> None:
    """A name the reader can read but a record may not hold: the problem is told against the file the import
    would have written, and nothing is written."""
    long_name = "Jane " + "Q" * 120 + " Roe"
    file = results(tmp_path / "in", HEADER + f"King,{MAYOR},,,{long_name},150\nKing,{MAYOR},,,Joe Bloggs,20\n")
    result = run(repo, file)
    assert result.returncode == 1
    path = "candidates/wa/seattle/jane-" + "q" * 120 + "-roe.yml"
    assert f"{path}:2:7: name: is 129 characters long; the limit is 100" in result.stderr
    assert result.stderr.endswith(
        "Error: nothing written: the records would have 1 error once imported (above, against the files the "
        "import would write); the records are as they were\n"
    )
    assert changed(repo) == []


def test_messages_quote_the_dataset_as_inert_text(repo: Path, tmp_path: Path) -> None:
    """A workflow command or an escape code in a dataset's text or its path reaches the terminal as text."""
    file = results(tmp_path / "in\x1b[2J::error::x", HEADER + "King,::error file=a::pwned Mayor,,,Jane Roe,1\n")
    result = run(repo, file)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("unread office:")]
    assert lines == [
        f"unread office: {tmp_path}/in\\x1b[2J:\\x3aerror:\\x3ax/20191105__wa__general__county.csv:2: "
        ":\\x3aerror file=a:\\x3apwned Mayor (no city of the state is named in it)"
    ]
    assert "\x1b" not in result.stdout + result.stderr
    assert changed(repo) == []


# --- any input: imported to records that validate, or refused with its file and line -------------------------

_OFFICES = st.sampled_from([MAYOR, "City of Tacoma Council Position 1", "Port of Seattle Commissioner", "", "Mayor"])
_NAMES = st.one_of(
    st.sampled_from(["Jane Roe", "JANE ROE", "Jane Roé", "John Smith", "John Smith Jr.", "J. Smith", "Write-in"]),
    st.text(min_size=0, max_size=40),
)
_VOTES = st.one_of(st.integers(0, 10**6).map(str), st.sampled_from(["-1", "1.5", "", "1e3", "9" * 13, " 7"]))
_ROWS = st.lists(st.tuples(st.sampled_from(["King", "Pierce"]), _OFFICES, _NAMES, _VOTES), max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=_ROWS, garbage=st.one_of(st.none(), st.text(max_size=30)))
def test_any_results_file_imports_to_valid_records_or_is_refused_with_its_line(
    tmp_path: Path, rows: list[tuple[str, str, str, str]], garbage: str | None
) -> None:
    folder = tmp_path / "any"
    shutil.rmtree(folder, ignore_errors=True)
    root = folder / "records"
    root.mkdir(parents=True)
    lines = [HEADER] + [",".join(_quoted(cell) for cell in (c, o, "", "", n, v)) + "\n" for c, o, n, v in rows]
    if garbage is not None:
        lines.append(garbage)
    path = results(folder, "".join(lines))
    try:
        outcome = importing.import_openelections(root, [path], dt.date(2025, 10, 15))
    except openelections.InputError as error:
        assert re.match(rf"{re.escape(str(path))}:[0-9]+: ", str(error)), str(error)
        return
    for problem in importing.refusals(root, outcome.plan, dt.date(2025, 10, 15)):
        assert problem.path in outcome.plan.texts and problem.line >= 1


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'
