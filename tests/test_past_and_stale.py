"""Past, present and stale, said on the page as of the day the site is built; sources a voter can open.

The fixture directory is built twice with the real `mkdocs build`: on 2026-11-21, when two of its
elections are still to come and every record was checked three weeks before, and on 2027-06-01, when
every election has been held and every record was last checked more than the descriptor allows.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from record_changes import Change
from sitebuild import REPO, mkdocs_build, write_config

from site_builder.directory.build import build_directory
from site_builder.directory.model import Directory
from site_builder.records.problems import errors
from site_builder.records.schema import load_schema
from site_builder.records.validate import validate_directory
from site_builder.site import urls
from site_builder.site.markup import render_markdown, safe_url, web_url
from site_builder.site.pages import Page, PageBuilder, Settings, build_pages

FIXTURE = REPO / "tests" / "fixtures" / "directory"
EARLIER, LATER = "2026-11-21", "2027-06-01"
RUNOFF = "https://cedar-bend.example.org/runoff"
VERMONT = (
    "name: Vermont\n"
    "registration_url: https://olvr.vermont.gov/\n"
    "sources:\n"
    "  - https://vote.example.gov/states.json\n"
    "last_verified: 2026-11-01\n"
)
STALE = (
    "May be out of date — last verified November 1, 2026, "
    "more than 180 days before this page was built on June 1, 2027."
)


def text_of(path: Path) -> str:
    """A built page's main content as a voter reads it: the tags gone, the spaces collapsed."""
    html = path.read_text(encoding="utf-8").split("</head>", 1)[1]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return re.sub(r" ([,.;:)%])", r"\1", text).replace("( ", "(")


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("records") / "records"
    shutil.copytree(FIXTURE, root)
    (root / "states").mkdir()
    (root / "states" / "vt.yml").write_text(VERMONT, encoding="utf-8")
    return root


def _build(records: Path, folder: Path, today: str) -> Path:
    result = mkdocs_build(write_config(folder, records, today=today))
    assert result.returncode == 0, result.stderr
    return folder / "site"


