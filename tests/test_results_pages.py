"""Results on the city and candidate pages, and in the open data, from records the importers made."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import frictionless
import pytest
from results_records import imported_root

from site_builder.directory.build import build_directory
from site_builder.directory.model import Directory
from site_builder.records.schema import load_schema
from site_builder.records.validate import validate_directory
from site_builder.site.downloads import data_package
from site_builder.site.pages import Page, PageBuilder, Settings, build_pages

TODAY = dt.date(2026, 12, 1)
SETTINGS = Settings(repo_url="", site_url="https://example.org/cc/", today=TODAY)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return imported_root(tmp_path_factory.mktemp("results"))


@pytest.fixture(scope="module")
def directory(root: Path) -> Directory:
    tables, problems = validate_directory(root, TODAY)
    assert problems == []
    return build_directory(tables)


@pytest.fixture(scope="module")
def pages(directory: Directory) -> dict[str, Page]:
    return {page.path: page for page in build_pages(directory, SETTINGS)}


def text(fragment: str) -> str:
    """The words of an HTML fragment, one space between them."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def table(body: str, caption: str) -> str:
    """The words of the first table whose caption starts with ``caption``."""
    start = body.index(f"<caption>{caption}")
    return text(body[start : body.index("</table>", start)])


def test_the_results_table_of_a_ranked_choice_race(pages: dict[str, Page]) -> None:
    body = pages["mn/minneapolis/index.md"].body
    mayor = body[body.index(">Mayor</h4>") :]
    words = table(mayor, "Results")
    assert words.startswith(
        "Results (first choices). Winner: Jacob Frey Candidate Votes Share "
        "Jacob Frey Won 26,116 25.0% Tom Hoch Lost 20,125 19.3% Betsy Hodges Lost 18,915 18.1% "
        "Raymond Dehn Lost 18,101 17.3%"
    )
    assert words.endswith(
        "Write-ins 138 0.1% Votes counted (first choices) 104,522 100% "
        "Undervotes (no candidate ranked or marked) 1,406 Threshold to be elected 52,262"
    )


def test_the_rounds_table_and_who_each_round_elected_or_defeated(pages: dict[str, Page]) -> None:
    body = pages["mn/minneapolis/index.md"].body
    ward_1 = body[body.index(">City Council, Ward 1</h4>") : body.index(">City Council, Ward 2</h4>")]
    assert table(ward_1, "Votes in each round") == (
        "Votes in each round; 4,368 votes elect a candidate Candidate Round 1 Round 2 Round 3 "
        "Kevin Reich 4,015 4,296 4,296 Elected Jillia Pessenda 3,846 4,112 4,112 Defeated "
        "John Hayden 853 Eliminated in round 2 Write-ins 20 0 0 Exhausted ballots – 326 326"
    )
    assert '<td class="cc-eliminated" colspan="2">Eliminated in round 2</td></tr>' in ward_1
    outcomes = ward_1[ward_1.index('<ul class="cc-round-outcomes">') :]
    assert text(outcomes[: outcomes.index("</ul>")]).replace(" .", ".").replace(" ;", ";") == (
        "Round 2: defeated John Hayden. Round 3: elected Kevin Reich; defeated Jillia Pessenda."
    )
    assert 'role="region" aria-label="Rounds of the count: City Council, Ward 1" tabindex="0"' in ward_1


def test_an_eliminated_candidate_is_named_once_with_the_round_not_a_zero_in_each_round_after(
    pages: dict[str, Page],
) -> None:
    body = pages["mn/minneapolis/index.md"].body
    mayor = body[body.index(">Mayor</h4>") :]
    words = table(mayor, "Votes in each round")
    assert words.startswith(
        "Votes in each round; 52,262 votes elect a candidate Candidate Round 1 Round 2 Round 3 Round 4 Round 5 "
        "Round 6 Jacob Frey 26,116 26,750 29,480 39,368 46,716 46,716 Elected "
        "Raymond Dehn 18,101 18,574 24,028 27,358 34,971 34,971 Defeated "
        "Betsy Hodges 18,915 19,467 23,511 26,875 Eliminated in round 5 "
        "Tom Hoch 20,125 20,912 22,754 Eliminated in round 4 "
        "Nekima Levy-Pounds 15,716 16,189 Eliminated in round 3 "
        "Charlie Gers 1,233 Eliminated in round 2 "
    )
    assert words.count("Eliminated in round 2") == 13
    assert words.count("Defeated") == 1


