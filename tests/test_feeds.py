"""The Atom feeds of changes, built from a git history made here: a new candidate, a result, a withdrawal
and a correction, each an entry read back by a real feed parser; builds without history, or with part of it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser
import pytest
from sitebuild import REPO, mkdocs_build, write_config

from site_builder.directory.build import build_directory
from site_builder.records.history import read_history
from site_builder.records.problems import Code
from site_builder.records.validate import validate_directory
from site_builder.site import feeds
from site_builder.site.feeds import change_feeds
from site_builder.site.pages import Settings

FIXTURE = REPO / "tests" / "fixtures" / "directory"
TODAY = dt.date(2026, 11, 21)
SETTINGS = Settings(today=TODAY, site_url="https://example.org/cc/", repo_url="https://github.com/example/directory")
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = 'Carl "CJ" Pike <b>&amp;</b>'
"""A candidate's name as a contributor may write it: quotes, markup and an entity, all to be shown as text."""
CARL = f"""\
# yaml-language-server: $schema=../../../schema/candidate.schema.json
name: '{HOSTILE}'
candidacies:
  - election: 2026-03-03-general
    office: City Council
    district: Ward 2
    status: announced
    source: https://elections.example.org/candidates-2026
sources:
  - https://elections.example.org/candidates-2026
last_verified: 2026-11-01
"""
BEN = "candidates/vt/maple-falls/ben-ostrander.yml"
ADA = "candidates/vt/maple-falls/ada-quill.yml"
CARL_PATH = "candidates/vt/maple-falls/carl-pike.yml"
CEDAR_BEND = "cities/or/cedar-bend.yml"
CEDAR_BEND_GENERAL = """\
  - date: 2027-11
    kind: general
    offices:
      - office: Mayor
    sources:
      - https://cedar-bend.example.org/2027-general
sources:
  - https://cedar-bend.example.org/
"""
MAPLE_FALLS = "cities/vt/maple-falls.yml"
MAPLE_FALLS_RESULT = """\
      - office: Mayor
        ballots: 22650
        source: https://elections.example.org/results-2026
"""


def git(repo: Path, *args: str, date: str = "2026-01-10T12:00:00+00:00") -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Example Contributor",
        "GIT_AUTHOR_EMAIL": "contributor@example.org",
        "GIT_COMMITTER_NAME": "Example Contributor",
        "GIT_COMMITTER_EMAIL": "contributor@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True)
    return result.stdout


