"""Minneapolis' official ranked-choice tabulations, as text extracted from the city's PDFs, read into races.

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
none or several stops the import; nothing is guessed.  Every round must add up to the votes cast,
each defeat must match the counts (a defeated candidate's votes go to the others), and the file
must say who was elected, or a candidate must reach the threshold.  Only the mayor's and the
council's races are read; the others (park board, board of estimate and taxation) are listed as skipped.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from site_builder.importers import names
from site_builder.importers.inputs import read_text
from site_builder.records.dates import MONTHS

ARCHIVE = (
    "https://github.com/jordanholbrook/archive/blob/da02d3d862cc1922127dc405ae2f5a2bcd66a509/"
    "rcv_pipeline/data/source_data/Minneapolis/"
)
"""The public address of the archive's folder of tabulations, at the commit they were copied from."""
ARCHIVE_PUBLISHER = "jordanholbrook/archive (GitHub)"
PUBLISHER = "City of Minneapolis"
METADATA = "Source_Metadata.csv"
OCD_ID = "ocd-division/country:us/state:mn/place:minneapolis"
_DAY = re.compile(rf"^({'|'.join(MONTHS)}) ([0-9]{{1,2}}), ([0-9]{{4}})$")
_VALUE = re.compile(r"^(-|[+-]?[0-9][0-9,]*(\.[0-9]+)?%?)$")
_NUMBER = re.compile(r"^[+-]?[0-9][0-9,]*(\.[0-9]+)?$")
_OUTCOME = re.compile(r"^(Defeated|Elected)\s*:?\s*(.*)$")
_WRITE_INS = re.compile(r"^(undeclared write-?ins?|write-?ins?|uwi)$", re.IGNORECASE)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


class InputError(ValueError):
    """A tabulation cannot be imported; the message names the file and line."""


@dataclass
class Round:
    """A round after the first: each continuing candidate's total at its end, and who it elected or defeated."""

    number: int
    counts: dict[str, Decimal] = field(default_factory=dict)
    write_ins: Decimal | None = None
    exhausted: Decimal | None = None
    elected: list[str] = field(default_factory=list)
    defeated: list[str] = field(default_factory=list)


@dataclass
class Race:
    display: str
    name: str
    """The file's name in the archive."""
    year: str
    office: str
    district: str
    layout: int
    """1 for the tabulation summary, 2 for the first-choice page, 3 for the plain-text summary."""
    date: str = ""
    candidates: list[str] = field(default_factory=list)
    first: dict[str, Decimal] = field(default_factory=dict)
    write_ins: Decimal | None = None
    total: Decimal | None = None
    ballots: Decimal | None = None
    undervotes: Decimal | None = None
    threshold: Decimal | None = None
    seats: int = 1
    rounds: list[Round] = field(default_factory=list)
    winners: list[str] = field(default_factory=list)
    official: str = ""


@dataclass
class Reading:
    races: list[Race] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    dates: dict[str, str] = field(default_factory=dict)
    """The election day of each year, as a file of that year gives it."""


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


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "").removeprefix("+"))


def number_text(value: Decimal) -> str:
    """A count as a record writes it: ``48163`` for ``48163.0000``, else the digits as given."""
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def _office(text: str) -> tuple[str, str] | None:
    """The office and district of a tabulation's title, or None for a race of another board."""
    text = " ".join(text.split())
    if text == "Mayor":
        return "Mayor", ""
    match = re.fullmatch(r"(?:Council Member Ward ([0-9]+)|Ward ([0-9]+) Council|Ward ([0-9]+) - City Council)", text)
    if match:
        return "City Council", f"Ward {int(next(g for g in match.groups() if g))}"
    return None


