"""Open-data downloads: a Frictionless Data Package of CSV tables and iCalendar files.

Record text reaches both as a contributor typed it, so each encoder makes it safe itself:

- CSV, with CRLF rows (RFC 4180): a value holding a comma, a quote, a CR or an LF is quoted; a
  text cell that a spreadsheet would run as a formula gets an apostrophe in front (``GUARD_NOTE``,
  which the package's description carries); integers, numbers, booleans and dates are written from
  their parsed values, in plain form.
- iCalendar: every TEXT property, calendar names included, goes through :func:`ical_text`;
  a URI loses any control character.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import icalendar

from site_builder.directory.model import FILING, INCUMBENCY_BASES, City, Directory, Election, ElectionDay, State
from site_builder.records.schema import Schema, frictionless_descriptor
from site_builder.records.tables import Tables
from site_builder.site.phrases import day_rule, election_title, incumbency_words
from site_builder.site.urls import calendar as calendar_url
from site_builder.site.urls import city as city_url


@dataclass(frozen=True)
class Download:
    path: str
    content: bytes


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet runs as a formula when a cell starts with it (OWASP's list for CSV injection)."""
GUARD = "'"
GUARD_NOTE = (
    "A text cell that begins with =, +, -, @, a tab, a carriage return or an apostrophe is written with one "
    "apostrophe (') in front, so that spreadsheets show it as text instead of running it as a formula: remove "
    "the first apostrophe of a text cell that begins with one to get the text as recorded. This is why the "
    "maxLength of a free-text field here is one more than a record may hold. Integers, numbers, booleans and "
    "dates are written in their plain form (ASCII digits, true or false, YYYY-MM-DD), however a record wrote them."
)


def csv_text(value: str) -> str:
    """A text cell as published: guarded with an apostrophe when a spreadsheet would run it as a formula.

    A value that already begins with an apostrophe gets one too, so removing the first apostrophe
    always gives the recorded text back.
    """
    return GUARD + value if value.startswith((*FORMULA_STARTS, GUARD)) else value


def _number(value: Any) -> str:
    text = repr(float(value))
    return text.removesuffix(".0")


def _date(value: Any) -> str:
    # The way Frictionless reads a date in its default format, which also takes other digits than 0-9.
    return dt.datetime.strptime(str(value), "%Y-%m-%d").date().isoformat()


_TYPED: dict[str, Callable[[Any], str]] = {
    "integer": lambda value: str(int(value)),
    "number": _number,
    "boolean": lambda value: "true" if str(value).strip().lower() in ("true", "1") else "false",
    "date": _date,
}
"""A validated value of each type from its text (as the directory model reads it), written in its plain form."""


def csv_cell(kind: str, value: Any) -> str:
    """One cell of a published table: empty for no value, a typed value in its plain form, text guarded."""
    if value is None or value == "":
        return ""
    typed = _TYPED.get(kind)
    return typed(value) if typed else csv_text(str(value))


def _kind(field: dict[str, Any]) -> str:
    kind = str(field.get("type", "string"))
    return kind if field.get("format", "default") == "default" else "string"  # written as the record wrote it


def _table(fields: list[dict[str, Any]], rows: list[dict[str, Any]]) -> bytes:
    names = [f["name"] for f in fields]
    kinds = [_kind(f) for f in fields]
    buffer = io.StringIO(newline="")
    # The default dialect ends rows with CRLF (RFC 4180) and so quotes a value holding a CR or an LF;
    # with "\n" rows, a lone CR would go unquoted and split the row for other readers.
    writer = csv.writer(buffer)
    writer.writerow(names)
    for row in rows:
        writer.writerow([csv_cell(kind, row.get(name)) for name, kind in zip(names, kinds, strict=True)])
    return buffer.getvalue().encode("utf-8")


def _allow_the_guard(descriptor: dict[str, Any]) -> None:
    """Tell readers of the package about the guard, and make room for it in free-text fields' limits."""
    descriptor["description"] = f"{descriptor.get('description', '')} {GUARD_NOTE}".strip()
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            constraints = field.get("constraints", {})
            free_text = field.get("type", "string") == "string" and not {"pattern", "enum"} & set(constraints)
            if free_text and "maxLength" in constraints:
                constraints["maxLength"] += len(GUARD)


