"""Record text is untrusted: markup and script payloads in records must reach the voter as plain text.

tests/fixtures/hostile carries payloads (script tags, event-handler attributes, javascript:, data: and
vbscript: links in Markdown, entity-encoded and mixed-case schemes, `attr_list` attributes, raw HTML
blocks, attribute and element break-outs) in every free-text field of every record kind.  Each built
page is opened in Chromium and must run no payload: no dialog, no script the theme does not ship, no
event-handler attribute, no link to a script scheme, no request off the machine, while the payload text
shows as text.  The pages are opened with the content security policy bypassed, so that escaping is
tested on its own (test_csp.py checks the policy).  URL fields cannot carry payloads at all: validation
rejects them, which the last tests check.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import expect

from site_builder.records.validate import validate_directory

from .conftest import FIXTURES, ROOT, TODAY, Site, Visit, mkdocs_config, open_visit, search, settled

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE = FIXTURES / "hostile"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"

# What each page must show as text (in the page content), for pages built from hostile records.
SHOWN: dict[str, list[str]] = {
    "": [f"{SCRIPT}ville"],
    "cities/": [],
    "elections/": [],
    "elections/ca/": [f"{SCRIPT}ville, CA", f"{SCRIPT} Mayor", f"Mallory {SCRIPT}"],
    "elections/tx/": [f'">{IMG}'],
    "topics/": [f"{SCRIPT} Topic", f'">{IMG}', f"{IMG} [x](javascript:alert(1))"],
    "organizations/": [f'{IMG} Org ">{SCRIPT}'],
    "ca/": [f"{SCRIPT}ville"],
    "tx/": [f'">{IMG}'],
    "ca/hostileville/": [
        f"{SCRIPT}ville, California",
        f"{IMG} election",
        f"{SCRIPT} Mayor",
        f"Council, {IMG}",
        "</cite><script>alert(1)</script>",
        '[x](https://ok.example){ onclick="alert(1)" }',
    ],
    "tx/quotetown/": [f'">{IMG}, Texas', '"><svg onload=alert(1)>, </title><script>alert(1)</script>'],
    "ca/hostileville/mallory-payload/": [
        f"Mallory {SCRIPT}",
        f"On the ballot as: {IMG}",
        f"{SCRIPT} bold {IMG}",
        '<div onmouseover="alert(1)">',
        "</script><script>alert(1)</script>",
        f'Photo: ">{IMG}',
        "</div></article><script>alert(1)</script>",
    ],
    "tx/quotetown/title-breaker/": ["</title><script>alert(1)</script>", f'">{SCRIPT}'],
    "tx/quotetown/attribute-breaker/": [f'">{IMG}', "<svg><script>alert(1)</script></svg>"],
    "topics/hostile-topic/": [f"{SCRIPT} Topic"],
    "topics/hostile-topic/ca/": [f"{SCRIPT} Topic", f"Mallory {SCRIPT}", f"{SCRIPT}ville"],
    "topics/hostile-topic/tx/": [f"{SCRIPT} Topic", f'">{IMG}'],
    "topics/quote-topic/": [f'">{IMG}', '<div onmouseover="alert(1)">raw HTML</div>'],
    "organizations/hostile-org/": [f'{IMG} Org ">{SCRIPT}', f"{SCRIPT} and {IMG}", f"Mallory {SCRIPT}"],
}
# The JSON-LD of candidate pages must parse and carry the name unchanged.
NAMES = {
    "ca/hostileville/mallory-payload/": f"Mallory {SCRIPT}",
    "tx/quotetown/title-breaker/": "</title><script>alert(1)</script>",
    "tx/quotetown/attribute-breaker/": f'">{IMG}',
}
# The browser tab shows the page title as text too.
TITLES = {
    "ca/hostileville/": f"{SCRIPT}ville, CA",
    "tx/quotetown/": f'">{IMG}',
    "ca/hostileville/mallory-payload/": f"Mallory {SCRIPT} – {SCRIPT} Mayor",
    "tx/quotetown/title-breaker/": "</title><script>alert(1)</script> – ",
    "tx/quotetown/attribute-breaker/": f'">{IMG} – ',
    "topics/hostile-topic/": f"{SCRIPT} Topic",
    "topics/quote-topic/": f'">{IMG}',
    "organizations/hostile-org/": f'{IMG} Org ">{SCRIPT}',
}


PAGES = sorted({*SHOWN, "data/", "404.html", "contributing/"})

# What every page's scripts are made of, read from the DOM: a script the theme ships is named by its file,
# a data block by its type, an inline script by its text (with the per-page scope path left out).
_SCRIPTS = """(root) => [...root.querySelectorAll("script")].map((s) =>
  s.getAttribute("src") ? "src:" + s.getAttribute("src").split("/").pop()
  : s.type ? "type:" + s.type
  : "inline:" + s.textContent.replace(/new URL\\("[^"]*",location\\)/, 'new URL(SCOPE,location)'))"""
_EVENT_ATTRIBUTES = """(root) => [...root.querySelectorAll("*")].flatMap((e) => [...e.attributes]
  .filter((a) => a.name.toLowerCase().startsWith("on"))
  .map((a) => `<${e.localName} ${a.name}="${a.value}">`))"""
_SCRIPT_URLS = """(root) => {
  const found = [];
  for (const e of root.querySelectorAll("*")) {
    for (const a of e.attributes) {
      const name = a.name.toLowerCase();
      if (!["href", "xlink:href", "src", "srcset", "action", "formaction", "data", "poster", "background"]
            .includes(name)) continue;
      const value = a.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
      let scheme = "";
      try { scheme = new URL(a.value, document.baseURI).protocol; } catch (error) { scheme = "invalid:"; }
      if (/^(javascript|data|vbscript):/.test(value) || ["javascript:", "data:", "vbscript:"].includes(scheme)) {
        found.push(`<${e.localName} ${a.name}="${a.value}">`);
      }
    }
  }
  return found;
}"""
_EMBEDS = """(root) => [...root.querySelectorAll("iframe, frame, object, embed, base, meta[http-equiv='refresh' i]")]
  .map((e) => e.outerHTML.slice(0, 120))"""


@pytest.fixture(scope="module")
def theme_scripts(browser: Any, site: Site) -> set[str]:
    """The scripts of clean pages of the valid fixture site: what the theme and the templates ship."""
    visit = open_visit(browser, bypass_csp=True)
    try:
        seen: set[str] = set()
        for page in ("", "vt/burlington/avery-quillfeather/", "404.html"):
            visit.goto(site(page))
            seen.update(visit.page.evaluate(_SCRIPTS, visit.page.locator("html").element_handle()))
        return seen
    finally:
        visit.context.close()


def _inert(visit: Visit, root: str) -> list[str]:
    """Everything on the page, under the ``root`` selector, that could run a payload."""
    handle = visit.page.locator(root).first.element_handle()
    problems = [f"event-handler attribute {a}" for a in visit.page.evaluate(_EVENT_ATTRIBUTES, handle)]
    problems += [f"link to a script scheme {a}" for a in visit.page.evaluate(_SCRIPT_URLS, handle)]
    problems += [f"embedded element {e}" for e in visit.page.evaluate(_EMBEDS, handle)]
    return problems


def _check(visit: Visit, hostile_site: Site, url: str, theme_scripts: set[str]) -> tuple[list[str], list[str]]:
    """Open a page; return what is wrong in its content, then what is wrong in the whole document."""
    page = visit.page
    response = page.goto(hostile_site(url), wait_until="load")
    assert response is not None and (response.ok or url == "404.html"), f"{url} answered {response}"
    page.wait_for_load_state("networkidle")

    # The page content comes from the site's own templates.
    content = "article.md-content__inner"
    in_content = _inert(visit, content)
    content_scripts = page.evaluate(_SCRIPTS, page.locator(content).element_handle())
    in_content += [f"script in the page content: {s[:100]}" for s in content_scripts if s != "type:application/ld+json"]
    if len(content_scripts) > 1:
        in_content.append(f"{len(content_scripts)} scripts in the page content, expected at most the JSON-LD")
    text = page.locator(content).inner_text()
    in_content += [f"payload not shown as text: {item!r}" for item in SHOWN.get(url, []) if item not in text]
    if url in NAMES:
        json_ld = page.locator("script[type='application/ld+json']")
        expect(json_ld, "a candidate page has one JSON-LD block").to_have_count(1)
        data = json.loads(json_ld.text_content() or "")
        if data.get("name") != NAMES[url]:
            in_content.append(f"JSON-LD name is {data.get('name')!r}, expected {NAMES[url]!r}")

    # The whole document: the theme's layout around the content, the head, what ran and what was fetched.
    in_document = _inert(visit, "html")
    scripts = page.evaluate(_SCRIPTS, page.locator("html").element_handle())
    in_document += [f"script the theme does not ship: {s[:100]}" for s in scripts if s not in theme_scripts]
    in_document += [f"dialog opened: {d}" for d in visit.dialogs]
    in_document += [f"request off the machine: {r}" for r in visit.blocked]
    in_document += [f"request made by a payload: {r}" for r in visit.requests if r.rstrip("/").endswith("/x")]
    in_document += [f"page error: {e}" for e in visit.page_errors]
    if url in TITLES and TITLES[url] not in page.title():
        in_document.append(f"the title {page.title()!r} does not show {TITLES[url]!r} as text")
    return in_content, in_document


@pytest.mark.parametrize("url", PAGES)
def test_hostile_page_runs_no_payload_and_shows_it_as_text(
    url: str, hostile_visit: Visit, hostile_site: Site, theme_scripts: set[str]
) -> None:
    in_content, in_document = _check(hostile_visit, hostile_site, url, theme_scripts)
    assert not in_content, f"{url}: the page content is not inert:\n" + "\n".join(in_content)
    assert not in_document, f"{url}: the page is not inert:\n" + "\n".join(in_document)


def test_other_built_pages_run_no_payload(hostile_visit: Visit, hostile_site: Site, theme_scripts: set[str]) -> None:
    """Pages that carry no record text (documentation added later, say) are checked too."""
    problems = []
    for url in sorted(set(hostile_site.pages) - set(PAGES)):
        hostile_visit.reset()
        in_content, in_document = _check(hostile_visit, hostile_site, url, theme_scripts)
        problems += [f"{url}: {problem}" for problem in in_content + in_document]
    assert not problems, "pages are not inert:\n" + "\n".join(problems)


def test_search_results_show_hostile_titles_as_text(hostile_visit: Visit, hostile_site: Site) -> None:
    visit = hostile_visit
    page = visit.page
    visit.goto(hostile_site())
    page.wait_for_load_state("networkidle")
    results = search(page, "Mallory")
    expect(results.locator("a").first, "searching 'Mallory' finds the page").to_be_visible()
    settled(page, results)
    problems = _inert(visit, ".cc-search__panel")
    problems += [f"dialog opened: {d}" for d in visit.dialogs]
    problems += [f"request made by a payload: {r}" for r in visit.requests if r.rstrip("/").endswith("/x")]
    if f"Mallory {SCRIPT}" not in results.inner_text():
        problems.append(f"the result does not show the name as text: {results.inner_text()[:200]!r}")
    assert not problems, "search results are not inert:\n" + "\n".join(problems)


def test_search_results_show_a_hostile_name_typed_into_the_box_as_text(
    hostile_visit: Visit, hostile_site: Site
) -> None:
    """The index holds names as text, yet no name becomes markup in the results list."""
    visit = hostile_visit
    page = visit.page
    visit.goto(hostile_site())
    page.wait_for_load_state("networkidle")
    results = search(page, "img src=x onerror")
    expect(results.locator("a").first, "the payload's words find the page").to_be_visible()
    settled(page, results)
    problems = _inert(visit, ".cc-search__panel")
    problems += [
        f"element made of a name: {e}"
        for e in results.locator("img, svg, script").evaluate_all(
            "(found) => found.map((e) => e.outerHTML.slice(0, 80))"
        )
    ]
    problems += [f"dialog opened: {d}" for d in visit.dialogs]
    problems += [f"request made by a payload: {r}" for r in visit.requests if r.rstrip("/").endswith("/x")]
    if f'">{IMG}' not in results.inner_text():
        problems.append(f"the result does not show the name as text: {results.inner_text()[:200]!r}")
    assert not problems, "search results are not inert:\n" + "\n".join(problems)


# ---------------------------------------------------------------------------------------------------
# URL fields: a payload there is a validation error, so it never reaches a page.

# (record, field as written in the record, value) -> the field path validation reports.
BAD_URLS: list[tuple[str, tuple[Any, ...], str, str]] = [
    ("cities/ca/hostileville.yml", ("website",), "javascript:alert(1)", "website"),
    ("cities/ca/hostileville.yml", ("elections_office_url",), "JaVaScRiPt:alert(1)", "elections_office_url"),
    (
        "cities/ca/hostileville.yml",
        ("registration_url",),
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "registration_url",
    ),
    ("cities/ca/hostileville.yml", ("polling_place_url",), "vbscript:msgbox(1)", "polling_place_url"),
    (
        "cities/ca/hostileville.yml",
        ("elections", 0, "sources", 0, "url"),
        "&#106;avascript:alert(1)",
        "elections[1].sources[1].url",
    ),
    (
        "cities/ca/hostileville.yml",
        ("elections", 1, "sources", 0),
        " javascript:alert(1)",
        "elections[2].sources[1].url",
    ),
    ("cities/ca/hostileville.yml", ("sources", 0, "url"), "http://ok.example/plain-http", "sources[1].url"),
    (
        "candidates/ca/hostileville/mallory-payload.yml",
        ("website",),
        'https://ok.example/"onmouseover="alert(1)',
        "website",
    ),
    (
        "candidates/ca/hostileville/mallory-payload.yml",
        ("photo_url",),
        "data:image/svg+xml,<svg onload=alert(1)>",
        "photo_url",
    ),
    ("candidates/ca/hostileville/mallory-payload.yml", ("links", 0, "url"), "javascript:alert(1)", "links[1].url"),
    (
        "candidates/ca/hostileville/mallory-payload.yml",
        ("candidacies", 0, "source", "url"),
        "jAvAsCrIpT:alert(1)",
        "candidacies[1].source.url",
    ),
    (
        "candidates/ca/hostileville/mallory-payload.yml",
        ("platform", 1, "source"),
        "javascript://ok.example/%0Aalert(1)",
        "platform[2].source.url",
    ),
    (
        "candidates/ca/hostileville/mallory-payload.yml",
        ("endorsements", 0, "source", "url"),
        "https://ok.example/<script>",
        "endorsements[1].source.url",
    ),
    (
        "candidates/ca/hostileville/mallory-payload.yml",
        ("sources", 0, "url"),
        "java\tscript:alert(1)",
        "sources[1].url",
    ),
    ("candidates/ca/hostileville/mallory-payload.yml", ("sources", 1), "//evil.example/x", "sources[2].url"),
    ("organizations/hostile-org.yml", ("website",), "VBScript:msgbox(1)", "website"),
    ("organizations/hostile-org.yml", ("sources", 0, "url"), "javascript:alert(1)", "sources[1].url"),
    (
        "candidates/tx/quotetown/title-breaker.yml",
        ("endorsements", 0, "source"),
        "JAVASCRIPT:alert(1)",
        "endorsements[1].source.url",
    ),
]


def _set(data: Any, path: tuple[Any, ...], value: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@pytest.fixture(scope="module")
def bad_url_records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile records with a script, data or non-https URL in every kind of URL field."""
    root = tmp_path_factory.mktemp("bad-urls") / "records"
    shutil.copytree(HOSTILE, root)
    by_file: dict[str, list[tuple[tuple[Any, ...], str]]] = {}
    for record, path, value, _ in BAD_URLS:
        by_file.setdefault(record, []).append((path, value))
    for record, edits in by_file.items():
        file = root / record
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        for path, value in edits:
            _set(data, path, value)
        file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def bad_url_problems(bad_url_records: Path) -> dict[tuple[str, str], list[str]]:
    _, problems = validate_directory(bad_url_records, dt.date.fromisoformat(TODAY))
    found: dict[tuple[str, str], list[str]] = {}
    for problem in problems:
        if problem.is_error:
            found.setdefault((problem.path, problem.field), []).append(problem.message)
    return found


@pytest.mark.parametrize(("record", "path", "value", "field"), BAD_URLS, ids=[f"{c[0]}:{c[3]}" for c in BAD_URLS])
def test_script_urls_are_validation_errors(
    record: str, path: tuple[Any, ...], value: str, field: str, bad_url_problems: dict[tuple[str, str], list[str]]
) -> None:
    assert (record, field) in bad_url_problems, (
        f"{record}: `{field}: {value}` should be a validation error; errors found: {sorted(bad_url_problems)}"
    )


def test_build_refuses_script_urls(bad_url_records: Path, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    config.write_text(yaml.safe_dump(mkdocs_config(bad_url_records, "https://example.org/cc/")), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(tmp_path / "site")],
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build should fail on script URLs in the records:\n{output}"
    assert "javascript:alert(1)" in output and "mallory-payload.yml" in output, output
    assert not (tmp_path / "site" / "index.html").exists(), "a failed build must not leave a site behind"
