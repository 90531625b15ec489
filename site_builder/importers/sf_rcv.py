"""The San Francisco Department of Elections' ranked-choice reports (2004–2022), as text taken from its
PDFs, read into contests (:class:`site_builder.importers.tabulation.Contest`).

San Francisco's reports changed layout with its voting systems; each file is told apart by its content,
never by its name, and accounted for (:class:`site_builder.importers.alameda_rcv.Account`):

- the pass report (2008–2018: ``RCV Results Report``, ``Contest:``, the title ``Board of Supervisors,
  District 3`` over ``The City and County of San Francisco``): the same layout as the Alameda County
  pass report, read by :mod:`site_builder.importers.alameda_rcv`; the row ``WRITE-IN`` and each qualified
  write-in candidate's row (``WRITE-IN NEO VEAVEA``) are the round's write-ins; the winner is the row
  marked ``** WINNER **``;
- the detail report (2019–2022: ``RCV Detail Report`` or ``Final RCV Detail Report``, ``City and County
  of San Francisco``, the day and election, the title): a table a round (``Round N``, ``Candidate``,
  ``Votes``, ``Percentage``, then a name, its votes and its share a row), the continuing ballots, the
  ballots that count for nobody (``Blanks``, ``Exhausted``, ``Overvotes``, ``Remainder Points`` ...)
  and their total, then a line ``NAME is eliminated because ...`` for each defeat, which takes effect
  in the next round, and ``NAME is elected because ...``: the winner the report names.  The blanks are
  the under votes; the ballots cast are the continuing ballots and all those counting for nobody, and a
  round's exhausted ballots are those counting for nobody except the blanks;
- the table of passes (2004–2006: a row a candidate, a column a pass, ``Pass 1`` ... ``Pass N``, under
  the title ``RCV District 11 Nov 2004`` or a first cell ``MEMBER, BOARD OF SUPERVISORS DIST. 4``): each
  pass a round; a count marked ``*`` is the candidate's last, who is defeated in the next round; the row
  marked ``(Winner 54.013%)`` is the winner the report names; the rows ``Eligible Ballots`` (the
  continuing ballots), ``Exhausted Ballots`` (blank ballots among them: the report counts every card as a
  ballot) and ``Total Ballots`` close it.  The election day is the one the file prints (``November 2,
  2004``), else its year is that of the title (``Nov 2004``) and the day that of another file of the year;
  a table whose file gives neither is listed as not read;
- the summary of first choices (2004–2007: ``ELECTION SUMMARY`` or ``SUMMARY REPORT``, a row a candidate
  with dotted leaders, under a title ``... Vote for 1``) and the report of first choices (2010–2012:
  ``Final Certified Ranked-Choice Results Report``, a tab-separated row a candidate, then ``Total``): read
  only where the file says the ranked-choice count was not needed (``reported a clear majority leader``,
  ``received a majority of first-choice selections``, ``more than 50% +1``, ``Only one candidate has
  qualified``), as a race of one round, whose winner is the one candidate holding more than half of the
  votes counted (the ``WRITE-IN`` rows and those of a ``(QUALIFIED WRITE-IN)`` are the write-ins); else,
  or when a row has no count, listed as not read.

San Francisco is a city and county; the directory lists the city's offices as it does elsewhere
(:mod:`site_builder.importers.offices`: mayor, council, city attorney, treasurer), and San Francisco's
council is its Board of Supervisors, elected by district.  The county's offices (sheriff, district
attorney, public defender, assessor-recorder) are outside the directory.  Contests are told apart by
their title and election day: a second report of a contest read is listed as a repeat once its counts
are found the same, and refused if they differ.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from site_builder.importers import alameda_rcv, tabulation
from site_builder.importers.alameda_rcv import Account, Reading
from site_builder.importers.inputs import csv_rows, read_text
from site_builder.importers.tabulation import Citation, Contest, InputError, Round
from site_builder.records import names
from site_builder.records.dates import MONTHS

__all__ = ["Account", "InputError", "Reading", "read"]

PUBLISHER = "San Francisco Department of Elections"
METADATA = "Source_Metadata.csv"
CITY = "San Francisco"
OCD_ID = "ocd-division/country:us/state:ca/place:san_francisco"
COUNTY_LINE = "The City and County of San Francisco"
"""The line after a pass report's title."""
_CITY_OFFICES = {"MAYOR": "Mayor", "CITY ATTORNEY": "City Attorney", "TREASURER": "Treasurer"}
_COUNTY_OFFICES = ("SHERIFF", "DISTRICT ATTORNEY", "PUBLIC DEFENDER", "ASSESSOR-RECORDER", "ASSESSOR")
_SUPERVISOR = re.compile(r"^(?:(?:MEMBER, )?BOARD OF SUPERVISORS,? )?DIST(?:RICT|\.) ?([0-9]{1,2})$")
"""A seat of the Board of Supervisors; a title ``District 11`` alone (the tables of 2004) names one too: the
only offices of San Francisco elected by district are the Board's seats."""
_DETAIL_DAY = re.compile(rf"^({'|'.join(MONTHS)}) ([0-9]{{1,2}}), ([0-9]{{4}}), .*Election$")
_NUMBER = re.compile(r"^[0-9][0-9,]*$")
_SHARE = re.compile(r"^[0-9]+(\.[0-9]+)?\s?%$")
_NOISE = re.compile(r"^(?:[0-9]{2}/[0-9]{2}/[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}|Page: [0-9]+ / [0-9]+|)$")
"""A page's footer line (the time printed, the page number) or an empty line, inside a table."""
_PAGE_HEADS = ("San Francisco", "City and County of San Francisco")
_NOBODY = ("Blanks", "Exhausted", "Overvotes", "Remainder Points", "Suspended")
_ELIMINATED = re.compile(r"^(.+?) is eliminated because (.*)$")
_ELECTED = re.compile(r"^(.+?) is elected because ")
_WRITE_IN = re.compile(r"^WRITE-IN\b")
_UNREAD = {
    "summary": "a summary of first choices (`ELECTION SUMMARY` or `SUMMARY REPORT`, dotted columns) that "
    "does not say the race was won on first choices: a layout not read",
    "one-round": "a report of first choices only that does not say the race was won on first choices: "
    "a layout not read",
    "unknown": "a layout not recognised: neither a pass report (`RCV Results Report`, `Contest:`) nor "
    "an `RCV Detail Report`",
}


