"""The URL scheme lives in site_builder/site/urls.py: each address it gives, and no template spelling one."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

import jinja2
import pytest

from site_builder.directory.build import build_directory
from site_builder.directory.model import Candidate, City, Election, Organization, Race, Topic
from site_builder.records import ids
from site_builder.records.schema import load_schema
from site_builder.records.validate import validate_directory
from site_builder.site import urls
from site_builder.site.downloads import calendars, data_package
from site_builder.site.pages import TEMPLATES, Settings, build_pages

HERE = Path(__file__).parent
CSP_HTML = HERE.parent / "overrides" / "partials" / "csp.html"
FIXTURE = HERE / "fixtures" / "directory"

CITY = City(
    id="vt/maple-falls",
    state="vt",
    slug="maple-falls",
    name="Maple Falls",
    ocd_id="ocd-division/country:us/state:vt/place:maple_falls",
    government=None,
    website=None,
    elections_office_url=None,
    registration_url=None,
    polling_place_url=None,
    last_verified=None,
)
CANDIDATE = Candidate(
    id="vt/maple-falls/ada-quill",
    slug="ada-quill",
    city=CITY,
    name="Ada Quill",
    ballot_name=None,
    bio=None,
    website=None,
    photo_url=None,
    photo_license=None,
    photo_credit=None,
    last_verified="2026-11-01",
    path="candidates/vt/maple-falls/ada-quill.yml",
)
ELECTION = Election(
    city=CITY, id="2027-03-02-general", date="2027-03-02", kind="general", voting_method="ranked-choice", name=None
)
RACE = Race(election=ELECTION, id="city-council-ward-2", office="City Council", district="Ward 2", seats=2)
TOPIC = Topic(id="minimum-wage", name="Minimum wage", description="City minimum wage laws.")
ORGANIZATION = Organization(
    id="maple-falls-tenants-union",
    name="Maple Falls Tenants Union",
    kind="union",
    website=None,
    description=None,
    last_verified=None,
)

PAGES = {
    "home": (urls.home(), ""),
    "cities": (urls.cities(), "cities/"),
    "elections": (urls.elections(), "elections/"),
    "topics": (urls.topics(), "topics/"),
    "organizations": (urls.organizations(), "organizations/"),
    "data": (urls.data(), "data/"),
    "contributing": (urls.contributing(), "contributing/"),
    "fields": (urls.fields(), "contributing/fields/"),
    "state": (urls.state("vt"), "vt/"),
    "city": (urls.city(CITY), "vt/maple-falls/"),
    "candidate": (urls.candidate(CANDIDATE), "vt/maple-falls/ada-quill/"),
    "topic": (urls.topic(TOPIC), "topics/minimum-wage/"),
    "race comparison": (urls.compare(RACE), "vt/maple-falls/compare-2027-03-02-general-city-council-ward-2/"),
    "race comparison, part 2": (
        urls.compare(RACE, 2),
        "vt/maple-falls/compare-2027-03-02-general-city-council-ward-2-part-2/",
    ),
    "organization": (urls.organization(ORGANIZATION), "organizations/maple-falls-tenants-union/"),
    "organization, part 2": (urls.organization(ORGANIZATION, 2), "organizations/maple-falls-tenants-union/2/"),
    "state, cities part 2": (urls.state_cities("vt", 2), "cities/vt/2/"),
    "city, elections part 2": (urls.city_elections(CITY, 2), "vt/maple-falls/elections-2/"),
    "guide": (urls.guide(ELECTION), "vt/maple-falls/guide-2027-03-02-general/"),
    "guide, part 2": (urls.guide(ELECTION, 2), "vt/maple-falls/guide-2027-03-02-general-part-2/"),
    "state elections": (urls.state_elections("vt"), "elections/vt/"),
    "state elections of a year": (urls.state_elections("vt", "2026"), "elections/vt/2026/"),
    "state elections of a year, part 2": (urls.state_elections("vt", "2026", 2), "elections/vt/2026-2/"),
    "topic in a state": (urls.topic_state(TOPIC, "vt"), "topics/minimum-wage/vt/"),
    "topic in a state, part 2": (urls.topic_state(TOPIC, "vt", 2), "topics/minimum-wage/vt-2/"),
}
FILES = {
    "city calendar": (urls.calendar(CITY), "data/calendars/vt-maple-falls.ics"),
    "national calendar": (urls.calendar(), "data/calendar.ics"),
    "data package": (urls.data_package(), "data/datapackage.json"),
    "table": (urls.table("candidacies"), "data/candidacies.csv.gz"),
    "sitemap": (urls.sitemap(), "sitemap.xml"),
}


@pytest.mark.parametrize(("url", "expected"), PAGES.values(), ids=PAGES)
def test_each_page_has_its_stable_address(url: str, expected: str) -> None:
    assert url == expected


@pytest.mark.parametrize(("url", "expected"), FILES.values(), ids=FILES)
def test_each_download_has_its_stable_address(url: str, expected: str) -> None:
    assert url == expected


def test_a_race_has_its_stable_anchor_on_its_city_page() -> None:
    assert urls.race_fragment(RACE) == "2027-03-02-general-city-council-ward-2"
    assert urls.race_anchor(RACE) == "vt/maple-falls/#2027-03-02-general-city-council-ward-2"
    assert urls.race_anchor(RACE, 2) == "vt/maple-falls/elections-2/#2027-03-02-general-city-council-ward-2"
    anchor = urls.race_anchor(RACE)
    assert urls.relative(urls.candidate(CANDIDATE), anchor) == "../#2027-03-02-general-city-council-ward-2"


def test_url_for_gives_the_page_of_each_kind_of_object() -> None:
    assert urls.url_for(CANDIDATE) == "vt/maple-falls/ada-quill/"
    assert urls.url_for(CITY) == "vt/maple-falls/"
    assert urls.url_for(TOPIC) == "topics/minimum-wage/"
    assert urls.url_for(ORGANIZATION) == "organizations/maple-falls-tenants-union/"
    assert urls.url_for("data/calendar.ics") == "data/calendar.ics"
    with pytest.raises(TypeError, match="no page for int"):
        urls.url_for(3)
    with pytest.raises(TypeError, match="no page for Race"):  # a race has a page only on some days: see race_url
        urls.url_for(RACE)


def test_page_paths_and_addresses_map_both_ways() -> None:
    assert urls.page_path("") == "index.md"
    assert urls.page_path("vt/maple-falls/") == "vt/maple-falls/index.md"
    assert urls.page_url("vt/maple-falls/index.md") == "vt/maple-falls/"
    assert urls.page_url("index.md") == ""
    assert all(urls.page_url(urls.page_path(url)) == url for url, _ in PAGES.values())


def test_absolute_addresses_join_the_site_url_once() -> None:
    assert urls.absolute("https://example.org/cc/", "vt/") == "https://example.org/cc/vt/"
    assert urls.absolute("https://example.org/cc", "vt/") == "https://example.org/cc/vt/"
    assert urls.absolute("", "vt/") == "/vt/"


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("", "vt/", "vt/"),
        ("vt/maple-falls/", "vt/maple-falls/ada-quill/", "ada-quill/"),
        ("vt/maple-falls/ada-quill/", "", "../../../"),
        ("vt/maple-falls/ada-quill/", "topics/minimum-wage/", "../../../topics/minimum-wage/"),
        ("data/", "data/calendar.ics", "calendar.ics"),
        ("vt/maple-falls/", "vt/maple-falls/", "./"),
        ("vt/maple-falls/", "data/calendars/vt-maple-falls.ics", "../../data/calendars/vt-maple-falls.ics"),
        ("404.html", "vt/", "vt/"),
        ("404.html", "", "./"),
        ("data/index.html", "data/calendar.ics", "calendar.ics"),
        ("vt/maple-falls/", "vt/", "../"),
        ("vt/maple-falls/", "vt/maple-fallsx/", "../maple-fallsx/"),
    ],
)
def test_relative_links(source: str, target: str, expected: str) -> None:
    assert urls.relative(source, target) == expected


def test_the_downloads_sit_at_the_addresses_the_pages_link_to() -> None:
    tables, _ = validate_directory(FIXTURE, dt.date(2026, 11, 21))
    paths = [d.path for d in data_package(load_schema(), tables, build_directory(tables))]
    assert paths == [urls.data_package(), *(urls.table(name) for name in load_schema().tables)]
    directory = build_directory(tables)
    cities = [city for city in directory.cities if city.elections]
    assert [d.path for d in calendars(directory, "", dt.date(2026, 11, 21))] == [
        *map(urls.calendar, cities),
        urls.calendar(),
    ]


def test_every_documentation_page_depth_has_a_content_security_policy_hash() -> None:
    """overrides/partials/csp.html holds one script hash per depth of the documentation's pages, which the theme
    lays out with its inline script: a deeper new page of docs/ needs one more.  The directory's own pages
    (overrides/directory.html) run no inline script."""
    listed = set(re.findall(r'"(\.[./]*)": "sha256-', CSP_HTML.read_text(encoding="utf-8")))
    docs = HERE.parent / "docs"
    pages = [path.relative_to(docs).with_suffix("").as_posix() for path in docs.rglob("*.md")]
    roots = {posixpath.relpath(".", page.removesuffix("index").rstrip("/") or ".") for page in pages}
    assert roots, "the documentation has pages"
    assert roots - listed == set()


# What a template may put in href="..." or src="...": an expression, an absolute address or an anchor.
_LITERAL_LINK = re.compile(r"""\b(?:href|src)=["'](?!\{\{|https?://|mailto:|#)([^"']*)""")
_FILE_SUFFIXES = (".ics", ".json", ".xml", ".csv", ".gz")


def hard_coded_paths(source: str) -> list[str]:
    """Site paths a template spells itself: literal link targets and path-like string literals."""
    found = [f"href or src {m.group(1)!r}" for m in _LITERAL_LINK.finditer(source)]
    for _, kind, value in jinja2.Environment(autoescape=True).lex(source):
        if kind == "string":
            text = value[1:-1]
            if "://" not in text and ("/" in text or text.endswith(_FILE_SUFFIXES)):
                found.append(f"string {value}")
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('<a href="cities/">Cities</a>', ["href or src 'cities/'"]),
        ("<a href='../data/'>Data</a>", ["href or src '../data/'"]),
        ("<a href=\"{{ link('cities/') }}\">Cities</a>", ["string 'cities/'"]),
        ('{{ breadcrumbs([(city.state_name, city.state ~ "/")]) }}', ['string "/"']),
        ("{{ link('data/calendar.ics') }}", ["string 'data/calendar.ics'"]),
        ("{% set f = 'calendar.ics' %}", ["string 'calendar.ics'"]),
        ('{% from "macros.html" import cite %}<a href="{{ link(urls.cities()) }}">x</a>', []),
        ('<a href="https://example.org/">x</a> <a href="#top">top</a> {{ "%g" | format(1) }}', []),
    ],
)
def test_the_check_finds_hard_coded_paths(source: str, expected: list[str]) -> None:
    assert hard_coded_paths(source) == expected


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_templates_ask_the_url_module_for_every_site_path(template: str) -> None:
    assert hard_coded_paths((TEMPLATES / template).read_text(encoding="utf-8")) == []


