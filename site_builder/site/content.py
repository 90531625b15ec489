"""Records in, site content out: the whole pipeline behind any renderer.

``build_site`` loads and validates the records, links them into the directory
model and makes the pages and downloads.  Problems come back as data; a caller
(the MkDocs plugin, the command line) decides what they mean for its user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from site_builder.directory.build import build_directory
from site_builder.records.problems import Code, Problem, errors
from site_builder.records.schema import load_schema
from site_builder.records.validate import validate_directory
from site_builder.site.downloads import Download, calendars, data_package
from site_builder.site.feeds import Feeds, change_feeds
from site_builder.site.names import names_index
from site_builder.site.pages import Page, Settings, build_pages


@dataclass
class SiteContent:
    problems: list[Problem]
    files: int
    pages: list[Page] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    """Warnings about the build rather than the records, such as feeds left out for want of git history."""

    @property
    def ok(self) -> bool:
        return not errors(self.problems)


def build_site(root: Path, settings: Settings) -> SiteContent:
    """Everything the site publishes, or only the problems when any record has an error."""
    tables, problems = validate_directory(root, settings.today, settings.only)
    content = SiteContent(problems, len(tables.files))
    if not content.ok:
        return content
    directory = build_directory(tables)
    if settings.only and not any(city.id == settings.only for city in directory.cities):
        content.problems.append(
            Problem(
                f"cities/{settings.only}.yml",
                1,
                1,
                "",
                "there is no such city to preview",
                "give the city as <state>/<city>, such as mn/minneapolis",
                code=Code.NO_SUCH_CITY,
            )
        )
        return content
    feeds = change_feeds(root, directory, settings) if settings.feeds else Feeds()
    content.notices = feeds.notices
    content.pages = build_pages(directory, settings, feeds.links)
    content.downloads = (
        calendars(directory, settings.site_url, settings.today, settings.only)
        + feeds.downloads
        + names_index(content.pages)
    )
    if not settings.only:
        content.downloads = data_package(load_schema(), tables, directory) + content.downloads
    return content