def read(files: list[Path]) -> Reading:
    """Every city contest of the files, checked (:func:`tabulation.check`); raises :class:`InputError` at
    the first bad file.  Every file is accounted for in :attr:`Reading.accounts`, in the files' order."""
    chosen: dict[tuple[str, str, str], tuple[str, Contest]] = {}
    accounts: dict[str, Account] = {}
    metadata: dict[Path, dict[str, list[str]]] = {}
    for path in files:
        display = path.as_posix()
        read_one = _read_one(path)
        if isinstance(read_one, Account):
            accounts[display] = read_one
            continue
        contest, title = read_one
        folder = path.parent
        if folder not in metadata:
            beside = folder / METADATA
            metadata[folder] = _metadata(beside if beside.is_file() else folder.parent / METADATA)
        alameda_rcv.cite(path, contest, _official(metadata[folder].get(path.stem, []), contest.date), PUBLISHER)
        tabulation.check(contest)
        key = (contest.year, contest.office, contest.district)
        when = contest.date or contest.year
        if key in chosen:
            first, counted = chosen[key]
            if _counts(contest) != _counts(counted) or (contest.date and counted.date not in ("", contest.date)):
                raise InputError(
                    f"{display}:{contest.line}: the contest `{title}` of {when} is also in {first}, with "
                    "other counts: which is the official count cannot be told"
                )
            if not counted.date:  # the day the repeat prints is the day of the contest first read
                counted.date = contest.date
            accounts[display] = Account(display, "repeat", f"the contest `{title}` of {when} in {first}, imported")
            continue
        chosen[key] = (display, contest)
        accounts[display] = Account(display, "imported", alameda_rcv.label_of(contest))
    reading = Reading()
    reading.accounts = [accounts[path.as_posix()] for path in files]
    reading.contests = sorted((c for _, c in chosen.values()), key=lambda c: (c.year, c.office, c.district))
    return reading


