"""Open-data downloads: a Frictionless Data Package of CSV tables and iCalendar files."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

import icalendar

from site_builder.directory.model import City, Directory, Election
from site_builder.records.schema import Schema, frictionless_descriptor
from site_builder.records.tables import Tables
from site_builder.site.urls import calendar as calendar_url
from site_builder.site.urls import city as city_url


@dataclass(frozen=True)
class Download:
    path: str
    content: bytes


def data_package(schema: Schema, tables: Tables) -> list[Download]:
    """``data/datapackage.json`` and one gzip-compressed CSV per table, which `frictionless validate` accepts."""
    descriptor = frictionless_descriptor(schema)
    downloads = []
    for resource in descriptor["resources"]:
        names = [f["name"] for f in resource["schema"]["fields"]]
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(names)
        for row in tables.rows[resource["name"]]:
            writer.writerow(["" if row.get(name) is None else row[name] for name in names])
        # Compressed: a national directory's tables are a tenth of the size, and every CSV tool reads them.
        path = f"{resource['name']}.csv.gz"
        resource.update(path=path, format="csv", compression="gz", mediatype="text/csv", encoding="utf-8")
        data = gzip.compress(buffer.getvalue().encode("utf-8"), mtime=0)
        downloads.append(Download(f"data/{path}", data))
    text = json.dumps(descriptor, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return [Download("data/datapackage.json", text.encode("utf-8")), *downloads]


def _event(election: Election, site_url: str, host: str) -> icalendar.Event | None:
    if len(election.date) != 10:
        return None  # a month or a year is not a day to put in a calendar
    city = election.city
    day = dt.date.fromisoformat(election.date)
    stamp = dt.datetime.fromisoformat(city.last_verified or election.date).replace(tzinfo=dt.UTC)
    event = icalendar.Event()
    event.add("uid", f"{city.id.replace('/', '-')}-{election.id}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", f"{city.label}: {election.title}")
    offices = "; ".join(race.title for race in election.races)
    event.add("description", f"On the ballot: {offices}." if offices else "City election.")
    event.add("transp", "TRANSPARENT")
    if site_url:
        event.add("url", site_url.rstrip("/") + "/" + city_url(city))
    return event


def _calendar(name: str, elections: list[Election], site_url: str) -> bytes:
    host = urlsplit(site_url).hostname or "city-candidates"
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//City Candidates//Elections//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for election in elections:
        event = _event(election, site_url, host)
        if event is not None:
            calendar.add_component(event)
    return bytes(calendar.to_ical())


def calendars(directory: Directory, site_url: str, only: str | None = None) -> list[Download]:
    """One calendar for every city with elections, and one for all of them."""
    cities: list[City] = [c for c in directory.cities if c.elections and (only is None or c.id == only)]
    downloads = [Download(calendar_url(c), _calendar(f"{c.label} elections", c.elections, site_url)) for c in cities]
    if only is None:
        downloads.append(Download(calendar_url(), _calendar("City elections", directory.elections, site_url)))
    return downloads
