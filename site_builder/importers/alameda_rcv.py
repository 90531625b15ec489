"""The Alameda County Registrar of Voters' ranked-choice reports of Oakland, Berkeley and San Leandro, as
text taken from the county's PDFs, read into contests (:class:`site_builder.importers.tabulation.Contest`).

Each file is told apart by its first lines and accounted for (:class:`Account`):

- the pass report (2010–2016: ``RCV Results Report``, ``Contest:`` and the title ``Mayor - Oakland (RCV)``):
  a page per pass, each with its ``Final State``: a row a candidate (name, ``** WINNER **`` or
  ``Eliminated in pass N.``, votes, share), the continuing ballots, the under votes, the exhausted
  ballots, those exhausted by over votes and the total ballots.  Pass 0 is round 1; pass N is round N + 1;
  the ``Write-In`` row gives the write-ins;
- the round-by-round results (2022 and 2024: ``Ranked Choice Voting Results: General Election - 11/08/2022``):
  a table a round (``Candidate  Votes  Percentage``, tab-separated), then the continuing ballots, the
  blanks (the under votes) and the others that count for nobody (exhausted, overvotes, remainder points
  and, in 2022's first round, suspended ballots), and a line ``NAME is eliminated because ...`` for
  each defeat; the ballots cast are the continuing ballots and all those counting for nobody.  The
  report names no winner: it is the candidate holding more than half of the continuing ballots in the
  last round, and a count where nobody does stops the import;
- the precinct-by-precinct report (``Contest: ... Load Type: Precinct``): the same contest as a pass
  report, listed as its repeat (or as not read when no other report of the contest is given);
- a copy of a Ballotpedia page (Oakland 2020): not the Registrar's report, listed as not imported;
- any other text: a layout not recognised, listed as not imported, never guessed at.

A round's exhausted ballots are those the report counts for nobody except the blank ones (the under
votes), so every round adds up to the ballots cast less the blanks.  Contests are told apart by their
title and election day, never by a file's name: a second report of a contest read is listed as a repeat
once its counts are found the same, and refused if they differ.  The races of city offices (mayor,
council, city auditor, city attorney) are read; school boards and any other contest are listed as
outside the directory, and a report electing more than one is listed as not imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from site_builder.importers import tabulation
from site_builder.importers.inputs import csv_rows, read_text
from site_builder.importers.tabulation import Citation, Contest, InputError, Round
from site_builder.records import names
from site_builder.records.dates import MONTHS

__all__ = ["Account", "InputError", "Reading", "read"]

ARCHIVE = (
    "https://github.com/jordanholbrook/archive/blob/da02d3d862cc1922127dc405ae2f5a2bcd66a509/"
    "rcv_pipeline/data/source_data/"
)
"""The public address of the archive's folders of reports, at the commit they were copied from."""
ARCHIVE_PUBLISHER = "jordanholbrook/archive (GitHub)"
PUBLISHER = "Alameda County Registrar of Voters"
METADATA = "Source_Metadata.csv"
CITIES = {
    "Oakland": "ocd-division/country:us/state:ca/place:oakland",
    "Berkeley": "ocd-division/country:us/state:ca/place:berkeley",
    "San Leandro": "ocd-division/country:us/state:ca/place:san_leandro",
}
"""The cities whose reports are read, with their division ids."""
_TITLE = re.compile(r"^(?P<office>.+?) - (?P<city>[A-Za-z .]+?) \(RCV\)$")
_COUNCIL = re.compile(r"^Member, City Council, (?:(?:Dist\.|District) (?P<number>[0-9]{1,2})|(?P<large>At[ -]Large))$")
_OFFICES = {"Mayor": "Mayor", "City Auditor": "City Auditor", "City Attorney": "City Attorney"}
_NUMBER = re.compile(r"^[0-9][0-9,]*$")
_SHARE = re.compile(r"^[0-9]+(\.[0-9]+)?\s?%$")
_SLASHED = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")
_WORDED = re.compile(rf"^({'|'.join(MONTHS)}) ([0-9]{{1,2}}), ([0-9]{{4}})$")
_WRITE_IN = "Write-In"
_MC = re.compile(r"\bMc(?=[A-Z]{2})")
"""``Mc`` before a surname in capitals, as some reports print it in a name otherwise in capitals."""
_NOT_READ = {
    "ballotpedia": "a copy of a Ballotpedia page, not the Registrar's report",
    "unknown": "a layout not recognised: no `RCV Results Report` with `Contest:`, nor "
    "`Ranked Choice Voting Results: General Election - `",
}