INCUMBENCY_FIELDS: list[dict[str, Any]] = [
    {
        "name": "incumbent_basis",
        "type": "string",
        "description": (
            "Why `incumbent` is true, when the directory shows it: `record` when the candidacy's record says so, "
            "`officeholder` when an officeholder term of the same person covers election day, `won` when the "
            "candidate won the seat's previous election and no later holder is recorded. Empty when no basis is "
            "recorded: then nothing is claimed."
        ),
        "constraints": {"enum": list(INCUMBENCY_BASES)},
    },
    {
        "name": "incumbent_reason",
        "type": "string",
        "description": "The basis in words, as the candidate's English page gives it: `won this seat in 2017`.",
    },
    {
        "name": "incumbent_source",
        "type": "string",
        "description": "The addresses of the sources of the basis (the result won, or the officeholder record), "
        "separated by a space.",
    },
]
"""The columns the published candidacies table adds after ``incumbent``: the directory model's incumbency."""


def _with_incumbency(
    resource: dict[str, Any], rows: list[dict[str, Any]], directory: Directory
) -> list[dict[str, Any]]:
    """The candidacies' rows with the incumbency the directory model found
    (:mod:`site_builder.directory.incumbency`)."""
    fields = resource["schema"]["fields"]
    at = next(index for index, f in enumerate(fields) if f["name"] == "incumbent") + 1
    fields[at - 1]["description"] += " True also where the directory shows the basis in `incumbent_basis`."
    fields[at:at] = [dict(f) for f in INCUMBENCY_FIELDS]
    found = {
        (c.candidate.id, c.election.id, c.race.id): c.incumbency
        for candidate in directory.candidates
        for c in candidate.candidacies
        if c.incumbency is not None
    }
    published = []
    for row in rows:
        incumbency = found.get((row["candidate"], row["election"], row["race"]))
        if incumbency is None:
            published.append(row)
            continue
        urls = " ".join(s.url for s in incumbency.sources if s.url)
        published.append(
            {
                **row,
                "incumbent": "true",
                "incumbent_basis": incumbency.basis,
                "incumbent_reason": incumbency_words(incumbency),
                "incumbent_source": urls,
            }
        )
    return published


