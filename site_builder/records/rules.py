"""Rules a table schema cannot state, and the warnings that keep the data fresh.

Most of them are read from the descriptor's ``x-`` properties: the fields that
must come together (``x-requires``), the list items a record must have
(``x-record.min_items``), the facts that must cite a source of their own
(``x-record.must_cite``) and the dates that cannot be in the future
(``x-not-after-today``).  The others are checks of their own: calendar-valid
partial dates, sources that say what they are, a race's votes for each voter within its
seats, a division id in the city's own state, endorsements for one of the candidate's
elections, candidates not verified for longer than the descriptor allows
(``x-stale-after-days``) while on an upcoming ballot,
two candidates in one city who look like the same person, a candidate's other names that
are its own name or listed twice, a candidate found not to be itself, an officeholder
or a candidate's decision naming another city's candidate, and an answer to a questionnaire
that does not ask the candidate's race.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator
from typing import Any
from urllib.parse import urlsplit

from site_builder.records import people
from site_builder.records.dates import is_upcoming, last_day, more_than_days_before
from site_builder.records.people import person_key
from site_builder.records.problems import Code, Problem, Severity
from site_builder.records.schema import Schema, Table
from site_builder.records.tables import Origin, Tables

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _at(code: Code, origin: Origin, name: str, message: str, hint: str = "", warning: bool = False) -> Problem:
    line, column = origin.at(name) if name else origin.mark
    return Problem(
        origin.path,
        line,
        column,
        origin.field(name) if name else origin.field_path,
        message,
        hint,
        Severity.WARNING if warning else Severity.ERROR,
        code=code,
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
    problems += _sources(schema, scope)
    problems += _companions(schema, scope)
    problems += _day_rules(scope)
    problems += _votes_allowed(scope)
    problems += _election_years(scope)
    problems += _min_items(schema, scope)
    problems += _division_states(schema, scope)
    problems += _endorsement_elections(scope)
    problems += _sequences(schema, scope)
    problems += _stale(schema, scope, today)
    problems += _future_dates(schema, scope, today)
    problems += _unsourced(schema, scope)
    problems += _same_person(scope)
    problems += _other_names(scope)
    problems += _not_same_person(scope)
    problems += _possibly_same_person(scope)
    problems += _same_city_candidates(scope)
    problems += _answers_asked(scope)
    problems += _plain_numbers(schema, scope)
    problems += _web_addresses(schema, scope)
    return problems


def _fuzzy_dates(schema: Schema, scope: _Scope) -> Iterator[Problem]:
    for table in schema.tables.values():
        names = [f.name for f in table.fields.values() if f.fuzzy_date]
        for row, origin in scope.rows(table.name) if names else ():
            for name in names:
                value = row.get(name)
                if isinstance(value, str) and _FULL_DATE.match(value) and last_day(value) is None:
                    yield _at(
                        Code.NOT_A_DAY,
                        origin,
                        name,
                        f"`{value}` is not a day of the calendar",
                        "check the day of the month, or write only YYYY-MM",
                    )


def _sources(schema: Schema, scope: _Scope) -> Iterator[Problem]:
    for row, origin in scope.rows(schema.sources.name):
        if not row.get("url") and not row.get("title"):
            yield _at(
                Code.EMPTY_SOURCE,
                origin,
                "",
                "a source needs a `url` or a `title`",
                "cite the article: its title, publisher, date and url",
            )


def _companions(schema: Schema, scope: _Scope) -> Iterator[Problem]:
    """Fields given without the fields that must come with them (``x-requires``)."""
    for table in schema.tables.values():
        needing = [f for f in table.fields.values() if f.requires]
        for row, origin in scope.rows(table.name) if needing else ():
            for field in needing:
                if row.get(field.name):
                    for name in field.requires["fields"]:
                        if not row.get(name):
                            yield _at(
                                Code.MISSING_COMPANION,
                                origin,
                                field.name,
                                f"{field.requires.get('noun', f'`{field.name}`')} needs `{name}`",
                                field.requires.get("hint", ""),
                            )


def _votes_allowed(scope: _Scope) -> Iterator[Problem]:
    """A race's votes for each voter are at most its seats (1 when not given)."""
    for row, origin in scope.rows("races"):
        allowed, seats = _whole(row.get("votes_allowed")), _whole(row.get("seats")) or 1
        if allowed is not None and allowed > seats:
            yield _at(
                Code.OUT_OF_RANGE,
                origin,
                "votes_allowed",
                f"each voter may vote for {allowed} candidates in a race filling {seats} "
                + ("seats" if seats > 1 else "seat"),
                "give the race's `seats`, or leave `votes_allowed` out when each voter has a vote for every seat",
            )