@dataclass
class Account:
    """What became of one file: ``imported``, ``repeat``, ``outside`` (the directory) or ``unread`` (a
    layout or a contest not read), and why."""

    file: str
    what: str
    reason: str

    def line(self) -> str:
        return f"{self.what} {self.file}: {self.reason}"


@dataclass
class Reading:
    contests: list[Contest] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)

    @property
    def skipped(self) -> list[str]:
        return [a.line() for a in self.accounts if a.what != "imported"]


@dataclass
class _Report:
    """A file while it is read: its lines, its layout and the contest its title names."""

    path: Path
    lines: list[str]
    layout: str
    """``pass``, ``rounds``, ``precinct``, ``ballotpedia`` or ``unknown``."""
    title: str = ""
    title_line: int = 0
    date: str = ""
    date_line: int = 0

    @property
    def display(self) -> str:
        return self.path.as_posix()

    def fail(self, index: int, message: str) -> InputError:
        return InputError(f"{self.display}:{index + 1}: {message}")

    def count(self, index: int, text: str, what: str) -> int:
        return tabulation.count(text, self.display, index + 1, what)


def read(files: list[Path]) -> Reading:
    """Every city contest of the files, checked (:func:`tabulation.check`); raises :class:`InputError` at
    the first bad file.  Every file is accounted for in :attr:`Reading.accounts`, in the files' order."""
    reading = Reading()
    chosen: dict[tuple[str, str, str, str], tuple[_Report, Contest]] = {}
    later: list[tuple[_Report, tuple[str, str, str, str] | None, Contest | None]] = []
    accounts: dict[str, Account] = {}
    metadata: dict[Path, dict[str, str]] = {}
    for path in files:
        report = _identify(path)
        if report.layout in _NOT_READ:
            accounts[report.display] = Account(report.display, "unread", _NOT_READ[report.layout])
            continue
        where = _contest_of(report)
        if isinstance(where, Account):
            accounts[report.display] = where
            continue
        key, office, district, city = where
        if report.layout == "precinct":
            later.append((report, key, None))
            continue
        contest = _contest(report, office, district, city)
        if report.layout == "pass":
            _passes(report, contest)
        else:
            _rounds(report, contest)
        folder = path.parent
        if folder not in metadata:
            beside = folder / METADATA
            metadata[folder] = _metadata(beside if beside.is_file() else folder.parent / METADATA)
        cite(report.path, contest, metadata[folder].get(path.stem))
        tabulation.check(contest)
        if key in chosen:
            later.append((report, key, contest))
            continue
        chosen[key] = (report, contest)
        accounts[report.display] = Account(report.display, "imported", label_of(contest))
    for again, same, counted in later:
        first = chosen.get(same) if same else None
        if first is None:
            accounts[again.display] = Account(
                again.display, "unread", "a precinct-by-precinct report, whose contest no other file gives"
            )
            continue
        if counted is not None and _counts(counted) != _counts(first[1]):
            raise again.fail(
                again.title_line,
                f"the contest `{again.title}` is also in {first[0].display}, with other counts: "
                "which is the official count cannot be told",
            )
        accounts[again.display] = Account(
            again.display, "repeat", f"the contest `{again.title}` of {first[0].display}, imported from it"
        )
    reading.accounts = [accounts[path.as_posix()] for path in files]
    reading.contests = sorted(
        (contest for _, contest in chosen.values()), key=lambda c: (c.city, c.year, c.office, c.district)
    )
    return reading


def label_of(contest: Contest) -> str:
    place = f"{contest.office}, {contest.district}" if contest.district else contest.office
    return f"{contest.year} {contest.city} {place}"


def _counts(contest: Contest) -> list[tuple[dict[str, int], int | None, int | None]]:
    return [(dict(r.counts), r.write_ins, r.exhausted) for r in contest.rounds]


