"""One holder per seat at a time: Open States' people kept once a person, and each seat's holder in office
said with its basis (the shapes of Austin, San Francisco, Philadelphia, Savannah and Little Rock)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from record_changes import run_import

from site_builder.directory.build import build_directory
from site_builder.importers import officeholders
from site_builder.records.loader import load_file
from site_builder.records.problems import errors
from site_builder.records.validate import validate_directory
from site_builder.site.pages import Settings, build_pages

PEOPLE = Path(__file__).parent / "fixtures" / "openstates-seats" / "people"
TODAY = dt.date(2026, 12, 1)
AT = "https://github.com/openstates/people/blob/934bf09a94a35351baf872c70e778a4367c8266e/data"
WATSON = "ocd-person/603db6b7-89e7-488f-ac09-0da68b3dbce4"
WATSON_TOO = "ocd-person/b01406d8-8d24-4fc9-887f-d169b220a5dc"


def import_people(root: Path) -> Result:
    result = run_import("openstates", root, PEOPLE, today=TODAY.isoformat())
    assert result.exit_code == 0, result.output
    return result


def holders(root: Path, city: str) -> list[dict[str, object]]:
    data, problems = load_file(root / "cities" / f"{city}.yml", city)
    assert problems == [] and data is not None
    return list(data["officeholders"])


def text(body: str) -> str:
    """A page's officeholders as a voter reads them: the tags and the citations gone, the spaces collapsed."""
    start = body.index('<section class="cc-officeholders">')
    section = body[start : body.index("</section>", start)]
    section = re.sub(r'<span class="cc-cite"[^>]*>.*?</span>\s*</li>', "", section, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section)).strip()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "cities").mkdir()
    return tmp_path


@pytest.fixture
def pages(root: Path) -> dict[str, str]:
    import_people(root)
    tables, problems = validate_directory(root, TODAY)
    assert errors(problems) == []
    built = build_pages(build_directory(tables), Settings(today=TODAY))
    return {page.path.removesuffix("index.md"): page.body for page in built}


def test_one_person_in_two_files_of_a_city_is_one_officeholder_citing_both(root: Path) -> None:
    result = import_people(root)
    austin = holders(root, "tx/austin")
    assert [(h["name"], h["ocd_id"], h["status"], h.get("term_end")) for h in austin] == [
        ("Kirk Watson", WATSON, "current", "2029-01-06"),
        ("Steve Adler", "ocd-person/6dfb714a-6bc7-4cb9-8afc-ff6ee13a75e9", "former", "2023-01-05"),
    ]
    cited = [s["url"] for s in austin[0]["sources"] if isinstance(s, dict)]  # type: ignore[attr-defined]
    assert cited == [
        f"{AT}/tx/municipalities/Kirk-Watson-603db6b7-89e7-488f-ac09-0da68b3dbce4.yml",
        f"{AT}/tx/municipalities/Kirk-Watson-b01406d8-8d24-4fc9-887f-d169b220a5dc.yml",
    ]
    savannah = holders(root, "ga/savannah")
    assert [(h["name"], h["term_end"]) for h in savannah] == [("Van R. Johnson II", "2028-01-01")]
    assert len(savannah[0]["sources"]) == 4  # type: ignore[arg-type]  # three files and the city's page
    assert (
        "review: cities/ga/savannah.yml: `Van R. Johnson II` is in 3 Open States files of one city, whose names "
        "agree (data/ga/municipalities/Van-R-Johnson-II-31ddbce1-fe21-4dc6-a741-47a145ff3148.yml, "
        "data/ga/municipalities/Van-Johnson-7037800c-02c2-4ce2-bd71-9ec5f1d8b817.yml, "
        "data/ga/municipalities/Van-R-Johnson-II-7a04b8ce-79c6-41e4-85ee-ae93233764be.yml): kept as one "
        "officeholder with the terms of all"
    ) in result.output.splitlines()
    # Two people of one seat stay two: San Francisco and Philadelphia.
    assert [h["name"] for h in holders(root, "ca/san-francisco")] == ["Daniel Lurie", "London Breed"]
    assert [h["name"] for h in holders(root, "pa/philadelphia")] == ["Cherelle Parker", "Jim Kenney"]
    assert "0 files written" in import_people(root).output


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("Van Johnson", "Van R. Johnson II", True),
        ("Orla M. Penrose", "Orla Penrose", True),
        ("Orla M. Penrose", "Orla J. Penrose", False),
        ("Tobin Ashcroft Jr.", "Tobin Ashcroft Sr.", False),
        ("Tobin Ashcroft", "Tobin Ashcroft III", True),
        ("Tobin Ashcroft", "Tobias Ashcroft", False),
    ],
)
def test_names_of_one_city_are_one_person_unless_an_initial_or_a_suffix_differs(
    one: str, other: str, same: bool
) -> None:
    assert officeholders._same_person(one, other) is same


