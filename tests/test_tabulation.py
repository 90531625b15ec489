"""The ranked-choice tabulation model: any contest a reader could fill becomes records that validate,
or is refused with its file and line; never another exception."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from site_builder.importers import merge, rcv_records, tabulation
from site_builder.importers.importing import item_key, owned
from site_builder.importers.tabulation import Citation, Contest, InputError, Round
from site_builder.records.problems import errors
from site_builder.records.validate import validate_changes

RECORDS = Path(__file__).parent / "fixtures" / "records"
TODAY = dt.date(2026, 12, 1)
FILE = "in/2021-Ward-3.txt"
OCD_ID = "ocd-division/country:us/state:mn/place:minneapolis"
NAMES = ["Jane Doe", "Kevin Reich", "José Núñez", "Mary O'Brien", "Jillia Pessenda", "A. J. Awed", "Li Wei"]
HOSTILE = [
    "Cam \u202egordon",  # a bidi control
    "Bell\x07Ringer",  # a control character
    "",
    "  Jane  Doe ",  # not in its clean form
    "!!!",  # no letters to tell the person by
    "李明",  # no Latin letters
    "JANE DOE",  # the same person as Jane Doe
    "Zed " + "x" * 120,  # too long
    "Ze\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301d",  # too many marks
]
COUNTS = st.one_of(
    st.integers(-5, 10**13), st.sampled_from([10**12 - 1, 10**12, -(10**5000)]), st.floats(allow_nan=True)
)


def cite(what: str) -> Citation:
    return Citation(f"https://example.org/{what}", f"The {what}", "City of Minneapolis")


@st.composite
def counted(draw: st.DrawFn, spoiled: bool = True) -> Contest:
    """A contest counted as a tabulation does, defeating the last candidate a round; ``spoiled``, now and
    then with one or two things wrong."""
    year = draw(st.sampled_from(["2021", "2023"]))
    office, district = draw(st.sampled_from([("Mayor", ""), ("City Council", "Ward 3"), ("City Council", "Ward 7")]))
    candidates = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    write_ins = draw(st.none() | st.integers(0, 40))
    rounds = [Round(1, {name: draw(st.integers(0, 3000)) for name in candidates}, write_ins)]
    continuing = list(candidates)
    exhausted = 0
    for number in range(2, 2 + draw(st.integers(0, len(candidates) - 1))):
        before = rounds[-1].counts
        loser = min(continuing, key=lambda name: (before[name], name))
        continuing.remove(loser)
        gone = draw(st.integers(0, before[loser]))
        counts = {name: before[name] for name in continuing}
        counts[continuing[0]] += before[loser] - gone
        if draw(st.booleans()):
            counts[loser] = 0  # kept with no votes, as Minneapolis lists them
        exhausted += gone
        rounds.append(Round(number, counts, write_ins, exhausted, defeated=[loser]))
    final = rounds[-1].counts
    top = max(continuing, key=lambda name: (final[name], name))
    contest = Contest(
        file=FILE,
        line=3,
        ocd_id=OCD_ID,
        city="Minneapolis",
        state="mn",
        year=year,
        office=office,
        district=district,
        tabulation=cite("tabulation"),
        official=cite("results"),
        results=cite("elections"),
        date=draw(st.sampled_from(["", f"{year}-11-02", f"{year}-11-07"])),
        candidates=candidates,
        rounds=rounds,
        total=draw(st.sampled_from([None, sum(rounds[0].counts.values()) + (write_ins or 0)])),
        undervotes=draw(st.none() | st.integers(0, 99)),
        overvotes=draw(st.none() | st.integers(0, 99)),
    )
    contest.ballots = draw(st.sampled_from([None, sum(rounds[0].counts.values()) + (write_ins or 0) + 7]))
    winner = draw(st.sampled_from(["file", "rounds", "threshold"]))
    if winner == "file":
        contest.winners = [top]
    elif winner == "rounds" and len(rounds) > 1:
        rounds[-1].elected.append(top)
    else:
        contest.threshold = final[top]
    contest.lines = {("candidate", name): 10 + index for index, name in enumerate(candidates)}
    contest.lines |= {("round", str(r.number)): 20 + r.number for r in rounds}
    for _ in range(draw(st.sampled_from([0, 0, 1, 2])) if spoiled else 0):
        spoil(draw, contest)
    return contest


def spoil(draw: st.DrawFn, contest: Contest) -> None:
    """One thing wrong with the contest, as a bad or hostile file would have it."""
    rounds = contest.rounds
    one = draw(st.sampled_from(rounds))
    how = draw(st.integers(0, 9))
    if how == 0 and one.counts:
        one.counts[draw(st.sampled_from(sorted(one.counts)))] = draw(COUNTS)
    elif how == 1:
        old, new = draw(st.sampled_from(contest.candidates)), draw(st.sampled_from(HOSTILE))
        contest.candidates = [new if name == old else name for name in contest.candidates]
        for counted in rounds:
            counted.counts = {new if name == old else name: votes for name, votes in counted.counts.items()}
            counted.elected = [new if name == old else name for name in counted.elected]
            counted.defeated = [new if name == old else name for name in counted.defeated]
        contest.winners = [new if name == old else name for name in contest.winners]
    elif how == 2:
        contest.candidates.append(draw(st.sampled_from(contest.candidates + HOSTILE[-3:])))
    elif how == 3:
        one.counts[draw(st.sampled_from(NAMES + HOSTILE))] = draw(st.integers(0, 10))
    elif how == 4:
        (one.elected if draw(st.booleans()) else one.defeated).append(draw(st.sampled_from(NAMES)))
    elif how == 5:
        contest.winners.append(draw(st.sampled_from(NAMES)))
    elif how == 6:
        contest.kind = draw(st.sampled_from(["general", "special", "recall", ""]))
        contest.seats = draw(st.sampled_from([1, 2, 0, 51]))
    elif how == 7:
        contest.date = draw(st.sampled_from(["2021-02-30", "2021-1-2", "2019-11-05", "11/02/2021"]))
    elif how == 8 and one.counts:
        del one.counts[draw(st.sampled_from(sorted(one.counts)))]
    else:
        setattr(one, draw(st.sampled_from(["write_ins", "exhausted"])), draw(COUNTS))
        for name in ("total", "ballots", "threshold"):
            if draw(st.booleans()):
                setattr(contest, name, draw(st.none() | COUNTS))


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the fixture records, read by the imports and never written."""
    copy = tmp_path_factory.mktemp("records") / "records"
    shutil.copytree(RECORDS, copy)
    return copy


