"""Open States' mayors made into city records: each city's officeholders, with the city created where missing.

A jurisdiction is matched to its census division (:func:`places.Divisions.match`): Open States'
``place:saint_louis`` is the census list's ``place:st_louis``, whose record (``cities/mo/st-louis.yml``)
is found by its division id, never duplicated.  A jurisdiction no census division matches, or more
than one does, is reported and left out.

People are matched, never merged silently: an officeholder whose name reduces to the same key as a
candidate record of the same city (:func:`site_builder.records.people.person_key`), its name or one of
its ``other_names`` (:mod:`site_builder.importers.people`), gets that candidate's id; one who shares
only the surname is reported for review, with the reason, and not linked.  A reviewer settles it in
the record: ``candidate:`` (the same person, with a source that shows it) or ``not_candidate:``
(another person); the import keeps what is written and stops reporting it.

A person is kept once a city: Open States lists some mayors in two or three files (two ``ocd-person`` ids
for one person).  Files of one city whose names reduce to the same key, and whose middle initials and
generational suffixes (``Jr.``, ``II``), where both names give one, agree, are one officeholder: the
name and id of the file with the latest term, the terms of all (the earliest start, the latest end),
and every file cited (``Van Johnson`` and ``Van R. Johnson II`` of Savannah are one mayor).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.importers import people
from site_builder.importers.merge import Incoming
from site_builder.importers.openstates import PUBLISHER, Person, Reading, Term
from site_builder.importers.places import Division, Divisions, openstates_divisions
from site_builder.importers.results import city_files
from site_builder.records import names
from site_builder.records.ids import slugify
from site_builder.records.loader import load_file
from site_builder.records.people import person_key
from site_builder.records.rules import address_problem
from site_builder.records.schema import STATES

OFFICE = "Mayor"
MAX_URL = 500


@dataclass
class Records:
    incoming: list[Incoming] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    """The uncertain matches of officeholders with candidates, for a person to settle."""


@dataclass
class _Held:
    person: Person
    term: Term


@dataclass
class _Holder:
    """One person's terms in one city's office: the files that list them, the latest term first."""

    held: list[_Held]

    @property
    def latest(self) -> _Held:
        return self.held[0]

    @property
    def ids(self) -> list[str]:
        return [h.person.ocd_id for h in self.held]


def build(root: Path, reading: Reading, today: dt.date, divisions: Divisions | None = None) -> Records:
    """The city records Open States' mayors make, matched with the records under ``root``."""
    divisions = divisions or openstates_divisions()
    records = Records(notes=list(reading.notes))
    by_city: dict[str, list[_Held]] = defaultdict(list)
    found: dict[str, Division] = {}
    unmatched: dict[str, list[str]] = defaultdict(list)
    for person in reading.people:
        for term in _one_term_per_city(person, records.notes):
            name = reading.municipalities.get(term.jurisdiction, "")
            matches = divisions.match(term.state, term.division, name)
            if len(matches) == 1:
                found[matches[0].ocd_id] = matches[0]
                by_city[matches[0].ocd_id].append(_Held(person, term))
            else:
                shown = ", ".join(d.ocd_id for d in matches)
                reason = f"several census divisions match it ({shown})" if matches else "no census division matches it"
                unmatched[f"{term.jurisdiction} (`{name or term.division.rsplit(':', 1)[-1]}`): {reason}"].append(
                    person.display
                )
    for what, files in sorted(unmatched.items()):
        count = f"{len(files)} officeholder{'s' if len(files) != 1 else ''}"
        records.notes.append(f"left out {what}; its {count} not imported ({', '.join(sorted(files))})")
    known: dict[str, dict[str, str]] = {}
    used: set[str] = set()
    for ocd_id in sorted(by_city):
        division = found[ocd_id]
        state = ocd_id.split("/state:", 1)[1][:2]
        if state not in known:
            known[state] = city_files(root, state)
            used.update(known[state].values())
        path = known[state].get(ocd_id) or _new_path(state, division.name, used)
        used.add(path)
        holders = _one_entry_per_person(path, by_city[ocd_id], records.notes)
        records.incoming.append(_city(root, path, division, holders, reading, today, records.review))
    return records


