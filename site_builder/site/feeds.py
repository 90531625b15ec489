"""Atom feeds (RFC 4287) of what changed in the records: one per city and one for the whole directory.

Built from the records' git history (:mod:`site_builder.records.history`) at build time: each entry is
one record file that one commit changed, told from the differences between its rows in the normalised
tables before and after it (read through the records stage, matched by their keys), with the commit's
date and a link to the page the record makes:

- a candidate file added: ``New candidate: <name>``;
- a candidacy whose status becomes ``withdrawn``: ``Withdrew: <name>``;
- a candidacy whose status becomes a result, or whose votes change: ``Result: <name>``;
- a candidacy added to a candidate: ``New candidacy: <name>``; an election added to a city: ``New election``;
- any other change of a record's values: ``Corrected: <name>``, the fields it changed in the summary;
- a file removed: ``Removed: <name>``.

A change of layout only, or of ``last_verified`` only, tells a reader nothing and makes no entry.

The cost stays small whatever the history holds: a feed keeps its latest :data:`ENTRIES` entries, and
only the records of those entries are read.  A commit that changes many records in one city (more
than :data:`GROUP_LIMIT`), or many records overall (more than :data:`COMMIT_LIMIT`, such as an import),
makes one entry per city (``12 new candidates``), told from the file statuses and the directory as it
is now, without reading a single record of it.

Whatever the history holds, the feeds are built.  A file of the history whose name no record file can
have makes no entry, and a record of the history that cannot be read (over the size limit, not UTF-8,
refused by the loader) makes an entry told from its path and the directory as it is now: each kind of
trouble, and a commit whose date cannot be read (see :mod:`site_builder.records.history`), is one
warning of the build, with the number of files or commits and one of them.

The feeds are deterministic for the same history and records: entry ids are tag URIs of the commit and
the file, and a feed's ``updated`` is its newest entry's commit date (for a feed with no entry, the
newest commit's).  Every text is written by ElementTree, which encodes it, after removing the characters
XML cannot hold; record text reaches a feed only through the strict loader and its character policy.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from site_builder.directory.model import Directory
from site_builder.records.history import (
    Commit,
    FileChange,
    History,
    Snapshot,
    read_history,
    read_tables,
    row_changes,
)
from site_builder.records.keys import Key, keys
from site_builder.records.problems import Code, Problem, Severity
from site_builder.records.schema import SLUG_PATTERN, STATES, load_schema
from site_builder.site import formats, urls
from site_builder.site.downloads import Download
from site_builder.site.formats import date as fuzzy_date
from site_builder.site.pages import FeedLink, FeedLinks, Settings

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50
"""The most entries a feed holds: the latest."""
GROUP_LIMIT = 10
"""A commit changing more record files than this in one city makes one entry for the city."""
COMMIT_LIMIT = 100
"""A commit changing more record files than this makes one entry per city, each without reading its records."""
TAG_DATE = "2026"
"""The date of the entry and feed ids' tag URIs (RFC 4151): fixed, so that an id never changes."""
SITE_NAME = "City Candidates"
RESULT_STATUSES = frozenset({"won", "lost", "advanced", "advanced-to-runoff"})
NAMES_SHOWN = 10
"""The most names a grouped entry's summary lists."""
SHORT_SHA = 12
"""The digits of a commit's id a warning shows."""

_SLUG = re.compile(SLUG_PATTERN)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ELECTION_ID = re.compile(r"^(\d{4}(?:-\d{2}){0,2}|unknown)-(.+)$")
_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

Records = dict[tuple[str, str], Snapshot | None]
"""Records of the history as rows, by their file's path and blob: None for one that cannot be read."""


@dataclass(frozen=True)
class Subject:
    """The record a file of the history holds, from its path alone."""

    table: str
    """Its kind's table: ``cities``, ``candidates``, ``organizations`` ..."""
    id: str
    """Its id: ``mn/minneapolis``, ``mn/minneapolis/jane-doe``, ``transit-riders`` ..."""
    city: str
    """The id of the city it belongs to, or "" for a record of the whole directory."""
    noun: str

    @property
    def scope(self) -> str:
        """What one entry may group: the records of one city, or of one kind outside the cities."""
        return self.city or self.table


