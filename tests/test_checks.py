"""Rules a table schema cannot state, and the freshness and sourcing warnings (checks.record_problems)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from record_changes import Change

from site_builder.records.people import person_key
from site_builder.records.problems import sort_problems
from site_builder.records.rules import record_problems
from site_builder.records.schema import DESCRIPTOR_PATH, load_schema
from site_builder.records.tables import normalise

Write = Callable[[Path, str, str], Path]

CANDIDATE = "candidates/mn/minneapolis/alex-kim.yml"
TODAY = dt.date(2025, 10, 15)
STALE_DAYS = load_schema().stale_after_days


def check(root: Path, today: dt.date = TODAY) -> list[str]:
    schema = load_schema()
    tables, problems = normalise(root, schema)
    assert problems == []
    return [p.as_text() for p in sort_problems(record_problems(schema, tables, today))]


def candidate(write: Write, root: Path, body: str, *, sources: bool = True, verified: str = "2025-10-01") -> None:
    tail = "sources:\n  - https://example.org/alex-kim\n" if sources else ""
    write(root, CANDIDATE, "name: Alex Kim\n" + body.strip("\n") + "\n" + tail + f"last_verified: {verified}\n")


UNSOURCED_RUNNING = """
candidacies:
  - election: 2025-11-04-general
    office: Mayor
