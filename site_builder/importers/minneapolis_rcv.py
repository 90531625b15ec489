"""Minneapolis' official ranked-choice tabulations, as text extracted from the city's PDFs, read into
contests (:class:`site_builder.importers.tabulation.Contest`).

The archive holds three layouts, told apart by their first lines:

- the tabulation summary (``2017-Mayor-Results-Summary.txt``, ``2021-Council-Ward-1-Round-Results-Summary.txt``):
  one value a line, the totals first (votes cast, seats, threshold, undervotes), then the rounds'
  headers (``Defeated: Hayden, undeclared write-ins``, ``Elected: Reich;``), then a row a candidate:
  the first choices, then each round's change and total (a lone ``-`` for a last round with no
  transfer), then the final percentage;
- the first-choice page (``mpls_2017_council_ward_02.txt``, ``Minneapolis_2023_city_d1.txt``) of a race a
  candidate won on first choices: the day, the official winner, a tab-separated table of first
  choices, the ballots cast and the threshold;
- a plain-text summary of a race decided in round 1 (``2017_City_Council_Ward_06.txt``).

The headers name candidates by surname (``Levy-Pounds``) or initial and surname (``K. Knuth``,
``Perry, J.``): each is matched to the one full name of the table it fits, and a name that fits
none or several stops the import; nothing is guessed.  Each defeat must match the counts (a
defeated candidate's votes go to the others); the rest is checked as every city's count is
(:func:`site_builder.importers.tabulation.check`), and the contests become records in
:mod:`site_builder.importers.rcv_records`.  Only the mayor's and the council's races are read; the
others (park board, board of estimate and taxation) are listed as skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from site_builder.importers import tabulation
from site_builder.importers.inputs import csv_rows, read_text
from site_builder.importers.tabulation import Citation, Contest, InputError, Round, Uncounted
from site_builder.records import names
from site_builder.records.dates import MONTHS

__all__ = ["InputError", "Reading", "read"]

ARCHIVE = (
    "https://github.com/jordanholbrook/archive/blob/da02d3d862cc1922127dc405ae2f5a2bcd66a509/"
    "rcv_pipeline/data/source_data/Minneapolis/"
)
"""The public address of the archive's folder of tabulations, at the commit they were copied from."""
ARCHIVE_PUBLISHER = "jordanholbrook/archive (GitHub)"
PUBLISHER = "City of Minneapolis"
RESULTS_INDEX = "https://vote.minneapolismn.gov/results-data/election-results/"
"""The city's page of election results, which ``Source_Metadata.csv`` names for the city as a whole."""
METADATA = "Source_Metadata.csv"
OCD_ID = "ocd-division/country:us/state:mn/place:minneapolis"
_DAY = re.compile(rf"^({'|'.join(MONTHS)}) ([0-9]{{1,2}}), ([0-9]{{4}})$")
_VALUE = re.compile(r"^(-|[+-]?[0-9][0-9,]*(\.[0-9]+)?%?)$")
_NUMBER = re.compile(r"^[+-]?[0-9][0-9,]*(\.[0-9]+)?$")
_OUTCOME = re.compile(r"^(Defeated|Elected)\s*:?\s*(.*)$")
_WRITE_INS = re.compile(r"^(undeclared write-?ins?|write-?ins?|uwi)$", re.IGNORECASE)


@dataclass
class _Race:
    """A file's race while it is read: its layout and the contest it fills."""

    name: str
    """The file's name in the archive."""
    layout: int
    """1 for the tabulation summary, 2 for the first-choice page, 3 for the plain-text summary."""
    contest: Contest


@dataclass
class Reading:
    contests: list[Contest] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    uncounted: list[Uncounted] = field(default_factory=list)
    """The mayor's and council races of the years read that ``Source_Metadata.csv`` lists and no file holds."""


