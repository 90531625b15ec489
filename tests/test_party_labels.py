"""Party labels as results print them, explained once a city page by the state record's cited table."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from site_builder.directory.build import build_directory
from site_builder.importers import nyc_rcv
from site_builder.records.problems import errors
from site_builder.records.validate import validate_directory
from site_builder.site.pages import Settings, build_pages

TODAY = dt.date(2025, 10, 15)
REPOSITORY = Path(__file__).parents[1]
STATE = """
name: Minnesota
party_labels:
  - label: IFP
    name: Independent Forward Party
    source:
      url: https://example.org/parties
      title: The parties on the ballot
      publisher: Example Elections Office
  - label: UNUSED
    name: A party no candidacy of the page gives
    source: https://example.org/parties
sources:
  - https://example.org/state
"""


def city_page(root: Path) -> str:
    tables, problems = validate_directory(root, TODAY)
    assert [p.as_text() for p in errors(problems)] == []
    pages = {page.url: page for page in build_pages(build_directory(tables), Settings(today=TODAY))}
    return pages["mn/minneapolis/"].body


def test_a_label_the_state_explains_is_named_once_with_its_source(
    records: Path, write: Callable[[Path, str, str], Path]
) -> None:
    assert '<p class="cc-parties">' not in city_page(records)
    write(records, "states/mn.yml", STATE)
    path = records / "candidates/mn/minneapolis/jane-doe.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["candidacies"][-1]["party"] = "IFP"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    body = city_page(records)
    lines = re.findall(r'<p class="cc-parties">(.*?)</p>', body, re.S)
    assert len(lines) == 1
    text = re.sub(r"<[^>]+>", "", lines[0])
    assert text.startswith("Party labels as the results print them: IFP, Independent Forward Party")
    assert "Source: The parties on the ballot (Example Elections Office)" in text
    assert "UNUSED" not in text
    assert '<span class="cc-tag"><bdi>IFP</bdi></span>' in body


def test_a_label_without_its_source_is_refused_at_its_line(
    records: Path, write: Callable[[Path, str, str], Path]
) -> None:
    write(records, "states/mn.yml", STATE.replace("    source: https://example.org/parties\n", ""))
    _, problems = validate_directory(records, TODAY)
    found = [p.as_text() for p in errors(problems)]
    assert len(found) == 1
    assert found[0].startswith("states/mn.yml:9:")
    assert "source" in found[0]


def test_new_yorks_party_names_are_those_the_state_record_cites() -> None:
    record = yaml.safe_load((REPOSITORY / "states/ny.yml").read_text(encoding="utf-8"))
    cited = {item["label"]: item["name"] for item in record["party_labels"]}
    assert all(item["source"]["url"].startswith("https://") for item in record["party_labels"])
    assert cited == nyc_rcv.PARTIES
