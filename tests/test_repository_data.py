"""The repository's own records: they validate, and every city's division id is a real Open Civic Data id."""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from markupsafe import escape

from site_builder.directory.build import build_directory
from site_builder.directory.coverage import held
from site_builder.directory.model import Directory
from site_builder.records.people import open_pairs, person_key
from site_builder.records.problems import errors
from site_builder.records.tables import Tables
from site_builder.records.validate import validate_directory
from site_builder.site import urls
from site_builder.site.content import SiteContent, build_site
from site_builder.site.pages import Page, PageBuilder, Settings
from site_builder.site.phrases import standing

pytestmark = pytest.mark.slow  # every test here reads, validates or builds the repository's real records
REPOSITORY = Path(__file__).resolve().parent.parent
OCD_PLACES = REPOSITORY.parent / "shared" / "reference" / "ocd-us-places.csv"


@pytest.fixture(scope="module")
def repository() -> tuple[Tables, list[str]]:
    # Checked on the day the tests run, as `site-builder validate` checks them: a record verified
    # later than that day is an error, so no fixed day would stay right as records are verified.
    tables, problems = validate_directory(REPOSITORY, dt.date.today())
    return tables, [p.as_text() for p in errors(problems)]


def test_repository_records_validate_without_errors(repository: tuple[Tables, list[str]]) -> None:
    tables, error_lines = repository
    assert error_lines == []
    assert len(tables.rows["cities"]) >= 1
    assert len(tables.rows["candidates"]) >= 1


def test_every_city_ocd_id_is_a_known_division(repository: tuple[Tables, list[str]]) -> None:
    if not OCD_PLACES.is_file():
        pytest.skip(f"the Open Civic Data reference list {OCD_PLACES} is not present")
    with OCD_PLACES.open(encoding="utf-8", newline="") as handle:
        known = {row["id"] for row in csv.DictReader(handle)}
    tables, _ = repository
    unknown = [
        f"cities/{row['id']}.yml: {row.get('ocd_id')}"
        for row in tables.rows["cities"]
        if row.get("ocd_id") not in known
    ]
    assert unknown == []


def test_the_comparison_of_every_race_fits_one_page(repository: tuple[Tables, list[str]]) -> None:
    """The largest real race (a primary of some twenty candidates, or a ranked-choice race and its rounds) is
    compared on one page within the page budget."""
    tables, _ = repository
    directory = build_directory(tables)
    builder = PageBuilder(directory, Settings(today=dt.date.today()))
    races = [race for election in directory.elections for race in election.races if race.comparable]
    assert races
    largest = max(races, key=lambda race: (len(race.candidacies), len(race.rounds)))
    ranked = max(races, key=lambda race: (len(race.rounds), len(race.candidacies)))
    for race in (largest, ranked):
        pages = list(builder.compare(race))
        assert len(pages) == 1
        assert len(pages[0].body) <= builder.settings.page_budget
        assert all(f"<bdi>{escape(c.candidate.name)}</bdi></a></h3>" in pages[0].body for c in race.candidacies)


HREF = re.compile(r'href="([^"#]*)')


ANCHOR = re.compile(r' id="([^"]+)"')


@pytest.fixture(scope="module")
def published() -> SiteContent:
    """The repository's records built as the site is published, as of the day the tests run, once for the tests
    that read every page: with the feeds of changes where the repository's git history is there to make them."""
    feeds = (REPOSITORY / ".git").exists()
    return build_site(REPOSITORY, Settings(today=dt.date.today(), site_url="https://example.org/", feeds=feeds))


