"""Browser tests: fixture sites built once per session, served over http at a sub-path, driven by Chromium.

The sites are built by ``mkdocs build`` from a copy of the repository's mkdocs.yml whose ``candidates``
plugin points at a fixture folder of records, then served by a small threaded http.server on 127.0.0.1
at ``/city-candidates/`` (the valid records) and ``/hostile/`` (records carrying markup payloads), so
relative and root-relative links behave as they do on the published site.

Each test gets a fresh browser context: requests to any host but 127.0.0.1 are intercepted (the
theme's GitHub repository facts and candidate photos get a stub answer, anything else is aborted and
recorded), and console errors, page errors, dialogs and content-security-policy violations are
collected on a :class:`Visit`.
"""

from __future__ import annotations

import base64
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Locator,
    Page,
    Response,
    Route,
    expect,
    sync_playwright,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
NODE_MODULES = ROOT / "node_modules"
TODAY = "2026-11-21"
REPO_URL = "https://github.com/city-candidates/directory"
SITE_PATH = "/city-candidates/"
HOSTILE_PATH = "/hostile/"
INDEX_PART_BYTES = 120_000
"""So small that each language's search index on the fixture sites is in several parts (a national site's is, at
150 MB of pages a part): every search test searches across the parts the script merges."""
# One page of each kind on the valid fixture site.
PAGE_TYPES = {
    "home": "",
    "cities hub": "cities/",
    "state": "vt/",
    "city": "vt/burlington/",
    "candidate": "vt/burlington/avery-quillfeather/",
    "compare": "or/eugene/compare-2027-05-special-city-council-ward-2/",
    "compare with a questionnaire": "vt/burlington/compare-2027-03-02-general-mayor/",
    "guide": "vt/burlington/guide-2027-03-02-general/",
    "topics hub": "topics/",
    "topic": "topics/housing/",
    "organisations hub": "organizations/",
    "organisation": "organizations/lakeside-tenants-union/",
    "elections": "elections/",
    "state elections": "elections/vt/",
    "topic in a state": "topics/housing/vt/",
    "data": "data/",
    "contributing": "contributing/",
    "field reference": "contributing/fields/",
    "benchmarks": "benchmarks/",
}
SPANISH_PAGE_TYPES = {
    f"{kind} in Spanish": f"es/{url}"
    for kind, url in PAGE_TYPES.items()
    if not url.startswith(("contributing/", "benchmarks/"))
}
"""The same pages in Spanish: every page for voters has its Spanish page; the contributors' stay English."""
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 360, "height": 800}

# Hosts the pages may legitimately ask for: the theme reads the repository's star and fork counts from
# the GitHub API, and candidate photos are hot-linked from their (https) source.  Tests answer them with
# a stub so that nothing leaves the machine; every other non-local request is aborted and recorded.
GITHUB_API = "api.github.com"
PIXEL_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("Chromium is not installed (apt-get install chromium, or `make browser`)")
    return path


# ---------------------------------------------------------------------------------------------------
# Building a fixture site


class _EnvLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: ``!ENV [NAME, default]`` becomes the default (tests must not depend on the shell)."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        return values[-1] if len(values) > 1 else None
    return None


_EnvLoader.add_constructor("!ENV", _env_tag)


