"""The strict YAML loader: every hazard is refused with a message, a line and a column; scalars stay strings."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.records.loader import MAX_DEPTH, Mapping, Sequence, load_file, load_text
from site_builder.records.problems import Code, Problem, Severity


def problems_of(text: str) -> list[str]:
    data, problems = load_text(text, "topics/transit.yml")
    assert data is None, "a file with problems must not produce a record"
    return [p.as_text() for p in problems]


def record_of(text: str) -> Mapping:
    data, problems = load_text(text, "topics/transit.yml")
    assert problems == []
    assert data is not None
    return data


# --- hazards -----------------------------------------------------------------------------------------


def test_anchor_is_refused_at_the_anchor() -> None:
    assert problems_of("name: &transit Transit\ndescription: Buses.\n") == [
        "topics/transit.yml:1:7: name: anchors (`&transit`) are not allowed (hint: write each value out in full)"
    ]


def test_anchor_on_a_list_is_refused_with_the_field_path() -> None:
    text = "name: Transit\nsources: &s\n  - https://example.org/a\n"
    assert problems_of(text) == [
        "topics/transit.yml:2:10: sources: anchors (`&s`) are not allowed (hint: write each value out in full)"
    ]


def test_alias_is_refused_at_the_alias() -> None:
    assert problems_of("name: Transit\ndescription: *transit\n") == [
        "topics/transit.yml:2:14: description: aliases (`*name`) are not allowed (hint: write the value out in full)"
    ]


def test_alias_inside_a_list_item_names_the_item() -> None:
    text = "name: Transit\nsources:\n  - https://example.org/a\n  - *first\n"
    assert problems_of(text) == [
        "topics/transit.yml:4:5: sources[2]: aliases (`*name`) are not allowed (hint: write the value out in full)"
    ]


def test_duplicate_key_reports_the_second_and_mentions_the_first() -> None:
    text = "name: Transit Riders Union\nkind: advocacy-group\nname: Transit Riders\n"
    assert problems_of(text) == [
        "topics/transit.yml:3:1: name: the key `name` appears twice (first on line 1) (hint: keep one of them)"
    ]


def test_duplicate_key_in_a_nested_item() -> None:
    text = "name: Minneapolis\nelections:\n  - date: 2025-11-04\n    kind: general\n    date: 2025-11-05\n"
    assert problems_of(text) == [
        "topics/transit.yml:5:5: elections[1].date: the key `date` appears twice (first on line 3) "
        "(hint: keep one of them)"
    ]


def test_every_repeat_of_a_key_is_reported() -> None:
    assert problems_of("name: A\nname: B\nname: C\n") == [
        "topics/transit.yml:2:1: name: the key `name` appears twice (first on line 1) (hint: keep one of them)",
        "topics/transit.yml:3:1: name: the key `name` appears twice (first on line 1) (hint: keep one of them)",
    ]


def test_python_object_tag_on_a_scalar_is_refused() -> None:
    assert problems_of("name: !!python/object:builtins.str Transit\n") == [
        "topics/transit.yml:1:7: name: tags such as `!!python/object:builtins.str` are not allowed "
        "(hint: remove the tag and quote the value)"
    ]


def test_python_tag_on_a_collection_is_refused() -> None:
    assert problems_of("name: !!python/object/apply:os.system [echo hello]\n") == [
        "topics/transit.yml:1:7: name: tags such as `!!python/object/apply:os.system` are not allowed "
        "(hint: remove the tag)"
    ]


@pytest.mark.parametrize(("tag", "shown"), [("!!str", "!!str"), ("!!int", "!!int"), ("!local", "!local")])
def test_any_explicit_tag_is_refused(tag: str, shown: str) -> None:
    assert problems_of(f"name: Transit\ndescription: {tag} 12\n") == [
        f"topics/transit.yml:2:14: description: tags such as `{shown}` are not allowed "
        "(hint: remove the tag and quote the value)"
    ]


def test_several_documents_are_refused_at_the_second() -> None:
    text = "name: Transit\ndescription: Buses.\n---\nname: Parks\n"
    assert problems_of(text) == [
        "topics/transit.yml:3:1: the file holds more than one YAML document "
        "(hint: keep one record per file and remove the `---` line)"
    ]


def test_a_single_document_may_start_with_a_document_marker() -> None:
    data = record_of("---\nname: Transit\n")
    assert data == {"name": "Transit"}
    assert data.key_marks == {"name": (2, 1)}


def test_tab_is_refused_at_its_position() -> None:
    assert problems_of("name: Transit\ndescription:\tBuses.\n") == [
        "topics/transit.yml:2:13: the file contains a tab character "
        "(hint: indent with spaces; YAML does not allow tabs)"
    ]


def test_tab_used_for_indentation_is_refused() -> None:
    assert problems_of("name: Transit\nsources:\n\t- https://example.org/\n") == [
        "topics/transit.yml:3:1: the file contains a tab character (hint: indent with spaces; YAML does not allow tabs)"
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file_is_refused(text: str) -> None:
    assert problems_of(text) == [
        "topics/transit.yml:1:1: the file is empty (hint: a record is a list of `field: value` lines)"
    ]


@pytest.mark.parametrize("text", ["- Transit\n- Buses\n", "Transit\n", "'quoted'\n"])
def test_root_that_is_not_a_mapping_is_refused(text: str) -> None:
    assert problems_of(text) == [
        "topics/transit.yml:1:1: a record must be a set of `field: value` lines "
        "(hint: start each line with a field name and a colon)"
    ]


def test_colon_in_a_plain_value_is_a_syntax_error_at_the_colon() -> None:
    assert problems_of("name: Transit\ndescription: Note: buses and trains.\n") == [
        "topics/transit.yml:2:18: YAML syntax error: mapping values are not allowed in this context "
        "(hint: check the indentation and quote values that contain a colon followed by a space "
        "or start with a special character)"
    ]


def test_unclosed_flow_list_is_a_syntax_error_with_context() -> None:
    assert problems_of("name: [Transit\n") == [
        "topics/transit.yml:2:1: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence) "
        "(hint: check the indentation and quote values that contain a colon followed by a space "
        "or start with a special character)"
    ]


def test_bad_indentation_is_a_syntax_error() -> None:
    assert problems_of("name: Transit\n  description: Buses.\n") == [
        "topics/transit.yml:2:14: YAML syntax error: mapping values are not allowed in this context "
        "(hint: check the indentation and quote values that contain a colon followed by a space "
        "or start with a special character)"
    ]


def test_key_that_is_not_a_word_is_refused() -> None:
    assert problems_of("? [a, b]\n: c\n") == [
        "topics/transit.yml:1:3: every key must be a plain word followed by a colon"
    ]
    assert problems_of("'': value\n") == ["topics/transit.yml:1:1: every key must be a plain word followed by a colon"]


def nested(collections: int) -> str:
    """A record of ``collections`` nested collections (the root mapping, then lists), one per line."""
    lines = ["a:"] + ["  " * depth + "-" for depth in range(1, collections - 1)] + ["  " * (collections - 1) + "- x"]
    return "\n".join(lines) + "\n"


def test_nesting_up_to_the_limit_is_read() -> None:
    assert load_text(nested(MAX_DEPTH), "x.yml")[1] == []


def test_nesting_deeper_than_the_limit_is_refused_where_it_goes_too_deep() -> None:
    data, problems = load_text(nested(MAX_DEPTH + 1), "x.yml")
    assert data is None
    assert [(p.line, p.column, p.message) for p in problems] == [
        (MAX_DEPTH + 1, 2 * MAX_DEPTH + 1, f"the record is nested more than {MAX_DEPTH} levels deep")
    ]


def test_problems_are_errors_with_the_display_path() -> None:
    _, problems = load_text("a: &x 1\n", "cities/mn/minneapolis.yml")
    assert problems == [
        Problem(
            "cities/mn/minneapolis.yml",
            1,
            4,
            "a",
            "anchors (`&x`) are not allowed",
            "write each value out in full",
            code=Code.ANCHOR,
        )
    ]
    assert problems[0].severity is Severity.ERROR


# --- files: bytes, size, encoding ------------------------------------------------------------------


def test_non_utf8_bytes_are_refused_at_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "transit.yml"
    path.write_bytes(b"name: Transit\ndescription: Buses, trains and caf\xe9s.\n")
    data, problems = load_file(path, "topics/transit.yml")
    assert data is None
    assert [p.as_text() for p in problems] == [
        "topics/transit.yml:2:35: the file is not valid UTF-8 (byte 0xe9) (hint: save the file with UTF-8 encoding)"
    ]


def test_file_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "transit.yml"
    path.write_bytes(b"name: Transit\ndescription: " + b"x" * 3000 + b"\n")
    data, problems = load_file(path, "topics/transit.yml", max_bytes=1024)
    assert data is None
    assert [p.as_text() for p in problems] == [
        "topics/transit.yml:1:1: the file is 3 KiB; the limit is 1 KiB "
        "(hint: a record this large is almost certainly a mistake; split or shorten it)"
    ]


def test_file_at_the_size_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "transit.yml"
    path.write_bytes(b"name: Transit\n")
    data, problems = load_file(path, "topics/transit.yml", max_bytes=len(b"name: Transit\n"))
    assert (data, problems) == ({"name": "Transit"}, [])


def test_size_just_over_the_cap_is_rounded_up(tmp_path: Path) -> None:
    path = tmp_path / "transit.yml"
    path.write_bytes(b"name: " + b"x" * 1100 + b"\n")
    _, problems = load_file(path, "topics/transit.yml", max_bytes=1024)
    assert [p.message for p in problems] == ["the file is 2 KiB; the limit is 1 KiB"]


def test_empty_file_on_disk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "transit.yml"
    path.write_bytes(b"")
    assert [p.as_text() for p in load_file(path, "topics/transit.yml")[1]] == [
        "topics/transit.yml:1:1: the file is empty (hint: a record is a list of `field: value` lines)"
    ]


def test_leading_byte_order_mark_is_accepted_and_positions_are_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "transit.yml"
    path.write_bytes("\ufeffname: Transit\ndescription: Buses.\n".encode())
    data, problems = load_file(path, "topics/transit.yml")
    assert problems == []
    assert data == {"name": "Transit", "description": "Buses."}
    assert data is not None
    assert data.value_marks == {"name": (1, 7), "description": (2, 14)}


def test_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    data, problems = load_file(tmp_path / "absent.yml", "topics/absent.yml")
    assert data is None
    assert [p.as_text() for p in problems] == [
        "topics/absent.yml:1:1: the file cannot be read: No such file or directory"
    ]


def test_windows_line_endings_are_read(tmp_path: Path) -> None:
    path = tmp_path / "transit.yml"
    path.write_bytes(b"name: Transit\r\ndescription: Buses.\r\n")
    data, problems = load_file(path, "topics/transit.yml")
    assert (data, problems) == ({"name": "Transit", "description": "Buses."}, [])


# --- scalars stay strings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("NO", "NO"),
        ("yes", "yes"),
        ("true", "true"),
        ("02134", "02134"),
        ("1:20", "1:20"),
        ("2026-11-03", "2026-11-03"),
        ("1e3", "1e3"),
        ("0x1F", "0x1F"),
        ("55.0", "55.0"),
        ("'null'", "null"),
        ('"null"', "null"),
        ('"~"', "~"),
        ("''", ""),
        ("! 12", "12"),
    ],
)
def test_scalars_stay_strings(written: str, value: str) -> None:
    data = record_of(f"field: {written}\n")
    assert data["field"] == value
    assert type(data["field"]) is str


@pytest.mark.parametrize("written", ["", " ~", " null", " Null", " NULL"])
def test_plain_empty_tilde_and_null_become_none(written: str) -> None:
    # PyYAML's C parser gives plain scalars the style '' (not None): the loader must treat both as plain.
    assert record_of(f"field:{written}\n")["field"] is None


def test_empty_list_item_is_none() -> None:
    assert record_of("sources:\n  -\n  - ~\n  - ''\n")["sources"] == [None, None, ""]


def test_marks_of_keys_values_and_items() -> None:
    data = record_of("name: Minneapolis\nsources:\n  - https://example.org/a\n  - title: B\n")
    assert data.mark == (1, 1)
    assert data.key_marks == {"name": (1, 1), "sources": (2, 1)}
    assert data.value_marks == {"name": (1, 7), "sources": (3, 3)}
    sources = data["sources"]
    assert isinstance(sources, Sequence)
    assert sources.item_marks == [(3, 5), (4, 5)]
    assert isinstance(sources[1], Mapping)
    assert sources[1].value_marks == {"title": (4, 12)}


def test_flow_collections_are_plain_lists_and_dicts_of_strings() -> None:
    data = record_of("tags: [a, 2, no]\nsource: {url: 'https://example.org/', date: 2017}\n")
    assert data == {"tags": ["a", "2", "no"], "source": {"url": "https://example.org/", "date": "2017"}}
