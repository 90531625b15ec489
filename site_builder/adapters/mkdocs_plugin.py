"""The MkDocs adapter: hands the build to the pipeline and lays out what it returns.

Registered as the ``candidates`` plugin.  It holds configuration and hooks only;
each hook delegates to plain-Python modules that know nothing of MkDocs.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import logging
import re
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext
from pagefind.service import get_executable

from site_builder.adapters.html import (
    compact_html,
    documentation_page,
    page_content,
    theme_fixes,
    toc_tokens,
)
from site_builder.adapters.publish import StagedOutput
from site_builder.adapters.sitemaps import Entry, page_entry, write_sitemaps
from site_builder.records.problems import render
from site_builder.records.schema import load_schema
from site_builder.site import i18n, urls
from site_builder.site.content import build_site
from site_builder.site.i18n import LANGUAGES, N_
from site_builder.site.pages import Page, Settings
from site_builder.site.search import panel_words

log = logging.getLogger("mkdocs.plugins.candidates")
TEMPLATE_FOLDER = "candidates"
"""Where in a theme folder (such as the site's ``custom_dir``) page templates that override the package's go."""
THEME_WORDS = (
    # The titles of mkdocs.yml's navigation and its copyright line, which the theme's templates translate.
    N_("Home"),
    N_("Cities"),
    N_("Elections"),
    N_("Topics"),
    N_("Organisations"),
    N_("Open data"),
    N_("Contribute"),
    N_("Data under the Open Data Commons Attribution License; code under the MIT License."),
)
ALTERNATE_LINKS_HANDLER = re.compile(
    r"(function \w+\(\{document\$:\w+\}\)\{)"
    r"(?=let \w+=new Map;\w+\.pipe\(\w+\(\(\)=>\w+\(\"link\[rel=alternate\]\"\)\))"
)
"""The start of the theme script's handler of ``<link rel="alternate">`` (Material's ``setupAlternateHandling``).

It takes every such link for the home page of a translation of the site and fetches the ``sitemap.xml`` beside
it, to keep a visitor's place when they pick a language in the theme's own selector.  The site links each page
to its own translations and to its feed, and has no such selector: the handler would fetch a missing file beside
each link on every page view.  The site's copy of the script returns from it at once (see :func:`theme_script`).
"""


class CandidatesConfig(Config):
    repository = c.Type(str, default="")
    """The repository holding the records, for "edit this record" and "report a correction" links."""
    root = c.Type(str, default=".")
    """Folder holding cities/, candidates/, organizations/ and topics/, relative to mkdocs.yml."""
    only = c.Type(str, default="")
    """A city id such as ``mn/minneapolis``: build only that city and the hub pages, for a quick preview."""
    today = c.Type((str, dt.date), default="")
    """Build as of this day (YYYY-MM-DD) instead of today, for reproducible builds."""
    branch = c.Type(str, default="main")
    """The branch that "edit this record" links open on the repository."""
    feeds = c.Type(bool, default=True)
    """Whether to publish each city's Atom feed of changes and the directory's, from the records' git history."""
    search = c.Type(bool, default=True)
    """Whether to write the search index (Pagefind's) of the built pages."""
    languages = c.ListOfItems(c.Choice(LANGUAGES), default=[])
    """The languages besides English that every voter page is also written in, each in its own folder (``es/``)."""
    index_part_bytes = c.Type(int, default=150_000_000)
    """The most bytes of pages one part of a language's search index is written from (:func:`index_parts`)."""


