"""The site's URL scheme: where every page and download lives.

Every address is relative to the site root, and a page's address ends in ``/``.  Pages,
templates (as the ``urls`` global), downloads and JSON-LD ask here instead of spelling a
path, so a page type moves by changing one function, and a new page type gets its address
by adding one.  A made page in a folder where records' pages live too (a city's guides beside its
candidates) is named by one of the forms that :data:`site_builder.records.ids.RESERVED` keeps from
every record's id.
"""

from __future__ import annotations

from typing import Any

from site_builder.directory.model import Candidate, City, Election, Organization, Race, Topic
from site_builder.records.ids import CITY_ELECTIONS, COMPARE, GUIDE
from site_builder.site.i18n import ENGLISH


def home() -> str:
    return ""


def cities() -> str:
    return "cities/"


def elections() -> str:
    return "elections/"


def topics() -> str:
    return "topics/"


def organizations() -> str:
    return "organizations/"


def data() -> str:
    return "data/"


def contributing() -> str:
    """The contributors' guide, a page of the documentation."""
    return "contributing/"


def fields() -> str:
    """The field reference, generated from the descriptor."""
    return f"{contributing()}fields/"


def state(code: str) -> str:
    """A state's page, by its two-letter code in lowercase (``vt``)."""
    return f"{code}/"


def state_cities(code: str, part: int = 1) -> str:
    """Part ``part`` of a state's list of cities: the state's page itself, then ``cities/vt/2/`` and on (a
    folder under the state's own would be taken by a city whose slug is a number)."""
    return state(code) if part == 1 else f"{cities()}{code}/{part}/"


def state_elections(code: str, year: str | None = None, part: int = 1) -> str:
    """A state's elections (``elections/vt/``); when they fill more than one page, those of one year
    (``elections/vt/2025/``) and the further parts of a year (``elections/vt/2025-2/``).  No page is deeper
    than three folders (four in another language's folder), the depths the content security policy has a script
    hash for."""
    base = f"{elections()}{code}/"
    if year is None:
        return base if part == 1 else f"{base}{part}/"
    return f"{base}{year}/" if part == 1 else f"{base}{year}-{part}/"


def city(city: City) -> str:
    return f"{state(city.state)}{city.slug}/"


def city_elections(place: City, part: int) -> str:
    """Part ``part`` of a city's elections when they fill more than one page: the city's page itself, then
    ``vt/maple-falls/elections-2/`` and on."""
    return city(place) if part == 1 else f"{city(place)}{CITY_ELECTIONS.name(str(part))}/"


def guide(election: Election, part: int = 1) -> str:
    """The printable guide to one of a city's elections (``vt/maple-falls/guide-2027-03-02-general/``), and the
    further parts of a guide too long for one page (``vt/maple-falls/guide-2027-03-02-general-part-2/``)."""
    base = f"{city(election.city)}{GUIDE.name(election.id)}"
    return f"{base}/" if part == 1 else f"{base}-part-{part}/"


def candidate(candidate: Candidate) -> str:
    return f"{city(candidate.city)}{candidate.slug}/"


def compare(race: Race, part: int = 1) -> str:
    """A race's candidates side by side, in its city's folder beside the candidates' pages, named by the election's
    id and the race's: ``vt/maple-falls/compare-2027-03-02-general-mayor/``, and the further parts of a long one
    (``vt/maple-falls/compare-2027-03-02-general-mayor-part-2/``).  Three folders deep, as a candidate's page is."""
    base = f"{city(race.election.city)}{COMPARE.name(anchor(race))}"
    return f"{base}/" if part == 1 else f"{base}-part-{part}/"


def anchor(item: Election | Race) -> str:
    """The id of an election's heading, or a race's, on the pages that list them: the election's id
    (``2027-03-02-general``), and for a race the election's id and the race's (``2027-03-02-general-mayor``), as its
    comparison is named.  Made from the records' ids, never from a place on the page, so a link to it stays good;
    an election's id is a date and a kind, so no heading the site names itself (``elections``) can take it."""
    return f"{item.election.id}-{item.id}" if isinstance(item, Race) else item.id


def race_fragment(race: Race) -> str:
    """The id of a race's heading on its city's page, named by the election's id and the race's as its comparison
    is (``2027-03-02-general-mayor``), so that it stays the same from build to build."""
    return anchor(race)


def race_anchor(race: Race, part: int = 1) -> str:
    """A race on its city's page (``vt/maple-falls/#2027-03-02-general-mayor``), or on part ``part`` of the city's
    elections when they fill more than one page: where a race without a comparison of its own is linked."""
    return f"{city_elections(race.election.city, part)}#{race_fragment(race)}"