def _identify(path: Path) -> _Report:
    display = path.as_posix()
    lines = read_text(path, display, InputError).replace("\r\n", "\n").split("\n")
    head = [line.strip() for line in lines[:12]]
    if head[0].startswith("Ranked Choice Voting Results: General Election - "):
        report = _Report(path, lines, "rounds", head[1] if len(head) > 1 else "", 1)
        report.date = head[0].rsplit(" - ", 1)[1]
        return report
    if any(line.startswith("Ballotpedia") for line in lines) and re.fullmatch(r"[0-9]{4}", head[0]):
        return _Report(path, lines, "ballotpedia")
    stripped = [line.strip() for line in lines]
    for index, line in enumerate(stripped):
        if line == "Contest:" and stripped[index + 1 : index + 3] == ["Customer Name:", "Election Name:"]:
            return _pass_report(path, lines, index)
    for index, line in enumerate(head):
        if line.startswith("Contest: ") and index + 1 < len(head) and head[index + 1].startswith("Load Type: Precinct"):
            report = _Report(path, lines, "precinct", line.removeprefix("Contest: ").strip(), index)
            for at, text in enumerate(lines):
                match = re.fullmatch(r"General Election \((.+)\)", text.strip())
                if match:
                    report.date, report.date_line = match[1], at
                    break
            return report
    return _Report(path, lines, "unknown")


def _pass_report(path: Path, lines: list[str], contest_at: int, county: str = "Alameda County") -> _Report:
    """A pass report: its title is the lines after ``Election Name:`` up to the ``county`` line (``Alameda
    County``), its day the first of the two after ``Run Date:``."""
    index = contest_at + 3
    parts = []
    while index < len(lines) and lines[index].strip() != county:
        parts.append(lines[index].strip())
        index += 1
    title = " ".join(" ".join(parts).split())
    report = _Report(path, lines, "pass", title, contest_at + 3)
    run = next((i for i in range(index, min(index + 6, len(lines))) if lines[i].strip() == "Run Date:"), None)
    if run is None or run + 1 >= len(lines):
        raise report.fail(index, "the report's `Election Date:` and `Run Date:` are missing")
    report.date, report.date_line = lines[run + 1].strip(), run + 1
    return report


def _contest_of(report: _Report) -> tuple[tuple[str, str, str, str], str, str, str] | Account:
    """The contest's key (city, day, office, district), office, district and city; an account of a
    contest that is not read."""
    match = _TITLE.match(report.title)
    if match is None:
        raise report.fail(
            report.title_line, f"`{tabulation.shown(report.title)}` is not a title such as `Mayor - Oakland (RCV)`"
        )
    city = match["city"].strip()
    if city not in CITIES:
        return Account(report.display, "unread", f"a contest of {city}, not a city this importer reads")
    office_text = match["office"].strip()
    council = _COUNCIL.match(office_text)
    if council:
        office, district = "City Council", (f"District {int(council['number'])}" if council["number"] else "At Large")
    elif office_text in _OFFICES:
        office, district = _OFFICES[office_text], ""
    elif office_text.startswith("School Director"):
        return Account(report.display, "outside", f"`{report.title}`: a school board, outside the directory")
    else:
        return Account(report.display, "outside", f"`{report.title}`: not a city office the directory lists")
    day = _day(report)
    seats = next((line for line in report.lines[:12] if line.startswith("Number of positions to elect is ")), "")
    if seats and seats.strip() != "Number of positions to elect is 1.":
        return Account(report.display, "unread", f"`{report.title}` elects more than one: {seats.strip()}")
    return (city, day, office, district), office, district, city


def _day(report: _Report) -> str:
    text = report.date.strip()
    slashed = _SLASHED.match(text)
    worded = _WORDED.match(text)
    if slashed:
        month, day, year = (int(part) for part in slashed.groups())
    elif worded:
        month, day, year = MONTHS.index(worded[1]) + 1, int(worded[2]), int(worded[3])
    else:
        raise report.fail(report.date_line, f"`{tabulation.shown(text)}` is not an election day")
    return f"{year:04d}-{month:02d}-{day:02d}"


def _contest(report: _Report, office: str, district: str, city: str) -> Contest:
    unknown = Citation("", "", "")
    day = _day(report)
    contest = Contest(
        file=report.display,
        line=report.title_line + 1,
        ocd_id=CITIES[city],
        city=city,
        state="ca",
        year=day[:4],
        office=office,
        district=district,
        tabulation=unknown,
        official=unknown,
        results=unknown,
        date=day,
    )
    contest.lines[("date",)] = report.date_line + 1
    return contest


def _name(report: _Report, index: int, text: str) -> str:
    """A name as the report prints it, in its usual form when in capitals (``JEAN QUAN`` → ``Jean Quan``,
    ``JACQUELYN McCORMICK`` → ``Jacquelyn McCormick``); the PDF's two apostrophes are read as an apostrophe
    within a word (``D''SILVA`` → ``D'Silva``), else as a quotation mark (``''STARK''`` → ``"Stark"``)."""
    try:
        name = names.clean(apostrophes(text))
    except names.RefusedName as refused:
        raise report.fail(index, f"the name `{tabulation.shown(text)}`: {refused}") from None
    capitals = _MC.sub("MC", name)
    return names.proper(capitals) if names.is_capitals(capitals) else name