def _read_one(path: Path) -> tuple[Contest, str] | Account:
    """The contest of one file and its title as printed, or the account of a file not read."""
    display = path.as_posix()
    lines = read_text(path, display, InputError).replace("\r\n", "\n").split("\n")
    layout = _layout(lines)
    if layout in _UNREAD and not (layout in ("summary", "one-round") and _MAJORITY.search("\n".join(lines))):
        return Account(display, "unread", _UNREAD[layout])
    if layout in ("summary", "one-round"):
        head = _summary_head(display, lines)
        if isinstance(head, str):
            return Account(display, "unread", head)
        title, title_line, day, day_line, year = head
    elif layout == "passes":
        head = _table_head(display, lines)
        if isinstance(head, str):
            return Account(display, "unread", head)
        title, title_line, day, day_line, year = head
    elif layout == "pass":
        start = next(i for i, line in enumerate(lines) if _contest_head(lines, i))
        report = alameda_rcv._pass_report(path, lines, start, COUNTY_LINE)
        title, title_line, day = report.title, report.title_line, alameda_rcv._day(report)
        day_line, year = report.date_line, day[:4]
    else:
        title, title_line, day, day_line = _detail_head(display, lines)
        year = day[:4]
    where = _office(title)
    if isinstance(where, str):
        return Account(display, "outside", f"`{title}` ({day or year}): {where}")
    office, district = where
    contest = _contest(display, title_line, day, day_line, office, district)
    contest.year = year
    if layout == "pass":
        alameda_rcv._passes(report, contest)
    elif layout == "passes":
        _table(display, lines, contest)
    elif layout in ("summary", "one-round"):
        _summary(display, lines, title_line, contest)
    else:
        _detail(display, lines, contest)
    return contest, title


def _contest_head(lines: list[str], index: int) -> bool:
    return lines[index].strip() == "Contest:" and [line.strip() for line in lines[index + 1 : index + 3]] == [
        "Customer Name:",
        "Election Name:",
    ]


def _layout(lines: list[str]) -> str:
    """``pass``, ``detail``, or what the file is when it is not read (a key of ``_UNREAD``)."""
    head = [line.strip() for line in lines[:12]]
    for index, line in enumerate(head[:4]):
        if line in ("RCV Detail Report", "Final RCV Detail Report") and head[index + 1 : index + 2] == [
            "City and County of San Francisco"
        ]:
            return "detail"
    if any(_contest_head(lines, i) for i in range(len(lines) - 2)) and any(
        line.strip() == COUNTY_LINE for line in lines
    ):
        return "pass"
    text = "\n".join(head)
    if any("\t" in line and _PASS_HEADER.search(line) for line in lines):
        return "passes"
    if "ELECTION SUMMARY" in text or "SUMMARY REPORT" in text or re.search(r"\.  \.  \.", "\n".join(lines)):
        return "summary"
    if head[0] in _ONE_ROUND_TITLES:
        return "one-round"
    return "unknown"


def _detail_head(display: str, lines: list[str]) -> tuple[str, int, str, int]:
    """A detail report's title, its line (from 0), its election day and its line."""
    for index, line in enumerate(lines[:12]):
        match = _DETAIL_DAY.match(line.strip())
        if match:
            day = f"{match[3]}-{MONTHS.index(match[1]) + 1:02d}-{int(match[2]):02d}"
            title = " ".join(lines[index + 1].split()) if index + 1 < len(lines) else ""
            if not title:
                raise InputError(f"{display}:{index + 2}: the report's title (the office) is missing")
            seats = lines[index + 3].strip() if index + 3 < len(lines) else ""
            if seats != "Number of positions to elect is 1.":
                raise InputError(
                    f"{display}:{index + 4}: `{tabulation.shown(seats)}` where `Number of positions to elect is 1.` "
                    "should be: a report electing more than one is not read"
                )
            return title, index + 1, day, index
    raise InputError(f"{display}:3: the report has no line of its day and election (`November 5, 2019, ... Election`)")


def _office(title: str) -> tuple[str, str] | str:
    """The city office and district a title names, or why the contest is outside the directory."""
    upper = " ".join(title.upper().split()).removesuffix(" CITY OF SAN FRANCISCO")
    supervisor = _SUPERVISOR.match(upper)
    if supervisor:
        return "Board of Supervisors", f"District {int(supervisor[1])}"
    if upper in _CITY_OFFICES:
        return _CITY_OFFICES[upper], ""
    if upper in _COUNTY_OFFICES:
        return "an office of the county of San Francisco, outside the directory"
    return "not a city office the directory lists"