def _one_entry_per_person(path: str, held: list[_Held], notes: list[str]) -> list[_Holder]:
    """The officeholders of one city, a person once: the files of one person joined (see the module's notes)."""
    holders: list[_Holder] = []
    for entry in sorted(held, key=lambda h: (_desc(h.term.end), h.person.status != "current", h.person.ocd_id)):
        same = next((h for h in holders if _one_holder(h.latest, entry)), None)
        if same is None:
            holders.append(_Holder([entry]))
        else:
            same.held.append(entry)
    for holder in holders:
        if len(holder.held) > 1:
            files = ", ".join(h.person.display for h in holder.held)
            notes.append(
                f"{path}: `{holder.latest.person.name}` is in {len(holder.held)} Open States files of one city, "
                f"whose names agree ({files}): kept as one officeholder with the terms of all"
            )
    return holders


def _one_holder(one: _Held, other: _Held) -> bool:
    return one.term.district == other.term.district and _same_person(one.person.name, other.person.name)


def _same_person(one: str, other: str) -> bool:
    """Whether two names of one city's officeholders are one person's: the same key, and no middle initial or
    generational suffix that both give and that differs (``Richard J. Daley`` is not ``Richard M. Daley``)."""
    if person_key(one) != person_key(other):
        return False
    for mark in (names.initials, names.generation):
        first, second = mark(one), mark(other)
        if first and second and first != second:
            return False
    return True


def _one_term_per_city(person: Person, notes: list[str]) -> list[Term]:
    """The person's mayor's terms, the latest one of each city."""
    latest: dict[str, Term] = {}
    for term in person.terms:
        kept = latest.get(term.division)
        if kept is not None:
            notes.append(f"{person.display}: two terms as mayor of {term.division}; only the latest is imported")
        if kept is None or term.end > kept.end:
            latest[term.division] = term
    return list(latest.values())


def _new_path(state: str, name: str, used: set[str]) -> str:
    stem = slugify(name.replace("'", "").replace("\u2019", "")) or "city"
    path, number = f"cities/{state}/{stem}.yml", 2
    while path in used:
        path, number = f"cities/{state}/{stem}-{number}.yml", number + 1
    return path


def _city(
    root: Path,
    path: str,
    division: Division,
    holders: list[_Holder],
    reading: Reading,
    today: dt.date,
    review: list[str],
) -> Incoming:
    state = division.ocd_id.split("/state:", 1)[1][:2]
    on_disk = _officeholders_on_disk(root / path, path)
    candidates = list(people.read(root, f"candidates/{state}/{Path(path).stem}").people.values())
    items = []
    joined = []
    for holder in sorted(holders, key=lambda h: (_status(h) != "current", _desc(_end(h)), h.latest.person.name)):
        item = _officeholder(holder)
        kept, *others = holder.ids
        for other in others:
            if other in on_disk:
                _carry(item, on_disk[other])
                joined.append(("officeholders", other, kept))
        decided = next((on_disk[i] for i in holder.ids if i in on_disk), {})
        _match(path, item, holder.latest.person, decided, candidates, review)
        items.append(item)
    listed = any(h.term.jurisdiction in reading.municipalities for holder in holders for h in holder.held)
    if listed and state in reading.listings:
        title = f"Municipalities of {STATES[state]} and their mayors"
        sources: list[Any] = [{"url": reading.listings[state], "title": title, "publisher": PUBLISHER}]
    else:
        sources = [_citation(holders[0].latest.person)]
    data: dict[str, Any] = {
        "name": division.name,
        "ocd_id": division.ocd_id,
        "officeholders": items,
        "sources": sources,
        "last_verified": today.isoformat(),
    }
    return Incoming(path, "cities", data, tuple(joined))