def _whole(value: Any) -> int | None:
    """A whole number as a record gives it, or None (a value that is no whole number is a problem of its own)."""
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() else None


_DAY_FIELDS = ("years", "month", "week", "weekday")


def _day_rules(scope: _Scope) -> Iterator[Problem]:
    """A day the state's law fixes is whole, and a filing period's has its last day; a day left to each city's
    charter is not given; only a filing period ends on another day than it starts."""
    for row, origin in scope.rows("election_days"):
        if row.get("ends") and row.get("kind") != "filing":
            yield _at(
                Code.DAY_RULE,
                origin,
                "ends",
                f"a {row.get('kind')} election is held on one day: only a filing period has `ends`",
                "remove the field, or write `kind: filing` when the statute gives the period candidates file in",
            )
        if row.get("set_by") == "state-law":
            for name in (name for name in _DAY_FIELDS if not row.get(name)):
                yield _at(
                    Code.DAY_RULE,
                    origin,
                    "",
                    f"a day the state's law fixes needs `{name}`",
                    "give `years`, `month`, `week` and `weekday` as the statute words them, or write "
                    "`set_by: city-charter` when it leaves the day to each city",
                )
            if row.get("kind") == "filing" and not row.get("ends"):
                yield _at(
                    Code.DAY_RULE,
                    origin,
                    "",
                    "a filing period the state's law fixes needs `ends`",
                    'give the day of the week the period ends on, as the statute words it ("ending the following '
                    'Friday" is `ends: friday`)',
                )
        elif row.get("set_by") == "city-charter":
            for name in (name for name in (*_DAY_FIELDS, "ends") if row.get(name)):
                yield _at(
                    Code.DAY_RULE,
                    origin,
                    name,
                    "a day left to each city's charter has no day of the state's own",
                    "remove the field, or write `set_by: state-law` when the statute fixes the day",
                )


def _election_years(scope: _Scope) -> Iterator[Problem]:
    """A city gives its choice of election years only where its state's law lets each city choose them."""
    choosing = {row["state"] for row in scope.lookup("election_days") if row.get("years") == "odd-or-even"}
    for row, origin in scope.rows("cities"):
        if row.get("election_years") and row["state"] not in choosing:
            yield _at(
                Code.DAY_RULE,
                origin,
                "election_years",
                f"no election day rule of states/{row['state']}.yml lets each city choose odd- or even-numbered years",
                f"remove the field, or record in states/{row['state']}.yml the statute that lets cities choose, "
                "with `years: odd-or-even`",
            )


def _min_items(schema: Schema, scope: _Scope) -> Iterator[Problem]:
    """Records with fewer items in a list than the descriptor asks for (``x-record.min_items``)."""
    for child in schema.tables.values():
        if not child.min_items or not child.parent:
            continue
        parent = schema.tables[child.parent]
        link = child.parent_link()
        counts = Counter(row[link] for row in scope.lookup(child.name))
        for row, origin in scope.rows(parent.name):
            if counts[row["id"]] < child.min_items:
                message = (
                    f"the {parent.noun} has no {child.key}"
                    if child.min_items == 1
                    else f"the {parent.noun} needs at least {child.min_items} {child.key}"
                )
                yield _at(Code.TOO_FEW_ITEMS, origin, "", message, str(child.record.get("min_items_hint", "")))


def _division_states(schema: Schema, scope: _Scope) -> Iterator[Problem]:
    pattern = re.compile(schema.tables["cities"].fields["ocd_id"].constraints["pattern"])
    for row, origin in scope.rows("cities"):
        ocd = row.get("ocd_id")
        expected = f"ocd-division/country:us/state:{row['state']}/"
        if isinstance(ocd, str) and pattern.match(ocd) and not ocd.startswith(expected):
            yield _at(
                Code.DIVISION_STATE,
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
                Code.ENDORSEMENT_ELECTION,
                origin,
                "election",
                f"the candidate has no candidacy in `{election}`",
                "endorse one of the candidate's candidacies, or add that candidacy",
            )


_INDEX = re.compile(r"\[([0-9]+)\]$")