class _Lines:
    """A file's lines, with its name for messages."""

    def __init__(self, path: Path) -> None:
        self.display = path.as_posix()
        text = read_text(path, self.display, InputError)
        self.lines = text.replace("\r\n", "\n").split("\n")

    def fail(self, index: int, message: str) -> InputError:
        return InputError(f"{self.display}:{index + 1}: {message}")

    def find(self, pattern: str, start: int = 0) -> int | None:
        compiled = re.compile(pattern)
        return next((i for i in range(start, len(self.lines)) if compiled.search(self.lines[i])), None)

    def count(self, index: int, text: str, what: str) -> int:
        """The count ``text`` on line ``index`` as a whole number (a change keeps its sign)."""
        return tabulation.count(text, self.display, index + 1, what)

    def name(self, index: int, text: str) -> str:
        """A name of line ``index`` in its clean form; a character the records refuse stops the import."""
        try:
            return names.clean(text)
        except names.RefusedName as refused:
            raise self.fail(index, f"the name `{tabulation.shown(text)}`: {refused}") from None


def number_text(value: Decimal) -> str:
    """A count as a record writes it: ``48163`` for ``48163.0000``, else the digits as given."""
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def _office(text: str) -> tuple[str, str] | None:
    """The office and district of a tabulation's title, or None for a race of another board."""
    text = " ".join(text.split())
    if text == "Mayor":
        return "Mayor", ""
    match = re.fullmatch(
        r"(?:Council Member Ward ([0-9]{1,3})|Ward ([0-9]{1,3}) Council|Ward ([0-9]{1,3}) - City Council)", text
    )
    if match:
        return "City Council", f"Ward {int(next(g for g in match.groups() if g))}"
    return None


def read(files: list[Path]) -> Reading:
    """Every mayor's and council race of the files, checked (:func:`tabulation.check`); raises
    :class:`InputError` at the first bad file.

    Of two files of one race, the one in the fuller layout is read and the other listed as skipped."""
    reading = Reading()
    chosen: dict[tuple[str, str, str], tuple[_Lines, _Race]] = {}
    for path in files:
        lines = _Lines(path)
        race = _identify(lines, path.name)
        if race is None:
            reading.skipped.append(f"{lines.display}: not a race for mayor or city council")
            continue
        contest = race.contest
        key = (contest.year, contest.office, contest.district)
        other = chosen.get(key)
        if other is not None and other[1].layout <= race.layout:
            reading.skipped.append(
                f"{lines.display}: the same race as {other[0].display}, whose layout is read instead"
            )
            continue
        if other is not None:
            reading.skipped.append(
                f"{other[0].display}: the same race as {lines.display}, whose layout is read instead"
            )
        chosen[key] = (lines, race)
    metadata: dict[Path, dict[tuple[str, str, str], str]] = {}
    for key, (lines, race) in chosen.items():
        _parse(lines, race)
        folder = Path(lines.display).parent
        if folder not in metadata:
            metadata[folder] = _metadata(folder)
        official = metadata[folder].get(key)
        if not official:
            raise lines.fail(0, f"{METADATA} beside the file gives no official results address for this race")
        _cite(race, official)
        tabulation.check(race.contest)
    contests = [race.contest for _, race in chosen.values()]
    reading.contests = sorted(contests, key=lambda c: (c.year, c.office, int(c.district[5:] or 0)))
    reading.uncounted = _uncounted(chosen, metadata)
    return reading


def _uncounted(
    chosen: dict[tuple[str, str, str], tuple[_Lines, _Race]], metadata: dict[Path, dict[tuple[str, str, str], str]]
) -> list[Uncounted]:
    """The races ``Source_Metadata.csv`` lists, of a year whose files are read beside it, that no file holds."""
    years: dict[Path, set[str]] = {}
    for (year, _, _), (lines, _) in chosen.items():
        years.setdefault(Path(lines.display).parent, set()).add(year)
    found = []
    for folder, listed in metadata.items():
        for (year, office, district), official in listed.items():
            if year in years.get(folder, set()) and (year, office, district) not in chosen:
                place = f"{office}, {district}" if district else office
                citation = Citation(official, f"{year} election results: {place}", PUBLISHER)
                found.append(Uncounted(OCD_ID, year, "general", office, district, citation))
    return sorted(found, key=lambda race: (race.year, race.office, int(race.district[5:] or 0)))


