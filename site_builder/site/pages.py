"""The page model: which pages the site has and what each one says.

Plain Python and Jinja2 templates, no MkDocs: a renderer receives finished pages
(an HTML body, a title, a description and whether search should index it) and
the open-data downloads, and only lays them out.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, cast
from urllib.parse import quote, urlencode

import jinja2
from markupsafe import Markup, escape

from site_builder.directory.coverage import city_coverage, state_coverage
from site_builder.directory.model import (
    Answer,
    Candidate,
    City,
    Directory,
    Election,
    Endorsement,
    Organization,
    Position,
    Race,
    Source,
    Topic,
    newest_first,
    upcoming_first,
)
from site_builder.records.reference import field_reference
from site_builder.records.schema import STATES, load_schema
from site_builder.site import formats, i18n, urls
from site_builder.site.charts import final_round, rounds_chart, rounds_rows
from site_builder.site.formats import UNDATED
from site_builder.site.formats import date as fuzzy_date
from site_builder.site.markup import LINK_REL, inline_code, render_markdown, safe_url, web_url
from site_builder.site.phrases import (
    candidates_shown,
    day_rule,
    election_phrase,
    election_title,
    incumbency_words,
    limited_voting,
    part_title,
    publisher,
    race_heading,
    standing,
)
from site_builder.site.search import NOT_INDEXED, SearchEntry, candidate_entry, city_entry, elections_entry

TEMPLATES = Path(__file__).parent / "templates"
PAGE_BUDGET = 100_000
"""The most characters a page's body may hold before its list is split into a series of pages; the theme's
own markup and a series' links to its parts come on top, and the whole page stays under 150 KB."""
CROWDED = 20
"""The most candidates of a race that a page always holds together: a race of more whose page would pass the
budget has its candidates split into parts (a comparison of fewer would set too few side by side)."""
T = TypeVar("T")


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
    page_budget: int = PAGE_BUDGET
    """See :data:`PAGE_BUDGET`."""
    feeds: bool = True
    """Whether to publish the Atom feeds of changes, made from the records' git history."""
    languages: tuple[str, ...] = ()
    """The languages besides English that every voter page is also written in, each in its own folder
    (``es/``): see :mod:`site_builder.site.i18n` for the languages there are translations into."""


@dataclass(frozen=True)
class FeedLink:
    """An Atom feed a page links to: its address and what a feed reader calls it."""

    url: str
    title: str


@dataclass(frozen=True)
class FeedLinks:
    """The feeds of changes there are: each city's, by city id, and the whole directory's."""

    cities: Mapping[str, FeedLink] = field(default_factory=dict)
    directory: FeedLink | None = None


@dataclass(frozen=True)
class Heading:
    """A heading of a page's table of contents: an ``<h2>`` or ``<h3>`` of its body that has an id."""

    level: int
    id: str
    title: str
    """The heading's text, escaped for HTML, without its tags."""


_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def headings(body: str) -> tuple[Heading, ...]:
    """The headings of a page's table of contents, in the order of the page."""
    return tuple(
        Heading(int(level), anchor, " ".join(_TAG.sub("", text).split()))
        for level, anchor, text in _HEADING.findall(body)
    )


class Page:
    """A page of the site as any renderer receives it: where it goes, what it is called and what it says.

    A renderer receives every page before it lays out the first, so the bodies are held compressed until it
    asks for one: they are most of a build's memory otherwise (about 720 MB at 20,000 candidates, as every
    body holding one character beyond Latin-1 takes two bytes a character).
    """

    __slots__ = ("_packed", "description", "entry", "feed", "kind", "language", "path", "search", "title", "toc")

    def __init__(
        self,
        path: str,
        title: str,
        description: str,
        body: str,
        search: bool = True,
        kind: str = "page",
        entry: SearchEntry = NOT_INDEXED,
        feed: FeedLink | None = None,
        language: str = i18n.ENGLISH,
    ) -> None:
        self.path = path
        """Source path of the page, such as ``mn/minneapolis/index.md``."""
        self.title = title
        self.description = description
        self._packed = zlib.compress(body.encode("utf-8"), 1)
        self.search = search
        """Whether the site's search indexes the page."""
        self.kind = kind
        """The kind of page (``city``, ``candidate``, ``hub`` ...), for the renderer's styles."""
        self.entry = entry
        """What the search holds of the page besides its text: filters, what its result shows, weighted words."""
        self.feed = feed
        """The Atom feed of the page's changes, which a renderer links from the page's head."""
        self.toc = headings(body)
        """The page's table of contents: its headings that have an id."""
        self.language = language
        """The language the page is written in (``en``, ``es``); a page in another language than English is in
        that language's folder (:func:`site_builder.site.urls.in_language`)."""

    @property
    def body(self) -> str:
        """The page's HTML, already escaped and sanitized."""
        return zlib.decompress(self._packed).decode("utf-8")

    @property
    def url(self) -> str:
        return urls.page_url(self.path)

    def __repr__(self) -> str:
        return f"Page({self.path!r}, {self.title!r}, kind={self.kind!r})"


@dataclass(frozen=True)
class Part:
    """One page of a series: what the list of parts calls it and where it is."""

    label: str
    url: str


@dataclass(frozen=True)
class Series:
    """The pages one long list is split into, and which of them a page is."""

    parts: tuple[Part, ...]
    index: int = 0

    @property
    def current(self) -> Part:
        return self.parts[self.index]

    @property
    def previous(self) -> Part | None:
        return self.parts[self.index - 1] if self.index > 0 else None

    @property
    def next(self) -> Part | None:
        return self.parts[self.index + 1] if self.index + 1 < len(self.parts) else None

    def at(self, index: int) -> Series:
        return Series(self.parts, index)


ALONE = Series((Part("", ""),))
"""The series of a page that is not split."""


class PartPage(NamedTuple):
    """What one page of a series says: its title, its description and its template's context."""

    title: str
    description: str
    context: dict[str, Any]


