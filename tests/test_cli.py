"""The `site-builder` command through click's CliRunner: validate, fmt and new."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from site_builder.adapters.cli import main
from site_builder.records.loader import load_file
from site_builder.records.problems import Code, Problem, Severity, render

FIXTURES = Path(__file__).parent / "fixtures"
REPOSITORY = Path(__file__).resolve().parent.parent
RECORD_FOLDERS = ("cities", "candidates", "organizations", "topics")
BAD_CASES = sorted(path.name for path in (FIXTURES / "bad").iterdir() if path.is_dir())
WARNING_ONLY_CASES = [
    "stale",
    "same-person",
    "possibly-same-person",
    "other-name-of-another-record",
    "hidden-folder",
    "modeline-missing",
    "modeline-wrong",
]
SUMMARY = re.compile(r"^(\d+) files? checked: (\d+) errors?, (\d+) warnings?$")
TODAY = "2025-10-15"

Write = Callable[[Path, str, str], Path]
CaseRuns = Callable[[str], Any]
"""The session fixture bad_case_run: a case name to its CaseRun (root, command result, problems)."""


def run(*args: str, env: dict[str, str | None] | None = None) -> Result:
    """Run the command as a contributor would; GITHUB_ACTIONS is unset unless a test sets it."""
    return CliRunner().invoke(main, list(args), env={"GITHUB_ACTIONS": None, **(env or {})})


def validate(root: Path, *args: str, env: dict[str, str | None] | None = None) -> Result:
    return run("validate", "--root", str(root), "--today", TODAY, *args, env=env)


def assert_clean_exit(result: Result) -> None:
    """No traceback, and any exception is the command's own exit."""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- validate ------------------------------------------------------------------------------------


def test_validate_valid_records_exits_0_with_the_summary() -> None:
    result = validate(FIXTURES / "records")
    assert result.exit_code == 0
    assert result.output == "7 files checked: 0 errors, 0 warnings\n"


def test_validate_bad_records_exits_1_with_each_problem_and_the_summary(bad_case_run: CaseRuns) -> None:
    result = bad_case_run("photo-without-licence").result
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "candidates/mn/minneapolis/alex-kim.yml:3:12: photo_url: a photo needs `photo_credit` "
        "(hint: only use photos whose licence allows reuse, and credit the photographer)",
        "candidates/mn/minneapolis/alex-kim.yml:3:12: photo_url: a photo needs `photo_license` "
        "(hint: only use photos whose licence allows reuse, and credit the photographer)",
        "8 files checked: 2 errors, 0 warnings",
    ]


@pytest.mark.parametrize(
    ("case", "name", "form", "rename"),
    [
        ("reserved-guide", "guide-2025-11-04-general", "`guide-` and anything", "2025-11-04-general-guide"),
        (
            "reserved-compare",
            "compare-2025-11-04-general-city-council-ward-3",
            "`compare-` and anything",
            "2025-11-04-general-city-council-ward-3-compare",
        ),
    ],
)
def test_validate_refuses_a_candidate_named_as_a_page_of_its_city(
    bad_case_run: CaseRuns, case: str, name: str, form: str, rename: str
) -> None:
    result = bad_case_run(case).result
    assert_clean_exit(result)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"candidates/mn/minneapolis/{name}.yml:1:1: `{name}` is the address of a page the site makes: "
        f"no record's id may be {form} (hint: rename the file, for example to `{rename}.yml`)",
        "7 files checked: 1 error, 0 warnings",
    ]
    assert "[reserved-id]" in validate(bad_case_run(case).root, "--format", "github").output


def test_validate_errors_and_warnings_together(bad_root: Callable[[str], Path]) -> None:
    bad_root("stale")
    result = validate(bad_root("record-without-sources"))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "candidates/mn/minneapolis/alex-kim.yml:9:16: warning: last_verified: last verified 2025-01-02, more than "
        "180 days ago, and the candidate is on the ballot on 2025-11-04 (hint: check the record against its sources "
        "and update `last_verified`)",
        "organizations/transit-riders.yml:2:1: the organisation record cites no sources "
        "(hint: add `sources:` with the pages its facts come from)",
        "9 files checked: 1 error, 1 warning",
    ]


def test_validate_with_warnings_only_exits_0(bad_case_run: CaseRuns) -> None:
    result = bad_case_run("stale").result
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "candidates/mn/minneapolis/alex-kim.yml:9:16: warning: last_verified: last verified 2025-01-02, more than "
        "180 days ago, and the candidate is on the ballot on 2025-11-04 (hint: check the record against its sources "
        "and update `last_verified`)",
        "8 files checked: 0 errors, 1 warning",
    ]