@pytest.mark.slow
def test_compare_pages_guides_race_anchors_and_feeds_of_the_records(
    directory: Directory, published: SiteContent
) -> None:
    """On the repository's records, as published: a race has a comparison, and an election a voter guide, exactly
    where the rule gives one (to come, or with more than results to compare), linked from the city's pages; every
    race has its anchor on its city's pages, where its candidates' pages lead when it has no comparison; each city
    has an Atom feed that a feed reader parses, named in its page's head."""
    if not (REPOSITORY / ".git").exists():
        pytest.skip("the feeds are made from the repository's git history, which this copy lacks")
    today = dt.date.today()
    content = published
    assert [p.as_text() for p in errors(content.problems)] == []
    pages = {page.url: page for page in content.pages}
    downloads = {download.path: download.content for download in content.downloads}
    linked: dict[str, set[str]] = {}  # a city's address: every address its pages link to
    anchors: dict[str, set[str]] = {}  # a city's address: every id its pages give, as page#id
    for page in content.pages:
        if page.kind == "city":
            city_url = "/".join(page.url.split("/")[:2]) + "/"  # st/city/ of st/city/elections-2/
            targets = {urljoin(f"/{page.url}", href).lstrip("/") for href in HREF.findall(page.body)}
            linked.setdefault(city_url, set()).update(targets)
            anchors.setdefault(city_url, set()).update(f"{page.url}#{id_}" for id_ in ANCHOR.findall(page.body))

    races = [race for election in directory.elections for race in election.races]
    compared = [race for race in races if race.compared(today)]
    guided = [election for election in directory.elections if election.guided(today)]
    made = {page.url for page in content.pages if page.kind in ("compare", "guide") and "-part-" not in page.url}
    assert made == {urls.compare(race) for race in compared} | {urls.guide(election) for election in guided}
    for race in compared:
        assert urls.compare(race) in linked[urls.city(race.election.city)], urls.compare(race)
    for election in guided:
        assert urls.guide(election) in linked[urls.city(election.city)], urls.guide(election)
        assert pages[urls.guide(election)].kind == "guide"
    # A comparison and a guide are a voter's tools before a vote: no race held has either, positions or not.
    held = [race for race in races if race.election.is_past(today)]
    assert len(held) > 1000
    for race in held:
        assert urls.compare(race) not in pages, urls.compare(race)
        assert urls.guide(race.election) not in pages, urls.guide(race.election)
    for race in races:
        city_url = urls.city(race.election.city)
        (anchor,) = [a for a in anchors[city_url] if a.endswith(f"#{urls.race_fragment(race)}")]
        for candidacy in [] if race in compared or not race.comparable else race.candidacies:
            body = pages[urls.candidate(candidacy.candidate)].body
            assert f'href="{urls.relative(urls.candidate(candidacy.candidate), anchor)}"' in body, anchor

    for city in directory.cities:
        page = pages[urls.city(city)]
        assert page.feed is not None and page.feed.url == urls.feed(city)
        feed = feedparser.parse(downloads[urls.feed(city)])
        assert not feed.bozo, (urls.feed(city), feed.get("bozo_exception"))
        assert feed.feed.title and feed.feed.links and feed.entries
        assert all(entry.link.startswith("https://example.org/") and entry.updated for entry in feed.entries)


def test_every_city_page_with_an_election_held_says_what_the_directory_holds_of_them(
    directory: Directory, city_pages_2026_12_06: dict[str, list[Page]]
) -> None:
    today = dt.date(2026, 12, 6)
    with_elections = [city for city in directory.cities if held(city, today)]
    pages = {page.url: page for city in with_elections for page in city_pages_2026_12_06[city.id]}
    assert len(with_elections) > 250
    missing = [urls.city(city) for city in with_elections if 'class="cc-coverage"' not in pages[urls.city(city)].body]
    assert missing == []
    seattle = pages["wa/seattle/"].body
    assert "The directory holds Seattle's elections of 2017 and 2019 (sources: OpenElections)." in seattle
    assert "Elections after November 5, 2019 are missing from the directory:" in seattle


UNKNOWN = re.compile(r"not recorded|none recorded|\bno\b[^.]*?\brecorded|unknown|not known", re.IGNORECASE)
"""A line saying that something is not recorded."""
HIDDEN = re.compile(r"<script\b.*?</script>|<code>.*?</code>", re.DOTALL)
"""What a voter does not read as a sentence: structured data, and the literal values of records (the field
reference's ``unknown`` date) in code."""