def _cite(race: _Race, official: str) -> None:
    contest = race.contest
    place = f"{contest.office}, {contest.district}" if contest.district else contest.office
    contest.tabulation = Citation(
        ARCHIVE + race.name,
        f"{contest.year} Minneapolis {place}: official ranked-choice tabulation, as text from the City of Minneapolis",
        ARCHIVE_PUBLISHER,
    )
    contest.official = Citation(official, f"{contest.year} election results: {place}", PUBLISHER)


def _metadata(folder: Path) -> dict[tuple[str, str, str], str]:
    """The official results address of each race, from ``Source_Metadata.csv`` beside the tabulations."""
    path = folder / METADATA
    display = path.as_posix()
    found: dict[tuple[str, str, str], str] = {}
    for row in csv_rows(path, display, InputError):
        if (
            row.get("juris") != "Minneapolis"
            or not row.get("year")
            or not (row.get("url") or "").startswith("https://")
        ):
            continue
        office, district = row.get("office") or "", row.get("dist") or ""
        if office == "Mayor":
            found[(row["year"], "Mayor", "")] = row["url"]
        elif office == "City Council" and re.fullmatch(r"[0-9]{1,3}", district):
            found[(row["year"], "City Council", f"Ward {int(district)}")] = row["url"]
    return found


def _race(lines: _Lines, name: str, index: int, year: str, office: tuple[str, str], layout: int) -> _Race:
    """A race of the file, its sources cited once they are known (:func:`_cite`)."""
    unknown = Citation("", "", "")
    contest = Contest(
        file=lines.display,
        line=index + 1,
        ocd_id=OCD_ID,
        city="Minneapolis",
        state="mn",
        year=year,
        office=office[0],
        district=office[1],
        tabulation=unknown,
        official=unknown,
        results=Citation(RESULTS_INDEX, "Election results", PUBLISHER),
    )
    return _Race(name, layout, contest)


def _identify(lines: _Lines, name: str) -> _Race | None:
    """The race a file holds and its layout, from its title; None for another board's race."""
    text = lines.lines
    for index, line in enumerate(text):
        match = re.match(r"^([0-9]{4}) Minneapolis Municipal Election Results:?\s*(.*?)\s*$", line)
        if match and ((text[0].startswith("===") and "Summary" in text[0]) or text[0].startswith("=====")):
            title = match[2] or (text[index + 1].strip() if index + 1 < len(text) else "")
            layout = 3 if text[0].startswith("=====") else 1
            office = _office(title)
            if office is None:
                return None
            return _race(lines, name, index, match[1], office, layout)
        match = re.match(r"^([0-9]{4}) (City Council Ward ([0-9]{1,3})|Mayor) election results\s*$", line.strip())
        if match:
            office = ("City Council", f"Ward {int(match[3])}") if match[3] else ("Mayor", "")
            return _race(lines, name, index, match[1], office, 2)
    if any(re.match(r"^\s*[0-9]{4} .*results\s*$", line, re.IGNORECASE) for line in text[:8]):
        return None  # a title, but of another board's race
    if text[0].startswith("=====") or (text[0].startswith("===") and "Summary" in text[0]):
        raise lines.fail(len(text) - 1, "the tabulation's title is missing: the file may be cut short")
    raise lines.fail(
        0,
        "this is not a Minneapolis tabulation this importer can read: no title such as "
        "`2017 Minneapolis Municipal Election Results: Mayor` or `2017 City Council Ward 2 election results`",
    )


def _parse(lines: _Lines, race: _Race) -> None:
    if race.layout == 1:
        _tabulation(lines, race.contest)
    elif race.layout == 2:
        _first_choices(lines, race.contest)
    else:
        _summary(lines, race.contest)


