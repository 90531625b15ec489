"""What the pages call an election and a race, and how they say an incumbency's basis, in the reader's language.

An election a source names keeps its name; any other is named by its kind (and its party, for a party's
primary): ``general election``, ``Democratic primary``.  A race is named by its office and district as its
records give them, which are not translated.
"""

from __future__ import annotations

from babel.dates import get_day_names, get_month_names

from site_builder.directory.model import FILING, ODD_OR_EVEN, Election, ElectionDay, Incumbency, Officeholder, Race
from site_builder.site import i18n
from site_builder.site.formats import LOCALE
from site_builder.site.i18n import N_

KIND_PHRASES = {
    # kind: (the election, a party's election of that kind)
    "primary": (N_("primary election"), N_("%(party)s primary")),
    "general": (N_("general election"), N_("%(party)s general")),
    "runoff": (N_("runoff election"), N_("%(party)s runoff")),
    "special": (N_("special election"), N_("%(party)s special")),
}
"""The phrase of each kind of election (``elections.kind`` in the descriptor)."""


def election_phrase(election: Election, locale: str = LOCALE) -> str:
    """The election as words inside a sentence: its name, ``Democratic primary`` for a party's primary, or
    ``general election``."""
    if election.name:
        return election.name
    alone, of_party = KIND_PHRASES.get(election.kind or "", (N_("election"), N_("%(party)s primary")))
    if election.party:
        return i18n.gettext(of_party, locale) % {"party": election.party}
    return i18n.gettext(alone, locale)


def election_title(election: Election, locale: str = LOCALE) -> str:
    """The election named on its own, as a title: its phrase with a capital letter."""
    phrase = election_phrase(election, locale)
    return phrase[:1].upper() + phrase[1:]


def race_heading(race: Race, locale: str = LOCALE) -> str:
    """The race named on its own, as a heading: its title, and in a party's primary the party's
    (``Democratic primary for Mayor``)."""
    if race.election.party:
        words = {"election": election_phrase(race.election, locale), "race": race.title}
        return i18n.gettext("%(election)s for %(race)s", locale) % words
    return race.title


def candidates_shown(race: Race, locale: str = LOCALE) -> str:
    """Which of a crowded race's candidates a part of it holds (``Candidates 1–120 of 500``), or nothing for a
    whole race."""
    if race.whole is None or len(race.candidacies) == len(race.whole.candidacies):
        return ""
    last = race.first + len(race.candidacies) - 1
    numbers = {"first": race.first, "last": last, "count": len(race.whole.candidacies)}
    return i18n.gettext("Candidates %(first)s–%(last)s of %(count)s", locale) % numbers


def part_title(race: Race, locale: str = LOCALE) -> str:
    """The race's title, and in a part of a crowded race which of its candidates the part holds."""
    shown = candidates_shown(race, locale)
    if not shown:
        return race.title
    return i18n.gettext("%(race)s, %(shown)s", locale) % {"race": race.title, "shown": shown[:1].lower() + shown[1:]}


def incumbency_words(incumbency: Incumbency, locale: str = LOCALE) -> str:
    """The basis of a candidate's incumbency (:mod:`site_builder.directory.incumbency`) in words, inside a
    sentence: ``won this seat in 2017``, ``holds this seat in a term begun in 2020``; nothing when the candidacy's
    own record says so (its sources are the basis)."""
    if incumbency.basis == "won":
        return i18n.gettext("won this seat in %(year)s", locale) % {"year": incumbency.year}
    if incumbency.basis == "officeholder":
        if incumbency.year:
            return i18n.gettext("holds this seat in a term begun in %(year)s", locale) % {"year": incumbency.year}
        return i18n.gettext("holds this seat", locale)
    return ""


STANDINGS = {"former": N_("former"), "current": N_("in office"), "latest": N_("latest recorded")}


def standing(officeholder: Officeholder, locale: str = LOCALE) -> str:
    """Where an officeholder stands in their seat: ``in office``, ``latest recorded`` (the seat's latest holder,
    whom the source lists as former) or ``former`` (a later holder follows)."""
    if officeholder.successor is not None:
        key = "former"
    else:
        key = "current" if officeholder.status == "current" else "latest"
    return i18n.gettext(STANDINGS[key], locale)


def publisher(officeholder: Officeholder, locale: str = LOCALE) -> str:
    """Who the first of an officeholder's sources is published by: ``Open States``, or ``its source``."""
    first = officeholder.sources[0] if officeholder.sources else None
    return first.publisher if first is not None and first.publisher else i18n.gettext("its source", locale)


def limited_voting(race: Race, locale: str = LOCALE) -> str:
    """The race's rule in one line when each voter has fewer votes than it has seats (``Vote for up to 5;
    7 elected: the 7 with the most votes.``), else nothing."""
    if race.votes_allowed is None or race.votes_allowed >= race.seats:
        return ""
    votes = i18n.ngettext("Vote for up to %(num)s;", "Vote for up to %(num)s;", race.votes_allowed, locale)
    elected = i18n.ngettext(
        "%(num)s elected: the one with the most votes.",
        "%(num)s elected: the %(num)s with the most votes.",
        race.seats,
        locale,
    )
    return f"{votes % {'num': race.votes_allowed}} {elected % {'num': race.seats}}"


YEARS = {
    "odd": N_("odd-numbered years"),
    "even": N_("even-numbered years"),
    "every": N_("every year"),
    ODD_OR_EVEN: N_("the odd- or even-numbered years each city chooses"),
}
WEEKS = {
    # The day of a month a rule names: "the first Tuesday of November"
    "first": N_("the first %(weekday)s of %(month)s"),
    "second": N_("the second %(weekday)s of %(month)s"),
    "third": N_("the third %(weekday)s of %(month)s"),
    "fourth": N_("the fourth %(weekday)s of %(month)s"),
    "last": N_("the last %(weekday)s of %(month)s"),
    "first-after-first-monday": N_("the first %(weekday)s after the first Monday of %(month)s"),
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(name: str, locale: str) -> str:
    return str(get_day_names("wide", locale=locale)[WEEKDAYS.index(name)])


def day_rule(rule: ElectionDay, locale: str = LOCALE) -> str:
    """An election day rule as a sentence says it: ``odd-numbered years, on the first Tuesday after the first
    Monday of November``."""
    if rule.set_by != "state-law" or not (rule.years and rule.month and rule.week and rule.weekday):
        charter = (
            N_("in a period each city's charter sets")
            if rule.kind == FILING
            else N_("on a day each city's charter sets")
        )
        return i18n.gettext(charter, locale)
    years = i18n.gettext(YEARS[rule.years], locale)
    if rule.chosen_by:
        years = i18n.gettext("%(years)s (as %(city)s chose)", locale) % {"years": years, "city": rule.chosen_by.name}
    month = str(get_month_names("wide", locale=locale)[rule.month])
    day = i18n.gettext(WEEKS[rule.week], locale) % {"weekday": _weekday(rule.weekday, locale), "month": month}
    if rule.kind == FILING and rule.ends:
        words = {"years": years, "day": day, "end": _weekday(rule.ends, locale)}
        return i18n.gettext("%(years)s, from %(day)s to the following %(end)s", locale) % words
    return i18n.gettext("%(years)s, on %(day)s", locale) % {"years": years, "day": day}