@pytest.mark.slow
def test_no_page_of_the_records_says_more_than_once_what_is_not_recorded(published: SiteContent) -> None:
    """Most of the repository's records are thin (past races with their results only): each page says what
    they lack in one note, never on each card, row or candidate."""
    content = published
    assert [p.as_text() for p in errors(content.problems)] == []
    counts = {
        page.url: len(UNKNOWN.findall(html.unescape(re.sub(r"<[^>]+>", "", HIDDEN.sub("", page.body)))))
        for page in content.pages
    }
    assert len(counts) > 4000
    assert {url: n for url, n in counts.items() if n > 1} == {}


@pytest.fixture(scope="module")
def directory(repository: tuple[Tables, list[str]]) -> Directory:
    return build_directory(repository[0])


@pytest.fixture(scope="module")
def city_pages_2026_12_06(directory: Directory) -> dict[str, list[Page]]:
    """Each city's pages as of 2026-12-06, by the city's id, made once for the tests of that day."""
    builder = PageBuilder(directory, Settings(today=dt.date(2026, 12, 6), feeds=False))
    return {city.id: list(builder.city(city)) for city in directory.cities}


def city_pages(directory: Directory, city_id: str) -> list[Page]:
    builder = PageBuilder(directory, Settings(today=dt.date.today(), feeds=False))
    return list(builder.city(next(city for city in directory.cities if city.id == city_id)))


def race_headings(pages: list[Page], election: str) -> list[str]:
    """The titles of an election's races on a city's pages, in the order of the page."""
    body = "".join(page.body for page in pages)
    return [unescape(title) for title in re.findall(rf'<h4 id="{election}-[^"]*">([^<(]*)', body)]


def test_minneapolis_reads_mayor_first_then_its_wards_in_natural_order(directory: Directory) -> None:
    pages = city_pages(directory, "mn/minneapolis")
    wards_2023 = race_headings(pages, "2023-11-07-general")
    assert wards_2023.index("City Council, Ward 2") < wards_2023.index("City Council, Ward 10")
    titles_2021 = race_headings(pages, "2021-11-02-general")
    assert titles_2021[0] == "Mayor"
    wards = [title for title in titles_2021 if title.startswith("City Council, Ward ")]
    assert wards == [f"City Council, Ward {n}" for n in range(1, 14)]


def test_minneapolis_says_which_2023_wards_it_lacks_and_where_their_official_results_are(directory: Directory) -> None:
    pages = city_pages(directory, "mn/minneapolis")
    coverage = " ".join(re.findall(r'<p class="cc-coverage">(.*?)</p>', pages[0].body, re.S))
    assert (
        "Of the November 7, 2023 general election, the directory holds no candidates or count of the races for "
        "City Council (Ward 6, Ward 7, Ward 8 and Ward 9)"
    ) in coverage
    body = "".join(page.body for page in pages)
    for ward in range(6, 10):
        official = f"https://vote.minneapolismn.gov/results-data/election-results/2023/council-ward-{ward}/"
        assert f'<a href="{official}"' in body
    assert body.count('class="cc-uncounted"') == 4


HEADING = re.compile(r"<h([23])( id=\"[^\"]+\")?[^>]*>")


def test_every_section_and_election_heading_of_a_city_page_has_an_id_unique_on_the_page(
    directory: Directory, published: SiteContent
) -> None:
    by_city: dict[str, list[Page]] = {}  # a city's address: its pages, as published
    for page in published.pages:
        if page.kind == "city":
            by_city.setdefault("/".join(page.url.split("/")[:2]) + "/", []).append(page)
    for city in directory.cities:
        if not city.elections and not city.officeholders:
            continue  # a page of how to vote alone
        assert by_city[urls.city(city)], city.id
        for page in by_city[urls.city(city)]:
            found = HEADING.findall(page.body)
            assert found and all(anchor for _, anchor in found), page.url
            ids = re.findall(r' id="([^"]+)"', page.body)
            assert len(ids) == len(set(ids)), page.url
            assert [heading.id for heading in page.toc] == [anchor[5:-1] for _, anchor in found]


