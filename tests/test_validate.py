"""Whole-pipeline validation: one bad input per rule, each reported as an exact `path:line:col: field: message` line.

Each case is a folder of tests/fixtures/bad/ laid over the valid records of tests/fixtures/records/; the
problems below are every problem validate_directory finds in the result (on 2025-10-15), rendered with
Problem.as_text().
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from site_builder.records.problems import Severity
from site_builder.records.validate import validate_directory

FIXTURES = Path(__file__).parent / "fixtures"
BAD_CASES = sorted(path.name for path in (FIXTURES / "bad").iterdir() if path.is_dir())

Write = Callable[[Path, str, str], Path]
CaseRuns = Callable[[str], Any]
"""The session fixture bad_case_run: a case name to its CaseRun (root, command result, problems)."""

EXPECTED: dict[str, list[str]] = {
    # Loader hazards
    "anchor": [
        "topics/transit.yml:1:7: name: anchors (`&transit`) are not allowed (hint: write each value out in full)",
    ],
    "alias": [
        "topics/transit.yml:2:14: description: aliases (`*name`) are not allowed (hint: write the value out in full)",
    ],
    "duplicate-key": [
        "organizations/transit-riders.yml:3:1: name: the key `name` appears twice (first on line 1) (hint: keep "
        "one of them)",
    ],
    "python-tag": [
        "topics/transit.yml:1:7: name: tags such as `!!python/object/apply:os.system` are not allowed (hint: "
        "remove the tag)",
    ],
    "several-documents": [
        "topics/transit.yml:3:1: the file holds more than one YAML document (hint: keep one record per file and "
        "remove the `---` line)",
    ],
    "tab": [
        "topics/transit.yml:2:13: the file contains a tab character (hint: indent with spaces; YAML does not "
        "allow tabs)",
    ],
    "not-utf8": [
        "topics/transit.yml:2:35: the file is not valid UTF-8 (byte 0xe9) (hint: save the file with UTF-8 encoding)",
    ],
    "empty": [
        "topics/transit.yml:1:1: the file is empty (hint: a record is a list of `field: value` lines)",
    ],
    "not-mapping": [
        "topics/transit.yml:1:1: a record must be a set of `field: value` lines (hint: start each line with a "
        "field name and a colon)",
    ],
    "syntax-error": [
        "topics/transit.yml:2:18: YAML syntax error: mapping values are not allowed in this context (hint: check "
        "the indentation and quote values that contain a colon followed by a space or start with a special "
        "character)",
    ],
    # Misplaced or misnamed files
    "yaml-extension": [
        "topics/transit.yaml:1:1: record files end in `.yml` (hint: rename it to transit.yml)",
    ],
    "not-slug": [
        "topics/Public Transit.yml:1:1: `Public Transit` is not a valid id: use lowercase letters, digits and "
        "single hyphens (hint: rename it to `public-transit`)",
    ],
    "not-state": [
        "cities/minn/duluth.yml:1:1: `minn` is not a state: the first folder is the lowercase USPS code (hint: "
        "did you mean `mn`?)",
    ],
    "wrong-depth": [
        "candidates/mn/alex-kim.yml:1:1: the file is not where a record of this kind belongs: "
        "candidates/{state}/{city}/{person}.yml (hint: move it to the right folder)",
    ],
    "not-yml": [
        "organizations/notes.txt:1:1: this folder holds only `.yml` records (hint: records live at "
        "organizations/{org}.yml)",
    ],
    # Unknown keys and wrong shapes (a value dropped for its shape is then also missing)
    "unknown-field-close": [
        "organizations/transit-riders.yml:3:1: websit: unknown field `websit` (hint: did you mean `website`?)",
    ],
    "unknown-field-far": [
        "organizations/transit-riders.yml:3:1: phone: unknown field `phone` (hint: fields allowed here: name, "
        "kind, website, description, sources, last_verified)",
    ],
    "list-for-value": [
        "topics/transit.yml:1:1: name: is required but missing (hint: add `name: Minimum wage`)",
        "topics/transit.yml:2:3: name: expected a single value, found a list (hint: write the value on the same "
        "line as the field name)",
    ],
    "fields-for-value": [
        "topics/transit.yml:1:1: description: is required but missing (hint: add `description: City minimum wage "
        "ordinances and their enforcement.`)",
        "topics/transit.yml:3:3: description: expected a single value, found a set of fields (hint: write the "
        "value on the same line as the field name)",
    ],
    "value-for-list": [
        "candidates/mn/minneapolis/alex-kim.yml:1:1: the candidate has no candidacies (hint: add `candidacies:` "
        "with the election, office and status)",
        "candidates/mn/minneapolis/alex-kim.yml:2:14: candidacies: expected a list of items, each starting with "
        "`- ` (hint: put each item on its own line after the field, starting with `- `)",
    ],
    "item-not-fields": [
        "candidates/mn/minneapolis/alex-kim.yml:6:5: platform[1]: expected an item with fields (hint: write `- "
        "topic: ...` with the fields topic, position)",
    ],
    "source-list": [
        "candidates/mn/minneapolis/alex-kim.yml:6:5: warning: platform[1]: this platform position has no source "
        "(hint: add `source:` with the article or page that reports it)",
        "candidates/mn/minneapolis/alex-kim.yml:9:7: platform[1].source: a source is an https address or a "
        "citation (hint: write `- https://...` or a citation with title, publisher, date and url)",
    ],
    "source-unknown-key": [
        "organizations/transit-riders.yml:4:5: sources[1].titel: unknown field `titel` (hint: did you mean `title`?)",
    ],
    # Schema rules
    "required": [
        "organizations/transit-riders.yml:1:1: kind: is required but missing (hint: add `kind: advocacy-group`)",
    ],
    "enum": [
        "organizations/transit-riders.yml:2:7: kind: `advocacy group` is not an allowed value (hint: did you mean"
        " `advocacy-group`? allowed: union, party, advocacy-group, pac, newspaper, network, community-group, "
        "other)",
    ],
    "pattern-javascript": [
        "organizations/transit-riders.yml:3:10: website: `javascript:alert(1)` is not in the expected form (hint:"
        " use the full https:// address)",
    ],
    "pattern-http": [
        "organizations/transit-riders.yml:3:10: website: `http://example.org/transit-riders` is not in the "
        "expected form (hint: use the full https:// address)",
    ],
    "max-length": [
        "topics/transit.yml:1:7: name: is 88 characters long; the limit is 80 (hint: shorten it)",
    ],
    "minimum": [
        "cities/mn/duluth.yml:8:16: elections[1].offices[1].seats: `0` is out of range: it must be at least 1",
    ],
    "maximum": [
        "candidates/mn/minneapolis/alex-kim.yml:6:17: candidacies[1].vote_share: `101` is out of range: it must "
        "be at most 100",
    ],
    "integer": [
        "candidates/mn/minneapolis/alex-kim.yml:6:12: candidacies[1].votes: `1,234` is not a whole number (hint: "
        "write a whole number without commas)",
    ],
    "number": [
        "candidates/mn/minneapolis/alex-kim.yml:6:17: candidacies[1].vote_share: `4.5%` is not a number (hint: "
        "write a number between 0 and 100 without the % sign)",
    ],
    "boolean": [
        "candidates/mn/minneapolis/alex-kim.yml:5:16: candidacies[1].incumbent: `yes` is not true or false (hint:"
        " write true or false)",
    ],
    "date": [
        "organizations/transit-riders.yml:5:16: last_verified: `2025-13-01` is not a date written YYYY-MM-DD "
        "(hint: write the date as YYYY-MM-DD)",
    ],
    "unique-ocd-id": [
        "cities/mn/st-paul.yml:2:9: ocd_id: `ocd-division/country:us/state:mn/place:minneapolis` is already used "
        "by another record (hint: each record needs its own value)",
    ],
    # Foreign keys
    "unknown-election": [
        "candidates/mn/minneapolis/alex-kim.yml:3:15: candidacies[1].election: `2025-11-04` is not one of the "
        "elections of mn/minneapolis (hint: the city's elections are: 2021-11-02-general, 2025-11-04-general (an "
        "election's id is its date, then its kind))",
    ],
    "office-not-on-ballot": [
        "candidates/mn/minneapolis/alex-kim.yml:4:13: candidacies[1].office: `City Council` is not on the ballot "
        "of 2025-11-04-general (hint: offices on that ballot: City Council (Ward 3); Mayor; add it to the "
        "election's offices in cities/mn/minneapolis.yml)",
    ],
    "unknown-topic": [
        "candidates/mn/minneapolis/alex-kim.yml:6:12: platform[1].topic: unknown topic `minimum-wages` (hint: did"
        " you mean `minimum-wage`?)",
    ],
    "unknown-organization": [
        "candidates/mn/minneapolis/alex-kim.yml:6:19: endorsements[1].organization: unknown organisation "
        "`sierra-club` (hint: known organisations: example-union)",
    ],
    "city-without-record": [
        "candidates/mn/duluth/alex-kim.yml:1:1: there is no city record `cities/mn/duluth.yml` (hint: add it "
        'first: site-builder new city mn/duluth "City name")',
        "candidates/mn/duluth/alex-kim.yml:3:15: candidacies[1].election: `2025-11-04-general` is not one of the "
        "elections of mn/duluth (hint: the city's elections are: none yet (an election's id is its date, then its"
        " kind))",
    ],
    # Rules the table schema cannot state
    "impossible-date": [
        "organizations/transit-riders.yml:5:11: sources[1].date: `2017-02-30` is not a day of the calendar (hint:"
        " check the day of the month, or write only YYYY-MM)",
    ],
    "source-without-url-or-title": [
        "organizations/transit-riders.yml:4:5: sources[1]: a source needs a `url` or a `title` (hint: cite the "
        "article: its title, publisher, date and url)",
    ],
    "photo-without-licence": [
        "candidates/mn/minneapolis/alex-kim.yml:2:12: photo_url: a photo needs `photo_credit` (hint: only use "
        "photos whose licence allows reuse, and credit the photographer)",
        "candidates/mn/minneapolis/alex-kim.yml:2:12: photo_url: a photo needs `photo_license` (hint: only use "
        "photos whose licence allows reuse, and credit the photographer)",
    ],
    "no-candidacies": [
        "candidates/mn/minneapolis/alex-kim.yml:1:1: the candidate has no candidacies (hint: add `candidacies:` "
        "with the election, office and status)",
    ],
    "ocd-id-other-state": [
        "cities/mn/duluth.yml:2:9: ocd_id: `ocd-division/country:us/state:wi/place:duluth` is not in the state of"
        " this record's folder (mn) (hint: the id should start with ocd-division/country:us/state:mn/)",
    ],
    "endorsement-not-running": [
        "candidates/mn/minneapolis/alex-kim.yml:7:15: endorsements[1].election: the candidate has no candidacy in"
        " `2021-11-02-general` (hint: endorse one of the candidate's candidacies, or add that candidacy)",
    ],
    "duplicate-election": [
        "cities/mn/duluth.yml:8:5: elections[2]: this election is listed twice (id `2025-11-04-general`) (hint: "
        "remove or merge the repeated item)",
    ],
    # Warnings
    "stale": [
        "candidates/mn/minneapolis/alex-kim.yml:7:16: warning: last_verified: last verified 2025-01-02, more than"
        " 180 days ago, and the candidate is on the ballot on 2025-11-04 (hint: check the record against its "
        "sources and update `last_verified`)",
    ],
    "position-without-source": [
        "candidates/mn/minneapolis/alex-kim.yml:6:5: warning: platform[1]: this platform position has no source "
        "(hint: add `source:` with the article or page that reports it)",
    ],
    "endorsement-without-source": [
        "candidates/mn/minneapolis/alex-kim.yml:6:5: warning: endorsements[1]: this endorsement has no source "
        "(hint: add `source:` with the article or page that reports it)",
    ],
    "result-without-source": [
        "candidates/mn/minneapolis/alex-kim.yml:3:5: warning: candidacies[1]: this result has no source (hint: "
        "add `source:` with the official results or a news report)",
    ],
    "record-without-sources": [
        "organizations/transit-riders.yml:1:1: warning: the organisation record cites no sources (hint: add "
        "`sources:` with the pages its facts come from)",
    ],
    "same-person": [
        "candidates/mn/minneapolis/jose-nunez.yml:1:7: warning: name: `Jose Nunez` looks like the same person as "
        "candidates/mn/minneapolis/jose-a-nunez-jr.yml (hint: merge the two records, or tell them apart in "
        "`name`)",
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
    assert [problem.as_text() for problem in problems] == EXPECTED[case]


def test_warnings_are_warnings_and_errors_are_errors(bad_case_run: CaseRuns) -> None:
    assert [(p.field, p.severity) for p in bad_case_run("source-list").problems or []] == [
        ("platform[1]", Severity.WARNING),
        ("platform[1].source", Severity.ERROR),
    ]


def test_problems_are_sorted_by_file_then_position(records: Path, write: Write, today: dt.date) -> None:
    write(records, "topics/transit.yml", "name: &t Transit\n")
    write(records, "organizations/transit-riders.yml", "name: Transit Riders\nkind: unoin\nwebsite: http://e.org/\n")
    assert lines(records, today) == [
        "organizations/transit-riders.yml:1:1: warning: the organisation record cites no sources "
        "(hint: add `sources:` with the pages its facts come from)",
        "organizations/transit-riders.yml:2:7: kind: `unoin` is not an allowed value (hint: did you mean `union`? "
        "allowed: union, party, advocacy-group, pac, newspaper, network, community-group, other)",
        "organizations/transit-riders.yml:3:10: website: `http://e.org/` is not in the expected form "
        "(hint: use the full https:// address)",
        "topics/transit.yml:1:7: name: anchors (`&t`) are not allowed (hint: write each value out in full)",
    ]


def test_enum_without_a_close_value_lists_the_allowed_ones(records: Path, write: Write, today: dt.date) -> None:
    write(
        records,
        "candidates/mn/minneapolis/jane-doe.yml",
        (FIXTURES / "records/candidates/mn/minneapolis/jane-doe.yml")
        .read_text(encoding="utf-8")
        .replace("photo_license: CC-BY-4.0", "photo_license: all rights reserved"),
    )
    assert lines(records, today) == [
        "candidates/mn/minneapolis/jane-doe.yml:6:16: photo_license: `all rights reserved` is not an allowed value "
        "(hint: allowed: CC0-1.0, public-domain, CC-BY-4.0, CC-BY-SA-4.0, CC-BY-2.0, CC-BY-SA-3.0, "
        "used-with-permission)"
    ]


def test_link_url_must_be_https(records: Path, write: Write, today: dt.date) -> None:
    write(
        records,
        "candidates/mn/minneapolis/jane-doe.yml",
        (FIXTURES / "records/candidates/mn/minneapolis/jane-doe.yml")
        .read_text(encoding="utf-8")
        .replace("url: https://bsky.app/profile/jane-doe.example.org", "url: javascript:alert(document.cookie)"),
    )
    assert lines(records, today) == [
        "candidates/mn/minneapolis/jane-doe.yml:37:10: links[1].url: `javascript:alert(document.cookie)` is not in "
        "the expected form (hint: use the full https:// address)"
    ]


def test_endorsement_for_an_unknown_election_is_reported_once(records: Path, write: Write, today: dt.date) -> None:
    write(
        records,
        "candidates/mn/minneapolis/alex-kim.yml",
        """
        name: Alex Kim
        candidacies:
          - election: 2025-11-04-general
            office: Mayor
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
        "candidates/mn/minneapolis/alex-kim.yml:7:15: endorsements[1].election: `2025-11-04-primary` is not one of "
        "the elections of mn/minneapolis (hint: the city's elections are: 2021-11-02-general, 2025-11-04-general "
        "(an election's id is its date, then its kind))"
    ]