def _contest(display: str, title_line: int, day: str, day_line: int, office: str, district: str) -> Contest:
    unknown = Citation("", "", "")
    contest = Contest(
        file=display,
        line=title_line + 1,
        ocd_id=OCD_ID,
        city=CITY,
        state="ca",
        year=day[:4] or "0000",
        office=office,
        district=district,
        tabulation=unknown,
        official=unknown,
        results=unknown,
        date=day,
    )
    contest.lines[("date",)] = day_line + 1
    return contest


def _counts(contest: Contest) -> list[tuple[dict[str, int], int | None, int | None]]:
    return [(dict(r.counts), r.write_ins, r.exhausted) for r in contest.rounds]


def _fail(display: str, index: int, message: str) -> InputError:
    return InputError(f"{display}:{index + 1}: {message}")


def _name(display: str, index: int, text: str) -> str:
    """A name as the report prints it, in its usual form when in capitals (``DEAN PRESTON`` → ``Dean Preston``,
    ``JAKE McGOLDRICK`` → ``Jake McGoldrick``)."""
    try:
        name = names.clean(alameda_rcv.apostrophes(text))
    except names.RefusedName as refused:
        raise _fail(display, index, f"the name `{tabulation.shown(text)}`: {refused}") from None
    capitals = alameda_rcv._MC.sub("MC", name)
    return names.proper(capitals) if names.is_capitals(capitals) else name


def _detail(display: str, lines: list[str], contest: Contest) -> None:
    """The detail report's rounds, its defeats and the winner it names."""
    text = [line.strip() for line in lines]
    headers = [
        i
        for i in range(len(text) - 3)
        if re.fullmatch(r"Round [0-9]+", text[i])
        and text[i + 1 : i + 4]
        == [
            "Candidate",
            "Votes",
            "Percentage",
        ]
    ]
    if not headers:
        raise _fail(display, len(text) - 1, "the report has no table `Round 1`, `Candidate`, `Votes`: it is cut short")
    winners: list[tuple[int, str]] = []
    pending: list[tuple[int, str]] = []
    last: list[tuple[int, str]] = []
    """Those the report says were not elected in the last round: defeated there."""
    for number, header in enumerate(headers, start=1):
        if text[header] != f"Round {number}":
            raise _fail(display, header, f"`{text[header]}` comes where round {number} should")
        index = _detail_round(display, text, header, contest)
        if pending:
            for at, name in pending:
                if name not in contest.candidates:
                    raise _fail(display, at, f"`{name}` is eliminated but is not a candidate of the count")
                contest.rounds[-1].defeated.append(name)
                contest.lines[("outcome", str(number), name)] = at + 1
            pending = []
        end = headers[number] if number < len(headers) else len(text)
        for at in range(index, end):
            line = text[at] + (" " + text[at + 1] if at + 1 < end else "")
            eliminated = _ELIMINATED.match(text[at])
            elected = _ELECTED.match(text[at])
            if elected:
                winners.append((at, _name(display, at, elected[1])))
            elif eliminated and "not elected in the last round" in line:
                last.append((at, _name(display, at, eliminated[1])))
            elif eliminated:
                pending.append((at, _name(display, at, eliminated[1])))
    if pending:
        raise _fail(display, pending[0][0], "a candidate is eliminated after the last round: the file may be cut short")
    if len(winners) != 1:
        where = winners[1][0] if winners else headers[-1]
        raise _fail(display, where, f"the report names {len(winners)} candidates elected, where one seat is filled")
    at, winner = winners[0]
    if winner not in contest.candidates:
        raise _fail(display, at, f"`{winner}` is elected but is not a candidate of the count")
    contest.lines[("winner", winner)] = at + 1
    final = contest.rounds[-1]
    for where, name in last:
        if name not in final.counts:
            raise _fail(display, where, f"`{name}` is not elected in the last round but is not a candidate in it")
        final.defeated.append(name)
        contest.lines[("outcome", str(final.number), name)] = where + 1
    alameda_rcv._decide(contest, winner)


def _skip(text: list[str], index: int) -> int:
    """The next line from ``index`` that is not a page's footer or header."""
    while index < len(text) and (_NOISE.match(text[index]) or text[index] in _PAGE_HEADS):
        index += 1
    return index