def _carry(item: dict[str, Any], joined: dict[str, Any]) -> None:
    """What a review wrote in an entry on disk that the import joins into ``item``: its decision about a
    candidate, and any source it cites that ``item`` does not."""
    for key in ("candidate", "not_candidate"):
        if joined.get(key) and key not in item:
            item[key] = joined[key]
    cited = {_address(source) for source in item["sources"]}
    for source in joined.get("sources") or []:
        if _address(source) not in cited:
            item["sources"].append(source)
            cited.add(_address(source))


def _address(source: Any) -> str:
    return str(source.get("url") if isinstance(source, dict) else source)


def _desc(end: str) -> str:
    """A key that sorts later dates first and an unknown date last."""
    return "".join(chr(0x7F - ord(c)) for c in end) if end else "\x7f"


def _citation(person: Person) -> dict[str, str]:
    return {"url": person.url, "title": f"Open States record of {person.name}", "publisher": PUBLISHER}


def _status(holder: _Holder) -> str:
    """``current`` when any file of the person is among Open States' current mayors."""
    return "current" if any(h.person.status == "current" for h in holder.held) else "former"


def _end(holder: _Holder) -> str:
    return max(h.term.end for h in holder.held)


def _officeholder(holder: _Holder) -> dict[str, Any]:
    person, term = holder.latest.person, holder.latest.term
    sources: list[Any] = [_citation(h.person) for h in holder.held]
    for url in (url for h in holder.held for url in h.person.sources):
        if _usable(url) and url not in sources:
            sources.append(url)
    starts = [h.term.start for h in holder.held if h.term.start]
    item = {
        "office": OFFICE,
        "district": term.district,
        "name": person.name,
        "ocd_id": person.ocd_id,
        "status": _status(holder),
        "party": next((h.person.party for h in holder.held if h.person.party), ""),
        "term_start": min(starts) if starts else "",
        "term_end": _end(holder),
        "sources": sources,
    }
    return {key: value for key, value in item.items() if value}


def _usable(url: str) -> bool:
    """Whether a source address the file names can be cited: https, a real host, within the length limit."""
    return url.startswith("https://") and len(url) <= MAX_URL and " " not in url and address_problem(url) is None


def _officeholders_on_disk(target: Path, display: str) -> dict[str, dict[str, Any]]:
    """The officeholders already in the city record, by their Open Civic Data id."""
    if not target.is_file():
        return {}
    data, _ = load_file(target, display)
    items = data.get("officeholders") if data is not None else None
    found: dict[str, dict[str, Any]] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("ocd_id"), str):
            found.setdefault(item["ocd_id"], item)
    return found


def _match(
    path: str,
    item: dict[str, Any],
    person: Person,
    on_disk: dict[str, Any],
    candidates: list[people.Person],
    review: list[str],
) -> None:
    """Link the officeholder to the candidate known under the same name; report those who share only the surname."""
    decided = {on_disk.get("candidate"), on_disk.get("not_candidate")} - {None}
    key = person_key(person.name)
    same = [c for c in candidates if key in c.keys and c.id not in decided]
    if len(same) == 1 and not decided:
        item["candidate"] = same[0].id
    elif len(same) > 1:
        shown = ", ".join(c.path for c in same)
        review.append(
            f"{path}: officeholder `{person.name}` ({person.display}) has the name of several candidates "
            f"({shown}); not linked"
        )
    surname = key.rsplit(" ", 1)[-1]
    for candidate in candidates:
        if key not in candidate.keys and surname in candidate.surnames and candidate.id not in decided:
            review.append(
                f"uncertain match in {path}: officeholder `{person.name}` ({person.display}) and candidate "
                f"`{candidate.name}` ({candidate.path}) {people.why(person.name, candidate.name)}, and no reviewed "
                f"decision links them; not linked: if a source shows they are one person, write "
                f"`candidate: {candidate.id}` in the officeholder with that source, else "
                f"`not_candidate: {candidate.id}`"
            )
