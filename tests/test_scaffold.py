"""Skeleton records (scaffold.new_city, new_candidate, new_organization): where they go and what they say."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.tools.scaffold import ScaffoldError, new_candidate, new_city, new_organization

Write = Callable[[Path, str, str], Path]
TODAY = dt.date(2025, 10, 15)


def test_new_city(records: Path) -> None:
    made = new_city(records, "mn/duluth", "Duluth", TODAY)
    assert made.path == records / "cities" / "mn" / "duluth.yml"
    assert made.text == (
        "# yaml-language-server: $schema=../../schema/city.schema.json\n"
        "# A city and its elections. Add each election with its date, kind, voting method and offices,\n"
        "# and a source for every fact.\n"
        "name: Duluth\n"
        "ocd_id: ocd-division/country:us/state:mn/place:duluth\n"
        "last_verified: 2025-10-15\n"
    )
    assert not made.path.exists()


@pytest.mark.parametrize(
    ("place", "name", "ocd_id"),
    [
        ("ca/san-jose", "San Jose", "ocd-division/country:us/state:ca/place:san_jose"),
        ("mo/st-louis", "St. Louis", "ocd-division/country:us/state:mo/place:st_louis"),
        ("id/coeur-d-alene", "Coeur d'Alene", "ocd-division/country:us/state:id/place:coeur_d~alene"),
        ("co/canon-city", "Cañon City", "ocd-division/country:us/state:co/place:cañon_city"),
    ],
)
def test_new_city_ocd_id_follows_open_civic_data(records: Path, place: str, name: str, ocd_id: str) -> None:
    made = new_city(records, place, name, TODAY)
    assert f"\nname: {name}\nocd_id: {ocd_id}\n" in made.text


def test_new_candidate_runs_in_the_next_election(records: Path) -> None:
    made = new_candidate(records, "mn/minneapolis", "Alex Kim", TODAY)
    assert made.path == records / "candidates" / "mn" / "minneapolis" / "alex-kim.yml"
    assert made.text == (
        "# yaml-language-server: $schema=../../../schema/candidate.schema.json\n"
        "# A candidate. Add bio, website, platform (topic, position, source), endorsements\n"
        "# (organization, date, source) and sources; every fact needs a source.\n"
        "name: Alex Kim\n"
        "candidacies:\n"
        "  - election: 2025-11-04-general\n"
        "    office: Mayor\n"
        "    status: announced\n"
        "last_verified: 2025-10-15\n"
    )


def test_new_candidate_uses_the_last_election_when_none_is_upcoming(records: Path) -> None:
    made = new_candidate(records, "mn/minneapolis", "Alex Kim", dt.date(2026, 1, 1))
    assert "  - election: 2025-11-04-general\n    office: Mayor\n" in made.text
    earlier = new_candidate(records, "mn/minneapolis", "Alex Kim", dt.date(2021, 6, 1))
    assert "  - election: 2021-11-02-general\n    office: Mayor\n" in earlier.text


def test_new_candidate_prefers_a_dated_election_to_an_undated_one(records: Path, write: Write) -> None:
    city = """
        name: Duluth
        elections:
          - date: unknown
            kind: runoff
            offices:
              - office: Mayor
          - date: 2021-11-02
            offices:
              - office: City Council
        """
    write(records, "cities/mn/duluth.yml", city)
    made = new_candidate(records, "mn/duluth", "Alex Kim", TODAY)
    assert "  - election: 2021-11-02\n    office: City Council\n" in made.text
    write(records, "cities/mn/duluth.yml", city.split("          - date: 2021", maxsplit=1)[0])
    undated = new_candidate(records, "mn/duluth", "Alex Kim", TODAY)
    assert "  - election: unknown-runoff\n    office: Mayor\n" in undated.text


def test_new_candidate_writes_the_district_of_the_first_office(records: Path, write: Write) -> None:
    write(
        records,
        "cities/mn/duluth.yml",
        """
        name: Duluth
        elections:
          - date: 2025-11-04
            offices:
              - office: City Council
                district: Ward 1
        """,
    )
    made = new_candidate(records, "mn/duluth", "Alex Kim", TODAY)
    assert (
        "  - election: 2025-11-04\n    office: City Council\n    district: Ward 1\n    status: announced\n" in made.text
    )


def test_new_candidate_needs_the_city_record(records: Path) -> None:
    with pytest.raises(ScaffoldError) as raised:
        new_candidate(records, "mn/duluth", "Alex Kim", TODAY)
    assert str(raised.value) == (
        'there is no city record cities/mn/duluth.yml: add it first with `site-builder new city mn/duluth "City name"`'
    )


def test_new_candidate_needs_an_election(records: Path, write: Write) -> None:
    write(records, "cities/mn/duluth.yml", "name: Duluth\n")
    with pytest.raises(ScaffoldError) as raised:
        new_candidate(records, "mn/duluth", "Alex Kim", TODAY)
    assert str(raised.value) == (
        "cities/mn/duluth.yml lists no elections: add the election first with "
        "`site-builder new election mn/duluth YYYY-MM-DD --office Mayor`"
    )


def test_new_candidate_needs_an_office_on_the_ballot(records: Path, write: Write) -> None:
    write(records, "cities/mn/duluth.yml", "name: Duluth\nelections:\n  - date: 2025-11-04\n    kind: general\n")
    with pytest.raises(ScaffoldError) as raised:
        new_candidate(records, "mn/duluth", "Alex Kim", TODAY)
    assert str(raised.value) == (
        "the election 2025-11-04-general in cities/mn/duluth.yml lists no offices: add the office on the ballot first"
    )


def test_new_organization(records: Path) -> None:
    made = new_organization(records, "Transit Riders Union", "union", TODAY)
    assert made.path == records / "organizations" / "transit-riders-union.yml"
    assert made.text == (
        "# yaml-language-server: $schema=../schema/organization.schema.json\n"
        "# An endorsing organisation. Add its website, a short description and sources.\n"
        "name: Transit Riders Union\n"
        "kind: union\n"
        "last_verified: 2025-10-15\n"
    )


def test_an_existing_record_is_never_overwritten(records: Path) -> None:
    with pytest.raises(ScaffoldError) as raised:
        new_organization(records, "Example Union", "union", TODAY)
    assert str(raised.value) == f"{(records / 'organizations' / 'example-union.yml').as_posix()} already exists"


@pytest.mark.parametrize("place", ["minneapolis", "xx/duluth", "mn/Duluth", "mn/duluth/ward-1", "mn/st_paul"])
def test_place_must_be_state_and_city(records: Path, place: str) -> None:
    with pytest.raises(ScaffoldError) as raised:
        new_city(records, place, "Somewhere", TODAY)
    assert str(raised.value) == f"`{place}` is not <state>/<city>: for example mn/minneapolis"


def test_surrounding_slashes_are_ignored(records: Path) -> None:
    assert new_city(records, "/mn/duluth/", "Duluth", TODAY).path == records / "cities" / "mn" / "duluth.yml"


def test_a_name_without_letters_or_digits_is_refused(records: Path) -> None:
    with pytest.raises(ScaffoldError) as raised:
        new_organization(records, "!!!", "union", TODAY)
    assert str(raised.value) == "the name has no letters or digits to make a file name from"


def test_file_names_are_ascii(records: Path) -> None:
    made = new_candidate(records, "mn/minneapolis", "José A. Núñez Jr.", TODAY)
    assert made.path == records / "candidates" / "mn" / "minneapolis" / "jose-a-nunez-jr.yml"
    assert "\nname: José A. Núñez Jr.\n" in made.text
