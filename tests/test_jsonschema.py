"""The editors' JSON Schemas: committed and current, accepting every valid record, rejecting bad ones."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from site_builder.adapters.cli import main
from site_builder.records.files import discover
from site_builder.records.loader import load_file, load_text
from site_builder.records.problems import errors
from site_builder.records.schema import SCHEMA_FOLDER, load_schema
from site_builder.records.validate import validate_directory
from site_builder.tools.editor_schemas import (
    REGENERATE,
    build_schemas,
    editor_value,
    render_schemas,
)

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
RECORD_ROOTS = [REPO, FIXTURES / "records", FIXTURES / "directory"]
RECORD_FOLDERS = ("cities", "candidates", "organizations", "topics")
TODAY = dt.date(2026, 11, 21)


class EditorLoader(yaml.CSafeLoader):
    """Types plain scalars as an editor does: numbers and booleans typed, dates left as text (LibYAML's parser,
    with the resolver's implicit types set below)."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@functools.cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(build_schemas()[name])


def messages(name: str, instance: Any) -> list[str]:
    found = validator(name).iter_errors(instance)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(record)'}: {e.message}" for e in found]


def record_files() -> Iterator[Any]:
    schema = load_schema()
    for root in RECORD_ROOTS:
        files, problems = discover(root, schema)
        assert problems == [], problems
        marks = [pytest.mark.slow] if root == REPO else []  # thousands of the repository's records
        for record in files:
            label = f"{record.path.relative_to(REPO).as_posix()}"
            yield pytest.param(record.path, f"{record.table.kind}.schema.json", id=label, marks=marks)


# --- committed files -----------------------------------------------------------------------------------


def test_committed_schemas_match_the_descriptor() -> None:
    folder = REPO / SCHEMA_FOLDER
    for name, text in render_schemas().items():
        path = folder / name
        assert path.is_file(), f"{SCHEMA_FOLDER}/{name} is missing: run `{REGENERATE}` and commit the result"
        assert path.read_text(encoding="utf-8") == text, (
            f"{SCHEMA_FOLDER}/{name} differs from the descriptor: run `{REGENERATE}` and commit the result"
        )
    extra = sorted({p.name for p in folder.glob("*.schema.json")} - set(render_schemas()))
    assert extra == [], f"{SCHEMA_FOLDER}/ holds schemas of no record kind: {extra}; remove them"


def test_there_is_one_schema_per_record_kind_named_as_the_scaffold_modelines() -> None:
    assert sorted(render_schemas()) == [
        "candidate.schema.json",
        "city.schema.json",
        "organization.schema.json",
        "questionnaire.schema.json",
        "state.schema.json",
        "topic.schema.json",
    ]


def test_generation_is_deterministic_sorted_and_ends_with_a_newline() -> None:
    first, second = render_schemas(), render_schemas()
    assert first == second
    for text in first.values():
        assert text.endswith("}\n")
        assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("name", sorted(render_schemas()))
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    document = build_schemas()[name]
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


@pytest.mark.parametrize("name", sorted(render_schemas()))
def test_schema_uses_only_keywords_that_editors_implement(name: str) -> None:
    """yaml-language-server implements draft-07: keep to keywords that mean the same there."""
    newer = {
        "$dynamicRef",
        "$dynamicAnchor",
        "prefixItems",
        "dependentRequired",
        "dependentSchemas",
        "unevaluatedProperties",
        "unevaluatedItems",
        "minContains",
        "maxContains",
    }
    for node in _walk(build_schemas()[name]):
        properties = node.get("properties")
        keys = set(node) - ({"properties"} if isinstance(properties, dict) else set())
        assert not keys & newer, node
        if "$ref" in node:
            assert set(node) == {"$ref"}, f"a $ref with siblings means something else in draft-07: {node}"


def test_each_kind_of_record_names_its_schema_by_a_path_that_reaches_it() -> None:
    """A record's modeline, relative to the record's file, reaches the committed schema of its kind."""
    lines = {}
    for table in load_schema().record_tables:
        record = REPO / str(table.folder) / re.sub(r"\{[a-z]+\}", "x", table.record["path"])
        assert table.modeline.startswith("# yaml-language-server: $schema=")
        target = record.parent / table.modeline.removeprefix("# yaml-language-server: $schema=")
        assert target.resolve() == (REPO / SCHEMA_FOLDER / f"{table.kind}.schema.json").resolve()
        assert target.resolve().is_file(), target
        lines[table.kind] = table.modeline
    assert lines == {
        "city": "# yaml-language-server: $schema=../../schema/city.schema.json",
        "candidate": "# yaml-language-server: $schema=../../../schema/candidate.schema.json",
        "organization": "# yaml-language-server: $schema=../schema/organization.schema.json",
        "topic": "# yaml-language-server: $schema=../schema/topic.schema.json",
        "questionnaire": "# yaml-language-server: $schema=../../../schema/questionnaire.schema.json",
        "state": "# yaml-language-server: $schema=../schema/state.schema.json",
    }


# --- every valid record passes ------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "name"), list(record_files()))
def test_every_valid_record_passes_as_the_loader_reads_it(path: Path, name: str) -> None:
    data, problems = load_file(path, path.name)
    assert problems == []
    assert messages(name, data) == []


@pytest.mark.parametrize(("path", "name"), list(record_files()))
def test_every_valid_record_passes_as_an_editor_reads_it(path: Path, name: str) -> None:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)  # noqa: S506 (a SafeLoader subclass)
    assert messages(name, data) == []


