"""Printable voter guides, made for paper: a page per city election to come with a race on its ballot; none for an
election held, whose results are on its city's page and whose candidates' positions are on theirs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from markupsafe import escape
from record_changes import Change

from site_builder.directory.build import build_directory
from site_builder.records.problems import errors
from site_builder.records.validate import validate_directory
from site_builder.site import urls
from site_builder.site.pages import Page, PageBuilder, Settings, build_pages

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "directory"
REPOSITORY = HERE.parent
TODAY = dt.date(2026, 11, 21)
SETTINGS = Settings(repo_url="https://github.com/example/directory", site_url="https://example.org/cc/", today=TODAY)
GUIDE = "vt/maple-falls/guide-2027-03-02-general/"
PAST = "vt/maple-falls/guide-2026-03-03-general/"
"""The guide to Maple Falls' 2026 general election, made while it was still to come (see :func:`earlier`)."""
EARLIER = dataclasses.replace(SETTINGS, today=dt.date(2026, 1, 1))
VERMONT = (
    "name: Vermont\n"
    "check_registration_url: https://mvp.vermont.gov/\n"
    "registration_url: https://olvr.vermont.gov/\n"
    "sources:\n"
    "  - url: https://vote.example.gov/states.json\n"
    "    title: Voter registration information for each state, from vote.gov\n"
    "last_verified: 2026-11-01\n"
)


def pages_of(root: Path, settings: Settings = SETTINGS) -> dict[str, Page]:
    """The pages as made on ``settings.today`` from the records as checked on it, or on :data:`TODAY` when it is
    earlier (the records' checks are of November 2026: before, they would be in the future)."""
    tables, problems = validate_directory(root, max(settings.today, TODAY))
    assert [p.as_text() for p in errors(problems)] == []
    return {page.url: page for page in build_pages(build_directory(tables), settings)}


def text_of(html: str) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"\( ", "(", re.sub(r" ([,.;:)%\]])", r"\1", text)).replace("[ ", "[").strip()


def notes_of(body: str) -> dict[int, str]:
    """The numbered list of sources at the end of a guide: number → the note's text."""
    listed = body.split(">Sources</h2>")[1]
    return {int(n): text_of(item) for n, item in re.findall(r'<li id="source-(\d+)">(.*?)</li>', listed)}


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return pages_of(FIXTURE)


@pytest.fixture(scope="module")
def earlier() -> dict[str, Page]:
    """The pages on New Year's Day 2026, when Maple Falls' 2026 general election was still to come."""
    return pages_of(FIXTURE, EARLIER)


def test_each_election_to_come_has_a_guide_linked_from_its_city_and_one_held_has_none(
    pages: dict[str, Page], earlier: dict[str, Page]
) -> None:
    guides = {url: page for url, page in pages.items() if page.kind == "guide"}
    # The 2026 general election is held, though its candidates have positions: its city's page gives its results.
    assert set(guides) == {GUIDE, "or/cedar-bend/guide-2027-05-primary/"}
    assert all(page.search is False for page in guides.values())
    city = pages["vt/maple-falls/"].body
    assert '<a href="guide-2027-03-02-general/">Printable voter guide to the March 2, 2027 general election</a>' in city
    assert "guide-2026-03-03-general/" not in city
    assert '<a href="guide-2026-03-03-general/">Printable voter guide to the March 3, 2026 general election</a>' in (
        earlier["vt/maple-falls/"].body
    )
    assert guides[GUIDE].title == "Voter guide: Maple Falls, VT, March 2, 2027 general election"
    assert '<a href="../">Maple Falls</a>' in guides[GUIDE].body


def test_once_every_election_is_held_no_guide_is_made_and_its_city_links_to_none() -> None:
    built = pages_of(FIXTURE, dataclasses.replace(SETTINGS, today=dt.date(2027, 6, 1)))
    assert {url for url, page in built.items() if page.kind == "guide"} == set()
    city = built["vt/maple-falls/"].body
    assert "Printable voter guide" not in city
    assert "guide-2027-03-02-general/" not in city and "guide-2026-03-03-general/" not in city
    assert '<h4 id="2026-03-03-general-mayor">Mayor</h4>' in city