def _after(lines: _Lines, contest: Contest, label: str, what: str, start: int = 0) -> tuple[int, int]:
    """The number on the line after the one starting with ``label``, kept as the fact ``what``."""
    index = lines.find("^" + re.escape(label), start)
    if index is None or index + 1 >= len(lines.lines) or not _NUMBER.match(lines.lines[index + 1].strip()):
        raise lines.fail(index or 0, f"`{label}` is not followed by a number: the file may be cut short")
    contest.lines[(what,)] = index + 2
    return index + 1, lines.count(index + 1, lines.lines[index + 1], f"`{label}`")


def _tabulation(lines: _Lines, contest: Contest) -> None:
    """The tabulation summary: totals, the rounds' headers, then a row a candidate."""
    _, contest.total = _after(lines, contest, "for the office:", "total")
    _, contest.seats = _after(lines, contest, "Number to be elected:", "seats")
    _, contest.threshold = _after(lines, contest, "Threshold:", "threshold")
    at, contest.undervotes = _after(lines, contest, "Undervotes:", "undervotes")
    text = lines.lines
    stop = lines.find(r"^(Grand Total|First preference|\s*Vote Change)", at)
    if stop is None:
        raise lines.fail(at, "the rounds' headers are not followed by the table: the file may be cut short")
    last = 1
    segments: list[tuple[int, str | None, str]] = []
    for index in range(at + 1, stop):
        line = text[index].strip()
        round_label = re.fullmatch(r"Round ([0-9]+)", line)
        if round_label and not segments:
            last = max(last, lines.count(index, round_label[1], "the round's number"))
            continue
        if not line:
            continue
        outcome = _OUTCOME.match(line)
        if outcome:
            segments.append((index, outcome[1].lower(), outcome[2]))
        elif segments:
            first, kind, words = segments[-1]
            joined = words.rstrip()
            segments[-1] = (first, kind, joined + ("" if joined.endswith("-") else " ") + line)
        else:
            segments.append((index, None, line))
    if last > tabulation.MAX_ROUNDS:
        raise lines.fail(at, f"the file counts {last} rounds; a tabulation has at most {tabulation.MAX_ROUNDS}")
    start = lines.find(r"rounding\s*$", stop)
    if start is None:
        raise lines.fail(stop, "the table of candidates is missing: the file may be cut short")
    rows = _rows(lines, contest, start + 1, last)
    exhausted = rows.pop("Exhausted", None)
    if exhausted is None:
        raise lines.fail(start, "the table has no `Exhausted` row: the file may be cut short")
    write_ins = rows.pop("Undeclared Write-ins", None)
    contest.candidates = list(rows)
    for number in range(1, last + 1):
        contest.lines[("round", str(number))] = start + 1
        contest.rounds.append(
            Round(
                number,
                {name: values[number - 1] or 0 for name, values in rows.items()},
                write_ins[number - 1] if write_ins else None,
                exhausted[number - 1] or 0,
            )
        )
    _outcomes(lines, contest, segments)


def _rows(lines: _Lines, contest: Contest, start: int, last: int) -> dict[str, list[int | None]]:
    """Each row's name and its count in each round, from the line after the table's headers to the `Exhausted` row."""
    rows: dict[str, list[int | None]] = {}
    text = lines.lines
    index = start
    while index < len(text):
        name_parts = []
        first_line = index
        while index < len(text) and text[index].strip() and not _VALUE.match(text[index].strip()):
            name_parts.append(text[index].strip())
            index += 1
        if not name_parts:
            if index < len(text) and not text[index].strip():
                index += 1
                continue
            raise lines.fail(index, "a count without a candidate's name before it: the file may be misread")
        if len(name_parts) > 3 or index >= len(text):
            break  # no candidate's name runs over more than three lines: the table has ended
        tokens: list[tuple[int, str]] = []
        while index < len(text) and _VALUE.match(text[index].strip()):
            tokens.append((index, text[index].strip()))
            index += 1
            if tokens[-1][1].endswith("%"):
                break  # the final percentage ends a row
        name = lines.name(first_line, " ".join(name_parts))
        if name in rows:
            raise lines.fail(first_line, f"`{name}` has a second row in the table")
        contest.lines[("candidate", name)] = first_line + 1
        rows[name] = _counts(lines, contest, first_line, name, tokens, last)
        if name == "Exhausted":
            return rows
    raise lines.fail(index - 1, "the table ends before its `Exhausted` row: the file is cut short")


