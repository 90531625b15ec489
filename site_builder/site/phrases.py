"""What the pages call an election and a race, in the reader's language.

An election a source names keeps its name; any other is named by its kind (and its party, for a party's
primary): ``general election``, ``Democratic primary``.  A race is named by its office and district as its
records give them, which are not translated.
"""

from __future__ import annotations

from site_builder.directory.model import Election, Race
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
