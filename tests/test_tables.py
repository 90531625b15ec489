"""Discovery and normalisation: ids from paths, derived ids, sources, unknown keys, wrong shapes, misplaced files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from site_builder.records.files import discover
from site_builder.records.ids import slugify
from site_builder.records.problems import Code, Severity, sort_problems
from site_builder.records.schema import load_schema
from site_builder.records.tables import Tables, normalise

FIXTURE_RECORDS = Path(__file__).parent / "fixtures" / "records"

Write = Callable[[Path, str, str], Path]


def load(root: Path) -> tuple[Tables, list[str]]:
    tables, problems = normalise(root, load_schema())
    return tables, [p.as_text() for p in sort_problems(problems)]


@pytest.fixture(scope="module")
def fixture_tables() -> Tables:
    tables, problems = normalise(FIXTURE_RECORDS, load_schema())
    assert problems == []
    return tables


def column(tables: Tables, table: str, *names: str) -> list[Any]:
    return [tuple(row.get(name) for name in names) for row in tables.rows[table]]


# --- discovery -----------------------------------------------------------------------------------


def test_files_are_found_in_schema_order_then_by_path(fixture_tables: Tables) -> None:
    assert fixture_tables.files == [
        "cities/mn/minneapolis.yml",
        "cities/wi/madison.yml",
        "candidates/mn/minneapolis/jane-doe.yml",
        "candidates/wi/madison/john-roe.yml",
        "organizations/example-union.yml",
        "topics/housing.yml",
        "topics/minimum-wage.yml",
    ]


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("topics/transit.yaml", "topics/transit.yaml:1:1: record files end in `.yml` (hint: rename it to transit.yml)"),
        (
            "topics/Bad Name.yml",
            "topics/Bad Name.yml:1:1: `Bad Name` is not a valid id: use lowercase letters, digits and single hyphens "
            "(hint: rename it to `bad-name`)",
        ),
        (
            "topics/double--hyphen.yml",
            "topics/double--hyphen.yml:1:1: `double--hyphen` is not a valid id: use lowercase letters, digits and "
            "single hyphens (hint: rename it to `double-hyphen`)",
        ),
        (
            "cities/MN/duluth.yml",
            "cities/MN/duluth.yml:1:1: `MN` is not a valid id: use lowercase letters, digits and single hyphens "
            "(hint: rename it to `mn`)",
        ),
        (
            "cities/minn/duluth.yml",
            "cities/minn/duluth.yml:1:1: `minn` is not a state: the first folder is the lowercase USPS code "
            "(hint: did you mean `mn`?)",
        ),
        (
            "cities/xx/duluth.yml",
            "cities/xx/duluth.yml:1:1: `xx` is not a state: the first folder is the lowercase USPS code "
            "(hint: for example `mn` for Minnesota)",
        ),
        (
            "candidates/mn/duluth/Alex Kim.yml",
            "candidates/mn/duluth/Alex Kim.yml:1:1: `Alex Kim` is not a valid id: use lowercase letters, digits and "
            "single hyphens (hint: rename it to `alex-kim`)",
        ),
        (
            "cities/duluth.yml",
            "cities/duluth.yml:1:1: the file is not where a record of this kind belongs: cities/{state}/{city}.yml "
            "(hint: move it to the right folder)",
        ),
        (
            "candidates/mn/alex-kim.yml",
            "candidates/mn/alex-kim.yml:1:1: the file is not where a record of this kind belongs: "
            "candidates/{state}/{city}/{person}.yml (hint: move it to the right folder)",
        ),
        (
            "topics/transport/buses.yml",
            "topics/transport/buses.yml:1:1: the file is not where a record of this kind belongs: "
            "topics/{topic}.yml (hint: move it to the right folder)",
        ),
        (
            "organizations/notes.txt",
            "organizations/notes.txt:1:1: this folder holds only `.yml` records "
            "(hint: records live at organizations/{org}.yml)",
        ),
    ],
)
def test_misplaced_or_misnamed_files_are_refused(tmp_path: Path, write: Write, relative: str, expected: str) -> None:
    write(tmp_path, relative, "name: Transit\n")
    found, problems = discover(tmp_path, load_schema())
    assert found == []
    assert [p.as_text() for p in problems] == [expected]


def test_hidden_files_are_skipped_and_hidden_folders_named(tmp_path: Path, write: Write) -> None:
    write(tmp_path, "topics/.transit.yml.swp", "x")
    write(tmp_path, "topics/.drafts/transit.yml", "name: Transit\n")
    write(tmp_path, "topics/transit.yml", "name: Transit\n")
    found, problems = discover(tmp_path, load_schema())
    assert [(p.code, p.path, p.severity) for p in problems] == [
        (Code.HIDDEN_FOLDER, "topics/.drafts", Severity.WARNING)
    ]
    assert [(f.display, f.table.name, f.parts) for f in found] == [("topics/transit.yml", "topics", ("transit",))]


@pytest.mark.parametrize("target", ["/etc", "inside"])
def test_a_record_folder_that_is_a_link_is_refused_and_not_read(tmp_path: Path, write: Write, target: str) -> None:
    write(tmp_path, "inside/transit.yml", "name: Transit\n")
    (tmp_path / "topics").symlink_to(tmp_path / target if target == "inside" else target)
    found, problems = discover(tmp_path, load_schema())
    assert [(p.code, p.path, p.line, p.message) for p in problems] == [
        (Code.LINK, "topics", 1, "records must be real files and folders, not links")
    ]
    assert found == []


def test_record_file_parts_drop_the_extension(tmp_path: Path, write: Write) -> None:
    write(tmp_path, "candidates/mn/minneapolis/jane-doe.yml", "name: Jane Doe\n")
    found, _ = discover(tmp_path, load_schema())
    assert [(f.table.name, f.parts) for f in found] == [("candidates", ("mn", "minneapolis", "jane-doe"))]


def test_a_one_city_preview_reads_only_that_citys_folders_of_the_records_filed_by_city(
    tmp_path: Path, write: Write
) -> None:
    for relative in [
        "cities/mn/minneapolis.yml",
        "cities/mn/minneapolis-north.yml",
        "cities/mn/duluth.yml",
        "cities/vt/burlington.yml",
        "candidates/mn/minneapolis/jane-doe.yml",
        "candidates/mn/minneapolis-north/john-roe.yml",
        "candidates/mn/duluth/amy-low.yml",
        "candidates/mn/duluth/Bad Name.yml",
        "candidates/mn/minneapolis/notes.txt",
        "candidates/mn/minneapolis/.drafts/sam-poe.yml",
        "questionnaires/mn/minneapolis/2025-tenants.yml",
        "questionnaires/vt/burlington/2027-tenants.yml",
        "topics/transit.yml",
        "organizations/our-revolution.yml",
    ]:
        write(tmp_path, relative, "name: X\n")
    (tmp_path / "candidates/vt").mkdir()
    (tmp_path / "candidates/vt/burlington").symlink_to(tmp_path / "candidates/mn/duluth")

    found, problems = discover(tmp_path, load_schema(), "mn/minneapolis")
    assert sorted(f.display for f in found) == [
        "candidates/mn/minneapolis/jane-doe.yml",
        "cities/mn/minneapolis.yml",
        "organizations/our-revolution.yml",
        "questionnaires/mn/minneapolis/2025-tenants.yml",
        "topics/transit.yml",
    ]
    # The city's own misplaced files and hidden folders are told; other cities' are not read at all.
    assert sorted((p.code, p.path) for p in problems) == [
        (Code.HIDDEN_FOLDER, "candidates/mn/minneapolis/.drafts"),
        (Code.NOT_A_RECORD_FILE, "candidates/mn/minneapolis/notes.txt"),
    ]

    linked, problems = discover(tmp_path, load_schema(), "vt/burlington")
    assert "candidates/vt/burlington/amy-low.yml" not in [f.display for f in linked]
    assert [(p.code, p.path) for p in problems] == [(Code.LINK, "candidates/vt/burlington")]
    assert discover(tmp_path, load_schema(), "../mn")[0] == [
        f for f in discover(tmp_path, load_schema())[0] if not f.table.city_local
    ]


def test_missing_record_folders_are_not_a_problem(tmp_path: Path) -> None:
    tables, problems = load(tmp_path)
    assert problems == []
    assert tables.files == []


# --- ids and derived fields ----------------------------------------------------------------------


def test_record_ids_come_from_paths(fixture_tables: Tables) -> None:
    assert column(fixture_tables, "cities", "id", "state") == [("mn/minneapolis", "mn"), ("wi/madison", "wi")]
    assert column(fixture_tables, "candidates", "id", "city") == [
        ("mn/minneapolis/jane-doe", "mn/minneapolis"),
        ("wi/madison/john-roe", "wi/madison"),
    ]
    assert column(fixture_tables, "organizations", "id") == [("example-union",)]
    assert column(fixture_tables, "topics", "id") == [("housing",), ("minimum-wage",)]


def test_election_id_is_date_and_kind_or_date_alone(fixture_tables: Tables) -> None:
    assert column(fixture_tables, "elections", "city", "id") == [
        ("mn/minneapolis", "2021-11-02-general"),
        ("mn/minneapolis", "2025-11-04-general"),
        ("wi/madison", "2023-04-04"),
    ]


def test_election_without_date_has_no_id(tmp_path: Path, write: Write) -> None:
    write(tmp_path, "cities/mn/duluth.yml", "name: Duluth\nelections:\n  - kind: general\n  - date: 2025\n")
    tables, problems = load(tmp_path)
    assert problems == []
    assert column(tables, "elections", "id", "kind") == [(None, "general"), ("2025", None)]


def test_race_ids_come_from_office_and_district(fixture_tables: Tables) -> None:
    assert column(fixture_tables, "races", "city", "election", "id") == [
        ("mn/minneapolis", "2021-11-02-general", "mayor"),
        ("mn/minneapolis", "2025-11-04-general", "mayor"),
        ("mn/minneapolis", "2025-11-04-general", "city-council-ward-3"),
        ("wi/madison", "2023-04-04", "mayor"),
    ]
    assert column(fixture_tables, "candidacies", "candidate", "election", "race") == [
        ("mn/minneapolis/jane-doe", "2021-11-02-general", "mayor"),
        ("mn/minneapolis/jane-doe", "2025-11-04-general", "city-council-ward-3"),
        ("wi/madison/john-roe", "2023-04-04", "mayor"),
    ]


def test_race_id_slugifies_punctuation_and_case(tmp_path: Path, write: Write) -> None:
    write(
        tmp_path,
        "cities/mn/duluth.yml",
        """
        name: Duluth
        elections:
          - date: 2025-11-04
            offices:
              - office: "Board of Estimate & Taxation"
                district: "At-Large Seat #2"
              - district: Ward 1
        """,
    )
    tables, _ = load(tmp_path)
    assert column(tables, "races", "id") == [("board-of-estimate-taxation-at-large-seat-2",), (None,)]


def test_list_items_are_numbered_and_carry_their_parent(fixture_tables: Tables) -> None:
    assert column(fixture_tables, "positions", "candidate", "number", "topic") == [
        ("mn/minneapolis/jane-doe", "1", "minimum-wage"),
        ("wi/madison/john-roe", "1", "housing"),
    ]
    assert column(fixture_tables, "links", "candidate", "kind") == [("mn/minneapolis/jane-doe", "bluesky")]
    assert column(fixture_tables, "endorsements", "candidate", "city", "organization") == [
        ("mn/minneapolis/jane-doe", "mn/minneapolis", "example-union"),
        ("wi/madison/john-roe", "wi/madison", "example-union"),
    ]


def test_endorsement_without_election_means_the_only_candidacy(fixture_tables: Tables) -> None:
    assert column(fixture_tables, "endorsements", "candidate", "election") == [
        ("mn/minneapolis/jane-doe", "2025-11-04-general"),
        ("wi/madison/john-roe", "2023-04-04"),
    ]
    origin = fixture_tables.origins["endorsements"][1]
    assert "election" not in origin.marks


def test_endorsement_without_election_stays_empty_when_there_are_several_candidacies(
    tmp_path: Path, write: Write
) -> None:
    write(
        tmp_path,
        "candidates/mn/minneapolis/alex-kim.yml",
        """
        name: Alex Kim
        candidacies:
          - election: 2021-11-02-general
            office: Mayor
          - election: 2025-11-04-general
            office: Mayor
        endorsements:
          - organization: example-union
        """,
    )
    tables, _ = load(tmp_path)
    assert column(tables, "endorsements", "election") == [(None,)]


def test_values_and_their_lines_are_kept(fixture_tables: Tables) -> None:
    row = fixture_tables.rows["candidacies"][0]
    origin = fixture_tables.origins["candidacies"][0]
    assert {k: row[k] for k in ("votes", "vote_share", "incumbent")} == {
        "votes": "1234",
        "vote_share": "4.5",
        "incumbent": "false",
    }
    assert origin.path == "candidates/mn/minneapolis/jane-doe.yml"
    assert origin.mark == (10, 5)
    assert origin.field_path == "candidacies[1]"
    assert origin.at("votes") == (14, 12)
    assert origin.at("district") == (10, 5)
    assert origin.field("votes") == "candidacies[1].votes"


# --- sources -------------------------------------------------------------------------------------


def test_source_rows(fixture_tables: Tables) -> None:
    rows = [
        (row["record"], row["subject"], row["number"], row.get("url"), row.get("title"))
        for row in fixture_tables.rows["sources"]
        if row["record"].startswith("candidates/mn/")
    ]
    assert rows == [
        ("candidates/mn/minneapolis/jane-doe", "", "1", "https://example.org/jane-doe", None),
        (
            "candidates/mn/minneapolis/jane-doe",
            "candidacies[1]",
            "1",
            "https://example.org/minneapolis/2021-results",
            None,
        ),
        (
            "candidates/mn/minneapolis/jane-doe",
            "candidacies[2]",
            "1",
            "https://example.org/minneapolis/2025-candidates",
            None,
        ),
        (
            "candidates/mn/minneapolis/jane-doe",
            "platform[1]",
            "1",
            "https://example.org/questionnaire",
            "Candidate questionnaire",
        ),
        (
            "candidates/mn/minneapolis/jane-doe",
            "endorsements[1]",
            "1",
            "https://example.org/example-union/endorsements",
            None,
        ),
    ]


def test_string_source_becomes_a_url_at_the_item(tmp_path: Path, write: Write) -> None:
    write(
        tmp_path,
        "organizations/transit-riders.yml",
        """
        name: Transit Riders
        sources:
          - https://example.org/a
          - url: https://example.org/b
            title: About us
            author: A. Writer
            publisher: Transit Riders
            date: 2025-06
        """,
    )
    tables, problems = load(tmp_path)
    assert problems == []
    assert tables.rows["sources"] == [
        {"record": "organizations/transit-riders", "subject": "", "number": "1", "url": "https://example.org/a"},
        {
            "record": "organizations/transit-riders",
            "subject": "",
            "number": "2",
            "url": "https://example.org/b",
            "title": "About us",
            "author": "A. Writer",
            "publisher": "Transit Riders",
            "date": "2025-06",
        },
    ]
    first, second = tables.origins["sources"]
    assert (first.field_path, first.mark, first.at("url")) == ("sources[1]", (3, 5), (3, 5))
    assert (second.field_path, second.mark, second.at("date")) == ("sources[2]", (4, 5), (8, 11))


def test_election_sources_have_the_election_as_subject(fixture_tables: Tables) -> None:
    assert [
        (row["subject"], row["url"]) for row in fixture_tables.rows["sources"] if row["record"] == "cities/wi/madison"
    ] == [("", "https://example.org/madison"), ("elections[1]", "https://example.org/madison/2023-ballot")]


def test_unknown_key_in_a_citation(tmp_path: Path, write: Write) -> None:
    write(
        tmp_path,
        "organizations/transit-riders.yml",
        """
        name: Transit Riders
        sources:
          - titel: About us
            url: https://example.org/b
          - url: https://example.org/c
            via: a friend
        """,
    )
    tables, problems = load(tmp_path)
    assert problems == [
        "organizations/transit-riders.yml:3:5: sources[1].titel: unknown field `titel` (hint: did you mean `title`?)",
        "organizations/transit-riders.yml:6:5: sources[2].via: unknown field `via` "
        "(hint: a source has url, title, author, publisher, date)",
    ]
    assert [row.get("url") for row in tables.rows["sources"]] == ["https://example.org/b", "https://example.org/c"]


def test_source_of_the_wrong_shape(tmp_path: Path, write: Write) -> None:
    write(
        tmp_path,
        "candidates/mn/minneapolis/alex-kim.yml",
        """
        name: Alex Kim
        platform:
          - topic: housing
            position: More homes.
            source:
              - https://example.org/a
        sources:
          - title:
              - nested
        """,
    )
    _, problems = load(tmp_path)
    assert problems == [
        "candidates/mn/minneapolis/alex-kim.yml:6:7: platform[1].source: a source is an https address or a citation "
        "(hint: write `- https://...` or a citation with title, publisher, date and url)",
        "candidates/mn/minneapolis/alex-kim.yml:9:7: sources[1].title: expected a single value "
        "(hint: write the value on the same line)",
    ]


# --- unknown keys and wrong shapes ---------------------------------------------------------------


def test_unknown_field_with_did_you_mean_at_the_key(tmp_path: Path, write: Write) -> None:
    write(tmp_path, "organizations/transit-riders.yml", "name: Transit Riders\nkind: union\nwebsit: https://e.org/\n")
    tables, problems = load(tmp_path)
    assert problems == [
        "organizations/transit-riders.yml:3:1: websit: unknown field `websit` (hint: did you mean `website`?)"
    ]
    assert "websit" not in tables.rows["organizations"][0]


def test_unknown_field_without_a_close_match_lists_the_allowed_fields(tmp_path: Path, write: Write) -> None:
    write(tmp_path, "organizations/transit-riders.yml", "name: Transit Riders\nphone: 555-0100\n")
    _, problems = load(tmp_path)
    assert problems == [
        "organizations/transit-riders.yml:2:1: phone: unknown field `phone` "
        "(hint: fields allowed here: name, kind, website, description, translations, sources, last_verified)"
    ]


def test_unknown_field_in_a_list_item_names_the_item(tmp_path: Path, write: Write) -> None:
    write(
        tmp_path,
        "cities/mn/duluth.yml",
        """
        name: Duluth
        elections:
          - date: 2025-11-04
            offices:
              - office: Mayor
                seat: 1
        """,
    )
    _, problems = load(tmp_path)
    assert problems == [
        "cities/mn/duluth.yml:6:9: elections[1].offices[1].seat: unknown field `seat` (hint: did you mean `seats`?)"
    ]


def test_derived_fields_cannot_be_written(tmp_path: Path, write: Write) -> None:
    write(tmp_path, "cities/mn/duluth.yml", "name: Duluth\nid: mn/duluth\nstate: mn\n")
    tables, problems = load(tmp_path)
    assert problems == [
        "cities/mn/duluth.yml:2:1: id: unknown field `id` (hint: fields allowed here: name, ocd_id, government, "
        "election_years, election_years_source, website, elections_office_url, registration_url, polling_place_url, "
        "elections, officeholders, sources, last_verified)",
        "cities/mn/duluth.yml:3:1: state: unknown field `state` (hint: fields allowed here: name, ocd_id, "
        "government, election_years, election_years_source, website, elections_office_url, registration_url, "
        "polling_place_url, elections, officeholders, sources, last_verified)",
    ]
    assert column(tables, "cities", "id", "state") == [("mn/duluth", "mn")]


def test_list_where_a_value_is_expected(tmp_path: Path, write: Write) -> None:
    write(tmp_path, "topics/transit.yml", "name:\n  - Transit\n  - Buses\ndescription: Buses and trains.\n")
    tables, problems = load(tmp_path)
    assert problems == [
        "topics/transit.yml:2:3: name: expected a single value, found a list "
        "(hint: write the value on the same line as the field name)"
    ]
    assert "name" not in tables.rows["topics"][0]


def test_fields_where_a_value_is_expected(tmp_path: Path, write: Write) -> None:
    write(tmp_path, "topics/transit.yml", "name: Transit\ndescription:\n  short: Buses.\n")
    _, problems = load(tmp_path)
    assert problems == [
        "topics/transit.yml:3:3: description: expected a single value, found a set of fields "
        "(hint: write the value on the same line as the field name)"
    ]


@pytest.mark.parametrize("key", ["candidacies", "platform", "sources"])
def test_value_where_a_list_is_expected(tmp_path: Path, write: Write, key: str) -> None:
    write(tmp_path, "candidates/mn/minneapolis/alex-kim.yml", f"name: Alex Kim\n{key}: housing\n")
    _, problems = load(tmp_path)
    assert problems == [
        f"candidates/mn/minneapolis/alex-kim.yml:2:{len(key) + 3}: {key}: expected a list of items, each starting "
        "with `- ` (hint: put each item on its own line after the field, starting with `- `)"
    ]


def test_list_item_that_is_not_a_set_of_fields(tmp_path: Path, write: Write) -> None:
    write(
        tmp_path,
        "candidates/mn/minneapolis/alex-kim.yml",
        "name: Alex Kim\nplatform:\n  - housing\nlinks:\n  - https://example.org/\n",
    )
    tables, problems = load(tmp_path)
    assert problems == [
        "candidates/mn/minneapolis/alex-kim.yml:3:5: platform[1]: expected an item with fields "
        "(hint: write `- topic: ...` with the fields topic, position)",
        "candidates/mn/minneapolis/alex-kim.yml:5:5: links[1]: expected an item with fields "
        "(hint: write `- kind: ...` with the fields kind, url)",
    ]
    assert tables.rows["positions"] == []


def test_records_that_do_not_load_add_no_rows(tmp_path: Path, write: Write) -> None:
    write(tmp_path, "topics/transit.yml", "name: &t Transit\n")
    write(tmp_path, "topics/housing.yml", "name: Housing\n")
    tables, problems = load(tmp_path)
    assert problems == [
        "topics/transit.yml:1:7: name: anchors (`&t`) are not allowed (hint: write each value out in full)"
    ]
    assert tables.files == ["topics/housing.yml", "topics/transit.yml"]
    assert column(tables, "topics", "id") == [("housing",)]


# --- slugify -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Ward 3", "ward-3"), ("City Council", "city-council"), ("  At-Large  Seat #2 ", "at-large-seat-2"), ("!!!", "")],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_slugify_transliterates_accented_letters() -> None:
    assert slugify("José Núñez") == "jose-nunez"
    assert slugify("Cañon City") == "canon-city"