def _sequences(schema: Schema, scope: _Scope) -> Iterator[Problem]:
    """List items numbered in order (``x-sequence``): the first holds the given number, each next one the
    number after; an item's place in its list is the last index of its field path."""
    for table in schema.tables.values():
        numbered = [f for f in table.fields.values() if f.sequence is not None]
        for row, origin in scope.rows(table.name) if numbered else ():
            place = _INDEX.search(origin.field_path)
            for field in numbered:
                value = row.get(field.name)
                if place is None or not isinstance(value, str) or not _INTEGER.fullmatch(value):
                    continue  # a value that is not a whole number is reported as such
                expected = int(field.sequence or 0) + int(place[1]) - 1
                if int(value) != expected:
                    yield _at(
                        Code.OUT_OF_ORDER,
                        origin,
                        field.name,
                        f"`{value}` is out of order: item {place[1]} of the list is {table.noun} {expected}",
                        field.hint,
                    )


def _stale(schema: Schema, scope: _Scope, today: dt.date) -> Iterator[Problem]:
    days = schema.stale_after_days
    upcoming: dict[str, dt.date] = {}
    for row in scope.lookup("elections"):
        if is_upcoming(row.get("date"), today):
            upcoming[f"{row['city']}|{row.get('id')}"] = last_day(row.get("date"))  # type: ignore[assignment]
    next_election: dict[str, dt.date] = {}
    for row in scope.lookup("candidacies"):
        day = upcoming.get(f"{row['city']}|{row.get('election')}")
        if day and (row["candidate"] not in next_election or day < next_election[row["candidate"]]):
            next_election[row["candidate"]] = day
    for row, origin in scope.rows("candidates"):
        election_day = next_election.get(row["id"])
        verified = row.get("last_verified")
        if election_day and more_than_days_before(verified, today, days):
            yield _at(
                Code.STALE,
                origin,
                "last_verified",
                f"last verified {verified}, more than {days} days ago, "
                f"and the candidate is on the ballot on {election_day.isoformat()}",
                "check the record against its sources and update `last_verified`",
                warning=True,
            )


def _must_cite(table: Table, row: dict[str, Any]) -> bool:
    """Whether the row must cite a source (``x-record.must_cite``): always, or, with ``when_any``, when
    one of those fields is given (``null``) or has one of the values listed."""
    when = (table.must_cite or {}).get("when_any")
    if when is None:
        return True
    return any(row.get(name) if allowed is None else row.get(name) in allowed for name, allowed in when.items())


def _unsourced(schema: Schema, scope: _Scope) -> Iterator[Problem]:
    """Every row of a table with ``x-record.must_cite`` cites a source of its own: a record its
    ``sources:``, a list item its ``source:`` or ``sources:`` (a fact cites where it comes from,
    not the sources of the record it is listed in)."""
    cited: dict[str, set[str]] = defaultdict(set)
    for row in scope.lookup(schema.sources.name):
        cited[row["record"]].add(row.get("subject") or "")
    for table in schema.tables.values():
        rule = table.must_cite
        if rule is None:
            continue
        if table.folder:
            message = f"the {table.noun} record cites no sources"
        else:
            message = f"this {rule.get('what', table.noun)} has no source"
        record = _record_of(schema, table)
        for row, origin in scope.rows(table.name):
            if _must_cite(table, row) and origin.field_path not in cited[f"{record.folder}/{row[record.link]}"]:
                yield _at(Code.UNSOURCED, origin, "", message, rule.get("hint", ""))


def _future_dates(schema: Schema, scope: _Scope, today: dt.date) -> Iterator[Problem]:
    """Dates that cannot be later than today (``x-not-after-today``), such as ``last_verified``."""
    for table in schema.tables.values():
        names = [f.name for f in table.fields.values() if f.not_after_today]
        for row, origin in scope.rows(table.name) if names else ():
            for name in names:
                try:
                    day = dt.datetime.strptime(str(row.get(name)), "%Y-%m-%d").date()  # as Frictionless reads it
                except ValueError:
                    continue  # missing or not a date: reported as such
                if day > today:
                    yield _at(
                        Code.FUTURE_DATE,
                        origin,
                        name,
                        f"{day.isoformat()} is in the future (today is {today.isoformat()})",
                        "write the day the record was checked against its sources: today or earlier",
                    )


class _Record:
    def __init__(self, folder: str, link: str) -> None:
        self.folder = folder
        self.link = link


def _record_of(schema: Schema, table: Table) -> _Record:
    """The record kind a row belongs to, and the field of the row that holds that record's id: for an
    item listed in another item, the field copied from the one in the item it is listed in."""
    if table.folder:
        return _Record(table.folder, "id")
    parent = schema.tables[str(table.parent)]
    if parent.folder:
        return _Record(parent.folder, table.parent_link())
    upper = _record_of(schema, parent)
    link = next(f.name for f in table.fields.values() if f.template and f.template.text == f"{{parent.{upper.link}}}")
    return _Record(upper.folder, link)


