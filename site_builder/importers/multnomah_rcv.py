"""Multnomah County Elections' final ranked-choice reports of the City of Portland (Oregon), as text taken
from the county's PDFs, read into contests (:class:`site_builder.importers.tabulation.Contest`).

A report (``CONSOLIDATED MULTNOMAH COUNTY ... ELECTION RESULTS``, ``ELECTION RESULTS - FINAL``) gives the
contest (``City of Portland, Mayor``), the election day, who ``met the threshold for election``, the
rounds (``Round 1`` ... ``Round 20``), the threshold of each round, then a row a candidate: the name,
then for each round the votes transferred (``+21``, ``-70,163``; none in a round without a
transfer), the votes and the share; a candidate's row ends with the votes they lose in the round that
defeats them.  The ``Uncertified Write In`` row gives the write-ins and ``Inactive ballots`` the
exhausted ballots of each round.  The second page (the winner's votes round by round) repeats the first
and is not read.  The threshold recorded is the last round's.

Every transfer must add up to the next round's votes.  A file in another layout is listed as not
recognised, never guessed at.  Only the mayor's and the auditor's races are
read; a contest electing several (the council's districts elect three) or of another office is listed
as not imported, with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from site_builder.importers import tabulation
from site_builder.importers.alameda_rcv import ARCHIVE, ARCHIVE_PUBLISHER, Account
from site_builder.importers.inputs import read_text
from site_builder.importers.tabulation import Citation, Contest, InputError, Round
from site_builder.records import names
from site_builder.records.dates import MONTHS

__all__ = ["InputError", "Reading", "read"]

PUBLISHER = "Multnomah County Elections"
RESULTS = Citation("https://www.multco.us/rcv", "Ranked choice voting results, Multnomah County Elections", PUBLISHER)
"""The county's page of ranked-choice results, which every report names."""
OCD_ID = "ocd-division/country:us/state:or/place:portland"
_OFFICES = {"City of Portland, Mayor": "Mayor", "City of Portland, Auditor": "Auditor"}
_DAY = re.compile(rf"^({'|'.join(MONTHS)}) ([0-9]{{1,2}}), ([0-9]{{4}})$")
_TOKEN = re.compile(r"^([+-][0-9][0-9,]*|[0-9][0-9,]*|[0-9]+(\.[0-9]+)?%)$")
_WRITE_IN = "Uncertified Write In"
_INACTIVE = "Inactive ballots"
_HEADINGS = ("round", "votes transferred", "votes", "transferred", "# votes", "% of", "votes in")
"""The lines of the table's headings, before its first row."""


@dataclass
class Reading:
    contests: list[Contest] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)

    @property
    def skipped(self) -> list[str]:
        return [a.line() for a in self.accounts if a.what != "imported"]


class _Lines:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.display = path.as_posix()
        self.lines = [line.strip() for line in read_text(path, self.display, InputError).splitlines()]

    def fail(self, index: int, message: str) -> InputError:
        return InputError(f"{self.display}:{index + 1}: {message}")

    def after(self, label: str) -> int:
        index = next((i for i, line in enumerate(self.lines) if line == label), None)
        if index is None or index + 1 >= len(self.lines):
            raise self.fail(len(self.lines) - 1, f"the report has no `{label}`: it may be cut short")
        return index + 1


def read(files: list[Path]) -> Reading:
    """Every contest of the files the directory lists, checked (:func:`tabulation.check`); raises
    :class:`InputError` at the first bad file.  Every file is accounted for in :attr:`Reading.accounts`."""
    reading = Reading()
    seen: dict[tuple[str, str], str] = {}
    for path in files:
        lines = _Lines(path)
        if not any(line == "ELECTION RESULTS - FINAL" for line in lines.lines[:8]):
            reason = "a layout not recognised: no `ELECTION RESULTS - FINAL` of Multnomah County Elections"
            reading.accounts.append(Account(lines.display, "unread", reason))
            continue
        at = lines.after("Contest")
        title = lines.lines[at]
        office = _OFFICES.get(title)
        if office is None:
            reason = "elects several" if "Councilor" in title or "District" in title else "not an office read here"
            reading.accounts.append(Account(lines.display, "unread", f"`{title}`: {reason}"))
            continue
        contest = _contest(lines, at, office)
        key = (contest.date, office)
        if key in seen:
            reading.accounts.append(Account(lines.display, "repeat", f"the contest `{title}` of {seen[key]}"))
            continue
        _count(lines, contest)
        tabulation.check(contest)
        seen[key] = lines.display
        reading.contests.append(contest)
        reading.accounts.append(Account(lines.display, "imported", f"{contest.year} Portland {office}"))
    return reading


def _contest(lines: _Lines, at: int, office: str) -> Contest:
    day_at = lines.after("Election Date")
    match = _DAY.match(lines.lines[day_at])
    if match is None:
        raise lines.fail(day_at, f"`{tabulation.shown(lines.lines[day_at])}` is not an election day")
    day = f"{match[3]}-{MONTHS.index(match[1]) + 1:02d}-{int(match[2]):02d}"
    address = ARCHIVE + quote(f"{lines.path.parent.name}/{lines.path.name}")
    label = f"{match[3]} Portland {office}"
    title = f"{label}: election results, final, the report as text in {ARCHIVE_PUBLISHER}"
    report = Citation(address, title, PUBLISHER)
    contest = Contest(
        file=lines.display,
        line=at + 1,
        ocd_id=OCD_ID,
        city="Portland",
        state="or",
        year=match[3],
        office=office,
        district="",
        tabulation=report,
        official=report,
        results=RESULTS,
        date=day,
    )
    contest.lines[("date",)] = day_at + 1
    return contest