def read(files: list[Path]) -> Reading:
    """Every mayor's and council race of the files; raises :class:`InputError` at the first bad file.

    Of two files of one race, the one in the fuller layout is read and the other listed as skipped."""
    reading = Reading()
    chosen: dict[tuple[str, str, str], tuple[_Lines, Race]] = {}
    for path in files:
        lines = _Lines(path)
        race = _identify(lines, path.name)
        if race is None:
            reading.skipped.append(f"{lines.display}: not a race for mayor or city council")
            continue
        key = (race.year, race.office, race.district)
        other = chosen.get(key)
        if other is not None and other[1].layout <= race.layout:
            reading.skipped.append(
                f"{lines.display}: the same race as {other[1].display}, whose layout is read instead"
            )
            continue
        if other is not None:
            reading.skipped.append(
                f"{other[1].display}: the same race as {lines.display}, whose layout is read instead"
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
        race.official = official
    for _, race in chosen.values():
        if race.date:
            known = reading.dates.setdefault(race.year, race.date)
            if known != race.date:
                raise InputError(
                    f"{race.display}:1: the election day {race.date} differs from {known}, given by another file"
                )
    races = [race for _, race in chosen.values()]
    reading.races = sorted(races, key=lambda r: (r.year, r.office, int(r.district[5:] or 0)))
    return reading


def _metadata(folder: Path) -> dict[tuple[str, str, str], str]:
    """The official results address of each race, from ``Source_Metadata.csv`` beside the tabulations."""
    path = folder / METADATA
    display = path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{display}:1: the file cannot be read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{display}:1: the file is not valid UTF-8") from None
    found: dict[tuple[str, str, str], str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        if (
            row.get("juris") != "Minneapolis"
            or not row.get("year")
            or not (row.get("url") or "").startswith("https://")
        ):
            continue
        office, district = row.get("office") or "", row.get("dist") or ""
        if office == "Mayor":
            found[(row["year"], "Mayor", "")] = row["url"]
        elif office == "City Council" and district.isdigit():
            found[(row["year"], "City Council", f"Ward {int(district)}")] = row["url"]
    return found


def _identify(lines: _Lines, name: str) -> Race | None:
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
            return Race(lines.display, name, match[1], *office, layout)
        match = re.match(r"^([0-9]{4}) (City Council Ward ([0-9]+)|Mayor) election results\s*$", line.strip())
        if match:
            office = ("City Council", f"Ward {int(match[3])}") if match[3] else ("Mayor", "")
            return Race(lines.display, name, match[1], *office, 2)
    if any(re.match(r"^\s*[0-9]{4} .*results\s*$", line, re.IGNORECASE) for line in text[:8]):
        return None  # a title, but of another board's race
    if text[0].startswith("=====") or (text[0].startswith("===") and "Summary" in text[0]):
        raise lines.fail(len(text) - 1, "the tabulation's title is missing: the file may be cut short")
    raise lines.fail(
        0,
        "this is not a Minneapolis tabulation this importer can read: no title such as "
        "`2017 Minneapolis Municipal Election Results: Mayor` or `2017 City Council Ward 2 election results`",
    )


def _parse(lines: _Lines, race: Race) -> None:
    if race.layout == 1:
        _tabulation(lines, race)
    elif race.layout == 2:
        _first_choices(lines, race)
    else:
        _summary(lines, race)
    if not race.winners:
        raise lines.fail(0, "the file says nobody was elected")


def _after(lines: _Lines, label: str, start: int = 0) -> tuple[int, Decimal]:
    """The number on the line after the one starting with ``label``."""
    index = lines.find("^" + re.escape(label), start)
    if index is None or index + 1 >= len(lines.lines) or not _NUMBER.match(lines.lines[index + 1].strip()):
        raise lines.fail(index or 0, f"`{label}` is not followed by a number: the file may be cut short")
    return index + 1, _number(lines.lines[index + 1].strip())


def _tabulation(lines: _Lines, race: Race) -> None:
    """The tabulation summary: totals, the rounds' headers, then a row a candidate."""
    _, race.total = _after(lines, "for the office:")
    _, seats = _after(lines, "Number to be elected:")
    race.seats = int(seats)
    _, race.threshold = _after(lines, "Threshold:")
    at, race.undervotes = _after(lines, "Undervotes:")
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
            last = max(last, int(round_label[1]))
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
    start = lines.find(r"rounding\s*$", stop)
    if start is None:
        raise lines.fail(stop, "the table of candidates is missing: the file may be cut short")
    rows = _rows(lines, start + 1, last)
    exhausted = rows.pop("Exhausted", None)
    if exhausted is None:
        raise lines.fail(start, "the table has no `Exhausted` row: the file may be cut short")
    write_ins = rows.pop("Undeclared Write-ins", None)
    race.candidates = list(rows)
    race.first = {name: values[0] or Decimal(0) for name, values in rows.items()}
    race.write_ins = write_ins[0] if write_ins else None
    race.rounds = [Round(number) for number in range(2, last + 1)]
    for number, counted in enumerate(race.rounds, start=1):
        counted.counts = {name: values[number] or Decimal(0) for name, values in rows.items()}
        counted.write_ins = write_ins[number] if write_ins else None
        counted.exhausted = exhausted[number] or Decimal(0)
    _check_balance(lines, race, start, rows, write_ins, exhausted, last)
    _outcomes(lines, race, segments, last)


def _rows(lines: _Lines, start: int, last: int) -> dict[str, list[Decimal | None]]:
    """Each row's name and its count in each round, from the line after the table's headers to the `Exhausted` row."""
    rows: dict[str, list[Decimal | None]] = {}
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
        tokens: list[str] = []
        while index < len(text) and _VALUE.match(text[index].strip()):
            tokens.append(text[index].strip())
            index += 1
            if tokens[-1].endswith("%"):
                break  # the final percentage ends a row
        name = names.clean(" ".join(name_parts))
        rows[name] = _counts(lines, first_line, name, tokens, last)
        if name == "Exhausted":
            return rows
    raise lines.fail(index - 1, "the table ends before its `Exhausted` row: the file is cut short")


def _counts(lines: _Lines, index: int, name: str, tokens: list[str], last: int) -> list[Decimal | None]:
    """A row's totals by round from its values: the first count, then a change and a total a round
    (a lone `-` for a last round without transfers), then the percentage."""
    if any(token.endswith("%") for token in tokens[:-1]):
        raise lines.fail(index, f"the row of `{name}` has a percentage before its last value")
    values = [token for token in tokens if not token.endswith("%")]
    if not values:
        raise lines.fail(index, f"the row of `{name}` has no counts: the file may be cut short")
    totals: list[Decimal | None] = [None if values[0] == "-" else _number(values[0])]
    position = 1
    for number in range(2, last + 1):
        if number == last and position < len(values) and values[position] == "-" and position == len(values) - 1:
            totals.append(totals[-1])
            position += 1
            continue
        if position + 1 >= len(values) or "-" in (values[position + 1],):
            raise lines.fail(
                index, f"the row of `{name}` lacks the counts of round {number}: the file may be cut short"
            )
        change, total = (
            _number(values[position]) if values[position] != "-" else Decimal(0),
            _number(values[position + 1]),
        )
        if (totals[-1] or Decimal(0)) + change != total:
            raise lines.fail(index, f"the row of `{name}` does not add up in round {number}: the file may be misread")
        totals.append(total)
        position += 2
    if position != len(values):
        raise lines.fail(index, f"the row of `{name}` has more values than the {last} rounds: the file may be misread")
    return totals


def _check_balance(
    lines: _Lines,
    race: Race,
    index: int,
    rows: dict[str, list[Decimal | None]],
    write_ins: list[Decimal | None] | None,
    exhausted: list[Decimal | None],
    last: int,
) -> None:
    for number in range(last):
        counted = sum((values[number] or Decimal(0) for values in rows.values()), Decimal(0))
        counted += (write_ins[number] or Decimal(0)) if write_ins else Decimal(0)
        counted += exhausted[number] or Decimal(0)
        if counted != race.total:
            raise lines.fail(
                index,
                f"round {number + 1} counts {number_text(counted)} votes where {number_text(race.total or Decimal(0))} "
                "were cast: the file may be misread",
            )


def _outcomes(lines: _Lines, race: Race, segments: list[tuple[int, str | None, str]], last: int) -> None:
    """Who each round elected and defeated: the headers of rounds 2 to the one before last in turn,
    the rest (a defeat and an election, often) for the last round."""
    if not race.rounds:
        return
    for order, (index, kind, words) in enumerate(segments):
        counted = race.rounds[min(order, len(race.rounds) - 1)]
        before = race.rounds[counted.number - 3].counts if counted.number > 2 else race.first
        for part in re.split(r"[,;](?!\s*[A-Z]\.?(?:[,;]|$))\s*|\s+and\s+", words.strip().rstrip(";,")):
            reference = part.strip().removeprefix("and ").strip()
            if not reference or _WRITE_INS.match(reference):
                continue
            name = match_name(lines, index, reference, race.candidates)
            # A header without its label is a defeat only if the counts show one.
            if kind is None and not (counted.counts[name] == 0 and before[name] > 0):
                raise lines.fail(index, f"the header `{words}` says neither `Defeated:` nor `Elected:`")
            (counted.elected if kind == "elected" else counted.defeated).append(name)
    out: set[str] = set()
    for counted in race.rounds:
        before = race.rounds[counted.number - 3].counts if counted.number > 2 else race.first
        for name in race.candidates:
            went = before[name] > 0 and counted.counts[name] == 0 and name not in out
            if went and name not in counted.defeated:
                raise lines.fail(
                    0, f"{name}'s votes go to others in round {counted.number}, but no header defeats them"
                )
            if name in counted.defeated and counted.number < last and counted.counts[name] != 0:
                raise lines.fail(0, f"{name} is defeated in round {counted.number} but keeps votes in it")
        out.update(counted.defeated + counted.elected)
    race.winners = [name for counted in race.rounds for name in counted.elected]
    if not race.winners and race.threshold is not None:
        final = race.rounds[-1]
        race.winners = [name for name, votes in final.counts.items() if votes >= race.threshold]
        final.elected.extend(race.winners)


def _parts(name: str) -> tuple[str, str]:
    """A full name's first name and surname: ``Perry, Jerrell`` is surname first; quotes, nicknames in
    brackets and suffixes are left out."""
    if "," in name:
        surname, first = (part.strip() for part in name.split(",", 1))
        return first, surname
    words = [w for w in name.split() if not w.startswith(('"', "(")) and not w.endswith(('"', ")"))]
    while len(words) > 1 and words[-1].lower() in _SUFFIXES:
        words.pop()
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
            raise lines.fail(index, f"`{reference}` is not the name of a candidate in the table")
    fits = [
        c
        for c in candidates
        if _parts(c)[1].casefold() == surname.casefold() and _parts(c)[0].upper().startswith(initial.upper())
    ]
    if len(fits) != 1:
        found = "no candidate" if not fits else "several candidates: " + ", ".join(fits)
        raise lines.fail(index, f"`{reference}` fits {found} of the table; it cannot be matched")
    return fits[0]


def _first_choices(lines: _Lines, race: Race) -> None:
    """The first-choice page of a race won on first choices."""
    text = lines.lines
    winner_at = lines.find(r"^Official [Ww]inner:")
    day_at = next((i for i, line in enumerate(text) if _DAY.match(line.strip())), None)
    header = lines.find(r"First[ -]choice votes")
    if winner_at is None or header is None:
        raise lines.fail(0, "the page has no `Official winner:` line or no table of first-choice votes")
    if day_at is not None:
        month, day, year = _DAY.match(text[day_at].strip()).groups()  # type: ignore[union-attr]
        race.date = f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"
    index = header + 1
    while index < len(text) and "\t" in text[index]:
        cells = [cell.strip() for cell in text[index].split("\t")]
        if len(cells) < 2 or not _NUMBER.match(cells[1]):
            raise lines.fail(index, "a row of the table has no number of votes")
        name, votes = names.clean(cells[0]), _number(cells[1])
        if _WRITE_INS.match(name):
            race.write_ins = votes
        else:
            race.candidates.append(name)
            race.first[name] = votes
        index += 1
    if not race.candidates:
        raise lines.fail(header, "the table of first-choice votes has no candidates: the file may be cut short")
    ballots = lines.find(r"Total ballots cast\s+[0-9]")
    threshold = lines.find(r"Maximum possible threshold\s+[0-9]")
    if ballots is None or threshold is None:
        raise lines.fail(index, "the ballots cast or the threshold are missing: the file may be cut short")
    race.ballots = _number(re.search(r"Total ballots cast\s+([0-9,]+)", text[ballots])[1])  # type: ignore[index]
    race.threshold = _number(re.search(r"threshold\s+([0-9,]+)", text[threshold])[1])  # type: ignore[index]
    winner = names.clean(text[winner_at].split(":", 1)[1])
    # The winner's name as the table writes it: the same name, or the one with the same first name and surname.
    fits = [c for c in race.candidates if c == winner] or [c for c in race.candidates if _parts(c) == _parts(winner)]
    if len(fits) != 1:
        raise lines.fail(winner_at, f"the official winner `{winner}` is not in the table of first-choice votes")
    race.winners = fits


def _summary(lines: _Lines, race: Race) -> None:
    """The plain-text summary of a race decided in round 1."""
    text = lines.lines
    _, race.total = _labelled(lines, "Total votes cast for the office:")
    _, race.threshold = _labelled(lines, "Majority Threshold:")
    _, race.undervotes = _labelled(lines, "Undervotes:")
    if lines.find(r"^ROUND 2") is not None:
        raise lines.fail(
            lines.find(r"^ROUND 2") or 0, "this summary's later rounds are not read; import the tabulation instead"
        )
    listed = lines.find(r"^CANDIDATES:")
    totals = lines.find(r"^ROUND 1 TOTALS")
    elected = lines.find(r"^Elected\s*:")
    if listed is None or totals is None or elected is None:
        raise lines.fail(0, "the summary lacks its list of candidates, its round 1 totals or who was elected")
    full = [names.clean(line.strip()[2:]) for line in text[listed + 1 : totals] if line.startswith("- ")]
    race.candidates = [name for name in full if not _WRITE_INS.match(name)]
    index = totals + 1
    while index < len(text) and not text[index].startswith("ROUND 1 TOTAL:"):
        match = re.fullmatch(r"(.+?)\s*:\s*([0-9,]+)", text[index].strip())
        if match:
            if _WRITE_INS.match(match[1]):
                race.write_ins = _number(match[2])
            elif match[1] != "Exhausted":
                race.first[match_name(lines, index, match[1], race.candidates)] = _number(match[2])
        index += 1
    if set(race.first) != set(race.candidates):
        raise lines.fail(totals, "the round 1 totals do not give every candidate's votes")
    if sum(race.first.values(), race.write_ins or Decimal(0)) != race.total:
        raise lines.fail(totals, "the round 1 totals do not add up to the votes cast")
    winner = re.match(r"^Elected\s*:\s*(.+?)\s*\(", text[elected])
    if winner is None:
        raise lines.fail(elected, "the elected candidate's name cannot be read")
    race.winners = [match_name(lines, elected, names.clean(winner[1]), race.candidates)]
    race.candidates.sort(key=lambda name: -race.first[name])


def _labelled(lines: _Lines, label: str) -> tuple[int, Decimal]:
    index = lines.find("^" + re.escape(label))
    match = re.match(re.escape(label) + r"\s*([0-9,.]+)", lines.lines[index]) if index is not None else None
    if index is None or match is None:
        raise lines.fail(index or 0, f"`{label}` is not followed by a number")
    try:
        return index, _number(match[1])
    except InvalidOperation:
        raise lines.fail(index, f"`{label}` is not followed by a number") from None