def _same_person(scope: _Scope) -> Iterator[Problem]:
    """Two candidates of one city whose names, or other names, reduce to one key: an import cannot tell
    which record a name of its dataset is."""
    seen: dict[tuple[str, str], str] = {}
    for row, origin in scope.rows("candidates"):
        name = row.get("name")
        if not isinstance(name, str):
            continue
        key = (row["city"], person_key(name))
        if key in seen:
            yield _at(
                Code.SAME_PERSON,
                origin,
                "name",
                f"`{name}` looks like the same person as {seen[key]}",
                "merge the two records, or tell them apart in `name`",
                warning=True,
            )
        else:
            seen[key] = origin.path
    cities = {row["id"]: row["city"] for row in scope.lookup("candidates")}
    other: dict[tuple[str, str], str] = {}
    for row, origin in scope.rows("other_names"):
        name = row.get("name")
        if not isinstance(name, str) or not person_key(name) or row["candidate"] not in cities:
            continue
        key = (cities[row["candidate"]], person_key(name))
        if seen.get(key, origin.path) != origin.path:
            yield _at(
                Code.SAME_PERSON,
                origin,
                "name",
                f"`{name}` is the name of {seen[key]}",
                "a merge keeps one record: move what the other file holds into this one and delete it, "
                "or take the name out of `other_names`",
                warning=True,
            )
        elif other.get(key, origin.path) != origin.path:
            yield _at(
                Code.SAME_PERSON,
                origin,
                "name",
                f"`{name}` is an other name of {other[key]} too",
                "a name is the other name of one record: merge the two, or take it out of one of them",
                warning=True,
            )
        else:
            other.setdefault(key, origin.path)


def _other_names(scope: _Scope) -> Iterator[Problem]:
    """A candidate's other names, compared as imports compare names: none is the record's own name, none twice."""
    names = {row["id"]: row.get("name") for row in scope.lookup("candidates")}
    listed: dict[tuple[str, str], str] = {}
    for row, origin in scope.rows("other_names"):
        name = row.get("name")
        key = person_key(name) if isinstance(name, str) else ""
        if not key:
            continue
        own = names.get(row["candidate"])
        if isinstance(own, str) and person_key(own) == key:
            yield _at(
                Code.OTHER_NAME_IS_NAME,
                origin,
                "name",
                f"`{name}` is the record's own name, `{own}`, as imports compare names",
                "an import matches it with `name` already: list only names that differ in more than case, "
                "accents, punctuation, initials or suffixes",
            )
        elif (row["candidate"], key) in listed:
            yield _at(
                Code.LISTED_TWICE,
                origin,
                "name",
                f"`{name}` is listed twice: {listed[row['candidate'], key]} is the same name",
                "keep one of them, with the sources of both",
            )
        else:
            listed[row["candidate"], key] = origin.field_path


def _not_same_person(scope: _Scope) -> Iterator[Problem]:
    """A candidate is not found to be another person than themself."""
    for row, origin in scope.rows("not_same_person"):
        if row.get("candidate") == row["person"]:
            yield _at(
                Code.NOT_SAME_AS_ITSELF,
                origin,
                "candidate",
                f"`{row['person']}` is this record",
                "name the other candidate record, the one a review found to be another person",
            )


def _possibly_same_person(scope: _Scope) -> Iterator[Problem]:
    """An open possible match (:mod:`site_builder.records.people`) of two candidates of one city who also ran for one
    seat: a person may be split across two records, or two people look like one."""
    origins = {row["id"]: origin for row, origin in scope.rows("candidates")}
    if not origins:
        return
    tables = ("candidates", "other_names", "candidacies", "not_same_person")
    paths = {row_id: origin.path for row_id, origin in origins.items()}
    for first, second in people.open_pairs({name: scope.lookup(name) for name in tables}, paths):
        seats = people.shared_seats(first, second)
        if not seats or first.id not in origins:
            continue
        yield _at(
            Code.POSSIBLY_SAME_PERSON,
            origins[first.id],
            "name",
            f"`{first.name}` may be the same person as `{second.name}` ({second.path}): both ran for "
            f"{' and '.join(seats)} ({first.name} in {people.years(first)}, {second.name} in {people.years(second)})",
            "if a source gives both names for one person, merge the two records and list the other name under "
            "`other_names:`, citing it; if one shows two people, write "
            f"`candidate: {second.id}` under `not_same_person:`, citing it; "
            "`site-builder review people` lists every open pair",
            warning=True,
        )


_CANDIDATE_LINKS = (("officeholders", ("candidate", "not_candidate")), ("not_same_person", ("candidate",)))
"""The fields that name a candidate record of the row's own city."""