def test_every_made_page_beside_records_pages_has_a_reserved_name() -> None:
    """No record can take the address of a page the site makes: wherever a made page shares a folder with
    the pages of a kind of record, its name is one that validation refuses as that kind's id."""
    tables, _ = validate_directory(FIXTURE, dt.date(2026, 11, 21))
    directory = build_directory(tables)
    pages = {urls.page_url(page.path) for page in build_pages(directory, Settings(today=dt.date(2026, 11, 21)))}
    records = {
        *map(urls.candidate, directory.candidates),
        *map(urls.city, directory.cities),
        *map(urls.topic, directory.topics),
        *map(urls.organization, directory.organizations),
    }
    kinds = {urls.topics(): "topics", urls.organizations(): "organizations"}
    kinds.update({urls.state(city.state): "cities" for city in directory.cities})
    kinds.update({urls.city(city): "candidates" for city in directory.cities})
    beside: dict[str, str] = {}
    for url in sorted(pages - records):
        folder, _, name = url.removesuffix("/").rpartition("/")
        if f"{folder}/" in kinds:
            beside[url] = kinds[f"{folder}/"]
            assert ids.reserved(kinds[f"{folder}/"], name) is not None, url
    for url in records:
        folder, _, name = url.removesuffix("/").rpartition("/")
        assert ids.reserved(kinds[f"{folder}/"], name) is None, url
    made = {url.removesuffix("/").rpartition("/")[2].partition("-")[0] for url in beside}
    assert {"guide", "compare"} <= made, "the fixture build has made pages beside candidates' pages"


def test_the_reserved_names_are_those_the_addresses_use() -> None:
    assert urls.guide(ELECTION).removesuffix("/").rpartition("/")[2] == ids.GUIDE.name(ELECTION.id)
    for address in (urls.guide(ELECTION, 2), urls.compare(RACE), urls.compare(RACE, 3), urls.city_elections(CITY, 2)):
        assert ids.reserved("candidates", address.removesuffix("/").rpartition("/")[2]), address