def test_an_election_without_races_has_no_guide(tmp_path: Path, change: Change) -> None:
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)
    without_races = {"date": "2028-05", "sources": ["https://cedar-bend.example.org/2028"]}
    change(root, "cities/or/cedar-bend.yml", lambda city: city["elections"].insert(0, without_races))
    built = pages_of(root)
    assert "or/cedar-bend/guide-2028-05/" not in built
    assert "or/cedar-bend/guide-2027-05-primary/" in built
    assert "Printable voter guide to the May 2028 election" not in built["or/cedar-bend/"].body


def test_a_guide_gives_the_election_its_method_every_race_and_candidate(
    pages: dict[str, Page], earlier: dict[str, Page]
) -> None:
    text = text_of(pages[GUIDE].body)
    assert "Voter guide: Maple Falls, Vermont, March 2, 2027 general election" in text
    assert "Date March 2, 2027 (upcoming) Election General election [1]" in text
    assert "Voting method Ranked choice: you may rank the candidates in order of preference." in text
    assert "On the ballot Mayor" in text
    assert "Mayor 2 candidates recorded. Dara Penhallow Party: Independent. Qualified [2]" in text
    assert "Ada Quill Incumbent. Announced [4]" in text
    assert "Campaign website: https://ada.example.org/" in text
    past = text_of(earlier[PAST].body)
    assert "City Council, Ward 2 (2 seats) 1 candidate recorded." in past
    assert "Ben Ostrander Lost 800 votes [2]" in past
    assert "Ada Quill Won 54.5%, 12,345 votes [2]" in past
    assert "Date March 3, 2026 (upcoming)" in past


def test_positions_are_in_the_candidates_words_and_endorsements_are_of_that_election(
    pages: dict[str, Page], earlier: dict[str, Page]
) -> None:
    body = pages[GUIDE].body
    text = text_of(body)
    assert "In the candidate's words Housing and displacement Would build starter homes on city-owned lots. [3]" in text
    assert "In the candidate's words Minimum wage Backs a $18 city minimum wage by 2028. [5]" in text
    assert "Housing and displacement Would cap rent increases for existing tenants. [5]" in text
    assert "<strong>$18</strong>" in body
    assert "Endorsements Maple Falls Tenants Union (Union), endorsed October 5, 2026. [6]" in text
    # Ada Quill's endorsement is for 2027: the guide to 2026 has none for her.
    assert "Not recorded yet: positions (1 of 2 candidates); endorsements." in text_of(earlier[PAST].body)
    assert "Maple Falls Tenants Union" not in earlier[PAST].body


def test_each_source_is_printed_once_in_full_and_cited_by_its_number(pages: dict[str, Page]) -> None:
    body = pages[GUIDE].body
    assert notes_of(body) == {
        1: "https://elections.example.org/2027-general",
        2: "https://elections.example.org/2027-ballot",
        3: "Mayoral forum notes (Maple Falls Courier, October 2026)",
        4: "https://ada.example.org/news",
        5: "https://ada.example.org/platform",
        6: "https://tenants.example.org/endorsements",
    }
    assert '<a href="#source-5" aria-label="Source 5">5</a>' in body
    assert body.count('id="source-5"') == 1
    assert (
        '<a class="cc-url" href="https://ada.example.org/platform" rel="nofollow ugc">'
        "https://ada.example.org/platform</a>"
    ) in body
    notes = notes_of(pages["or/cedar-bend/guide-2027-05-primary/"].body)
    assert "Candidate forum notes (Cedar Bend Gazette, September 2026)" in notes.values()