def data_package(schema: Schema, tables: Tables, directory: Directory) -> list[Download]:
    """``data/datapackage.json`` and one gzip-compressed CSV per table, which `frictionless validate` accepts.

    The candidacies table carries, beside the records' values, the incumbency the directory model found and its
    basis (:data:`INCUMBENCY_FIELDS`), as the pages show it.
    """
    descriptor = frictionless_descriptor(schema)
    _allow_the_guard(descriptor)
    downloads = []
    for resource in descriptor["resources"]:
        rows = tables.rows[resource["name"]]
        if resource["name"] == "candidacies":
            rows = _with_incumbency(resource, rows, directory)
        data = _table(resource["schema"]["fields"], rows)
        # Compressed: a national directory's tables are a tenth of the size, and every CSV tool reads them.
        path = f"{resource['name']}.csv.gz"
        resource.update(path=path, format="csv", compression="gz", mediatype="text/csv", encoding="utf-8")
        downloads.append(Download(f"data/{path}", gzip.compress(data, mtime=0)))
    text = json.dumps(descriptor, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return [Download("data/datapackage.json", text.encode("utf-8")), *downloads]


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""The control characters RFC 5545 forbids in TEXT (all but tab, and the newline that is escaped), and C1's."""


def ical_text(value: str) -> icalendar.vText:
    """A TEXT value: each line break (CRLF, CR, LF, NEL, U+2028, U+2029) one newline, every other control
    character but tab removed, then icalendar's own escaping (of backslash, semicolon, comma and newline)."""
    return icalendar.vText(_CONTROL.sub("", _LINE_BREAK.sub("\n", value)))


def _uri(value: str) -> str:
    """A URI value, which is not escaped: without any control character or line break."""
    return _CONTROL.sub("", _LINE_BREAK.sub("", value))


def _event(election: Election, site_url: str, host: str) -> icalendar.Event | None:
    day = election.day
    if day is None:
        return None  # a month or a year is not a day to put in a calendar
    city = election.city
    stamp = dt.datetime.fromisoformat(city.last_verified or election.date).replace(tzinfo=dt.UTC)
    event = icalendar.Event()
    event.add("uid", ical_text(f"{city.id.replace('/', '-')}-{election.id}@{host}"))
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", ical_text(f"{city.label}: {election_title(election)}"))
    offices = "; ".join(race.title for race in election.races)
    event.add("description", ical_text(f"On the ballot: {offices}." if offices else "City election."))
    event.add("transp", "TRANSPARENT")
    if site_url:
        event.add("url", _uri(site_url.rstrip("/") + "/" + city_url(city)))
    return event


def _day_event(
    state: State, rule: ElectionDay, day: dt.date, end: dt.date, site_url: str, host: str, city: City | None
) -> icalendar.Event:
    """A regular city election day, or candidate filing period, the state's law fixes, in a city's calendar or in
    the calendar of all."""
    where = city.id.replace("/", "-") if city else state.id
    event = icalendar.Event()
    event.add("uid", ical_text(f"{where}-{rule.kind}-{day.isoformat()}-{state.id}-law@{host}"))
    event.add("dtstamp", dt.datetime.fromisoformat(state.last_verified or day.isoformat()).replace(tzinfo=dt.UTC))
    event.add("dtstart", day)
    event.add("dtend", end + dt.timedelta(days=1))
    place = city.label if city else state.name
    if rule.kind == FILING:
        event.add("summary", ical_text(f"{place}: candidate filing period"))
        what = f"candidates in {state.name} file their declarations in {day_rule(rule)}"
    else:
        event.add("summary", ical_text(f"{place}: regular city {rule.kind} election day"))
        what = f"city {rule.kind} elections in {state.name} are held in {day_rule(rule)}"
    event.add("description", ical_text(f"{rule.statute}: {what}."))
    event.add("transp", "TRANSPARENT")
    if site_url and city:
        event.add("url", _uri(site_url.rstrip("/") + "/" + city_url(city)))
    return event


def _calendar(
    name: str,
    elections: list[Election],
    site_url: str,
    days: Sequence[tuple[State, ElectionDay, dt.date, dt.date, City | None]] = (),
) -> bytes:
    host = urlsplit(site_url).hostname or "city-candidates"
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//City Candidates//Elections//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", ical_text(name))  # an X- property: icalendar would not escape a plain str
    for election in elections:
        event = _event(election, site_url, host)
        if event is not None:
            calendar.add_component(event)
    taken = {e.day for e in elections}
    for state, rule, day, end, city in days:
        if rule.kind == FILING or day not in taken:  # the city's own record of the election says more
            calendar.add_component(_day_event(state, rule, day, end, site_url, host, city))
    return bytes(calendar.to_ical())


def calendars(directory: Directory, site_url: str, today: dt.date, only: str | None = None) -> list[Download]:
    """One calendar for every city with elections or a state law that fixes its election days, and one for all
    of them: the elections whose day a record gives, and the next regular days the state's law fixes."""
    downloads = []
    for city in directory.cities:
        state = city.state_record
        days: list[tuple[State, ElectionDay, dt.date, dt.date, City | None]] = (
            [(state, rule, day, end, city) for rule, day, end in city.next_periods(today)] if state else []
        )
        if (city.elections or days) and (only is None or city.id == only):
            downloads.append(
                Download(calendar_url(city), _calendar(f"{city.label} elections", city.elections, site_url, days))
            )
    if only is None:
        days = [
            (state, rule, day, end, None)
            for state in directory.state_records.values()
            if state.id in directory.states
            for rule, day, end in state.next_periods(today)
        ]
        downloads.append(Download(calendar_url(), _calendar("City elections", directory.elections, site_url, days)))
    return downloads