"""
RUNNING = UNSOURCED_RUNNING + "    source: https://example.org/alex-kim/candidacy\n"


def test_the_fixture_records_pass_every_check(records: Path) -> None:
    assert check(records) == []


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "problem"),
    [
        ("2017-02-30", True),
        ("2025-02-29", True),
        ("2025-04-31", True),
        ("2024-02-29", False),
        ("2025-02", False),
        ("2025", False),
    ],
)
def test_calendar_dates(records: Path, write: Write, date: str, problem: bool) -> None:
    write(
        records,
        "organizations/transit-riders.yml",
        f"name: Transit Riders\nsources:\n  - title: Founded\n    date: {date}\n",
    )
    expected = [
        f"organizations/transit-riders.yml:4:11: sources[1].date: `{date}` is not a day of the calendar "
        "(hint: check the day of the month, or write only YYYY-MM)"
    ]
    assert check(records) == (expected if problem else [])


def test_impossible_election_and_endorsement_dates(records: Path, write: Write) -> None:
    write(
        records,
        "cities/mn/duluth.yml",
        "name: Duluth\nelections:\n  - date: 2017-02-30\n    sources:\n      - https://example.org/d\n"
        "sources:\n  - https://example.org/duluth\n",
    )
    candidate(
        write,
        records,
        RUNNING + "endorsements:\n  - organization: example-union\n    date: 2025-06-31\n"
        "    source: https://example.org/e\n",
    )
    assert check(records) == [
        "candidates/mn/minneapolis/alex-kim.yml:8:11: endorsements[1].date: `2025-06-31` is not a day of the calendar "
        "(hint: check the day of the month, or write only YYYY-MM)",
        "cities/mn/duluth.yml:3:11: elections[1].date: `2017-02-30` is not a day of the calendar "
        "(hint: check the day of the month, or write only YYYY-MM)",
    ]


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("publisher: Example News", True),
        ("author: A. Writer\n    date: 2025-06", True),
        ("title: About us", False),
        ("url: https://example.org/about", False),
    ],
)
def test_a_source_needs_a_url_or_a_title(records: Path, write: Write, source: str, problem: bool) -> None:
    write(records, "organizations/transit-riders.yml", f"name: Transit Riders\nsources:\n  - {source}\n")
    expected = [
        "organizations/transit-riders.yml:3:5: sources[1]: a source needs a `url` or a `title` "
        "(hint: cite the article: its title, publisher, date and url)"
    ]
    assert check(records) == (expected if problem else [])


@pytest.mark.parametrize(
    ("photo", "missing"),
    [
        ("", []),
        ("photo_url: https://example.org/a.jpg\n", ["photo_credit", "photo_license"]),
        ("photo_url: https://example.org/a.jpg\nphoto_license: CC0-1.0\n", ["photo_credit"]),
        ("photo_url: https://example.org/a.jpg\nphoto_credit: A. Photographer\n", ["photo_license"]),
        ("photo_url: https://example.org/a.jpg\nphoto_license: CC0-1.0\nphoto_credit: A. Photographer\n", []),
    ],
)
def test_a_photo_needs_licence_and_credit(records: Path, write: Write, photo: str, missing: list[str]) -> None:
    candidate(write, records, photo + RUNNING)
    assert check(records) == [
        f"candidates/mn/minneapolis/alex-kim.yml:2:12: photo_url: a photo needs `{name}` "
        "(hint: only use photos whose licence allows reuse, and credit the photographer)"
        for name in missing
    ]


def test_a_candidate_needs_a_candidacy(records: Path, write: Write) -> None:
    candidate(write, records, "bio: Running soon.")
    assert check(records) == [
        "candidates/mn/minneapolis/alex-kim.yml:1:1: the candidate has no candidacies "
        "(hint: add `candidacies:` with the election, office and status)"
    ]


@pytest.mark.parametrize(
    ("ocd_id", "problem"),
    [
        ("ocd-division/country:us/state:wi/place:duluth", True),
        ("ocd-division/country:us/state:mn/place:duluth", False),
        ("ocd-division/country:us/state:mn/county:st_louis/place:duluth", False),
        pytest.param(
            "ocd-division/country:us/state:mn",
            False,
        ),
    ],
)
def test_the_division_is_in_the_state_of_the_folder(records: Path, write: Write, ocd_id: str, problem: bool) -> None:
    write(records, "cities/mn/duluth.yml", f"name: Duluth\nocd_id: {ocd_id}\nsources:\n  - https://example.org/d\n")
    expected = [
        f"cities/mn/duluth.yml:2:9: ocd_id: `{ocd_id}` is not in the state of this record's folder (mn) "
        "(hint: the id should start with ocd-division/country:us/state:mn/)"
    ]
    assert check(records) == (expected if problem else [])


def test_an_endorsement_is_for_one_of_the_candidates_elections(records: Path, write: Write) -> None:
    candidate(
        write,
        records,
        RUNNING
        + "endorsements:\n"
        + "  - organization: example-union\n    election: 2021-11-02-general\n    source: https://example.org/e\n"
        + "  - organization: example-union\n    election: 2025-11-04-general\n    source: https://example.org/e\n"
        + "  - organization: example-union\n    election: 1999\n    source: https://example.org/e\n",
    )
    assert check(records) == [
        "candidates/mn/minneapolis/alex-kim.yml:8:15: endorsements[1].election: the candidate has no candidacy in "
        "`2021-11-02-general` (hint: endorse one of the candidate's candidacies, or add that candidacy)"
    ]


# --- warnings ------------------------------------------------------------------------------------


def stale_line(verified: str, election: str) -> str:
    return (
        f"candidates/mn/minneapolis/alex-kim.yml:8:16: warning: last_verified: last verified {verified}, more than "
        f"{STALE_DAYS} days ago, and the candidate is on the ballot on {election} "
        "(hint: check the record against its sources and update `last_verified`)"
    )


@pytest.mark.parametrize(
    ("days_ago", "warned"),
    [(0, False), (STALE_DAYS, False), (STALE_DAYS + 1, True), (400, True)],
)
def test_stale_before_an_upcoming_election(records: Path, write: Write, days_ago: int, warned: bool) -> None:
    verified = (TODAY - dt.timedelta(days=days_ago)).isoformat()
    candidate(write, records, RUNNING, verified=verified)
    assert check(records, TODAY) == ([stale_line(verified, "2025-11-04")] if warned else [])


def test_stale_counts_from_the_given_day(records: Path, write: Write) -> None:
    candidate(write, records, RUNNING, verified="2025-04-04")
    assert check(records, dt.date(2025, 10, 1)) == []
    assert check(records, dt.date(2025, 10, 2)) == [stale_line("2025-04-04", "2025-11-04")]


def test_stale_is_only_checked_while_an_election_is_upcoming(records: Path, write: Write) -> None:
    candidate(write, records, RUNNING, verified="2024-01-02")
    assert check(records, dt.date(2025, 11, 4)) == [stale_line("2024-01-02", "2025-11-04")]
    assert check(records, dt.date(2025, 11, 5)) == []


def test_stale_names_the_next_election_and_reads_partial_dates(records: Path, write: Write, change: Change) -> None:
    change(records, "cities/mn/minneapolis.yml", lambda city: city["elections"][0].update(date="2025-12"))
    candidate(
        write,
        records,
        "candidacies:\n  - election: 2025-12-general\n    office: Mayor\n    source: https://example.org/c1\n"
        "  - election: 2025-11-04-general\n    office: Mayor\n    source: https://example.org/c2\n",
        verified="2024-01-02",
    )
    warning = (
        "candidates/mn/minneapolis/alex-kim.yml:11:16: warning: last_verified: last verified 2024-01-02, more than "
        "180 days ago, and the candidate is on the ballot on {} "
        "(hint: check the record against its sources and update `last_verified`)"
    )
    assert check(records, TODAY) == [warning.format("2025-11-04")]
    assert check(records, dt.date(2025, 11, 30)) == [warning.format("2025-12-31")]
    assert check(records, dt.date(2025, 12, 31)) == [warning.format("2025-12-31")]
    assert check(records, dt.date(2026, 1, 1)) == []


def test_position_and_endorsement_without_a_source(records: Path, write: Write) -> None:
    candidate(
        write,
        records,
        RUNNING
        + "platform:\n  - topic: housing\n    position: More homes.\n"
        + "  - topic: housing\n    position: Even more homes.\n    source: https://example.org/p\n"
        + "endorsements:\n  - organization: example-union\n",
    )
    assert check(records) == [
        "candidates/mn/minneapolis/alex-kim.yml:7:5: platform[1]: this platform position has no source "
        "(hint: add `source:` with the article or page that reports it)",
        "candidates/mn/minneapolis/alex-kim.yml:13:5: endorsements[1]: this endorsement has no source "
        "(hint: add `source:` with the article or page that reports it)",
    ]


@pytest.mark.parametrize(
    "fields",
    [
        "",
        "    status: won\n",
        "    status: qualified\n",
        "    status: withdrawn\n",
        "    votes: 812\n",
        "    vote_share: 4.5\n",
    ],
)
def test_every_candidacy_needs_a_source_of_its_own(records: Path, write: Write, fields: str) -> None:
    """With a result or without one: the record's `sources:` do not source a candidacy."""
    candidate(write, records, UNSOURCED_RUNNING + fields)
    assert check(records) == [
        "candidates/mn/minneapolis/alex-kim.yml:3:5: candidacies[1]: this candidacy has no source "
        "(hint: add `source:` with the page that reports the candidacy: the official candidate list, the results "
        "or a news report)"
    ]