def subject(path: str) -> Subject | None:
    """The record at ``path`` (relative to the records' root), or None for a file that holds no record."""
    found = keys().record_at(path)
    if found is None or not all(_SLUG.match(name) for name in found[1]):
        return None
    table, names = found
    return Subject(table.name, "/".join(names), "/".join(names[:2]) if table.city_local else "", table.noun)


@dataclass(frozen=True)
class Told:
    """What an entry says."""

    title: str
    summary: str = ""


@dataclass
class _Entry:
    commit: Commit
    order: int
    scope: str
    city: str
    files: tuple[tuple[FileChange, Subject], ...]
    grouped: bool
    told: Told | None = None
    done: bool = False
    """Whether the entry has been told; an entry told None tells nothing and is left out."""

    @property
    def reads(self) -> list[tuple[str, str]]:
        """The records of the history it is told from: each file's path and blob."""
        if self.grouped:
            return []
        return [(change.path, b) for change, _ in self.files for b in (change.old, change.new) if b]


@dataclass
class Feeds:
    """The feeds to publish, the links the pages make to them and what a builder should know."""

    downloads: list[Download] = field(default_factory=list)
    links: FeedLinks = field(default_factory=FeedLinks)
    notices: list[Problem] = field(default_factory=list)


def _entries(history: History, only: str | None) -> tuple[list[_Entry], set[str]]:
    """The entries of the history, newest first: one per record file a commit changed, or one per city (or
    kind of record) for a commit that changed many; in a one-city preview, that city's only, cut the same way.

    And the paths of the history's files that no record file can have, which make no entry."""
    entries: list[_Entry] = []
    odd: set[str] = set()
    for order, commit in enumerate(history.commits):
        files = []
        for change in commit.changes:
            found = subject(change.path)
            if found is None:
                odd.add(change.path)
            else:
                files.append((change, found))
        mass = len(files) > COMMIT_LIMIT
        if only:
            files = [item for item in files if item[1].city == only]
        scopes: dict[str, list[tuple[FileChange, Subject]]] = {}
        for item in files:
            scopes.setdefault(item[1].scope, []).append(item)
        for scope, items in scopes.items():
            city = items[0][1].city
            if mass or len(items) > GROUP_LIMIT:
                entries.append(_Entry(commit, order, scope, city, tuple(items), grouped=True))
            else:
                entries.extend(_Entry(commit, order, scope, city, (item,), grouped=False) for item in items)
    entries.sort(key=lambda entry: (-entry.commit.date.timestamp(), entry.order))
    return entries, odd


def _latest(entries: Iterable[_Entry]) -> list[_Entry]:
    """The latest :data:`ENTRIES` entries that tell something or are not told yet."""
    kept: list[_Entry] = []
    for entry in entries:
        if entry.done and entry.told is None:
            continue
        kept.append(entry)
        if len(kept) == ENTRIES:
            break
    return kept