def test_the_final_round_leads_the_results_of_a_ranked_choice_race(pages: dict[str, Page]) -> None:
    body = pages["mn/minneapolis/index.md"].body
    ward_3 = body[body.index(">City Council, Ward 3</h4>") :]
    assert ward_3.index("<caption>Final round") < ward_3.index("<caption>Results")
    assert table(ward_3, "Final round") == (
        "Final round (round 4): votes and share of the votes still counted Candidate Votes Share "
        "Steve Fletcher Elected 4,861 55.8% Ginger Jentzen 3,844 44.2% Exhausted ballots 887"
    )
    assert "fewer than the threshold" not in ward_3


def test_a_winner_below_the_threshold_is_explained_in_one_sentence(pages: dict[str, Page]) -> None:
    body = pages["mn/minneapolis/index.md"].body
    ward_1 = body[body.index(">City Council, Ward 1</h4>") : body.index(">City Council, Ward 2</h4>")]
    assert table(ward_1, "Final round") == (
        "Final round (round 3): votes and share of the votes still counted Candidate Votes Share "
        "Kevin Reich Elected 4,296 51.1% Jillia Pessenda 4,112 48.9% Exhausted ballots 326"
    )
    sentences = re.findall(r'<p class="cc-below-threshold">(.*?)</p>', ward_1)
    assert [text(s) for s in sentences] == [
        "Kevin Reich was elected with 4,296 votes, fewer than the threshold of 4,368, because 326 ballots were "
        "exhausted (none of the candidates they ranked was left): of the 8,408 votes still counted in the final "
        "round, Kevin Reich had the most."
    ]


def test_the_chart_is_static_svg_with_a_text_equivalent(pages: dict[str, Page]) -> None:
    body = pages["mn/minneapolis/index.md"].body
    mayor = body[body.index(">Mayor</h4>") :]
    svg = mayor[mayor.index('<svg role="img"') : mayor.index("</svg>", mayor.index('<svg role="img"'))]
    assert 'aria-labelledby="chart-2017-11-07-general-mayor-title chart-2017-11-07-general-mayor-desc"' in svg
    assert (
        '<title id="chart-2017-11-07-general-mayor-title">Votes in each round: Mayor, November 7, 2017</title>' in svg
    )
    desc = text(svg[svg.index("<desc") : svg.index("</desc>")])
    assert desc == (
        "A line for each candidate still counted after round 1, from round 1 to round 6: Jacob Frey ends with "
        "46,716 votes and is elected; Raymond Dehn ends with 34,971 votes; Betsy Hodges ends with 26,875 votes; "
        "Tom Hoch ends with 22,754 votes; Nekima Levy-Pounds ends with 16,189 votes. The threshold is 52,262 votes. "
        "The table of rounds gives every count."
    )
    assert "<script" not in svg and "style=" not in svg


def test_a_race_won_on_first_choices_shows_its_ballots(pages: dict[str, Page]) -> None:
    body = pages["mn/minneapolis/index.md"].body
    ward_2 = body[body.index(">City Council, Ward 2</h4>") : body.index(">City Council, Ward 3</h4>")]
    assert table(ward_2, "Results") == (
        "Results. Winner: Cam Gordon Candidate Votes Share Cam Gordon Won 5,912 97.3% Write-ins 166 2.7% "
        "Votes counted 6,078 100% Ballots cast 7,034 Threshold to be elected 3,518"
    )
    assert "Ranked-choice rounds" not in ward_2


def test_the_bars_are_decoration_and_the_numbers_text(pages: dict[str, Page]) -> None:
    body = pages["mn/minneapolis/index.md"].body
    bars = re.findall(r"<meter class=\"cc-bar\"[^>]*>", body)
    assert bars and all('aria-hidden="true"' in bar and 'max="100"' in bar for bar in bars)


