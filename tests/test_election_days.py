"""A state's regular city election days as its law fixes them: the rules, checked; the next day of each,
computed; and every city page of the state saying what is next, with the statute it comes from."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from site_builder.directory.build import build_directory
from site_builder.records.dates import day_of_rule
from site_builder.records.problems import errors
from site_builder.records.validate import validate_directory
from site_builder.site.downloads import calendars
from site_builder.site.pages import Settings, build_pages

STATUTE = "https://example.org/statutes/205.175"
RULES = f"""# yaml-language-server: $schema=../schema/state.schema.json
name: Minnesota
election_days:
  - kind: primary
    set_by: state-law
    years: odd
    month: 8
    week: second
    weekday: tuesday
    applies_to: Cities with a primary
    statute: Example Stat. 205.065
    source: {STATUTE}
  - kind: general
    set_by: state-law
    years: odd
    month: 11
    week: first-after-first-monday
    weekday: tuesday
    statute: Example Stat. 205.175
    source: {STATUTE}
sources:
  - https://example.org/minnesota
last_verified: 2025-10-01
"""


@pytest.mark.parametrize(
    ("year", "month", "week", "weekday", "day"),
    [
        (2027, 11, "first-after-first-monday", "tuesday", "2027-11-02"),  # November 1 is a Monday
        (2026, 11, "first-after-first-monday", "tuesday", "2026-11-03"),  # November 2 is a Monday
        (2025, 11, "first-after-first-monday", "tuesday", "2025-11-04"),
        (2021, 11, "first-after-first-monday", "tuesday", "2021-11-02"),  # November 1 is a Monday
        (2019, 11, "first-after-first-monday", "tuesday", "2019-11-05"),  # November 1 is a Friday
        (2027, 8, "first", "tuesday", "2027-08-03"),
        (2027, 5, "third", "tuesday", "2027-05-18"),
        (2027, 5, "last", "monday", "2027-05-31"),
        (2027, 5, "first", "saturday", "2027-05-01"),
    ],
)
def test_the_day_a_rule_gives(year: int, month: int, week: str, weekday: str, day: str) -> None:
    assert day_of_rule(year, month, week, weekday).isoformat() == day


def pages_on(records: Path, today: dt.date) -> dict[str, str]:
    tables, problems = validate_directory(records, today)
    assert [p.as_text() for p in errors(problems)] == []
    return {page.url: page.body for page in build_pages(build_directory(tables), Settings(today=today))}


def next_section(body: str) -> str:
    found = re.search(r'<section class="cc-next">(.*?)</section>', body, re.S)
    assert found is not None
    return " ".join(re.sub(r"<[^>]+>", " ", found[1]).split())


def test_a_city_with_no_election_to_come_gives_its_states_next_days_and_the_statutes(records: Path) -> None:
    (records / "states").mkdir()
    (records / "states/mn.yml").write_text(RULES, encoding="utf-8")
    body = pages_on(records, dt.date(2026, 12, 6))["mn/minneapolis/"]
    assert next_section(body) == (
        "Next election The next regular city election days in Minnesota, as the state's law fixes them: "
        "Primary: August 10, 2027 , for cities with a primary ( Example Stat. 205.065 : odd-numbered years, on the "
        "second Tuesday of August). "
        "General: November 2, 2027 ( Example Stat. 205.175 : odd-numbered years, on the first Tuesday after the "
        "first Monday of November). "
        "Add these days to your calendar (iCalendar file). "
        "Which of Minneapolis's offices are on the ballot, and who is running, is not in the directory yet: "
        "add the election , then its candidates from the official list ."
    )
    assert f'<a href="{STATUTE}" rel="nofollow ugc">Example Stat. 205.175</a>' in body
    assert '<li><a href="#next-election">Next election</a></li>' in body
    # In the days before the general election, it is the next one; the day after, the next odd year's.
    assert "General: November 2, 2027" in next_section(pages_on(records, dt.date(2027, 11, 2))["mn/minneapolis/"])
    assert "General: November 6, 2029" in next_section(pages_on(records, dt.date(2027, 11, 3))["mn/minneapolis/"])


def test_a_city_with_an_election_to_come_points_to_it(records: Path) -> None:
    (records / "states").mkdir()
    (records / "states/mn.yml").write_text(RULES, encoding="utf-8")
    body = pages_on(records, dt.date(2025, 10, 15))["mn/minneapolis/"]
    assert next_section(body).startswith("Next election The November 4, 2025 general election .")
    assert 'href="#2025-11-04-general"' in body


def test_a_state_that_leaves_the_day_to_each_city_says_so(records: Path) -> None:
    (records / "states").mkdir()
    (records / "states/mn.yml").write_text(
        RULES.split("election_days:", maxsplit=1)[0]
        + f"election_days:\n  - kind: general\n    set_by: city-charter\n    statute: Example Stat. 410.21\n"
        f"    source: {STATUTE}\nsources:\n  - https://example.org/minnesota\nlast_verified: 2025-10-01\n",
        encoding="utf-8",
    )
    body = pages_on(records, dt.date(2026, 12, 6))["mn/minneapolis/"]
    assert next_section(body).startswith(
        "Next election The day of Minneapolis's general elections is set by its charter, as Example Stat. 410.21 "
        "provides."
    )


@pytest.mark.parametrize(
    ("edit", "line", "message"),
    [
        (
            ("    week: second\n", ""),
            4,
            "election_days[1]: a day the state's law fixes needs `week` (hint: give `years`, `month`, `week` and "
            "`weekday` as the statute words them, or write `set_by: city-charter` when it leaves the day to each city)",
        ),
        (
            (
                "    set_by: state-law\n    years: odd\n    month: 8",
                "    set_by: city-charter\n    years: odd\n    month: 8",
            ),
            6,
            "election_days[1].years: a day left to each city's charter has no day of the state's own (hint: remove "
            "the field, or write `set_by: state-law` when the statute fixes the day)",
        ),
        (
            ("    week: second\n", "    week: fifth\n"),
            8,
            "election_days[1].week: ",
        ),
        (
            (f"    source: {STATUTE}\n  - kind: general", "  - kind: general"),
            4,
            "election_days[1]: this election day rule has no source",
        ),
    ],
)
def test_a_rule_that_gives_no_whole_day_is_refused_at_its_line(
    records: Path, edit: tuple[str, str], line: int, message: str
) -> None:
    (records / "states").mkdir()
    assert edit[0] in RULES
    (records / "states/mn.yml").write_text(RULES.replace(*edit, 1), encoding="utf-8")
    _, problems = validate_directory(records, dt.date(2026, 12, 6))
    found = [p.as_text() for p in errors(problems) if p.path == "states/mn.yml"]
    assert any(text.startswith(f"states/mn.yml:{line}:") and message in text for text in found), found


def test_the_calendars_hold_the_next_days_the_law_fixes(records: Path) -> None:
    (records / "states").mkdir()
    (records / "states/mn.yml").write_text(RULES, encoding="utf-8")
    tables, _ = validate_directory(records, dt.date(2026, 12, 6))
    found = {d.path: d.content.decode("utf-8") for d in calendars(build_directory(tables), "", dt.date(2026, 12, 6))}
    city = found["data/calendars/mn-minneapolis.ics"].replace("\r\n ", "")  # unfolded
    assert "SUMMARY:Minneapolis\\, MN: regular city general election day" in city
    assert "DTSTART;VALUE=DATE:20271102" in city
    assert "DTSTART;VALUE=DATE:20270810" in city
    assert "DESCRIPTION:Example Stat. 205.175: city general elections in Minnesota are held in odd-numbered" in city
    everything = found["data/calendar.ics"].replace("\r\n ", "")
    assert "SUMMARY:Minnesota: regular city general election day" in everything


FILING = f"""  - kind: filing
    set_by: state-law
    years: odd
    month: 5
    week: first
    weekday: monday
    ends: friday
    statute: Example Stat. 205.13
    source: {STATUTE}