def _detail_round(display: str, text: list[str], header: int, contest: Contest) -> int:
    """The round whose table starts at ``header``, added to the contest; the index after its totals."""
    number = len(contest.rounds) + 1
    counted = Round(number)
    contest.rounds.append(counted)
    contest.lines[("round", str(number))] = header + 1
    index = _skip(text, header + 4)
    while index < len(text) and text[index] != "Continuing Ballots Total":
        first = index
        parts = []
        while index < len(text) and not _NUMBER.match(text[index]) and text[index] != "Continuing Ballots Total":
            parts.append(text[index])
            index = _skip(text, index + 1)
        if not parts or index >= len(text) or text[index] == "Continuing Ballots Total":
            raise _fail(display, first, "a row of the round has no votes: the file may be misread")
        votes = tabulation.count(text[index], display, index + 1, "the votes")
        share = _skip(text, index + 1)
        if share >= len(text) or not _SHARE.match(text[share]):
            raise _fail(display, share, "a row's votes are not followed by its share: the file may be misread")
        index = _skip(text, share + 1)
        raw = " ".join(parts)
        if _WRITE_IN.match(raw):
            counted.write_ins = (counted.write_ins or 0) + votes
            contest.lines[("write_ins", str(number))] = first + 1
            continue
        name = _name(display, first, raw)
        if number == 1:
            if name in contest.candidates:
                raise _fail(display, first, f"`{name}` has a second row in the round")
            contest.candidates.append(name)
            contest.lines[("candidate", name)] = first + 1
        elif name not in contest.candidates:
            raise _fail(display, first, f"`{name}` is not a candidate of round 1")
        counted.counts[name] = votes
        contest.lines[("count", str(number), name)] = first + 1
    return _detail_totals(display, text, header, index, contest)


def _detail_totals(display: str, text: list[str], header: int, index: int, contest: Contest) -> int:
    """The totals of the last round read, from ``Continuing Ballots Total`` at ``index``; the index after them."""
    counted = contest.rounds[-1]
    number = counted.number
    if index + 1 >= len(text):
        raise _fail(display, header, "the round has no `Continuing Ballots Total`: the file may be cut short")
    continuing = tabulation.count(text[index + 1], display, index + 2, "the continuing ballots")
    if continuing != sum(counted.counts.values()) + (counted.write_ins or 0):
        raise _fail(display, index, f"the rows of round {number} do not add up to its {continuing} continuing ballots")
    nobody: dict[str, int] = {}
    index = _skip(text, index + 2)
    while index + 1 < len(text) and text[index] in _NOBODY:
        nobody[text[index]] = tabulation.count(text[index + 1], display, index + 2, f"`{text[index]}`")
        index = _skip(text, index + 2)
    if index + 1 >= len(text) or text[index] != "Non Transferable Total":
        raise _fail(display, index, "the round has no `Non Transferable Total`: the file may be cut short")
    nontransferable = tabulation.count(text[index + 1], display, index + 2, "the non-transferable total")
    if nontransferable != sum(nobody.values()) or "Blanks" not in nobody:
        raise _fail(display, index, f"the ballots counted for nobody in round {number} are not {nontransferable}")
    if contest.undervotes is None:
        contest.undervotes = nobody["Blanks"]
        contest.ballots = continuing + nontransferable
        contest.total = contest.ballots - nobody["Blanks"]
        contest.lines[("undervotes",)] = contest.lines[("total",)] = contest.lines[("ballots",)] = index + 1
    elif nobody["Blanks"] != contest.undervotes:
        blanks = nobody["Blanks"]
        raise _fail(
            display, index, f"round {number} counts {blanks} blank ballots where round 1 counts {contest.undervotes}"
        )
    counted.exhausted = nontransferable - nobody["Blanks"]
    return index + 2


def _metadata(path: Path) -> dict[str, list[str]]:
    """The official addresses of San Francisco's reports, by the name of their PDF, from ``Source_Metadata.csv``."""
    if not path.is_file():
        return {}
    found: dict[str, list[str]] = {}
    for row in csv_rows(path, path.as_posix(), InputError):
        url = (row.get("url") or "").strip()
        if re.match(r"^https://(www\.)?sfelections\.org/results/", url) and url.endswith(".pdf"):
            found.setdefault(url.rsplit("/", 1)[1].removesuffix(".pdf"), []).append(quote(url, safe=":/%"))
    return found


