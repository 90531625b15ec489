"""Numbers, shares, dates and lists as pages write them, by locale."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_builder.records.votes import recorded_share, share
from site_builder.site import formats


def test_counts_and_shares() -> None:
    assert formats.number(404513) == "404,513"
    assert formats.number(12.5) == "12.50"
    assert formats.number(None) == "–"
    assert formats.percent(46.7149) == "46.7%"
    assert formats.percent(None) == "–"
    assert formats.share(5.38) == "5.38%"
    assert formats.share(50.0) == "50%"
    assert formats.share(None) == ""
    assert [formats.short(v) for v in (950, 1500, 52262)] == ["950", "1.5k", "52k"]


@pytest.mark.parametrize(
    ("value", "english", "spanish"),
    [
        ("2027-11-02", "November 2, 2027", "2 de noviembre de 2027"),
        ("2017-05", "May 2017", "mayo de 2017"),
        ("2017", "2017", "2017"),
        ("unknown", formats.UNDATED, "Fecha no indicada por las fuentes"),
    ],
)
def test_dates_by_locale(value: str, english: str, spanish: str) -> None:
    assert formats.date(value) == english
    assert formats.date(value, "es") == spanish


def test_lists_by_locale() -> None:
    assert [formats.words(items) for items in ([], ["2017"], ["2017", "2019"], ["2013", "2017", "2019"])] == [
        "",
        "2017",
        "2017 and 2019",
        "2013, 2017 and 2019",
    ]
    assert formats.words(["2013", "2017", "2019"], "es") == "2013, 2017 y 2019"
    assert formats.number(1234567, "es") == "1.234.567"


@given(st.integers(min_value=0, max_value=10**9))
def test_a_count_reads_back_as_itself(value: int) -> None:
    assert int(formats.number(value).replace(",", "")) == value


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=10**7))
def test_the_recorded_share_is_the_share_rounded_half_up(votes: int, counted: int) -> None:
    exact = share(votes, counted)
    assert exact is not None
    assert abs(float(recorded_share(votes, counted)) - exact) <= 0.005 + 1e-9
    assert share(votes, 0) is None
    assert recorded_share(votes, 0) == ""
