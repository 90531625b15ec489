"""The ranked-choice tabulation every reader of a city's official count fills: a :class:`Contest`.

A reader turns one source format into contests (a race, its rounds and who each round elected or
defeated, each fact with the line of the file it came from); :func:`check` then holds every contest
to the same rules, whatever the city, before :mod:`site_builder.importers.rcv_records` makes records
of it:

- every count is a whole number, not negative, of at most 12 digits;
- every name passes the records' character policy (:func:`site_builder.records.names.clean`) and
  tells a person apart (it has letters to compare, :func:`site_builder.records.people.person_key`);
  no candidate is listed twice;
- the rounds are numbered 1, 2, 3 ... (round 1 is the first choices); every candidate still in the
  count has a count in each round; every round adds up to the same total, the votes cast when the
  file gives them;
- a candidate defeated or elected keeps no votes in the rounds after;
- the winners are those the file names, or else those its rounds elect, or else those reaching the
  threshold in the last round; never more than the seats, never a defeated candidate.

A rule broken stops the import with :class:`InputError`: ``file:line: message``, the line the fact came from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from site_builder.records import characters, names
from site_builder.records.ids import slugify
from site_builder.records.people import person_key

KINDS = ("primary", "general", "runoff", "special")
"""The kinds of election a record holds."""
MAX_DIGITS = 12
"""The most digits a count may have: more than every ballot ever cast in a city."""
MAX_ROUNDS = 1000
MAX_SEATS = 50
MAX_NAME = 100
MAX_OFFICE = 80
_COUNT = re.compile(r"^[+-]?[0-9][0-9,]*(\.0+)?$")


class InputError(ValueError):
    """A tabulation cannot be imported; the message starts with the file and line: ``file:line: message``."""


@dataclass(frozen=True)
class Citation:
    """A source a record cites: its address, its title and who publishes it."""

    url: str
    title: str
    publisher: str

    def item(self) -> dict[str, str]:
        return {"url": self.url, "title": self.title, "publisher": self.publisher}


@dataclass
class Round:
    """One round of the count: each candidate's votes at its end (round 1: the first choices), the
    write-ins and the exhausted ballots where the file gives them, and who the round elected or defeated."""

    number: int
    counts: dict[str, int] = field(default_factory=dict)
    write_ins: int | None = None
    exhausted: int | None = None
    elected: list[str] = field(default_factory=list)
    defeated: list[str] = field(default_factory=list)


@dataclass
class Contest:
    """A race as a city's official tabulation gives it, and where in the file each fact is."""

    file: str
    """The file read, as given to the import: the first part of every message."""
    line: int
    """The line naming the race (its title): where a fact without a line of its own is reported."""
    ocd_id: str
    """The city's division id, ``ocd-division/country:us/state:mn/place:minneapolis``."""
    city: str
    """The city's name, for a city record the import creates."""
    state: str
    """The state's two-letter code, lowercase: the folder of the city's records."""
    year: str
    office: str
    district: str
    tabulation: Citation
    """The file itself, at its public address at the commit it was read from."""
    official: Citation
    """The official results of the race."""
    results: Citation
    """The city's page of the election's results, cited by the election and the city."""
    date: str = ""
    """The election day, ``YYYY-MM-DD``, when the file gives it; else another file of the year or the records do."""
    kind: str = "general"
    party: str = ""
    """In a party's primary, the party whose primary it is (``Democratic``): the race's election is that
    party's primary, and its candidates are of that party."""
    seats: int = 1
    candidates: list[str] = field(default_factory=list)
    """Every candidate, in the file's order."""
    rounds: list[Round] = field(default_factory=list)
    """Round 1 (the first choices), then each later round."""
    winners: list[str] = field(default_factory=list)
    """Who the file says was elected; left empty, the rounds or the threshold tell (see :func:`check`)."""
    total: int | None = None
    """The votes cast for the office, which every round adds up to, where the file gives them."""
    ballots: int | None = None
    undervotes: int | None = None
    overvotes: int | None = None
    threshold: int | None = None
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)
    """The line of each fact: ``("date",)``, ``("threshold",)``, ``("candidate", name)``, ``("round", "2")``,
    ``("count", "2", name)`` ...; a fact without one is reported at :attr:`line`."""

    def at(self, *keys: tuple[str, ...]) -> int:
        """The line of the first of the facts ``keys`` the file places, else the race's line."""
        return next((self.lines[key] for key in keys if key in self.lines), self.line)

    def fail(self, line: int, message: str) -> InputError:
        return InputError(f"{self.file}:{line}: {message}")