def test_office_with_district_must_match_the_ballot(records: Path, write: Write, today: dt.date) -> None:
    write(
        records,
        "candidates/mn/minneapolis/alex-kim.yml",
        """
        name: Alex Kim
        candidacies:
          - election: 2025-11-04-general
            office: City Council
            district: Ward 4
        sources:
          - https://example.org/alex-kim
        last_verified: 2025-10-01
        """,
    )
    assert lines(records, today) == [
        "candidates/mn/minneapolis/alex-kim.yml:4:13: candidacies[1].office: `City Council` is not on the ballot of "
        "2025-11-04-general (hint: offices on that ballot: City Council (Ward 3); Mayor; add it to the election's "
        "offices in cities/mn/minneapolis.yml)"
    ]


def test_two_candidacies_in_the_same_race_are_a_duplicate(records: Path, write: Write, today: dt.date) -> None:
    write(
        records,
        "candidates/mn/minneapolis/alex-kim.yml",
        """
        name: Alex Kim
        candidacies:
          - election: 2025-11-04-general
            office: Mayor
          - election: 2025-11-04-general
            office: Mayor
            status: withdrawn
        sources:
          - https://example.org/alex-kim
        last_verified: 2025-10-01
        """,
    )
    assert lines(records, today) == [
        "candidates/mn/minneapolis/alex-kim.yml:5:5: candidacies[2]: this candidacy is listed twice "
        "(election `2025-11-04-general`) (hint: remove or merge the repeated item)"
    ]


def test_missing_required_value_of_a_list_item(records: Path, write: Write, today: dt.date) -> None:
    write(
        records,
        "candidates/mn/minneapolis/alex-kim.yml",
        """
        name: Alex Kim
        candidacies:
          - election: 2025-11-04-general
            office: Mayor
        platform:
          - topic: housing
            source: https://example.org/p
        sources:
          - https://example.org/alex-kim
        last_verified: 2025-10-01
        """,
    )
    assert lines(records, today) == [
        "candidates/mn/minneapolis/alex-kim.yml:6:5: platform[1].position: is required but missing "
        "(hint: add `position: Backs a $15 city minimum wage.`)"
    ]


def test_fields_left_empty_are_not_errors(records: Path, write: Write, today: dt.date) -> None:
    write(
        records,
        "candidates/mn/minneapolis/alex-kim.yml",
        """
        name: Alex Kim
        ballot_name:
        website: ~
        photo_url: null
        candidacies:
          - election: 2025-11-04-general
            office: Mayor
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
        name: Española
        ocd_id: ocd-division/country:us/state:nm/place:española
        sources:
          - https://example.org/espanola
        """,
    )
    assert lines(records, today) == []