def _counts(
    lines: _Lines, contest: Contest, index: int, name: str, tokens: list[tuple[int, str]], last: int
) -> list[int | None]:
    """A row's totals by round from its values: the first count, then a change and a total a round
    (a lone `-` for a last round without transfers), then the percentage."""
    if any(token.endswith("%") for _, token in tokens[:-1]):
        raise lines.fail(index, f"the row of `{name}` has a percentage before its last value")
    values = [(at, token) for at, token in tokens if not token.endswith("%")]
    if not values:
        raise lines.fail(index, f"the row of `{name}` has no counts: the file may be cut short")
    what = f"the row of `{name}`"
    totals: list[int | None] = [None if values[0][1] == "-" else lines.count(*values[0], what)]
    contest.lines[("count", "1", name)] = values[0][0] + 1
    position = 1
    for number in range(2, last + 1):
        if number == last and position == len(values) - 1 and values[position][1] == "-":
            totals.append(totals[-1])
            contest.lines[("count", str(number), name)] = values[position][0] + 1
            position += 1
            continue
        if position + 1 >= len(values) or values[position + 1][1] == "-":
            raise lines.fail(
                index, f"the row of `{name}` lacks the counts of round {number}: the file may be cut short"
            )
        change = 0 if values[position][1] == "-" else lines.count(*values[position], what)
        total = lines.count(*values[position + 1], what)
        if (totals[-1] or 0) + change != total:
            raise lines.fail(index, f"the row of `{name}` does not add up in round {number}: the file may be misread")
        totals.append(total)
        contest.lines[("count", str(number), name)] = values[position + 1][0] + 1
        position += 2
    if position != len(values):
        raise lines.fail(index, f"the row of `{name}` has more values than the {last} rounds: the file may be misread")
    return totals


def _outcomes(lines: _Lines, contest: Contest, segments: list[tuple[int, str | None, str]]) -> None:
    """Who each round elected and defeated: the headers of rounds 2 to the one before last in turn,
    the rest (a defeat and an election, often) for the last round."""
    rounds = contest.rounds
    if len(rounds) < 2:
        return
    for order, (index, kind, words) in enumerate(segments):
        counted = rounds[1 + min(order, len(rounds) - 2)]
        before = rounds[counted.number - 2].counts
        for part in re.split(r"[,;](?!\s*[A-Z]\.?(?:[,;]|$))\s*|\s+and\s+", words.strip().rstrip(";,")):
            reference = part.strip().removeprefix("and ").strip()
            if not reference or _WRITE_INS.match(reference):
                continue
            name = match_name(lines, index, reference, contest.candidates)
            # A header without its label is a defeat only if the counts show one.
            if kind is None and not (counted.counts[name] == 0 and before[name] > 0):
                header = tabulation.shown(words)
                raise lines.fail(index, f"the header `{header}` says neither `Defeated:` nor `Elected:`")
            (counted.elected if kind == "elected" else counted.defeated).append(name)
            contest.lines[("outcome", str(counted.number), name)] = index + 1
    out: set[str] = set()
    for counted in rounds[1:]:
        before = rounds[counted.number - 2].counts
        for name in contest.candidates:
            went = before[name] > 0 and counted.counts[name] == 0 and name not in out
            if went and name not in counted.defeated:
                raise lines.fail(
                    0, f"{name}'s votes go to others in round {counted.number}, but no header defeats them"
                )
            if name in counted.defeated and counted.number < len(rounds) and counted.counts[name] != 0:
                raise lines.fail(0, f"{name} is defeated in round {counted.number} but keeps votes in it")
        out.update(counted.defeated + counted.elected)


