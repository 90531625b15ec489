"""Queries of the directory model that pages ask instead of computing them in templates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.directory.build import build_directory
from site_builder.directory.model import Candidate, Directory, Election, Race, natural, office_order
from site_builder.records.validate import validate_directory

FIXTURE = Path(__file__).parent / "fixtures" / "directory"
Write = Callable[[Path, str, str], Path]


@pytest.fixture(scope="module")
def directory() -> Directory:
    tables, problems = validate_directory(FIXTURE, dt.date(2026, 11, 21))
    assert [p for p in problems if p.is_error] == []
    return build_directory(tables)


def candidate(directory: Directory, key: str) -> Candidate:
    return next(c for c in directory.candidates if c.id == key)


def election(directory: Directory, city: str, key: str) -> Election:
    return next(e for e in directory.elections if e.city.id == city and e.id == key)


def test_endorsements_in_an_election_are_those_for_that_election_only(directory: Directory) -> None:
    ada = candidate(directory, "vt/maple-falls/ada-quill")
    assert [
        e.organization.name for e in ada.endorsements_in(election(directory, "vt/maple-falls", "2027-03-02-general"))
    ] == ["Maple Falls Tenants Union"]
    assert ada.endorsements_in(election(directory, "vt/maple-falls", "2026-03-03-general")) == []
    assert ada.endorsements_in(election(directory, "or/cedar-bend", "2027-05-primary")) == []


def test_candidacy_in_an_election_is_the_run_in_it_or_none(directory: Directory) -> None:
    ada = candidate(directory, "vt/maple-falls/ada-quill")
    won = ada.candidacy_in(election(directory, "vt/maple-falls", "2026-03-03-general"))
    running = ada.candidacy_in(election(directory, "vt/maple-falls", "2027-03-02-general"))
    assert won is not None and (won.status, won.votes, won.race.title) == ("won", 12345, "Mayor")
    assert running is not None and (running.status, running.incumbent) == ("announced", True)
    ben = candidate(directory, "vt/maple-falls/ben-ostrander")
    assert ben.candidacy_in(election(directory, "vt/maple-falls", "2027-03-02-general")) is None


def test_positions_on_a_topic_are_the_candidates_words_on_it(directory: Directory) -> None:
    ada = candidate(directory, "vt/maple-falls/ada-quill")
    wage, housing = (
        next(t for t in directory.topics if t.id == key) for key in ("minimum-wage", "housing-and-displacement")
    )
    assert [p.text for p in ada.positions_on(wage)] == ["Backs a **$18** city minimum wage by 2028."]
    assert [p.text for p in ada.positions_on(housing)] == ["Would cap rent increases for existing tenants."]
    assert candidate(directory, "vt/maple-falls/ben-ostrander").positions_on(wage) == []


def race(directory: Directory, city: str, key: str, office: str) -> Race:
    return next(r for r in election(directory, city, key).races if r.id == office)


def test_a_race_of_two_candidates_or_more_is_compared_on_the_topics_any_of_them_takes_up(
    directory: Directory,
) -> None:
    mayor = race(directory, "vt/maple-falls", "2027-03-02-general", "mayor")
    assert mayor.comparable
    assert [c.candidate.name for c in mayor.candidacies] == ["Dara Penhallow", "Ada Quill"]
    assert [t.name for t in mayor.topics] == ["Housing and displacement", "Minimum wage"]
    ada = mayor.candidacies[1]
    assert [e.organization.name for e in ada.endorsements] == ["Maple Falls Tenants Union"]
    assert mayor.candidacies[0].endorsements == []
    assert not race(directory, "vt/maple-falls", "2026-03-03-general", "mayor").comparable
    assert not race(directory, "vt/maple-falls", "2026-03-03-general", "city-council-ward-2").comparable


def test_a_race_is_compared_and_an_election_guided_only_while_to_come(directory: Directory) -> None:
    mayor = race(directory, "vt/maple-falls", "2027-03-02-general", "mayor")
    assert [c.beyond_results for c in mayor.candidacies] == [True, True]  # both have positions
    held = dt.date(2027, 6, 1)
    # Once held, positions or not, its results are on the city's page and the positions on the candidates'.
    assert mayor.compared(dt.date(2026, 11, 21)) and not mayor.compared(held)
    ben = race(directory, "vt/maple-falls", "2026-03-03-general", "city-council-ward-2")
    assert not ben.compared(dt.date(2026, 1, 1))  # to come, but a race of one candidate has nothing to set beside
    earlier = election(directory, "vt/maple-falls", "2026-03-03-general")
    later = election(directory, "vt/maple-falls", "2027-03-02-general")
    assert earlier.guided(dt.date(2026, 1, 1)) and later.guided(dt.date(2026, 1, 1))
    # The latest held election, though its candidates have positions, has no guide once held.
    assert not earlier.guided(dt.date(2026, 11, 21)) and later.guided(dt.date(2026, 11, 21))
    assert not earlier.guided(held) and not later.guided(held)


def test_candidate_count_of_a_state_adds_up_its_cities(directory: Directory) -> None:
    assert directory.candidate_count("vt") == 3
    assert directory.candidate_count("or") == 1
    assert directory.candidate_count("mn") == 0


def test_an_undated_election_sorts_after_the_dated_ones_and_is_never_upcoming(tmp_path: Path, write: Write) -> None:
    write(
        tmp_path,
        "cities/mn/duluth.yml",
        """
        # yaml-language-server: $schema=../../schema/city.schema.json
        name: Duluth
        ocd_id: ocd-division/country:us/state:mn/place:duluth
        elections:
          - date: unknown
            offices:
              - office: Mayor
            sources:
              - https://e.org/u
          - date: 2021-11-02
            kind: general
            sources:
              - https://e.org/2021
          - date: unknown
            kind: runoff
            sources:
              - https://e.org/r
          - date: 2025
            sources:
              - https://e.org/2025
        sources:
          - https://e.org/
        """,
    )
    tables, problems = validate_directory(tmp_path, dt.date(2026, 11, 21))
    assert problems == []
    city = build_directory(tables).cities[0]
    assert [e.id for e in city.elections] == ["2021-11-02-general", "2025", "unknown-runoff", "unknown"]
    assert [e.id for e in city.newest_first] == ["2025", "2021-11-02-general", "unknown-runoff", "unknown"]
    assert city.last_dated is not None and city.last_dated.id == "2025"
    assert [e.dated for e in city.elections] == [True, True, False, False]
    assert not any(e.is_upcoming(dt.date(1900, 1, 1)) for e in city.elections if not e.dated)
    assert city.next_election(dt.date(2026, 11, 21)) is None


def test_races_read_mayor_first_then_citywide_offices_then_districts_in_natural_order(
    tmp_path: Path, write: Write
) -> None:
    write(
        tmp_path,
        "cities/mn/duluth.yml",
        """
        # yaml-language-server: $schema=../../schema/city.schema.json
        name: Duluth
        ocd_id: ocd-division/country:us/state:mn/place:duluth
        elections:
          - date: 2025-11-04
            kind: general
            offices:
              - office: City Council
                district: Ward 10
              - office: City Council
                district: Ward 2
              - office: Public Advocate
              - office: City Council
                district: At-Large, Position 10
              - office: City Council
                district: Position 2
              - office: Mayor
              - office: Comptroller
              - office: City Council
                district: At-Large, Position 2
              - office: City Council
                district: Position 10
            sources:
              - https://e.org/2025
        sources:
          - https://e.org/
        """,
    )
    tables, problems = validate_directory(tmp_path, dt.date(2026, 11, 21))
    assert problems == []
    (election,) = build_directory(tables).elections
    assert [race.title for race in election.races] == [
        "Mayor",
        "City Council, At-Large, Position 2",
        "City Council, At-Large, Position 10",
        "Comptroller",
        "Public Advocate",
        "City Council, Position 2",
        "City Council, Position 10",
        "City Council, Ward 2",
        "City Council, Ward 10",
    ]


def test_natural_order_counts_the_numbers_in_a_name() -> None:
    assert sorted(["Ward 10", "ward 2", "Ward 1, Position 10", "Ward 1, Position 9"], key=natural) == [
        "Ward 1, Position 9",
        "Ward 1, Position 10",
        "ward 2",
        "Ward 10",
    ]
    assert (
        office_order("Mayor", None) < office_order("City Council", "At-Large") < office_order("City Council", "Ward 1")
    )


def test_a_row_prints_as_its_class_and_key_not_the_rows_it_links_to(directory: Directory) -> None:
    ada = candidate(directory, "vt/maple-falls/ada-quill")
    won = ada.candidacy_in(election(directory, "vt/maple-falls", "2026-03-03-general"))
    assert won is not None
    mayor = won.race
    assert repr(ada) == "<Candidate vt/maple-falls/ada-quill>"
    assert repr(mayor) == f"<Race 2026-03-03-general/{mayor.id} of vt/maple-falls>"
    assert repr(won) == f"<Candidacy vt/maple-falls/ada-quill in 2026-03-03-general/{mayor.id} of vt/maple-falls>"
    assert repr(ada.city) == "<City vt/maple-falls>"
    rows = [ada, ada.city, mayor, won, mayor.election, *ada.positions, *ada.endorsements, *won.sources]
    assert all(len(repr(row)) < 200 for row in rows)
    # A list of linked rows, as a failed assertion prints it, stays as short as its rows.
    assert len(repr(ada.city.elections)) < 200 * len(ada.city.elections)
    assert len(repr(directory)) < 200
