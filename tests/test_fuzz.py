"""Hostile records, generated: every field of every kind of record, given arbitrary text or structure.

The invariant: validation refuses the record with problems that each name a file, a line and a
code, or the site is built and every output reads back as what it is: pages hold no script but
their structured data and no link but http(s), mailto and the site's own; the structured data,
the calendars and the open-data tables parse, and a table's cell holds the value the record gave.
Never a traceback.

The fast profile (the default) runs in ``make test``; ``make fuzz`` runs the long one
(``HYPOTHESIS_PROFILE=long``), which also builds each accepted record with the real ``mkdocs build``.
Inputs that once broke an output are kept below as ``@example`` cases.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import os
import shutil
import tempfile
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from site_builder.records.problems import Code
from site_builder.records.schema import load_schema
from site_builder.site import urls
from site_builder.site.content import SiteContent, build_site
from site_builder.site.pages import Settings
from tests.sitebuild import mkdocs_build, write_config

FIXTURE = Path(__file__).parent / "fixtures" / "directory"
TODAY = dt.date(2026, 11, 21)
SITE_URL = "https://example.org/cc/"
LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"

settings.register_profile(
    "fast", max_examples=20, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("long" if LONG else "fast")

RECORDS = {
    "cities": "cities/vt/maple-falls.yml",
    "candidates": "candidates/vt/maple-falls/ada-quill.yml",
    "organizations": "organizations/maple-falls-tenants-union.yml",
    "topics": "topics/minimum-wage.yml",
}


def _places() -> list[tuple[str, str, tuple[str | int, ...]]]:
    """(table, file, key path) for every field a contributor writes, in records and in their lists."""
    schema = load_schema()
    places: list[tuple[str, str, tuple[str | int, ...]]] = []

    def walk(table_name: str, file: str, prefix: tuple[str | int, ...]) -> None:
        table = schema.tables[table_name]
        places.extend((table_name, file, (*prefix, name)) for name in table.yaml_fields)
        for child in schema.children(table_name):
            walk(child.name, file, (*prefix, str(child.key), 0))
        if table.cites == "sources":
            places.extend((schema.sources.name, file, (*prefix, "sources", 0, k)) for k in schema.source_keys)

    for table_name, file in RECORDS.items():
        walk(table_name, file, ())
    return places


PLACES = _places()
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)
DANGEROUS = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "javascript:alert(1)",
        '=HYPERLINK("https://evil.example")',
        "+1",
        "-1",
        "@SUM(A1)",
        "\tx",
        "x\r\ny",
        "x\rBEGIN:VEVENT",
        "line\nBEGIN:VEVENT\nSUMMARY:fake",
        "::error file=x::forged",
        "\u202eevil",
        "O'Brien & Sons",
        "</script><!--",
        "\u2028",
        "1_000",
        "１２３",
        "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -",
        "> " * 300,
        "https://user@evil.example/",
        "https://example.org/a b",
        "mailto:a@example.org",
    ]
)
VALUES = st.one_of(
    TEXT,
    DANGEROUS,
    st.integers(),
    st.none(),
    st.lists(TEXT, max_size=3),
    st.dictionaries(TEXT, TEXT, max_size=3),
)


def _set(record: Any, path: tuple[str | int, ...], value: Any) -> None:
    """Put ``value`` at ``path``, making the lists and items on the way when the record lacks them."""
    *head, last = path
    node = record
    for step, following in zip(head, path[1:], strict=True):
        if isinstance(node, list):
            while len(node) <= int(step):
                node.append({} if isinstance(following, str) else [])
            if isinstance(following, str) and not isinstance(node[int(step)], dict):
                node[int(step)] = {"url": node[int(step)]}  # a source written as its address alone
            node = node[int(step)]
        else:
            if not isinstance(node.get(step), (dict, list)):
                node[step] = [] if isinstance(following, int) else {}
            node = node[step]
    if isinstance(node, list):
        node.append(value)
    else:
        node[last] = value


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.hrefs: list[str] = []
        self.data: list[str] = []
        self.text: list[str] = []
        self._in_script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self.hrefs += [v or "" for name, v in attrs if name in ("href", "src", "action", "formaction")]
        if tag == "script":
            self._in_script = dict(attrs).get("type") or ""
            self.scripts.append(self._in_script)
            self.data.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self.data[-1] += data
        else:
            self.text.append(data)


def _check_page(body: str) -> tuple[str, list[Any]]:
    """The page's text and its structured data, once the page is known to hold nothing active."""
    parsed = _Links()
    parsed.feed(body)
    parsed.close()
    assert parsed.handlers == []
    assert set(parsed.scripts) <= {"application/ld+json"}
    structured = [json.loads(data) for data in parsed.data]
    for href in parsed.hrefs:
        scheme = href.split(":", 1)[0].lower() if ":" in href.split("/", 1)[0] else ""
        if scheme == "webcal":  # only the site's own calendars, to subscribe to
            assert href.startswith(urls.webcal(SITE_URL, urls.data())) and href.endswith(".ics"), href
            continue
        assert scheme in ("", "http", "https", "mailto"), href
    return " ".join("".join(parsed.text).split()), structured


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [" ".join(value.split())] if isinstance(value, str) else []


