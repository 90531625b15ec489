"""The geometry of a ranked-choice race's chart: a line per candidate across the rounds, drawn as static SVG.

Only numbers and the names to show are computed here; the template writes the SVG, so every
name is escaped like any other text of a page.  The chart is a picture of the rounds table
beside it, which stays the accessible version.
"""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.directory.model import Candidacy, Race

WIDTH = 400
"""The chart's width in its own units; it is drawn at the width of the page, up to this many pixels."""
LEFT, RIGHT, TOP, BOTTOM = 44, 150, 12, 28
"""Room for the vote axis, the names at the end of the lines, and the round numbers below."""
PLOT_HEIGHT = 180
LABEL_GAP = 13
"""The least vertical distance between two names at the end of the lines."""


@dataclass(frozen=True, kw_only=True)
class Line:
    name: str
    points: str
    """The line's points as SVG writes them: ``x,y x,y ...``."""
    end_x: float
    end_y: float
    label_y: float
    votes: str
    """The last count, written out for the label."""
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


def _votes(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def counts_by_round(race: Race, candidacy: Candidacy) -> list[float | None]:
    """A candidacy's count in each round, the first choices first; None once they are out of the count."""
    counts: list[float | None] = [float(candidacy.votes) if candidacy.votes is not None else None]
    for counted in race.rounds:
        count = counted.count_of(candidacy)
        counts.append(count.votes if count else None)
    return counts


def rounds_chart(race: Race) -> Chart | None:
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
        lines.append(
            Line(
                name=candidacy.candidate.name,
                points=" ".join(f"{x(index)},{y(value)}" for index, value in known),
                end_x=x(last_index),
                end_y=y(last_value),
                label_y=y(last_value),
                votes=_votes(last_value),
                elected=any(c.outcome == "elected" for r in race.rounds for c in r.counts if c.candidacy is candidacy),
            )
        )
    lines = _spread(lines)
    height = TOP + PLOT_HEIGHT + BOTTOM
    ticks = [Tick(position=x(index), text=str(index + 1)) for index in range(steps + 1)]
    scale = [Tick(position=y(top * part / 2), text=_short(top * part / 2)) for part in range(3)]
    threshold = race.threshold
    last = len(race.rounds) + 1
    description = (
        f"A line for each candidate still counted after round 1, from round 1 to round {last}: "
        + "; ".join(
            f"{line.name} ends with {line.votes} votes{' and is elected' if line.elected else ''}" for line in lines
        )
        + (f". The threshold is {_votes(threshold)} votes." if threshold else ".")
        + " The table of rounds gives every count."
    )
    return Chart(
        width=WIDTH,
        height=max(height, int(max(line.label_y for line in lines)) + BOTTOM),
        left=LEFT,
        right=right,
        bottom=TOP + PLOT_HEIGHT,
        lines=lines,
        rounds=ticks,
        votes=scale,
        threshold_y=y(threshold) if threshold else None,
        threshold=_votes(threshold) if threshold else "",
        description=description,
    )


def _spread(lines: list[Line]) -> list[Line]:
    """The lines with their names moved apart, top to bottom, so no two overlap."""
    placed: list[Line] = []
    floor = float("-inf")
    for line in sorted(lines, key=lambda line: line.end_y):
        label_y = max(line.end_y, floor + LABEL_GAP)
        floor = label_y
        placed.append(
            Line(
                name=line.name,
                points=line.points,
                end_x=line.end_x,
                end_y=line.end_y,
                label_y=round(label_y, 1),
                votes=line.votes,
                elected=line.elected,
            )
        )
    return placed


def _short(value: float) -> str:
    """A vote count for an axis: ``52k`` for 52,262."""
    if value >= 10000:
        return f"{value / 1000:.0f}k"
    if value >= 1000:
        return f"{value / 1000:.1f}k"
    return f"{value:.0f}"