def test_an_entry_of_an_earlier_import_is_joined_into_its_persons_and_keeps_its_review(root: Path) -> None:
    (root / "cities" / "tx").mkdir()
    (root / "cities" / "tx" / "austin.yml").write_text(
        "name: Austin\n"
        "ocd_id: ocd-division/country:us/state:tx/place:austin\n"
        "officeholders:\n"
        f"  - office: Mayor\n    name: Kirk Watson\n    ocd_id: {WATSON}\n    status: current\n"
        "    term_end: 2029-01-06\n    sources:\n"
        f"      - {AT}/tx/municipalities/Kirk-Watson-603db6b7-89e7-488f-ac09-0da68b3dbce4.yml\n"
        f"  - office: Mayor\n    name: Kirk Watson\n    ocd_id: {WATSON_TOO}\n    status: current\n"
        "    term_end: 2025-01-06\n    sources:\n"
        f"      - {AT}/tx/municipalities/Kirk-Watson-b01406d8-8d24-4fc9-887f-d169b220a5dc.yml\n"
        "      - https://www.austintexas.gov/news/mayor-watson-sworn-in\n"
        "sources:\n  - https://www.austintexas.gov/\n"
        "last_verified: 2026-11-01\n",
        encoding="utf-8",
    )
    result = import_people(root)
    assert f"  join into {WATSON} in officeholders: {WATSON_TOO}" in result.output.splitlines()
    austin = holders(root, "tx/austin")
    assert [(h["name"], h["ocd_id"]) for h in austin] == [("Kirk Watson", WATSON), ("Steve Adler", austin[1]["ocd_id"])]
    assert "https://www.austintexas.gov/news/mayor-watson-sworn-in" in austin[0]["sources"]  # type: ignore[operator]
    assert "0 files written" in import_people(root).output


def test_each_seat_has_one_holder_in_office_and_a_followed_one_is_former_with_its_basis(
    pages: dict[str, str],
) -> None:
    assert text(pages["ca/san-francisco/"]) == (
        "Officeholders In office Daniel Lurie , Mayor Term ends January 8, 2029, as the source gives it. "
        "Former officeholders London Breed , Mayor Term ended January 8, 2025, as the source gives it. "
        "Open States still lists this term as current; the later term of Daniel Lurie follows it."
    )
    philadelphia = text(pages["pa/philadelphia/"])
    assert philadelphia.startswith("Officeholders In office Cherelle Parker , Mayor Term ends January 1, 2028")
    assert philadelphia.count("Mayor") == 2 and "the later term of Cherelle Parker follows it" in philadelphia
    assert text(pages["tx/austin/"]).count("Kirk Watson") == 1
    assert text(pages["ga/savannah/"]).count("Johnson") == 1


def test_a_latest_holder_whose_term_end_passed_is_said_in_one_line(pages: dict[str, str]) -> None:
    assert text(pages["ar/little-rock/"]) == (
        "Officeholders Latest recorded Frank D. Scott, Jr. , Mayor Open States lists this term as ended on "
        "November 8, 2022 and records no later holder of this office."
    )
    assert "Former" not in pages["ar/little-rock/"]


def test_a_holder_in_office_whose_term_end_passed_is_said_in_one_line(root: Path) -> None:
    import_people(root)
    tables, _ = validate_directory(root, TODAY)
    later = build_pages(build_directory(tables), Settings(today=dt.date(2029, 2, 1)))
    austin = text(next(page.body for page in later if page.path == "tx/austin/index.md"))
    assert austin.startswith(
        "Officeholders In office Kirk Watson , Mayor Democratic In office according to Open States, whose term end "
        "of January 6, 2029 has passed. Former officeholders Steve Adler"
    )
    assert "May be out of date" not in austin


# --- officeholders where voters look for people, and ties (fictional records) ------------------------