def split(items: list[T], size: Callable[[list[T]], int], budget: int) -> list[list[T]]:
    """``items`` in as few consecutive parts of about equal length as keep each part's ``size`` within
    ``budget`` (a single item larger than the budget is a part of its own)."""
    if len(items) <= 1:
        return [items]
    largest = size(items)
    count = 1
    parts = [items]
    while largest > budget and count < len(items):
        count = min(len(items), max(count + 1, math.ceil(count * largest / budget)))
        parts = [items[len(items) * i // count : len(items) * (i + 1) // count] for i in range(count)]
        largest = max(size(part) for part in parts)
        if largest <= budget:
            return parts
    return [items] if count == 1 else parts


def pack(items: list[T], size: Callable[[list[T]], int], budget: int) -> list[list[T]]:
    """``items`` in consecutive parts, each as long as keeps its ``size`` within ``budget`` (a single item larger
    than the budget is a part of its own): for items of very unequal sizes, where :func:`split`'s parts of equal
    length would leave each small item alone on a page."""
    parts: list[list[T]] = []
    for item in items:
        if parts and size([*parts[-1], item]) <= budget:
            parts[-1].append(item)
        else:
            parts.append([item])
    return parts or [[]]


def year_of(date: str) -> str:
    """The year of an election's date (``2025-11-04`` → ``2025``), or ``undated`` for a date not known."""
    year = date[:4]
    return year if year.isdigit() else "undated"


def by_day(elections: list[Election]) -> list[list[Election]]:
    """``elections`` in the order given, those of one day that follow one another together."""
    days: list[list[Election]] = []
    for election in elections:
        if days and days[-1][0].date == election.date:
            days[-1].append(election)
        else:
            days.append([election])
    return days


INDEX_FROM = 30
"""How many cities a state has from which its page opens with an A to Z index of them."""


def initial(name: str) -> str:
    """The letter a name is indexed under: its first letter without accents, or ``#``."""
    letter = unicodedata.normalize("NFKD", name)[:1].upper()
    return letter if "A" <= letter <= "Z" else "#"


@dataclass(frozen=True)
class Letter:
    """A letter of a state's A to Z index of its cities: where the first city under it is."""

    letter: str
    url: str
    """The part of the series the city is on."""
    id: str
    """The id the city's entry has on that page."""
    city: str
    """The city's id."""


def a_to_z(pieces: list[list[City]], series: Series) -> list[tuple[str, list[Letter]]]:
    """The index of a state's cities, those with elections and the others, each under their first letter."""
    # The groups' names are translated where the page prints them.
    with_elections, other_cities = i18n.N_("With elections"), i18n.N_("Other cities")
    groups: dict[str, dict[str, Letter]] = {with_elections: {}, other_cities: {}}
    for piece, part in zip(pieces, series.parts, strict=True):
        for city in piece:
            group, prefix = (with_elections, "elections") if city.elections else (other_cities, "others")
            letter = initial(city.name)
            anchor = f"{prefix}-{letter.lower() if letter != '#' else 'other'}"
            groups[group].setdefault(letter, Letter(letter, part.url, anchor, city.id))
    return [(group, list(letters.values())) for group, letters in groups.items() if letters]


def election_words(election: Election, locale: str = formats.LOCALE) -> str:
    """An election in a sentence, by its date when a source gives it: ``March 2, 2027 general election``
    (as the ``election_words`` macro writes it)."""
    phrase = election_phrase(election, locale)
    if not election.dated:
        undated = i18n.gettext(UNDATED, locale).lower()
        return i18n.gettext("%(election)s (%(date)s)", locale) % {"election": phrase, "date": undated}
    date = fuzzy_date(election.date, locale)
    # A day and a month or a year take different words in some languages ("del 2 de marzo", "de marzo de 2027").
    if election.day:
        words = i18n.pgettext("an election on a day", "%(date)s %(election)s", locale)
        return words % {"election": phrase, "date": date}
    return i18n.gettext("%(date)s %(election)s", locale) % {"election": phrase, "date": date}


def gap(what: str, lacking: int, total: int, items: str = "", locale: str = formats.LOCALE) -> str:
    """One thing a page's records lack, for the page's one note on what is not recorded (the ``missing``
    macro): ``what`` when none of the ``total`` items has it, with how many lack it when only some do, and
    nothing when every item has it."""
    if not lacking:
        return ""
    # Plain text, escaped where the page prints it, as a translated string from a template is not.
    what, items = str(what), str(items)
    if lacking >= total:
        return what
    items = items or i18n.gettext("candidates", locale)
    # Here some but not all of the items lack it, so there are at least two: ``items`` is a plural noun.
    message = i18n.gettext("%(what)s (%(lacking)s of %(total)s %(items)s)", locale)
    return message % {"what": what, "lacking": lacking, "total": total, "items": items}


_SCRIPT_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def json_in_script(text: str) -> str:
    """JSON text safe inside an HTML ``<script>``: no character can end the element, open a comment or,
    for an older JavaScript reader, end a line inside a string."""
    return text.translate(_SCRIPT_ESCAPES)


def structured_data(data: dict[str, Any]) -> str:
    """``data`` as the JSON-LD of a page's ``<script type="application/ld+json">``: compact, its keys in order, safe
    inside the element (:func:`json_in_script`)."""
    return json_in_script(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")))


@dataclass
class TopicEntry:
    """What one candidate says on a topic: their positions on it, and their answers to questions about it."""

    candidate: Candidate
    positions: list[Position] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)


class SourceNotes:
    """The sources a printed page cites, numbered in the order they are first cited, so that each is printed
    once in full at the end of the page and cited by its number where it is used.

    A template makes one for each rendering (the ``source_notes`` global) and numbers a source as it cites it;
    sources with the same address are one note."""

    def __init__(self) -> None:
        self.sources: list[Source] = []
        self._numbers: dict[tuple[str | None, ...], int] = {}

    def number(self, source: Source) -> int:
        """The note number of ``source``, given it the first time it is cited."""
        key = (source.url,) if source.url else (source.title, source.author, source.publisher, source.date)
        number = self._numbers.get(key)
        if number is None:
            self.sources.append(source)
            number = self._numbers[key] = len(self.sources)
        elif source.title and not self.sources[number - 1].title:
            self.sources[number - 1] = source  # the same address, now with its title: print the fuller one
        return number


class CompiledTemplates(jinja2.BytecodeCache):
    """The page templates compiled once a process, in memory: a preview's rebuild after each edit (and every
    build of a test run) uses them again instead of compiling them anew.  Jinja compares each template's
    source with the one it compiled, so an edited template is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()


class PageBuilder:
    """Renders each page of the directory from its template."""

    def __init__(
        self,
        directory: Directory,
        settings: Settings,
        feeds: FeedLinks | None = None,
        locale: str = formats.LOCALE,
        measure: PageBuilder | None = None,
    ) -> None:
        self.directory = directory
        self.settings = settings
        self.feeds = feeds or FeedLinks()
        self.locale = locale
        """The locale the pages are written for: their words (:mod:`site_builder.site.i18n`), dates and numbers."""
        self.language = i18n.language_of(locale)
        self.measure = measure or self
        """The builder whose pages' lengths decide where a long list is split: the English one for every
        language, so that each page in English has its page in every other language, at the same address."""
        self._kept: dict[str, Any] = {}
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([*settings.template_dirs, TEMPLATES]),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            bytecode_cache=COMPILED,
            extensions=["jinja2.ext.i18n"],
        )
        self.env.install_gettext_translations(i18n.translations(locale), newstyle=True)  # type: ignore[attr-defined]
        self.env.filters.update(
            code=inline_code,
            md=render_markdown,
            safe_url=safe_url,
            web_url=web_url,
            date=partial(formats.date, locale=locale),
            label=self.label,
            words=partial(formats.words, locale=locale),
            number=partial(formats.number, locale=locale),
            percent=partial(formats.percent, locale=locale),
            share=partial(formats.share, locale=locale),
            # A translated string as plain text, escaped where it is printed (``_()`` gives it as markup).
            text=str,
        )
        self.env.globals.update(
            settings=settings,
            today=settings.today,
            directory=directory,
            urls=urls,
            link_rel=LINK_REL,
            rounds_chart=partial(rounds_chart, locale=locale),
            rounds_rows=rounds_rows,
            final_round_of=final_round,
            stale_after_days=load_schema().stale_after_days,
            source_notes=SourceNotes,
            absolute=self.absolute,
            gap=partial(gap, locale=locale),
            translated=self.translated,
            translation=self.translation,
            topic_name=self.topic_name,
            record_language=None if self.language == i18n.ENGLISH else i18n.ENGLISH,
            # What the pages call elections, races and officeholders, in their language (phrases.py).
            **{
                phrase.__name__: partial(phrase, locale=locale)
                for phrase in (
                    election_phrase,
                    election_title,
                    incumbency_words,
                    race_heading,
                    candidates_shown,
                    day_rule,
                    standing,
                    publisher,
                    limited_voting,
                )
            },
        )

    def gettext(self, message: str) -> str:
        """``message`` in the pages' language."""
        return i18n.gettext(message, self.locale)

    def translation(self, record: Any) -> Any:
        """A record's own translation into the pages' language (its ``translations`` item in it), or None."""
        if self.language == i18n.ENGLISH:
            return None
        return next((t for t in record.linked.get("translations", ()) if t["language"] == self.language), None)

    def translated(self, record: Any, field: str) -> str:
        """A record's ``field`` in the pages' language where the record gives its own translation, else as the
        record gives it: record text is never translated by the site."""
        translation = self.translation(record)
        own = translation.values.get(field) if translation is not None else None
        return str(own or getattr(record, field))

    def topic_name(self, topic: Topic) -> Markup:
        """A topic's name in a page's text: in the pages' language where its record translates it, or else as the
        record gives it, marked as English for a screen reader on a page in another language."""
        translation = self.translation(topic)
        own = translation.values.get("name") if translation is not None else None
        if own or self.language == i18n.ENGLISH:
            return escape(own or topic.name)
        return Markup('<span lang="{}">{}</span>').format(i18n.ENGLISH, topic.name)

    def label(self, value: str | None, field: str | None = None) -> str:
        """How an allowed value of the descriptor (of ``field``: ``cities.government``) is shown, in the pages'
        language."""
        return i18n.value_label(value, field, self.locale)

    def span(self, first: str, last: str) -> str:
        """The part of a series from ``first`` to ``last``: ``Albany to Zion``."""
        return self.gettext("%(first)s to %(last)s") % {"first": first, "last": last}

    def localised(self, url: str) -> str:
        """``url`` in the pages' language: a page written in it is in the language's folder; a download, a
        feed and the contributors' pages are the same for every language."""
        return urls.in_language(url, self.language)

    def render(self, template: str, url: str, **context: Any) -> str:
        here = self.localised(url)

        def link(target: Any) -> str:
            address = self.race_url(target) if isinstance(target, Race) else urls.url_for(target)
            return urls.relative(here, self.localised(address))

        def on_city_page(race: Race) -> str:
            return urls.relative(here, self.localised(self.race_on_city_page(race)))

        html = self.env.get_template(template).render(link=link, on_city_page=on_city_page, page_url=url, **context)
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
        entry: SearchEntry = NOT_INDEXED,
        feed: FeedLink | None = None,
        **context: Any,
    ) -> Page:
        """The page at ``url``; search indexes its text (unless ``search`` is false) with ``entry``'s filters,
        result fields and weighted words (see :mod:`site_builder.site.search`)."""
        body = self.render(template, url, feed=feed, **context)
        path = urls.page_path(self.localised(url))
        return Page(path, title, description, body, search, kind, entry, feed, self.language)

    def feed(self, link: FeedLink | None, title: str) -> FeedLink | None:
        """A feed of changes as a page in the pages' language names it (the feed itself is written in English)."""
        return FeedLink(link.url, title) if link is not None else None

    def absolute(self, url: str) -> str:
        """The page at ``url`` on the published site, to print in full; nothing when the site's address is not set."""
        return urls.absolute(self.settings.site_url, self.localised(url)) if self.settings.site_url else ""

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
                "page": urls.absolute(self.settings.site_url, self.localised(page_url)),
            }
        )
        return f"{self.settings.repo_url.rstrip('/')}/issues/new?{query}"

    @cached_property
    def upcoming(self) -> list[Election]:
        return [e for e in self.directory.elections if e.is_upcoming(self.settings.today)]

    def recent(self, count: int) -> list[Election]:
        """The ``count`` elections held last, latest first, the largest (by votes cast) first of those of one day."""
        held = [e for e in self.directory.elections if e.is_past(self.settings.today)]
        by_size = sorted(held, key=lambda e: -e.votes_cast)
        return sorted(by_size, key=lambda e: e.date, reverse=True)[:count]

    def subscribe_url(self, url: str) -> str:
        """The ``webcal://`` address of the calendar at ``url``, for calendar apps to subscribe to."""
        return urls.webcal(self.settings.site_url, url)

    def hubs(self) -> Iterator[Page]:
        d = self.directory
        yield self.page(
            urls.home(),
            "home.html",
            self.gettext("City Candidates"),
            self.gettext(
                "Find the candidates in your city's elections: who is running, where they stand, who backs them."
            ),
            "home",
            feed=self.feed(self.feeds.directory, self.gettext("Changes in the City Candidates directory")),
            upcoming=self.upcoming[:10],
            recent=[] if self.upcoming else self.recent(10),
            states=d.states,
            state_days=[
                (state, days)
                for state in d.state_records.values()
                if (days := state.next_days(self.settings.today)) and state.id in d.states
            ],
        )
        yield self.page(
            urls.cities(),
            "cities.html",
            self.gettext("Cities"),
            self.gettext("Every city in the directory, by state."),
            "hub",
            states=d.states,
        )
        yield self.page(
            urls.elections(),
            "elections.html",
            self.gettext("Elections"),
            self.gettext(
                "City elections by state: upcoming election days first, then recent ones, each state's with results."
            ),
            "hub",
            states=self.election_days(),
            subscribe=self.subscribe_url(urls.calendar()),
        )
        yield self.page(
            urls.topics(),
            "topics.html",
            self.gettext("Topics"),
            self.gettext("Where candidates stand, topic by topic."),
            "hub",
            topics=d.topics,
        )
        yield self.page(
            urls.organizations(),
            "organizations.html",
            self.gettext("Organisations"),
            self.gettext("The organisations that endorse candidates, and whom they endorsed."),
            "hub",
            organizations=d.organizations,
        )
        yield self.page(
            urls.data(),
            "data.html",
            self.gettext("Open data"),
            self.gettext("Download the directory as a Frictionless Data Package of CSV files or as calendars."),
            "hub",
            search=False,
            tables=self._table_names(),
            subscribe=self.subscribe_url(urls.calendar()),
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

    def fits(self, template: str, url: str, **context: Any) -> int:
        """The length of a page's body with this context, not yet part of a series, as :attr:`measure` writes it."""
        return len(self.measure.render(template, url, series=ALONE, **context))

    def split(self, items: list[T], size: Callable[[list[T]], int]) -> list[list[T]]:
        return split(items, size, self.settings.page_budget)

    def once(self, url: str, make: Callable[[], T]) -> T:
        """Where the series of pages at ``url`` (its first page's address) is split, as ``make`` works it out:
        once for every language, since the :attr:`measure` builder keeps it, so that a language's pages split
        where the English ones do without measuring them again."""
        kept = self.measure._kept
        if url not in kept:
            kept[url] = make()
        return cast(T, kept[url])

    def series(
        self,
        pieces: list[T],
        template: str,
        kind: str,
        label: Callable[[int, T], str],
        url: Callable[[int, T], str],
        page: Callable[[T, Series], PartPage],
    ) -> Iterator[Page]:
        """The pages of a list split into ``pieces``, a series whose parts ``label`` names and ``url`` places
        (given each piece and its number from 1); ``page`` gives a piece's title, description and context, given
        the series as seen from its page."""
        series = Series(tuple(Part(label(n, piece), url(n, piece)) for n, piece in enumerate(pieces, 1)))
        for index, piece in enumerate(pieces):
            at = series.at(index)
            title, description, context = page(piece, at)
            yield self.page(
                at.current.url, template, title, description, kind, series=at, part_number=index + 1, **context
            )

    @cached_property
    def elections_by_state(self) -> dict[str, list[Election]]:
        grouped: dict[str, list[Election]] = {code: [] for code in self.directory.states}
        for election in self.directory.elections:
            grouped[election.city.state].append(election)
        return {code: elections for code, elections in grouped.items() if elections}

    def election_days(self) -> list[dict[str, Any]]:
        """Each state with elections: its upcoming election days (soonest first) and its past ones (latest first)."""
        rows = []
        for code, elections in self.elections_by_state.items():
            today = self.settings.today
            upcoming = sorted({e.date for e in elections if e.is_upcoming(today)})
            past = sorted({e.date for e in elections if e.dated and not e.is_upcoming(today)}, reverse=True)
            rows.append(
                {"code": code, "name": STATES[code], "count": len(elections), "upcoming": upcoming, "past": past}
            )
        return rows

    def state_elections(self, code: str) -> Iterator[Page]:
        """A state's elections on one page, or, when they would not fit, a page per year, newest first (and more
        for a long year, its latest days first, one day's elections kept together when they fit one page)."""
        name = STATES[code]
        elections = newest_first(self.elections_by_state.get(code, []))

        def context(part: list[Election]) -> dict[str, Any]:
            today = self.settings.today
            upcoming = sorted((e for e in part if e.is_upcoming(today)), key=lambda e: e.date)
            past = [e for e in part if e.is_past(today)]
            undated = [e for e in part if not e.dated]
            return {
                "state": code,
                "state_name": name,
                "upcoming": by_day(upcoming),
                "past": by_day(past),
                "undated": undated,
            }

        def size(part: list[Election]) -> int:
            return self.fits("state-elections.html", urls.state_elections(code), **context(part))

        def by_year() -> list[tuple[str, list[list[Election]]]]:
            if size(elections) <= self.settings.page_budget:
                return []
            years: dict[str, list[Election]] = {}
            for election in elections:
                years.setdefault(year_of(election.date), []).append(election)
            split_years = []
            for year, of_year in years.items():
                days = by_day(of_year)
                pieces: list[list[Election]] = []
                for piece in self.split(days, lambda part: size([e for day in part for e in day])):
                    flat = [e for day in piece for e in day]
                    pieces.extend(self.split(flat, size) if len(piece) == 1 else [flat])
                split_years.append((year, pieces))
            return split_years

        years = self.once(urls.state_elections(code), by_year)
        parts: list[tuple[str, str, list[Election]]] = []
        if not years:
            parts.append(("", urls.state_elections(code), elections))
        else:
            for year, pieces in years:
                for number, flat in enumerate(pieces, 1):
                    label = (
                        year
                        if len(pieces) == 1
                        else self.gettext("%(year)s, part %(number)s") % {"year": year, "number": number}
                    )
                    parts.append((label, urls.state_elections(code, year, number), flat))
            first_label, _, first_items = parts[0]
            parts[0] = (first_label, urls.state_elections(code), first_items)

        def page(part: tuple[str, str, list[Election]], series: Series) -> PartPage:
            label, _, items = part
            where = name + (f", {label}" if label else "")
            return PartPage(
                self.gettext("Elections in %(where)s") % {"where": where},
                self.gettext("City elections in %(where)s, with their races and results.") % {"where": where},
                {"entry": elections_entry(name, items, self.locale), **context(items)},
            )

        yield from self.series(
            parts, "state-elections.html", "state-elections", lambda _, part: part[0], lambda _, part: part[1], page
        )

    def states(self, state: str, cities: list[City]) -> Iterator[Page]:
        """A state's page with its list of cities, split into a series when the list is long."""
        name = cities[0].state_name
        record = self.directory.state_records.get(state)
        cities = [c for c in cities if c.elections] + [c for c in cities if not c.elections]
        context: dict[str, Any] = {
            "state": state,
            "state_name": name,
            "state_record": record,
            "next_days": record.next_days(self.settings.today) if record else [],
            "coverage": state_coverage(cities, self.settings.today),
            "index": [],
            "anchors": {},
        }
        pieces = self.once(
            urls.state(state),
            lambda: self.split(
                cities, lambda part: self.fits("state.html", urls.state(state), cities=part, part_number=1, **context)
            ),
        )

        def page(piece: list[City], series: Series) -> PartPage:
            # Every part has the index of the whole list, which tells on which part each city is.
            index = a_to_z(pieces, series) if len(cities) >= INDEX_FROM else []
            anchors = {letter.city: letter.id for _, letters in index for letter in letters}
            first, label = series.index == 0, series.current.label
            return PartPage(
                name if first else self.gettext("%(state)s: cities %(part)s") % {"state": name, "part": label},
                self.gettext("City elections and candidates in %(state)s.") % {"state": name}
                if first
                else self.gettext("Cities in %(state)s: %(part)s.") % {"state": name, "part": label},
                {**context, "cities": piece, "index": index, "anchors": anchors},
            )

        yield from self.series(
            pieces,
            "state.html",
            "state",
            lambda _, piece: self.span(piece[0].name, piece[-1].name),
            lambda number, _: urls.state_cities(state, number),
            page,
        )

    def city_context(self, city: City) -> dict[str, Any]:
        return {
            "city": city,
            "edit_url": self.edit_url(f"cities/{city.id}.yml"),
            "correction_url": self.correction_url(city.label, urls.city(city)),
            "calendar": urls.calendar(city),
            "subscribe": self.subscribe_url(urls.calendar(city)),
            "json_ld": self.city_json_ld(city),
            "feed": self.feed(
                self.feeds.cities.get(city.id), self.gettext("Changes in %(city)s") % {"city": city.label}
            ),
            "coverage": city_coverage(city, self.settings.today),
        }

    def city_parts(self, city: City) -> list[list[Election]]:
        """The city's elections as its pages hold them: all on its page, or, when they would not fit, the older
        ones on further pages of a series, and an election that alone would not fit split by its races (worked out
        once a city)."""

        def make() -> list[list[Election]]:
            context = self.city_context(city)

            def size(part: list[Election]) -> int:
                return self.fits("city.html", urls.city(city), elections=part, part_number=1, **context)

            parts: list[list[Election]] = []
            for piece in self.split(city.upcoming_first(self.settings.today), size):
                if len(piece) != 1 or size(piece) <= self.settings.page_budget:
                    parts.append(piece)
                    continue
                # One election too large for a page (New York's party primary of 49 races): its races in parts,
                # and a race too crowded for one (500 candidates for mayor) its candidates in parts.
                races = self._split_races(piece[0], size)
                parts += [piece] if len(races) == 1 else [[piece[0].with_races(part)] for part in races]
            return parts

        return self.once(urls.city(city), make)

    def _split_races(self, election: Election, size: Callable[[list[Election]], int]) -> list[list[Race]]:
        """An election's races in as few parts as keep each one's page within the budget; a race whose candidates
        alone pass it is split into parts of its candidates (:meth:`Race.with_candidacies`)."""
        return self.split_races(
            self.races_in_parts(election.races, lambda race: size([election.with_races([race])])),
            lambda part: size([election.with_races(part)]),
        )

    def split_races(self, races: list[Race], size: Callable[[list[Race]], int]) -> list[list[Race]]:
        """``races`` in parts that keep each page within the budget: of about equal length, or, when a crowded
        race is split by its candidates (:meth:`races_in_parts`), each as full as fits, so that a race of few
        candidates beside it does not get a page of its own."""
        if any(race.whole for race in races):
            return pack(races, size, self.settings.page_budget)
        return self.split(races, size)

    def races_in_parts(self, races: list[Race], size: Callable[[Race], int]) -> list[Race]:
        """``races`` in their order, each race whose ``size`` alone passes the page budget replaced by the parts of
        its candidates that keep within it."""

        def parts(race: Race) -> list[Race]:
            if len(race.candidacies) <= CROWDED or size(race) <= self.settings.page_budget:
                return [race]
            pieces = self.split(race.candidacies, lambda part: size(race.with_candidacies(part)))
            return [race.with_candidacies(piece) for piece in pieces]

        return [part for race in races for part in parts(race)]

    def race_url(self, race: Race) -> str:
        """Where a link to a race leads: its comparison where it has one, else the race on its city's pages."""
        if race.compared(self.settings.today):
            return urls.compare(race)
        return self.race_on_city_page(race)

    def race_on_city_page(self, race: Race) -> str:
        """The race on its city's pages, where every candidate's count and the rounds are given."""
        parts = self.city_parts(race.election.city)
        number = next(
            n for n, part in enumerate(parts, 1) if any(race in (r.whole or r for r in e.races) for e in part)
        )
        return urls.race_anchor(race, number)

    def city(self, city: City) -> Iterator[Page]:
        """A city's page; when its elections would not fit, the older ones go on further pages of a series."""
        context = self.city_context(city)
        pieces = self.city_parts(city)

        def years(piece: list[Election]) -> str:
            dated = [year_of(e.date) for e in piece if e.dated]
            newest = max(dated, default=year_of(piece[0].date))
            oldest = year_of(piece[-1].date) if not piece[-1].dated else min(dated)
            return newest if newest == oldest else self.span(newest, oldest)

        def races(piece: list[Election]) -> str:
            shown = piece[0].races
            first, last = part_title(shown[0], self.locale), part_title(shown[-1], self.locale)
            return first if len(shown) == 1 else self.span(first, last)

        labels = [years(piece) if piece else "" for piece in pieces]
        # The parts of one election split by its races (copies of it holding some races) are told apart by them.
        labels = [
            f"{label}: {election_title(piece[0], self.locale)}, {races(piece)}"
            if piece and piece[0] not in city.elections
            else label
            for label, piece in zip(labels, pieces, strict=True)
        ]
        # Parts of one year (a day's party primaries, each on a page of its own) are told apart by their elections.
        labels = [
            f"{label}: {', '.join(election_title(e, self.locale) for e in piece)}"
            if piece and labels.count(label) > 1
            else label
            for label, piece in zip(labels, pieces, strict=True)
        ]

        def page(piece: list[Election], series: Series) -> PartPage:
            first, label = series.index == 0, series.current.label
            return PartPage(
                city.label
                if first
                else self.gettext("%(city)s: elections, %(part)s") % {"city": city.label, "part": label},
                self.gettext(
                    "Elections and candidates in %(city)s, %(state)s: races, platforms, endorsements and how to vote."
                )
                % {"city": city.name, "state": city.state_name}
                + ("" if first else self.gettext(" Elections of %(part)s.") % {"part": label}),
                # The further parts hold only elections, which the search skips (see city.html).
                {"search": first, "entry": city_entry(city, self.locale), "elections": piece, **context},
            )

        yield from self.series(
            pieces,
            "city.html",
            "city",
            lambda number, _: labels[number - 1],
            lambda number, _: urls.city_elections(city, number),
            page,
        )

    def guides(self, city: City) -> Iterator[Page]:
        """A printable guide to each of the city's elections where one adds to its page (:meth:`Election.guided`)."""
        for election in city.elections:
            if election.guided(self.settings.today):
                yield from self.guide(election)

    def guide(self, election: Election) -> Iterator[Page]:
        """One election on paper: every race and candidate, what they say and who backs them, how to vote and
        every source in full; split by races into a series when it would not fit one page."""
        city = election.city
        words = election_words(election, self.locale)
        title = self.gettext("Voter guide: %(city)s, %(election)s") % {"city": city.label, "election": words}
        context: dict[str, Any] = {"city": city, "election": election, "words": words, "city_url": urls.city(city)}

        def size(part: list[Race]) -> int:
            return self.fits("guide.html", urls.guide(election), races=part, part_number=1, **context)

        pieces = self.once(
            urls.guide(election),
            lambda: self.split_races(self.races_in_parts(election.races, lambda race: size([race])), size),
        )

        def page(piece: list[Race], series: Series) -> PartPage:
            label = (
                ""
                if len(pieces) == 1
                else self.gettext(", part %(number)s of %(total)s: %(label)s")
                % {"number": series.index + 1, "total": len(pieces), "label": series.current.label}
            )
            description = self.gettext(
                "A printable guide to the %(election)s in %(city)s, %(state)s%(part)s: every race and candidate, "
                "their positions and endorsements, how to vote, and the sources in full."
            )
            return PartPage(
                title + label,
                description % {"election": words, "city": city.name, "state": city.state_name, "part": label},
                {"search": False, "races": piece, **context},
            )

        yield from self.series(
            pieces,
            "guide.html",
            "guide",
            lambda _, piece: (
                part_title(piece[0], self.locale)
                if len(piece) == 1
                else self.span(part_title(piece[0], self.locale), part_title(piece[-1], self.locale))
            ),
            lambda number, _: urls.guide(election, number),
            page,
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
        return structured_data(data)

    def candidate(self, candidate: Candidate) -> Page:
        latest = candidate.latest
        where = {"name": candidate.name, "race": latest.race.title, "city": candidate.city.label}
        description = self.gettext("%(name)s, candidate for %(race)s in %(city)s: platform, endorsements and sources.")
        return self.page(
            urls.candidate(candidate),
            "candidate.html",
            self.gettext("%(name)s – %(race)s, %(city)s") % where,
            description % where,
            "candidate",
            entry=candidate_entry(candidate, self.locale),
            candidate=candidate,
            latest=latest,
            edit_url=self.edit_url(candidate.path),
            correction_url=self.correction_url(candidate.name, urls.candidate(candidate)),
            json_ld=self.json_ld(candidate),
        )

    def json_ld(self, candidate: Candidate) -> str:
        # Each address once: a record may list its campaign's website again among its links.
        same_as = list(
            dict.fromkeys(u for u in [candidate.website, *(link.url for link in candidate.links)] if safe_url(u))
        )
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": candidate.name,
            "homeLocation": {"@type": "City", "name": candidate.city.label},
            "description": self.gettext("Candidate for %(race)s in %(city)s")
            % {"race": candidate.latest.race.title, "city": candidate.city.label},
        }
        if self.settings.site_url:
            data["url"] = self.absolute(urls.candidate(candidate))
        if same_as:
            data["sameAs"] = same_as
        if candidate.photo_url and safe_url(candidate.photo_url):
            data["image"] = candidate.photo_url
        return structured_data(data)

    def compare(self, race: Race) -> Iterator[Page]:
        """A race's candidates side by side: each one's status, result, incumbency, party and endorsements, the
        race's results and rounds, then topic by topic what each says; when the topics would not fit one page,
        the later ones go on further pages of a series."""
        election = race.election
        city = election.city
        when = election_words(election, self.locale)
        context: dict[str, Any] = {
            "election": election,
            "city": city,
            "correction_url": self.correction_url(f"{race.title}, {city.label}, {when}", urls.compare(race)),
        }

        def size(group: Race, topics: list[Topic]) -> int:
            return self.fits(
                "compare.html", urls.compare(race), race=group, topics=topics, part_number=1, cards=True,
                json_ld=self.compare_json_ld(group, when), **context,
            )  # fmt: skip

        def topic_parts(group: Race) -> list[list[Topic]]:
            return self.split(group.topics, lambda part: size(group, part))

        # A race too crowded for one page (500 candidates for mayor) is compared a group of its candidates at a time.
        groups = self.once(
            urls.compare(race),
            lambda: [
                (group, topic_parts(group))
                for group in self.races_in_parts([race], lambda group: size(group, group.topics))
            ],
        )

        def label(group: Race, piece: list[Topic], several: bool) -> str:
            names = [self.translated(topic, "name") for topic in piece]
            topics = "" if not names else names[0] if len(names) == 1 else self.span(names[0], names[-1])
            if len(groups) == 1:
                return topics
            shown = candidates_shown(group, self.locale)
            return f"{shown}, {topics}" if several and topics else shown

        # Each piece: the group of candidates, its topics on the page, whether the page opens with the group's
        # cards (the first of the group's pages), and the piece's label in the series.
        pieces = [
            (group, piece, n == 0, label(group, piece, len(parts) > 1))
            for group, parts in groups
            for n, piece in enumerate(parts)
        ]
        where = {"race": race.title, "city": city.label, "election": when}
        title = self.gettext("Compare the candidates: %(race)s, %(city)s, %(election)s") % where
        description = (
            self.gettext(
                "The candidates for %(race)s in %(city)s, in the %(election)s, side by side: status, results, "
                "endorsements and positions, with sources."
            )
            % where
        )

        def page(piece: tuple[Race, list[Topic], bool, str], series: Series) -> PartPage:
            group, topics, cards, _ = piece
            first, shown = series.index == 0, series.current.label
            return PartPage(
                title
                if first
                else (self.gettext("%(title)s: %(part)s") if cards else self.gettext("%(title)s: positions, %(part)s"))
                % {"title": title, "part": shown},
                description
                if first
                else (
                    self.gettext("%(description)s %(part)s.")
                    if cards
                    else self.gettext("%(description)s Positions on %(part)s.")
                )
                % {"description": description, "part": shown},
                {
                    "search": False,
                    "race": group,
                    "topics": topics,
                    "cards": cards,
                    "json_ld": self.compare_json_ld(group, when) if cards else "",
                    **context,
                },
            )

        yield from self.series(
            pieces, "compare.html", "compare", lambda _, piece: piece[3], lambda n, _: urls.compare(race, n), page
        )

    def compare_json_ld(self, race: Race, when: str) -> str:
        """The race's candidates as a schema.org list of people, in the order the page gives them."""
        people = []
        for number, candidacy in enumerate(race.candidacies, race.first):
            person: dict[str, Any] = {"@type": "Person", "name": candidacy.candidate.name}
            if self.settings.site_url:
                person["url"] = urls.absolute(self.settings.site_url, urls.candidate(candidacy.candidate))
            people.append({"@type": "ListItem", "position": number, "item": person})
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ItemList",
            "name": self.gettext("Candidates for %(race)s in %(city)s, %(election)s")
            % {"race": race.title, "city": race.election.city.label, "election": when},
            "numberOfItems": len((race.whole or race).candidacies),  # of the whole list, on a page of a part
            "itemListElement": people,
        }
        return structured_data(data)

    def topic(self, topic: Topic) -> Iterator[Page]:
        """A topic's summary by state, then for each state the candidates with a position on the topic or an answer
        to a questionnaire's question on it, city by city, each name linking to what they said."""
        by_candidate: dict[int, TopicEntry] = {}
        for position in topic.positions:
            entry = by_candidate.setdefault(id(position.candidate), TopicEntry(position.candidate))
            entry.positions.append(position)
        for question in topic.questions:
            for answer in question.answers:
                by_candidate.setdefault(id(answer.candidate), TopicEntry(answer.candidate)).answers.append(answer)
        ordered = sorted(by_candidate.values(), key=lambda e: (e.candidate.city.name, e.candidate.name, e.candidate.id))
        by_state: dict[str, list[TopicEntry]] = {}
        for entry in ordered:
            by_state.setdefault(entry.candidate.city.state, []).append(entry)
        states = [
            {
                "code": code,
                "name": STATES[code],
                "cities": len({id(e.candidate.city) for e in entries}),
                "candidates": len(entries),
                "positions": sum(len(e.positions) for e in entries),
                "answers": sum(len(e.answers) for e in entries),
            }
            for code, entries in sorted(by_state.items(), key=lambda item: STATES[item[0]])
        ]
        title = self.translated(topic, "name")
        yield self.page(
            urls.topic(topic),
            "topic.html",
            title,
            self.gettext("Where candidates stand on %(topic)s, state by state.") % {"topic": title.lower()},
            "topic",
            topic=topic,
            states=states,
            answered=any(s["answers"] for s in states),
        )
        for code, entries in by_state.items():
            yield from self.topic_state(topic, code, entries)

    def topic_state(self, topic: Topic, code: str, entries: list[TopicEntry]) -> Iterator[Page]:
        name = STATES[code]
        title = self.translated(topic, "name")
        today = self.settings.today
        # Told by each entry's candidate, whom every language's builder shares, not by the entry: another
        # language's pages are split where the English ones are (:meth:`once`), so its parts hold the English
        # builder's entries.
        weighed = {id(entry.candidate) for entry in entries if entry.candidate.before_voters(today)}
        answered = any(entry.answers for entry in entries if id(entry.candidate) in weighed)
        current = bool(weighed)
        held = len(weighed) < len(entries)

        def context(part: list[TopicEntry]) -> dict[str, Any]:
            """The part's cities, each with the entries of its candidates voters still have to weigh, then those of
            its earlier candidates."""
            cities: list[tuple[City, list[TopicEntry], list[TopicEntry]]] = []
            for entry in part:
                if not cities or cities[-1][0] is not entry.candidate.city:
                    cities.append((entry.candidate.city, [], []))
                _, full, named = cities[-1]
                (full if id(entry.candidate) in weighed else named).append(entry)
            return {
                "topic": topic,
                "state": code,
                "state_name": name,
                "cities": cities,
                "answered": answered,
                "current": current,
                "held": held,
            }

        pieces = self.once(
            urls.topic_state(topic, code),
            lambda: self.split(
                entries, lambda part: self.fits("topic-state.html", urls.topic_state(topic, code), **context(part))
            ),
        )

        def page(piece: list[TopicEntry], series: Series) -> PartPage:
            label = "" if len(pieces) == 1 else f": {series.current.label}"
            return PartPage(
                self.gettext("%(topic)s in %(state)s%(part)s") % {"topic": title, "state": name, "part": label},
                (
                    self.gettext(
                        "The candidates in %(state)s with a position on %(topic)s, city by city, each name linking to "
                        "what they said%(part)s."
                    )
                    if current
                    else self.gettext(
                        "The candidates in %(state)s who spoke on %(topic)s in elections already held%(part)s."
                    )
                )
                % {"topic": title.lower(), "state": name, "part": label},
                context(piece),
            )

        yield from self.series(
            pieces,
            "topic-state.html",
            "topic-state",
            lambda _, piece: self.span(piece[0].candidate.city.name, piece[-1].candidate.city.name),
            lambda number, _: urls.topic_state(topic, code, number),
            page,
        )

    def organization(self, organization: Organization) -> Iterator[Page]:
        """An organisation's page, its endorsements split into a series when there are many."""

        def groups(part: list[Endorsement]) -> list[tuple[Election, list[Endorsement]]]:
            grouped: list[tuple[Election, list[Endorsement]]] = []
            for endorsement in part:
                if not grouped or grouped[-1][0] is not endorsement.election:
                    grouped.append((endorsement.election, []))
                grouped[-1][1].append(endorsement)
            return grouped

        by_election = upcoming_first(organization.by_election, self.settings.today, lambda group: group[0])
        endorsements = [e for _, group in by_election for e in group]
        context: dict[str, Any] = {
            "organization": organization,
            "edit_url": self.edit_url(f"organizations/{organization.id}.yml"),
        }
        pieces = self.once(
            urls.organization(organization),
            lambda: self.split(
                endorsements,
                lambda part: self.fits(
                    "organization.html", urls.organization(organization), groups=groups(part), **context
                ),
            ),
        )

        def page(piece: list[Endorsement], series: Series) -> PartPage:
            label = "" if len(pieces) == 1 else f" ({series.current.label.lower()})"
            return PartPage(
                f"{organization.name}{label}",
                self.gettext("Candidates endorsed by %(name)s%(part)s.") % {"name": organization.name, "part": label},
                {"groups": groups(piece), **context},
            )

        yield from self.series(
            pieces,
            "organization.html",
            "organization",
            lambda number, _: self.gettext("Part %(number)s") % {"number": number},
            lambda number, _: urls.organization(organization, number),
            page,
        )


