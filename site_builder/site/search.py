"""What the site's search knows of a page besides its words: what kind of page it is, and for whom and what.

The search reads each indexed page's own text (its name, race, positions, officeholders ...) from the
written page, and folds accents and apostrophes itself ("Gonzalez" finds "González", "OBrien" finds
"O'Brien").  What it cannot read from the text is given here for each page: the filters a voter narrows
results by (the kind of page, its state, offices and years), what a result shows under its title (the
year, the office and the outcome of a candidate's latest race), and a few words weighted above the rest
of the page, the office and the city, so that "Minneapolis mayor" lists the city's mayoral candidates and
officeholders before pages that only mention a mayor.

Plain text, for any search engine: the renderer escapes it for the page it writes.  The kinds and outcomes are
words of the page's language, which the search of that language's pages shows (a Spanish page's index is its own).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from site_builder.directory.model import Candidate, City, Election
from site_builder.records.schema import load_schema
from site_builder.site import i18n
from site_builder.site.formats import LOCALE
from site_builder.site.i18n import N_

KINDS = {
    "candidate": N_("candidate"),
    "officeholder": N_("officeholder"),
    "city": N_("city"),
    "election": N_("election"),
}
"""The kinds of page a voter can narrow results to, by their word.  An officeholder's page is their candidate page
when they have one, else their city's page, which lists its officeholders."""


def _kinds(kinds: Iterable[str], locale: str) -> list[tuple[str, str]]:
    return _filters("kind", [i18n.gettext(KINDS[kind], locale) for kind in kinds if kind])


@dataclass(frozen=True)
class SearchEntry:
    """What the search holds of a page besides its text: its filters, what its result shows, weighted words."""

    filters: tuple[tuple[str, str], ...] = ()
    """(filter, value) pairs, such as ``("kind", "candidate")`` or ``("year", "2025")``; a filter may repeat."""
    meta: tuple[tuple[str, str], ...] = ()
    """(name, value) pairs a result shows: ``year``, ``office`` and ``outcome``."""
    terms: str = ""
    """Words weighted above the page's text: the office and city a voter names together."""
    names: str = ""
    """People's names weighted above the page's text, below a page's own heading: the officeholders a city's
    page lists, so that a mayor's name finds their city's page, after their own candidate page if they have one."""
    called: tuple[str, ...] = ()
    """The names the page answers to in the search's list of names (:mod:`site_builder.site.names`): a candidate's
    name (and the name on their ballot), a city's name and its officeholders'."""


NOT_INDEXED = SearchEntry()


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def _filters(name: str, values: Iterable[str]) -> list[tuple[str, str]]:
    return [(name, value) for value in _unique(values)]


def _year(election: Election) -> str:
    return election.date[:4]


@functools.cache
def _office_words(locale: str) -> dict[str, str]:
    """The words a voter reading ``locale``'s language searches each common office by (``alcalde alcaldesa`` for
    ``Mayor``), where they differ from the office's name as its records give it."""
    words = {
        "Mayor": i18n.pgettext("search words of an office", "Mayor", locale),
        "City Council": i18n.pgettext("search words of an office", "City Council", locale),
        "Board of Supervisors": i18n.pgettext("search words of an office", "Board of Supervisors", locale),
        "Council President": i18n.pgettext("search words of an office", "Council President", locale),
        "Comptroller": i18n.pgettext("search words of an office", "Comptroller", locale),
        "City Controller": i18n.pgettext("search words of an office", "City Controller", locale),
        "Treasurer": i18n.pgettext("search words of an office", "Treasurer", locale),
        "City Auditor": i18n.pgettext("search words of an office", "City Auditor", locale),
        "City Attorney": i18n.pgettext("search words of an office", "City Attorney", locale),
        "Public Advocate": i18n.pgettext("search words of an office", "Public Advocate", locale),
        "City Commissioner": i18n.pgettext("search words of an office", "City Commissioner", locale),
        "Commissioner of Streets and Public Improvement": i18n.pgettext(
            "search words of an office", "Commissioner of Streets and Public Improvement", locale
        ),
        "Auditor": i18n.pgettext("search words of an office", "Auditor", locale),
        "Clerk-Treasurer": i18n.pgettext("search words of an office", "Clerk-Treasurer", locale),
    }
    return {office: said for office, said in words.items() if said != office}