@pytest.fixture(scope="module")
def earlier(records: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(records, tmp_path_factory.mktemp("earlier"), EARLIER)


@pytest.fixture(scope="module")
def later(records: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(records, tmp_path_factory.mktemp("later"), LATER)


# --- the same records, built on two days ------------------------------------------------------------

RECORD_PAGES = ["vt/maple-falls/", "vt/maple-falls/ada-quill/", "organizations/maple-falls-tenants-union/", "vt/"]


@pytest.mark.slow
def test_a_build_long_after_the_last_check_says_each_record_may_be_out_of_date(later: Path) -> None:
    for url in RECORD_PAGES:
        text = text_of(later / url / "index.html")
        assert text.count("May be out of date") == 1, url
        assert STALE in text, url
    html = (later / "vt/maple-falls/ada-quill/index.html").read_text(encoding="utf-8")
    notice = '<p class="cc-stale" role="note"><strong>May be out of date</strong> — last verified <time datetime='
    assert f'{notice}"2026-11-01">November 1, 2026</time>' in html
    # The notice comes first, under the name, before anything the record says.
    assert html.index("May be out of date") < html.index('class="cc-lead"')


@pytest.mark.slow
def test_a_build_soon_after_the_last_check_says_nothing_of_the_kind(earlier: Path) -> None:
    for path in earlier.rglob("*.html"):
        assert "May be out of date" not in path.read_text(encoding="utf-8"), path
        assert "cc-stale" not in path.read_text(encoding="utf-8"), path


@pytest.mark.slow
def test_elections_held_are_labelled_held_on_their_date_with_their_results(earlier: Path, later: Path) -> None:
    before = text_of(earlier / "vt/maple-falls/index.html")
    assert "March 2, 2027: General election Upcoming. Voting method: Ranked choice." in before
    assert "March 3, 2026: General election Held on March 3, 2026. Voting method: Ranked choice." in before
    assert "Ada Quill Won 12,345 54.5%" in before

    after = text_of(later / "vt/maple-falls/index.html")
    assert "Upcoming." not in after
    assert "March 2, 2027: General election Held on March 2, 2027. Voting method: Ranked choice." in after
    assert after.index("March 2, 2027: General election") < after.index("March 3, 2026: General election")
    assert "Not recorded yet: the results (1 of 2 past elections)." in after  # 2027: no count is recorded yet
    assert "Ada Quill Won 12,345 54.5%" in after

    cedar = text_of(later / "or/cedar-bend/index.html")
    assert "May 2027: Primary election Held in May 2027. On the ballot: Mayor." in cedar
    assert "Not recorded yet: official voter links; the voting method; the results." in cedar

    ada = text_of(later / "vt/maple-falls/ada-quill/index.html")
    assert "Ran for Mayor in Maple Falls, VT in the March 2, 2027 general election." in ada
    assert "March 2, 2027: General election (held): Mayor (incumbent)." in ada
    assert "March 3, 2026: General election (held): Mayor. Won 54.5%, 12,345 votes" in ada
    ada_before = text_of(earlier / "vt/maple-falls/ada-quill/index.html")
    assert "Candidate for Mayor in Maple Falls, VT, March 2, 2027 general election." in ada_before
    assert ada_before.index("March 2, 2027: General election (upcoming)") < ada_before.index(
        "March 3, 2026: General election (held)"
    )

    state = text_of(later / "elections/vt/index.html")
    assert " Upcoming " not in state
    past = state.rsplit(" Past ", 1)[1]  # the heading in the page, after the table of contents
    assert "Not recorded yet: upcoming elections; the results (1 of 2 past elections)." in past
    assert "March 2, 2027 Maple Falls, VT, general election (held)" in past
    assert past.index("March 2, 2027") < past.index(
        "March 3, 2026 Maple Falls, VT, general election Mayor: Ada Quill (Won, 54.5%, 12,345 votes) "
        "City Council, Ward 2: Ben Ostrander (Lost, 800 votes)"
    )


@pytest.mark.slow
def test_with_nothing_upcoming_the_home_page_says_so_and_shows_the_latest_results(earlier: Path, later: Path) -> None:
    before = text_of(earlier / "index.html")
    assert "Upcoming elections Maple Falls, VT: March 2, 2027, general election" in before
    assert "Recent results" not in before and "No upcoming election" not in before

    after = text_of(later / "index.html")
    assert (
        "Recent results "
        "Cedar Bend, OR: primary election, held in May 2027. "
        "Maple Falls, VT: general election, held on March 2, 2027. "
        "Maple Falls, VT: general election, held on March 3, 2026. "
        "Mayor: won by Ada Quill. City Council, Ward 2: results recorded. "
        "All elections and their results"
    ) in after
    assert "Not recorded yet: upcoming elections; the results (2 of 3 recent elections)." in after
    html = (later / "index.html").read_text(encoding="utf-8")
    recent = html.split(">Recent results</h2>", 1)[1].split("</section>", 1)[0]
    assert '<a href="vt/maple-falls/">Maple Falls, VT</a>' in recent
    assert '<a href="vt/maple-falls/ada-quill/"><bdi>Ada Quill</bdi></a>' in recent
    assert '<a href="elections/">All elections and their results</a>' in recent


@pytest.mark.slow
def test_calendar_links_only_for_a_calendar_with_an_event_each_with_a_webcal_link(earlier: Path) -> None:
    maple = (earlier / "vt/maple-falls/index.html").read_text(encoding="utf-8")
    assert '<a href="../../data/calendars/vt-maple-falls.ics" download>' in maple
    assert '<a href="webcal://example.org/cc/data/calendars/vt-maple-falls.ics">' in maple
    assert "or subscribe to it in your calendar app to keep it up to date." in text_of(
        earlier / "vt/maple-falls/index.html"
    )
    cedar = (earlier / "or/cedar-bend/index.html").read_text(encoding="utf-8")  # its one election: May 2027
    assert ".ics" not in cedar and "webcal:" not in cedar and "to your calendar" not in cedar
    elections = (earlier / "elections/index.html").read_text(encoding="utf-8")
    assert '<a href="../data/calendar.ics" download>' in elections
    assert '<a href="webcal://example.org/cc/data/calendar.ics">' in elections
    assert "webcal://example.org/cc/data/calendar.ics" in (earlier / "data/index.html").read_text(encoding="utf-8")


# --- the page model ---------------------------------------------------------------------------------


def pages_of(
    root: Path, today: dt.date, site_url: str = "https://example.org/cc/", languages: tuple[str, ...] = ()
) -> dict[str, Page]:
    tables, problems = validate_directory(root, today)
    assert [p.as_text() for p in errors(problems)] == []
    settings = Settings(site_url=site_url, today=today, languages=languages)
    return {p.path: p for p in build_pages(build_directory(tables), settings)}


def test_the_webcal_address_is_the_calendars_address_on_the_configured_site() -> None:
    assert urls.webcal("https://example.org/cc/", "data/calendar.ics") == "webcal://example.org/cc/data/calendar.ics"
    assert urls.webcal("http://127.0.0.1:8000/", "data/calendar.ics") == "webcal://127.0.0.1:8000/data/calendar.ics"
    assert urls.webcal("", "data/calendar.ics") == ""


def test_no_site_address_means_a_download_link_and_no_subscribe_link(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "records")
    body = pages_of(tmp_path / "records", dt.date(2026, 11, 21), site_url="")["vt/maple-falls/index.md"].body
    assert '<a href="../../data/calendars/vt-maple-falls.ics" download>' in body
    assert "webcal:" not in body and "subscribe" not in body


@pytest.mark.parametrize(
    "text",
    [
        "[calendar](webcal://example.org/cc/data/calendar.ics)",
        "<webcal://example.org/x.ics>",
        "[c](WEBCAL://x.example/a)",
    ],
)
def test_contributor_text_still_cannot_link_to_webcal(text: str) -> None:
    """The site links to its own calendars with webcal:, and record text still may not."""
    assert "href" not in str(render_markdown(text))
    assert safe_url("webcal://example.org/a.ics") == web_url("webcal://example.org/a.ics") == ""


def test_a_source_with_a_web_address_is_a_link_and_one_without_says_so(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "records")
    cora = pages_of(tmp_path / "records", dt.date(2026, 11, 21))["or/cedar-bend/cora-lindqvist/index.md"].body
    assert (
        'Source: <a href="https://cedar-bend.example.org/2027-candidates" rel="nofollow ugc">'
        "https://cedar-bend.example.org/2027-candidates</a>"
    ) in cora
    assert (
        '<li><p>Wants more public housing near transit.</p><span class="cc-cite">'
        "Source: <cite>Candidate forum notes"
        "</cite> (Cedar Bend Gazette, September 2026; no web address)</span></li>"
    ) in cora
    assert web_url("mailto:editor@example.org") == "" and web_url("https://example.org/") == "https://example.org/"


def test_the_soonest_election_to_come_comes_first_then_the_latest_held(tmp_path: Path, change: Change) -> None:
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)
    special = {
        "date": "2027-11-02",
        "kind": "special",
        "offices": [{"office": "Mayor"}],
        "sources": ["https://elections.example.org/2027-special"],
    }
    change(root, "cities/vt/maple-falls.yml", lambda city: city["elections"].append(special))
    candidacy = {"election": "2027-11-02-special", "office": "Mayor", "source": "https://ada.example.org/special"}
    change(root, "candidates/vt/maple-falls/ada-quill.yml", lambda ada: ada["candidacies"].append(candidacy))
    pages = pages_of(root, dt.date(2026, 11, 21))
    assert re.findall(r">(.*?)</h3>", pages["vt/maple-falls/index.md"].body) == [
        "March 2, 2027: General election",
        "November 2, 2027: Special election",
        "March 3, 2026: General election",
    ]
    on_ballot = re.findall(r"<li><strong>(.*?)</strong> \((\w+)\)", pages["vt/maple-falls/ada-quill/index.md"].body)
    assert on_ballot == [
        ("March 2, 2027: General election", "upcoming"),
        ("November 2, 2027: Special election", "upcoming"),
        ("March 3, 2026: General election", "held"),
    ]


def test_an_empty_directory_says_no_election_is_recorded() -> None:
    empty = Directory(cities=[], candidates=[], organizations=[], topics=[], elections=[])
    home = next(PageBuilder(empty, Settings(today=dt.date(2026, 11, 21))).hubs())
    assert "Upcoming elections" not in home.body
    assert home.body.count("Not recorded yet: elections.") == 1
    assert "Recent results" not in home.body


def test_the_staleness_rule_is_stated_once_in_the_descriptor() -> None:
    assert load_schema().stale_after_days == load_schema().descriptor["x-stale-after-days"] == 180
    rules = (REPO / "site_builder/records/rules.py").read_text(encoding="utf-8")
    assert "180" not in rules and "stale_after_days" in rules


def test_a_topic_in_a_state_names_those_voters_still_weigh_then_earlier_candidates(
    tmp_path: Path, change: Change
) -> None:
    """Before the vote, Maple Falls' candidates with a position on housing are named on the page of their topic in
    Vermont, with their race and its day, each name linking to what they said; once it is held, they are named
    under the elections already held, unless a source says one of them is in office."""
    before = pages_of(FIXTURE, dt.date(2026, 11, 21))["topics/housing-and-displacement/vt/index.md"].body
    assert "The candidates of elections to come and the officeholders in Vermont with a position on housing" in before
    assert weighed(before) == ["Ada Quill (Mayor, March 2, 2027)", "Dara Penhallow (Mayor, March 2, 2027)"]
    assert '<a href="../../../vt/maple-falls/ada-quill/#housing-and-displacement">' in before
    # Their words, with their sources, are on their pages and their race's comparison.
    assert "Would cap rent increases" not in before and "ada.example.org/platform" not in before
    assert "In elections already held" not in before

    after = pages_of(FIXTURE, dt.date(2027, 6, 1))["topics/housing-and-displacement/vt/index.md"].body
    assert "ran in elections already held: each name links to what they said, with its sources." in after
    assert weighed(after) == []
    assert held_before(after) == [
        "In elections already held:",
        "Ada Quill (Mayor, 2027)",
        "Dara Penhallow (Mayor, 2027)",
    ]
    assert '<a href="../../../vt/maple-falls/ada-quill/#housing-and-displacement">' in after

    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)
    mayor = {
        "office": "Mayor",
        "name": "Ada Quill",
        "status": "current",
        "term_start": "2027-04-01",
        "candidate": "vt/maple-falls/ada-quill",
        "sources": ["https://maplefalls.example.gov/mayor"],
    }
    change(root, "cities/vt/maple-falls.yml", lambda city: city.setdefault("officeholders", []).append(mayor))
    in_office = pages_of(root, dt.date(2027, 6, 1))["topics/housing-and-displacement/vt/index.md"].body
    assert weighed(in_office) == ["Ada Quill (Mayor, in office)"]
    assert "Those of elections already held follow them." in in_office
    assert held_before(in_office) == ["In elections already held:", "Dara Penhallow (Mayor, 2027)"]