"""
WITH_FILING = RULES.replace(
    "sources:\n  - https://example.org/minnesota", FILING + "sources:\n  - https://example.org/minnesota"
)


@pytest.mark.parametrize(
    ("today", "period"),
    [
        (dt.date(2026, 12, 6), (dt.date(2027, 5, 3), dt.date(2027, 5, 7))),  # May 1, 2027 is a Saturday
        (dt.date(2027, 5, 7), (dt.date(2027, 5, 3), dt.date(2027, 5, 7))),  # its last day: still under way
        (dt.date(2027, 5, 8), (dt.date(2029, 5, 7), dt.date(2029, 5, 11))),  # the day after: the next odd year's
    ],
)
def test_the_filing_period_a_rule_gives(records: Path, today: dt.date, period: tuple[dt.date, dt.date]) -> None:
    (records / "states").mkdir()
    (records / "states/mn.yml").write_text(WITH_FILING, encoding="utf-8")
    tables, _ = validate_directory(records, today)
    state = build_directory(tables).state_records["mn"]
    assert [(rule.statute, start, end) for rule, start, end in state.next_filing(today)] == [
        ("Example Stat. 205.13", *period)
    ]
    assert [rule.kind for rule, _ in state.next_days(today)] == ["primary", "general"]  # a period is no election day


def test_a_city_page_and_its_calendar_give_the_filing_period_and_its_statute(records: Path) -> None:
    (records / "states").mkdir()
    (records / "states/mn.yml").write_text(WITH_FILING, encoding="utf-8")
    today = dt.date(2026, 12, 6)
    body = pages_on(records, today)["mn/minneapolis/"]
    assert (
        "General: November 2, 2027 ( Example Stat. 205.175 : odd-numbered years, on the first Tuesday after the "
        "first Monday of November). "
        "Candidates file from May 3 to May 7, 2027 ( Example Stat. 205.13 : odd-numbered years, from the first "
        "Monday of May to the following Friday). "
        "Add these days to your calendar"
    ) in next_section(body)
    assert '<time datetime="2027-05-03">May 3</time> to <time datetime="2027-05-07">May 7, 2027</time>' in body
    tables, _ = validate_directory(records, today)
    found = {d.path: d.content.decode("utf-8") for d in calendars(build_directory(tables), "", today)}
    for path, place in (("data/calendars/mn-minneapolis.ics", "Minneapolis\\, MN"), ("data/calendar.ics", "Minnesota")):
        calendar = found[path].replace("\r\n ", "")
        event = calendar[calendar.index(f"SUMMARY:{place}: candidate filing period") - 400 :]
        assert "DTSTART;VALUE=DATE:20270503" in calendar
        assert "DTEND;VALUE=DATE:20270508" in calendar  # the end of an all-day event is the day after its last
        assert "Example Stat. 205.13: candidates in Minnesota file their declarations in odd-numbered years" in event


def test_a_city_with_an_election_to_come_gives_the_filing_period_before_it(records: Path) -> None:
    (records / "states").mkdir()
    (records / "states/mn.yml").write_text(WITH_FILING, encoding="utf-8")
    assert next_section(pages_on(records, dt.date(2025, 10, 15))["mn/minneapolis/"]) == (
        "Next election The November 4, 2025 general election ."
    )  # the 2027 period is not that election's
    (records / "states/mn.yml").write_text(WITH_FILING.replace("    month: 5\n", "    month: 10\n"), encoding="utf-8")
    assert next_section(pages_on(records, dt.date(2025, 10, 2))["mn/minneapolis/"]) == (
        "Next election The November 4, 2025 general election . "
        "Candidates file from October 6 to October 10, 2025 ( Example Stat. 205.13 : odd-numbered years, from the "
        "first Monday of October to the following Friday)."
    )


@pytest.mark.parametrize(
    ("edit", "line", "message"),
    [
        (
            ("    ends: friday\n", ""),
            21,
            "election_days[3]: a filing period the state's law fixes needs `ends` (hint: give the day of the week",
        ),
        (
            (
                "    weekday: tuesday\n    statute: Example Stat. 205.175",
                "    weekday: tuesday\n    ends: friday\n    statute: Example Stat. 205.175",
            ),
            19,
            "election_days[2].ends: a general election is held on one day: only a filing period has `ends`",
        ),
        (
            (
                "    set_by: state-law\n    years: odd\n    month: 5",
                "    set_by: city-charter\n    years: odd\n    month: 5",
            ),
            27,
            "election_days[3].ends: a day left to each city's charter has no day of the state's own",
        ),
    ],
)
def test_a_filing_period_that_gives_no_whole_period_is_refused_at_its_line(
    records: Path, edit: tuple[str, str], line: int, message: str
) -> None:
    (records / "states").mkdir()
    assert edit[0] in WITH_FILING
    (records / "states/mn.yml").write_text(WITH_FILING.replace(*edit, 1), encoding="utf-8")
    _, problems = validate_directory(records, dt.date(2026, 12, 6))
    found = [p.as_text() for p in errors(problems) if p.path == "states/mn.yml"]
    assert any(text.startswith(f"states/mn.yml:{line}:") and message in text for text in found), found


CHOSEN = RULES.replace("    years: odd\n    month: 11\n", "    years: odd-or-even\n    month: 11\n").replace(
    "Example Stat. 205.175\n", "Example Stat. 205.07\n"
)
CHARTER = "https://example.org/minneapolis/charter#2.3"


def choose_years(records: Path, lines: str) -> None:
    city = records / "cities/mn/minneapolis.yml"
    text = city.read_text(encoding="utf-8")
    city.write_text(
        text.replace("government: mayor-council\n", "government: mayor-council\n" + lines), encoding="utf-8"
    )


def test_a_city_whose_choice_of_years_is_not_recorded_is_given_no_day(records: Path) -> None:
    (records / "states").mkdir()
    (records / "states/mn.yml").write_text(CHOSEN, encoding="utf-8")
    today = dt.date(2026, 12, 6)
    section = next_section(pages_on(records, today)["mn/minneapolis/"])
    assert "General: November" not in section
    assert (
        "General: the odd- or even-numbered years each city chooses, on the first Tuesday after the first Monday of "
        "November ( Example Stat. 205.07 ). Which years Minneapolis chose is not in the directory, so its next day is "
        "not given: add it to the city record , with its ordinance or charter."
    ) in section
    tables, _ = validate_directory(records, today)
    found = {d.path: d.content.decode("utf-8") for d in calendars(build_directory(tables), "", today)}
    assert "20271102" not in found["data/calendars/mn-minneapolis.ics"]
    assert "20271102" not in found["data/calendar.ics"]  # no day of the state's own


def test_a_city_that_chose_its_years_is_given_its_next_day_with_its_choice(records: Path) -> None:
    (records / "states").mkdir()
    (records / "states/mn.yml").write_text(CHOSEN, encoding="utf-8")
    choose_years(records, f"election_years: odd\nelection_years_source: {CHARTER}\n")
    today = dt.date(2026, 12, 6)
    section = next_section(pages_on(records, today)["mn/minneapolis/"])
    assert (
        "General: November 2, 2027 ( Example Stat. 205.07 : odd-numbered years (as Minneapolis chose), on the first "
        "Tuesday after the first Monday of November)."
    ) in section
    assert "Which years" not in section
    tables, _ = validate_directory(records, today)
    found = {d.path: d.content.decode("utf-8") for d in calendars(build_directory(tables), "", today)}
    assert "DTSTART;VALUE=DATE:20271102" in found["data/calendars/mn-minneapolis.ics"]


@pytest.mark.parametrize(
    ("state", "lines", "line", "message"),
    [
        (
            CHOSEN,
            "election_years: odd\n",
            5,
            "election_years: the city's choice of election years needs `election_years_source`",
        ),
        (
            RULES,
            f"election_years: odd\nelection_years_source: {CHARTER}\n",
            5,
            "election_years: no election day rule of states/mn.yml lets each city choose odd- or even-numbered years",
        ),
        (CHOSEN, f"election_years: 2027\nelection_years_source: {CHARTER}\n", 5, "election_years: "),
    ],
)
def test_a_citys_choice_of_years_without_its_source_or_its_statute_is_refused_at_its_line(
    records: Path, state: str, lines: str, line: int, message: str
) -> None:
    (records / "states").mkdir()
    (records / "states/mn.yml").write_text(state, encoding="utf-8")
    choose_years(records, lines)
    _, problems = validate_directory(records, dt.date(2026, 12, 6))
    found = [p.as_text() for p in errors(problems) if p.path == "cities/mn/minneapolis.yml"]
    assert any(text.startswith(f"cities/mn/minneapolis.yml:{line}:") and message in text for text in found), found