TOWN = (
    "name: Lark Hollow\n"
    "ocd_id: ocd-division/country:us/state:vt/place:lark_hollow\n"
    "elections:\n"
    "  - date: 2025-11-04\n    kind: general\n    offices:\n      - office: Mayor\n"
    "        source: https://elections.example.org/results-2025\n"
    "    sources:\n      - https://elections.example.org/2025-general\n"
    "officeholders:\n"
    "  - office: Mayor\n    name: Wren Halvorsen\n    status: current\n    term_start: 2026-01-05\n"
    "    term_end: 2029-01-01\n    candidate: vt/lark-hollow/wren-halvorsen\n"
    "    sources:\n      - url: https://lark-hollow.example.gov/mayor\n        publisher: City of Lark Hollow\n"
    "  - office: Mayor\n    name: Osric Tamblyn\n    status: former\n    term_end: 2026-01-05\n"
    "    sources:\n      - url: https://lark-hollow.example.gov/past-mayors\n        publisher: City of Lark Hollow\n"
    "sources:\n  - https://lark-hollow.example.gov/\n"
    "last_verified: 2026-11-01\n"
)


def candidate(name: str, votes: int) -> str:
    return (
        f"name: {name}\ncandidacies:\n  - election: 2025-11-04-general\n    office: Mayor\n    votes: {votes}\n"
        "    source: https://elections.example.org/results-2025\n"
        "sources:\n  - https://elections.example.org/results-2025\nlast_verified: 2026-11-01\n"
    )


@pytest.fixture
def town(tmp_path: Path) -> dict[str, object]:
    (tmp_path / "cities" / "vt").mkdir(parents=True)
    (tmp_path / "cities" / "vt" / "lark-hollow.yml").write_text(TOWN, encoding="utf-8")
    folder = tmp_path / "candidates" / "vt" / "lark-hollow"
    folder.mkdir(parents=True)
    (folder / "wren-halvorsen.yml").write_text(candidate("Wren Halvorsen", 412), encoding="utf-8")
    (folder / "piers-okafor.yml").write_text(candidate("Piers Okafor", 412), encoding="utf-8")
    tables, problems = validate_directory(tmp_path, TODAY)
    assert errors(problems) == []
    return {
        page.path.removesuffix("index.md"): page for page in build_pages(build_directory(tables), Settings(today=TODAY))
    }


def plain(body: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_an_officeholder_who_is_a_candidate_has_the_office_and_term_on_their_page(town: dict[str, Any]) -> None:
    wren = town["vt/lark-hollow/wren-halvorsen/"].body
    assert "<h2>Offices held</h2>" in wren
    assert '<p class="cc-name">Mayor of <a href="../#officeholders">Lark Hollow, VT</a>: in office.</p>' in wren
    assert "Term began January 5, 2026. Term ends January 1, 2029, as the source gives it." in plain(wren)
    assert "https://lark-hollow.example.gov/mayor" in wren
    assert "Offices held" not in town["vt/lark-hollow/piers-okafor/"].body
    city = town["vt/lark-hollow/"].body
    assert '<p class="cc-name"><a href="wren-halvorsen/"><bdi>Wren Halvorsen</bdi></a>, Mayor</p>' in city


def test_officeholders_are_found_by_search_on_their_city_and_candidate_pages(town: dict[str, Any]) -> None:
    city = town["vt/lark-hollow/"].entry.filters
    assert ("kind", "city") in city and ("kind", "officeholder") in city and ("office", "Mayor") in city
    assert ("kind", "officeholder") in town["vt/lark-hollow/wren-halvorsen/"].entry.filters
    assert ("kind", "officeholder") not in town["vt/lark-hollow/piers-okafor/"].entry.filters


def test_a_tie_is_said_as_a_tie_and_the_officeholder_record_says_who_took_office(town: dict[str, Any]) -> None:
    line = (
        "Tied at 412 votes; the source does not say how the tie was broken. Wren Halvorsen took office as Mayor on "
        "January 5, 2026, according to City of Lark Hollow."
    )
    for page in ("vt/lark-hollow/", "vt/lark-hollow/piers-okafor/", "vt/lark-hollow/wren-halvorsen/"):
        body = plain(town[page].body)
        assert line in body, page
        assert "the status" not in body, page
    okafor = plain(town["vt/lark-hollow/piers-okafor/"].body)
    assert "General election (held): Mayor. Tied. 412 votes" in okafor, okafor[okafor.index("General") :][:120]
