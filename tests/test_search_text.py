"""What the search index holds of each page besides its title, without MkDocs: short text, in the forms voters type."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_builder.directory.build import build_directory
from site_builder.directory.model import Candidate, Directory
from site_builder.records.validate import validate_directory
from site_builder.site import search
from site_builder.site.pages import Page, Settings, build_pages
from site_builder.site.search import CandidateText, folded, typed_forms, with_typed_forms

SITE = Path(__file__).parent / "fixtures" / "site"
TODAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def directory() -> Directory:
    tables, problems = validate_directory(SITE, TODAY)
    assert [p for p in problems if p.is_error] == []
    return build_directory(tables)


@pytest.fixture(scope="module")
def pages(directory: Directory) -> dict[str, Page]:
    return {page.url: page for page in build_pages(directory, Settings(today=TODAY))}


def candidate(directory: Directory, candidate_id: str) -> Candidate:
    return next(c for c in directory.candidates if c.id == candidate_id)


@pytest.mark.parametrize(
    ("written", "typed"),
    [("Esmé", "Esme"), ("González", "Gonzalez"), ("Łódź", "Lodz"), ("Straße", "Strasse"), ("Nuñez", "Nunez")],
)
def test_folding_takes_accents_off_as_an_english_keyboard_types_them(written: str, typed: str) -> None:
    assert folded(written) == typed


@pytest.mark.parametrize(
    ("text", "forms"),
    [
        ("Esmé Harrowgate – Mayor, Montpelier, VT", ["Esme"]),
        ("Marisol González", ["Gonzalez"]),
        ("Declan O'Brien", ["OBrien"]),
        ("Declan O’Brien", ["OBrien"]),
        ("Maui, Hawaiʻi", ["Hawaii"]),
        ("Find the candidates in your city's elections, each state's", []),
        ("Avery Quillfeather – Mayor, Burlington, VT", []),
        ("Ёлка ガス 東京", []),
    ],
)
def test_typed_forms_are_the_words_without_accents_or_apostrophes(text: str, forms: list[str]) -> None:
    assert typed_forms(text) == forms


@given(st.text())
def test_typed_forms_are_ascii_and_new(text: str) -> None:
    held = {word.lower() for word in search.words(text)}
    for form in typed_forms(text):
        assert form.isascii() and form and form.lower() not in held
    assert with_typed_forms("", text).startswith(text)


def test_a_candidate_is_found_by_ballot_name_party_endorsers_and_words_of_positions(pages: dict[str, Page]) -> None:
    avery = pages["vt/burlington/avery-quillfeather/"]
    assert avery.search_text == (
        "Avery J. Quillfeather. Progressive. Endorsed by Green Streets Coalition, Lakeside Tenants Union. "
        "Platform: Backs just-cause eviction ordinance more homes near bus fare-free buses busiest routes."
    )
    assert "bus driver" not in avery.search_text, "the bio is not indexed"
    farrah = pages["or/eugene/farrah-lindqvist/"]
    assert farrah.title == "Farrah Lindqvist – City Council, Ward 2, Eugene, OR"
    assert farrah.search_text.startswith("Also ran for Mayor. Endorsed by Lakeside Tenants Union.")


def test_names_are_held_in_the_forms_voters_type(pages: dict[str, Page]) -> None:
    assert pages["vt/montpelier/esme-harrowgate/"].search_text == "Esme"
    assert pages["or/eugene/marisol-gonzalez/"].search_text.endswith(" Gonzalez")
    assert pages["or/eugene/declan-obrien/"].search_text == "OBrien"
    assert pages["or/eugene/declan-obrien/"].title == "Declan O'Brien – City Council, Ward 2, Eugene, OR"


def test_a_city_is_found_by_the_offices_it_elects(pages: dict[str, Page]) -> None:
    assert pages["vt/burlington/"].search_text == "Burlington, Vermont. Mayor, City Council."
    assert pages["vt/montpelier/"].search_text == "Montpelier, Vermont. Mayor."


def test_words_of_positions_leave_out_stop_words_numbers_and_the_title(directory: Directory) -> None:
    okonjo = candidate(directory, "vt/burlington/bramwell-okonjo")
    # "Wants the city minimum wage to rise with inflation.": "Wants", "the", "to", "with" are stop words.
    assert CandidateText(directory).keywords(okonjo, set()) == ["city", "minimum", "wage", "rise", "inflation"]
    assert CandidateText(directory).keywords(okonjo, {"city"}) == ["minimum", "wage", "rise", "inflation"]


def test_words_of_positions_take_each_position_in_turn_up_to_the_limit(
    directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    avery = candidate(directory, "vt/burlington/avery-quillfeather")
    monkeypatch.setattr(search, "KEYWORDS", 4)
    # Housing: "Backs a just-cause eviction ordinance ..."; transit: "Wants fare-free buses ...".
    assert CandidateText(directory).keywords(avery, set()) == ["Backs", "just-cause", "fare-free", "buses"]


def test_words_too_many_positions_use_are_left_out(directory: Directory, monkeypatch: pytest.MonkeyPatch) -> None:
    avery = candidate(directory, "vt/burlington/avery-quillfeather")
    assert "eviction" in CandidateText(directory).keywords(avery, set())
    # Two positions of the fixture say "eviction" (and "city" three): with a floor of one, both are common.
    monkeypatch.setattr(search, "COMMON_FLOOR", 1)
    words = CandidateText(directory).keywords(avery, set())
    assert "eviction" not in words and "ordinance" in words


def test_indexed_text_is_plain_text_for_the_renderer_to_escape(pages: dict[str, Page]) -> None:
    for page in pages.values():
        assert not re.search(r"&#?\w+;", page.search_text), (page.url, page.search_text)
