"""Ranked-choice contests of any city (:class:`site_builder.importers.tabulation.Contest`) made into the
city's record and its candidates' records.

A contest becomes an item of its election's ``offices`` with its totals, its rounds after the first
and its official results as ``source``; each candidate a record with a candidacy a race (won or lost,
the first choices as ``votes``), citing the tabulation file.  A contest joins the election already
in the city's record: its day is the one its file gives, else one another file of that year and
kind gives, else the day of the recorded election of that year and kind; a day known from none of
them, or two days for one election, stops the import.  A person is one record across races and
years when the names reduce to the same key (:func:`site_builder.records.people.person_key`), and an
existing record known under that name, or under it as one of its ``other_names``, is merged into,
never replaced (:mod:`site_builder.importers.people`).  Two people who share only a surname are kept
apart and reported for review.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from site_builder.importers import people
from site_builder.importers.merge import Incoming
from site_builder.importers.results import Records, city_files
from site_builder.importers.tabulation import Contest, Uncounted
from site_builder.records.ids import slugify
from site_builder.records.loader import load_file
from site_builder.records.people import person_key

_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def build(root: Path, contests: list[Contest], today: dt.date, uncounted: list[Uncounted] | None = None) -> Records:
    """The city records and the candidate records of the contests, city by city, with the ``uncounted``
    races of the contests' elections."""
    records = Records()
    cities: dict[tuple[str, str], list[Contest]] = defaultdict(list)
    for contest in contests:
        cities[(contest.state, contest.ocd_id)].append(contest)
    for (state, ocd_id), found in cities.items():
        city_path = city_files(root, state).get(ocd_id) or f"cities/{state}/{slugify(found[0].city)}.yml"
        days = election_days(found, _recorded(root, city_path), city_path)
        listed = [race for race in uncounted or [] if race.ocd_id == ocd_id and (race.year, race.kind) in days]
        _city_records(root, records, city_path, found, days, today, listed)
    return records


def election_days(
    contests: list[Contest], recorded: dict[tuple[str, str], list[str]], city: str
) -> dict[tuple[str, str], str]:
    """The day of the contests' elections, by year and kind: the day a file gives, else the day the
    city's record ``city`` gives (``recorded``: the full days of its elections by year and kind)."""
    given: dict[tuple[str, str], Contest] = {}
    for contest in contests:
        if contest.date:
            key = (contest.year, contest.kind)
            other = given.setdefault(key, contest)
            if other.date != contest.date:
                raise contest.fail(
                    contest.at(("date",)),
                    f"the election day {contest.date} differs from {other.date}, given by {other.file}",
                )
            days = recorded.get(key, [])
            if days and contest.date not in days:
                raise contest.fail(
                    contest.at(("date",)),
                    f"the election day {contest.date} differs from {' and '.join(days)}, the day of the "
                    f"{contest.year} {contest.kind} election in {city}",
                )
    found = {key: contest.date for key, contest in given.items()}
    for contest in contests:
        key = (contest.year, contest.kind)
        if key in found:
            continue
        days = recorded.get(key, [])
        if len(days) != 1:
            held = f"holds {len(days)} {contest.year} {contest.kind} elections" if days else "does not hold it"
            raise contest.fail(
                contest.line,
                f"the file does not give the day of the {contest.year} {contest.kind} election, no other file "
                f"of the import does, and {city} {held}: import it with a file that gives the day",
            )
        found[key] = days[0]
    return found


def _recorded(root: Path, city_path: str) -> dict[tuple[str, str], list[str]]:
    """The full days of the elections of the city's record, by year and kind."""
    path = root / city_path
    data = load_file(path, city_path)[0] if path.is_file() else None
    elections = data.get("elections") if isinstance(data, dict) else None
    days: dict[tuple[str, str], list[str]] = defaultdict(list)
    for election in elections if isinstance(elections, list) else []:
        if not isinstance(election, dict) or not isinstance(election.get("kind"), str):
            continue
        date = election.get("date")
        text = date.isoformat() if isinstance(date, dt.date) and not isinstance(date, dt.datetime) else str(date)
        if _DAY.match(text) and text not in days[(text[:4], election["kind"])]:
            days[(text[:4], election["kind"])].append(text)
    return days


