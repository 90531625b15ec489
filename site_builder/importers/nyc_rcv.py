"""New York City's certified ranked-choice rounds (the Board of Elections' ``OFFICIAL RANKED CHOICE ROUNDS``, as
tab-separated text), read into contests (:class:`site_builder.importers.tabulation.Contest`).

A report is one contest of a party's primary, named by its ``Contest:`` line (``DEM Council Member 22nd Council
District``), with the ``Election Date:``, then the rounds' table: a header ``Round 1 … Round k``, the rows
``Eliminated in this round`` and ``Elected`` (a cell a round; several names in one cell are several eliminated at
once), then a row a candidate (round 1: votes and share; each later round: the votes transferred, the votes and
the share), ``Write-ins`` (or ``WriteIn``) and ``Inactive ballots`` (exhausted).  An empty transfer is 0, ``-XXX``
is the transfer of a candidate eliminated in that round, and a candidate out of the count has no votes after.

Every file given is accounted for (:attr:`Reading.account`):

- imported: a contest of the city's own offices, the Mayor, the Comptroller, the Public Advocate and the
  council districts;
- a repeat: a file whose ``Contest:`` line names a contest already read, whatever the file's name (the archive
  files some council reports under the wrong borough); its counts must be those already read;
- outside the directory: a Borough President's race, which a borough elects (a county of the state), not the
  city;
- a layout not recognised: a file without the report's title and ``Contest:`` line (such as an RTF document),
  an office or a party label the reader does not know.

The party of a contest is its label's name (``DEM`` is the Democratic party): the contest is that party's
primary, and its candidates are that party's.  Each contest cites its official report, whose address
``Source_Metadata.csv`` gives (beside the files or in the folder above), percent-encoded.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.importers import tabulation
from site_builder.importers.inputs import csv_rows, read_text
from site_builder.importers.tabulation import Citation, Contest, InputError, Round
from site_builder.records import names

__all__ = ["InputError", "Reading", "read"]

COMMIT = "da02d3d862cc1922127dc405ae2f5a2bcd66a509"
ARCHIVE = f"https://github.com/jordanholbrook/archive/blob/{COMMIT}/rcv_pipeline/data/source_data/NYC/"
"""The public address of the archive's folder of New York City's reports, at the commit they were copied from."""
FOLDER = f"https://github.com/jordanholbrook/archive/tree/{COMMIT}/rcv_pipeline/data/source_data/NYC"
ARCHIVE_PUBLISHER = "jordanholbrook/archive (GitHub)"
PUBLISHER = "Board of Elections in the City of New York"
METADATA = "Source_Metadata.csv"
OCD_ID = "ocd-division/country:us/state:ny/place:new_york"
PARTIES = {"DEM": "Democratic", "REP": "Republican", "CON": "Conservative"}
"""The party labels of the reports and the parties they name, as New York's state record cites them
(``states/ny.yml``, ``party_labels``: the State Board of Elections' list of recognised parties)."""
BOROUGHS = ("Bronx", "Kings", "New York", "Queens", "Richmond")
_TITLE = "OFFICIAL RANKED CHOICE ROUNDS"
_WRITE_INS = re.compile(r"^write-?ins?$", re.IGNORECASE)
_EMPTY = ("", "-XXX")


@dataclass(frozen=True)
class Office:
    """What a ``Contest:`` line names: the party's label, and the office and district as the directory names them."""

    label: str
    office: str
    district: str
    outside: str = ""
    """Why the race is outside the directory, when it is."""


@dataclass
class Reading:
    contests: list[Contest] = field(default_factory=list)
    account: list[str] = field(default_factory=list)
    """A line a file not imported: ``file: repeat|outside the directory|layout not recognised: reason``."""
    repeats: int = 0
    outside: int = 0
    unrecognised: int = 0


def office(text: str) -> Office | str:
    """The office a ``Contest:`` line (or an official report's file name) names, or why it cannot be read."""
    plain = " ".join(text.replace("_", " ").split())
    match = re.fullmatch(r"([A-Z]{3}) (.+)", plain)
    if not match:
        return f"`{tabulation.shown(plain)}` does not start with a party's label such as `DEM`"
    label, rest = match.groups()
    if label not in PARTIES:
        return f"the party label `{label}` is not one of {', '.join(PARTIES)}"
    citywide = re.fullmatch(r"(Mayor|Public Advocate|(?:City )?Comptroller) Citywide", rest)
    if citywide:
        return Office(label, citywide[1].removeprefix("City "), "")
    council = re.fullmatch(r"Council Member ([0-9]{1,2})(?:st|nd|rd|th) Council District", rest)
    if council:
        return Office(label, "City Council", f"District {int(council[1])}")
    borough = re.fullmatch(r"Borough President (.+)", rest)
    if borough and borough[1] in BOROUGHS:
        why = f"a Borough President is elected by the borough ({borough[1]} County), not by the city"
        return Office(label, "Borough President", borough[1], why)
    return f"the office `{tabulation.shown(rest)}` is not one this reader knows"


class _Report:
    """A report's lines, split into their tab-separated cells, with its name for messages."""

    def __init__(self, path: Path) -> None:
        self.file_name = path.name
        self.display = path.as_posix()
        text = read_text(path, self.display, InputError)
        self.lines = text.replace("\r\n", "\n").split("\n")
        self.cells = [line.split("\t") for line in self.lines]

    def fail(self, index: int, message: str) -> InputError:
        return InputError(f"{self.display}:{index + 1}: {message}")

    def find(self, label: str, start: int = 0) -> int | None:
        return next((i for i in range(start, len(self.cells)) if self.cells[i][0].strip() == label), None)

    def cell(self, index: int, column: int) -> str:
        row = self.cells[index]
        return row[column].strip() if column < len(row) else ""

    def count(self, index: int, text: str, what: str) -> int:
        return tabulation.count(text, self.display, index + 1, what)

    def name(self, index: int, text: str) -> str:
        try:
            return names.proper(names.clean(text.strip().rstrip("*").strip()))
        except names.RefusedName as refused:
            raise self.fail(index, f"the name `{tabulation.shown(text)}`: {refused}") from None


def read(files: list[Path]) -> Reading:
    """The contests of the city's offices in the reports ``files``, each checked (:func:`tabulation.check`), and
    the account of every other file; raises :class:`InputError` at the first report that cannot be read."""
    reading = Reading()
    read_from: dict[tuple[str, str, str, str], tuple[_Report, Contest]] = {}
    metadata: dict[Path, dict[tuple[str, str, str, str], str]] = {}
    for path in files:
        report = _Report(path)
        found = _identify(report)
        if isinstance(found, str):
            reading.unrecognised += 1
            reading.account.append(f"{report.display}: layout not recognised: {found}")
            continue
        at, title, year, seen = found
        if seen.outside:
            reading.outside += 1
            reading.account.append(f"{report.display}: outside the directory: {title}: {seen.outside}")
            continue
        contest = _contest(report, at, year, seen)
        key = (year, seen.label, seen.office, seen.district)
        if key in read_from:
            first, kept = read_from[key]
            if _counts(kept) != _counts(contest):
                raise report.fail(at, f"the contest `{title}` is also in {first.display}, with other counts")
            reading.repeats += 1
            reading.account.append(f"{report.display}: repeat: `{title}` is read from {first.display}")
            continue
        folder = path.parent
        if folder not in metadata:
            metadata[folder] = _metadata(folder)
        official = metadata[folder].get(key)
        if not official:
            raise report.fail(at, f"{METADATA} gives no official report for `{title}`")
        _cite(report, contest, title, official)
        tabulation.check(contest)
        read_from[key] = (report, contest)
    order = {"Mayor": 0, "Public Advocate": 1, "Comptroller": 2, "City Council": 3}
    reading.contests = sorted(
        (contest for _, contest in read_from.values()),
        key=lambda c: (c.year, c.party, order[c.office], int(c.district.removeprefix("District ") or 0)),
    )
    return reading


def _identify(report: _Report) -> tuple[int, str, str, Office] | str:
    """Where a report's ``Contest:`` line is, its text, the year of its election and its office; else why the
    file is not a report this reader knows."""
    if report.lines[0].startswith("{\\rtf"):
        return "an RTF document, not the text of a report"
    if report.find(_TITLE) is None:
        return f"no `{_TITLE}` title"
    at = report.find("Contest:")
    if at is None or len(report.cells[at]) < 2:
        return "no `Contest:` line"
    title = " ".join(report.cell(at, 1).split())
    seen = office(title)
    if isinstance(seen, str):
        return seen
    day = report.find("Election Date:", at)
    if day is None or not re.fullmatch(r"[0-9]{4}/[0-9]{2}/[0-9]{2}", report.cell(day, 1)):
        return "no `Election Date:` line after the `Contest:` line"
    return at, title, report.cell(day, 1)[:4], seen


def _contest(report: _Report, at: int, year: str, seen: Office) -> Contest:
    unknown = Citation("", "", "")
    contest = Contest(
        file=report.display,
        line=at + 1,
        ocd_id=OCD_ID,
        city="New York",
        state="ny",
        year=year,
        office=seen.office,
        district=seen.district,
        tabulation=unknown,
        official=unknown,
        results=Citation(
            FOLDER,
            "New York City's 2021 primaries: the Board of Elections' certified ranked-choice rounds, as text",
            ARCHIVE_PUBLISHER,
        ),
        kind="primary",
        party=PARTIES[seen.label],
    )
    day = report.find("Election Date:", at)
    assert day is not None  # _identify found it
    contest.date = report.cell(day, 1).replace("/", "-")
    contest.lines[("date",)] = day + 1
    _rounds(report, contest, at)
    return contest


def _rounds(report: _Report, contest: Contest, at: int) -> None:
    header = next((i for i in range(at, len(report.cells)) if report.cell(i, 1) == "Round 1"), None)
    if header is None:
        raise report.fail(at, "the table of rounds (`Round 1`) is missing: the file may be cut short")
    labels = [report.cell(header, column) for column in range(1, len(report.cells[header]))]
    labels = [label for label in labels if label]
    if labels != [f"Round {number}" for number in range(1, len(labels) + 1)]:
        raise report.fail(header, "the rounds' header is not `Round 1`, `Round 2` ... in order")
    last = len(labels)
    if last > tabulation.MAX_ROUNDS:
        raise report.fail(header, f"the report counts {last} rounds; a tabulation has at most {tabulation.MAX_ROUNDS}")
    eliminated = report.find("Eliminated in this round", header)
    elected = report.find("Elected", header)
    table = report.find("Votes in this round", header)
    inactive = report.find("Inactive ballots", header)
    if eliminated is None or elected is None or table is None or inactive is None:
        raise report.fail(
            header,
            "the rows `Eliminated in this round`, `Elected`, `Votes in this round` and "
            "`Inactive ballots` are not all there: the file may be cut short",
        )
    for number in range(1, last + 1):
        contest.rounds.append(Round(number))
        contest.lines[("round", str(number))] = header + 1
    rows: dict[str, list[tuple[int | None, bool]]] = {}
    write_ins: list[tuple[int | None, bool]] | None = None
    for index in range(table + 1, inactive):
        label = report.cell(index, 0)
        if not label:
            raise report.fail(index, "a row of the table has no name")
        if _WRITE_INS.match(label):
            if write_ins is not None:
                raise report.fail(index, "the table has two rows of write-ins")
            write_ins = _row(report, index, label, last)
            for number in range(1, last + 1):
                contest.lines[("write_ins", str(number))] = index + 1
            continue
        name = report.name(index, label)
        if name in rows:
            raise report.fail(index, f"`{name}` has a second row in the table")
        contest.candidates.append(name)
        contest.lines[("candidate", name)] = index + 1
        for number in range(1, last + 1):
            contest.lines[("count", str(number), name)] = index + 1
        rows[name] = _row(report, index, name, last)
    if not rows:
        raise report.fail(table, "the table has no candidates: the file may be cut short")
    exhausted = _row(report, inactive, "Inactive ballots", last, empty_first=True)
    for number in range(1, last + 1):
        contest.lines[("exhausted", str(number))] = inactive + 1
    for counted in contest.rounds:
        position = counted.number - 1
        counted.counts = {name: values[position][0] or 0 for name, values in rows.items()}
        counted.write_ins = (write_ins[position][0] or 0) if write_ins else None
        counted.exhausted = exhausted[position][0] or 0
    _outcomes(report, contest, rows, eliminated, "defeated")
    _outcomes(report, contest, rows, elected, "elected")
    contest.winners = [name for counted in contest.rounds for name in counted.elected]
    _winner_sentence(report, contest, at, header)


def _row(report: _Report, index: int, name: str, last: int, empty_first: bool = False) -> list[tuple[int | None, bool]]:
    """A row's votes in each round and whether the round transfers them all away (``-XXX``): round 1 in the
    first cell, then each round's transfer and votes; the votes must be the last round's and the transfer."""
    what = f"the row of `{name}`"
    values: list[tuple[int | None, bool]] = []
    first = report.cell(index, 1)
    if not first and report.cell(index, 2) == "0.0%":
        first = "0"  # no votes, and a share of none
    if not first and not empty_first:
        raise report.fail(index, f"{what} has no votes in round 1")
    values.append((report.count(index, first, what) if first else None, False))
    for number in range(2, last + 1):
        moved = report.cell(index, 3 * (number - 1))
        votes = report.cell(index, 3 * (number - 1) + 1)
        before, out = values[-1]
        if out or moved == "-XXX":
            if votes:
                raise report.fail(index, f"{what} has votes in round {number}, after its votes were transferred")
            values.append((None, True))
            continue
        change = 0 if not moved else report.count(index, moved, what)
        if not votes:
            if before is None and change == 0:
                values.append((None, False))  # no inactive ballots yet
                continue
            raise report.fail(index, f"{what} has no votes in round {number}: the file may be cut short")
        total = report.count(index, votes, what)
        if (before or 0) + change != total:
            raise report.fail(
                index, f"{what} does not add up in round {number}: {before or 0} and {change} are not {total}"
            )
        values.append((total, False))
    if any(report.cell(index, column) not in _EMPTY for column in range(3 * last, len(report.cells[index]))):
        raise report.fail(index, f"{what} has more values than the {last} rounds: the file may be misread")
    return values


def _outcomes(
    report: _Report, contest: Contest, rows: dict[str, list[tuple[int | None, bool]]], index: int, outcome: str
) -> None:
    """Who each round eliminated or elected, from the row ``index``: names separated by `;`, marks `*` left out."""
    for counted in contest.rounds:
        text = report.cell(index, counted.number)
        for part in text.split(";") if text else []:
            if not part.strip() or _WRITE_INS.match(part.strip().rstrip("*")):
                continue
            majority = re.fullmatch(r"(.+?) over 50%", part.strip())
            if majority and outcome == "elected":
                # A remark, not an election: the count goes on to its last two candidates.
                name = report.name(index, majority[1])
                continuing = sum(counted.counts.values()) + (counted.write_ins or 0)
                if name not in rows or counted.counts[name] * 2 <= continuing:
                    raise report.fail(index, f"`{tabulation.shown(part)}` is not a candidate with over half the votes")
                continue
            name = report.name(index, part)
            if name not in rows:
                raise report.fail(index, f"`{tabulation.shown(name)}` is not the name of a candidate in the table")
            if outcome == "defeated" and not rows[name][counted.number - 1][1]:
                raise report.fail(index, f"{name} is eliminated in round {counted.number}, but keeps their votes")
            (counted.defeated if outcome == "defeated" else counted.elected).append(name)
            contest.lines[("outcome", str(counted.number), name)] = index + 1
    if outcome == "defeated":
        for name, values in rows.items():
            for number, (_, out) in enumerate(values, start=1):
                if out and not values[number - 2][1] and name not in contest.rounds[number - 1].defeated:
                    raise report.fail(
                        index, f"{name}'s votes are transferred in round {number}, but the round eliminates nobody so"
                    )


def _winner_sentence(report: _Report, contest: Contest, at: int, header: int) -> None:
    """The sentence naming the winner, which must agree with the table: its name and its votes in the last round."""
    pattern = re.compile(r"^(.+?) won the .+ with ([0-9,]+) of the votes in the (?:final|first) round\.\s*$")
    for index in range(at, header):
        match = pattern.match(report.lines[index])
        if not match:
            continue
        name = report.name(index, match[1])
        votes = report.count(index, match[2], "the winner's votes")
        if contest.winners != [name] or contest.rounds[-1].counts.get(name) != votes:
            raise report.fail(index, f"the report names {name} the winner with {votes} votes; its table does not")
        contest.lines[("winner", name)] = index + 1
        return
    raise report.fail(at, "the sentence naming the winner (`… won the … with … of the votes`) is missing")


def _counts(contest: Contest) -> list[tuple[dict[str, int], int | None, int | None, list[str], list[str]]]:
    return [(r.counts, r.write_ins, r.exhausted, r.elected, r.defeated) for r in contest.rounds]


def _cite(report: _Report, contest: Contest, title: str, official: str) -> None:
    race = f"{contest.party} primary for {contest.office}" + (f", {contest.district}" if contest.district else "")
    contest.tabulation = Citation(
        ARCHIVE + urllib.parse.quote(report.file_name),
        f"{contest.year} New York City {race}: certified ranked-choice rounds, as text from the Board of Elections",
        ARCHIVE_PUBLISHER,
    )
    contest.official = Citation(official, f"{contest.year} Primary: official ranked choice rounds, {title}", PUBLISHER)


def _metadata(folder: Path) -> dict[tuple[str, str, str, str], str]:
    """The official report of each contest, percent-encoded, from ``Source_Metadata.csv`` beside the reports or in
    the folder above: the rows of New York City, each named by its report's file name (``DEM Mayor Citywide.pdf``)."""
    path = next((p for p in (folder / METADATA, folder.parent / METADATA) if p.is_file()), folder / METADATA)
    display = path.as_posix()
    rows = csv_rows(path, display, InputError)
    found: dict[tuple[str, str, str, str], str] = {}
    for row in rows:
        url = row.get("url") or ""
        if row.get("juris") != "New York City" or not url.startswith("https://") or not url.endswith(".pdf"):
            continue
        seen = office(urllib.parse.unquote(url.rsplit("/", 1)[1]).removesuffix(".pdf"))
        if isinstance(seen, Office):
            found[(row.get("year") or "", seen.label, seen.office, seen.district)] = urllib.parse.quote(url, safe=":/%")
    return found
