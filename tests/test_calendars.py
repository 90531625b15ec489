"""The iCalendar files with hostile text, written under `python` and `python -O` and parsed back."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
from hostile_calendars import CASES
from sitebuild import REPO

from site_builder.site.downloads import ical_text


def unescape(text: str) -> str:
    """RFC 5545 TEXT unescaped, for X-WR-CALNAME, which icalendar reads back as an unknown type, as it is."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], str(text))


@pytest.fixture(scope="module", params=["python", "python -O"])
def written(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("calendars")
    optimize = ["-O"] if request.param == "python -O" else []
    result = subprocess.run(
        [sys.executable, *optimize, str(REPO / "tests" / "hostile_calendars.py"), str(folder)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads((folder / "flags.json").read_text(encoding="utf-8")) == {"optimize": len(optimize)}
    return folder / "data"


@pytest.mark.parametrize("case", list(CASES))
def test_each_city_calendar_holds_its_one_election_with_the_cleaned_text(written: Path, case: str) -> None:
    clean = CASES[case][1]
    raw = (written / "calendars" / f"vt-{case}.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(raw)
    assert unescape(calendar["x-wr-calname"]) == f"Maple{clean}Falls, VT elections"
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["summary"]) == f"Maple{clean}Falls, VT: General{clean}election"
    assert str(events[0]["description"]) == f"On the ballot: Mayor{clean}, Ward{clean}2."
    assert str(events[0]["uid"]) == f"vt-{case}-2027-03-02-general@example.org"
    assert str(events[0]["url"]) == f"https://example.org/cc/vt/{case}/"


def test_the_files_hold_no_control_character_but_the_line_ends(written: Path) -> None:
    for path in [written / "calendar.ics", *sorted((written / "calendars").iterdir())]:
        text = path.read_bytes().decode("utf-8")
        assert not re.search("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]", text.replace("\r\n", "")), path.name
        lines = text.split("\r\n")
        assert (
            lines.count("BEGIN:VEVENT")
            == lines.count("END:VEVENT")
            == (len(CASES) if path.name == "calendar.ics" else 1)
        )


def test_the_calendar_of_all_cities_holds_one_event_per_election(written: Path) -> None:
    calendar = icalendar.Calendar.from_ical((written / "calendar.ics").read_bytes())
    assert unescape(calendar["x-wr-calname"]) == "City elections"
    assert sorted(str(e["uid"]) for e in calendar.walk("VEVENT")) == sorted(
        f"vt-{case}-2027-03-02-general@example.org" for case in CASES
    )


def test_text_is_escaped_by_icalendar_after_control_characters_are_removed() -> None:
    assert ical_text("a;b,c\\d\r\ne\rf\ng\x00\x1b\x7f\th").to_ical() == b"a\\;b\\,c\\\\d\\ne\\nf\\ng\th"
