"""The canonical layout of a record (formatting.format_text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.records.loader import load_text
from site_builder.records.schema import load_schema
from site_builder.tools.formatting import FOLD_AFTER, format_text

FIXTURES = Path(__file__).parent / "fixtures"
REPOSITORY = Path(__file__).resolve().parent.parent
RECORD_FOLDERS = ("cities", "candidates", "organizations", "topics")


def formatted(table: str, text: str) -> str | None:
    schema = load_schema()
    return format_text(schema, schema.tables[table], text, f"{table}/x.yml")


def fmt(table: str, text: str) -> str | None:
    """The canonical text below its first line, which is always the kind's editor schema modeline."""
    result = formatted(table, text)
    if result is None:
        return None
    modeline = load_schema().tables[table].modeline + "\n"
    assert result.startswith(modeline)
    return result.removeprefix(modeline)


def test_keys_follow_the_schema_order_with_unknown_keys_last() -> None:
    text = "last_verified: 2025-10-01\nzip: '02134'\nkind: union\nname: Example Union\nalpha: 1\n"
    assert fmt("organizations", text) == (
        "name: Example Union\nkind: union\nlast_verified: 2025-10-01\nalpha: 1\nzip: 02134\n"
    )


def test_list_items_follow_their_own_table_order() -> None:
    text = (
        "platform:\n  - position: More homes.\n    topic: housing\n"
        "candidacies:\n  - status: won\n    office: Mayor\n    election: 2017\n"
        "name: Alex Kim\n"
    )
    assert fmt("candidates", text) == (
        "name: Alex Kim\n"
        "candidacies:\n  - election: 2017\n    office: Mayor\n    status: won\n"
        "platform:\n  - topic: housing\n    position: More homes.\n"
    )


def test_empty_values_and_lists_are_left_out() -> None:
    assert fmt("organizations", "name: Example Union\nwebsite: ''\nsources: []\nkind: union\n") == (
        "name: Example Union\nkind: union\n"
    )


def test_citations_are_ordered_and_a_bare_url_citation_becomes_an_address() -> None:
    text = (
        "name: Example Union\n"
        "sources:\n"
        "  - url: https://example.org/a\n"
        "  - date: 2025-06\n    publisher: Example News\n    title: About\n    url: https://example.org/b\n"
    )
    assert fmt("organizations", text) == (
        "name: Example Union\n"
        "sources:\n"
        "  - https://example.org/a\n"
        "  - url: https://example.org/b\n    title: About\n    publisher: Example News\n    date: 2025-06\n"
    )


def test_single_source_of_a_list_item_is_ordered_too() -> None:
    text = "name: Alex Kim\nplatform:\n  - topic: housing\n    source:\n      title: T\n      url: https://e.org/\n"
    assert fmt("candidates", text) == (
        "name: Alex Kim\nplatform:\n  - topic: housing\n    source:\n      url: https://e.org/\n      title: T\n"
    )


def test_values_that_look_like_other_types_stay_plain_strings() -> None:
    text = "name: 'NO'\ndescription: \"1:20\"\n"
    result = fmt("topics", text)
    assert result == "name: NO\ndescription: 1:20\n"
    data, problems = load_text(result, "topics/x.yml")
    assert (data, problems) == ({"name": "NO", "description": "1:20"}, [])


@pytest.mark.parametrize(("written", "value"), [("'null'", "null"), ('"~"', "~"), ("'NULL'", "NULL")])
def test_strings_that_would_read_as_empty_keep_their_quotes(written: str, value: str) -> None:
    result = fmt("topics", f"name: Transit\ndescription: {written}\n")
    assert result is not None
    assert load_text(result, "topics/x.yml") == ({"name": "Transit", "description": value}, [])


def test_values_that_need_quotes_keep_them() -> None:
    assert fmt("topics", "name: 'Transit: buses'\ndescription: '- dashes'\n") == (
        "name: 'Transit: buses'\ndescription: '- dashes'\n"
    )


def test_long_text_is_folded_and_reads_back_the_same() -> None:
    long = " ".join(["word"] * 30)
    assert len(long) > FOLD_AFTER
    result = fmt("topics", f"name: Transit\ndescription: {long}\n")
    assert result == (
        "name: Transit\ndescription: >-\n  " + " ".join(["word"] * 20) + "\n  " + " ".join(["word"] * 10) + "\n"
    )
    assert load_text(result, "topics/x.yml")[0] == {"name": "Transit", "description": long}


def test_text_with_line_breaks_becomes_a_literal_block() -> None:
    assert (
        fmt("topics", 'name: Transit\ndescription: "one\\ntwo"\n') == "name: Transit\ndescription: |-\n  one\n  two\n"
    )


def test_leading_comments_are_kept_and_a_byte_order_mark_is_dropped() -> None:
    text = "\ufeff# yaml-language-server: $schema=../schema/topic.schema.json\n# Notes.\ndescription: D\nname: N\n"
    assert formatted("topics", text) == (
        "# yaml-language-server: $schema=../schema/topic.schema.json\n# Notes.\nname: N\ndescription: D\n"
    )


@pytest.mark.parametrize(
    ("table", "modeline"),
    [
        ("cities", "# yaml-language-server: $schema=../../schema/city.schema.json\n"),
        ("candidates", "# yaml-language-server: $schema=../../../schema/candidate.schema.json\n"),
        ("organizations", "# yaml-language-server: $schema=../schema/organization.schema.json\n"),
        ("topics", "# yaml-language-server: $schema=../schema/topic.schema.json\n"),
    ],
)
def test_the_modeline_of_the_record_kind_is_added_when_missing(table: str, modeline: str) -> None:
    assert formatted(table, "name: N\n") == modeline + "name: N\n"
    assert formatted(table, "# Notes.\nname: N\n") == modeline + "# Notes.\nname: N\n"


@pytest.mark.parametrize(
    "wrong",
    [
        "# yaml-language-server: $schema=../../schema/city.schema.json",
        "#yaml-language-server:$schema=topic.schema.json",
        "# yaml-language-server: $schema=../schema/topic.schema.json ",
    ],
)
def test_a_wrong_or_misplaced_modeline_is_replaced_by_the_right_one_first(wrong: str) -> None:
    right = "# yaml-language-server: $schema=../schema/topic.schema.json\n"
    assert formatted("topics", f"{wrong}\nname: N\n") == right + "name: N\n"
    assert formatted("topics", f"# Notes.\n{wrong}\nname: N\n") == right + "# Notes.\nname: N\n"


@pytest.mark.parametrize(
    "text",
    ["name: &a N\n", "name: N\nname: M\n", "name:\tN\n", "- N\n", "", "name: [N\n"],
)
def test_a_file_that_does_not_load_is_not_formatted(text: str) -> None:
    assert fmt("topics", text) is None


def test_unknown_fields_keep_their_values() -> None:
    assert fmt("topics", "colour: [red, green]\nname: N\n") == "name: N\ncolour:\n  - red\n  - green\n"


def record_files(root: Path) -> list[tuple[str, Path]]:
    return [(folder, path) for folder in RECORD_FOLDERS for path in sorted((root / folder).rglob("*.yml"))]


@pytest.mark.parametrize(
    "root",
    [
        pytest.param(FIXTURES / "records", id="fixtures"),
        pytest.param(REPOSITORY, id="repository", marks=pytest.mark.slow),  # every record of the repository
    ],
)
def test_records_are_canonical_and_formatting_is_idempotent(root: Path) -> None:
    files = record_files(root)
    assert files
    for folder, path in files:
        text = path.read_text(encoding="utf-8")
        assert formatted(folder, text) == text, path