def mkdocs_config(
    records: Path, site_url: str, today: str = TODAY, feeds: bool = True, only: str = ""
) -> dict[str, Any]:
    """The repository's mkdocs.yml, with the candidates plugin pointed at ``records`` and a fixed day (and
    without the feeds of changes, for records outside a git checkout; with one city only, when ``only`` names it)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)  # noqa: S506
    config["site_url"] = site_url
    config["plugins"] = [
        {
            "candidates": {
                **plugin["candidates"],
                "root": str(records),
                "today": today,
                "repository": REPO_URL,
                "feeds": feeds,
                "only": only,
                "index_part_bytes": INDEX_PART_BYTES,
            }
        }
        if isinstance(plugin, dict) and "candidates" in plugin
        else plugin
        for plugin in config["plugins"]
    ]
    return config


def build(records: Path, workdir: Path, site_url: str, today: str = TODAY, feeds: bool = True, only: str = "") -> Path:
    """Build the site for the records folder with ``mkdocs build`` in a copy of docs/ and overrides/."""
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "docs", workdir / "docs")
    shutil.copytree(ROOT / "overrides", workdir / "overrides")
    config_file = workdir / "mkdocs.yml"
    config_file.write_text(
        yaml.safe_dump(mkdocs_config(records, site_url, today, feeds, only), sort_keys=False), encoding="utf-8"
    )
    out = workdir / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for name in ("SITE_URL", "REPO_URL", "CANDIDATES_ONLY", "CANDIDATES_TODAY"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(out)],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0 or not (out / "index.html").is_file():
        raise AssertionError(
            f"mkdocs build of {records} failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return out


def html_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as URLs relative to the site root (``""`` for the home page)."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        pages.append(relative.removesuffix("index.html"))
    return pages


@dataclass(frozen=True)
class Site:
    """A built site and where it is served."""

    dir: Path
    url: str
    """The site's root URL, ending in a slash, such as ``http://127.0.0.1:PORT/city-candidates/``."""

    @functools.cached_property
    def pages(self) -> list[str]:
        return html_pages(self.dir)

    def __call__(self, page: str = "") -> str:
        """The absolute URL of a page given relative to the site root."""
        return self.url + page.lstrip("/")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        # LinkChecker sends more than 10 requests a second only to servers that answer with this header.
        self.send_header("LinkChecker", "fixture server")
        super().end_headers()


@pytest.fixture(scope="session")
def server_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A threaded http server on 127.0.0.1 over a temporary folder; yields (folder, origin)."""
    root = tmp_path_factory.mktemp("served")
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="fixture-site-server", daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def _served_build(
    records: Path,
    sub_path: str,
    server_root: tuple[Path, str],
    tmp_path_factory: pytest.TempPathFactory,
    today: str = TODAY,
    feeds: bool = True,
    only: str = "",
) -> Site:
    """``records`` built as on ``today`` (the records are never verified after it) and served at ``sub_path``."""
    folder, origin = server_root
    url = origin + sub_path
    out = build(records, tmp_path_factory.mktemp(sub_path.strip("/")), url, today, feeds, only)
    shutil.copytree(out, folder / sub_path.strip("/"))
    return Site(folder / sub_path.strip("/"), url)


@pytest.fixture(scope="session")
def site(server_root: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Site:
    """tests/fixtures/site built and served at /city-candidates/."""
    return _served_build(FIXTURES / "site", SITE_PATH, server_root, tmp_path_factory)


@pytest.fixture(scope="session")
def hostile_site(server_root: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Site:
    """tests/fixtures/hostile built and served at /hostile/."""
    return _served_build(FIXTURES / "hostile", HOSTILE_PATH, server_root, tmp_path_factory)


# ---------------------------------------------------------------------------------------------------
# The browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = _chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Visit:
    """A browser context and page, with everything noteworthy that happened in them."""

    context: BrowserContext
    page: Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    """Every URL requested, in order."""
    blocked: list[str] = field(default_factory=list)
    """Requests to hosts other than 127.0.0.1 that were neither the theme's GitHub call nor a photo."""

    def goto(self, url: str) -> Response:
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url} answered {response.status if response else 'nothing'}"
        return response

    def reset(self) -> None:
        for log in (
            self.console_errors,
            self.page_errors,
            self.dialogs,
            self.csp_violations,
            self.requests,
            self.blocked,
        ):
            log.clear()

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"dialog: {m}" for m in self.dialogs]
            + [f"CSP violation: {m}" for m in self.csp_violations]
        )


