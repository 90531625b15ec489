"""The search's list of names: what each shard holds, in what order, and that the page's script folds and splits a
query exactly as the build folded and split the names (checked against the script itself, run by Node)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.directory.build import build_directory
from site_builder.records.validate import validate_directory
from site_builder.site.names import FOLDER, KEY_LENGTH, KEYS, fold, names_index, shard_name, words
from site_builder.site.pages import Settings, build_pages

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(__file__).parent / "fixtures" / "site"
TODAY = dt.date(2026, 11, 21)
SCRIPT = ROOT / "docs" / "assets" / "search.js"


@pytest.fixture(scope="module")
def shards() -> dict[str, object]:
    tables, problems = validate_directory(SITE, TODAY)
    assert [p for p in problems if p.is_error] == []
    pages = build_pages(build_directory(tables), Settings(today=TODAY, languages=("es",)))
    return {d.path: json.loads(d.content) for d in names_index(pages)}


def test_names_are_folded_without_accents_apostrophes_or_capitals() -> None:
    assert fold("Ñúñez O'Brien") == "nunez obrien"
    assert fold("O’Brien") == fold("OBrien") == "obrien"
    assert words("Marisol González-Ruiz") == ["marisol", "gonzalez", "ruiz"]
    assert words("  İlhan  ") == ["ilhan"]


def test_a_shard_is_named_by_its_letters_or_their_bytes() -> None:
    assert shard_name("chu") == "chu"
    assert shard_name("søn") == "x73c3b86e"
    assert shard_name("李") == "x" + "李".encode().hex()


def test_a_name_is_listed_under_the_first_letters_of_each_of_its_words(shards: dict[str, object]) -> None:
    entry = [
        "or/eugene/marisol-gonzalez/",
        "Marisol González – City Council, Ward 2, Eugene, OR",
        "2027 · City Council, Ward 2 · Announced",
        "Marisol González",
    ]
    assert entry in shards[f"{FOLDER}/en/gon.json"]  # type: ignore[operator]
    assert entry in shards[f"{FOLDER}/en/mar.json"]  # type: ignore[operator]
    keys = shards[f"{FOLDER}/en/{KEYS}"]
    assert isinstance(keys, list) and "gon" in keys and keys == sorted(keys)
    assert {path.rsplit("/", 1)[1] for path in shards if path.startswith(f"{FOLDER}/en/")} == {
        f"{key}.json" for key in keys
    } | {KEYS}


def test_each_language_has_its_shards_with_its_pages_and_words(shards: dict[str, object]) -> None:
    spanish = shards[f"{FOLDER}/es/gon.json"]
    assert isinstance(spanish, list)
    assert spanish[0] == [
        "es/or/eugene/marisol-gonzalez/",
        "Marisol González – City Council, Ward 2, Eugene, OR",
        "2027 · City Council, Ward 2 · Anunciada",
        "Marisol González",
    ]


def test_a_city_answers_to_its_name_and_its_officeholders_after_the_people(shards: dict[str, object]) -> None:
    burlington = shards[f"{FOLDER}/en/bur.json"]
    assert isinstance(burlington, list)
    assert [entry[0] for entry in burlington] == ["vt/burlington/"]
    listed = [entry for entry in shards[f"{FOLDER}/en/gid.json"]]  # type: ignore[attr-defined]
    assert listed[0][0] == "or/eugene/gideon-ashworth/"


def test_the_scripts_shortest_query_is_the_shards_key_length() -> None:
    shortest = re.search(r"const SHORTEST = (\d+);", SCRIPT.read_text(encoding="utf-8"))
    assert shortest and int(shortest.group(1)) == KEY_LENGTH


def _script_words(texts: list[str]) -> list[list[str]]:
    """``words()`` of ``assets/search.js``, as the browser runs it, for each of ``texts``."""
    source = SCRIPT.read_text(encoding="utf-8")
    function = re.search(r"\n  function words\(text\) \{\n.*?\n  \}\n", source, re.DOTALL)
    assert function, "assets/search.js has no function words(text)"
    program = f"{function.group(0)}\nconsole.log(JSON.stringify(JSON.parse(require('fs').readFileSync(0)).map(words)));"
    node = shutil.which("node")
    assert node, "the names' folding is checked against the page's script with Node (make test installs it)"
    out = subprocess.run([node, "-e", program], input=json.dumps(texts), capture_output=True, text=True, check=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


NAMEISH = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Co", "Cn")), min_size=0, max_size=24)


@settings(max_examples=40, deadline=None)
@given(st.lists(NAMEISH, min_size=1, max_size=50))
def test_the_page_splits_and_folds_as_the_build_does(texts: list[str]) -> None:
    samples = [*texts, "Ñúñez O'Brien", "José-María Ñandú", "Đặng Thị", "Ægir Øre", "ǅemal", "ﬁnn", "Straße"]
    assert _script_words(samples) == [words(text) for text in samples]