def apostrophes(text: str) -> str:
    """The PDF's two apostrophes as an apostrophe between two letters, else as a quotation mark."""
    return _TWO_APOSTROPHES.sub("'", text).replace("''", '"')


_TWO_APOSTROPHES = re.compile(r"(?<=[A-Za-z])''(?=[A-Za-z])")


def _passes(report: _Report, contest: Contest) -> None:
    """Each pass's final state, a round."""
    lines = [line.strip() for line in report.lines]
    finals = [i for i, line in enumerate(lines) if line == "Final State"]
    passes = [i for i, line in enumerate(lines) if re.fullmatch(r"Pass Number: [0-9]+", line)]
    if not finals or len(finals) != len(passes):
        raise report.fail(len(lines) - 1, "the report has not a `Final State` for each pass: it may be cut short")
    winners: list[str] = []
    for number, final in enumerate(finals, start=1):
        continuing = next((i for i in range(final, max(final - 6, 0), -1) if lines[i] == "Continuing Ballots"), None)
        if continuing is None:
            raise report.fail(final, "the `Final State` has no `Continuing Ballots` before it")
        start = continuing
        while start > 0 and not _boundary(lines, start - 1):
            start -= 1
        counted = Round(number)
        contest.rounds.append(counted)
        contest.lines[("round", str(number))] = start + 1
        for at, name, votes, marks in _rows(report, lines, start, continuing):
            if name == _WRITE_IN:
                counted.write_ins = (counted.write_ins or 0) + votes
                contest.lines[("write_ins", str(number))] = at + 1
                continue
            if number == 1:
                if name in contest.candidates:
                    raise report.fail(at, f"`{name}` has a second row in the pass")
                contest.candidates.append(name)
                contest.lines[("candidate", name)] = at + 1
            counted.counts[name] = votes
            contest.lines[("count", str(number), name)] = at + 1
            if "eliminated" in marks and marks["eliminated"] == number - 1:
                counted.defeated.append(name)
                contest.lines[("outcome", str(number), name)] = at + 1
            if "winner" in marks and number == len(finals):
                winners.append(name)
                contest.lines[("winner", name)] = at + 1
        given = report.count(continuing + 1, lines[continuing + 1], "the continuing ballots")
        if given != sum(counted.counts.values()) + (counted.write_ins or 0):
            raise report.fail(continuing, f"the rows of pass {number - 1} do not add up to {given} continuing ballots")
        if final + 1 < len(lines) and lines[final + 1] == "Error: Subreport could not be shown.":
            continue  # the report gives no ballots but the continuing ones for this pass
        values = _labelled(report, lines, final, _BALLOTS)
        counted.exhausted = values["Exhausted Ballots"] + values["Exhausted by Over Votes"]
        if number == 1:
            contest.undervotes = values["Under Votes"]
            contest.ballots = values["Total Ballots"]
            contest.total = contest.ballots - contest.undervotes
            contest.lines[("total",)] = contest.lines[("ballots",)] = final + 1
    if len(winners) != 1:
        raise report.fail(finals[-1], "the last pass does not mark one `** WINNER **`")
    _decide(contest, winners[0])


def _decide(contest: Contest, winner: str) -> None:
    """The winner elected in the last round, the others still in it defeated there."""
    contest.winners = [winner]
    last = contest.rounds[-1]
    if len(contest.rounds) < 2:
        return
    decided = {name for counted in contest.rounds for name in counted.elected + counted.defeated}
    last.elected.append(winner)
    last.defeated.extend(n for n in last.counts if n != winner and n not in decided and n not in last.defeated)


def _boundary(lines: list[str], index: int) -> bool:
    """Whether line ``index`` ends what comes before a pass's rows: the pass's number, the day of the page's
    header, the number of a ``... - Pass`` heading, or an empty line."""
    line = lines[index]
    if not line or line.startswith("Pass Number:") or _SLASHED.match(line):
        return True
    return (index > 0 and lines[index - 1].endswith("- Pass")) or line.endswith("- Pass")