def _day(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if value else dt.date.today()
    except ValueError:
        raise PluginError(f"candidates: `today` must be a date written YYYY-MM-DD, not `{value}`") from None


def _template_dirs(config: MkDocsConfig) -> tuple[Path, ...]:
    """The ``candidates/`` folder of each theme folder that has one, the site's ``custom_dir`` first."""
    folders = (Path(folder) / TEMPLATE_FOLDER for folder in config.theme.dirs)
    return tuple(folder for folder in folders if folder.is_dir())


class CandidatesPlugin(BasePlugin[CandidatesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.output: StagedOutput | None = None
        self.pages: dict[str, Page] = {}
        self.sitemap: list[Entry] = []
        self.root = Path(".")

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.config.index_part_bytes <= 0:
            raise PluginError(
                f"candidates: `index_part_bytes` must be a number of bytes above 0, not {self.config.index_part_bytes}"
            )
        self.root = (Path(config.config_file_path).parent / self.config.root).resolve()
        for table in load_schema().record_tables:
            folder = self.root / str(table.folder)
            if folder.is_dir() and str(folder) not in config.watch:
                config.watch.append(str(folder))
        # The plugin writes the sitemap (:mod:`site_builder.adapters.sitemaps`), in parts, which one file of the
        # theme's could not be at a national directory's size.
        config.theme.static_templates.discard("sitemap.xml")
        self.sitemap = []
        if self.command == "build":
            self.output = StagedOutput(Path(config.site_dir))
            config.site_dir = str(self.output.start())
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        settings = Settings(
            repo_url=self.config.repository,
            branch=self.config.branch,
            site_url=config.site_url or "",
            today=_day(self.config.today),  # type: ignore[arg-type]
            only=self.config.only or None,
            template_dirs=_template_dirs(config),
            feeds=self.config.feeds,
            languages=tuple(self.config.languages),
        )
        content = build_site(self.root, settings)
        for problem in content.problems:
            if not problem.is_error:  # advice on a record (`validate` reports it): no reason to stop a strict build
                log.info(problem.as_text())
        for notice in content.notices:
            log.warning(notice.as_text())
        if not content.ok:
            raise PluginError(
                "The records have errors; nothing was built:\n"
                + render([p for p in content.problems if p.is_error], "text", content.files)
            )
        self.pages = {page.path: page for page in content.pages}
        # The states the 404 page lists: the first page of each state's.
        config.extra["states"] = [
            (page.title, page.url) for page in content.pages if page.kind == "state" and page.url.count("/") == 1
        ]
        # A page's file holds nothing: the body, which MkDocs has no use for until it lays the page out,
        # is handed over then and let go once the page is written, so a build holds each body once.
        for page in content.pages:
            files.append(File.generated(config, page.path, content=""))
        for download in content.downloads:
            files.append(File.generated(config, download.path, content=download.content))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        model = self.pages.get(page.file.src_uri)
        if model is None:
            return markdown
        # The theme writes titles and descriptions into HTML (and the search index) without
        # escaping them; record text must reach it as inert text.
        page.meta["title"] = html.escape(model.title)
        page.meta["description"] = html.escape(model.description)
        page.meta["template"] = PAGE_TEMPLATE
        if not model.toc or model.kind in LEAD_CONTENTS:
            page.meta["hide"] = ["toc"]
        # For the theme's words (overrides/partials/language.html), the <html lang> and the links to the page in
        # every language (overrides/main.html, the language switch, the sitemap).
        page.meta["language"] = model.language
        page.meta["alternates"] = self.alternates(model)
        if model.feed is not None:
            # For the <link rel="alternate"> of overrides/main.html: a site-root address and inert text.
            page.meta["feed"] = {"url": model.feed.url, "title": html.escape(model.feed.title)}
        # A generated page is finished HTML: Markdown would only parse it to hand it back
        # unchanged, so it gets nothing to convert and the HTML is put back afterwards.
        return ""

    def alternates(self, model: Page) -> list[tuple[str, str]]:
        """The page in each language the site is written in, English first, as (language, address) pairs."""
        english = urls.in_english(model.url, model.language)
        return [(language, urls.in_language(english, language)) for language in (i18n.ENGLISH, *self.config.languages)]

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        return theme_env(env, config, self.config.languages)

    def on_page_content(self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        model = self.pages.get(page.file.src_uri)
        return documentation_page(html) if model is None else ""

    @event_priority(-50)
    def on_page_context(self, context: TemplateContext, /, *, page: MkDocsPage, **_: object) -> TemplateContext:
        model = self.pages.get(page.file.src_uri)
        if model is not None:
            page.content = page_content(model)
            # Its title escaped as the headings' text is: the theme writes a table of contents' names as HTML.
            page.toc = get_toc(toc_tokens(html.escape(model.title), model.toc))
        return context

    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if self.pages.pop(page.file.src_uri, None) is not None:
            page.content = None
        url = page.canonical_url or page.abs_url
        if url:
            self.sitemap.append(page_entry(url, page.meta.get("alternates", ()), config.site_url or ""))
        return compact_html(theme_fixes(output))

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        # 404.html, written from the theme's own template rather than as a page.
        return theme_fixes(output_content)

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        theme_script(site)
        write_sitemaps(site, self.sitemap, config.site_url or "")
        parts = {}
        if self.config.search:
            parts = write_search_index(site, self.config.languages, self.config.index_part_bytes)
        search_script(site, self.config.languages, parts)
        if self.output:
            self.output.finish()

    def on_build_error(self, *, error: Exception) -> None:
        if self.output:
            self.output.fail(error)

    def on_shutdown(self) -> None:
        if self.output:
            self.output.publish()
            self.output = None


def theme_env(env: Environment, config: MkDocsConfig, languages: list[str]) -> Environment:
    """The theme's templates (overrides/) given what the site's templates use besides the theme's own: the site's
    words (:func:`theme_words`) and, for the directory's page shell, the theme's stylesheets
    (:func:`theme_stylesheets`)."""
    palette = theme_palette(config)
    env.globals["theme_palette"] = palette
    env.globals["theme_stylesheets"] = theme_stylesheets(config, palette=bool(palette))
    return theme_words(env, languages)


def theme_words(env: Environment, languages: list[str]) -> Environment:
    """The theme's templates (overrides/) given the site's own words, in the language of the page being written
    (``_()``, ``ngettext()``, the ``in_language`` filter), and, for a page written in every one of ``languages``
    at once (404.html), ``translate(message, language)``."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_page_gettext, ngettext=_page_ngettext, newstyle=True
    )
    env.filters["in_language"] = _in_page_language
    env.globals["language_names"] = i18n.NAMES
    env.globals["translate"] = i18n.gettext
    env.globals["site_languages"] = list(languages)
    return env


def _language(context: Context) -> str:
    page = context.get("page")
    meta = getattr(page, "meta", None) or {}
    return str(meta.get("language", i18n.ENGLISH))


@pass_context
def _in_page_language(context: Context, url: str) -> str:
    """``url``, a page of the site, in the language of the page being written where the site has it there."""
    return urls.in_language(url, _language(context))


@pass_context
def _page_gettext(context: Context, message: str) -> str:
    return i18n.gettext(message, _language(context))


@pass_context
def _page_ngettext(context: Context, singular: str, plural: str, count: int) -> str:
    return i18n.ngettext(singular, plural, count, _language(context))


PAGE_TEMPLATE = "directory.html"
"""The template of every page the plugin writes (overrides/directory.html): the directory's own page shell."""
THEME_STYLESHEETS = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css")
"""The theme's stylesheets, each named with a hash of its content, that its own pages link to: its main one, and
the one of its palettes."""
THEME_DEFAULT_PALETTE = {"scheme": "default", "primary": "indigo", "accent": "indigo"}
"""The palette the theme's main stylesheet gives by itself, with neither its palette stylesheet nor the marks on a
page's body that choose a palette from it."""
LEAD_CONTENTS = {"candidate"}
"""The kinds of page whose lead links to their sections (a candidate's topics), which have no sidebar of contents."""
SEARCH_FOLDER = "pagefind"
"""Where in the site the search index and its scripts go."""
UNUSED_SEARCH_FILES = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")
"""Pagefind's own search interfaces, which the site does not use (assets/search.js is its interface)."""
SEARCH_SKIPS = ", ".join(
    (
        ".cc-breadcrumbs, .cc-cite, .cc-sources, .cc-record-footer, .cc-results, .cc-race-results",
        ".cc-ballot, .cc-endorsements, .cc-links",
        ".cc-topic-state section, .cc-organization section, .cc-state-elections ul",
    )
)
"""What of a page the search leaves out: the breadcrumbs, the sources, the record's footer and the results tables,
as a name finds the candidate's own page and a voter searches for people, places and positions, not for every
page that cites a source or lists a candidate; what a candidate's lead says already (their races, their
endorsers) or the search's own fields hold (the offices and years they ran), given again in the lists of their
page; and the lists of candidates and cities of a topic's, an organisation's and a state's elections pages, which
are found by their titles and leads.  Given to Pagefind once, in place of an attribute on each of them (a page's
search fields and a city's elections, one a page, keep theirs)."""
MERGED_PART_FILES = ("pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")
"""Pagefind's script and search engine, which a part of an index after the first leaves out: the search loads them
from the first part and merges the others into it."""


def theme_palette(config: MkDocsConfig) -> dict[str, str]:
    """The marks on the body of the directory's page shell that choose the site's palette (``mkdocs.yml``'s
    ``theme.palette``, the first where it gives several), by their names (``data-md-color-primary``); none where it
    is the theme's default palette (:data:`THEME_DEFAULT_PALETTE`), which the page then has without them."""
    palette = config.theme.get("palette") or {}
    if not isinstance(palette, dict):
        palette = palette[0] if palette else {}
    chosen = {name: str(palette.get(name) or default) for name, default in THEME_DEFAULT_PALETTE.items()}
    if chosen == THEME_DEFAULT_PALETTE:
        return {}
    return {f"data-md-color-{name}": value for name, value in chosen.items()}


def theme_stylesheets(config: MkDocsConfig, *, palette: bool = True) -> list[str]:
    """The addresses in the site of the theme's stylesheets (:data:`THEME_STYLESHEETS`) as this version of the
    theme names them, for the directory's page shell, which does not extend the theme's own page: its main one,
    and its palettes' only where a ``palette`` other than the default is chosen."""
    found = []
    for pattern in THEME_STYLESHEETS[: None if palette else 1]:
        names = sorted({path.name for folder in config.theme.dirs for path in Path(folder).glob(pattern)})
        if len(names) != 1:
            raise PluginError(
                f"candidates: the theme has {len(names)} stylesheets {pattern} where one was expected: check "
                "THEME_STYLESHEETS against this version of Material for MkDocs"
            )
        found.append(f"{pattern.rsplit('/', 1)[0]}/{names[0]}")
    return found


def theme_script(site: Path) -> None:
    """The theme's script in ``site`` without its handler of alternate links (:data:`ALTERNATE_LINKS_HANDLER`)."""
    scripts = sorted((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    for script in scripts:
        text = script.read_text(encoding="utf-8")
        changed, count = ALTERNATE_LINKS_HANDLER.subn(r"\1return;", text)
        if count != 1:
            raise PluginError(
                f"candidates: the theme's script {script.name} has {count} handlers of alternate links where one was "
                "expected: check ALTERNATE_LINKS_HANDLER against this version of Material for MkDocs"
            )
        script.write_text(changed, encoding="utf-8")
    if not scripts:
        raise PluginError("candidates: the theme's script (assets/javascripts/bundle.*.min.js) was not written")


SEARCH_WORDS = "const WORDS_BY_LANGUAGE = {};"
"""The line of the site's search script (``assets/search.js``) the build writes the panel's words into."""
SEARCH_PARTS = "const INDEX_PARTS_BY_LANGUAGE = {};"
"""The line of the site's search script the build writes the number of parts of each language's index into."""


def search_script(site: Path, languages: Sequence[str], parts: dict[str, int] | None = None) -> None:
    """The site's search script in ``site`` with the words of its panel in English and each of ``languages``
    (:func:`site_builder.site.search.panel_words`) and the number of ``parts`` of each language's search index:
    written once into the script, which every page shares."""
    script = site / "assets" / "search.js"
    text = script.read_text(encoding="utf-8")
    words = {language: panel_words(i18n.PAGE_LOCALES[language]) for language in (i18n.ENGLISH, *languages)}
    for line, value in ((SEARCH_WORDS, words), (SEARCH_PARTS, parts or {})):
        if text.count(line) != 1:
            raise PluginError(f"candidates: assets/search.js must have the line {line!r} once")
        # JSON is JavaScript; ensure_ascii leaves no character a script could read otherwise (U+2028 and the like).
        text = text.replace(line, line.replace("{}", json.dumps(value, ensure_ascii=True, sort_keys=True)))
    script.write_text(text, encoding="utf-8")


SEARCHED = b"data-pagefind-body"
"""The mark of a page the search indexes (``adapters/html.py``): Pagefind indexes only the marked pages of a run
that has one, and the whole of every page of a run that has none."""


def _searched_bytes(folder: Path, skip: Sequence[str]) -> dict[Path, int]:
    """The bytes of the pages the search indexes in ``folder`` but for its subfolders ``skip``, each page read once:
    for each folder, those of its own pages (at ``folder / "*"``) and of every page below it (at the folder)."""
    found: dict[Path, int] = {}
    subfolders = (path for path in folder.iterdir() if path.is_dir() and path.name not in skip)
    for path in itertools.chain(folder.glob("*.html"), *(sub.rglob("*.html") for sub in subfolders)):
        page = path.read_bytes()
        if SEARCHED not in page:
            continue
        found[path.parent / "*"] = found.get(path.parent / "*", 0) + len(page)
        for above in [path.parent, *path.parent.parents]:
            found[above] = found.get(above, 0) + len(page)
            if above == folder:
                break
    return found


def _index_units(
    folder: Path, prefix: str, budget: int, searched: dict[Path, int], skip: Sequence[str] = ()
) -> Iterator[tuple[str, int]]:
    """(Pagefind glob, bytes of pages) for the pages the search indexes in ``folder`` (``searched``, by
    :func:`_searched_bytes`), in the order of their addresses: a subfolder as a whole when its pages fit in
    ``budget`` bytes, or else its own pages and each of its subfolders in turn.  A folder of no such page is left
    out, so that every part has a page marked for the search."""
    if own := searched.get(folder / "*", 0):
        yield f"{prefix}*.html", own
    for sub in sorted(path for path in folder.iterdir() if path.is_dir() and path.name not in skip):
        size = searched.get(sub, 0)
        if size > budget:
            yield from _index_units(sub, f"{prefix}{sub.name}/", budget, searched)
        elif size:
            yield f"{prefix}{sub.name}/**/*.html", size


def index_parts(site: Path, language: str, languages: Sequence[str], budget: int) -> list[str]:
    """The pages of ``language`` in ``site``, as the Pagefind globs of the parts of its search index: each part's
    pages are at most ``budget`` bytes, unless one folder's own pages are more.  Pagefind holds every page it reads
    in memory until it writes the index, about eight times their bytes (3.9 GB for the 525 MB of English pages
    of 20,000 candidates): a site larger than one part is indexed part by part, and the search merges the parts
    in the browser."""
    english = language == i18n.ENGLISH
    folder, prefix = (site, "") if english else (site / language, f"{language}/")
    parts: list[list[str]] = [[]]
    size = 0
    skip = [*languages, SEARCH_FOLDER] if english else []
    searched = _searched_bytes(folder, skip)
    for glob, pages in _index_units(folder, prefix, budget, searched, skip):
        if parts[-1] and size + pages > budget:
            parts.append([])
            size = 0
        parts[-1].append(glob)
        size += pages
    return ["{" + ",".join(globs or [f"{prefix}*.html"]) + "}" for globs in parts]


def write_search_index(
    site: Path, languages: Sequence[str] = (), part_bytes: int = CandidatesConfig.index_part_bytes.default
) -> dict[str, int]:
    """Pagefind's index of the pages written in ``site``: the English pages' in its folder :data:`SEARCH_FOLDER`,
    and each of ``languages``' in that folder of the language's (``es/pagefind/``); the number of parts of each
    language's index (:func:`index_parts`), the first in that folder and the n-th in its subfolder ``n/``.  The
    browser fetches the pieces of an index a query needs, never the whole.  Each language and each part is indexed
    on its own, as Pagefind holds every page it reads in memory until it writes the index."""
    executable = get_executable()
    if executable is None:
        raise PluginError(
            "candidates: the search index needs Pagefind: pip install --require-hashes -r requirements.lock"
        )
    written = {}
    for language in (i18n.ENGLISH, *languages):
        index = SEARCH_FOLDER if language == i18n.ENGLISH else f"{language}/{SEARCH_FOLDER}"
        parts = index_parts(site, language, languages, part_bytes)
        for number, glob in enumerate(parts, 1):
            folder = index if number == 1 else f"{index}/{number}"
            result = subprocess.run(
                [
                    str(executable),
                    "--site",
                    str(site),
                    "--glob",
                    glob,
                    "--output-subdir",
                    folder,
                    "--silent",
                    "--exclude-selectors",
                    SEARCH_SKIPS,
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0 or not (site / folder / "pagefind.js").is_file():
                raise PluginError(
                    f"candidates: Pagefind could not index {folder} (exit {result.returncode}):\n{result.stderr}"
                )
            for pattern in UNUSED_SEARCH_FILES if number == 1 else UNUSED_SEARCH_FILES + MERGED_PART_FILES:
                for path in (site / folder).glob(pattern):
                    path.unlink()
        written[language] = len(parts)
    return written