def _official(urls: list[str], day: str) -> str | None:
    """The address among ``urls`` of the election of ``day`` (its folder ``/results/YYYYMMDD/``); none when
    no address, or more than one, is of that election."""
    mine = [url for url in urls if f"/results/{day.replace('-', '')}/" in url]
    return mine[0] if len(set(mine)) == 1 else None


_PASS_HEADER = re.compile(r"\bPass 1\b")
_FULL_DAY = re.compile(rf"\b({'|'.join(MONTHS)}) ([0-9]{{1,2}}), ([0-9]{{4}})\b", re.IGNORECASE)
_TABLE_TITLE = re.compile(r"^RCV (.+?) Nov ([0-9]{4})$")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


def _table_head(display: str, lines: list[str]) -> tuple[str, int, str, int, str] | str:
    """A table of passes' title, its line, the election day and its line, and the year; or why it is not read."""
    header = next(i for i, line in enumerate(lines) if "\t" in line and _PASS_HEADER.search(line))
    if sum(1 for line in lines if "\t" in line and _PASS_HEADER.search(line)) > 1:
        return "a file of several tables of passes (`Pass 1`, `Pass 2` ...): one contest a file is read"
    labels = {cell for line in lines[header:] for cell in _cells(line)}
    if not {"Eligible Ballots", "Exhausted Ballots", "Total Ballots"} <= labels:
        return (
            "a table of passes without its rows `Eligible Ballots`, `Exhausted Ballots` and `Total Ballots`: "
            "cut short, its rounds cannot be checked"
        )
    first = _cells(lines[header])[0]
    title, title_line, year = first, header, ""
    if first == "Candidate":
        named = [(i, m) for i in range(header) if (m := _TABLE_TITLE.match(lines[i].strip()))]
        if not named:
            raise InputError(f"{display}:{header + 1}: the table has no title (`RCV District 11 Nov 2004`) above it")
        title_line, match = named[-1]
        title, year = match[1], match[2]
    day, day_line = "", 0
    for index, line in enumerate(lines):
        found = _FULL_DAY.search(line)
        if found:
            month = next(i for i, name in enumerate(MONTHS, start=1) if name.casefold() == found[1].casefold())
            day, day_line = f"{found[3]}-{month:02d}-{int(found[2]):02d}", index
            break
    if year and day and day[:4] != year:
        raise InputError(f"{display}:{day_line + 1}: the day {day} is not of the year of the title, {year}")
    if not day and not year:
        return "a table of passes whose file gives no election day nor year: which election it counts cannot be told"
    return title, title_line, day, day_line, year or day[:4]


def _table(display: str, lines: list[str], contest: Contest) -> None:
    """A table of passes: a round a pass, its defeats and the winner it marks."""
    header = next(i for i, line in enumerate(lines) if "\t" in line and _PASS_HEADER.search(line))
    heads = _cells(lines[header])
    columns = [i for i, head in enumerate(heads) if re.fullmatch(r"Pass [0-9]+", head)]
    if [heads[c] for c in columns] != [f"Pass {n}" for n in range(1, len(columns) + 1)]:
        raise _fail(display, header, "the passes are not numbered 1, 2, 3 ... in the table's heading")
    contest.rounds = [Round(n) for n in range(1, len(columns) + 1)]
    for number in range(1, len(columns) + 1):
        contest.lines[("round", str(number))] = header + 1
    totals: dict[str, tuple[int, list[int]]] = {}
    winners: list[tuple[int, str]] = []
    index = header + 1
    while index < len(lines) and "Total Ballots" not in totals:
        cells = _cells(lines[index])
        if not any(cells) or cells == ["San Francisco"]:
            index += 1
            continue
        label = next(cell for cell in cells if cell)
        if label in ("Eligible Ballots", "Exhausted Ballots", "Total Ballots"):
            after = cells[cells.index(label) + 1 :][: len(columns)]
            totals[label] = (index, [tabulation.count(cell, display, index + 1, f"`{label}`") for cell in after])
            if len(after) != len(columns):
                raise _fail(display, index, f"`{label}` has not a count for each of the {len(columns)} passes")
        else:
            _table_row(display, index, cells, columns, contest, winners)
        index += 1
    for label in ("Eligible Ballots", "Exhausted Ballots", "Total Ballots"):
        if label not in totals:
            raise _fail(display, index - 1, f"the table has no row `{label}`: the file may be cut short")
    at, eligible = totals["Eligible Ballots"]
    for counted, continuing in zip(contest.rounds, eligible, strict=True):
        if continuing != sum(counted.counts.values()) + (counted.write_ins or 0):
            number = counted.number
            raise _fail(display, at, f"the rows of pass {number} do not add up to its {continuing} eligible ballots")
    at, exhausted = totals["Exhausted Ballots"]
    for counted, value in zip(contest.rounds, exhausted, strict=True):
        counted.exhausted = value
        contest.lines[("exhausted", str(counted.number))] = at + 1
    at, cast = totals["Total Ballots"]
    contest.total = contest.ballots = cast[0]
    contest.lines[("total",)] = contest.lines[("ballots",)] = at + 1
    if len(winners) != 1:
        raise _fail(display, winners[1][0] if winners else header, "the table does not mark one `(Winner ...)`")
    where, winner = winners[0]
    contest.lines[("winner", winner)] = where + 1
    alameda_rcv._decide(contest, winner)