def test_every_election_needs_sources_of_its_own(records: Path, write: Write) -> None:
    write(
        records,
        "cities/mn/duluth.yml",
        "name: Duluth\nelections:\n  - date: 2025\n  - date: unknown\n    sources:\n      - https://e.org/u\n"
        "sources:\n  - https://e.org/\n",
    )
    assert check(records) == [
        "cities/mn/duluth.yml:3:5: elections[1]: this election has no source "
        "(hint: add `sources:` with the official notice of the election or a news report about it)"
    ]


def test_a_new_table_that_must_cite_gets_the_error_from_the_descriptor_alone(records: Path, write: Write) -> None:
    """A kind of list item added to the descriptor with `x-record.must_cite` needs no code of its own."""
    descriptor = json.loads(DESCRIPTOR_PATH.read_text(encoding="utf-8"))
    links = next(r for r in descriptor["resources"] if r["name"] == "links")
    links["x-record"].update({"cites": "source", "must_cite": {"hint": "cite the page that lists the link"}})
    path = records.parent / "datapackage.json"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    schema = load_schema(path)
    candidate(write, records, RUNNING + "links:\n  - kind: x\n    url: https://x.example/a\n")
    tables, problems = normalise(records, schema)
    assert problems == []
    assert [p.as_text() for p in record_problems(schema, tables, TODAY)] == [
        "candidates/mn/minneapolis/alex-kim.yml:7:5: links[1]: this link has no source "
        "(hint: cite the page that lists the link)",
        "candidates/mn/minneapolis/jane-doe.yml:38:5: links[1]: this link has no source "
        "(hint: cite the page that lists the link)",
    ]


