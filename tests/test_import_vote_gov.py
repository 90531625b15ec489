"""`site-builder import vote-gov`: an excerpt of vote.gov's states.json made into exact state records."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from record_changes import TODAY, run_import, snapshot

from site_builder.records.problems import errors
from site_builder.records.validate import validate_directory

STATES_JSON = Path(__file__).parent / "fixtures" / "vote-gov" / "states.json"
SOURCE = (
    "sources:\n"
    "  - url: >-\n"
    "      https://github.com/usagov/vote-gov-nvrf-app/blob/7c05469df8d8ae63897edebb3128342e3f36c538/"
    "public/nvrf/assets/states.json\n"
    "    title: Voter registration information for each state, from vote.gov\n"
    "    publisher: vote.gov (GSA and the U.S. Election Assistance Commission)\n"
    f"last_verified: {TODAY}\n"
)


def test_each_state_gets_its_official_links(tmp_path: Path) -> None:
    result = run_import("vote-gov", tmp_path, STATES_JSON)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "states").iterdir()) == ["al.yml", "ar.yml", "pr.yml", "wa.yml"]
    assert (tmp_path / "states/al.yml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../schema/state.schema.json\n"
        "name: Alabama\n"
        "registration_url: >-\n"
        "  https://www.alabamainteractive.org/sos/voter_registration/voterRegistrationWelcome.action\n"
        "check_registration_url: https://myinfo.alabamavotes.gov/voterview\n"
        "elections_office_url: https://www.sos.alabama.gov/alabama-votes\n" + SOURCE
    )
    # Washington's check-your-registration link is its polling-place lookup.
    assert (tmp_path / "states/wa.yml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../schema/state.schema.json\n"
        "name: Washington\n"
        "registration_url: https://voter.votewa.gov/WhereToVote.aspx\n"
        "polling_place_url: https://voter.votewa.gov/WhereToVote.aspx\n"
        "elections_office_url: https://www.sos.wa.gov/elections/\n" + SOURCE
    )
    # No online registration in Arkansas: no registration link, none invented.
    assert "registration_url:" not in (tmp_path / "states/ar.yml").read_text(encoding="utf-8").replace(
        "check_registration_url", ""
    )
    assert (
        f"review: left out {STATES_JSON.as_posix()}: [2].registration_url (pr): the address is 663 characters long"
    ) in result.output.splitlines()
    _, problems = validate_directory(tmp_path, dt.date(2026, 12, 1))
    assert [p.as_text() for p in errors(problems)] == []


def test_a_second_run_changes_nothing_and_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    dry = run_import("vote-gov", tmp_path, STATES_JSON, dry_run=True)
    assert dry.exit_code == 0
    assert "add states/wa.yml" in dry.output.splitlines()
    assert "states: 4 added, 0 changed" in dry.output
    assert not (tmp_path / "states").exists()
    run_import("vote-gov", tmp_path, STATES_JSON)
    first = snapshot(tmp_path)
    second = run_import("vote-gov", tmp_path, STATES_JSON)
    assert "0 files written" in second.output
    assert snapshot(tmp_path) == first


def test_hand_written_links_are_kept(tmp_path: Path) -> None:
    (tmp_path / "states").mkdir()
    (tmp_path / "states/wa.yml").write_text(
        "name: Washington\npolling_place_url: https://www.sos.wa.gov/find-your-polling-place\n"
        "sources:\n  - https://www.sos.wa.gov/\nlast_verified: 2026-11-01\n",
        encoding="utf-8",
    )
    run_import("vote-gov", tmp_path, STATES_JSON)
    text = (tmp_path / "states/wa.yml").read_text(encoding="utf-8")
    assert "polling_place_url: https://www.sos.wa.gov/find-your-polling-place\n" in text
    assert "last_verified: 2026-11-01\n" in text
    assert "registration_url: https://voter.votewa.gov/WhereToVote.aspx\n" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"states": []}', "expected a list of states, as vote.gov's states.json is"),
        (
            '[{"abbrev": "wa", "name": "Washington", "registration_url": ""}]',
            "[0]: the key `confirm_reg_url` is missing; vote.gov's states have abbrev, name, registration_url, "
            "confirm_reg_url, election_website_url",
        ),
        (
            '[{"abbrev": "wa", "name": "Washington", "registration_url": 1, "confirm_reg_url": "",'
            ' "election_website_url": ""}]',
            "[0].registration_url: expected text, found int",
        ),
        ('[{"abbrev": "wa",', "1: not valid JSON: Expecting property name enclosed in double quotes"),
    ],
)
def test_a_file_not_in_vote_gov_shape_is_refused_naming_the_key(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "states.json"
    path.write_text(content, encoding="utf-8")
    root = tmp_path / "records"
    root.mkdir()
    result = run_import("vote-gov", root, path)
    assert result.exit_code == 1
    separator = "" if message[0].isdigit() else " "
    assert result.output == f"Error: {path.as_posix()}:{separator}{message}\n"
    assert snapshot(root) == {}


def test_the_excerpt_is_vote_gov_shape() -> None:
    entries = json.loads(STATES_JSON.read_text(encoding="utf-8"))
    assert [entry["abbrev"] for entry in entries] == ["al", "ar", "pr", "wa"]


def test_deep_nesting_and_huge_numbers_are_refused_with_their_line(tmp_path: Path) -> None:
    root = tmp_path / "records"
    root.mkdir()
    deep = tmp_path / "deep.json"
    deep.write_text("[\n" + "[" * 100_000 + "]" * 100_000 + "\n]", encoding="utf-8")
    result = run_import("vote-gov", root, deep)
    assert result.exit_code == 1
    assert result.output == f"Error: {deep.as_posix()}:2: the JSON is nested more than 20 levels deep\n"
    huge = tmp_path / "huge.json"
    entry = '{"abbrev": "wa", "name": "Washington", "registration_url": %s, "confirm_reg_url": "",' % ("9" * 100_000)
    huge.write_text(f'[{entry} "election_website_url": ""}}]', encoding="utf-8")
    result = run_import("vote-gov", root, huge)
    assert result.exit_code == 1
    assert result.output == f"Error: {huge.as_posix()}: [0].registration_url: expected text, found Decimal\n"
    assert snapshot(root) == {}


def test_a_pipe_is_refused_without_waiting_on_it(tmp_path: Path) -> None:
    pipe = tmp_path / "states.json"
    os.mkfifo(pipe)
    command = [sys.executable, "-m", "site_builder.adapters.cli", "import", "vote-gov", "--root", str(tmp_path)]
    result = subprocess.run([*command, str(pipe)], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: {pipe.as_posix()}:1: this is a named pipe (FIFO), not a regular file, so it is not read\n"
    )
