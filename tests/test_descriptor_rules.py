"""The descriptor is the one home of the record rules: its `x-` properties agree with each other and the code."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from site_builder.records.dates import UNKNOWN, is_known, is_upcoming, last_day
from site_builder.records.ids import Template
from site_builder.records.schema import load_schema

PACKAGE = Path(__file__).parents[1] / "site_builder"
SCHEMA = load_schema()


def test_every_template_names_a_value_it_can_read() -> None:
    for table in SCHEMA.tables.values():
        parent = SCHEMA.tables[table.parent] if table.parent else None
        for field in table.fields.values():
            if field.template is None:
                continue
            assert field.derived, f"{table.name}.{field.name}: a derived field says how in `x-derived`"
            for name in field.template.names:
                scope, _, rest = name.rpartition(".")
                if scope == "path":
                    assert rest in table.path_names, (table.name, field.name, name)
                elif scope == "parent":
                    assert parent is not None and rest in parent.fields, (table.name, field.name, name)
                elif name == "number":
                    assert table.parent, (table.name, field.name)
                else:
                    assert name in table.yaml_fields, (table.name, field.name, name)


def test_a_candidacy_names_its_race_the_way_the_race_is_named() -> None:
    race, candidacy = SCHEMA.tables["races"].fields["id"], SCHEMA.tables["candidacies"].fields["race"]
    assert race.template is not None and candidacy.template is not None
    assert candidacy.template.text == race.template.text
    key = next(k for k in SCHEMA.tables["candidacies"].foreign_keys if k["reference"]["resource"] == "races")
    assert "race" in key["fields"]


@pytest.mark.parametrize(
    ("template", "values", "expected"),
    [
        ("{date}[-{kind}]", {"date": "2025-11-04", "kind": "general"}, "2025-11-04-general"),
        ("{date}[-{kind}]", {"date": "2025-11"}, "2025-11"),
        ("{date}[-{kind}]", {"kind": "general"}, None),
        ("{office:slug}[-{district:slug}]", {"office": "City Council", "district": "Ward 3"}, "city-council-ward-3"),
        ("{office:slug}[-{district:slug}]", {"office": "Mayor", "district": "!!"}, "mayor"),
        ("{office:slug}[-{district:slug}]", {"office": "市長"}, None),
        ("{path.state}/{path.city}", {"path.state": "mn", "path.city": "duluth"}, "mn/duluth"),
    ],
)
def test_templates_render_ids(template: str, values: dict[str, str], expected: str | None) -> None:
    assert Template(template).render(values.get) == expected


def test_defaults_companions_and_citations_name_real_fields() -> None:
    for table in SCHEMA.tables.values():
        for field in table.fields.values():
            if field.default_only:
                source, name = field.default_only.split(".")
                assert name in SCHEMA.tables[source].fields
                assert SCHEMA.tables[source].parent == table.parent, "filled from the same record"
            if field.not_after_today:
                assert field.type == "date", (table.name, field.name)
            for name in field.requires.get("fields", []):
                assert name in table.yaml_fields, (table.name, field.name, name)
        rule = table.must_cite or {}
        assert not rule or table.cites, f"{table.name} must cite but has no `cites`"
        assert set(rule) <= {"hint", "what", "when_any"}, table.name
        assert not rule or rule["hint"].startswith("add `source"), table.name
        for name, values in rule.get("when_any", {}).items():
            assert name in table.fields
            assert values is None or set(values) <= set(table.fields[name].constraints["enum"])
        if table.min_items:
            assert table.parent and table.key, table.name


def test_every_published_fact_must_cite_a_source_of_its_own() -> None:
    """Every record, election, candidacy, officeholder, platform position and endorsement cites its own
    source, whatever it holds; a race cites one only for the results it records (``when_any``)."""
    always = {name for name, table in SCHEMA.tables.items() if table.must_cite and "when_any" not in table.must_cite}
    assert {"cities", "elections", "candidates", "candidacies", "positions", "endorsements", "organizations"} <= always
    assert {name for name, t in SCHEMA.tables.items() if t.must_cite and "when_any" in t.must_cite} <= {"races"}
    assert {name for name, table in SCHEMA.tables.items() if table.cites and not table.must_cite} == set()


def test_an_election_whose_date_is_not_given_is_written_unknown() -> None:
    field = SCHEMA.tables["elections"].fields["date"]
    pattern = re.compile(field.constraints["pattern"])
    assert pattern.match(UNKNOWN)
    for value in ("2017", "2017-06", "2017-06-06"):
        assert pattern.match(value)
    for value in ("Unknown", "unknown-2017", "2017-unknown", "tbd", ""):
        assert not pattern.match(value), value
    assert f"`{UNKNOWN}`" in field.description and f"`{UNKNOWN}`" in field.hint
    template = SCHEMA.tables["elections"].fields["id"].template
    assert template is not None
    assert template.render({"date": UNKNOWN, "kind": "runoff"}.get) == "unknown-runoff"
    assert template.render({"date": UNKNOWN}.get) == "unknown"
    for table in SCHEMA.tables.values():
        for other in table.fields.values():
            if other.fuzzy_date and other is not field:
                assert not re.match(other.constraints["pattern"], UNKNOWN), "only an election may be undated"


def test_an_unknown_date_means_no_day() -> None:
    assert not is_known(UNKNOWN) and is_known("2017")
    assert last_day(UNKNOWN) is None
    assert not is_upcoming(UNKNOWN, dt.date(1900, 1, 1))


def test_orders_and_labels_cover_the_allowed_values() -> None:
    labels: dict[str, str] = {}
    for table in SCHEMA.tables.values():
        for field in table.fields.values():
            allowed = field.constraints.get("enum")
            if allowed is None:
                assert not field.labels and field.order == (None,), (table.name, field.name)
                continue
            assert set(field.order) == {*allowed, None}, (table.name, field.name)
            assert set(field.labels) <= set(allowed), (table.name, field.name)
            for value, text in field.labels.items():
                assert labels.setdefault(value, text) == text, f"`{value}` is labelled two ways"
    assert SCHEMA.label("advanced-to-runoff") == "Advanced to runoff"
    assert SCHEMA.label("town-meeting") == "Town meeting"
    status = SCHEMA.tables["candidacies"].fields["status"]
    assert sorted(["lost", None, "won", "withdrawn"], key=status.rank) == ["won", None, "lost", "withdrawn"]


@pytest.mark.parametrize(
    ("date", "upcoming"),
    [("2026-11-03", True), ("2026-11-02", False), ("2026-11", True), ("2026-10", False), ("2026", True), ("x", False)],
)
def test_an_election_is_upcoming_while_any_day_it_can_mean_is_to_come(date: str, upcoming: bool) -> None:
    assert is_upcoming(date, dt.date(2026, 11, 3)) is upcoming


def test_a_partial_date_means_its_last_day() -> None:
    assert last_day("2024-02") == dt.date(2024, 2, 29)
    assert last_day("2025-12") == dt.date(2025, 12, 31)
    assert last_day("2025-02-30") is None


def test_no_module_restates_a_rule_the_descriptor_or_one_function_holds() -> None:
    """The upcoming-election rule, the source fields and the table names of the rules have one home each."""
    restated = {
        "compares a date with today's text": re.compile(r"today\.isoformat\(\)\[:"),
        "lists the source fields": re.compile(r'\("url", "title", "author", "publisher", "date"\)'),
        "hard-codes a label": re.compile(r'"Advanced to runoff"|"Mayor–council"'),
        "hard-codes an enum order": re.compile(r'\{"primary": 0|\{"won": 0'),
    }
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for what, pattern in restated.items():
            assert not pattern.search(text), f"{path.relative_to(PACKAGE)} {what}"
