"""The page model: which pages the site has and what each one says.

Plain Python and Jinja2 templates, no MkDocs: a renderer receives finished pages
(an HTML body, a title, a description and whether search should index it) and
the open-data downloads, and only lays them out.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2

from site_builder.directory.model import Candidate, City, Directory, Election, Organization, Topic
from site_builder.records.dates import is_known
from site_builder.records.schema import load_schema
from site_builder.site import urls
from site_builder.site.charts import rounds_chart
from site_builder.site.markup import LINK_REL, render_markdown, safe_url
from site_builder.tools.reference import field_reference

TEMPLATES = Path(__file__).parent / "templates"
_MONTHS = [
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
]


@dataclass(frozen=True)
class Settings:
    """What the pages need to know about where the site lives."""

    repo_url: str = ""
    branch: str = "main"
    site_url: str = ""
    today: dt.date = field(default_factory=dt.date.today)
    only: str | None = None
    """When set to a city id (``mn/minneapolis``), only that city's pages and the hubs are made."""
    template_dirs: tuple[Path, ...] = ()
    """Folders searched in order for a page template before the package's own ``templates/``, so that a
    site can override one template (``city.html``) and keep the rest."""


@dataclass(frozen=True)
class Page:
    """A page of the site as any renderer receives it: where it goes, what it is called and what it says."""

    path: str
    """Source path of the page, such as ``mn/minneapolis/index.md``."""
    title: str
    description: str
    body: str
    """The page's HTML, already escaped and sanitized."""
    search: bool = True
    """Whether the site's search indexes the page."""
    kind: str = "page"
    """The kind of page (``city``, ``candidate``, ``hub`` ...), for the renderer's styles."""
    search_text: str = ""
    """What the search index holds besides the title; the body itself is not indexed."""

    @property
    def url(self) -> str:
        return urls.page_url(self.path)


UNDATED = "Date not given by the sources"
"""How an election whose date is ``unknown`` is shown."""


def fuzzy_date(value: str | None) -> str:
    """``2017-06-06`` → ``June 6, 2017``; ``2017-05`` → ``May 2017``; ``2017`` → ``2017``;
    ``unknown`` → :data:`UNDATED`."""
    if not value:
        return ""
    if not is_known(value):
        return UNDATED
    parts = value.split("-")
    if len(parts) == 3:
        return f"{_MONTHS[int(parts[1]) - 1]} {int(parts[2])}, {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return value


_SCRIPT_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def json_in_script(text: str) -> str:
    """JSON text safe inside an HTML ``<script>``: no character can end the element, open a comment or,
    for an older JavaScript reader, end a line inside a string."""
    return text.translate(_SCRIPT_ESCAPES)