def test_validate_format_json_parses_with_counts(bad_root: Callable[[str], Path]) -> None:
    result = validate(bad_root("source-list"), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert {key: report[key] for key in ("files", "errors", "warnings")} == {"files": 8, "errors": 2, "warnings": 0}
    assert report["problems"] == [
        {
            "path": "candidates/mn/minneapolis/alex-kim.yml",
            "line": 8,
            "column": 5,
            "field": "platform[1]",
            "message": "this platform position has no source",
            "hint": "add `source:` with the article or page that reports it",
            "severity": "error",
            "code": "unsourced-fact",
        },
        {
            "path": "candidates/mn/minneapolis/alex-kim.yml",
            "line": 11,
            "column": 7,
            "field": "platform[1].source",
            "message": "a source is an https address or a citation",
            "hint": "write `- https://...` or a citation with title, publisher, date and url",
            "severity": "error",
            "code": "bad-source",
        },
    ]


def test_validate_format_json_on_valid_records() -> None:
    result = validate(FIXTURES / "records", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == {"files": 7, "errors": 0, "warnings": 0, "problems": []}


GITHUB_SOURCE_LIST = [
    "::error file=candidates/mn/minneapolis/alex-kim.yml,line=8,col=5,title=platform[1] [unsourced-fact]::"
    "this platform position has no source (hint: add `source:` with the article or page that reports it)",
    "::error file=candidates/mn/minneapolis/alex-kim.yml,line=11,col=7,title=platform[1].source [bad-source]::"
    "a source is an https address or a citation (hint: write `- https://...` or a citation with title, publisher, "
    "date and url)",
    "candidates/mn/minneapolis/alex-kim.yml:8:5: platform[1]: this platform position has no source "
    "(hint: add `source:` with the article or page that reports it)",
    "candidates/mn/minneapolis/alex-kim.yml:11:7: platform[1].source: a source is an https address or a citation "
    "(hint: write `- https://...` or a citation with title, publisher, date and url)",
    "8 files checked: 2 errors, 0 warnings",
]


def test_validate_format_github_prints_annotations(bad_root: Callable[[str], Path]) -> None:
    result = validate(bad_root("source-list"), "--format", "github")
    assert result.exit_code == 1
    assert result.output.splitlines() == GITHUB_SOURCE_LIST


def test_github_annotation_of_a_problem_without_a_field(bad_root: Callable[[str], Path]) -> None:
    result = validate(bad_root("not-slug"), "--format", "github")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "::error file=topics/Public Transit.yml,line=1,col=1,title=record [invalid-id]::"
        "`Public Transit` is not a valid id: use lowercase letters, digits and single hyphens (hint: rename it to "
        "`public-transit`)"
    )


def test_github_annotation_escapes_properties_and_message() -> None:
    problem = Problem(
        "cities/a,b:c.yml", 3, 4, "sources[1].url", "50% done\nnext line", "a, b: c", code=Code.WRONG_FORM
    )
    assert problem.as_github() == (
        "::error file=cities/a%2Cb%3Ac.yml,line=3,col=4,title=sources[1].url [wrong-form]::"
        "50%25 done%0Anext line (hint: a, b: c)"
    )
    warning = Problem("topics/x.yml", 1, 1, "", "stale", severity=Severity.WARNING, code=Code.STALE)
    assert warning.as_github() == "::warning file=topics/x.yml,line=1,col=1,title=record [stale-record]::stale"


def test_render_summary_counts_and_plurals() -> None:
    error = Problem("topics/x.yml", 2, 7, "name", "bad", "fix it", code=Code.WRONG_FORM)
    warning = Problem("topics/x.yml", 1, 1, "", "old", severity=Severity.WARNING, code=Code.STALE)
    assert render([], "text", 1) == "1 file checked: 0 errors, 0 warnings"
    assert render([warning, error], "text", 2) == (
        "topics/x.yml:1:1: warning: old\n"
        "topics/x.yml:2:7: name: bad (hint: fix it)\n"
        "2 files checked: 1 error, 1 warning"
    )


def test_github_actions_environment_selects_github_format(bad_root: Callable[[str], Path]) -> None:
    root = bad_root("source-list")
    assert validate(root, env={"GITHUB_ACTIONS": "true"}).output.splitlines() == GITHUB_SOURCE_LIST
    assert validate(root, env={"GITHUB_ACTIONS": "false"}).output.splitlines() == GITHUB_SOURCE_LIST[2:]
    text = validate(root, "--format", "text", env={"GITHUB_ACTIONS": "true"})
    assert text.output.splitlines() == GITHUB_SOURCE_LIST[2:]


@pytest.mark.parametrize("case", BAD_CASES)
def test_no_bad_fixture_causes_a_traceback(bad_case_run: CaseRuns, case: str) -> None:
    case_run = bad_case_run(case)
    result = case_run.result
    assert_clean_exit(result)
    summary = SUMMARY.match(result.output.splitlines()[-1])
    assert summary, result.output
    _, errors, warnings = (int(n) for n in summary.groups())
    assert errors + warnings == len(result.output.splitlines()) - 1 >= 1
    assert result.exit_code == (1 if errors else 0)
    assert (errors == 0) == (case in WARNING_ONLY_CASES)
    fmt = run("fmt", "--check", "--root", str(case_run.root))
    assert_clean_exit(fmt)
    assert fmt.exit_code in (0, 1)


def test_validate_missing_root_is_an_empty_directory(tmp_path: Path) -> None:
    result = validate(tmp_path / "absent")
    assert result.exit_code == 0
    assert result.output == "0 files checked: 0 errors, 0 warnings\n"


def test_validate_rejects_an_unknown_format(records: Path) -> None:
    result = validate(records, "--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.output


# --- fmt -----------------------------------------------------------------------------------------

TOPIC_MODELINE = "# yaml-language-server: $schema=../schema/topic.schema.json\n"
UNORDERED_TOPIC = "description: Buses and trains.\nname: 'Transit'\n"
CANONICAL_TOPIC = TOPIC_MODELINE + "name: Transit\ndescription: Buses and trains.\n"


def test_fmt_check_reports_a_file_that_is_not_canonical(records: Path, write: Write) -> None:
    path = write(records, "topics/transit.yml", UNORDERED_TOPIC)
    result = run("fmt", "--check", "--root", str(records))
    assert result.exit_code == 1
    assert result.output == "topics/transit.yml: would be reformatted\n1 file would be reformatted\n"
    assert path.read_text(encoding="utf-8") == UNORDERED_TOPIC


def test_fmt_rewrites_and_then_check_passes(records: Path, write: Write) -> None:
    path = write(records, "topics/transit.yml", UNORDERED_TOPIC)
    result = run("fmt", "--root", str(records))
    assert result.exit_code == 0
    assert result.output == "topics/transit.yml: reformatted\n1 file reformatted\n"
    assert path.read_text(encoding="utf-8") == CANONICAL_TOPIC
    again = run("fmt", "--check", "--root", str(records))
    assert again.exit_code == 0
    assert again.output == "0 files would be reformatted\n"


def test_fmt_keeps_the_right_modeline_and_corrects_a_wrong_one(records: Path, write: Write) -> None:
    path = write(records, "topics/transit.yml", TOPIC_MODELINE + UNORDERED_TOPIC)
    assert run("fmt", "--root", str(records)).exit_code == 0
    assert path.read_text(encoding="utf-8") == CANONICAL_TOPIC
    assert run("fmt", "--check", "--root", str(records)).exit_code == 0
    wrong = "# yaml-language-server: $schema=../../schema/city.schema.json\n"
    write(records, "topics/transit.yml", wrong + "# Notes.\n" + CANONICAL_TOPIC.removeprefix(TOPIC_MODELINE))
    result = run("fmt", "--check", "--root", str(records))
    assert (result.exit_code, result.output) == (
        1,
        "topics/transit.yml: would be reformatted\n1 file would be reformatted\n",
    )
    assert run("fmt", "--root", str(records)).exit_code == 0
    assert (
        path.read_text(encoding="utf-8") == TOPIC_MODELINE + "# Notes.\nname: Transit\ndescription: Buses and trains.\n"
    )


def test_fmt_check_reports_a_canonical_file_without_its_modeline(records: Path, write: Write) -> None:
    path = write(records, "topics/transit.yml", CANONICAL_TOPIC.removeprefix(TOPIC_MODELINE))
    result = run("fmt", "--check", "--root", str(records))
    assert (result.exit_code, result.output) == (
        1,
        "topics/transit.yml: would be reformatted\n1 file would be reformatted\n",
    )
    assert run("fmt", "--root", str(records)).exit_code == 0
    assert path.read_bytes() == CANONICAL_TOPIC.encode()
    assert validate(records).output == "8 files checked: 0 errors, 0 warnings\n"


def test_fmt_only_touches_the_files_named(records: Path, write: Write) -> None:
    transit = write(records, "topics/transit.yml", UNORDERED_TOPIC)
    parks = write(records, "topics/parks.yml", "description: Parks.\nname: Parks\n")
    result = run("fmt", "--root", str(records), str(parks))
    assert result.output == "topics/parks.yml: reformatted\n1 file reformatted\n"
    assert transit.read_text(encoding="utf-8") == UNORDERED_TOPIC
    assert parks.read_text(encoding="utf-8") == TOPIC_MODELINE + "name: Parks\ndescription: Parks.\n"


def test_fmt_leaves_a_file_that_does_not_load_and_exits_1(records: Path, write: Write) -> None:
    text = "name: Transit\nname: Buses\n"
    path = write(records, "topics/transit.yml", text)
    result = run("fmt", "--root", str(records))
    assert result.exit_code == 1
    assert result.stderr == "topics/transit.yml: cannot be formatted until it loads; run `site-builder validate`\n"
    assert result.stdout == "0 files reformatted\n"
    assert path.read_text(encoding="utf-8") == text


def test_fmt_does_not_rewrite_a_file_that_is_not_utf8(records: Path) -> None:
    path = records / "topics" / "transit.yml"
    original = b"description: Buses, trains and caf\xe9s.\nname: Transit\n"
    path.write_bytes(original)
    result = run("fmt", "--root", str(records))
    assert path.read_bytes() == original
    assert result.exit_code == 1
    assert result.stderr == "topics/transit.yml: cannot be formatted until it loads; run `site-builder validate`\n"


def test_fmt_check_passes_on_the_fixture_records() -> None:
    result = run("fmt", "--check", "--root", str(FIXTURES / "records"))
    assert (result.exit_code, result.output) == (0, "0 files would be reformatted\n")


@pytest.mark.slow  # formats every record of the repository
def test_fmt_round_trips_the_repository_records_unchanged(tmp_path: Path) -> None:
    for folder in RECORD_FOLDERS:
        shutil.copytree(REPOSITORY / folder, tmp_path / folder)
    before = {path: path.read_bytes() for path in tmp_path.rglob("*.yml")}
    assert len(before) >= 10
    result = run("fmt", "--root", str(tmp_path))
    assert (result.exit_code, result.output) == (0, "0 files reformatted\n")
    assert {path: path.read_bytes() for path in tmp_path.rglob("*.yml")} == before


# --- new -----------------------------------------------------------------------------------------


def assert_validates_once_it_cites_its_sources(root: Path) -> None:
    """A new record validates but for the sources it does not cite yet: a skeleton holds no source."""
    result = validate(root, "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.output)["problems"]
    assert problems, "a skeleton cites no sources yet"
    assert {p["code"] for p in problems} == {"unsourced-fact"}, problems


def test_new_city_writes_a_record_that_validates(records: Path) -> None:
    result = run("new", "city", "mn/duluth", "Duluth", "--root", str(records), "--today", TODAY)
    assert result.exit_code == 0
    path = records / "cities" / "mn" / "duluth.yml"
    assert result.output == f"created {path.as_posix()}\n"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/city.schema.json\n")
    assert text.endswith(
        "name: Duluth\nocd_id: ocd-division/country:us/state:mn/place:duluth\nlast_verified: 2025-10-15\n"
    )
    assert_validates_once_it_cites_its_sources(records)
    assert run("fmt", "--check", "--root", str(records)).exit_code == 0


def test_new_candidate_writes_a_record_that_validates(records: Path) -> None:
    result = run("new", "candidate", "mn/minneapolis", "Alex Kim", "--root", str(records), "--today", TODAY)
    assert result.exit_code == 0
    path = records / "candidates" / "mn" / "minneapolis" / "alex-kim.yml"
    assert result.output == f"created {path.as_posix()}\n"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/candidate.schema.json\n")
    assert text.endswith(
        "name: Alex Kim\n"
        "candidacies:\n"
        "  - election: 2025-11-04-general\n"
        "    office: Mayor\n"
        "    status: announced\n"
        "last_verified: 2025-10-15\n"
    )
    assert_validates_once_it_cites_its_sources(records)
    assert run("fmt", "--check", "--root", str(records)).exit_code == 0


def test_new_organization_writes_a_record_that_validates(records: Path) -> None:
    result = run(
        "new", "organization", "Transit Riders", "--kind", "community-group", "--root", str(records), "--today", TODAY
    )
    assert result.exit_code == 0
    path = records / "organizations" / "transit-riders.yml"
    assert result.output == f"created {path.as_posix()}\n"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/organization.schema.json\n")
    assert "\nname: Transit Riders\nkind: community-group\n" in text
    assert_validates_once_it_cites_its_sources(records)


def test_new_organization_kind_defaults_to_advocacy_group(records: Path) -> None:
    assert run("new", "organization", "Transit Riders", "--root", str(records)).exit_code == 0
    assert "\nkind: advocacy-group\n" in (records / "organizations" / "transit-riders.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ("city", "mn/minneapolis", "Minneapolis"),
        ("candidate", "mn/minneapolis", "Jane Doe"),
        ("organization", "Example Union"),
    ],
)
def test_new_refuses_an_existing_file(records: Path, args: tuple[str, ...]) -> None:
    existing = {
        "city": records / "cities/mn/minneapolis.yml",
        "candidate": records / "candidates/mn/minneapolis/jane-doe.yml",
        "organization": records / "organizations/example-union.yml",
    }[args[0]]
    before = existing.read_bytes()
    result = run("new", *args, "--root", str(records), "--today", TODAY)
    assert_clean_exit(result)
    assert result.exit_code == 1
    assert result.output == f"Error: {existing.as_posix()} already exists\n"
    assert existing.read_bytes() == before


def test_new_candidate_refuses_a_missing_city(records: Path) -> None:
    result = run("new", "candidate", "mn/duluth", "Alex Kim", "--root", str(records), "--today", TODAY)
    assert_clean_exit(result)
    assert result.exit_code == 1
    assert result.output == (
        "Error: there is no city record cities/mn/duluth.yml: "
        'add it first with `site-builder new city mn/duluth "City name"`\n'
    )
    assert not (records / "candidates" / "mn" / "duluth").exists()


@pytest.mark.parametrize("place", ["minn/duluth", "mn", "mn/Duluth", "mn/duluth/extra"])
def test_new_refuses_a_place_that_is_not_state_and_city(records: Path, place: str) -> None:
    result = run("new", "city", place, "Duluth", "--root", str(records))
    assert_clean_exit(result)
    assert result.exit_code == 1
    assert result.output == f"Error: `{place}` is not <state>/<city>: for example mn/minneapolis\n"


def test_new_organization_refuses_a_name_without_letters(records: Path) -> None:
    result = run("new", "organization", "!!!", "--root", str(records))
    assert_clean_exit(result)
    assert result.exit_code == 1
    assert result.output == "Error: the name has no letters or digits to make a file name from\n"
    assert not (records / "organizations" / ".yml").exists()


def test_new_candidate_file_name_keeps_accented_letters(records: Path) -> None:
    result = run("new", "candidate", "mn/minneapolis", "José Núñez", "--root", str(records), "--today", TODAY)
    assert result.exit_code == 0
    assert (records / "candidates" / "mn" / "minneapolis" / "jose-nunez.yml").exists()


def test_new_city_with_an_accented_name_validates(records: Path) -> None:
    result = run("new", "city", "co/canon-city", "Cañon City", "--root", str(records), "--today", TODAY)
    assert result.exit_code == 0
    assert_validates_once_it_cites_its_sources(records)


def test_new_city_ocd_id_drops_punctuation(records: Path) -> None:
    assert run("new", "city", "mo/st-louis", "St. Louis", "--root", str(records), "--today", TODAY).exit_code == 0
    text = (records / "cities" / "mo" / "st-louis.yml").read_text(encoding="utf-8")
    assert "\nocd_id: ocd-division/country:us/state:mo/place:st_louis\n" in text


def test_new_records_keep_names_that_yaml_would_misread(records: Path) -> None:
    names = {
        "organizations/unite-here-local-17.yml": ("organization", "UNITE HERE: Local 17"),
        "organizations/blacklivesmatter-twin-cities.yml": ("organization", "#BlackLivesMatter Twin Cities"),
        "candidates/mn/minneapolis/big-jim-smith.yml": ("candidate", '"Big" Jim Smith'),
        "cities/mn/lake-city.yml": ("city", "Lake City: Ward 1"),
    }
    for relative, (kind, name) in names.items():
        place = {"organization": [], "candidate": ["mn/minneapolis"], "city": ["mn/lake-city"]}[kind]
        assert run("new", kind, *place, name, "--root", str(records), "--today", TODAY).exit_code == 0
        data, problems = load_file(records / relative, relative)
        assert problems == []
        assert data is not None
        assert data["name"] == name
    assert_validates_once_it_cites_its_sources(records)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert "0.1.0" in result.output