def office_words(offices: Iterable[str], locale: str = LOCALE) -> list[str]:
    """What a voter reading ``locale``'s language calls ``offices``, which their records name in English: an office's
    name is record text and is not translated on the page, but a Spanish voter searches for "alcalde"."""
    known = _office_words(locale)
    return [known[office] for office in offices if office in known]


def candidate_entry(candidate: Candidate, locale: str = LOCALE) -> SearchEntry:
    """A candidate's page: found among candidates (and officeholders, when they hold or held an office of the
    city), by their state, the offices they ran for and the years they ran; its result shows their latest race."""
    latest = candidate.latest
    city = candidate.city
    kinds = ["candidate", "officeholder" if candidate.offices_held else ""]
    offices = [c.race.office for c in candidate.candidacies] + [o.office for o in candidate.offices_held]
    outcome = i18n.gettext(load_schema().label(latest.status), locale) if latest.status else ""
    meta = [("year", _year(latest.election)), ("office", latest.race.title), ("outcome", outcome)]
    return SearchEntry(
        tuple(
            _kinds(kinds, locale)
            + _filters("state", [city.state_name])
            + _filters("office", offices)
            + _filters("year", [_year(c.election) for c in candidate.candidacies])
        ),
        tuple((name, value) for name, value in meta if value),
        " ".join(_unique([*offices, *office_words(offices, locale), city.name])),
        called=tuple(_unique([candidate.name, candidate.ballot_name or ""])),
    )


def city_entry(city: City, locale: str = LOCALE) -> SearchEntry:
    """A city's page: found among cities (and officeholders, when it lists any), by its state, the offices it
    elects or whose holders it lists and the years of its elections.  No office is weighted beyond its heading:
    "Minneapolis mayor" lists the city's page among its mayoral candidates, whose pages weight both words; the
    names of its officeholders are."""
    offices = [race.office for election in city.newest_first for race in election.races]
    offices += [holder.office for holder in city.officeholders]
    years = [_year(election) for election in city.newest_first]
    kinds = ["city", "officeholder" if city.officeholders else ""]
    newest = city.newest_first[0] if city.newest_first else None
    meta = [("year", _year(newest))] if newest else []
    return SearchEntry(
        tuple(
            _kinds(kinds, locale)
            + _filters("state", [city.state_name])
            + _filters("office", offices)
            + _filters("year", years)
        ),
        tuple(meta),
        names=" ".join(_unique(holder.name for holder in city.officeholders)),
        called=tuple(_unique([city.name, *(holder.name for holder in city.officeholders)])),
    )


def elections_entry(state_name: str, elections: Iterable[Election], locale: str = LOCALE) -> SearchEntry:
    """A page of a state's elections: found among elections, by its state, the offices and the years."""
    elections = list(elections)
    years = _unique(_year(e) for e in elections)
    offices = [race.office for election in elections for race in election.races]
    return SearchEntry(
        tuple(
            _kinds(["election"], locale)
            + _filters("state", [state_name])
            + _filters("office", offices)
            + _filters("year", years)
        ),
        tuple([("year", years[0])] if len(years) == 1 else []),
    )


def panel_words(locale: str = LOCALE) -> dict[str, str]:
    """The words of the search's panel (``assets/search.js``) in ``locale``'s language: ``%(name)s`` marks what the
    script fills in, and ``one`` and ``other`` are the plural forms of a count of results.  They are written into the
    script once for every language, not into every page."""

    def results(count: int) -> str:
        return i18n.ngettext("%(num)s result for “%(query)s”", "%(num)s results for “%(query)s”", count, locale)

    return {
        "filters": i18n.gettext("Filters", locale),
        "more": i18n.gettext("More results", locale),
        "kind": i18n.gettext("Kind", locale),
        "state": i18n.gettext("State", locale),
        "office": i18n.gettext("Office", locale),
        "year": i18n.gettext("Year", locale),
        "any": i18n.gettext("Any", locale),
        "short": i18n.gettext("Type %(count)s letters or more, or press Enter to search", locale),
        "none": i18n.gettext("No results for “%(query)s”", locale),
        "first": i18n.gettext(
            "The first %(num)s names that begin “%(query)s”: type more letters for the others", locale
        ),
        "one": results(1),
        "other": results(2),
    }