class PageBuilder:
    """Renders each page of the directory from its template."""

    def __init__(self, directory: Directory, settings: Settings) -> None:
        self.directory = directory
        self.settings = settings
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([*settings.template_dirs, TEMPLATES]),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.filters.update(md=render_markdown, safe_url=safe_url, date=fuzzy_date, label=load_schema().label)
        self.env.globals.update(
            settings=settings,
            today=settings.today,
            directory=directory,
            urls=urls,
            link_rel=LINK_REL,
            rounds_chart=rounds_chart,
        )

    def render(self, template: str, url: str, **context: Any) -> str:
        def link(target: Any) -> str:
            return urls.relative(url, urls.url_for(target))

        html = self.env.get_template(template).render(link=link, page_url=url, **context)
        # Only line feeds end a line: splitlines() would also cut at U+2028 and other separators inside text.
        return "\n".join(line for line in html.split("\n") if line.strip())

    def page(
        self,
        url: str,
        template: str,
        title: str,
        description: str,
        kind: str,
        search: bool = True,
        search_text: str | None = None,
        **context: Any,
    ) -> Page:
        """The page at ``url``; search indexes its title and ``search_text`` (by default its description)."""
        body = self.render(template, url, **context)
        indexed = description if search_text is None else search_text
        return Page(urls.page_path(url), title, description, body, search, kind, indexed)

    def edit_url(self, path: str) -> str:
        if not self.settings.repo_url:
            return ""
        return f"{self.settings.repo_url.rstrip('/')}/edit/{self.settings.branch}/{quote(path)}"

    def correction_url(self, title: str, page_url: str) -> str:
        if not self.settings.repo_url:
            return ""
        query = urlencode(
            {
                "template": "correction.yml",
                "title": f"Correction: {title}",
                "page": urls.absolute(self.settings.site_url, page_url),
            }
        )
        return f"{self.settings.repo_url.rstrip('/')}/issues/new?{query}"

    @cached_property
    def upcoming(self) -> list[Election]:
        return [e for e in self.directory.elections if e.is_upcoming(self.settings.today)]

    @cached_property
    def past(self) -> list[Election]:
        return [e for e in reversed(self.directory.elections) if e.dated and not e.is_upcoming(self.settings.today)]

    @cached_property
    def undated(self) -> list[Election]:
        """The elections whose date no source gives: neither upcoming nor past."""
        return [e for e in self.directory.elections if not e.dated]

    def hubs(self) -> Iterator[Page]:
        d = self.directory
        yield self.page(
            urls.home(),
            "home.html",
            "City Candidates",
            "Find the candidates in your city's elections: who is running, where they stand, who backs them.",
            "home",
            upcoming=self.upcoming[:10],
            states=d.states,
        )
        yield self.page(
            urls.cities(), "cities.html", "Cities", "Every city in the directory, by state.", "hub", states=d.states
        )
        yield self.page(
            urls.elections(),
            "elections.html",
            "Elections",
            "Upcoming and past city elections, by date, with results.",
            "hub",
            upcoming=self.upcoming,
            past=self.past,
            undated=self.undated,
        )
        yield self.page(
            urls.topics(),
            "topics.html",
            "Topics",
            "Where candidates stand, topic by topic.",
            "hub",
            topics=d.topics,
        )
        yield self.page(
            urls.organizations(),
            "organizations.html",
            "Organisations",
            "The organisations that endorse candidates, and whom they endorsed.",
            "hub",
            organizations=d.organizations,
        )
        yield self.page(
            urls.data(),
            "data.html",
            "Open data",
            "Download the directory as a Frictionless Data Package of CSV files or as calendars.",
            "hub",
            search=False,
            tables=self._table_names(),
        )
        yield self.page(
            urls.fields(),
            "fields.html",
            "Field reference",
            "Every field of every record: meaning, type, allowed values and an example.",
            "reference",
            search=False,
            kinds=field_reference(load_schema()),
        )

    def _table_names(self) -> list[str]:
        return list(load_schema().tables)

    def state(self, state: str, cities: list[City]) -> Page:
        name = cities[0].state_name
        return self.page(
            urls.state(state),
            "state.html",
            name,
            f"City elections and candidates in {name}.",
            "state",
            state_name=name,
            cities=cities,
            state_record=self.directory.state_records.get(state),
        )

    def city(self, city: City) -> Page:
        return self.page(
            urls.city(city),
            "city.html",
            city.label,
            f"Elections and candidates in {city.name}, {city.state_name}: races, platforms, endorsements "
            "and how to vote.",
            "city",
            search_text=f"{city.name}, {city.state_name}",
            city=city,
            edit_url=self.edit_url(f"cities/{city.id}.yml"),
            correction_url=self.correction_url(city.label, urls.city(city)),
            calendar=urls.calendar(city),
            json_ld=self.city_json_ld(city),
        )

    def city_json_ld(self, city: City) -> str:
        """The city's officeholders as schema.org roles in its government, or nothing when none is recorded."""
        if not city.officeholders:
            return ""
        roles = []
        for officeholder in city.officeholders:
            role: dict[str, Any] = {
                "@type": "OrganizationRole",
                "roleName": officeholder.title,
                "member": {"@type": "Person", "name": officeholder.name},
            }
            if officeholder.term_start:
                role["startDate"] = officeholder.term_start
            if officeholder.term_end:
                role["endDate"] = officeholder.term_end
            roles.append(role)
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "GovernmentOrganization",
            "areaServed": {"@type": "City", "name": city.label},
            "member": roles,
        }
        if city.website and safe_url(city.website):
            data["url"] = city.website
        return json_in_script(json.dumps(data, ensure_ascii=False, sort_keys=True))

    def candidate(self, candidate: Candidate) -> Page:
        latest = candidate.latest
        description = (
            f"{candidate.name}, candidate for {latest.race.title} in {candidate.city.label}: platform, "
            "endorsements and sources."
        )
        return self.page(
            urls.candidate(candidate),
            "candidate.html",
            f"{candidate.name} – {latest.race.title}, {candidate.city.label}",
            description,
            "candidate",
            search_text=" ".join(filter(None, [candidate.ballot_name, latest.party])),
            candidate=candidate,
            latest=latest,
            edit_url=self.edit_url(candidate.path),
            correction_url=self.correction_url(candidate.name, urls.candidate(candidate)),
            json_ld=self.json_ld(candidate),
        )

    def json_ld(self, candidate: Candidate) -> str:
        same_as = [u for u in [candidate.website, *(link.url for link in candidate.links)] if safe_url(u)]
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": candidate.name,
            "homeLocation": {"@type": "City", "name": candidate.city.label},
            "description": f"Candidate for {candidate.latest.race.title} in {candidate.city.label}",
        }
        if self.settings.site_url:
            data["url"] = urls.absolute(self.settings.site_url, urls.candidate(candidate))
        if same_as:
            data["sameAs"] = same_as
        if candidate.photo_url and safe_url(candidate.photo_url):
            data["image"] = candidate.photo_url
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        # Inside <script>, only "</" and "<!--" could end or confuse the element; escape every "<".
        return json_in_script(text)

    def topic(self, topic: Topic) -> Page:
        return self.page(
            urls.topic(topic),
            "topic.html",
            topic.name,
            f"Where candidates stand on {topic.name.lower()}.",
            "topic",
            search_text=topic.description,
            topic=topic,
        )

    def organization(self, organization: Organization) -> Page:
        return self.page(
            urls.organization(organization),
            "organization.html",
            organization.name,
            f"Candidates endorsed by {organization.name}.",
            "organization",
            search_text=load_schema().label(organization.kind),
            organization=organization,
            edit_url=self.edit_url(f"organizations/{organization.id}.yml"),
        )


def build_pages(directory: Directory, settings: Settings) -> list[Page]:
    """Every page of the site, or, in a one-city preview, that city's pages and the hubs."""
    builder = PageBuilder(directory, settings)
    keep: Callable[[City], bool] = (lambda city: city.id == settings.only) if settings.only else (lambda city: True)
    pages = list(builder.hubs())
    for state, cities in directory.states.items():
        if any(keep(city) for city in cities):
            pages.append(builder.state(state, cities))
    for city in directory.cities:
        if keep(city):
            pages.append(builder.city(city))
            pages.extend(builder.candidate(candidate) for candidate in city.candidates)
    if not settings.only:
        pages.extend(builder.topic(topic) for topic in directory.topics)
        pages.extend(builder.organization(org) for org in directory.organizations)
    return pages