def _city_records(
    root: Path,
    records: Records,
    city_path: str,
    contests: list[Contest],
    days: dict[tuple[str, str], str],
    today: dt.date,
    uncounted: list[Uncounted],
) -> None:
    """The city's record and its candidates' records, added to ``records``."""
    folder = f"candidates/{city_path.split('/')[1]}/{Path(city_path).stem}"
    candidates = people.read(root, folder)
    persons: dict[str, dict[str, Any]] = {}
    for contest in contests:
        election = election_id(days[(contest.year, contest.kind)], contest)
        for name in contest.candidates:
            candidacy = {
                "election": election,
                "office": contest.office,
                "district": contest.district,
                "party": contest.party,
                "status": "won" if name in contest.winners else "lost",
                "votes": str(contest.rounds[0].counts[name]),
                "source": contest.tabulation.item(),
            }
            if not contest.party:
                del candidacy["party"]
            citations = [contest.tabulation.item()]
            if contest.official != contest.tabulation:
                citations.append(contest.official.item())  # a report cited at one address is cited once
            person = people.add_candidacy(persons, person_key(name), name, candidacy, citations)
            if person["name"] != name:
                records.notes.append(f"`{name}` ({contest.file}) is imported as `{person['name']}`, as first written")
    order = sorted(persons, key=lambda k: (persons[k]["name"].casefold(), k))
    merged, paths = people.gather(candidates, persons, order)
    slugs = {key: Path(path).stem for key, path in paths.items()}
    incoming = people.incoming(merged, today)
    records.notes.extend(people.reviews(city_path, candidates, merged))
    records.incoming.append(_city(city_path, contests, days, slugs, today, uncounted))
    records.incoming.extend(incoming)


def election_id(day: str, contest: Contest) -> str:
    """The id of the contest's election held on ``day``: ``2017-11-07-general``; a party's primary is an election
    of its own, ``2021-06-22-primary-democratic``."""
    party = f"-{slugify(contest.party)}" if contest.party else ""
    return f"{day}-{contest.kind}{party}"


def _city(
    path: str,
    contests: list[Contest],
    days: dict[tuple[str, str], str],
    slugs: dict[str, str],
    today: dt.date,
    uncounted: list[Uncounted],
) -> Incoming:
    elections: dict[tuple[str, str, str], dict[str, Any]] = {}
    for contest in contests:
        day = days[(contest.year, contest.kind)]
        party = {"party": contest.party} if contest.party else {}
        election = elections.setdefault(
            (day, contest.kind, contest.party),
            {
                "date": day,
                "kind": contest.kind,
                **party,
                "voting_method": "ranked-choice",
                "offices": [],
                "sources": [],
            },
        )
        if contest.results.item() not in election["sources"]:
            election["sources"].append(contest.results.item())
        election["offices"].append(_office(contest, slugs))
    for race in uncounted:
        office = {"office": race.office, "district": race.district, "source": race.official.item()}
        elections[(days[(race.year, race.kind)], race.kind, "")]["offices"].append(
            {k: v for k, v in office.items() if v}
        )
    sources: list[dict[str, str]] = []
    for election in elections.values():
        sources.extend(source for source in election["sources"] if source not in sources)
    data = {
        "name": contests[0].city,
        "ocd_id": contests[0].ocd_id,
        "elections": [elections[key] for key in sorted(elections)],
        "sources": sources,
        "last_verified": today.isoformat(),
    }
    return Incoming(path, "cities", data)


def _office(contest: Contest, slugs: dict[str, str]) -> dict[str, Any]:
    office: dict[str, Any] = {"office": contest.office, "district": contest.district}
    if contest.seats > 1:
        office["seats"] = str(contest.seats)
    totals = {"write_ins": contest.rounds[0].write_ins, "ballots": contest.ballots}
    totals |= {"undervotes": contest.undervotes, "overvotes": contest.overvotes, "threshold": contest.threshold}
    totals["exhausted"] = contest.rounds[0].exhausted or None  # ballots inactive in round 1, when it counts any
    office.update({name: str(value) for name, value in totals.items() if value is not None})
    rounds = []
    out: set[str] = set()
    for counted in contest.rounds[1:]:
        counts = []
        for name in sorted(counted.counts, key=lambda n: (-counted.counts[n], n.casefold())):
            if name in out:
                continue  # decided in an earlier round: no votes left (tabulation.check)
            count = {"candidate": slugs[person_key(name)], "votes": str(counted.counts[name])}
            if name in counted.elected:
                count["outcome"] = "elected"
            elif name in counted.defeated:
                count["outcome"] = "defeated"
            counts.append(count)
        item: dict[str, Any] = {"round": str(counted.number)}
        if counted.write_ins is not None:
            item["write_ins"] = str(counted.write_ins)
        if counted.exhausted is not None:
            item["exhausted"] = str(counted.exhausted)
        item["counts"] = counts
        rounds.append(item)
        out.update(counted.elected + counted.defeated)
    if rounds:
        office["rounds"] = rounds
    office["source"] = contest.official.item()
    return {k: v for k, v in office.items() if v}


def summary(contests: list[Contest], records: Records) -> str:
    """What was read: races, rounds, candidates and candidacies."""
    candidacies = sum(len(c.candidates) for c in contests)
    rounds = sum(len(c.rounds) - 1 for c in contests)
    with_rounds = sum(1 for c in contests if len(c.rounds) > 1)
    persons = sum(1 for i in records.incoming if i.table == "candidates")
    by_year: dict[str, int] = defaultdict(int)
    for contest in contests:
        by_year[contest.year] += 1
    years = ", ".join(f"{year}: {count}" for year, count in sorted(by_year.items()))
    return (
        f"read {len(contests)} races ({years}); {rounds} rounds in {with_rounds} races; "
        f"{persons} candidates; {candidacies} candidacies"
    )