def _rows(report: _Report, lines: list[str], start: int, stop: int) -> list[tuple[int, str, int, dict[str, int]]]:
    """The rows from ``start`` to ``stop``: a name (on one line or more), its marks, the votes, the share."""
    rows = []
    index = start
    while index < stop:
        first = index
        parts = []
        marks: dict[str, int] = {}
        while index < stop and not _NUMBER.match(lines[index]):
            line = lines[index]
            eliminated = re.fullmatch(r"(.*?) ?Eliminated in pass ([0-9]+)\.", line)
            if line == "** WINNER **":
                marks["winner"] = 1
            elif eliminated:
                marks["eliminated"] = int(eliminated[2])
                if eliminated[1]:  # the name and the mark on one line
                    parts.append(eliminated[1])
            else:
                parts.append(line)
            index += 1
        if not parts or index + 1 >= stop + 1 or index >= stop:
            raise report.fail(first, "a row of the pass has no name or no votes: the file may be misread")
        votes = report.count(index, lines[index], "the votes")
        index += 1
        if index < stop and _SHARE.match(lines[index]):
            index += 1
        else:
            raise report.fail(index, "a row's votes are not followed by its share: the file may be misread")
        name = parts[0]
        for part in parts[1:]:  # a name cut over two lines after a hyphen is one word
            name += part if name.endswith("-") else " " + part
        rows.append((first, _WRITE_IN if _write_in(name) else _name(report, first, name), votes, marks))
    return rows


def _write_in(name: str) -> bool:
    """Whether a row counts write-ins: ``Write-In``, ``WRITE-IN``, or a qualified write-in candidate's row
    (``WRITE-IN NEO VEAVEA``, ``WRITE-IN - JOHN E. FITCH``), all counted as the round's write-ins."""
    return name in (_WRITE_IN, "WRITE-IN") or name.startswith("WRITE-IN ")


def _labelled(report: _Report, lines: list[str], start: int, labels: tuple[str, ...]) -> dict[str, int]:
    """The number after each label, in the lines after ``start``."""
    found = {}
    for label in labels:
        at = next((i for i in range(start, min(start + 12, len(lines) - 1)) if lines[i] == label), None)
        if at is None or not _NUMBER.match(lines[at + 1]):
            raise report.fail(start, f"`{label}` is not followed by a number: the file may be cut short")
        found[label] = report.count(at + 1, lines[at + 1], f"`{label}`")
    return found


_BALLOTS = ("Under Votes", "Exhausted Ballots", "Exhausted by Over Votes", "Total Ballots")
_HEADER = "Candidate\tVotes\tPercentage"
_NOBODY = ("BLANKS", "EXHAUSTED", "OVERVOTES", "REMAINDER POINTS", "SUSPENDED")


def _rounds(report: _Report, contest: Contest) -> None:
    """The round-by-round results: a table a round, the defeats between them."""
    lines = [line.rstrip() for line in report.lines]
    headers = [i for i, line in enumerate(lines) if line.strip() == _HEADER]
    if not headers:
        raise report.fail(len(lines) - 1, f"the report has no table `{_HEADER}`: it may be cut short")
    defeated: dict[int, list[tuple[int, str]]] = {}
    for number, header in enumerate(headers, start=1):
        label = next((i for i in range(header - 1, max(header - 4, 0), -1) if lines[i].startswith("Round ")), None)
        if label is not None and lines[label].strip() != f"Round {number}":
            raise report.fail(label, f"`{lines[label].strip()}` comes where round {number} should")
        index = _table(report, lines, header, contest)
        end = headers[number] if number < len(headers) else len(lines)
        for at in range(index, end):
            match = re.match(r"^(.+) is eliminated because ", lines[at].strip())
            if match:
                name = _name(report, at, match[1])
                found = defeated.setdefault(number + 1, [])
                if name not in (n for _, n in found):
                    found.append((at, name))
    for number, found in defeated.items():
        if number > len(contest.rounds):
            raise report.fail(found[0][0], "a candidate is eliminated after the last round: the file may be cut short")
        for at, name in found:
            if name not in contest.candidates:
                raise report.fail(at, f"`{name}` is eliminated but is not a candidate of the count")
            contest.rounds[number - 1].defeated.append(name)
            contest.lines[("outcome", str(number), name)] = at + 1
    last = contest.rounds[-1]
    continuing = sum(last.counts.values())
    ahead = [name for name, votes in last.counts.items() if votes * 2 > continuing]
    if len(ahead) != 1:
        raise report.fail(headers[-1], "nobody holds more than half of the continuing ballots in the last round")
    contest.lines[("winner", ahead[0])] = contest.lines[("count", str(last.number), ahead[0])]
    _decide(contest, ahead[0])


