"""The keys and links of every record kind come from the descriptor (records/keys.py): the directory model is
linked, and the importers' merge matches list items, by them alone."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from site_builder.directory.build import build_directory
from site_builder.directory.model import Candidate, Directory, Organization
from site_builder.records import history
from site_builder.records.history import Snapshot
from site_builder.records.keys import Reference, keys
from site_builder.records.schema import DESCRIPTOR_PATH, load_schema
from site_builder.records.tables import normalise
from site_builder.records.validate import validate_directory

FIXTURE = Path(__file__).parent / "fixtures" / "directory"
ADA = "vt/maple-falls/ada-quill"


@pytest.fixture(scope="module")
def directory() -> Directory:
    tables, problems = validate_directory(FIXTURE, dt.date(2026, 11, 21))
    assert [p for p in problems if p.is_error] == []
    return build_directory(tables)


def test_a_candidacy_is_keyed_by_its_candidate_election_and_race() -> None:
    found = keys()
    assert found.primary_key("candidacies") == ("candidate", "election", "race")
    row = {"candidate": ADA, "city": "vt/maple-falls", "election": "2027-03-02-general", "race": "mayor"}
    assert found.row_key("candidacies", row) == (ADA, "2027-03-02-general", "mayor")
    # As written in the record: the candidate is the record it is listed in, the race derived from the office.
    item = {"election": "2027-03-02-general", "office": "City Council", "district": "Ward 3", "status": "won"}
    assert found.item_key("candidacies", item) == ("2027-03-02-general", "city-council-ward-3")


def test_list_items_are_keyed_as_the_descriptor_derives_their_ids() -> None:
    found = keys()
    assert found.item_key("elections", {"date": "2027-11-02", "kind": "general"}) == ("2027-11-02-general",)
    primary = {"date": "2021-06-22", "kind": "primary", "party": "Working Families"}
    assert found.item_key("elections", primary) == ("2021-06-22-primary-working-families",)
    assert found.item_key("races", {"office": "Mayor"}) == ("mayor",)
    assert found.item_key("rounds", {"round": 2}) == ("2",)
    assert found.item_key("round_counts", {"candidate": "ada-quill", "votes": 10}) == ("ada-quill",)
    assert found.item_key("endorsements", {"organization": "x", "election": "2027"}) == ("x", "2027")
    # A key that is only the item's place in its list, or filled in by the normaliser, tells no item apart.
    assert found.item_key("positions", {"topic": "housing", "position": "..."}) is None
    assert found.item_key("officeholders", {"name": "A. Mayor"}) is None
    assert found.item_key("sources", {"url": "https://example.org/"}) is None


def test_the_endorsement_links_a_candidate_to_an_organization() -> None:
    found = keys()
    assert (
        Reference("endorsements", ("organization",), "organizations", ("id",), parent=False)
        in (found.references["endorsements"])
    )
    assert found.parent("endorsements") == Reference("endorsements", ("candidate",), "candidates", ("id",), True)
    assert {ref.table for ref in found.referring("organizations")} == {
        "endorsements",
        "questionnaires",
        "organization_translations",
    }
    count = next(ref for ref in found.references["round_counts"] if ref.target == "candidacies")
    assert (count.name, count.fields) == ("candidate", ("city", "election", "race", "candidate_id"))
    # A city names its state, whose record need not exist: a link validation does not check.
    (state,) = found.references["cities"]
    assert (state.target, state.checked) == ("states", False)


def test_every_kind_comes_after_the_kinds_it_links_to() -> None:
    order = keys().order
    assert set(order) == set(load_schema().tables)
    for table in order:
        for ref in keys().references[table]:
            assert order.index(ref.target) < order.index(table), (table, ref.target)


def test_a_record_path_and_the_record_a_row_is_written_in() -> None:
    found = keys()
    assert found.record_path("candidates", "mn/minneapolis/jane-doe") == "candidates/mn/minneapolis/jane-doe.yml"
    assert found.record_path("organizations", "our-revolution") == "organizations/our-revolution.yml"
    kind, parts = found.record_at("candidates/mn/minneapolis/jane-doe.yml") or (None, ())
    assert kind is not None and (kind.name, parts) == ("candidates", ("mn", "minneapolis", "jane-doe"))
    assert found.record_at("candidates/mn/jane-doe.yml") is None
    assert found.record_at("docs/index.md") is None
    race = {"city": "vt/maple-falls", "election": "2027-03-02-general", "id": "mayor"}
    assert found.record_id("races", race) == "cities/vt/maple-falls"
    count = {"city": "vt/maple-falls", "election": "e", "race": "mayor", "round": "2", "candidate": "x"}
    assert found.record_id("round_counts", count) == "cities/vt/maple-falls"
    assert found.record_id("candidacies", {"candidate": ADA}) == f"candidates/{ADA}"
    assert found.record_id("sources", {"record": "cities/vt/maple-falls"}) is None


def test_the_model_is_linked_both_ways_from_the_keys(directory: Directory) -> None:
    ada = next(c for c in directory.candidates if c.id == ADA)
    (endorsement,) = ada.endorsements
    union = endorsement.organization
    assert isinstance(union, Organization) and union.id == "maple-falls-tenants-union"
    assert endorsement in union.endorsements
    assert endorsement.election.id == "2027-03-02-general" and endorsement.election.city is ada.city
    candidacy = ada.candidacies[-1]
    assert candidacy in candidacy.race.candidacies and candidacy.race in candidacy.election.races
    assert [p.topic.id for p in ada.positions] == ["minimum-wage", "housing-and-displacement"]
    assert all(p in p.topic.positions for p in ada.positions)
    assert [s.url for s in ada.candidacies[0].sources] == ["https://elections.example.org/results-2026"]


PLEDGES: dict[str, Any] = {
    "name": "pledges",
    "title": "Pledges",
    "description": "A pledge a candidate signed: one row per item of a candidate's `pledges:`.",
    "x-record": {"parent": "candidates", "key": "pledges", "cites": "source", "noun": "pledge"},
    "schema": {
        "fields": [
            {"name": "candidate", "type": "string", "x-derived": "the candidate", "x-template": "{parent.id}"},
            {"name": "number", "type": "integer", "x-derived": "its place", "x-template": "{number}"},
            {"name": "organization", "type": "string", "constraints": {"required": True}},
            {"name": "pledge", "type": "string"},
        ],
        "primaryKey": ["candidate", "number"],
        "foreignKeys": [
            {"fields": ["candidate"], "reference": {"resource": "candidates", "fields": ["id"]}},
            {"fields": ["organization"], "reference": {"resource": "organizations", "fields": ["id"]}},
        ],
    },
}

PLEDGER = """\
# yaml-language-server: $schema=../../../schema/candidate.schema.json
name: Zed Pledger
candidacies:
  - election: 2027-03-02-general
    office: Mayor
    status: announced
    source: https://zed.example.org/