def test_a_topic_in_a_state_gives_a_candidate_their_race_still_to_come_after_one_held(
    tmp_path: Path, change: Change
) -> None:
    """Cora Lindqvist's primary is held, and she runs in a runoff whose date no source gives: the page names her
    with that race, which voters still weigh, not the primary, nor an office she does not hold."""
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)
    runoff = {"date": "unknown", "kind": "runoff", "offices": [{"office": "Mayor"}], "sources": [RUNOFF]}
    change(root, "cities/or/cedar-bend.yml", lambda city: city["elections"].append(runoff))

    def in_the_runoff(cora: dict[str, Any]) -> None:
        cora["candidacies"].append({"election": "unknown-runoff", "office": "Mayor", "source": RUNOFF})
        cora["endorsements"][0]["election"] = "2027-05-primary"

    change(root, "candidates/or/cedar-bend/cora-lindqvist.yml", in_the_runoff)
    page = pages_of(root, dt.date(2027, 6, 1))["topics/housing-and-displacement/or/index.md"].body
    # The race's day is said to be unknown, not left out, which would read as a race without one.
    assert weighed(page) == ["Cora Lindqvist (Mayor, date not given by the sources)"]
    assert "cc-earlier" not in page


def test_a_topic_in_a_state_names_the_same_candidates_in_each_language() -> None:
    """The Spanish page of a topic in a state, split where the English one is, names the candidates voters still
    weigh as the English page does, not among those of elections already held."""
    pages = pages_of(FIXTURE, dt.date(2026, 11, 21), languages=("es",))
    english = pages["topics/housing-and-displacement/vt/index.md"].body
    spanish = pages["es/topics/housing-and-displacement/vt/index.md"].body
    assert weighed(english) == ["Ada Quill (Mayor, March 2, 2027)", "Dara Penhallow (Mayor, March 2, 2027)"]
    assert weighed(spanish) == ["Ada Quill (Mayor, 2 de marzo de 2027)", "Dara Penhallow (Mayor, 2 de marzo de 2027)"]
    assert "cc-earlier" not in spanish