def _table(report: _Report, lines: list[str], header: int, contest: Contest) -> int:
    """The round whose table starts at line ``header``, added to the contest; the line after it."""
    number = len(contest.rounds) + 1
    counted = Round(number)
    contest.rounds.append(counted)
    contest.lines[("round", str(number))] = header + 1
    index = header + 1
    while index < len(lines) and not lines[index].startswith("CONTINUING BALLOTS TOTAL"):
        cells = [cell.strip() for cell in lines[index].split("\t")]
        if len(cells) < 2 or not _NUMBER.match(cells[1]):
            raise report.fail(index, "a row of the round has no votes: the file may be misread")
        name = _name(report, index, cells[0])
        if number == 1:
            if name in contest.candidates:
                raise report.fail(index, f"`{name}` has a second row in the round")
            contest.candidates.append(name)
            contest.lines[("candidate", name)] = index + 1
        elif name not in contest.candidates:
            raise report.fail(index, f"`{name}` is not a candidate of round 1")
        counted.counts[name] = report.count(index, cells[1], f"the votes of `{name}`")
        contest.lines[("count", str(number), name)] = index + 1
        index += 1
    if index >= len(lines):
        raise report.fail(header, "the round has no `CONTINUING BALLOTS TOTAL`: the file may be cut short")
    continuing = report.count(index, lines[index].split("\t")[1], "the continuing ballots")
    if continuing != sum(counted.counts.values()):
        raise report.fail(index, f"the rows of round {number} do not add up to its {continuing} continuing ballots")
    nobody: dict[str, int] = {}
    index += 1
    while index < len(lines) and lines[index].split("\t")[0].strip() in _NOBODY:
        cells = lines[index].split("\t")
        nobody[cells[0].strip()] = report.count(index, cells[1] if len(cells) > 1 else "", f"`{cells[0].strip()}`")
        index += 1
    if index >= len(lines) or not lines[index].startswith("NON TRANSFERRABLE TOTAL"):
        raise report.fail(index, "the round has no `NON TRANSFERRABLE TOTAL`: the file may be cut short")
    nontransferable = report.count(index, lines[index].split("\t")[1], "the non-transferable total")
    if nontransferable != sum(nobody.values()) or "BLANKS" not in nobody:
        raise report.fail(index, f"the ballots counted for nobody in round {number} do not add up to {nontransferable}")
    if contest.undervotes is None:
        contest.undervotes = nobody["BLANKS"]
        contest.ballots = continuing + nontransferable
        contest.total = contest.ballots - nobody["BLANKS"]
        contest.lines[("undervotes",)] = contest.lines[("total",)] = contest.lines[("ballots",)] = index + 1
    elif nobody["BLANKS"] != contest.undervotes:
        blanks = nobody["BLANKS"]
        raise report.fail(
            index, f"round {number} counts {blanks} blank ballots where round 1 counts {contest.undervotes}"
        )
    counted.exhausted = nontransferable - nobody["BLANKS"]
    return index


def _metadata(path: Path) -> dict[str, str]:
    """The official address of each report, by the name of its PDF, from ``Source_Metadata.csv``."""
    display = path.as_posix()
    if not path.is_file():
        return {}
    rows = csv_rows(path, display, InputError)
    found = {}
    for row in rows:
        url = (row.get("url") or "").strip()
        if url.startswith("https://acvote.alamedacountyca.gov/") and url.endswith(".pdf"):
            found[url.rsplit("/", 1)[1].removesuffix(".pdf")] = quote(url, safe=":/%")
    return found


def cite(path: Path, contest: Contest, official: str | None, publisher: str = PUBLISHER) -> None:
    """The report's official address where ``Source_Metadata.csv`` gives it, and the archive's copy; a
    report without an official address is cited once, at the archive's copy, with its ``publisher``."""
    label = label_of(contest)
    address = ARCHIVE + quote(f"{path.parent.name}/{path.name}")
    if official:
        contest.tabulation = Citation(
            address, f"{label}: ranked-choice report of the {publisher}, as text", ARCHIVE_PUBLISHER
        )
        contest.official = Citation(official, f"{label}: ranked-choice results report", publisher)
    else:
        contest.official = contest.tabulation = Citation(
            address, f"{label}: ranked-choice voting results, the report as text in {ARCHIVE_PUBLISHER}", publisher
        )
    contest.results = contest.official