class _Teller:
    """Says what each entry's change was, from the records before and after it."""

    def __init__(self, directory: Directory, read: Callable[[list[tuple[str, str]]], Records]) -> None:
        self.read = read
        self.cities = {city.id: city for city in directory.cities}
        self.candidates = {candidate.path: candidate for candidate in directory.candidates}
        self.labels = load_schema().label
        self.unread: set[tuple[str, str]] = set()
        """The path and commit of each record of the history asked for that could not be read."""

    def tell(self, entries: list[_Entry]) -> None:
        records = self.read(sorted({read for entry in entries for read in entry.reads}))
        for entry in entries:
            if any(records.get(read) is None for read in entry.reads):
                self.unread.add((entry.files[0][0].path, entry.commit.sha))
            entry.told = self.grouped(entry) if entry.grouped else self.single(entry, records)
            entry.done = True

    def city_label(self, city_id: str) -> str:
        city = self.cities.get(city_id)
        if city is not None:
            return city.label
        state, _, slug = city_id.partition("/")
        return f"{slug}, {state.upper()}"

    def current_name(self, change: FileChange, found: Subject) -> str:
        if found.table == "candidates":
            candidate = self.candidates.get(change.path)
            if candidate is not None:
                return candidate.name
        if found.table == "cities":
            return self.city_label(found.id)
        return found.id.rsplit("/", 1)[-1]

    def grouped(self, entry: _Entry) -> Told:
        counts: Counter[tuple[str, str]] = Counter((found.table, change.status) for change, found in entry.files)
        pieces: list[str] = []
        if counts["cities", "A"]:
            pieces.append("new city")
        added = counts["candidates", "A"]
        if added:
            pieces.append(f"{added} new candidate{'s' if added != 1 else ''}")
        if not entry.city:
            kind = entry.files[0][1].noun
            new = counts[entry.scope, "A"]
            if new:
                pieces.append(f"{new} new {kind}{'s' if new != 1 else ''}")
        changed = sum(n for (_, status), n in counts.items() if status == "M")
        if changed:
            pieces.append(f"{changed} record{'s' if changed != 1 else ''} updated")
        removed = sum(n for (_, status), n in counts.items() if status == "D")
        if removed:
            pieces.append(f"{removed} record{'s' if removed != 1 else ''} removed")
        title = ", ".join(pieces)
        names = [
            self.current_name(change, found)
            for change, found in entry.files
            if change.status == "A" and found.table != "cities"
        ]
        shown = names[:NAMES_SHOWN]
        more = f" and {len(names) - len(shown)} more" if len(names) > len(shown) else ""
        summary = f"Added: {', '.join(shown)}{more}." if shown else ""
        return Told(title[:1].upper() + title[1:], summary)

    def single(self, entry: _Entry, records: Records) -> Told | None:
        change, found = entry.files[0]
        old = records.get((change.path, change.old)) if change.old else None
        new = records.get((change.path, change.new)) if change.new else None
        name = _name(new, found) or _name(old, found) or self.current_name(change, found)
        if found.table == "cities":
            name = self.city_label(found.id) if found.id in self.cities else name
        if change.status == "A":
            if found.table == "candidates":
                return Told(f"New candidate: {name}", self.runs(new))
            return Told(f"New {found.noun}: {name}")
        if change.status == "D":
            return Told(f"Removed: {name}", f"The {found.noun} record was removed.")
        if old is None or new is None:
            return Told(f"Corrected: {name}")
        if found.table == "candidates":
            return self.candidate(name, old, new)
        if found.table == "cities":
            return self.city(name, old, new)
        return _corrected(name, old, new)

    def runs(self, record: Snapshot | None, chosen: Iterable[Key] | None = None) -> str:
        """The candidacies of a candidate record, as sentences: all of them, or those of ``chosen``."""
        runs = _rows(record, "candidacies")
        picked = runs if chosen is None else {key: runs[key] for key in chosen if key in runs}
        return " ".join(self.run(candidacy) for candidacy in picked.values())

    def run(self, candidacy: dict[str, Any]) -> str:
        office = _text(candidacy.get("office"))
        district = _text(candidacy.get("district"))
        race = f"{office}, {district}" if district else office
        said = f"{race or 'A race'}, {_election(_text(candidacy.get('election')))}"
        result = [self.labels(_text(candidacy.get("status"))).lower()] if candidacy.get("status") else []
        votes = _number(candidacy.get("votes"))
        if votes:
            result.append(f"{votes} votes")
        share = _text(candidacy.get("vote_share"))
        if share:
            result.append(f"{share}%")
        return f"{said}: {', '.join(result)}." if result else f"{said}."

    def candidate(self, name: str, old: Snapshot, new: Snapshot) -> Told | None:
        before, after = _rows(old, "candidacies"), _rows(new, "candidacies")
        withdrew, results, added = [], [], []
        for key, run in after.items():
            was = before.get(key)
            if was is None:
                added.append(key)
            elif run.get("status") != was.get("status") and run.get("status") == "withdrawn":
                withdrew.append(key)
            elif (run.get("status") != was.get("status") and run.get("status") in RESULT_STATUSES) or any(
                run.get(f) != was.get(f) for f in ("votes", "vote_share")
            ):
                results.append(key)
        if withdrew:
            return Told(f"Withdrew: {name}", self.runs(new, withdrew))
        if results:
            return Told(f"Result: {name}", self.runs(new, results))
        if added:
            return Told(f"New candidacy: {name}", self.runs(new, added))
        return _corrected(name, old, new)

    def city(self, name: str, old: Snapshot, new: Snapshot) -> Told | None:
        before, after = _rows(old, "elections"), _rows(new, "elections")
        added = [election for key, election in after.items() if key not in before]
        if added:
            phrases = "; ".join(_election_phrase(election) for election in added)
            return Told(f"New election: {name}", f"{phrases[:1].upper()}{phrases[1:]}.")
        results = []
        old_races = _rows(old, "races")
        for election in after.values():
            for key, race in _rows(new, "races").items():
                if race.get("election") != election.get("id"):
                    continue
                previous = old_races.get(key)
                if previous is not None and _result(old, previous) != _result(new, race):
                    results.append(f"{_race_title(race)}, {_election_phrase(election)}")
        if results:
            return Told(f"Result: {name}", "; ".join(results) + ".")
        return _corrected(name, old, new)


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _name(record: Snapshot | None, found: Subject) -> str:
    if record is None:
        return ""
    if found.table == "cities":
        name = _text(record.record.get("name"))
        state = found.id.partition("/")[0]
        return f"{name}, {state.upper()}" if name else ""
    return _text(record.record.get("name"))


