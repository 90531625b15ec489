"""Coverage told honestly: which of a place's elections the directory holds, from which sources, and, where an
officeholder's record shows the place governed since, that the later elections are not recorded yet."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from record_changes import Change, change_record

from site_builder.directory.build import build_directory
from site_builder.directory.coverage import city_coverage, state_coverage
from site_builder.records.dates import newest
from site_builder.records.problems import errors
from site_builder.records.validate import validate_directory
from site_builder.site.formats import words as in_words
from site_builder.site.pages import Settings, build_pages

TODAY = dt.date(2025, 10, 15)
MINNEAPOLIS = "cities/mn/minneapolis.yml"


def coverage_lines(root: Path, url: str) -> list[str]:
    tables, problems = validate_directory(root, TODAY)
    assert [p.as_text() for p in errors(problems)] == []
    pages = {page.url: page for page in build_pages(build_directory(tables), Settings(today=TODAY))}
    return re.findall(r'<p class="cc-coverage">(.*?)</p>', pages[url].body, re.S)


def with_officeholder(records: Path, start: str) -> Path:
    officeholder = {
        "office": "Mayor",
        "name": "Jane Example",
        "status": "current",
        "term_start": start,
        "sources": [
            {"url": "https://example.org/minneapolis/mayor", "title": "The mayor", "publisher": "City of Minneapolis"}
        ],
    }
    change_record(records, MINNEAPOLIS, lambda city: city.update(officeholders=[officeholder]))
    return records


def test_a_city_page_names_the_years_held_and_their_sources_once(records: Path) -> None:
    assert coverage_lines(records, "mn/minneapolis/") == ["The directory holds Minneapolis's elections of 2021."]
    assert coverage_lines(records, "mn/") == ["The directory holds the elections of 1 city of Minnesota, held in 2021."]


def test_an_officeholder_in_office_since_well_after_the_last_election_held_says_later_ones_are_not_recorded(
    records: Path,
) -> None:
    with_officeholder(records, "2024-01-02")
    assert coverage_lines(records, "mn/minneapolis/") == [
        "The directory holds Minneapolis's elections of 2021. Elections after November 2, 2021 are missing from the "
        "directory: <bdi>Jane Example</bdi> has been in office as Mayor since January 2, 2024, according to City "
        "of Minneapolis."
    ]


def test_a_term_begun_soon_after_the_last_election_is_that_elections_and_says_nothing_more(records: Path) -> None:
    with_officeholder(records, "2022-01-03")
    assert coverage_lines(records, "mn/minneapolis/") == ["The directory holds Minneapolis's elections of 2021."]


def test_a_held_race_the_directory_lacks_is_named_once_and_links_its_official_results(
    records: Path, change: Change
) -> None:
    uncounted = {
        "office": "City Council",
        "district": "Ward 7",
        "source": {
            "url": "https://example.org/minneapolis/2021/ward-7",
            "title": "2021 election results: City Council, Ward 7",
            "publisher": "City of Minneapolis",
        },
    }
    change(records, MINNEAPOLIS, lambda city: city["elections"][0]["offices"].append(uncounted))
    assert coverage_lines(records, "mn/minneapolis/") == [
        "The directory holds Minneapolis's elections of 2021 (sources: City of Minneapolis). Of the November 2, 2021 "
        "general election, the directory holds no candidates or count of the races for City Council (Ward 7): each "
        "race below links to its official results."
    ]
    tables, _ = validate_directory(records, TODAY)
    pages = {page.url: page for page in build_pages(build_directory(tables), Settings(today=TODAY))}
    body = pages["mn/minneapolis/"].body
    assert re.findall(r'<p class="cc-uncounted">(.*?)</p>', body, re.S) == [
        "Candidates and count not in the directory; the official results: "
        '<a href="https://example.org/minneapolis/2021/ward-7" '
        'rel="nofollow ugc">2021 election results: City Council, Ward 7</a> (City of Minneapolis).'
    ]
    assert "candidates for" not in body  # the race is not counted again among those without candidates


def test_a_city_with_only_upcoming_elections_has_no_coverage(records: Path) -> None:
    tables, _ = validate_directory(records, TODAY)
    directory = build_directory(tables)
    madison = next(city for city in directory.cities if city.id == "wi/madison")
    assert city_coverage(madison, dt.date(2023, 1, 1)) is None
    assert state_coverage([madison], dt.date(2023, 1, 1)) is None
    assert city_coverage(madison, dt.date(2023, 4, 5)) is not None


def test_a_list_is_said_as_a_sentence_says_it() -> None:
    assert [in_words(items) for items in ([], ["2017"], ["2017", "2019"], ["2013", "2017", "2019"])] == [
        "",
        "2017",
        "2017 and 2019",
        "2013, 2017 and 2019",
    ]


def test_the_newest_fact_is_the_latest_date_by_the_day_of_the_build() -> None:
    today = dt.date(2026, 12, 6)
    assert newest(["2019-11-05", "2019-08-06", "unknown", None], today) == "2019-11-05"
    assert newest(["2019-11", "2019-11-05"], today) == "2019-11-05"
    assert newest(["2026-12", "2026-11-30"], today) == "2026-12"  # a month counts from its first day
    assert newest(["2027-11-02", "2025"], today) == "2025"  # an election still to come is no fact yet
    assert newest([], today) is None


def test_a_page_says_its_newest_fact_beside_the_day_it_was_verified(records: Path) -> None:
    tables, _ = validate_directory(records, TODAY)
    pages = {page.url: page for page in build_pages(build_directory(tables), Settings(today=TODAY))}
    footer = re.search(r'<aside class="cc-record-footer"[^>]*>\s*<p>(.*?)</p>', pages["mn/minneapolis/"].body, re.S)
    assert footer is not None
    assert (
        re.sub(r"<[^>]+>", "", footer[1]) == "Newest fact: January 2025. Last verified: October 1, 2025."
    )  # the date of a source it cites
