"""What the search holds of each page besides its text, without MkDocs: filters, result fields, weighted words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from site_builder.directory.build import build_directory
from site_builder.records.validate import validate_directory
from site_builder.site.pages import Page, Settings, build_pages

SITE = Path(__file__).parent / "fixtures" / "site"
TODAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    tables, problems = validate_directory(SITE, TODAY)
    assert [p for p in problems if p.is_error] == []
    return {page.url: page for page in build_pages(build_directory(tables), Settings(today=TODAY))}


def filters(page: Page, name: str) -> list[str]:
    return [value for key, value in page.entry.filters if key == name]


def test_a_candidate_is_filtered_by_kind_state_every_office_and_year_they_ran(pages: dict[str, Page]) -> None:
    farrah = pages["or/eugene/farrah-lindqvist/"]
    assert filters(farrah, "kind") == ["candidate"]
    assert filters(farrah, "state") == ["Oregon"]
    assert filters(farrah, "office") == ["Mayor", "City Council"]
    assert filters(farrah, "year") == ["2026", "2027"]


def test_a_candidates_result_shows_the_year_office_and_outcome_of_their_latest_race(pages: dict[str, Page]) -> None:
    assert dict(pages["or/eugene/gideon-ashworth/"].entry.meta) == {
        "year": "2026",
        "office": "Mayor",
        "outcome": "Lost",
    }
    assert dict(pages["or/eugene/marisol-gonzalez/"].entry.meta) == {
        "year": "2027",
        "office": "City Council, Ward 2",
        "outcome": "Announced",
    }


def test_a_candidate_weights_the_offices_they_ran_for_and_their_city(pages: dict[str, Page]) -> None:
    assert pages["vt/burlington/avery-quillfeather/"].entry.terms == "Mayor Burlington"
    assert pages["or/eugene/farrah-lindqvist/"].entry.terms == "Mayor City Council Eugene"


def test_a_spanish_page_also_weights_what_a_spanish_voter_calls_the_office() -> None:
    tables, problems = validate_directory(SITE, TODAY)
    assert [p for p in problems if p.is_error] == []
    pages = {page.url: page for page in build_pages(build_directory(tables), Settings(today=TODAY, languages=("es",)))}
    # The office's name stays as its records give it; the words a voter searches it by are added.
    assert pages["es/vt/burlington/avery-quillfeather/"].entry.terms == "Mayor alcalde alcaldesa alcaldía Burlington"
    assert pages["es/or/eugene/farrah-lindqvist/"].entry.terms == (
        "Mayor City Council alcalde alcaldesa alcaldía concejo municipal concejal concejala Eugene"
    )
    assert pages["vt/burlington/avery-quillfeather/"].entry.terms == "Mayor Burlington"


def test_a_city_is_filtered_by_the_offices_it_elects_and_weights_no_office(pages: dict[str, Page]) -> None:
    burlington = pages["vt/burlington/"]
    assert filters(burlington, "kind") == ["city"]
    assert filters(burlington, "office") == ["Mayor", "City Council"]
    assert filters(burlington, "year") == ["2027", "2025"]
    assert burlington.entry.terms == ""


def test_a_states_elections_are_of_the_election_kind(pages: dict[str, Page]) -> None:
    elections = pages["elections/vt/"]
    assert filters(elections, "kind") == ["election"] and filters(elections, "state") == ["Vermont"]


def test_pages_left_out_of_search_and_pages_of_no_kind(pages: dict[str, Page]) -> None:
    assert pages["data/"].search is False
    assert pages["topics/housing/"].search is True and filters(pages["topics/housing/"], "kind") == []