def build_pages(directory: Directory, settings: Settings, feeds: FeedLinks | None = None) -> list[Page]:
    """Every page of the site, or, in a one-city preview, that city's pages and the hubs, in English and then in
    each of the ``settings``' other languages; the home page and each city's pages link to the ``feeds`` of
    changes given."""
    english = PageBuilder(directory, settings, feeds)
    pages = pages_of(english)
    for language in settings.languages:
        pages.extend(pages_of(PageBuilder(directory, settings, feeds, i18n.PAGE_LOCALES[language], measure=english)))
    return pages


def pages_of(builder: PageBuilder) -> list[Page]:
    """Every page ``builder`` writes, in its language."""
    directory, settings = builder.directory, builder.settings
    keep: Callable[[City], bool] = (lambda city: city.id == settings.only) if settings.only else (lambda city: True)
    pages = list(builder.hubs())
    for state, cities in directory.states.items():
        if any(keep(city) for city in cities):
            pages.extend(builder.states(state, cities))
            pages.extend(builder.state_elections(state))
    for city in directory.cities:
        if keep(city):
            pages.extend(builder.city(city))
            pages.extend(builder.guides(city))
            pages.extend(builder.candidate(candidate) for candidate in city.candidates)
            for election in city.elections:
                for race in election.races:
                    if race.compared(settings.today):
                        pages.extend(builder.compare(race))
    if not settings.only:
        for topic in directory.topics:
            pages.extend(builder.topic(topic))
        for organization in directory.organizations:
            pages.extend(builder.organization(organization))
    # The pages written in English only (urls.ENGLISH_ONLY) are the English builder's.
    return [page for page in pages if page.language == i18n.ENGLISH or page.url.startswith(f"{page.language}/")]
