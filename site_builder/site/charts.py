"""A ranked-choice race's rounds as the page shows them: the final round that leads them, the rows of the
rounds table, and the geometry of the chart, a line per candidate across the rounds, drawn as static SVG.

Only numbers and the names to show are computed here; the templates write the HTML and SVG, so every
name is escaped like any other text of a page.  The chart is a picture of the rounds table
beside it, which stays the accessible version.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from site_builder.directory.model import Candidacy, Race
from site_builder.records.votes import share
from site_builder.site import formats, i18n

WIDTH = 320
"""The chart's width in its own units and in pixels: it fits a 360 px screen unscaled, so its 12 px text
(site.css) stays 12 px."""
LEFT, RIGHT, TOP, BOTTOM = 36, 128, 12, 32
"""Room for the vote axis, the names at the end of the lines, and the round numbers below."""
PLOT_HEIGHT = 180
LINE_HEIGHT = 14
"""The height of a line of a name at the end of the lines, and the least distance between two names."""
LABEL_CHARACTERS = 17
"""The most characters of a line of a name at the end of the lines, at 12 px in the room on the right."""


@dataclass(frozen=True, kw_only=True)
class Finalist:
    candidacy: Candidacy
    votes: float
    share: float | None
    """Percent of the votes counted in the final round."""
    elected: bool


@dataclass(frozen=True, kw_only=True)
class FinalRound:
    round: int
    finalists: list[Finalist]
    """The candidates with votes in the final round (and those it elects), most votes first."""
    counted: float
    """The votes counted in the final round: the finalists' and the write-ins'."""
    exhausted: float | None
    below_threshold: list[Finalist]
    """Those elected with fewer votes than the threshold, as ballots were exhausted on the way."""


def final_round(race: Race) -> FinalRound | None:
    """The last round of a ranked-choice race, the one that decides it; None for a race without rounds."""
    if not race.rounds:
        return None
    last = race.rounds[-1]
    counts = sorted(
        (c for c in last.counts if c.votes or c.outcome == "elected"),
        key=lambda c: (c.outcome != "elected", -c.votes, c.candidacy.candidate.name.casefold()),
    )
    counted = sum(c.votes for c in counts) + (last.write_ins or 0)
    finalists = [
        Finalist(
            candidacy=c.candidacy,
            votes=c.votes,
            share=share(c.votes, counted),
            elected=c.outcome == "elected",
        )
        for c in counts
    ]
    threshold = race.threshold
    return FinalRound(
        round=last.round,
        finalists=finalists,
        counted=counted,
        exhausted=last.exhausted,
        below_threshold=[f for f in finalists if f.elected and threshold is not None and f.votes < threshold],
    )


@dataclass(frozen=True, kw_only=True)
class Cell:
    """A cell of a candidate's row in the rounds table: a count, or where they were eliminated, once."""

    votes: float | None = None
    outcome: str | None = None
    eliminated: int | None = None
    """The round that eliminated them, for the cell that stands for it and every round after."""
    span: int = 1


@dataclass(frozen=True, kw_only=True)
class RoundsRow:
    candidacy: Candidacy
    cells: list[Cell]
    """A cell for each round after the first, or fewer, spanning."""


def rounds_rows(race: Race) -> list[RoundsRow]:
    """The rows of the rounds table, those who went furthest first: a candidate whose votes all went to
    others' in the round that defeated them has one cell from that round to the last, not a zero in each."""
    rows = []
    for candidacy in race.candidacies:
        cells: list[Cell] = []
        reached = (1, float(candidacy.votes or 0))
        for index, counted in enumerate(race.rounds):
            count = counted.count_of(candidacy)
            if count and count.outcome == "defeated" and not count.votes:
                cells.append(Cell(eliminated=counted.round, span=len(race.rounds) - index))
                break
            if count:
                reached = (counted.round, count.votes)
            cells.append(Cell(votes=count.votes, outcome=count.outcome) if count else Cell())
        rows.append((reached, candidacy.candidate.name.casefold(), RoundsRow(candidacy=candidacy, cells=cells)))
    rows.sort(key=lambda row: (-row[0][0], -row[0][1], row[1]))
    return [row for *_, row in rows]


@dataclass(frozen=True, kw_only=True)
class Line:
    name: str
    label: list[str]
    """The name at the end of the line, in lines of at most LABEL_CHARACTERS where it can be broken."""
    points: str
    """The line's points as SVG writes them: ``x,y x,y ...``."""
    end_x: float
    end_y: float
    label_y: float
    votes: str
    """The last count, written out for the label."""
    count: int
    """The last count, for the plural of the words that give it."""
    elected: bool


@dataclass(frozen=True, kw_only=True)
class Tick:
    position: float
    text: str


