"""Numbers, shares, dates and lists as pages write them: the one formatter of every page, by locale.

Every function takes the locale of the page it writes for (English as the United States writes it unless
told otherwise), and formats with Babel's data of that locale (CLDR), so that a page in another language
writes ``2 de noviembre de 2027`` and ``1.234`` by the same calls.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal

from site_builder.records.dates import is_known
from site_builder.site.i18n import N_, gettext

LOCALE = "en_US"
"""The pages' locale: English as the United States writes it."""

UNDATED = N_("Date not given by the sources")
"""How an election whose date is ``unknown`` is shown."""

_DECIMALS: dict[tuple[type, str, str, str], str] = {}
"""Numbers already written, by their type, text, pattern and locale: a national directory writes the same
counts and shares on many pages (a race's on its city's, its candidates' and its state's pages), and Babel
reads its pattern and locale anew at each call."""


def _decimal(value: float | Decimal, pattern: str, locale: str) -> str:
    """``format_decimal`` of ``value``, written once for each value, pattern and locale."""
    key = (type(value), str(value), pattern, locale)
    text = _DECIMALS.get(key)
    if text is None:
        if len(_DECIMALS) >= 200_000:
            _DECIMALS.clear()
        text = _DECIMALS[key] = format_decimal(value, format=pattern, locale=locale)
    return text


def number(value: float | Decimal | None, locale: str = LOCALE) -> str:
    """A count with its thousands grouped (``404,513``), two decimals where it has a fraction (a transferred
    ballot's share of a vote); ``–`` when there is none."""
    if value is None:
        return "–"
    if value == int(value):
        return _decimal(int(value), "#,##0", locale)
    return _decimal(value, "#,##0.00", locale)


def percent(value: float | Decimal | None, locale: str = LOCALE, decimals: int = 1) -> str:
    """A share in percent, to ``decimals`` places (``46.7%``); ``–`` when there is none."""
    if value is None:
        return "–"
    pattern = "0." + "0" * decimals if decimals else "0"
    return _decimal(value, pattern, locale) + "%"


def share(value: float | Decimal | None, locale: str = LOCALE) -> str:
    """A recorded share in percent, with the decimals the record gives and none it does not (``5.38%``,
    ``50%``); nothing when there is none."""
    if value is None:
        return ""
    return _decimal(value, "0.########", locale) + "%"


def short(value: float, locale: str = LOCALE) -> str:
    """A count on a chart's scale: ``950``, ``1.5k``, ``52k`` (for 52,262)."""
    if value >= 10_000:
        return _decimal(value / 1000, "0", locale) + "k"
    if value >= 1000:
        return _decimal(value / 1000, "0.0", locale) + "k"
    return _decimal(value, "0", locale)


_DATES: dict[tuple[str, str], str] = {}
"""Dates already written, by their text and locale: a directory names a few hundred days on every page of its
elections, and Babel works each out anew at every call."""


def date(value: str | None, locale: str = LOCALE) -> str:
    """A record's date in words: ``2017-06-06`` → ``June 6, 2017``; ``2017-05`` → ``May 2017``; ``2017`` →
    ``2017``; ``unknown`` → :data:`UNDATED`."""
    if not value:
        return ""
    key = (value, locale)
    text = _DATES.get(key)
    if text is None:
        if len(_DATES) >= 100_000:
            _DATES.clear()
        text = _DATES[key] = _date(value, locale)
    return text


def _date(value: str, locale: str) -> str:
    if not is_known(value):
        return gettext(UNDATED, locale)
    parts = value.split("-")
    if len(parts) == 3:
        return format_date(dt.date.fromisoformat(value), format="long", locale=locale)
    if len(parts) == 2:
        return format_skeleton("yMMMM", dt.date(int(parts[0]), int(parts[1]), 1), locale=locale)
    return value


def words(items: list[str], locale: str = LOCALE) -> str:
    """A list as a sentence says it: ``2017``, ``2017 and 2019``, ``2013, 2017 and 2019``."""
    if len(items) < 2:
        return "".join(items)
    if locale == LOCALE:
        # The directory's house style leaves out the serial comma CLDR's English puts before "and".
        return ", ".join(items[:-1]) + " and " + items[-1]
    return format_list(items, locale=locale)