def test_the_recent_results_lead_with_the_largest_city_of_the_latest_election_day(directory: Directory) -> None:
    """On the day after the general elections of November 5, 2019, Seattle leads the cities that voted on it, then
    San Francisco; on the home page, the latest election day's largest city leads."""
    recent = PageBuilder(directory, Settings(today=dt.date(2019, 11, 6), feeds=False)).recent(10)
    assert [e.date for e in recent] == ["2019-11-05"] * 10
    assert [e.city.label for e in recent[:3]] == ["Seattle, WA", "San Francisco, CA", "Spokane, WA"]
    builder = PageBuilder(directory, Settings(today=dt.date.today(), feeds=False))
    held = [e for e in directory.elections if e.is_past(builder.settings.today)]
    latest = max(e.date for e in held)
    largest = max((e for e in held if e.date == latest), key=lambda e: e.votes_cast)
    home = next(builder.hubs())
    assert home.url == urls.home()
    if not builder.upcoming:
        results = home.body[home.body.index("<h2>Recent results</h2>") :]
        assert re.search(r'<li><a href="[^"]*">([^<]*)</a>', results)[1] == largest.city.label  # type: ignore[index]


def test_each_seat_of_the_records_has_one_holder_in_office_and_no_city_only_former_ones(directory: Directory) -> None:
    """Open States lists some people twice (Austin's Kirk Watson, Savannah's Van Johnson three times) and keeps
    mayors whom a later one followed among its current ones (San Francisco's London Breed)."""
    twice = [
        c.id for c in directory.cities if len({o.seat for o in c.current_officeholders}) < len(c.current_officeholders)
    ]
    assert twice == []
    assert [
        c.id for c in directory.cities if c.officeholders and not (c.current_officeholders or c.latest_officeholders)
    ] == []
    by_id = {city.id: city for city in directory.cities}
    assert [o.name for o in by_id["tx/austin"].current_officeholders] == ["Kirk Watson"]
    assert [o.name for o in by_id["ga/savannah"].officeholders] == ["Van R. Johnson II"]
    assert [o.name for o in by_id["ca/san-francisco"].current_officeholders] == ["Daniel Lurie"]
    assert [o.name for o in by_id["pa/philadelphia"].current_officeholders] == ["Cherelle Parker"]
    assert [(o.name, standing(o)) for o in by_id["ar/little-rock"].officeholders] == [
        ("Frank D. Scott, Jr.", "latest recorded")
    ]


def test_every_officeholder_named_as_a_candidate_of_the_city_links_to_that_candidate(
    repository: tuple[Tables, list[str]], directory: Directory
) -> None:
    """Names compared as imports compare them (case, accents, punctuation, initials and suffixes aside), with a
    candidate's other names; an officeholder a review told apart (`not_candidate`) is not linked."""
    tables = repository[0]
    other_names: dict[str, list[str]] = {}
    for row in tables.rows["other_names"]:
        other_names.setdefault(row["candidate"], []).append(row["name"])
    apart = {(row["city"], row["number"]) for row in tables.rows["officeholders"] if row.get("not_candidate")}
    unlinked = []
    linked = 0
    for city in directory.cities:
        keys: dict[str, list[str]] = {}
        for candidate in city.candidates:
            for name in [candidate.name, *other_names.get(candidate.id, [])]:
                keys.setdefault(person_key(name), []).append(candidate.id)
        for number, holder in enumerate(city.officeholders, 1):
            same = set(keys.get(person_key(holder.name), []))
            if holder.candidate is not None:
                linked += 1
            elif len(same) == 1 and (city.id, number) not in apart:
                unlinked.append(f"{city.id}: {holder.name}")
    assert unlinked == []
    assert linked >= 45


def test_the_ties_of_the_records_are_said_as_ties(directory: Directory) -> None:
    ties = {
        (race.election.city.id, race.title): (race.tie.votes, sorted(c.candidate.name for c in race.tie.candidacies))
        for election in directory.elections
        for race in election.races
        if race.tie is not None
    }
    assert ties == {
        ("wa/george", "Mayor"): (28, ["Don Entzel", "Gerene Nelson"]),
        ("wa/sprague", "Mayor"): (55, ["John C. Eagleson", "Randy Wade Westfall"]),
        ("wa/sunnyside", "City Council, Position 5"): (537, ["Julia Hart", "Mike Farmer"]),
        ("wa/wapato", "City Council, Position 5"): (161, ["Frances M. Ayres", "Tony Guzmán"]),
    }
    george = "".join(page.body for page in city_pages(directory, "wa/george"))
    assert "Tied at 28 votes; the source does not say how the tie was broken." in george