pledges:
  - organization: maple-falls-tenants-union
    pledge: No rent increases in city housing.
    source: https://tenants.example.org/pledges
sources:
  - https://zed.example.org/
last_verified: 2026-11-01
"""


def test_a_new_table_in_the_descriptor_is_linked_with_no_code(tmp_path: Path) -> None:
    descriptor = json.loads(DESCRIPTOR_PATH.read_text(encoding="utf-8"))
    descriptor = copy.deepcopy(descriptor)
    descriptor["resources"].append(PLEDGES)
    path = tmp_path / "datapackage.json"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    schema = load_schema(path)
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)
    (root / "candidates/vt/maple-falls/zed-pledger.yml").write_text(PLEDGER, encoding="utf-8")
    tables, problems = normalise(root, schema)
    assert problems == []
    assert keys(schema).parent("pledges") == Reference("pledges", ("candidate",), "candidates", ("id",), True)

    built = build_directory(tables, schema)
    zed = next(c for c in built.candidates if c.id == "vt/maple-falls/zed-pledger")
    assert isinstance(zed, Candidate)
    (pledge,) = zed["pledges"]
    assert pledge["pledge"] == "No rent increases in city housing."
    assert pledge["candidate"] is zed
    union = pledge["organization"]
    assert isinstance(union, Organization) and union.name == "Maple Falls Tenants Union"
    assert union["pledges"] == [pledge]
    assert [s.url for s in pledge["sources"]] == ["https://tenants.example.org/pledges"]


CANDIDATE = (FIXTURE / f"candidates/{ADA}.yml").read_text(encoding="utf-8")


def snapshot(text: str) -> Snapshot:
    found = history.snapshot(load_schema(), f"candidates/{ADA}.yml", text.encode("utf-8"))
    assert found is not None
    return found


def test_a_change_is_the_rows_that_differ_matched_by_their_keys() -> None:
    old = snapshot(CANDIDATE)
    first, second = CANDIDATE.index("  - election: 2026-03-03-general"), CANDIDATE.index("  - election: 2027-03-02")
    end = CANDIDATE.index("platform:")
    swapped = CANDIDATE[:first] + CANDIDATE[second:end] + CANDIDATE[first:second] + CANDIDATE[end:]
    # The candidacies in another order are the same rows; only the places of the sources they cite moved.
    moved = history.row_changes(old, snapshot(swapped))
    assert {(change.table, change.field) for change in moved} == {("sources", "candidacies")}
    withdrawn = CANDIDATE.replace("status: announced", "status: withdrawn")
    (change,) = history.row_changes(old, snapshot(withdrawn))
    assert (change.table, change.key, change.field) == (
        "candidacies",
        (ADA, "2027-03-02-general", "mayor"),
        "candidacies",
    )
    assert change.changed == ["status"]
    renamed = CANDIDATE.replace("name: Ada Quill", "name: Ada B. Quill")
    (change,) = history.row_changes(old, snapshot(renamed))
    assert (change.table, change.field, change.changed) == ("candidates", "", ["name"])
    assert snapshot(renamed).fields[:3] == ("name", "bio", "website")