_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__ccReportViolation(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || location.href}:${e.lineNumber} (${(e.sample || "").slice(0, 80)})`);
});
"""


def open_visit(
    browser: Browser,
    viewport: dict[str, int] | None = None,
    *,
    bypass_csp: bool = False,
    photo_hosts: frozenset[str] = frozenset(),
) -> Visit:
    context = browser.new_context(viewport=viewport or DESKTOP, bypass_csp=bypass_csp, service_workers="block")
    context.set_default_timeout(10_000)
    page = context.new_page()
    visit = Visit(context, page)

    def route(request_route: Route) -> None:
        request = request_route.request
        visit.requests.append(request.url)
        host = urlsplit(request.url).hostname or ""
        if host == "127.0.0.1" or request.url.startswith(("data:", "blob:")):
            request_route.continue_()
        elif host == GITHUB_API:
            request_route.fulfill(
                status=200, content_type="application/json", body='{"stargazers_count": 1, "forks_count": 1}'
            )
        elif host in photo_hosts and request.resource_type == "image":
            request_route.fulfill(status=200, content_type="image/gif", body=PIXEL_GIF)
        else:
            visit.blocked.append(request.url)
            request_route.abort()

    context.route("**/*", route)

    def report_violation(message: str) -> None:  # a bound builtin cannot be exposed to the page
        visit.csp_violations.append(message)

    context.expose_function("__ccReportViolation", report_violation)
    context.add_init_script(_CSP_LISTENER)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location
            visit.console_errors.append(f"{message.text} ({location.get('url')}:{location.get('lineNumber')})")

    page.on("console", on_console)
    page.on("pageerror", lambda e: visit.page_errors.append(str(e)))

    def on_dialog(dialog: Dialog) -> None:
        visit.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return visit


def search(page: Page, text: str) -> Locator:
    """Type ``text`` key by key into the header's search box; returns the results list once the search answered."""
    query = page.get_by_role("searchbox", name="Search")
    query.click()
    expect(query, "the search box should take focus when clicked").to_be_focused()
    query.press_sequentially(text, delay=20)
    expect(page.locator(".cc-search__status"), "the search should answer").to_contain_text(
        f"for “{text.strip()}”", timeout=15_000
    )
    return page.locator(".cc-search__results")


def result_urls(site: Site, results: Locator) -> list[str]:
    """The pages a results list links to, best first, as URLs relative to the site root."""
    root = urlsplit(site()).path
    hrefs = results.locator("li > a").evaluate_all("(a) => a.map((e) => e.href)")
    return [urlsplit(href or "").path.removeprefix(root) for href in hrefs]


def settled(page: Page, locator: Locator, quiet_ms: int = 300, limit_ms: int = 5_000) -> None:
    """Wait until the element's content stops changing (search results re-render on every key)."""
    previous, waited = None, 0
    while waited < limit_ms:
        current = locator.inner_html()
        if current == previous:
            return
        previous = current
        page.wait_for_timeout(quiet_ms)
        waited += quiet_ms
    raise AssertionError(f"{locator} kept changing for {limit_ms} ms")


PHOTO_HOSTS = frozenset({"photos.example.org"})


@pytest.fixture
def visit(browser: Browser) -> Iterator[Visit]:
    """A fresh desktop-sized browser context on the fixture site."""
    opened = open_visit(browser, DESKTOP, photo_hosts=PHOTO_HOSTS)
    try:
        yield opened
    finally:
        opened.context.close()


@pytest.fixture
def hostile_visit(browser: Browser) -> Iterator[Visit]:
    """A desktop context that ignores the content security policy, to test escaping on its own."""
    opened = open_visit(browser, DESKTOP, bypass_csp=True, photo_hosts=PHOTO_HOSTS)
    try:
        yield opened
    finally:
        opened.context.close()


@pytest.fixture
def mobile_visit(browser: Browser) -> Iterator[Visit]:
    """A fresh 360 px wide browser context on the fixture site."""
    opened = open_visit(browser, MOBILE, photo_hosts=PHOTO_HOSTS)
    try:
        yield opened
    finally:
        opened.context.close()