def test_every_minneapolis_2021_candidate_who_won_the_seat_in_2017_is_its_incumbent(directory: Directory) -> None:
    city = next(city for city in directory.cities if city.id == "mn/minneapolis")
    races = {(e.id[:4], race.title): race for e in city.elections for race in e.races}
    won_2017 = {
        (race.title, c.candidate.id) for (year, _), race in races.items() if year == "2017" for c in race.winners
    }
    marked = {}
    for (year, title), race in races.items():
        if year != "2021":
            continue
        for c in race.candidacies:
            if c.incumbency is not None:
                marked[c.candidate.name] = (title, c.incumbency.basis, c.incumbency.year, c.incumbency.race)
            assert (c.incumbency is not None) == ((title, c.candidate.id) in won_2017), c.candidate.name
    assert sorted(marked) == [
        "Andrea Jenkins",
        "Andrew Johnson",
        "Cam Gordon",
        "Jacob Frey",
        "Jeremiah Ellison",
        "Jeremy Schroeder",
        "Kevin Reich",
        "Linea Palmisano",
        "Lisa Goodman",
        "Steve Fletcher",
    ]
    for name, (title, basis, year, race) in marked.items():
        assert (basis, year, race) == ("won", "2017", races["2017", title]), name
    frey = next(c for c in city.candidates if c.name == "Jacob Frey")
    page = PageBuilder(directory, Settings(today=dt.date.today(), feeds=False)).candidate(frey).body
    assert re.search(
        r'Incumbent: <a href="[^"]*">won this seat in 2017</a>\.<span class="cc-cite">Source: '
        r'<a href="https://github.com/jordanholbrook/[^"]*/2017-Mayor-Results-Summary.txt"',
        page,
    )


def test_each_open_possible_match_of_the_records_is_named_on_both_candidate_pages(
    repository: tuple[Tables, list[str]], directory: Directory
) -> None:
    pairs = open_pairs(repository[0].rows)
    assert len(pairs) >= 90
    candidates = {c.id: c for c in directory.candidates}
    builder = PageBuilder(directory, Settings(today=dt.date.today(), feeds=False))
    bodies: dict[str, str] = {}
    for first, second in pairs:
        for one, other in ((first, second), (second, first)):
            if one.id not in bodies:
                bodies[one.id] = builder.candidate(candidates[one.id]).body
            note = re.search(r'<p class="cc-possibly-same" role="note">(.*?)</p>', bodies[one.id])
            assert note is not None, one.id
            assert f"<bdi>{escape(other.name)}</bdi></a>" in note.group(1), (one.id, other.id)
    names = {(a.name, b.name) for a, b in pairs}
    assert {
        ("Robin Wonsley", "Robin Wonsley Worlobah"),
        ('Christopher Robin "CRZ" Zimmerman', "Christopher Robin Zimmerman"),
        ("Philippe M. Cunningham", "Phillipe M. Cunningham"),
        ("Ron Johnson", "Ronald Johnson"),
        ("Matt Lessnau", "Matthew Lessnau"),
    } <= names