def weighed(body: str) -> list[str]:
    """The candidates a topic page names before those of elections already held, as a screen reader reads them."""
    lists = re.findall(r'<ul class="cc-compact">(.*?)</ul>', body, re.DOTALL)
    return [re.sub(r"<[^>]+>", "", item) for items in lists for item in re.findall(r"<li>(.*?)</li>", items)]


def held_before(body: str) -> list[str]:
    """The line that names a topic page's candidates of elections already held, then its list of them, one item
    each, as a screen reader reads them."""
    lead = re.search(r'<p class="cc-earlier">(.*?)</p>', body)[1]
    items = re.search(r'<ul class="cc-compact cc-earlier">(.*?)</ul>', body, re.DOTALL)[1]
    return [lead] + [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", items)]


def _ward_2(root: Path, name: str, status: str | None, votes: int) -> None:
    """A candidate for Maple Falls' Ward 2 seats in the 2026 general election, with their count."""
    lines = [
        "# yaml-language-server: $schema=../../../schema/candidate.schema.json",
        f"name: {name}",
        "candidacies:",
        "  - election: 2026-03-03-general",
        "    office: City Council",
        "    district: Ward 2",
        *([f"    status: {status}"] if status else []),
        f"    votes: {votes}",
        "    source: https://elections.example.org/results-2026",
        "sources:",
        "  - https://elections.example.org/results-2026",
        "last_verified: 2026-11-01",
    ]
    slug = name.lower().replace(" ", "-")
    (root / "candidates" / "vt" / "maple-falls" / f"{slug}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _results(body: str) -> tuple[list[str], list[str]]:
    """The names in the rows of a candidate's page's results table, and the links of its race to the city page."""
    section = body[body.index('<section class="cc-race-results">') :]
    table = section[: section.index("</table>")]
    names = [re.sub(r"<[^>]+>", "", name) for name in re.findall(r'<th scope="row">(.*?)</th>', table)]
    links = re.findall(r'<p class="cc-race-link"><a href="([^"]*)">(.*?)</a>', section)
    return names, links


def test_a_candidates_race_gives_the_rows_of_those_elected_of_a_tie_and_their_own(tmp_path: Path) -> None:
    """Ward 2 elects two: Cleo Marsh won, Dev Rao and Eli Stone tied for the second seat with no status, Ben
    Ostrander and Fay Lund lost. Ben's page gives the winner's, the tie's and his own rows, and links the rest."""
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)
    _ward_2(root, "Cleo Marsh", "won", 1500)
    _ward_2(root, "Dev Rao", None, 900)
    _ward_2(root, "Eli Stone", None, 900)
    _ward_2(root, "Fay Lund", "lost", 100)
    pages = pages_of(root, dt.date(2026, 11, 21))
    names, links = _results(pages["vt/maple-falls/ben-ostrander/index.md"].body)
    assert names == ["Cleo Marsh Won", "Dev Rao", "Eli Stone", "Ben Ostrander"]
    assert links == [("../#2026-03-03-general-city-council-ward-2", "The other candidate's result, on the city page")]
    assert "Tied at 900 votes" in pages["vt/maple-falls/ben-ostrander/index.md"].body

    # With no status given to anyone, who led is the count itself: every row.
    for name in ("cleo-marsh", "ben-ostrander", "fay-lund"):
        path = root / "candidates" / "vt" / "maple-falls" / f"{name}.yml"
        path.write_text(re.sub(r"    status: \w+\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    names, links = _results(pages_of(root, dt.date(2026, 11, 21))["vt/maple-falls/ben-ostrander/index.md"].body)
    assert names == ["Cleo Marsh", "Dev Rao", "Eli Stone", "Ben Ostrander", "Fay Lund"]
    assert links == []


def test_on_election_day_a_candidates_race_links_its_whole_count_on_the_city_page(
    tmp_path: Path, change: Change
) -> None:
    """On the day of the vote the race still has its comparison, but the whole count is on the city page."""
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)

    def counted(status: str, votes: int) -> Callable[[dict[str, Any]], None]:
        def edit(record: dict[str, Any]) -> None:
            record["candidacies"][-1].update(status=status, votes=str(votes))

        return edit

    change(root, "candidates/vt/maple-falls/ada-quill.yml", counted("won", 5000))
    change(root, "candidates/vt/maple-falls/dara-penhallow.yml", counted("lost", 3000))
    gus = (root / "candidates" / "vt" / "maple-falls" / "dara-penhallow.yml").read_text(encoding="utf-8")
    gus = re.sub(r"(?s)platform:.*?(?=\n[a-z_]+:)", "", gus).replace("Dara Penhallow", "Gus Hale")
    (root / "candidates" / "vt" / "maple-falls" / "gus-hale.yml").write_text(
        gus.replace("3000", "1000"), encoding="utf-8"
    )
    pages = pages_of(root, dt.date(2027, 3, 2))
    body = pages["vt/maple-falls/dara-penhallow/index.md"].body
    assert 'href="../compare-2027-03-02-general-mayor/">Compare the candidates in this race</a>' in body
    names, links = _results(body)
    assert names == ["Ada Quill Won", "Dara Penhallow"]
    assert links == [("../#2027-03-02-general-mayor", "The other candidate's result, on the city page")]
    # Until the election is past, the city page's count also gives each candidate's endorsements and topics.
    city = pages["vt/maple-falls/index.md"].body
    mayor = city[city.index('<h4 id="2027-03-02-general-mayor">') :]
    mayor = mayor[: mayor.index("</table>")]
    assert '<th scope="col">Endorsements and topics</th>' in mayor
    assert 'Topics: <a href="../../topics/minimum-wage/">Minimum wage</a>' in mayor
    after = pages_of(root, dt.date(2027, 3, 3))["vt/maple-falls/index.md"].body
    assert "Endorsements and topics" not in after