def test_records_without_sources(records: Path, write: Write) -> None:
    write(
        records,
        "cities/mn/duluth.yml",
        "name: Duluth\nelections:\n  - date: 2025\n    sources:\n      - https://e.org/\n",
    )
    write(records, "organizations/transit-riders.yml", "name: Transit Riders\n")
    candidate(write, records, RUNNING, sources=False)
    assert check(records) == [
        "candidates/mn/minneapolis/alex-kim.yml:1:1: the candidate record cites no sources "
        "(hint: add `sources:` with the pages its facts come from)",
        "cities/mn/duluth.yml:1:1: the city record cites no sources "
        "(hint: add `sources:` with the pages its facts come from)",
        "organizations/transit-riders.yml:1:1: the organisation record cites no sources "
        "(hint: add `sources:` with the pages its facts come from)",
    ]


def test_a_candidacy_source_does_not_source_the_record(records: Path, write: Write) -> None:
    candidate(write, records, RUNNING, sources=False)
    assert check(records) == [
        "candidates/mn/minneapolis/alex-kim.yml:1:1: the candidate record cites no sources "
        "(hint: add `sources:` with the pages its facts come from)"
    ]


def test_two_candidates_in_one_city_who_look_like_the_same_person(records: Path, write: Write) -> None:
    body = RUNNING.strip("\n") + "\nsources:\n  - https://example.org/c\nlast_verified: 2025-10-01\n"
    write(records, "candidates/mn/minneapolis/jose-a-nunez-jr.yml", "name: José A. Núñez Jr.\n" + body)
    write(records, "candidates/mn/minneapolis/jose-nunez.yml", "name: Jose Nunez\n" + body)
    assert check(records) == [
        "candidates/mn/minneapolis/jose-nunez.yml:1:7: warning: name: `Jose Nunez` looks like the same person as "
        "candidates/mn/minneapolis/jose-a-nunez-jr.yml (hint: merge the two records, or tell them apart in `name`)"
    ]


def test_the_same_name_in_two_cities_is_two_people(records: Path, write: Write) -> None:
    write(
        records,
        "candidates/wi/madison/jane-doe.yml",
        "name: Jane Doe\ncandidacies:\n  - election: 2023-04-04\n    office: Mayor\n"
        "    source: https://example.org/c\nsources:\n  - https://example.org/c\nlast_verified: 2025-10-01\n",
    )
    assert check(records) == []


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("José A. Núñez Jr.", "jose nunez"),
        ("Jose Nunez", "jose nunez"),
        ("JOSE NUNEZ III", "jose nunez"),
        ("Chokwe Antar Lumumba", "chokwe antar lumumba"),
        ("Mary-Kate O'Neil, Sr.", "mary kate neil"),
    ],
)
def test_person_key(name: str, key: str) -> None:
    assert person_key(name) == key


def codes(root: Path, today: dt.date = TODAY) -> list[tuple[str, int, str]]:
    schema = load_schema()
    tables, problems = normalise(root, schema)
    assert problems == []
    return [(p.code, p.line, p.field) for p in sort_problems(record_problems(schema, tables, today))]