def imported(root: Path, contest: Contest) -> merge.Plan | None:
    """The plan of the contest's import, or None when it is refused with its file and line."""
    try:
        tabulation.check(contest)
        built = rcv_records.build(root, [contest], TODAY)
    except InputError as error:
        assert re.match(rf"{re.escape(FILE)}:[0-9]+: \S", str(error)), str(error)
        event("refused: " + re.sub(r"`[^`]*`|[0-9]+", "_", str(error).split(": ", 1)[1]))
        return None
    event("accepted")
    return merge.plan(root, built.incoming, item_key, owned)


def assert_checked(contest: Contest) -> None:
    """The rules of :func:`tabulation.check`, asked again of a contest it let through."""
    keys = set()
    for name in contest.candidates:
        assert name and name == " ".join(name.split()) and len(name) <= 100
        keys.add(name.casefold())
    assert len(keys) == len(contest.candidates)
    sums = set()
    out: set[str] = set()
    for number, counted in enumerate(contest.rounds, start=1):
        assert counted.number == number
        values = [*counted.counts.values(), counted.write_ins or 0, counted.exhausted or 0]
        assert all(isinstance(v, int) and 0 <= v < 10**12 for v in values)
        assert all(not counted.counts.get(name) for name in out)
        assert set(contest.candidates) - out <= set(counted.counts) <= set(contest.candidates)
        sums.add(sum(values))
        out |= set(counted.elected + counted.defeated)
    assert len(sums) == 1 and (contest.total is None or sums == {contest.total})
    defeated = {name for counted in contest.rounds for name in counted.defeated}
    assert contest.winners and set(contest.winners) <= set(contest.candidates) - defeated
    assert len(contest.winners) <= contest.seats


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(contest=counted())
def test_a_contest_is_made_into_records_or_refused_at_its_line(root: Path, contest: Contest) -> None:
    plan = imported(root, contest)
    if plan is None:
        return
    assert_checked(contest)
    assert "cities/mn/minneapolis.yml" in plan.texts
    for name in contest.candidates:
        votes = f"votes: {contest.rounds[0].counts[name]}\n"
        assert any(votes in text for path, text in plan.texts.items() if path.startswith("candidates/mn/"))


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(contest=counted(spoiled=False))
def test_the_records_of_a_checked_contest_validate(root: Path, contest: Contest) -> None:
    plan = imported(root, contest)
    if plan is None:
        return
    _, problems = validate_changes(root, plan.texts, TODAY)
    assert [p.as_text() for p in errors(problems)] == []


def two_rounds() -> Contest:
    """Li Wei wins in round 2 over Jane Doe, defeated there; 51 votes elect."""
    first = Round(1, {"Jane Doe": 40, "Li Wei": 60})
    second = Round(2, {"Jane Doe": 0, "Li Wei": 60}, exhausted=40, defeated=["Jane Doe"])
    place = ("Minneapolis", "mn", "2021", "Mayor", "")
    contest = Contest(FILE, 3, OCD_ID, *place, cite("t"), cite("o"), cite("e"), candidates=["Jane Doe", "Li Wei"])
    contest.rounds, contest.threshold, contest.lines = [first, second], 51, {("round", "2"): 22}
    return contest


def test_the_winners_reaching_the_threshold_are_elected_in_the_last_round() -> None:
    contest = two_rounds()
    tabulation.check(contest)
    assert contest.winners == ["Li Wei"] and contest.rounds[-1].elected == ["Li Wei"]


def negative(contest: Contest) -> None:
    contest.lines[("count", "1", "Li Wei")] = 9
    contest.rounds[0].counts["Li Wei"] = -1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda c: c.rounds[1].counts.update({"Jane Doe": 5}),
            ":22: round 2 counts 105 votes where round 1 counts 100",
        ),
        (
            lambda c: c.rounds.append(Round(3, {"Jane Doe": 5, "Li Wei": 55}, exhausted=40)),
            ":3: `Jane Doe` has 5 votes in round 3, after round 2 decided their race",
        ),
        (negative, ":9: the votes of `Li Wei` in round 1: -1 is below zero"),
        (lambda c: setattr(c, "winners", ["Jane Doe"]), ":3: the winner `Jane Doe` is defeated in the count"),
        (lambda c: setattr(c, "threshold", 61), ":3: the file says nobody was elected"),
        (
            lambda c: c.candidates.append("JANE DOE"),
            ":3: the candidate `JANE DOE` is the same name as `Jane Doe` in the race",
        ),
    ],
    ids=["unbalanced", "votes-after-defeat", "negative", "defeated-winner", "no-winner", "same-name"],
)
def test_a_broken_rule_is_reported_at_the_line_of_its_fact(change: Callable[[Contest], Any], message: str) -> None:
    contest = two_rounds()
    change(contest)
    with pytest.raises(InputError) as refused:
        tabulation.check(contest)
    assert str(refused.value) == FILE + message
