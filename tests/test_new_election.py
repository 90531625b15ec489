"""`site-builder new election`: an election added to a city's record, which keeps its layout and its elections;
then `new candidate` runs in it, and `validate` names what is left to fill in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from site_builder.adapters.cli import main
from site_builder.records.problems import errors
from site_builder.records.validate import validate_directory

TODAY = "2026-12-06"


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result


def elections(root: Path, city: str) -> list[dict[str, object]]:
    return yaml.safe_load((root / f"cities/{city}.yml").read_text(encoding="utf-8"))["elections"]


def test_a_city_without_elections_gets_one_and_then_its_first_candidate(records: Path) -> None:
    """The contributing guide's commands, in its order."""
    assert run("new", "city", "wa/anacortes", "Anacortes", "--root", str(records), "--today", TODAY).exit_code == 0
    refused = run("new", "candidate", "wa/anacortes", "Jo Example", "--root", str(records), "--today", TODAY)
    assert refused.exit_code == 1
    assert "`site-builder new election wa/anacortes YYYY-MM-DD --office Mayor`" in refused.output
    added = run(
        "new", "election", "wa/anacortes", "2027-11-02", "--office", "Mayor", "--office", "City Council, Position 3",
        "--source", "https://example.org/anacortes/2027-notice", "--root", str(records),
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert added.output == f"changed {records.as_posix()}/cities/wa/anacortes.yml\n"
    assert elections(records, "wa/anacortes") == [
        {
            "date": dt.date(2027, 11, 2),
            "kind": "general",
            "offices": [{"office": "Mayor"}, {"office": "City Council", "district": "Position 3"}],
            "sources": ["https://example.org/anacortes/2027-notice"],
        }
    ]
    made = run("new", "candidate", "wa/anacortes", "Jo Example", "--root", str(records), "--today", TODAY)
    assert made.exit_code == 0, made.output
    candidate = yaml.safe_load((records / "candidates/wa/anacortes/jo-example.yml").read_text(encoding="utf-8"))
    assert candidate["candidacies"] == [{"election": "2027-11-02-general", "office": "Mayor", "status": "announced"}]
    _, problems = validate_directory(records, dt.date(2026, 12, 6))
    left = [(p.path, p.line, p.code.value) for p in errors(problems)]
    assert left == [  # what the skeletons leave to fill in, and nothing else: the sources of the city and the candidate
        ("candidates/wa/anacortes/jo-example.yml", 4, "unsourced-fact"),
        ("candidates/wa/anacortes/jo-example.yml", 6, "unsourced-fact"),
        ("cities/wa/anacortes.yml", 4, "unsourced-fact"),
    ]


def test_by_default_the_offices_of_the_citys_latest_election_are_on_the_ballot(records: Path) -> None:
    before = (records / "cities/mn/minneapolis.yml").read_text(encoding="utf-8")
    result = run("new", "election", "mn/minneapolis", "2029-11-06", "--root", str(records))
    assert result.exit_code == 0, result.output
    after = (records / "cities/mn/minneapolis.yml").read_text(encoding="utf-8")
    assert after.startswith(before.split("sources:\n  - url:")[0])  # every election before it, as it was written
    assert elections(records, "mn/minneapolis")[-1] == {
        "date": dt.date(2029, 11, 6),
        "kind": "general",
        "offices": [{"office": "Mayor"}, {"office": "City Council", "district": "Ward 3"}],
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["mn/minneapolis", "2025-11-04"],
            "cities/mn/minneapolis.yml already lists the general election of 2025-11-04",
        ),
        (["mn/minneapolis", "2027-02-30"], "`2027-02-30` is not a day: write it as YYYY-MM-DD, for example 2027-11-02"),
        (["mn/minneapolis", "November 2"], "`November 2` is not a day: write it as YYYY-MM-DD, for example 2027-11-02"),
        (
            ["mn/duluth", "2027-11-02"],
            "there is no city record cities/mn/duluth.yml: add it first with "
            '`site-builder new city mn/duluth "City name"`',
        ),
        (
            ["mn/minneapolis", "2027-11-02", "--office", ", Ward 3"],
            "`, Ward 3` is not an office: write it as `Mayor` or `City Council, Ward 3`",
        ),
        (["minneapolis", "2027-11-02"], "`minneapolis` is not <state>/<city>: for example mn/minneapolis"),
    ],
)
def test_a_bad_election_is_refused_and_nothing_is_written(records: Path, args: list[str], message: str) -> None:
    before = {p: p.read_bytes() for p in records.rglob("*") if p.is_file()}
    result = run("new", "election", *args, "--root", str(records))
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    assert {p: p.read_bytes() for p in records.rglob("*") if p.is_file()} == before