@dataclass(frozen=True)
class Uncounted:
    """A race of an election the import reads whose official results a source lists (``official``) and
    whose count no file of the import holds: recorded as a race of the election, with no candidate, so
    that its page says where its count is, and the city's coverage says that the directory lacks it."""

    ocd_id: str
    year: str
    kind: str
    office: str
    district: str
    official: Citation


def count(text: str, file: str, line: int, what: str) -> int:
    """A count as a file writes it (``4,017``, ``+234``, ``48163.0000``) as a whole number; a sign is
    kept for the changes between rounds.  Anything else stops the import."""
    plain = text.strip()
    if not _COUNT.match(plain):
        raise InputError(f"{file}:{line}: {what}: `{shown(plain)}` is not a whole number")
    digits = plain.split(".")[0].replace(",", "").lstrip("+-")
    if len(digits.lstrip("0")) > MAX_DIGITS:
        raise InputError(f"{file}:{line}: {what}: {len(digits)} digits, where a count has at most {MAX_DIGITS}")
    return int(plain.split(".")[0].replace(",", ""))


def shown(text: str) -> str:
    """Text of a file as a message quotes it: at most 40 characters, each one the records refuse
    written as its code (``\\u202e``), so that the message itself shows as it reads."""
    short = text if len(text) <= 40 else text[:37] + "..."
    return "".join(f"\\u{ord(char):04x}" if characters.refused(char) else char for char in short)


def check(contest: Contest) -> None:
    """Hold the contest to the rules of the module's docstring; the winners left to tell are filled in
    (:attr:`Contest.winners`, and the last round's ``elected`` when they reach the threshold)."""
    _texts(contest)
    _numbers(contest)
    _rounds(contest)
    _outcomes(contest)
    _winners(contest)


def _texts(contest: Contest) -> None:
    if contest.kind not in KINDS:
        raise contest.fail(contest.line, f"`{contest.kind}` is not a kind of election: {', '.join(KINDS)}")
    if not re.fullmatch(r"[0-9]{4}", contest.year):
        raise contest.fail(contest.line, f"`{contest.year}` is not a year")
    if contest.date:
        try:
            day = dt.date.fromisoformat(contest.date)
        except ValueError:
            day = None
        if day is None or str(day.year) != contest.year or len(contest.date) != 10:
            raise contest.fail(contest.at(("date",)), f"`{contest.date}` is not a day of {contest.year}")
    for what, text, longest, required in (
        ("office", contest.office, MAX_OFFICE, True),
        ("district", contest.district, MAX_OFFICE, False),
        ("party", contest.party, MAX_OFFICE, False),
    ):
        _text(contest, contest.line, what, text, longest)
        if (required or text) and not slugify(text):
            raise contest.fail(contest.line, f"the {what} `{text}` has no letters or digits to name it by")
    seen: dict[str, str] = {}
    for name in contest.candidates:
        line = contest.at(("candidate", name))
        _text(contest, line, "the name", name, MAX_NAME)
        key = person_key(name)
        if not key:
            raise contest.fail(line, f"the name `{name}` has no Latin letters to tell the person by")
        if key in seen:
            same = "is listed twice" if seen[key] == name else f"is the same name as `{seen[key]}`"
            raise contest.fail(line, f"the candidate `{name}` {same} in the race")
        seen[key] = name


def _text(contest: Contest, line: int, what: str, text: str, longest: int) -> None:
    try:
        cleaned = names.clean(text)
    except names.RefusedName as refused:
        raise contest.fail(line, f"{what} `{shown(text)}`: {refused}") from None
    if cleaned != text:
        raise contest.fail(line, f"{what} `{shown(text)}` is not in its clean form `{shown(cleaned)}`")
    if len(text) > longest:
        raise contest.fail(line, f"{what} `{shown(text)}` is longer than {longest} characters")


def _numbers(contest: Contest) -> None:
    if not isinstance(contest.seats, int) or not 1 <= contest.seats <= MAX_SEATS:
        raise contest.fail(contest.at(("seats",)), f"the seats to fill, {contest.seats}, are not 1 to {MAX_SEATS}")
    for what in ("total", "ballots", "undervotes", "overvotes", "threshold"):
        _whole(contest, contest.at((what,)), f"the {what}".replace("total", "votes cast"), getattr(contest, what))
    for counted in contest.rounds:
        number = str(counted.number)
        for name, votes in counted.counts.items():
            what = f"the votes of `{name}` in round {number}"
            _whole(contest, contest.at(("count", number, name), ("round", number)), what, votes)
        for what in ("write_ins", "exhausted"):
            line = contest.at((what, number), ("round", number))
            _whole(contest, line, f"the {what.replace('_', '-')} of round {number}", getattr(counted, what))