def _rows(record: Snapshot | None, table: str) -> dict[Key, dict[str, Any]]:
    """A record's rows of ``table``, by their keys, in the record's order."""
    if record is None:
        return {}
    return {keys().row_key(table, row): row for row in record.rows(table)}


def _race_title(race: dict[str, Any]) -> str:
    office, district = _text(race.get("office")), _text(race.get("district"))
    return f"{office}, {district}" if district else office


def _result(record: Snapshot, race: dict[str, Any]) -> tuple[Any, ...]:
    """What a race's rows say of its result: its counts and its rounds."""
    fields = ("write_ins", "ballots", "undervotes", "overvotes", "threshold", "exhausted")
    return (*(race.get(f) for f in fields), record.below("races", race))


def _election(election_id: str) -> str:
    match = _ELECTION_ID.match(election_id)
    if not match:
        return f"election {election_id}" if election_id else "an election"
    return f"{fuzzy_date(match[1])} {match[2].replace('-', ' ')} election"


def _election_phrase(election: dict[str, Any]) -> str:
    """An election of a city record in words: ``March 3, 2026 general election``, or its name."""
    name = _text(election.get("name"))
    if name:
        return name
    party = _text(election.get("party"))
    words = [fuzzy_date(_text(election.get("date"))), party, _text(election.get("kind")), "" if party else "election"]
    return " ".join(word for word in words if word)


def _number(value: Any) -> str:
    text = _text(value)
    try:
        return formats.number(int(text))
    except ValueError:
        return text


def _corrected(name: str, old: Snapshot, new: Snapshot) -> Told | None:
    """The record's fields whose rows differ, in the order the record writes them."""
    changed = {
        field_name
        for change in row_changes(old, new)
        for field_name in (change.changed if not change.field else [change.field])
    }
    order = new.fields
    fields = sorted(
        changed - {"last_verified"},
        key=lambda key: (order.index(key) if key in order else len(order), key),
    )
    if not fields:
        return None
    return Told(f"Corrected: {name}", f"Changed: {', '.join(fields)}.")


