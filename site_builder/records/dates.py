"""Dates as records write them: a day (``2026-11-03``), or only a month or a year, or, for an
election whose date no source gives, ``unknown``.

One home for what such a date means, which validation, the directory model and the
contributor tools all ask: the last day it can mean, whether an election on it is still
to come, whether it is known at all, and whether a day is long past.  An unknown date means no day: it is never
upcoming, never in a calendar, and sorts after every known date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""The months' names in English, as pages write dates and official results print them."""

UNKNOWN = "unknown"
"""The date of an election whose sources do not give it (the descriptor's pattern allows it)."""


def is_known(value: object) -> bool:
    """Whether a date is given: anything but :data:`UNKNOWN`."""
    return value != UNKNOWN


def last_day(value: object) -> dt.date | None:
    """The last day a full or partial date can mean, or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:])
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        if len(value) == 4:
            return dt.date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def is_upcoming(value: object, today: dt.date) -> bool:
    """Whether an election on this date is still to come: its day, or any day it can mean, is today or later."""
    day = last_day(value)
    return day is not None and day >= today


def more_than_days_before(value: object, today: dt.date, days: int) -> bool:
    """Whether a day (YYYY-MM-DD) is more than ``days`` days before ``today``; False for anything else."""
    day = last_day(value) if isinstance(value, str) and len(value) == 10 else None
    return day is not None and (today - day).days > days


def newest(values: Iterable[object], today: dt.date) -> str | None:
    """The latest of the full or partial dates among ``values`` that is not after ``today`` (a month or a year
    counts by its first day), or None when there is none."""
    found = [value for value in values if isinstance(value, str) and (day := first_day(value)) and day <= today]
    return max(found, key=lambda value: (first_day(value), len(value)), default=None)


def first_day(value: str) -> dt.date | None:
    """The first day a full or partial date can mean, or None when it is not one."""
    if len(value) not in (4, 7, 10):
        return None
    try:
        return dt.date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        return None


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKS = ("first", "second", "third", "fourth")


def day_of_rule(year: int, month: int, week: str, weekday: str) -> dt.date:
    """The day a rule such as "the first Tuesday after the first Monday of November" gives in ``year``:
    ``week`` is ``first`` to ``fourth``, ``last`` or ``first-after-first-monday``; ``weekday`` a day's
    English name in lowercase."""
    first = dt.date(year, month, 1)
    if week == "first-after-first-monday":
        monday = first + dt.timedelta(days=(0 - first.weekday()) % 7)
        return monday + dt.timedelta(days=(WEEKDAYS.index(weekday) - 0) % 7 or 7)
    if week == "last":
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        last = following - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - WEEKDAYS.index(weekday)) % 7)
    day = first + dt.timedelta(days=(WEEKDAYS.index(weekday) - first.weekday()) % 7)
    return day + dt.timedelta(weeks=WEEKS.index(week))


def following(day: dt.date, weekday: str) -> dt.date:
    """The first ``weekday`` after ``day`` (never ``day`` itself), as a statute's "the following Friday" means it."""
    return day + dt.timedelta(days=(WEEKDAYS.index(weekday) - day.weekday()) % 7 or 7)