def test_every_washington_city_page_gives_the_next_primary_and_general_days_with_their_statutes(
    directory: Directory,
    city_pages_2026_12_06: dict[str, list[Page]],
) -> None:
    """As of 2026-12-06: the days RCW 29A.04.311 and 29A.04.330 fix for 2027, and the filing week of RCW
    29A.24.050."""
    cities = [city for city in directory.cities if city.state == "wa"]
    assert len(cities) > 250
    for city in cities:
        body = city_pages_2026_12_06[city.id][0].body
        section = re.search(r'<section class="cc-next">(.*?)</section>', body, re.S)
        assert section is not None, city.id
        assert '<time datetime="2027-08-03">August 3, 2027</time>' in section[1], city.id
        assert '<time datetime="2027-11-02">November 2, 2027</time>' in section[1], city.id
        assert 'href="https://app.leg.wa.gov/RCW/default.aspx?cite=29A.04.330"' in section[1], city.id
        assert (
            'Candidates file from <time datetime="2027-05-03">May 3</time> to <time datetime="2027-05-07">May 7, '
            '2027</time> (<a href="https://app.leg.wa.gov/RCW/default.aspx?cite=29A.24.050"'
        ) in section[1], city.id


def test_every_pennsylvania_city_page_gives_the_next_municipal_primary_and_election_days(
    directory: Directory, city_pages_2026_12_06: dict[str, list[Page]]
) -> None:
    """As of 2026-12-06: the municipal primary of the Election Code's section 604 (the third Tuesday of May) and the
    municipal election day of the Constitution's article VII, section 3, in 2027."""
    cities = [city for city in directory.cities if city.state == "pa"]
    assert cities
    for city in cities:
        body = city_pages_2026_12_06[city.id][0].body
        section = re.search(r'<section class="cc-next">(.*?)</section>', body, re.S)
        assert section is not None, city.id
        assert '<time datetime="2027-05-18">May 18, 2027</time>' in section[1], city.id
        assert '<time datetime="2027-11-02">November 2, 2027</time>' in section[1], city.id
        assert (
            "25 P.S. § 2754 (Election Code § 604)</a>: odd-numbered years, on the third Tuesday of May" in (section[1])
        ), city.id


def test_every_iowa_city_page_gives_the_next_regular_city_election_and_every_minnesota_one_says_the_city_chooses(
    directory: Directory,
    city_pages_2026_12_06: dict[str, list[Page]],
) -> None:
    """As of 2026-12-06: Iowa Code 376.1 fixes the first Tuesday after the first Monday of November of odd years;
    Minn. Stat. 205.07 lets each city choose odd or even years, and no Minnesota city record gives its choice yet."""
    iowa = [city for city in directory.cities if city.state == "ia"]
    minnesota = [city for city in directory.cities if city.state == "mn"]
    assert iowa and minnesota
    for city in iowa:
        section = re.search(r'<section class="cc-next">(.*?)</section>', city_pages_2026_12_06[city.id][0].body, re.S)
        assert section is not None, city.id
        assert '<time datetime="2027-11-02">November 2, 2027</time>' in section[1], city.id
        assert 'href="https://www.legis.iowa.gov/docs/code/376.1.pdf"' in section[1], city.id
    for city in minnesota:
        section = re.search(r'<section class="cc-next">(.*?)</section>', city_pages_2026_12_06[city.id][0].body, re.S)
        assert section is not None, city.id
        assert f"Which years {city.name} chose is not in the directory" in section[1], city.id
        assert 'href="https://www.revisor.mn.gov/statutes/cite/205.07"' in section[1], city.id


def test_washingtons_page_lists_its_cities_one_line_each_with_the_next_regular_days(directory: Directory) -> None:
    """As of 2026-12-06: every city with elections on one line of the list, its years and candidates beside it."""
    builder = PageBuilder(directory, Settings(today=dt.date(2026, 12, 6), feeds=False))
    cities = [city for city in directory.cities if city.state == "wa"]
    body = "".join(page.body for page in builder.states("wa", cities))
    assert 'primary <time datetime="2027-08-03">August 3, 2027</time>' in body
    assert 'general <time datetime="2027-11-02">November 2, 2027</time>' in body
    items = re.findall(
        r'<li(?: id="[^"]+")?><a href="[^"]+">([^<]+)</a> <span class="cc-meta">([^<]*)</span></li>', body
    )
    listed = dict(items)
    assert len(listed) == sum(1 for city in cities if city.elections) > 250
    seattle = next(city for city in cities if city.name == "Seattle")
    assert listed["Seattle"] == f"2017, 2019 · {len(seattle.candidates)} candidates"
    assert "<table>" not in body