def _same_city_candidates(scope: _Scope) -> Iterator[Problem]:
    """An officeholder, or a candidate's reviewed decision, names only a candidate record of its own city."""
    for table, names in _CANDIDATE_LINKS:
        for row, origin in scope.rows(table):
            for name in names:
                value = row.get(name)
                if isinstance(value, str) and value.count("/") == 2 and not value.startswith(f"{row['city']}/"):
                    yield _at(
                        Code.OTHER_CITY_CANDIDATE,
                        origin,
                        name,
                        f"`{value}` is a candidate of {value.rsplit('/', 1)[0]}, not of {row['city']}",
                        f"link only a candidate of the same city: {row['city']}/<person>",
                    )


def _answers_asked(scope: _Scope) -> Iterator[Problem]:
    """A candidate answers only a questionnaire that asks one of the races they run in."""
    asked: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    offices: dict[str, list[str]] = defaultdict(list)
    for row in scope.lookup("questionnaire_offices"):
        asked[row["questionnaire"]].add((row["city"], row.get("election") or "", row.get("race") or ""))
        office = f"{row['office']}, {row['district']}" if row.get("district") else str(row.get("office"))
        offices[row["questionnaire"]].append(office)
    running: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for row in scope.lookup("candidacies"):
        running[row["candidate"]].add((row["city"], row.get("election") or "", row.get("race") or ""))
    for row, origin in scope.rows("answers"):
        questionnaire = row.get("questionnaire")
        races = asked.get(questionnaire or "")
        if races is None or races & running[row["candidate"]]:
            continue  # a questionnaire without a record, or without offices, is reported as such
        city, election, _ = next(iter(races))
        yield _at(
            Code.NOT_ASKED,
            origin,
            "questionnaire",
            f"`{questionnaire}` asks the candidates for {'; '.join(offices[str(questionnaire)])} in {election}"
            f"{'' if city == row['city'] else f' in {city}'}, "
            "and the candidate runs for none of them",
            "answer only a questionnaire sent to the candidate's own race, or add the office to the questionnaire's "
            "`offices`",
        )


_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", re.ASCII)


def _plain_numbers(schema: Schema, scope: _Scope) -> Iterator[Problem]:
    """Numbers written with the digits 0–9 only: Python (and so Frictionless) also reads `１２３` and
    `1_000`, which no other reader of the open data does."""
    for table in schema.tables.values():
        names = {f.name: _INTEGER if f.type == "integer" else _NUMBER for f in table.fields.values()}
        names = {name: form for name, form in names.items() if table.fields[name].type in ("integer", "number")}
        for row, origin in scope.rows(table.name) if names else ():
            for name, form in names.items():
                value = row.get(name)
                if isinstance(value, str) and value and not form.fullmatch(value) and _reads_as_number(value):
                    yield _at(
                        Code.WRONG_TYPE,
                        origin,
                        name,
                        f"`{value}` is not written with the digits 0–9",
                        "write the number with the digits 0 to 9 only, without spaces, commas or underscores",
                    )


def _reads_as_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _web_addresses(schema: Schema, scope: _Scope) -> Iterator[Problem]:
    """Web addresses a reader can trust: https, a host name, no user name or password before it."""
    for table in schema.tables.values():
        patterns = {
            f.name: re.compile(f.constraints["pattern"])
            for f in table.fields.values()
            if f.constraints.get("pattern", "").startswith("^https://")
        }
        for row, origin in scope.rows(table.name) if patterns else ():
            for name, pattern in patterns.items():
                value = row.get(name)
                # An address not in the field's form is reported as such; one in it is parsed.
                reason = address_problem(value) if isinstance(value, str) and pattern.match(value) else None
                if reason:
                    yield _at(
                        Code.WRONG_FORM,
                        origin,
                        name,
                        f"`{value}` is not a usable web address: {reason}",
                        "use the full https:// address of the page, as a browser shows it",
                    )


_HOST = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", re.ASCII)


_PLAIN_ADDRESS = re.compile(
    r"https://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?:[/?#][\x21-\x7e]*)?", re.ASCII
)
"""An address that is plainly fine (a lowercase host name, no user or port): most of them, not parsed again."""


def address_problem(url: str) -> str | None:
    """Why an https address cannot be used, or None: the address is parsed, never only matched."""
    if _PLAIN_ADDRESS.fullmatch(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "it cannot be read as an address"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "it names a user before the host"
    host = parts.hostname or ""
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return "its host name is not valid"
    if not _HOST.fullmatch(ascii_host.lower()):
        return "it has no valid host name"
    if port is not None and not 0 < port < 65536:
        return "its port is not valid"
    return None