def test_the_candidate_page_shows_their_race(pages: dict[str, Page]) -> None:
    """A candidate's page gives the race's final round and, of the first choices, the winner's row and theirs;
    the other rows and the rounds are on the city page, linked."""
    body = pages["mn/minneapolis/kevin-reich/index.md"].body
    assert ">Results: City Council, Ward 1, November 7, 2017: General election</h2>" in body
    words = table(body, "Results")
    assert words == "Results (first choices). Winner: Kevin Reich Candidate Votes Share Kevin Reich Won 4,015 46.0%"
    assert body.count('<tr class="cc-current">') == 2, "the final round and the first choices mark them"
    assert table(body, "Final round") == (
        "Final round (round 3): votes and share of the votes still counted Candidate Votes Share "
        "Kevin Reich Elected 4,296 51.1% Jillia Pessenda 4,112 48.9% Exhausted ballots 326"
    )
    assert ">Ranked-choice rounds</h3>" not in body and "cc-rounds-table" not in body
    assert re.findall(r'<p class="cc-race-link"><a href="([^"]*)">(.*?)</a></p>', body) == [
        (
            "../#2017-11-07-general-city-council-ward-1",
            "The other 2 candidates' results and every round of the count, on the city page",
        )
    ]
    city = pages["mn/minneapolis/index.md"].body
    assert 'id="2017-11-07-general-city-council-ward-1"' in city

    loser = pages["mn/minneapolis/al-flowers/index.md"].body
    assert table(loser, "Results") == (
        "Results (first choices). Winner: Jacob Frey Candidate Votes Share "
        "Jacob Frey Won 26,116 25.0% Al Flowers 711 0.7%"
    )
    assert '<tr class="cc-current">\n<th scope="row"><bdi>Al Flowers</bdi>' in loser


def test_openelections_races_show_their_results(pages: dict[str, Page]) -> None:
    body = pages["wa/seattle/index.md"].body
    general = body[
        body.index("November 7, 2017: General election</h3>") : body.index("August 1, 2017: Primary election</h3>")
    ]
    words = table(general[general.index(">Mayor</h4>") :], "Results")
    assert words.startswith("Results. Winner: Jenny Durkan Candidate Votes Share Jenny Durkan Won")
    primary = body[body.index("August 1, 2017: Primary election</h3>") :]
    words = table(primary[primary.index(">Mayor</h4>") :], "Results")
    assert words.startswith("Results Candidate Votes Share Jenny Durkan Advanced to the general election")
    assert words.count("Advanced to the general election") == 2
    pacific = pages["wa/pacific/index.md"].body
    words = table(pacific[pacific.index("August 6, 2019: Primary election</h3>") :], "Results")
    assert re.search(r"Write-ins 5 [0-9.]+% Votes counted [0-9,]+ 100%$", words), words
    # A candidate's page gives the rows of those elected or sent on, and theirs: the whole count where that is
    # every row, else a link to the rest on the city page.
    winner = pages["wa/pacific/leanne-guier/index.md"].body
    assert table(winner, "Results.") == "Results. Winner: Leanne Guier Candidate Votes Share Leanne Guier Won 636 50.3%"
    assert (
        '<p class="cc-race-link"><a href="../#2019-11-05-general-mayor">'
        "The other candidate's result, on the city page</a></p>" in winner
    )
    runner_up = pages["wa/pacific/vic-kave/index.md"].body
    assert table(runner_up, "Results.") == (
        "Results. Winner: Leanne Guier Candidate Votes Share Leanne Guier Won 636 50.3% Vic Kave 619 49.0% "
        "Write-ins 9 0.7% Votes counted 1,264 100%"
    )
    # The count of their latest race, which decided where they stand; the primary's line links its whole count.
    (general,) = runner_up.split('<section class="cc-race-results">')[1:]
    assert "General election</h2>" in general and "cc-race-link" not in general
    start = runner_up.index('<section class="cc-ballot">')
    ballot = runner_up[start : runner_up.index("</section>", start)]
    assert '<a href="../#2019-08-06-primary-mayor">Every candidate in this race, on the city page</a>' in ballot