def topic(topic: Topic) -> str:
    return f"{topics()}{topic.id}/"


def topic_state(topic: Topic, code: str, part: int = 1) -> str:
    """The positions on a topic in one state, in the candidates' words (``topics/housing/vt/``), and the
    further parts of that list (``topics/housing/vt-2/``)."""
    return f"{topics()}{topic.id}/{code}/" if part == 1 else f"{topics()}{topic.id}/{code}-{part}/"


def organization(organization: Organization, part: int = 1) -> str:
    """An organisation's page, and the further parts of its list of endorsements (``organizations/x/2/``)."""
    base = f"{organizations()}{organization.id}/"
    return base if part == 1 else f"{base}{part}/"


def calendar(city: City | None = None) -> str:
    """One city's iCalendar file, or, without a city, the one of every city."""
    return f"{data()}calendars/{city.state}-{city.slug}.ics" if city else f"{data()}calendar.ics"


def feed(city: City | None = None) -> str:
    """One city's Atom feed of changes to its records, or, without a city, the one of the whole directory
    (``all`` holds no hyphen, so no city's feed can take its name)."""
    return f"{data()}feeds/{city.state}-{city.slug}.atom" if city else f"{data()}feeds/all.atom"


def data_package() -> str:
    return f"{data()}datapackage.json"


def table(name: str) -> str:
    """A table of the data package, as gzip-compressed CSV."""
    return f"{data()}{name}.csv.gz"


def sitemap() -> str:
    """The sitemap the renderer writes."""
    return "sitemap.xml"


def page_path(url: str) -> str:
    """The source path of the page at ``url``: ``vt/`` → ``vt/index.md``."""
    return f"{url}index.md"


def page_url(path: str) -> str:
    """The address of the page with source path ``path``: ``vt/index.md`` → ``vt/``."""
    return path.removesuffix("index.md")


def absolute(site_url: str, url: str) -> str:
    """``url`` on the published site at ``site_url``."""
    return f"{site_url.rstrip('/')}/{url}"


def webcal(site_url: str, url: str) -> str:
    """``url`` on the published site at ``site_url`` as a ``webcal://`` address, which a calendar app
    subscribes to (and so keeps up to date) where an ``https://`` one would only download the file once; empty
    when the site's address is not known or not http(s).  Only the site makes such a link: record text may
    never hold one (see markup.py)."""
    address = absolute(site_url, url) if site_url else ""
    scheme, separator, rest = address.partition("://")
    return f"webcal://{rest}" if separator and scheme.lower() in ("http", "https") else ""


ENGLISH_ONLY = (contributing(), "benchmarks/")
"""Pages written in English only: the contributors' guide with its field reference, and the benchmarks."""


def translated(url: str) -> bool:
    """Whether the site has ``url`` in every language: a page for voters does; a download, a feed, a file and
    the pages of :data:`ENGLISH_ONLY` are the same for every language."""
    path = url.split("#", 1)[0]
    return (path == "" or path.endswith("/")) and not path.startswith(ENGLISH_ONLY)


def in_language(url: str, language: str) -> str:
    """``url`` in ``language``: a translated page in the language's folder (``es/vt/maple-falls/``), anything
    else, and every English page, where it is."""
    return f"{language}/{url}" if language != ENGLISH and translated(url) else url


def in_english(url: str, language: str) -> str:
    """The English page of ``url``, a page in ``language``: ``es/vt/`` → ``vt/``."""
    return url.removeprefix(f"{language}/") if language != ENGLISH else url


def url_for(item: Any) -> str:
    """The address of a model object's page; a string is taken as an address already.  A race is linked by
    its pages' builder, which knows whether it has a comparison or is found on its city's page."""
    if isinstance(item, Candidate):
        return candidate(item)
    if isinstance(item, City):
        return city(item)
    if isinstance(item, Topic):
        return topic(item)
    if isinstance(item, Organization):
        return organization(item)
    if isinstance(item, str):
        return item
    raise TypeError(f"no page for {type(item).__name__}")


def relative(source: str, target: str) -> str:
    """A link from the page at URL ``source`` to ``target`` (both relative to the site root)."""
    base = source.split("/")[:-1]  # the folder the page is in: its URL up to the last slash
    parts = [part for part in target.split("/") if part]
    common = 0
    while common < len(base) and common < len(parts) and base[common] == parts[common]:
        common += 1
    path = "/".join([".."] * (len(base) - common) + parts[common:]) or "."
    if target.endswith("/") or not target:
        return "./" if path == "." else f"{path}/"
    return path