def commit(repo: Path, message: str, date: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


def edit(repo: Path, path: str, old: str, new: str) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository of the fixture directory whose history holds each kind of change, one commit each."""
    root = tmp_path_factory.mktemp("history") / "repo"
    shutil.copytree(FIXTURE, root)
    git(root, "init", "-q", "-b", "main")
    commit(root, "The first records", "2026-01-10T12:00:00+00:00")
    (root / CARL_PATH).write_text(CARL, encoding="utf-8")
    commit(root, "A new candidate", "2026-02-01T09:30:00-05:00")
    edit(root, CARL_PATH, "    status: announced\n", "    status: won\n    votes: 900\n")
    commit(root, "The result", "2026-03-04T08:00:00+00:00")
    edit(root, ADA, "    status: announced\n", "    status: withdrawn\n")
    commit(root, "A withdrawal", "2026-04-01T10:00:00+00:00")
    edit(root, CEDAR_BEND, "sources:\n  - https://cedar-bend.example.org/\n", CEDAR_BEND_GENERAL)
    commit(root, "A new election", "2026-04-10T10:00:00+00:00")
    edit(root, MAPLE_FALLS, "      - office: Mayor\n", MAPLE_FALLS_RESULT)
    commit(root, "The count of a race", "2026-04-15T10:00:00+00:00")
    edit(root, BEN, "    votes: 800\n", "    votes: 810\n")
    edit(root, BEN, "last_verified: 2026-11-01\n", "last_verified: 2026-11-02\n")
    commit(root, "A corrected count", "2026-04-20T10:00:00+00:00")
    edit(root, BEN, "name: Ben Ostrander\n", "name: Ben Ostrander\nwebsite: https://ben.example.org/\n")
    commit(root, "A corrected fact", "2026-05-01T10:00:00+00:00")
    edit(root, BEN, "name: Ben Ostrander\n", "# Checked against the official results.\nname: Ben Ostrander\n")
    edit(root, ADA, "last_verified: 2026-11-01\n", "last_verified: 2026-11-03\n")
    commit(root, "A comment and a check, which change no fact", "2026-06-01T10:00:00+00:00")
    return root


def built(root: Path, settings: Settings = SETTINGS) -> feeds.Feeds:
    tables, problems = validate_directory(root, settings.today)
    assert [p.as_text() for p in problems if p.is_error] == []
    return change_feeds(root, build_directory(tables), settings)


def parsed(result: feeds.Feeds, path: str) -> Any:
    content = {download.path: download.content for download in result.downloads}[path]
    feed = feedparser.parse(content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def required_elements(content: bytes) -> None:
    """The elements RFC 4287 requires of a feed (its author may stand for its entries') and of each entry."""
    root = ET.fromstring(content)  # noqa: S314 - a feed this build wrote
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None


def test_a_city_feed_tells_each_change_with_its_date_and_page(repo: Path) -> None:
    result = built(repo)
    assert result.notices == []
    feed = parsed(result, "data/feeds/vt-maple-falls.atom")
    assert [entry.title for entry in feed.entries] == [
        "Corrected: Ben Ostrander",
        "Result: Ben Ostrander",
        "Result: Maple Falls, VT",
        "Withdrew: Ada Quill",
        f"Result: {HOSTILE}",
        f"New candidate: {HOSTILE}",
        "New candidate: Ada Quill",
        "New candidate: Ben Ostrander",
        "New candidate: Dara Penhallow",
        "New city: Maple Falls, VT",
    ], "a comment, a layout or a new last_verified alone makes no entry"
    assert [entry.updated for entry in feed.entries] == [
        "2026-05-01T10:00:00Z",
        "2026-04-20T10:00:00Z",
        "2026-04-15T10:00:00Z",
        "2026-04-01T10:00:00Z",
        "2026-03-04T08:00:00Z",
        "2026-02-01T14:30:00Z",
        "2026-01-10T12:00:00Z",
        "2026-01-10T12:00:00Z",
        "2026-01-10T12:00:00Z",
        "2026-01-10T12:00:00Z",
    ]
    assert feed.feed.updated == "2026-05-01T10:00:00Z", "the newest entry's date, not the build's"
    assert [entry.link for entry in feed.entries] == [
        "https://example.org/cc/vt/maple-falls/ben-ostrander/",
        "https://example.org/cc/vt/maple-falls/ben-ostrander/",
        "https://example.org/cc/vt/maple-falls/",
        "https://example.org/cc/vt/maple-falls/ada-quill/",
        "https://example.org/cc/vt/maple-falls/carl-pike/",
        "https://example.org/cc/vt/maple-falls/carl-pike/",
        "https://example.org/cc/vt/maple-falls/ada-quill/",
        "https://example.org/cc/vt/maple-falls/ben-ostrander/",
        "https://example.org/cc/vt/maple-falls/dara-penhallow/",
        "https://example.org/cc/vt/maple-falls/",
    ]
    summaries = [entry.get("summary", "") for entry in feed.entries]
    assert summaries[:6] == [
        "Changed: website.",
        "City Council, Ward 2, March 3, 2026 general election: lost, 810 votes.",
        "Mayor, March 3, 2026 general election.",
        "Mayor, March 2, 2027 general election: withdrawn.",
        "City Council, Ward 2, March 3, 2026 general election: won, 900 votes.",
        "City Council, Ward 2, March 3, 2026 general election: announced.",
    ]
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("tag:example.org,2026:") for i in ids)
    assert feed.feed.id == "tag:example.org,2026:data/feeds/vt-maple-falls.atom"
    assert feed.feed.title == "Changes in Maple Falls, VT – City Candidates"
    assert feed.feed.author == "City Candidates"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {
        "self": "https://example.org/cc/data/feeds/vt-maple-falls.atom",
        "alternate": "https://example.org/cc/vt/maple-falls/",
    }
    content = {d.path: d.content for d in result.downloads}["data/feeds/vt-maple-falls.atom"]
    required_elements(content)
    assert b'<title>New candidate: Carl "CJ" Pike &lt;b&gt;&amp;amp;&lt;/b&gt;</title>' in content


def test_the_directory_feed_holds_every_city_and_names_each(repo: Path) -> None:
    result = built(repo)
    feed = parsed(result, "data/feeds/all.atom")
    titles = [entry.title for entry in feed.entries]
    assert titles[:2] == ["Maple Falls, VT: Corrected: Ben Ostrander", "Maple Falls, VT: Result: Ben Ostrander"]
    assert "Cedar Bend, OR: New candidate: Cora Lindqvist" in titles
    assert "New organisation: Maple Falls Tenants Union" in titles
    assert "https://example.org/cc/organizations/maple-falls-tenants-union/" in [e.link for e in feed.entries]
    assert feed.feed.updated == "2026-05-01T10:00:00Z"
    assert {link.rel: link.href for link in feed.feed.links}["alternate"] == "https://example.org/cc/"
    required_elements({d.path: d.content for d in result.downloads}["data/feeds/all.atom"])
    other = parsed(result, "data/feeds/or-cedar-bend.atom")
    assert [entry.title for entry in other.entries] == [
        "New election: Cedar Bend, OR",
        "New candidate: Cora Lindqvist",
        "New city: Cedar Bend, OR",
    ]
    assert other.entries[0].summary == "November 2027 general election."


def test_two_builds_of_one_history_give_the_same_bytes(repo: Path) -> None:
    first, second = built(repo), built(repo)
    assert [(d.path, d.content) for d in first.downloads] == [(d.path, d.content) for d in second.downloads]
    assert first.links == second.links


def test_a_one_city_preview_makes_that_city_s_feed_as_the_full_build_does(repo: Path) -> None:
    preview = built(
        repo, Settings(today=TODAY, site_url=SETTINGS.site_url, repo_url=SETTINGS.repo_url, only="vt/maple-falls")
    )
    whole = {d.path: d.content for d in built(repo).downloads}
    assert [(d.path, d.content) for d in preview.downloads] == [
        ("data/feeds/vt-maple-falls.atom", whole["data/feeds/vt-maple-falls.atom"])
    ]
    assert preview.links.directory is None


def test_without_a_site_address_the_links_are_relative_to_the_feed(repo: Path) -> None:
    result = built(repo, Settings(today=TODAY))
    feed = parsed(result, "data/feeds/vt-maple-falls.atom")
    assert feed.entries[0].link.endswith("vt/maple-falls/ben-ostrander/")
    content = {d.path: d.content for d in result.downloads}["data/feeds/vt-maple-falls.atom"]
    root = ET.fromstring(content)  # noqa: S314 - a feed this build wrote
    hrefs = [link.get("href") for link in root.iter(f"{ATOM}link")]
    assert hrefs[0] == "../../vt/maple-falls/"
    assert hrefs[1] == "../../vt/maple-falls/ben-ostrander/"
    assert root.findtext(f"{ATOM}id") == "tag:city-candidates,2026:data/feeds/vt-maple-falls.atom"


def test_a_feed_keeps_its_latest_entries(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feeds, "ENTRIES", 3)
    feed = parsed(built(repo), "data/feeds/vt-maple-falls.atom")
    assert [entry.title for entry in feed.entries] == [
        "Corrected: Ben Ostrander",
        "Result: Ben Ostrander",
        "Result: Maple Falls, VT",
    ]


def test_a_mass_import_is_one_entry_per_city_and_reads_no_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    git(root, "init", "-q", "-b", "main")
    commit(root, "The first records", "2026-01-10T12:00:00+00:00")
    for number in range(12):
        text = CARL.replace(HOSTILE, f"Imported Person {number}")
        (root / f"candidates/vt/maple-falls/imported-person-{number}.yml").write_text(text, encoding="utf-8")
    commit(root, "An import", "2026-02-01T12:00:00+00:00")
    imported = {
        line.split()[3] for line in git(root, "log", "-1", "--raw", "--no-abbrev", "--format=").splitlines() if line
    }
    asked: list[str] = []
    real = feeds.read_tables
    monkeypatch.setattr(
        feeds, "read_tables", lambda where, files: asked.extend(blob for _, blob in files) or real(where, files)
    )
    feed = parsed(built(root), "data/feeds/vt-maple-falls.atom")
    assert feed.entries[0].title == "12 new candidates"
    assert feed.entries[0].summary.startswith("Added: Imported Person 0, Imported Person 1, ")
    assert feed.entries[0].summary.endswith(" and 2 more.")
    assert feed.entries[0].link == "https://example.org/cc/vt/maple-falls/"
    assert asked, "the first commit's few records are read"
    assert imported.isdisjoint(asked), "the import's records are told from the file list alone"


def test_a_record_the_loader_refuses_in_the_history_is_never_quoted(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    git(root, "init", "-q", "-b", "main")
    commit(root, "The first records", "2026-01-10T12:00:00+00:00")
    (root / CARL_PATH).write_text(CARL.replace(HOSTILE, "Carl\x1b[2J Pike\u202e"), encoding="utf-8")
    commit(root, "A name with a terminal command and an override", "2026-02-01T12:00:00+00:00")
    (root / CARL_PATH).write_text(CARL.replace(HOSTILE, "Carl Pike"), encoding="utf-8")
    commit(root, "The name fixed", "2026-02-02T12:00:00+00:00")
    result = built(root)
    content = {d.path: d.content for d in result.downloads}["data/feeds/vt-maple-falls.atom"]
    assert b"\x1b" not in content and "\u202e".encode() not in content
    feed = parsed(result, "data/feeds/vt-maple-falls.atom")
    assert [entry.title for entry in feed.entries[:2]] == ["Corrected: Carl Pike", "New candidate: Carl Pike"]


def test_git_missing_leaves_the_feeds_out_with_a_warning(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-such-folder"))
    history = read_history(repo, ["candidates", "cities"])
    assert history.missing == "git is not installed"
    result = change_feeds(repo, build_directory(validate_directory(repo, TODAY)[0]), SETTINGS, history)
    assert result.downloads == []
    assert result.links.directory is None and not result.links.cities
    assert [notice.as_text() for notice in result.notices] == [
        "data/feeds/all.atom:1:1: warning: the feeds of changes are left out: git is not installed "
        "(hint: build from a git clone of the repository, with git installed, to publish them)"
    ]
    assert result.notices[0].code is Code.NO_HISTORY


@pytest.mark.slow
def test_the_city_page_and_the_home_page_link_their_feeds(repo: Path, tmp_path: Path) -> None:
    result = mkdocs_build(write_config(tmp_path, repo))
    assert result.returncode == 0, result.stderr
    assert "feeds of changes" not in result.stderr
    site = tmp_path / "site"
    city = (site / "vt" / "maple-falls" / "index.html").read_text(encoding="utf-8")
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Changes in Maple Falls, VT" '
        'href="../../data/feeds/vt-maple-falls.atom">' in city
    )
    assert (
        '<a href="../../data/feeds/vt-maple-falls.atom" type="application/atom+xml">Follow this city (Atom feed)</a>'
        in city
    )
    head = city[: city.index("</head>")]
    assert head.count('rel="alternate"') == 4  # the feed, and the page in English, in Spanish and by default
    assert head.count('rel="alternate" hreflang=') == 3
    home = (site / "index.html").read_text(encoding="utf-8")
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Changes in the City Candidates directory" '
        'href="data/feeds/all.atom">' in home
    )
    assert (
        '<a href="data/feeds/all.atom" type="application/atom+xml">Follow the whole directory (Atom feed)</a>' in home
    )
    candidate = (site / "vt" / "maple-falls" / "ada-quill" / "index.html").read_text(encoding="utf-8")
    assert "application/atom+xml" not in candidate
    feed = feedparser.parse((site / "data" / "feeds" / "vt-maple-falls.atom").read_bytes())
    assert not feed.bozo and feed.entries[0].title == "Corrected: Ben Ostrander"
    assert (site / "data" / "feeds" / "all.atom").is_file()
    # The theme's script no longer looks for a sitemap beside each <link rel="alternate"> (see
    # tests/browser/test_languages.py), so none is written beside the feeds.
    assert not (site / "data" / "feeds" / "sitemap.xml").exists()


@pytest.mark.slow
def test_a_copy_outside_git_builds_without_feeds_and_says_so(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(FIXTURE, records)
    result = mkdocs_build(write_config(tmp_path, records))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "feeds of changes" in line]
    assert warnings == [
        "WARNING -  data/feeds/all.atom:1:1: warning: the feeds of changes are left out: "
        f"{records.as_posix()} is not in a git checkout "
        "(hint: build from a git clone of the repository, with git installed, to publish them)"
    ]
    site = tmp_path / "site"
    assert not (site / "data" / "feeds" / "all.atom").exists()
    assert not (site / "data" / "feeds").exists()
    city = (site / "vt" / "maple-falls" / "index.html").read_text(encoding="utf-8")
    assert "application/atom+xml" not in city
    assert "Follow this city" not in city


@pytest.mark.slow
def test_a_shallow_clone_builds_the_history_it_has_and_says_so(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "3", f"file://{repo}", str(clone)],
        check=True,
        capture_output=True,
        env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull},
    )
    result = mkdocs_build(write_config(tmp_path, clone))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "feeds of changes" in line]
    assert warnings == [
        "WARNING -  data/feeds/all.atom:1:1: warning: the repository is a shallow clone: the feeds of changes "
        "hold only the history present (2 commits that changed records) (hint: run `git fetch --unshallow`, or "
        "check out with `fetch-depth: 0` in the workflow that builds the site)"
    ]
    feed = feedparser.parse((tmp_path / "site" / "data" / "feeds" / "vt-maple-falls.atom").read_bytes())
    assert not feed.bozo
    # The clone's oldest commit is its edge: its parent is not there to tell what it changed, so it is left out.
    assert [entry.title for entry in feed.entries] == ["Corrected: Ben Ostrander"]
