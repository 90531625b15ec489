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
from site_builder.site.names import (
    FOLDER,
    HEAD,
    KEY_LENGTH,
    KEYS,
    SHARD_BYTES,
    fold,
    names_index,
    plan,
    shard_name,
    words,
)
from site_builder.site.pages import Page, Settings, build_pages
from site_builder.site.search import SearchEntry

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
    assert isinstance(keys, dict) and keys["gon"] == 0 and list(keys) == sorted(keys)
    assert {path.rsplit("/", 1)[1] for path in shards if path.startswith(f"{FOLDER}/en/")} == {
        f"{key}.json" for key in keys
    } | {KEYS}


def test_a_common_beginning_is_split_into_longer_ones_keeping_its_first_entries() -> None:
    names = ["maria", "mark", "martin", "martinez", "mar", "mario", "marta", "olu"]
    words_of = [[name] for name in names] + [["martha", "olu"]]
    shards = plan(words_of, sizes=[SHARD_BYTES // 4] * len(words_of))
    # "mar" holds too much: its shard keeps the first HEAD entries and "mar" itself; longer beginnings hold the rest.
    assert HEAD >= 8
    assert shards["mar"] == ([0, 1, 2, 3, 4, 5, 6, 8], True)
    assert shards["mart"] == ([2, 3, 6, 8], True)  # martin, martinez, marta, martha: split again
    assert shards["marti"] == ([2, 3], False)
    assert shards["marth"] == ([8], False) and shards["marta"] == ([6], False)
    assert shards["mari"] == ([0, 5], False) and shards["mark"] == ([1], False)
    assert shards["olu"] == ([7, 8], False)
    every = {n for numbers, _ in shards.values() for n in numbers}
    assert every == set(range(len(words_of))), "every entry is in a shard"


LEILAS = ["Brook", "Burdockcott", "Cole", "Diaz", "Ennis", "Fox", "Gray", "Hale", "Ives", "Jones", "Kerr", "Lund"]
"""The surnames of twelve Leilas: one first name too common for one shard."""


def test_the_names_of_one_word_too_common_for_a_shard_are_split_by_their_other_words() -> None:
    words_of = [["leila", surname.lower()] for surname in LEILAS] + [["leila"], ["leilani", "brook"]]
    shards = plan(words_of, sizes=[SHARD_BYTES // 4] * len(words_of))
    # "leila" keeps its first entries and the Leila of no other word; "leila b" every Leila… of a word in b.
    assert shards["leila"] == ([*range(HEAD), 12], True)
    assert shards["leila b"] == ([0, 1, 13], False)  # Leila Brook, Leila Burdockcott, Leilani Brook
    assert shards["leila l"] == ([11], False)
    assert shards["leilan"] == ([13], False)
    every = {n for numbers, _ in shards.values() for n in numbers}
    assert every == set(range(len(words_of))), "every entry is in a shard"


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

    def page(url: str, title: str, kind: str, year: str, *called: str) -> Page:
        entry = SearchEntry(meta=(("year", year),), called=called)
        return Page(f"{url}index.md", title, "", "", kind=kind, entry=entry)

    pages = [
        page("xx/maple/", "Maple, XX", "city", "2027", "Maple", "Ada Quill"),
        page("xx/maple/ada-quill/", "Ada Quill – Mayor, Maple, XX", "candidate", "2023", "Ada Quill"),
        page("xx/maple/ada-reed/", "Ada Reed – Mayor, Maple, XX", "candidate", "2027", "Ada Reed"),
    ]
    ada = json.loads({d.path: d.content for d in names_index(pages)}[f"{FOLDER}/en/ada.json"])
    # People before the city whose officeholder shares the name, the latest race first.
    assert [entry[0] for entry in ada] == ["xx/maple/ada-reed/", "xx/maple/ada-quill/", "xx/maple/"]
    assert ada[2] == ["xx/maple/", "Maple, XX", "2027", "Maple", "Ada Quill"]


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


def _script_search(files: dict[str, bytes], queries: list[str]) -> list[dict[str, object]]:
    """What ``byName()`` of ``assets/search.js`` finds for each query, as the browser runs it, with the list of
    names ``files`` served: each result's address, whether it is partial, and the files it fetched."""
    source = SCRIPT.read_text(encoding="utf-8")
    block = re.search(r"\n  const SHORTEST = .*?\n(?=  const FILTERS)", source, re.DOTALL)
    assert block, "assets/search.js has no list-of-names block before FILTERS"
    served = {f"http://site.example/{path}": json.loads(content) for path, content in files.items()}
    program = f"""
const form = {{ dataset: {{ ccNames: "names/en/", ccRoot: "." }} }};
const location = {{ href: "http://site.example/" }};
const served = {json.dumps(served)};
const fetched = [];
globalThis.fetch = async (url) => {{
  fetched.push(url.split("/").pop());
  return {{ ok: url in served, json: async () => served[url] }};
}};
{block.group(0)}
(async () => {{
  const out = [];
  for (const query of {json.dumps(queries)}) {{
    fetched.length = 0;
    const found = await byName(query);
    const urls = found === null ? null : await Promise.all(found.map(async (r) => (await r.data()).url));
    out.push({{ urls, partial: found === null ? null : found.partial, fetched: [...fetched] }});
  }}
  console.log(JSON.stringify(out));
}})();
"""
    node = shutil.which("node")
    assert node, "the list of names is checked with the page's script, run by Node (make test installs it)"
    out = subprocess.run([node, "-e", program], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def small_shards(people: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The list of names of a candidate page for each of ``people`` (``xx/city/p<n>/``), in shards of 400 bytes."""
    pages = [
        Page(
            f"xx/city/p{n}/index.md",
            f"{name} – Mayor, City, XX",
            "",
            "",
            kind="candidate",
            entry=SearchEntry(meta=(("year", "2027"),), called=(name,)),
        )
        for n, name in enumerate(people)
    ]
    monkeypatch.setattr("site_builder.site.names.SHARD_BYTES", 400)
    return {d.path: d.content for d in names_index(pages)}


def test_the_page_finds_a_name_in_the_deepest_shard_of_its_beginning(monkeypatch: pytest.MonkeyPatch) -> None:
    people = ["Maria Lopez", "Mark Olu", "Martin Wu", "Lucia Martínez", "Marta Sol", "Mario Rossi", "Ana Mar"]
    people += [f"Marcus Person{n}" for n in range(12)]
    files = small_shards(people, monkeypatch)
    keys = json.loads(files["names/en/keys.json"])
    assert keys["mar"] == 1 and "mart" in keys, keys
    martinez, mar, nobody, short = _script_search(files, ["Martinez", "mar", "Zed", "Ma"])
    assert martinez["urls"] == ["http://site.example/xx/city/p3/"], martinez
    assert martinez["partial"] is False
    assert martinez["fetched"][-1] in {"mart.json", "marti.json", "martin.json"} and len(martinez["fetched"]) == 2
    # Three letters of a split beginning: the first entries, and Ana Mar, whose word it is; said to be partial.
    assert mar["partial"] is True
    assert "http://site.example/xx/city/p6/" in mar["urls"] and len(mar["urls"]) <= HEAD + 1  # type: ignore[arg-type]
    assert mar["fetched"] == ["mar.json"], "the list of shards is fetched once"
    assert nobody == {"urls": [], "partial": False, "fetched": []}, "no shard of 'zed': nothing fetched"
    assert short["urls"] is None, "two letters are left to Pagefind, on Enter"


def test_the_page_finds_a_common_first_name_and_a_letter_of_the_surname_in_their_shard(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = [f"Leila {surname}" for surname in LEILAS] + ["Leilani Brook"]
    files = small_shards(people, monkeypatch)
    # The list names the word's shard and the letters of its other shards, not each of those.
    keys = json.loads(files["names/en/keys.json"])
    assert keys["leila"] == "bcdefghijkl" and not [key for key in keys if "-" in key or " " in key], keys
    assert {f"names/en/leila-{letter}.json" for letter in "bcdefghijkl"} <= set(files)
    leila, leila_b, brook_leila = _script_search(files, ["Leila", "Leila B", "brook leila"])
    assert leila["partial"] is True and leila["fetched"] == ["keys.json", "leila.json"], leila
    # The first name and the surname's first letter: every such name, from the one shard of both.
    assert leila_b["partial"] is False
    assert leila_b["fetched"] == ["leila-b.json"], leila_b
    assert leila_b["urls"] == [f"http://site.example/xx/city/p{n}/" for n in (0, 1, 12)]
    # The surname typed in full is the longest word: its own shard answers.
    assert brook_leila["urls"] == ["http://site.example/xx/city/p0/", "http://site.example/xx/city/p12/"]
    assert brook_leila["fetched"] == ["bro.json"]


def test_a_letter_outside_ascii_names_its_shard_as_the_script_does(monkeypatch: pytest.MonkeyPatch) -> None:
    people = [f"Leila {surname}" for surname in LEILAS] + ["Leila Østby", "Leila Ørsted"]
    files = small_shards(people, monkeypatch)
    assert "ø" in json.loads(files["names/en/keys.json"])["leila"]
    assert "names/en/leila-" + shard_name("ø") + ".json" in files
    (found,) = _script_search(files, ["leila ø"])
    assert found["fetched"] == ["keys.json", f"leila-{shard_name('ø')}.json"], found
    assert found["urls"] == ["http://site.example/xx/city/p13/", "http://site.example/xx/city/p12/"], found