@dataclass(frozen=True, kw_only=True)
class Chart:
    width: int
    height: int
    left: int
    right: float
    bottom: float
    lines: list[Line]
    rounds: list[Tick]
    votes: list[Tick]
    threshold_y: float | None
    threshold: str
    description: str
    line_height: int = LINE_HEIGHT


def counts_by_round(race: Race, candidacy: Candidacy) -> list[float | None]:
    """A candidacy's count in each round, the first choices first; None once they are out of the count."""
    counts: list[float | None] = [float(candidacy.votes) if candidacy.votes is not None else None]
    for counted in race.rounds:
        count = counted.count_of(candidacy)
        counts.append(count.votes if count else None)
    return counts


def rounds_chart(race: Race, locale: str = formats.LOCALE) -> Chart | None:
    """The chart of a race's rounds, or None for a race without rounds or first-choice counts."""
    if not race.rounds or race.counted is None:
        return None
    series = []
    for candidacy in race.by_votes:
        counts = counts_by_round(race, candidacy)
        if any(value for value in counts[1:]):
            series.append((candidacy, counts))
    if not series:
        return None
    top = max([value or 0 for _, counts in series for value in counts] + [race.threshold or 0])
    steps = len(race.rounds)
    right = WIDTH - RIGHT
    span = right - LEFT

    def x(index: int) -> float:
        return round(LEFT + span * index / steps, 1)

    def y(value: float) -> float:
        return round(TOP + PLOT_HEIGHT * (1 - value / top), 1) if top else TOP + PLOT_HEIGHT

    lines = []
    for candidacy, counts in series:
        known = [(index, value) for index, value in enumerate(counts) if value]
        last_index, last_value = known[-1]
        elected = any(c.outcome == "elected" for r in race.rounds for c in r.counts if c.candidacy is candidacy)
        name = candidacy.candidate.name
        lines.append(
            Line(
                name=name,
                label=_wrap(i18n.gettext("%(name)s (elected)", locale) % {"name": name} if elected else name),
                points=" ".join(f"{x(index)},{y(value)}" for index, value in known),
                end_x=x(last_index),
                end_y=y(last_value),
                label_y=y(last_value),
                votes=formats.number(last_value, locale),
                count=int(last_value),
                elected=elected,
            )
        )
    lines = _spread(lines)
    height = TOP + PLOT_HEIGHT + BOTTOM
    ticks = [Tick(position=x(index), text=str(index + 1)) for index in range(steps + 1)]
    scale = [Tick(position=y(top * part / 2), text=formats.short(top * part / 2, locale)) for part in range(3)]
    threshold = race.threshold
    last = len(race.rounds) + 1
    description = _description(lines, last, threshold, locale)
    return Chart(
        width=WIDTH,
        height=max(height, int(max(line.label_y + LINE_HEIGHT * len(line.label) for line in lines))),
        left=LEFT,
        right=right,
        bottom=TOP + PLOT_HEIGHT,
        lines=lines,
        rounds=ticks,
        votes=scale,
        threshold_y=y(threshold) if threshold else None,
        threshold=formats.number(threshold, locale) if threshold else "",
        description=description,
    )


def _description(lines: list[Line], last: int, threshold: float | None, locale: str) -> str:
    """The chart in words, for a screen reader: where each line ends, and the threshold."""
    ends = [
        i18n.ngettext(
            "%(name)s ends with %(votes)s vote and is elected",
            "%(name)s ends with %(votes)s votes and is elected",
            line.count,
            locale,
        )
        if line.elected
        else i18n.ngettext(
            "%(name)s ends with %(votes)s vote", "%(name)s ends with %(votes)s votes", line.count, locale
        )
        for line in lines
    ]
    words = [
        i18n.gettext("A line for each candidate still counted after round 1, from round 1 to round %(last)s:", locale)
        % {"last": last},
        "; ".join(end % {"name": line.name, "votes": line.votes} for end, line in zip(ends, lines, strict=True)) + ".",
    ]
    if threshold:
        count = int(threshold)
        words.append(
            i18n.ngettext("The threshold is %(votes)s vote.", "The threshold is %(votes)s votes.", count, locale)
            % {"votes": formats.number(threshold, locale)}
        )
    words.append(i18n.gettext("The table of rounds gives every count.", locale))
    return " ".join(words)


def _spread(lines: list[Line]) -> list[Line]:
    """The lines with their names moved apart, top to bottom, so no two overlap."""
    placed: list[Line] = []
    floor = float("-inf")
    for line in sorted(lines, key=lambda line: line.end_y):
        label_y = max(line.end_y, floor)
        floor = label_y + LINE_HEIGHT * len(line.label)
        placed.append(replace(line, label_y=round(label_y, 1)))
    return placed


def _wrap(text: str) -> list[str]:
    """A name in lines of at most LABEL_CHARACTERS, broken at spaces (a longer word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= LABEL_CHARACTERS:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
