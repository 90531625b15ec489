"""Rules a table schema cannot state, and the warnings that keep the data fresh.

Errors: calendar-valid partial dates, sources that say what they are, photos
with licence and credit, a candidate with at least one candidacy, a division id
in the city's own state, endorsements for one of the candidate's elections.
Warnings: records not verified for 180 days while an election is upcoming, facts without a source,
two candidates in one city who look like the same person.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterator
from typing import Any

from .problems import Problem, Severity
from .schema import Schema, load_schema
from .tables import Origin, Tables

STALE_DAYS = 180
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OCD = re.compile(load_schema().tables["cities"].fields["ocd_id"].constraints["pattern"])
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _at(origin: Origin, name: str, message: str, hint: str = "", warning: bool = False) -> Problem:
    line, column = origin.at(name) if name else origin.mark
    return Problem(
        origin.path,
        line,
        column,
        origin.field(name) if name else origin.field_path,
        message,
        hint,
        Severity.WARNING if warning else Severity.ERROR,
    )


class _Scope:
    """The tables a rule may look things up in, and those whose rows it checks."""

    def __init__(self, tables: Tables, checked: Collection[str] | None) -> None:
        self.tables = tables
        self.checked = checked

    def rows(self, name: str) -> Iterator[tuple[dict[str, Any], Origin]]:
        """The checked rows of a table, each with its origin."""
        if self.checked is not None and name not in self.checked:
            return iter(())
        return zip(self.tables.rows[name], self.tables.origins[name], strict=True)

    def lookup(self, name: str) -> list[dict[str, Any]]:
        """Every row of a table, checked here or not, to look things up in."""
        return self.tables.rows[name]


def record_problems(
    schema: Schema, tables: Tables, today: dt.date, checked: Collection[str] | None = None
) -> list[Problem]:
    """The rules over the rows of the ``checked`` tables (all by default), looking up any table.

    Every rule looks only within one record, or one record and the records it refers to, or
    (for people listed twice) one city: a run of records checked with the tables it refers
    to gives exactly the problems a check of the whole directory gives for it.
    """
    scope = _Scope(tables, checked)
    problems: list[Problem] = []
    problems += _fuzzy_dates(schema, scope)
    problems += _sources(scope)
    problems += _photos(scope)
    problems += _candidacies(scope)
    problems += _division_states(scope)
    problems += _endorsement_elections(scope)
    problems += _stale(scope, today)
    problems += _unsourced(scope)
    problems += _same_person(scope)
    return problems


def _fuzzy_dates(schema: Schema, scope: _Scope) -> Iterator[Problem]:
    for table in schema.tables.values():
        names = [f.name for f in table.fields.values() if f.fuzzy_date]
        for row, origin in scope.rows(table.name) if names else ():
            for name in names:
                value = row.get(name)
                if isinstance(value, str) and _FULL_DATE.match(value):
                    try:
                        dt.date.fromisoformat(value)
                    except ValueError:
                        yield _at(
                            origin,
                            name,
                            f"`{value}` is not a day of the calendar",
                            "check the day of the month, or write only YYYY-MM",
                        )


def _sources(scope: _Scope) -> Iterator[Problem]:
    for row, origin in scope.rows("sources"):
        if not row.get("url") and not row.get("title"):
            yield _at(
                origin,
                "",
                "a source needs a `url` or a `title`",
                "cite the article: its title, publisher, date and url",
            )


def _photos(scope: _Scope) -> Iterator[Problem]:
    for row, origin in scope.rows("candidates"):
        if row.get("photo_url"):
            for name in ("photo_license", "photo_credit"):
                if not row.get(name):
                    yield _at(
                        origin,
                        "photo_url",
                        f"a photo needs `{name}`",
                        "only use photos whose licence allows reuse, and credit the photographer",
                    )


def _candidacies(scope: _Scope) -> Iterator[Problem]:
    running = {row["candidate"] for row in scope.lookup("candidacies")}
    for row, origin in scope.rows("candidates"):
        if row["id"] not in running:
            yield _at(
                origin,
                "",
                "the candidate has no candidacies",
                "add `candidacies:` with the election, office and status",
            )


def _division_states(scope: _Scope) -> Iterator[Problem]:
    for row, origin in scope.rows("cities"):
        ocd = row.get("ocd_id")
        expected = f"ocd-division/country:us/state:{row['state']}/"
        if isinstance(ocd, str) and _OCD.match(ocd) and not ocd.startswith(expected):
            yield _at(
                origin,
                "ocd_id",
                f"`{ocd}` is not in the state of this record's folder ({row['state']})",
                f"the id should start with {expected}",
            )


def _endorsement_elections(scope: _Scope) -> Iterator[Problem]:
    running = {(row["candidate"], row.get("election")) for row in scope.lookup("candidacies")}
    elections = {(row["city"], row.get("id")) for row in scope.lookup("elections")}
    for row, origin in scope.rows("endorsements"):
        election = row.get("election")
        if election and (row["city"], election) in elections and (row["candidate"], election) not in running:
            yield _at(
                origin,
                "election",
                f"the candidate has no candidacy in `{election}`",
                "endorse one of the candidate's candidacies, or add that candidacy",
            )


def _parse_fuzzy(value: Any) -> dt.date | None:
    """The last day a partial date can mean, or None."""
    if not isinstance(value, str):
        return None
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:])
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        if len(value) == 4:
            return dt.date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def _stale(scope: _Scope, today: dt.date) -> Iterator[Problem]:
    upcoming: dict[str, dt.date] = {}
    for row in scope.lookup("elections"):
        day = _parse_fuzzy(row.get("date"))
        if day and day >= today:
            key = f"{row['city']}|{row.get('id')}"
            upcoming[key] = day
    next_election: dict[str, dt.date] = {}
    for row in scope.lookup("candidacies"):
        day = upcoming.get(f"{row['city']}|{row.get('election')}")
        if day and (row["candidate"] not in next_election or day < next_election[row["candidate"]]):
            next_election[row["candidate"]] = day
    for row, origin in scope.rows("candidates"):
        election_day = next_election.get(row["id"])
        try:
            verified = dt.date.fromisoformat(str(row.get("last_verified")))
        except ValueError:
            continue
        if election_day and (today - verified).days > STALE_DAYS:
            yield _at(
                origin,
                "last_verified",
                f"last verified {verified.isoformat()}, more than {STALE_DAYS} days ago, "
                f"and the candidate is on the ballot on {election_day.isoformat()}",
                "check the record against its sources and update `last_verified`",
                warning=True,
            )


def _unsourced(scope: _Scope) -> Iterator[Problem]:
    cited: dict[str, set[str]] = defaultdict(set)
    for row in scope.lookup("sources"):
        cited[row["record"]].add(row.get("subject") or "")
    checks = (
        ("cities", "cities", "the city record cites no sources", "add `sources:` with the pages its facts come from"),
        (
            "candidates",
            "candidates",
            "the candidate record cites no sources",
            "add `sources:` with the pages its facts come from",
        ),
        (
            "organizations",
            "organizations",
            "the organisation record cites no sources",
            "add `sources:` with the pages its facts come from",
        ),
    )
    for table, folder, message, hint in checks:
        for row, origin in scope.rows(table):
            if "" not in cited[f"{folder}/{row['id']}"]:
                yield _at(origin, "", message, hint, warning=True)
    for table, noun in (("positions", "platform position"), ("endorsements", "endorsement")):
        for row, origin in scope.rows(table):
            if origin.field_path not in cited[f"candidates/{row['candidate']}"]:
                yield _at(
                    origin,
                    "",
                    f"this {noun} has no source",
                    "add `source:` with the article or page that reports it",
                    warning=True,
                )
    for row, origin in scope.rows("candidacies"):
        has_result = (
            row.get("votes") or row.get("vote_share") or row.get("status") in ("won", "lost", "advanced-to-runoff")
        )
        if has_result and origin.field_path not in cited[f"candidates/{row['candidate']}"]:
            yield _at(
                origin,
                "",
                "this result has no source",
                "add `source:` with the official results or a news report",
                warning=True,
            )


def person_key(name: str) -> str:
    """A name reduced to compare people: no accents, case, punctuation, initials or suffixes."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z]+", plain)
    return " ".join(w for w in words if len(w) > 1 and w not in _SUFFIXES)


def _same_person(scope: _Scope) -> Iterator[Problem]:
    seen: dict[tuple[str, str], str] = {}
    for row, origin in scope.rows("candidates"):
        name = row.get("name")
        if not isinstance(name, str):
            continue
        key = (row["city"], person_key(name))
        if key in seen:
            yield _at(
                origin,
                "name",
                f"`{name}` looks like the same person as {seen[key]}",
                "merge the two records, or tell them apart in `name`",
                warning=True,
            )
        else:
            seen[key] = origin.path