# Plain-text fields every page that shows them prints as written (Markdown fields are rendered).
SHOWN = {"name", "title", "office"}


def _check_outputs(content: SiteContent, table: str, path: tuple[str | int, ...], value: Any) -> None:
    assert content.ok, [p.as_text() for p in content.problems if p.is_error]
    texts: list[str] = []
    structured: list[str] = []
    for page in content.pages:
        text, data = _check_page(page.body)
        texts.append(text)
        structured += _strings(data)
    shown = " ".join(unicodedata.normalize("NFC", value).split()) if isinstance(value, str) else ""
    if path[-1] in SHOWN and shown:
        assert any(shown in text for text in texts), f"{shown!r} is on no page as text"
        if path[-1] == "name" and table in ("cities", "candidates"):  # the kinds whose pages carry JSON-LD
            assert any(shown in data for data in structured), f"{shown!r} is not in the structured data"
    for download in content.downloads:
        if download.path.endswith(".ics"):
            calendar = icalendar.Calendar.from_ical(download.content)
            assert all(isinstance(event.get("summary"), str) for event in calendar.walk("VEVENT"))
        elif download.path.endswith(".csv.gz"):
            text = gzip.decompress(download.content).decode("utf-8")
            rows = list(csv.reader(io.StringIO(text, newline="")))
            assert len({len(row) for row in rows}) == 1, "every row has the header's columns"
            header = rows[0]
            if download.path == f"data/{table}.csv.gz" and isinstance(value, str) and path[-1] in header:
                column = [row[header.index(str(path[-1]))] for row in rows[1:]]
                assert value in column or f"'{value}" in column or any(value.strip() == c for c in column)
        elif download.path.endswith(".json"):
            json.loads(download.content)


def _mkdocs(root: Path, folder: Path) -> None:
    result = mkdocs_build(write_config(folder, root))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    json.loads((folder / "site" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))


@pytest.mark.slow  # builds the fixture site's pages for each example
@given(place=st.sampled_from(PLACES), value=VALUES)
@example(place=("candidates", RECORDS["candidates"], ("name",)), value="Ben Ostrander\n::notice title=x::y")
@example(place=("cities", RECORDS["cities"], ("name",)), value="Maple Falls\nBEGIN:VEVENT")
@example(place=("candidates", RECORDS["candidates"], ("bio",)), value="- " * 500)
@example(place=("candidates", RECORDS["candidates"], ("name",)), value="=cmd|' /C calc'!A0")
@example(place=("candidates", RECORDS["candidates"], ("candidacies", 0, "votes")), value="１２３４５")
@example(place=("cities", RECORDS["cities"], ("name",)), value="0")
@example(place=("organizations", RECORDS["organizations"], ("name",)), value="0")
@example(place=("officeholders", RECORDS["cities"], ("officeholders", 0, "candidate")), value="0")
def test_a_hostile_value_is_refused_or_published_safely(
    place: tuple[str, str, tuple[str | int, ...]], value: Any
) -> None:
    table, file, path = place
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "records"
        shutil.copytree(FIXTURE, root)
        record = yaml.safe_load((root / file).read_text(encoding="utf-8"))
        _set(record, path, value)
        (root / file).write_text(yaml.safe_dump(record, allow_unicode=False, sort_keys=False), encoding="utf-8")
        content = build_site(root, Settings(today=TODAY, site_url=SITE_URL))
        errors = [p for p in content.problems if p.is_error]
        for problem in content.problems:
            assert problem.line >= 1 and problem.column >= 1, problem
            assert isinstance(problem.code, Code)
            assert (root / problem.path).exists() or problem.path.startswith(str(Path(file).parent)), problem
        if errors:
            return
        _check_outputs(content, table, path, value)
        if LONG:
            _mkdocs(root, Path(folder))
