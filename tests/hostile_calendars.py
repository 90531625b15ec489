"""A directory whose every city, election and office carries one character that calendars must not
take as it is; run as a script, it writes the calendars into a folder (to be run under ``python -O``).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from site_builder.directory.model import City, Directory, Election, Race
from site_builder.site.downloads import calendars

SITE_URL = "https://example.org/cc/"
CASES = {
    "cr": ("\r", "\n"),
    "lf": ("\n", "\n"),
    "crlf": ("\r\n", "\n"),
    "nel": ("\x85", "\n"),
    "line-separator": ("\u2028", "\n"),
    "nul": ("\x00", ""),
    "vt": ("\x0b", ""),
    "ff": ("\x0c", ""),
    "esc": ("\x1b", ""),
    "del": ("\x7f", ""),
    "csi": ("\x9b", ""),
    "tab": ("\t", "\t"),
    "semicolon": (";", ";"),
    "comma": (",", ","),
    "backslash": ("\\", "\\"),
    "injection": ("\nBEGIN:VEVENT\nSUMMARY:fake\nEND:VEVENT\n", "\nBEGIN:VEVENT\nSUMMARY:fake\nEND:VEVENT\n"),
}
"""Each case's character (or text), and what it is in the calendar's text once cleaned."""


def directory() -> Directory:
    cities, elections = [], []
    for slug, (text, _) in CASES.items():
        city = City(
            id=f"vt/{slug}",
            state="vt",
            slug=slug,
            name=f"Maple{text}Falls",
            ocd_id=f"ocd-division/country:us/state:vt/place:{slug}",
            government=None,
            website=None,
            elections_office_url=None,
            registration_url=None,
            polling_place_url=None,
            last_verified="2026-11-01",
        )
        election = Election(
            city=city,
            id="2027-03-02-general",
            date="2027-03-02",
            kind="general",
            voting_method=None,
            name=f"general{text}election",
        )
        election.races.append(
            Race(election=election, id="mayor", office=f"Mayor{text}", district=f"Ward{text}2", seats=1)
        )
        city.elections.append(election)
        cities.append(city)
        elections.append(election)
    return Directory(cities=cities, candidates=[], organizations=[], topics=[], elections=elections)


def main(folder: Path) -> None:
    for download in calendars(directory(), SITE_URL, dt.date(2026, 12, 6)):
        path = folder / download.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(download.content)
    (folder / "flags.json").write_text(json.dumps({"optimize": sys.flags.optimize}), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