def _parts(name: str) -> tuple[str, str]:
    """A full name's first name and surname: ``Perry, Jerrell`` is surname first; quotes, nicknames in
    brackets and suffixes are left out."""
    if "," in name:
        surname, first = (part.strip() for part in name.split(",", 1))
        return first, surname
    words = [w for w in names.without_suffixes(name) if not w.startswith(('"', "(")) and not w.endswith(('"', ")"))]
    return (words[0] if words else ""), (words[-1] if words else "")


def match_name(lines: _Lines, index: int, reference: str, candidates: list[str]) -> str:
    """The one full name a header's name fits: the name itself, a surname, or an initial and a surname."""
    plain = " ".join(reference.split())
    exact = [c for c in candidates if c.casefold() == plain.casefold()]
    if exact:
        return exact[0]
    initial = ""
    if "," in plain:
        surname, initial = (part.strip().rstrip(".") for part in plain.split(",", 1))
    else:
        words = plain.split()
        if len(words) == 2 and re.fullmatch(r"[A-Z]\.?", words[0]):
            initial, surname = words[0].rstrip("."), words[1]
        elif len(words) == 1:
            surname = words[0]
        else:
            raise lines.fail(index, f"`{tabulation.shown(reference)}` is not the name of a candidate in the table")
    fits = [
        c
        for c in candidates
        if _parts(c)[1].casefold() == surname.casefold() and _parts(c)[0].upper().startswith(initial.upper())
    ]
    if len(fits) != 1:
        found = "no candidate" if not fits else "several candidates: " + ", ".join(fits)
        raise lines.fail(index, f"`{tabulation.shown(reference)}` fits {found} of the table; it cannot be matched")
    return fits[0]


def _first_choices(lines: _Lines, contest: Contest) -> None:
    """The first-choice page of a race won on first choices."""
    text = lines.lines
    winner_at = lines.find(r"^Official [Ww]inner:")
    day_at = next((i for i, line in enumerate(text) if _DAY.match(line.strip())), None)
    header = lines.find(r"First[ -]choice votes")
    if winner_at is None or header is None:
        raise lines.fail(0, "the page has no `Official winner:` line or no table of first-choice votes")
    if day_at is not None:
        month, day, year = _DAY.match(text[day_at].strip()).groups()  # type: ignore[union-attr]
        contest.date = f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"
        contest.lines[("date",)] = day_at + 1
    first = Round(1)
    contest.rounds.append(first)
    contest.lines[("round", "1")] = header + 1
    index = header + 1
    while index < len(text) and "\t" in text[index]:
        cells = [cell.strip() for cell in text[index].split("\t")]
        if len(cells) < 2 or not _NUMBER.match(cells[1]):
            raise lines.fail(index, "a row of the table has no number of votes")
        name = lines.name(index, cells[0])
        votes = lines.count(index, cells[1], f"the votes of `{name}`")
        if name in first.counts or (_WRITE_INS.match(name) and first.write_ins is not None):
            raise lines.fail(index, f"`{name}` has a second row in the table")
        if _WRITE_INS.match(name):
            first.write_ins = votes
            contest.lines[("write_ins", "1")] = index + 1
        else:
            contest.candidates.append(name)
            first.counts[name] = votes
            contest.lines[("candidate", name)] = contest.lines[("count", "1", name)] = index + 1
        index += 1
    if not contest.candidates:
        raise lines.fail(header, "the table of first-choice votes has no candidates: the file may be cut short")
    ballots = lines.find(r"Total ballots cast\s+[0-9]")
    threshold = lines.find(r"Maximum possible threshold\s+[0-9]")
    if ballots is None or threshold is None:
        raise lines.fail(index, "the ballots cast or the threshold are missing: the file may be cut short")
    found = re.search(r"Total ballots cast\s+([0-9,]+)", text[ballots])[1]  # type: ignore[index]
    contest.ballots = lines.count(ballots, found, "the ballots cast")
    contest.lines[("ballots",)] = ballots + 1
    found = re.search(r"threshold\s+([0-9,]+)", text[threshold])[1]  # type: ignore[index]
    contest.threshold = lines.count(threshold, found, "the threshold")
    contest.lines[("threshold",)] = threshold + 1
    winner = lines.name(winner_at, text[winner_at].split(":", 1)[1])
    # The winner's name as the table writes it: the same name, or the one with the same first name and surname.
    fits = [c for c in contest.candidates if c == winner] or [
        c for c in contest.candidates if _parts(c) == _parts(winner)
    ]
    if len(fits) != 1:
        raise lines.fail(winner_at, f"the official winner `{winner}` is not in the table of first-choice votes")
    contest.winners = fits
    contest.lines[("winner", fits[0])] = winner_at + 1