def _name(lines: _Lines, index: int, text: str) -> str:
    try:
        return names.proper(names.clean(text))
    except names.RefusedName as refused:
        raise lines.fail(index, f"the name `{tabulation.shown(text)}`: {refused}") from None


def _count(lines: _Lines, contest: Contest) -> None:
    text = lines.lines
    winners_at = [i for i, line in enumerate(text) if line.endswith(" met the threshold for election.")]
    first = next((i for i, line in enumerate(text) if line == "Round 1"), None)
    if not winners_at or first is None:
        raise lines.fail(0, "the report names nobody who met the threshold, or has no `Round 1`")
    rounds = 0
    while first + rounds < len(text) and text[first + rounds] == f"Round {rounds + 1}":
        rounds += 1
    index = _thresholds(lines, contest, rounds)
    contest.rounds = [Round(number) for number in range(1, rounds + 1)]
    while index < len(text) and not text[index].startswith(("round", "votes transferred")):
        index += 1
    while index < len(text) and text[index] in _HEADINGS:
        index += 1
    ended = False
    while index < len(text) and not ended:
        if not text[index]:
            index += 1
            continue
        if _tokens(text[index]) is not None:
            raise lines.fail(index, "a count without a name before it: the file may be misread")
        row_at = index
        name = text[index]
        index += 1
        tokens: list[tuple[int, str]] = []
        while index < len(text) and _tokens(text[index]) is not None:
            tokens.extend((index, token) for token in _tokens(text[index]) or [])
            index += 1
        _row(lines, contest, row_at, name, tokens)
        ended = name == _INACTIVE
    if not ended:
        raise lines.fail(index - 1, f"the table has no `{_INACTIVE}` row: the file may be cut short")
    for at in winners_at:
        winner = _name(lines, at, text[at].removesuffix(" met the threshold for election."))
        if winner not in contest.candidates:
            raise lines.fail(at, f"`{winner}` met the threshold but has no row in the table")
        contest.winners.append(winner)
        contest.lines[("winner", winner)] = at + 1
    final = contest.rounds[-1]
    if len(contest.rounds) > 1:
        out = {name for counted in contest.rounds for name in counted.defeated}
        final.elected.extend(contest.winners)
        final.defeated.extend(n for n in final.counts if n not in contest.winners and n not in out)


def _thresholds(lines: _Lines, contest: Contest, rounds: int) -> int:
    """The threshold of the last round kept; the line after the thresholds."""
    index = lines.after("Election threshold in this round")
    thresholds = []
    while index < len(lines.lines) and re.fullmatch(r"[0-9][0-9,]* votes", lines.lines[index]):
        thresholds.append(index)
        index += 1
    if len(thresholds) != rounds:
        raise lines.fail(index, f"{len(thresholds)} thresholds for {rounds} rounds: the file may be misread")
    last = thresholds[-1]
    contest.threshold = tabulation.count(lines.lines[last].split()[0], lines.display, last + 1, "the threshold")
    contest.lines[("threshold",)] = last + 1
    return index


def _tokens(line: str) -> list[str] | None:
    """The counts and shares of a line of the table, or None for a line of text (a name)."""
    parts = line.split()
    if all(_TOKEN.match(part) for part in parts):
        return [part for part in parts if not part.endswith("%")]
    return None


def _row(lines: _Lines, contest: Contest, at: int, text: str, tokens: list[tuple[int, str]]) -> None:
    """A row's votes in each round: a total a round, a change before it when votes moved; a last change
    that takes every vote away is the defeat."""
    rounds = contest.rounds
    totals: list[int] = []
    where: list[int] = []
    pending: tuple[int, int] | None = None
    for index, token in tokens:
        value = tabulation.count(token, lines.display, index + 1, f"the row of `{tabulation.shown(text)}`")
        if token[0] in "+-":
            if pending is not None or not totals:
                raise lines.fail(index, f"the row of `{tabulation.shown(text)}` has two changes in a row")
            pending = (index, value)
            continue
        if totals and totals[-1] + (pending[1] if pending else 0) != value:
            raise lines.fail(index, f"the row of `{tabulation.shown(text)}` does not add up in round {len(totals) + 1}")
        totals.append(value)
        where.append(index)
        pending = None
    defeated_in = None
    if pending is not None:
        if totals[-1] + pending[1] != 0:
            raise lines.fail(pending[0], f"the row of `{tabulation.shown(text)}` ends with a change that leaves votes")
        totals.append(0)
        where.append(pending[0])
        defeated_in = len(totals)
    elif len(totals) < len(rounds) and totals and totals[-1] == 0:
        defeated_in = len(totals)
    if not totals or len(totals) > len(rounds) or (len(totals) < len(rounds) and defeated_in is None):
        raise lines.fail(at, f"the row of `{tabulation.shown(text)}` has {len(totals)} counts for {len(rounds)} rounds")
    if text in (_INACTIVE, _WRITE_IN):
        for counted, value in zip(rounds, totals + [0] * (len(rounds) - len(totals)), strict=True):
            if text == _INACTIVE:
                counted.exhausted = value
            else:
                counted.write_ins = value
        return
    name = _name(lines, at, text)
    if name in contest.candidates:
        raise lines.fail(at, f"`{name}` has a second row in the table")
    contest.candidates.append(name)
    contest.lines[("candidate", name)] = at + 1
    for counted, value, index in zip(rounds, totals, where, strict=False):
        counted.counts[name] = value
        contest.lines[("count", str(counted.number), name)] = index + 1
    if defeated_in is not None:
        if defeated_in == 1:
            raise lines.fail(at, f"the row of `{tabulation.shown(text)}` has no votes in round 1 only")
        rounds[defeated_in - 1].defeated.append(name)
        contest.lines[("outcome", str(defeated_in), name)] = where[defeated_in - 1] + 1