def _table_row(
    display: str, index: int, cells: list[str], columns: list[int], contest: Contest, winners: list[tuple[int, str]]
) -> None:
    """A candidate's row (or the write-ins'): its count in each pass until the one marked ``*``."""
    raw, mark = cells[0], " ".join(cells[1 : columns[0]])
    winner = re.search(r"\s*\(Winner [0-9.]+%\)", raw + " " + mark)
    raw = re.sub(r"\s*\(Winner [0-9.]+%\)", "", raw).strip()
    if mark.strip() and not re.fullmatch(r"\(Winner [0-9.]+%\)", mark.strip()):
        raise _fail(display, index, f"`{tabulation.shown(mark)}` is not a mark `(Winner ...)`")
    write_in = raw == "WRITE-IN"
    name = "" if write_in else _name(display, index, raw)
    if name:
        if name in contest.candidates:
            raise _fail(display, index, f"`{name}` has a second row in the table")
        contest.candidates.append(name)
        contest.lines[("candidate", name)] = index + 1
        if winner:
            winners.append((index, name))
    out = False
    for number, column in enumerate(columns, start=1):
        counted = contest.rounds[number - 1]
        cell = cells[column] if column < len(cells) else ""
        if out:
            if cell:
                raise _fail(display, index, f"a count in pass {number}, after the pass marked `*`")
            if write_in:
                counted.write_ins = 0
            continue
        if not cell:
            raise _fail(display, index, f"no count in pass {number}, and no pass marked `*` before it")
        out = cell.endswith("*")
        votes = tabulation.count(cell.removesuffix("*") or "0", display, index + 1, f"the count of pass {number}")
        if write_in:
            counted.write_ins = votes
            contest.lines[("write_ins", str(number))] = index + 1
            continue
        counted.counts[name] = votes
        contest.lines[("count", str(number), name)] = index + 1
        if out and number < len(columns):
            later = contest.rounds[number]
            later.counts[name] = 0
            later.defeated.append(name)
            contest.lines[("count", str(number + 1), name)] = index + 1
            contest.lines[("outcome", str(number + 1), name)] = index + 1


_MAJORITY = re.compile(
    r"clear ma(?:r)?jority leader|received a majority of first-choice selections|more than 50% \+1 of the votes"
    r"|Only one candidate has qualified",
    re.IGNORECASE,
)
_VOTE_FOR = re.compile(r"^\s*(?P<title>\S.*?)\s+vote for\s+1\s*$", re.IGNORECASE)
_DOTTED = re.compile(r"^\s+(?P<name>\S.*?)\s*\.(?:\s+\.)*\s+(?P<votes>[0-9][0-9,]*)(?:\s+[0-9]*\.[0-9]+)?\s*$")
_ONE_ROUND_HEAD = ("Ballots cast\tPercent", "Votes\tPercent")
_ONE_ROUND_TITLES = ("Final Certified Ranked-Choice Results Report", "Official Ranked-Choice Results Report")