def test_voter_links_and_this_guides_addresses_are_printed_in_full(pages: dict[str, Page]) -> None:
    text = text_of(pages[GUIDE].body)
    assert "From the Maple Falls city record: Register to vote: https://elections.example.org/register" in text
    assert "Find your polling place: https://elections.example.org/polling-places" in text
    assert f"This guide online: https://example.org/cc/{GUIDE}" in text
    assert "The page of Maple Falls, with every election and its results: https://example.org/cc/vt/maple-falls/" in (
        text
    )
    assert "Made on November 21, 2026 from the directory's records" in text
    assert "use your browser's Print command" in text


def test_a_guide_takes_the_states_voter_links_the_city_lacks(tmp_path: Path) -> None:
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)
    (root / "states").mkdir()
    (root / "states/vt.yml").write_text(VERMONT, encoding="utf-8")
    body = pages_of(root)[GUIDE].body
    text = text_of(body)
    state = "And from the Vermont state record, for the whole state: [2]"
    assert f"{state} Check your registration: https://mvp.vermont.gov/" in text
    assert "https://olvr.vermont.gov/" not in body  # the city's own registration link is shown instead
    # The source's title links its address, which paper prints after it (tests/browser/test_print.py).
    assert notes_of(body)[2] == "Voter registration information for each state, from vote.gov"
    assert (
        '<li id="source-2"><a class="cc-source" href="https://vote.example.gov/states.json" rel="nofollow ugc">'
        "<cite>Voter registration information for each state, from vote.gov</cite></a></li>"
    ) in body


def test_without_a_site_address_no_address_is_printed() -> None:
    body = pages_of(FIXTURE, dataclasses.replace(SETTINGS, site_url=""))[GUIDE].body
    assert "This guide online" not in body and "The page of Maple Falls" not in body


def test_a_guide_too_long_for_one_page_is_split_by_races() -> None:
    built = pages_of(FIXTURE, dataclasses.replace(EARLIER, page_budget=100))
    first, second = built[PAST], built["vt/maple-falls/guide-2026-03-03-general-part-2/"]
    assert first.title == "Voter guide: Maple Falls, VT, March 3, 2026 general election, part 1 of 2: Mayor"
    assert second.title.endswith("part 2 of 2: City Council, Ward 2")
    assert "Ada Quill" in first.body and "Ada Quill" not in second.body
    assert "Ben Ostrander" in second.body and "Ben Ostrander" not in first.body
    assert '<a href="../guide-2026-03-03-general-part-2/" rel="next">' in first.body
    assert '<a href="../guide-2026-03-03-general/" rel="prev">' in second.body
    # Each part stands alone on paper: the election, how to vote and its own sources, and every part's address.
    for part in (first, second):
        text = text_of(part.body)
        assert "On the ballot Mayor; City Council, Ward 2" in text
        assert "Register to vote: https://elections.example.org/register" in text
        assert f"Mayor: https://example.org/cc/{PAST}" in text
        assert f"City Council, Ward 2: https://example.org/cc/{PAST.removesuffix('/')}-part-2/" in text
    assert notes_of(second.body)[1] == "https://elections.example.org/2026-general"


@pytest.mark.parametrize("city", ["mn/minneapolis", "wa/seattle"])
def test_the_largest_real_guides_fit_one_page(city: str) -> None:
    """The repository's largest cities: each guide they would have fits the page budget whole."""
    tables, problems = validate_directory(REPOSITORY, dt.date.today(), only=city)
    assert errors(problems) == []
    directory = build_directory(tables)
    builder = PageBuilder(directory, Settings(site_url="https://example.org/cc/"))
    place = next(c for c in directory.cities if c.id == city)
    # Made only for an election to come: here each guide a city would have, were its elections all to come.
    guides = [page for election in place.elections if election.races for page in builder.guide(election)]
    assert len(guides) == len([e for e in place.elections if e.races]) > 1
    largest = max(len(page.body) for page in guides)
    assert largest <= builder.settings.page_budget, largest
    bodies = {page.url: page.body for page in guides}
    missing = [
        (election.id, candidacy.candidate.name)
        for election in place.elections
        for race in election.races
        for candidacy in race.candidacies
        if str(escape(candidacy.candidate.name)) not in bodies[urls.guide(election)]
    ]
    assert missing == []