@pytest.mark.parametrize("votes", ["１２３４５", "1_000", "١٢٣"])
def test_numbers_are_written_with_the_digits_0_to_9(records: Path, write: Write, votes: str) -> None:
    candidate(write, records, RUNNING + f"    votes: '{votes}'\n")
    assert codes(records) == [("wrong-type", 6, "candidacies[1].votes")]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://mayor.example.org@evil.example/", "it names a user before the host"),
        ("https://user:secret@example.org/", "it names a user before the host"),
        ("https://localhost/page", "it has no valid host name"),
        ("https://example.org:99999/", "it cannot be read as an address"),
    ],
)
def test_web_addresses_are_parsed_not_only_matched(records: Path, write: Write, url: str, reason: str) -> None:
    candidate(write, records, RUNNING + f"website: '{url}'\n")
    schema = load_schema()
    tables, _ = normalise(records, schema)
    found = [p for p in record_problems(schema, tables, TODAY) if p.field == "website"]
    assert [(p.code, p.message) for p in found] == [("wrong-form", f"`{url}` is not a usable web address: {reason}")]


def test_a_name_in_look_alike_letters_is_the_same_person(records: Path, write: Write) -> None:
    cyrillic = "\u0410l\u0435\u0445 \u041aim"  # Alex Kim with Cyrillic A, e, x and K
    assert person_key(cyrillic) == person_key("Alex Kim") == "alex kim"
    assert person_key("\u0396\u03bf\u00eb \u039fdell") == "zoe odell"  # Greek Z, o and O
    assert person_key("Al\u200bex Kim") == "alex kim"
    candidate(write, records, RUNNING)
    lookalike = f"name: {cyrillic}\n{RUNNING.strip()}\nsources:\n  - https://example.org/a\nlast_verified: 2025-10-01\n"
    write(records, "candidates/mn/minneapolis/alex-kim-2.yml", lookalike)
    assert codes(records) == [("same-person", 1, "name")]


# --- dates in the future and elections without a date ----------------------------------------------


@pytest.mark.parametrize(("days_ahead", "problem"), [(-1, False), (0, False), (1, True)])
def test_no_record_is_verified_after_today(records: Path, write: Write, days_ahead: int, problem: bool) -> None:
    day = (TODAY + dt.timedelta(days=days_ahead)).isoformat()
    candidate(write, records, RUNNING, verified=day)
    write(
        records,
        "organizations/transit-riders.yml",
        f"name: Transit Riders\nsources:\n  - https://e.org/\nlast_verified: {day}\n",
    )
    write(
        records,
        "cities/mn/duluth.yml",
        f"name: Duluth\nsources:\n  - https://e.org/\nlast_verified: {day}\n",
    )
    said = f"last_verified: {day} is in the future (today is 2025-10-15) (hint: write the day the record was checked "
    said += "against its sources: today or earlier)"
    expected = [
        f"candidates/mn/minneapolis/alex-kim.yml:8:16: {said}",
        f"cities/mn/duluth.yml:4:16: {said}",
        f"organizations/transit-riders.yml:4:16: {said}",
    ]
    assert check(records) == (expected if problem else [])


def test_every_last_verified_field_is_not_after_today() -> None:
    """The rule is read from the descriptor: every record kind with `last_verified` carries it."""
    schema = load_schema()
    kinds = [t.name for t in schema.tables.values() if "last_verified" in t.fields]
    assert kinds == ["cities", "candidates", "organizations", "questionnaires", "states"]
    assert all(schema.tables[name].fields["last_verified"].not_after_today for name in kinds)


def test_an_undated_election_is_never_upcoming_and_never_stale(records: Path, write: Write) -> None:
    write(
        records,
        "cities/mn/duluth.yml",
        "name: Duluth\nelections:\n  - date: unknown\n    kind: runoff\n    offices:\n      - office: Mayor\n"
        "    sources:\n      - https://e.org/runoff\nsources:\n  - https://e.org/\n",
    )
    write(
        records,
        "candidates/mn/duluth/alex-kim.yml",
        "name: Alex Kim\ncandidacies:\n  - election: unknown-runoff\n    office: Mayor\n"
        "    source: https://e.org/runoff\nendorsements:\n  - organization: example-union\n"
        "    source: https://e.org/e\nsources:\n  - https://e.org/a\nlast_verified: 2001-01-01\n",
    )
    assert check(records) == []
    assert check(records, dt.date(2100, 1, 1)) == []