def _summary_head(display: str, lines: list[str]) -> tuple[str, int, str, int, str] | str:
    """A summary's title, its line, the election day and its line, and the year; or why it is not read."""
    titles = [(i, m["title"]) for i, line in enumerate(lines) if (m := _VOTE_FOR.match(line))]
    if not titles:
        heads = [i for i, line in enumerate(lines) if line.strip() in _ONE_ROUND_HEAD]
        mayor = [i for i, line in enumerate(lines) if line.strip().endswith(" CITY OF SAN FRANCISCO")]
        if heads and len(lines) > 2 and lines[0].strip() in _ONE_ROUND_TITLES:
            titles = [(2, lines[2].strip())]
            if not any(line.startswith("Total\t") for line in lines[heads[0] :]):
                return "a report of first choices without its row `Total`: cut short, its count cannot be checked"
        elif len(mayor) == 1:
            titles = [(mayor[0], lines[mayor[0]].strip())]
    if len(titles) != 1:
        return f"a summary of first choices naming {len(titles)} contests, where one is read"
    title_line, title = titles[0]
    day, day_line, year = "", 0, ""
    for index, line in enumerate(lines):
        found = _FULL_DAY.search(line)
        if found and "preliminary" not in line:
            month = next(i for i, name in enumerate(MONTHS, start=1) if name.casefold() == found[1].casefold())
            day, day_line = f"{found[3]}-{month:02d}-{int(found[2]):02d}", index
            break
    for line in lines:
        named = re.match(r"^RCV .+? Nov ([0-9]{4})$", line.strip())
        if named:
            year = named[1]
    if year and day and day[:4] != year:
        raise InputError(f"{display}:{day_line + 1}: the day {day} is not of the year of the title, {year}")
    if not day and not year:
        return "a summary of first choices whose file gives no election day nor year"
    return " ".join(title.split()), title_line, day, day_line, year or day[:4]


def _summary(display: str, lines: list[str], title_line: int, contest: Contest) -> None:
    """A race won on first choices: one round, the rows after the title, the winner the majority's."""
    counted = Round(1)
    contest.rounds.append(counted)
    contest.lines[("round", "1")] = title_line + 1
    heads = [i for i, line in enumerate(lines) if line.strip() in _ONE_ROUND_HEAD]
    tabbed = bool(heads)
    index = heads[0] + 1 if tabbed else title_line + 1
    while index < len(lines) and lines[index].strip():
        line = lines[index]
        if tabbed:
            cells = [cell for cell in _cells(line) if cell]
            if cells and cells[0] == "Total":
                contest.total = tabulation.count(cells[1] if len(cells) > 1 else "", display, index + 1, "the total")
                contest.lines[("total",)] = index + 1
                break
            if len(cells) < 2 or not _NUMBER.match(cells[1]):
                raise _fail(display, index, "a row of the report has no votes: the file may be cut short")
            raw, votes_text = cells[0], cells[1]
        else:
            row = _DOTTED.match(line)
            if row is None:
                if line.strip().startswith("RCV ") or not line.startswith(" "):
                    break
                raise _fail(display, index, "a row of the summary has no votes: the file may be cut short")
            raw, votes_text = row["name"], row["votes"]
        votes = tabulation.count(votes_text, display, index + 1, "the votes")
        if _WRITE_IN.match(raw) or raw.endswith("(QUALIFIED WRITE-IN)"):
            counted.write_ins = (counted.write_ins or 0) + votes
            contest.lines[("write_ins", "1")] = index + 1
        else:
            name = _name(display, index, raw)
            if name in contest.candidates:
                raise _fail(display, index, f"`{name}` has a second row in the summary")
            contest.candidates.append(name)
            contest.lines[("candidate", name)] = contest.lines[("count", "1", name)] = index + 1
            counted.counts[name] = votes
        index += 1
    if not contest.candidates:
        raise _fail(display, title_line, "the summary has no row of a candidate under its title")
    cast = sum(counted.counts.values()) + (counted.write_ins or 0)
    ahead = [name for name, votes in counted.counts.items() if votes * 2 > cast]
    if len(ahead) != 1:
        raise _fail(display, title_line, "the file says the race was won on first choices, but nobody holds a majority")
    contest.lines[("winner", ahead[0])] = contest.lines[("count", "1", ahead[0])]
    contest.winners = ahead