def _whole(contest: Contest, line: int, what: str, value: int | None) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise contest.fail(line, f"{what}: `{value!r:.40}` is not a whole number")
    if value < 0:
        raise contest.fail(line, f"{what}: {value} is below zero")
    if value >= 10**MAX_DIGITS:
        raise contest.fail(line, f"{what}: more than {MAX_DIGITS} digits")


def _rounds(contest: Contest) -> None:
    if not contest.rounds:
        raise contest.fail(contest.line, "the race has no count of the first choices")
    if len(contest.rounds) > MAX_ROUNDS:
        raise contest.fail(contest.line, f"the race has more than {MAX_ROUNDS} rounds")
    known = set(contest.candidates)
    totals: list[int] = []
    for index, counted in enumerate(contest.rounds, start=1):
        number = str(counted.number)
        line = contest.at(("round", number))
        if counted.number != index:
            raise contest.fail(line, f"round {counted.number} comes where round {index} should")
        for name in counted.counts:
            if name not in known:
                raise contest.fail(line, f"round {number} counts `{shown(name)}`, who is not a candidate of the race")
        totals.append(sum(counted.counts.values()) + (counted.write_ins or 0) + (counted.exhausted or 0))
    expected = contest.total if contest.total is not None else totals[0]
    for counted, counted_total in zip(contest.rounds, totals, strict=True):
        if counted_total != expected:
            cast = f"{expected} were cast" if contest.total is not None else f"round 1 counts {expected}"
            raise contest.fail(
                contest.at(("round", str(counted.number))),
                f"round {counted.number} counts {counted_total} votes where {cast}",
            )
    if contest.ballots is not None and contest.ballots < totals[0]:
        raise contest.fail(contest.at(("ballots",)), f"{contest.ballots} ballots are fewer than the {totals[0]} votes")


def _outcomes(contest: Contest) -> None:
    """Who each round elects or defeats is a candidate still in the count, who then keeps no votes."""
    out: dict[str, int] = {}
    for counted in contest.rounds:
        number = str(counted.number)
        for name, votes in counted.counts.items():
            if name in out and votes:
                raise contest.fail(
                    contest.at(("count", number, name), ("round", number)),
                    f"`{name}` has {votes} votes in round {number}, after round {out[name]} decided their race",
                )
        for name in contest.candidates:
            if name not in out and name not in counted.counts:
                raise contest.fail(contest.at(("round", number)), f"round {number} gives no count for `{name}`")
        decided = counted.elected + counted.defeated
        for name in decided:
            line = contest.at(("outcome", number, name), ("round", number))
            if name not in counted.counts:
                raise contest.fail(line, f"round {number} decides `{shown(name)}`, who is not a candidate in it")
            if name in out or decided.count(name) > 1:
                raise contest.fail(line, f"`{name}` is elected or defeated twice")
            out[name] = counted.number


def _winners(contest: Contest) -> None:
    elected = [name for counted in contest.rounds for name in counted.elected]
    defeated = {name for counted in contest.rounds for name in counted.defeated}
    for name in contest.winners:
        line = contest.at(("winner", name))
        if name not in contest.candidates:
            raise contest.fail(line, f"the winner `{shown(name)}` is not a candidate of the race")
        if name in defeated:
            raise contest.fail(line, f"the winner `{name}` is defeated in the count")
    if contest.winners and set(elected) - set(contest.winners):
        name = next(name for name in elected if name not in contest.winners)
        number = next(str(c.number) for c in contest.rounds if name in c.elected)
        line = contest.at(("outcome", number, name), ("round", number))
        raise contest.fail(line, f"the count elects `{name}`, whom the file does not name a winner")
    if not contest.winners:
        contest.winners = list(elected)
    final = contest.rounds[-1]
    if not contest.winners and contest.threshold is not None:
        contest.winners = [
            name for name, votes in final.counts.items() if votes >= contest.threshold and name not in defeated
        ]
        if len(contest.rounds) > 1:
            final.elected.extend(contest.winners)
    if not contest.winners:
        raise contest.fail(contest.line, "the file says nobody was elected")
    if len(contest.winners) > contest.seats or len(set(contest.winners)) != len(contest.winners):
        raise contest.fail(
            contest.line, f"{len(contest.winners)} winners for {contest.seats} seat{'s' * (contest.seats > 1)}"
        )