def _clean(text: str) -> str:
    """Text XML 1.0 can hold: without the characters it cannot (the character policy refuses them already)."""
    return _NOT_XML.sub("", text)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Writer:
    """Lays out one feed as Atom XML."""

    def __init__(self, settings: Settings, directory: Directory, teller: _Teller, newest: dt.datetime) -> None:
        self.settings = settings
        self.host = urlsplit(settings.site_url).hostname or "city-candidates"
        self.organizations = {o.id: o for o in directory.organizations}
        self.topics = {t.id: t for t in directory.topics}
        self.states = set(directory.states)
        self.teller = teller
        self.newest = newest

    def href(self, feed_url: str, target: str) -> str:
        if self.settings.site_url:
            return urls.absolute(self.settings.site_url, target)
        return urls.relative(feed_url, target)

    def tag(self, specific: str) -> str:
        return f"tag:{self.host},{TAG_DATE}:{specific}"

    def page(self, entry: _Entry) -> str:
        """Where an entry links: the record's page, else its city's, else the hub of its kind."""
        change, found = entry.files[0]
        city = self.teller.cities.get(entry.city) if entry.city else None
        if not entry.grouped and found.table == "candidates":
            candidate = self.teller.candidates.get(change.path)
            if candidate is not None:
                return urls.candidate(candidate)
        if entry.city:
            return urls.city(city) if city is not None else urls.cities()
        one = not entry.grouped
        if found.table == "organizations":
            organization = self.organizations.get(found.id) if one else None
            return urls.organization(organization) if organization else urls.organizations()
        if found.table == "topics":
            topic = self.topics.get(found.id) if one else None
            return urls.topic(topic) if topic else urls.topics()
        if found.table == "states" and one and found.id in self.states:
            return urls.state(found.id)
        return urls.home()

    def feed(self, url: str, title: str, subtitle: str, page: str, entries: list[_Entry], whole: bool) -> bytes:
        root = ET.Element("feed", {"xmlns": ATOM})
        ET.SubElement(root, "id").text = self.tag(url)
        ET.SubElement(root, "title").text = _clean(title)
        ET.SubElement(root, "subtitle").text = _clean(subtitle)
        updated = entries[0].commit.date if entries else self.newest
        ET.SubElement(root, "updated").text = _stamp(updated)
        author = ET.SubElement(root, "author")
        ET.SubElement(author, "name").text = SITE_NAME
        if self.settings.repo_url:
            ET.SubElement(author, "uri").text = _clean(self.settings.repo_url)
        if self.settings.site_url:
            ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml", "href": self.href(url, url)})
        ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html", "href": self.href(url, page)})
        for entry in entries:
            told = entry.told
            assert told is not None
            element = ET.SubElement(root, "entry")
            change = entry.files[0][0]
            specific = f"{entry.commit.sha}/{entry.scope if entry.grouped else change.path}"
            ET.SubElement(element, "id").text = self.tag(specific)
            heading = told.title
            if whole and entry.city:
                heading = f"{self.teller.city_label(entry.city)}: {heading}"
            ET.SubElement(element, "title").text = _clean(heading)
            ET.SubElement(element, "updated").text = _stamp(entry.commit.date)
            ET.SubElement(
                element, "link", {"rel": "alternate", "type": "text/html", "href": self.href(url, self.page(entry))}
            )
            if told.summary:
                ET.SubElement(element, "summary").text = _clean(told.summary)
        ET.indent(root)
        # Serialised to a str and encoded once: ElementTree's own UTF-8 writer costs more than the feed itself.
        return (_DECLARATION + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def _warning(feed_path: str, message: str, hint: str, code: Code) -> Problem:
    return Problem(feed_path, 1, 1, "", message, hint, Severity.WARNING, code=code)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def history_notices(history: History, feed_path: str) -> list[Problem]:
    """A warning when the feeds are left out for want of history, or hold only part of it."""
    if not history.available:
        return [
            _warning(
                feed_path,
                f"the feeds of changes are left out: {history.missing}",
                "build from a git clone of the repository, with git installed, to publish them",
                Code.NO_HISTORY,
            )
        ]
    notices = []
    if history.shallow:
        notices.append(
            _warning(
                feed_path,
                "the repository is a shallow clone: the feeds of changes hold only the history present "
                f"({_plural(len(history.commits), 'commit')} that changed records)",
                "run `git fetch --unshallow`, or check out with `fetch-depth: 0` in the workflow that builds the site",
                Code.SHALLOW_HISTORY,
            )
        )
    if history.undated:
        sha = min(history.undated)[:SHORT_SHA]
        notices.append(
            _warning(
                feed_path,
                f"the feeds of changes leave out {_plural(len(history.undated), 'commit')} whose date cannot be "
                f"read or is out of range, such as {sha}",
                f"see its committer line with `git cat-file -p {sha}`; the other commits' changes are in the feeds",
                Code.HISTORY_DATE,
            )
        )
    return notices


def _trouble_notices(feed_path: str, odd: set[str], unread: set[tuple[str, str]]) -> list[Problem]:
    """One warning for the files of the history no record can be, one for the records that cannot be read."""
    notices = []
    if odd:
        notices.append(
            _warning(
                feed_path,
                f"the feeds of changes leave out {_plural(len(odd), 'file')} of the history whose names no record "
                f"file can have, such as `{min(odd)}`",
                "no record is lost: such a file was never read as one, and validation refuses such a name",
                Code.HISTORY_NAME,
            )
        )
    if unread:
        path, sha = min(unread)
        notices.append(
            _warning(
                feed_path,
                f"the feeds of changes cannot read {_plural(len(unread), 'record')} as the history holds them, "
                f"such as `{path}` in commit {sha[:SHORT_SHA]}: over the size limit, not UTF-8 text, or refused "
                "by the loader",
                "their entries say only what the path and the current records tell, and quote nothing of them",
                Code.HISTORY_RECORD,
            )
        )
    return notices


def change_feeds(root: Path, directory: Directory, settings: Settings, history: History | None = None) -> Feeds:
    """The feed of each city (of the previewed one only, in a one-city preview) and of the whole directory."""
    schema = load_schema()
    if history is None:
        history = read_history(root, sorted(str(table.folder) for table in schema.record_tables))
    feeds = Feeds(notices=history_notices(history, urls.feed()))
    if not history.available or history.newest is None:
        return feeds
    entries, odd = _entries(history, settings.only)
    cities = [city for city in directory.cities if not settings.only or city.id == settings.only]
    by_city: dict[str, list[_Entry]] = {}
    for entry in entries:
        if entry.city:
            by_city.setdefault(entry.city, []).append(entry)
    teller = _Teller(directory, lambda files: read_tables(root, files))
    lists = [by_city.get(city.id, []) for city in cities]
    if not settings.only:
        lists.append(entries)
    while True:
        waiting = {id(e): e for chosen in lists for e in _latest(chosen) if not e.done}
        if not waiting:
            break
        teller.tell(list(waiting.values()))
    feeds.notices.extend(_trouble_notices(urls.feed(), odd, teller.unread))
    writer = _Writer(settings, directory, teller, history.newest)
    links: dict[str, FeedLink] = {}
    for city in cities:
        url = urls.feed(city)
        links[city.id] = FeedLink(url, f"Changes in {city.label}")
        content = writer.feed(
            url,
            f"Changes in {city.label} – {SITE_NAME}",
            "New candidates, results, withdrawals and corrections in the records of "
            f"{city.name}, {STATES[city.state]}.",
            urls.city(city),
            _latest(by_city.get(city.id, [])),
            whole=False,
        )
        feeds.downloads.append(Download(url, content))
    directory_link = None
    if not settings.only:
        url = urls.feed()
        directory_link = FeedLink(url, f"Changes in the {SITE_NAME} directory")
        content = writer.feed(
            url,
            f"Changes in the {SITE_NAME} directory",
            "New candidates, results, withdrawals and corrections in the records of every city.",
            urls.home(),
            _latest(entries),
            whole=True,
        )
        feeds.downloads.append(Download(url, content))
    feeds.links = FeedLinks(links, directory_link)
    return feeds
