"""Whole-pipeline validation: one bad input per rule, each reported with its code, file, line and field.

Each case is a folder of tests/fixtures/bad/ laid over the valid records of tests/fixtures/records/; the
problems below are every problem validate_directory finds in the result (on 2025-10-15).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from record_changes import Change

from site_builder.records import frictionless
from site_builder.records.frictionless import checked_descriptor
from site_builder.records.problems import Severity
from site_builder.records.validate import validate_directory

FIXTURES = Path(__file__).parent / "fixtures"
BAD_CASES = sorted(path.name for path in (FIXTURES / "bad").iterdir() if path.is_dir())
JANE_DOE = "candidates/mn/minneapolis/jane-doe.yml"

Write = Callable[[Path, str, str], Path]
CaseRuns = Callable[[str], Any]
"""The session fixture bad_case_run: a case name to its CaseRun (root, command result, problems)."""

EXPECTED: dict[str, list[tuple[str, str, int, str]]] = {
    # case: every problem found, as (code, path, line, field); the wording of each code's message
    # is pinned once, by the list of codes (test_problem_codes.py)
    "alias": [
        ("alias", "topics/transit.yml", 2, "description"),
    ],
    "anchor": [
        ("anchor", "topics/transit.yml", 1, "name"),
    ],
    "answer-not-asked": [
        ("not-asked", "candidates/mn/minneapolis/jane-doe.yml", 41, "answers[1].questionnaire"),
    ],
    "answer-too-long": [
        ("too-long", "candidates/mn/minneapolis/jane-doe.yml", 43, "answers[1].answer"),
    ],
    "answer-twice": [
        ("listed-twice", "candidates/mn/minneapolis/jane-doe.yml", 46, "answers[2]"),
    ],
    "answer-unknown-question": [
        ("unknown-question", "candidates/mn/minneapolis/jane-doe.yml", 42, "answers[1].question"),
    ],
    "answer-unknown-questionnaire": [
        ("unknown-reference", "candidates/mn/minneapolis/jane-doe.yml", 41, "answers[1].questionnaire"),
    ],
    "answer-without-source": [
        ("unsourced-fact", "candidates/mn/minneapolis/jane-doe.yml", 41, "answers[1]"),
    ],
    "boolean": [
        ("wrong-type", "candidates/mn/minneapolis/alex-kim.yml", 6, "candidacies[1].incumbent"),
    ],
    "city-without-record": [
        ("unknown-city", "candidates/mn/duluth/alex-kim.yml", 2, ""),
        ("unknown-election", "candidates/mn/duluth/alex-kim.yml", 4, "candidacies[1].election"),
    ],
    "date": [
        ("wrong-type", "organizations/transit-riders.yml", 6, "last_verified"),
    ],
    "duplicate-election": [
        ("listed-twice", "cities/mn/duluth.yml", 9, "elections[2]"),
    ],
    "duplicate-key": [
        ("duplicate-key", "organizations/transit-riders.yml", 3, "name"),
    ],
    "empty": [
        ("empty-file", "topics/transit.yml", 1, ""),
    ],
    "endorsement-not-running": [
        ("endorsement-election", "candidates/mn/minneapolis/alex-kim.yml", 9, "endorsements[1].election"),
    ],
    "endorsement-without-source": [
        ("unsourced-fact", "candidates/mn/minneapolis/alex-kim.yml", 8, "endorsements[1]"),
    ],
    "enum": [
        ("not-allowed-value", "organizations/transit-riders.yml", 3, "kind"),
    ],
    "fields-for-value": [
        ("required-field", "topics/transit.yml", 2, "description"),
        ("expected-value", "topics/transit.yml", 4, "description"),
    ],
    "impossible-date": [
        ("not-a-day", "organizations/transit-riders.yml", 6, "sources[1].date"),
    ],
    "integer": [
        ("wrong-type", "candidates/mn/minneapolis/alex-kim.yml", 7, "candidacies[1].votes"),
    ],
    "item-not-fields": [
        ("expected-item", "candidates/mn/minneapolis/alex-kim.yml", 8, "platform[1]"),
    ],
    "list-for-value": [
        ("required-field", "topics/transit.yml", 2, "name"),
        ("expected-value", "topics/transit.yml", 3, "name"),
    ],
    "max-length": [
        ("too-long", "topics/transit.yml", 2, "name"),
    ],
    "maximum": [
        ("out-of-range", "candidates/mn/minneapolis/alex-kim.yml", 7, "candidacies[1].vote_share"),
    ],
    "minimum": [
        ("out-of-range", "cities/mn/duluth.yml", 9, "elections[1].offices[1].seats"),
    ],
    "no-candidacies": [
        ("too-few-items", "candidates/mn/minneapolis/alex-kim.yml", 2, ""),
    ],
    "not-mapping": [
        ("not-a-record", "topics/transit.yml", 1, ""),
    ],
    "not-slug": [
        ("invalid-id", "topics/Public Transit.yml", 1, ""),
    ],
    "not-state": [
        ("unknown-state", "cities/minn/duluth.yml", 1, ""),
    ],
    "state-not-state": [
        ("unknown-state", "states/zz.yml", 1, ""),
    ],
    "officeholder-other-city": [
        ("other-city-candidate", "cities/mn/minneapolis.yml", 28, "officeholders[1].candidate"),
    ],
    "not-utf8": [
        ("not-utf8", "topics/transit.yml", 2, ""),
    ],
    "not-yml": [
        ("not-a-record-file", "organizations/notes.txt", 1, ""),
    ],
    "number": [
        ("wrong-type", "candidates/mn/minneapolis/alex-kim.yml", 7, "candidacies[1].vote_share"),
    ],
    "ocd-id-other-state": [
        ("division-state", "cities/mn/duluth.yml", 3, "ocd_id"),
    ],
    "office-not-on-ballot": [
        ("not-on-ballot", "candidates/mn/minneapolis/alex-kim.yml", 5, "candidacies[1].office"),
    ],
    "round-count-not-number": [
        ("wrong-type", "cities/mn/minneapolis.yml", 16, "elections[1].offices[1].rounds[1].counts[1].votes"),
    ],
    "round-not-in-race": [
        ("not-in-race", "cities/mn/minneapolis.yml", 17, "elections[1].offices[1].rounds[1].counts[2].candidate"),
    ],
    "rounds-out-of-order": [
        ("out-of-order", "cities/mn/minneapolis.yml", 17, "elections[1].offices[1].rounds[2].round"),
    ],
    "pattern-http": [
        ("wrong-form", "organizations/transit-riders.yml", 4, "website"),
    ],
    "pattern-javascript": [
        ("wrong-form", "organizations/transit-riders.yml", 4, "website"),
    ],
    "photo-without-licence": [
        ("missing-companion-field", "candidates/mn/minneapolis/alex-kim.yml", 3, "photo_url"),
        ("missing-companion-field", "candidates/mn/minneapolis/alex-kim.yml", 3, "photo_url"),
    ],
    "position-without-source": [
        ("unsourced-fact", "candidates/mn/minneapolis/alex-kim.yml", 8, "platform[1]"),
    ],
    "python-tag": [
        ("tag", "topics/transit.yml", 1, "name"),
    ],
    "questionnaire-bad-references": [
        ("unknown-reference", "questionnaires/mn/minneapolis/2025-tenants.yml", 4, "organization"),
        ("not-on-ballot", "questionnaires/mn/minneapolis/2025-tenants.yml", 7, "offices[1].office"),
        ("wrong-form", "questionnaires/mn/minneapolis/2025-tenants.yml", 10, "questions[1].id"),
    ],
    "questionnaire-without-questions": [
        ("too-few-items", "questionnaires/mn/minneapolis/2025-tenants.yml", 2, ""),
        ("unknown-election", "questionnaires/mn/minneapolis/2025-tenants.yml", 3, "election"),
    ],
    "record-without-sources": [
        ("unsourced-fact", "organizations/transit-riders.yml", 2, ""),
    ],
    "required": [
        ("required-field", "organizations/transit-riders.yml", 2, "kind"),
    ],
    "result-without-source": [
        ("unsourced-fact", "candidates/mn/minneapolis/alex-kim.yml", 4, "candidacies[1]"),
    ],
    "same-person": [
        ("same-person", "candidates/mn/minneapolis/jose-nunez.yml", 2, "name"),
    ],
    "day-rule": [
        ("day-rule", "states/mn.yml", 4, "election_days[1]"),
        ("day-rule", "states/mn.yml", 13, "election_days[2].month"),
    ],
    "possibly-same-person": [
        ("possibly-same-person", "candidates/mn/minneapolis/jane-doe.yml", 2, "name"),
    ],
    "other-name-is-name": [
        ("other-name-is-name", "candidates/mn/minneapolis/jane-doe.yml", 41, "other_names[1].name"),
    ],
    "other-name-twice": [
        ("listed-twice", "candidates/mn/minneapolis/jane-doe.yml", 44, "other_names[2].name"),
    ],
    "other-name-without-source": [
        ("unsourced-fact", "candidates/mn/minneapolis/jane-doe.yml", 41, "other_names[1]"),
    ],
    "other-name-of-another-record": [
        ("same-person", "candidates/mn/minneapolis/jane-doe.yml", 41, "other_names[1].name"),
    ],
    "not-same-as-itself": [
        ("not-same-as-itself", "candidates/mn/minneapolis/jane-doe.yml", 41, "not_same_person[1].candidate"),
    ],
    "not-same-other-city": [
        ("other-city-candidate", "candidates/mn/minneapolis/jane-doe.yml", 41, "not_same_person[1].candidate"),
    ],
    "several-documents": [
        ("several-documents", "topics/transit.yml", 3, ""),
    ],
    "source-list": [
        ("unsourced-fact", "candidates/mn/minneapolis/alex-kim.yml", 8, "platform[1]"),
        ("bad-source", "candidates/mn/minneapolis/alex-kim.yml", 11, "platform[1].source"),
    ],
    "source-unknown-key": [
        ("unknown-field", "organizations/transit-riders.yml", 5, "sources[1].titel"),
    ],
    "source-without-url-or-title": [
        ("empty-source", "organizations/transit-riders.yml", 5, "sources[1]"),
    ],
    "stale": [
        ("stale-record", "candidates/mn/minneapolis/alex-kim.yml", 9, "last_verified"),
    ],
    "syntax-error": [
        ("yaml-syntax", "topics/transit.yml", 2, ""),
    ],
    "tab": [
        ("tab-character", "topics/transit.yml", 2, ""),
    ],
    "unique-ocd-id": [
        ("not-unique", "cities/mn/st-paul.yml", 3, "ocd_id"),
    ],
    "unknown-election": [
        ("unknown-election", "candidates/mn/minneapolis/alex-kim.yml", 4, "candidacies[1].election"),
    ],
    "unknown-field-close": [
        ("unknown-field", "organizations/transit-riders.yml", 4, "websit"),
    ],
    "unknown-field-far": [
        ("unknown-field", "organizations/transit-riders.yml", 4, "phone"),
    ],
    "unknown-organization": [
        ("unknown-reference", "candidates/mn/minneapolis/alex-kim.yml", 8, "endorsements[1].organization"),
    ],
    "unknown-topic": [
        ("unknown-reference", "candidates/mn/minneapolis/alex-kim.yml", 8, "platform[1].topic"),
    ],
    "value-for-list": [
        ("too-few-items", "candidates/mn/minneapolis/alex-kim.yml", 2, ""),
        ("expected-list", "candidates/mn/minneapolis/alex-kim.yml", 3, "candidacies"),
    ],
    "wrong-depth": [
        ("misplaced-file", "candidates/mn/alex-kim.yml", 1, ""),
    ],
    "reserved-compare": [
        ("reserved-id", "candidates/mn/minneapolis/compare-2025-11-04-general-city-council-ward-3.yml", 1, ""),
    ],
    "reserved-guide": [
        ("reserved-id", "candidates/mn/minneapolis/guide-2025-11-04-general.yml", 1, ""),
    ],
    "yaml-extension": [
        ("wrong-extension", "topics/transit.yaml", 1, ""),
    ],
    "bidi-override": [
        ("forbidden-character", "topics/transit.yml", 1, ""),
    ],
    "escaped-control": [
        ("forbidden-character", "topics/transit.yml", 2, "name"),
    ],
    "combining-marks": [
        ("too-many-marks", "topics/transit.yml", 1, ""),
    ],
    "line-break": [
        ("line-break", "topics/transit.yml", 2, "name"),
    ],
    "line-separator": [
        ("forbidden-character", "topics/transit.yml", 1, ""),
    ],
    "cr-line-endings": [
        ("unknown-field", "topics/transit.yml", 4, "colour"),
    ],
    "office-without-letters": [
        ("no-id-letters", "cities/mn/minneapolis.yml", 19, "elections[2].offices[2].office"),
    ],
    "hidden-folder": [
        ("hidden-folder", "candidates/mn/minneapolis/.drafts", 1, ""),
    ],
    "candidacy-without-source": [
        ("unsourced-fact", "candidates/mn/minneapolis/alex-kim.yml", 4, "candidacies[1]"),
    ],
    "election-without-source": [
        ("unsourced-fact", "cities/mn/duluth.yml", 5, "elections[1]"),
    ],
    "future-verified": [
        ("future-date", "organizations/transit-riders.yml", 6, "last_verified"),
    ],
    "modeline-missing": [
        ("schema-modeline", "topics/transit.yml", 1, ""),
    ],
    "modeline-wrong": [
        ("schema-modeline", "topics/transit.yml", 1, ""),
    ],
    "unknown-date-misspelt": [
        ("wrong-form", "cities/mn/duluth.yml", 5, "elections[1].date"),
    ],
}


def lines(root: Path, today: dt.date) -> list[str]:
    _, problems = validate_directory(root, today)
    return [problem.as_text() for problem in problems]


def test_every_bad_fixture_has_its_expected_problems() -> None:
    assert sorted(EXPECTED) == BAD_CASES


def test_the_fixture_records_are_valid(today: dt.date) -> None:
    tables, problems = validate_directory(FIXTURES / "records", today)
    assert problems == []
    assert len(tables.files) == 7


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_is_reported_exactly(bad_case_run: CaseRuns, case: str) -> None:
    problems = bad_case_run(case).problems
    assert problems is not None, "validation did not finish"
    assert [(p.code, p.path, p.line, p.field) for p in problems] == EXPECTED[case]


def test_warnings_are_warnings_and_errors_are_errors(bad_case_run: CaseRuns) -> None:
    assert [(p.field, p.severity) for p in bad_case_run("source-list").problems or []] == [
        ("platform[1]", Severity.ERROR),
        ("platform[1].source", Severity.ERROR),
    ]
    assert [(p.field, p.severity) for p in bad_case_run("modeline-missing").problems or []] == [("", Severity.WARNING)]


def test_problems_are_sorted_by_file_then_position(records: Path, write: Write, today: dt.date) -> None:
    write(records, "topics/transit.yml", "name: &t Transit\n")
    write(records, "organizations/transit-riders.yml", "name: Transit Riders\nkind: unoin\nwebsite: http://e.org/\n")
    assert lines(records, today) == [
        "organizations/transit-riders.yml:1:1: warning: the file does not start with the editor's schema line "
        "(hint: run `site-builder fmt`, which adds "
        "`# yaml-language-server: $schema=../schema/organization.schema.json`)",
        "organizations/transit-riders.yml:1:1: the organisation record cites no sources "
        "(hint: add `sources:` with the pages its facts come from)",
        "organizations/transit-riders.yml:2:7: kind: `unoin` is not an allowed value (hint: did you mean `union`? "
        "allowed: union, party, advocacy-group, pac, newspaper, network, community-group, other)",
        "organizations/transit-riders.yml:3:10: website: `http://e.org/` is not in the expected form "
        "(hint: use the full https:// address)",
        "topics/transit.yml:1:7: name: anchors (`&t`) are not allowed (hint: write each value out in full)",
    ]


def test_enum_without_a_close_value_lists_the_allowed_ones(records: Path, change: Change, today: dt.date) -> None:
    change(records, JANE_DOE, lambda jane: jane.update(photo_license="all rights reserved"))
    assert lines(records, today) == [
        "candidates/mn/minneapolis/jane-doe.yml:7:16: photo_license: `all rights reserved` is not an allowed value "
        "(hint: allowed: CC0-1.0, public-domain, CC-BY-4.0, CC-BY-SA-4.0, CC-BY-2.0, CC-BY-SA-3.0, "
        "used-with-permission)"
    ]


def test_link_url_must_be_https(records: Path, change: Change, today: dt.date) -> None:
    change(records, JANE_DOE, lambda jane: jane["links"][0].update(url="javascript:alert(document.cookie)"))
    assert lines(records, today) == [
        "candidates/mn/minneapolis/jane-doe.yml:39:10: links[1].url: `javascript:alert(document.cookie)` is not in "
        "the expected form (hint: use the full https:// address)"
    ]


def test_other_names_and_not_same_person_are_checked_as_imports_compare_names(
    records: Path, change: Change, today: dt.date
) -> None:
    other_names = [
        {"name": "Jane Q. Doe", "sources": ["https://example.org/2021-ballot"]},  # an initial: the key of `Jane Doe`
        {"name": "Janie Doe", "sources": ["https://example.org/2025-ballot"]},
        {"name": "janie doe", "sources": ["https://example.org/2025-filing"]},
        {"name": "J. Roe-Doe"},
    ]
    not_same_person = [
        {"candidate": "mn/minneapolis/jane-dough", "sources": ["https://example.org/two-people"]},
        {"candidate": "mn/minneapolis/jane-doe", "sources": ["https://example.org/two-people"]},
        {"candidate": "mn/minneapolis/jane-dough"},
    ]
    change(records, JANE_DOE, lambda jane: jane.update(other_names=other_names, not_same_person=not_same_person))
    path = "candidates/mn/minneapolis/jane-doe.yml"
    assert lines(records, today) == [
        f"{path}:41:11: other_names[1].name: `Jane Q. Doe` is the record's own name, `Jane Doe`, as imports "
        "compare names (hint: an import matches it with `name` already: list only names that differ in more than "
        "case, accents, punctuation, initials or suffixes)",
        f"{path}:47:11: other_names[3].name: `janie doe` is listed twice: other_names[2] is the same name "
        "(hint: keep one of them, with the sources of both)",
        f"{path}:50:5: other_names[4]: this other name has no source (hint: add `sources:` with the page that "
        "gives the person under this name and the one that shows it is this person)",
        f"{path}:52:16: not_same_person[1].candidate: unknown candidate `mn/minneapolis/jane-dough` "
        "(hint: did you mean `mn/minneapolis/jane-doe`?)",
        f"{path}:55:16: not_same_person[2].candidate: `mn/minneapolis/jane-doe` is this record (hint: name the "
        "other candidate record, the one a review found to be another person)",
        f"{path}:58:5: not_same_person[3]: this not-the-same-person decision has no source (hint: add `sources:` "
        "with the pages that show they are two people)",
        f"{path}:58:5: not_same_person[3]: this not-the-same-person decision is listed twice "
        "(candidate `mn/minneapolis/jane-dough`) (hint: remove or merge the repeated item)",
        f"{path}:58:16: not_same_person[3].candidate: unknown candidate `mn/minneapolis/jane-dough` "
        "(hint: did you mean `mn/minneapolis/jane-doe`?)",
    ]


def test_endorsement_for_an_unknown_election_is_reported_once(records: Path, write: Write, today: dt.date) -> None:
    write(
        records,
        "candidates/mn/minneapolis/alex-kim.yml",
        """
        # yaml-language-server: $schema=../../../schema/candidate.schema.json
        name: Alex Kim
        candidacies:
          - election: 2025-11-04-general
            office: Mayor
            source: https://example.org/c
        endorsements:
          - organization: example-union
            election: 2025-11-04-primary
            source: https://example.org/e
        sources:
          - https://example.org/alex-kim
        last_verified: 2025-10-01
        """,
    )
    assert lines(records, today) == [
        "candidates/mn/minneapolis/alex-kim.yml:9:15: endorsements[1].election: `2025-11-04-primary` is not one of "
        "the elections of mn/minneapolis (hint: the city's elections are: 2021-11-02-general, 2025-11-04-general "
        "(an election's id is its date, then its kind))"
    ]


def test_office_with_district_must_match_the_ballot(records: Path, write: Write, today: dt.date) -> None:
    write(
        records,
        "candidates/mn/minneapolis/alex-kim.yml",
        """
        # yaml-language-server: $schema=../../../schema/candidate.schema.json
        name: Alex Kim
        candidacies:
          - election: 2025-11-04-general
            office: City Council
            district: Ward 4
            source: https://example.org/c
        sources:
          - https://example.org/alex-kim
        last_verified: 2025-10-01
        """,
    )
    assert lines(records, today) == [
        "candidates/mn/minneapolis/alex-kim.yml:5:13: candidacies[1].office: `City Council` is not on the ballot of "
        "2025-11-04-general (hint: offices on that ballot: City Council (Ward 3); Mayor; add it to the election's "
        "offices in cities/mn/minneapolis.yml)"
    ]


def test_two_candidacies_in_the_same_race_are_a_duplicate(records: Path, write: Write, today: dt.date) -> None:
    write(
        records,
        "candidates/mn/minneapolis/alex-kim.yml",
        """
        # yaml-language-server: $schema=../../../schema/candidate.schema.json
        name: Alex Kim
        candidacies:
          - election: 2025-11-04-general
            office: Mayor
            source: https://example.org/c
          - election: 2025-11-04-general
            office: Mayor
            status: withdrawn
            source: https://example.org/c
        sources:
          - https://example.org/alex-kim
        last_verified: 2025-10-01
        """,
    )
    assert lines(records, today) == [
        "candidates/mn/minneapolis/alex-kim.yml:7:5: candidacies[2]: this candidacy is listed twice "
        "(election `2025-11-04-general`) (hint: remove or merge the repeated item)"
    ]


def test_missing_required_value_of_a_list_item(records: Path, write: Write, today: dt.date) -> None:
    write(
        records,
        "candidates/mn/minneapolis/alex-kim.yml",
        """
        # yaml-language-server: $schema=../../../schema/candidate.schema.json
        name: Alex Kim
        candidacies:
          - election: 2025-11-04-general
            office: Mayor
            source: https://example.org/c
        platform:
          - topic: housing
            source: https://example.org/p
        sources:
          - https://example.org/alex-kim
        last_verified: 2025-10-01
        """,
    )
    assert lines(records, today) == [
        "candidates/mn/minneapolis/alex-kim.yml:8:5: platform[1].position: is required but missing "
        "(hint: add `position: Backs a $15 city minimum wage.`)"
    ]


def test_fields_left_empty_are_not_errors(records: Path, write: Write, today: dt.date) -> None:
    write(
        records,
        "candidates/mn/minneapolis/alex-kim.yml",
        """
        # yaml-language-server: $schema=../../../schema/candidate.schema.json
        name: Alex Kim
        ballot_name:
        website: ~
        photo_url: null
        candidacies:
          - election: 2025-11-04-general
            office: Mayor
            source: https://example.org/c
        platform:
        sources:
          - https://example.org/alex-kim
        last_verified: 2025-10-01
        """,
    )
    assert lines(records, today) == []


def test_real_ocd_id_with_an_accented_letter_is_accepted(records: Path, write: Write, today: dt.date) -> None:
    write(
        records,
        "cities/nm/espanola.yml",
        """
        # yaml-language-server: $schema=../../schema/city.schema.json
        name: Española
        ocd_id: ocd-division/country:us/state:nm/place:española
        sources:
          - https://example.org/espanola
        """,
    )
    assert lines(records, today) == []


def test_an_officeholder_naming_no_candidate_is_an_unknown_reference(tmp_path: Path, change: Change) -> None:
    root = tmp_path / "records"
    shutil.copytree(FIXTURES / "directory", root)
    mayor = {
        "office": "Mayor",
        "name": "Ada Quill",
        "status": "current",
        "candidate": "vt/maple-falls/nobody",
        "sources": ["https://example.org/mayor"],
    }
    city = change(root, "cities/vt/maple-falls.yml", lambda record: record.update(officeholders=[mayor]))
    line = city.read_text(encoding="utf-8").splitlines().index("    candidate: vt/maple-falls/nobody") + 1
    _, problems = validate_directory(root, dt.date(2026, 11, 21))
    found = [(p.code, p.path, p.line, p.field) for p in problems if p.is_error]
    assert found == [("unknown-reference", "cities/vt/maple-falls.yml", line, "officeholders[1].candidate")]


def test_a_broken_descriptor_is_a_maintainers_problem_not_a_records(
    monkeypatch: pytest.MonkeyPatch, today: dt.date
) -> None:
    """The descriptor is checked once for each form it takes; a broken one stops the check of the rows."""

    def broken(schema: Any) -> dict[str, Any]:
        descriptor = checked_descriptor(schema)
        descriptor["resources"][0]["schema"]["fields"][0]["type"] = "colour"
        return descriptor

    monkeypatch.setattr(frictionless, "checked_descriptor", broken)
    for _ in range(2):  # the second run reads the check of the first
        _, problems = validate_directory(FIXTURES / "records", today)
        assert {(p.code, p.path, p.line) for p in problems} == {("broken-schema", "datapackage.json", 1)}
        assert all("the schema itself is broken" in p.message and "colour" in p.message for p in problems)