@pytest.mark.slow
def test_every_valid_record_passes_check_jsonschema_with_ecma_regexes() -> None:
    """check-jsonschema reads YAML 1.2 (as editors do) and matches patterns as ECMA-262 regexes."""
    command = Path(sys.executable).with_name("check-jsonschema")
    for folder, name in zip(RECORD_FOLDERS, ("city", "candidate", "organization", "topic"), strict=True):
        files = sorted(str(p) for root in RECORD_ROOTS for p in (root / folder).rglob("*.yml"))
        assert files, folder
        schema = REPO / SCHEMA_FOLDER / f"{name}.schema.json"
        result = subprocess.run(
            [str(command), "--schemafile", str(schema), *files],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    schema_files = sorted(str(p) for p in (REPO / SCHEMA_FOLDER).glob("*.schema.json"))
    result = subprocess.run(
        [str(command), "--check-metaschema", *schema_files], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_editor_values_follow_the_yaml_core_schema() -> None:
    assert editor_value("2017") == 2017
    assert editor_value("2017-06") == "2017-06"
    assert editor_value("false") is False
    assert editor_value("55.5") == 55.5
    assert editor_value("~") is None
    assert editor_value("0x1F") == 31
    assert editor_value("Mayor") == "Mayor"


# --- edge cases: the schemas and the validator agree ---------------------------------------------------

CANDIDATE = "candidates/ms/jackson/test-person.yml"
CITY = "cities/ms/jackson.yml"
ORGANIZATION = "organizations/test-group.yml"
TOPIC = "topics/test-topic.yml"

GOOD_CANDIDATE = """
    # yaml-language-server: $schema=../../../schema/candidate.schema.json
    name: Test Person
    bio:
    website: ""
    candidacies:
      - election: 2017-06-06-general
        office: Mayor
        status: won
        incumbent: false
        votes: 25000
        vote_share: 55.5
        source: https://example.org/results
    endorsements:
      - organization: our-revolution
        date: 2017
        source:
          title: Endorsements
          date: 2017-06
    sources:
      - https://example.org/
      - title: A profile
        publisher: 1919
    last_verified: 2026-11-21
"""

GOOD_CITY = """
    name: Jackson
    ocd_id: ocd-division/country:us/state:ms/place:jackson
    government:
    elections:
      - date: 2017-05
        kind: primary
        offices:
          - office: Mayor
            seats: 1
        sources:
          - https://example.org/primary
      - date: 2017-06-06
        kind: general
        offices:
          - office: Mayor
        sources:
          - https://example.org/general
      - date: 2021
        kind: general
        voting_method: runoff
        offices:
          - office: Council
            district: 3
            seats: "2"
        sources:
          - https://example.org/2021
      - date: unknown
        kind: runoff
        offices:
          - office: Mayor
        sources:
          - https://example.org/runoff
    sources:
      - https://example.org/jackson
    last_verified: 2026-11-21
"""

GOOD = {
    "candidate-with-typed-scalars-and-empty-optionals": (CANDIDATE, GOOD_CANDIDATE),
    "city-with-year-only-election-and-numbers": (CITY, GOOD_CITY),
    "organization-minimal": (ORGANIZATION, "name: 2030 Coalition\nkind: other\nsources:\n  - https://example.org/\n"),
    "topic-with-a-number-for-a-name": (TOPIC, "name: 311\ndescription: City services.\n"),
}


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


BAD = {
    "unknown-key": (CANDIDATE, _replace(GOOD_CANDIDATE, "name: Test Person", "nmae: Test Person"), "nmae"),
    "http-website": (CANDIDATE, _replace(GOOD_CANDIDATE, 'website: ""', "website: http://example.org/"), "website"),
    "status-not-allowed": (CANDIDATE, _replace(GOOD_CANDIDATE, "status: won", "status: elected"), "status"),
    "incumbent-yes": (CANDIDATE, _replace(GOOD_CANDIDATE, "incumbent: false", "incumbent: yes"), "incumbent"),
    "votes-with-commas": (CANDIDATE, _replace(GOOD_CANDIDATE, "votes: 25000", "votes: 25,000"), "votes"),
    "vote-share-percent": (CANDIDATE, _replace(GOOD_CANDIDATE, "vote_share: 55.5", "vote_share: 55%"), "vote_share"),
    "undated-election-misspelt": (CITY, _replace(GOOD_CITY, "date: unknown", "date: Unknown"), "date"),
    "no-candidacies": (CANDIDATE, "name: Test Person\nlast_verified: 2026-11-21\n", "candidacies"),
    "no-name": (CANDIDATE, _replace(GOOD_CANDIDATE, "    name: Test Person\n", ""), "name"),
    "empty-name": (CANDIDATE, _replace(GOOD_CANDIDATE, "name: Test Person", 'name: ""'), "name"),
    "source-without-url-or-title": (
        CANDIDATE,
        _replace(GOOD_CANDIDATE, "  - title: A profile\n", "  - author: X\n"),
        "sources",
    ),
    "source-not-https": (
        CANDIDATE,
        _replace(GOOD_CANDIDATE, "- https://example.org/\n", "- ftp://example.org/\n"),
        "sources",
    ),
    "last-verified-not-a-date": (
        CANDIDATE,
        _replace(GOOD_CANDIDATE, "last_verified: 2026-11-21", "last_verified: 21/11/2026"),
        "last_verified",
    ),
    "seats-zero": (CITY, _replace(GOOD_CITY, "seats: 1", "seats: 0"), "seats"),
    "election-month-13": (CITY, _replace(GOOD_CITY, "date: 2021\n", "date: 2021-13\n"), "date"),
    "ocd-id-uppercase": (CITY, _replace(GOOD_CITY, "place:jackson", "place:Jackson"), "ocd_id"),
    "organization-without-kind": (ORGANIZATION, "name: Test Group\n", "kind"),
    "topic-description-too-long": (TOPIC, f"name: Transit\ndescription: {'x' * 501}\n", "description"),
}


def _schema_name(relative: str) -> str:
    folder = relative.partition("/")[0]
    return (
        dict(zip(RECORD_FOLDERS, ("city", "candidate", "organization", "topic"), strict=True))[folder] + ".schema.json"
    )


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("records")
    for folder in RECORD_FOLDERS:
        shutil.copytree(REPO / folder, root / folder)
    return root


def _validator_errors(repo_copy: Path, tmp_path: Path, relative: str, text: str) -> list[str]:
    root = tmp_path / "records"
    # The copy's files linked, not copied again: validation only reads them, and the case's record is a file
    # of its own, never one the cases share.
    shutil.copytree(repo_copy, root, copy_function=os.link)
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / relative).unlink(missing_ok=True)
    (root / relative).write_text(text, encoding="utf-8")
    # The repository's records are checked on the day the tests run: none may be verified after it.
    _, problems = validate_directory(root, max(TODAY, dt.date.today()))
    return [p.as_text() for p in errors(problems)]


@pytest.mark.slow  # each case validates a copy of every record of the repository
@pytest.mark.parametrize("case", sorted(GOOD))
def test_good_edge_cases_pass_the_schemas_and_the_validator(case: str, repo_copy: Path, tmp_path: Path) -> None:
    relative, text = GOOD[case]
    text = textwrap.dedent(text).lstrip("\n")
    data, problems = load_text(text, relative)
    assert problems == []
    assert messages(_schema_name(relative), data) == []
    assert messages(_schema_name(relative), yaml.load(text, Loader=EditorLoader)) == []  # noqa: S506
    assert _validator_errors(repo_copy, tmp_path, relative, text) == []


@pytest.mark.slow  # each case validates a copy of every record of the repository
@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_records_fail_the_schemas_and_the_validator(case: str, repo_copy: Path, tmp_path: Path) -> None:
    relative, text, where = BAD[case]
    text = textwrap.dedent(text).lstrip("\n")
    data, problems = load_text(text, relative)
    assert problems == []
    found = messages(_schema_name(relative), data)
    assert found, f"{case}: the schema accepts it"
    assert any(where in message for message in found), found
    assert any(line.startswith(relative) for line in _validator_errors(repo_copy, tmp_path, relative, text)), case


def test_a_required_field_filled_in_by_the_normaliser_is_optional() -> None:
    """An endorsement may leave out its election when the candidate has a single candidacy."""
    candidate = build_schemas()["candidate.schema.json"]
    endorsement = candidate["properties"]["endorsements"]["items"]
    assert "election" in endorsement["properties"]
    assert "election" not in endorsement["required"]


def test_cli_writes_the_schemas_and_checks_them(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["schemas", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "6 schema files updated" in result.output
    assert sorted(p.name for p in (tmp_path / SCHEMA_FOLDER).iterdir()) == sorted(render_schemas())
    assert runner.invoke(main, ["schemas", "--root", str(tmp_path), "--check"]).exit_code == 0
    (tmp_path / SCHEMA_FOLDER / "topic.schema.json").write_text("{}\n", encoding="utf-8")
    stale = runner.invoke(main, ["schemas", "--root", str(tmp_path), "--check"])
    assert stale.exit_code == 1
    assert "schema/topic.schema.json: out of date; run `site-builder schemas`" in stale.output
    again = runner.invoke(main, ["schemas", "--root", str(tmp_path)])
    assert "1 schema file updated" in again.output