def test_pages_stay_small(pages: dict[str, Page]) -> None:
    city = pages["mn/minneapolis/index.md"].body
    assert len(city.encode()) < 120_000
    assert len(pages["mn/minneapolis/al-flowers/index.md"].body.encode()) < 60_000


def test_held_races_with_only_their_results_have_no_compare_page_or_guide_and_are_linked_on_the_city_page(
    directory: Directory, pages: dict[str, Page]
) -> None:
    """The imported records give results and nothing else: the city page says all there is, each race under a
    heading its candidates' pages link to."""
    assert not [path for path, page in pages.items() if page.kind in ("compare", "guide")]
    city = pages["mn/minneapolis/index.md"].body
    assert '<h4 id="2017-11-07-general-mayor">Mayor</h4>' in city
    assert "Compare the candidates" not in city and "Printable voter guide" not in city
    frey = pages["mn/minneapolis/jacob-frey/index.md"].body
    assert '<a href="../#2017-11-07-general-mayor">Every candidate in this race, on the city page</a>' in frey
    races = [race for election in directory.elections for race in election.races]
    assert len(races) > 10
    for race in races:
        city = pages[f"{race.election.city.state}/{race.election.city.slug}/index.md"].body
        assert f'<h4 id="{race.election.id}-{race.id}">' in city, race.id


def test_the_compare_page_of_a_ranked_choice_race_shows_its_results_and_rounds(directory: Directory) -> None:
    """Such a page is made only for a race whose candidates have more to compare than their results, but it
    gives the results and rounds in full."""
    mayor = next(
        r
        for e in directory.elections
        if e.id == "2017-11-07-general" and e.city.id == "mn/minneapolis"
        for r in e.races
        if r.id == "mayor"
    )
    (page,) = PageBuilder(directory, SETTINGS).compare(mayor)
    body = page.body
    cards = body[body.index(">The candidates</h2>") + 1 : body.index(">Results</h2>")]
    names = re.findall(r'<h3 class="cc-name"><a href="../[a-z-]+/"><bdi>([^<]+)</bdi></a></h3>', cards)
    assert len(names) == 18 and names[:2] == ["Jacob Frey", "Tom Hoch"]
    assert text(cards).startswith("The candidates Jacob Frey Status Won Votes 26,116 Share 25.0% Tom Hoch")
    # The count's source, which every card would give again, is cited once, by the results.
    # The cards give no source: each candidate's page cites their result, and the results below cite the count.
    assert "cc-cite" not in cards
    assert re.findall(r'<span class="cc-cite">Source: <a href="([^"]+)"', body) == [
        "https://vote.minneapolismn.gov/results-data/election-results/2017/mayor/"
    ]
    assert table(body, "Results").startswith("Results (first choices). Winner: Jacob Frey")
    assert table(body, "Votes in each round").startswith("Votes in each round; 52,262 votes elect a candidate")
    assert ">Ranked-choice rounds</h3>" in body
    assert '<svg role="img" aria-labelledby="chart-2017-11-07-general-mayor-title' in body
    assert body.count("Not recorded yet: endorsements; positions.") == 1
    assert len(body.encode()) < 60_000


def test_the_published_package_holds_the_rounds_and_is_valid(root: Path, tmp_path: Path) -> None:
    tables, _ = validate_directory(root, TODAY)
    for download in data_package(load_schema(), tables, build_directory(tables)):
        path = tmp_path / download.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(download.content)
    report = frictionless.Package(str(tmp_path / "data" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    names = {
        resource.name: resource
        for resource in frictionless.Package(str(tmp_path / "data" / "datapackage.json")).resources
    }
    assert {"rounds", "round_counts"} <= set(names)
    rows = names["round_counts"].read_rows()
    frey = [r for r in rows if r["race"] == "mayor" and r["candidate"] == "jacob-frey"]
    assert [(r["round"], r["votes"], r["outcome"]) for r in frey] == [
        (2, 26750, None),
        (3, 29480, None),
        (4, 39368, None),
        (5, 46716, None),
        (6, 46716, "elected"),
    ]
    races = {r["id"]: r for r in names["races"].read_rows() if r["city"] == "mn/minneapolis"}
    assert (races["mayor"]["threshold"], races["mayor"]["undervotes"]) == (52262, 1406)