def _summary(lines: _Lines, contest: Contest) -> None:
    """The plain-text summary of a race decided in round 1."""
    text = lines.lines
    contest.total = _labelled(lines, contest, "Total votes cast for the office:", "total")
    contest.threshold = _labelled(lines, contest, "Majority Threshold:", "threshold")
    contest.undervotes = _labelled(lines, contest, "Undervotes:", "undervotes")
    if lines.find(r"^ROUND 2") is not None:
        raise lines.fail(
            lines.find(r"^ROUND 2") or 0, "this summary's later rounds are not read; import the tabulation instead"
        )
    listed = lines.find(r"^CANDIDATES:")
    totals = lines.find(r"^ROUND 1 TOTALS")
    elected = lines.find(r"^Elected\s*:")
    if listed is None or totals is None or elected is None:
        raise lines.fail(0, "the summary lacks its list of candidates, its round 1 totals or who was elected")
    for index in range(listed + 1, totals):
        if text[index].startswith("- "):
            name = lines.name(index, text[index].strip()[2:])
            if _WRITE_INS.match(name):
                continue
            if name in contest.candidates:
                raise lines.fail(index, f"`{name}` is listed twice")
            contest.candidates.append(name)
            contest.lines[("candidate", name)] = index + 1
    first = Round(1)
    contest.rounds.append(first)
    contest.lines[("round", "1")] = totals + 1
    index = totals + 1
    while index < len(text) and not text[index].startswith("ROUND 1 TOTAL:"):
        match = re.fullmatch(r"(.+?)\s*:\s*([0-9,]+)", text[index].strip())
        if match:
            votes = lines.count(index, match[2], f"the votes of `{tabulation.shown(match[1])}`")
            if _WRITE_INS.match(match[1]):
                first.write_ins = votes
            elif match[1] != "Exhausted":
                name = match_name(lines, index, match[1], contest.candidates)
                if name in first.counts:
                    raise lines.fail(index, f"`{name}` has a second count in the round 1 totals")
                first.counts[name] = votes
                contest.lines[("count", "1", name)] = index + 1
        index += 1
    if set(first.counts) != set(contest.candidates):
        raise lines.fail(totals, "the round 1 totals do not give every candidate's votes")
    winner = re.match(r"^Elected\s*:\s*(.+?)\s*\(", text[elected])
    if winner is None:
        raise lines.fail(elected, "the elected candidate's name cannot be read")
    contest.winners = [match_name(lines, elected, lines.name(elected, winner[1]), contest.candidates)]
    contest.lines[("winner", contest.winners[0])] = elected + 1
    contest.candidates.sort(key=lambda name: -first.counts[name])


def _labelled(lines: _Lines, contest: Contest, label: str, what: str) -> int:
    index = lines.find("^" + re.escape(label))
    match = re.match(re.escape(label) + r"\s*([0-9,.]+)", lines.lines[index]) if index is not None else None
    if index is None or match is None:
        raise lines.fail(index or 0, f"`{label}` is not followed by a number")
    contest.lines[(what,)] = index + 1
    return lines.count(index, match[1], f"`{label}`")
