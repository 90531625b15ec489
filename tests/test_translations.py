"""A record's own translation of its text: shown on the pages in its language and credited there, checked as every
other list item is, and never standing in for the record's text on the English pages."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from record_changes import change_record

from site_builder.directory.build import build_directory
from site_builder.records.problems import Code
from site_builder.records.validate import validate_directory
from site_builder.site.pages import Page, Settings, build_pages

FIXTURE = Path(__file__).parent / "fixtures" / "site"
TODAY = dt.date(2026, 11, 21)
SETTINGS = Settings(today=TODAY, feeds=False, languages=("es",))


def pages_of(root: Path) -> dict[str, Page]:
    tables, problems = validate_directory(root, TODAY)
    assert [p.as_text() for p in problems if p.is_error] == []
    return {page.url: page for page in build_pages(build_directory(tables), SETTINGS)}


def test_a_topic_is_named_in_spanish_on_the_spanish_pages_with_its_translator_credited() -> None:
    pages = pages_of(FIXTURE)
    topic = pages["es/topics/housing/"]
    assert topic.title == "Vivienda"
    assert "<h1>Vivienda</h1>" in topic.body
    assert '<p class="cc-lead">Hogares que la gente pueda pagar, y conservarlos.</p>' in topic.body
    assert (
        "El nombre y la descripción del tema están traducidos de su registro "
        '(«<span lang="en">Housing</span>») por Ana Torres.' in topic.body
    )
    candidate = pages["es/vt/burlington/avery-quillfeather/"].body
    assert '<a href="../../../topics/housing/">Vivienda</a></h3>' in candidate
    assert "Vivienda" in pages["es/topics/"].body and "Vivienda en Vermont" in pages["es/topics/housing/vt/"].title
    # A topic with no translation keeps its record's name; the English pages keep the record's text.
    assert pages["es/topics/transit/"].title == "Transit"
    english = pages["topics/housing/"]
    assert english.title == "Housing" and "Vivienda" not in english.body and "Ana Torres" not in english.body


def test_a_translation_needs_its_translator_and_a_language_the_site_is_written_in(tmp_path: Path) -> None:
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)

    def edit(record: dict[str, object]) -> None:
        record["translations"] = [
            {"language": "es", "name": "Vivienda"},
            {"language": "fr", "name": "Logement", "translator": "Jean Dupont"},
        ]

    path = change_record(root, "topics/housing.yml", edit)
    lines = path.read_text(encoding="utf-8").splitlines()
    _, problems = validate_directory(root, TODAY)
    found = [(p.code, p.path, p.line, p.field) for p in problems if p.is_error]
    assert found == [
        (Code.REQUIRED, "topics/housing.yml", lines.index("  - language: es") + 1, "translations[1].translator"),
        (Code.NOT_ALLOWED, "topics/housing.yml", lines.index("  - language: fr") + 1, "translations[2].language"),
    ]


def test_a_candidates_biography_and_an_organisations_description_in_spanish_are_credited(tmp_path: Path) -> None:
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)
    bio = {"language": "es", "bio": "Organizadora de *inquilinos*.", "translator": "la campaña de Avery Quillfeather"}
    change_record(root, "candidates/vt/burlington/avery-quillfeather.yml", lambda r: r.update(translations=[bio]))
    about = {"language": "es", "description": "Una coalición ficticia.", "translator": "Ana Torres"}
    change_record(root, "organizations/green-streets-coalition.yml", lambda r: r.update(translations=[about]))
    pages = pages_of(root)
    spanish = pages["es/vt/burlington/avery-quillfeather/"].body
    assert "<p>Organizadora de <em>inquilinos</em>.</p>" in spanish
    assert "Traducido del inglés del registro por la campaña de Avery Quillfeather." in spanish
    assert "campaign biography" not in spanish
    english = pages["vt/burlington/avery-quillfeather/"].body
    assert "campaign biography" in english and "Organizadora" not in english and "Traducido" not in english
    organization = pages["es/organizations/green-streets-coalition/"].body
    assert "<p>Una coalición ficticia.</p>" in organization
    assert "Traducido del inglés del registro por Ana Torres." in organization
    assert "Una coalición" not in pages["organizations/green-streets-coalition/"].body


def test_record_text_shown_as_its_record_gives_it_is_marked_english_on_the_spanish_pages_only() -> None:
    """WCAG 3.1.2: a screen reader reads a bio or a position in English when the page around it is Spanish; the
    English pages, and a record's own translation, need no mark."""
    pages = pages_of(FIXTURE)
    spanish = pages["es/vt/burlington/avery-quillfeather/"].body
    assert '<h2>Biografía</h2><p lang="en">A fictional <strong>former bus driver</strong>' in spanish
    assert '<li><p lang="en">Backs a <em>just-cause eviction</em> ordinance' in spanish
    assert '<nav class="cc-breadcrumbs" aria-label="Ruta de navegación"' in spanish
    assert "Breadcrumb" not in spanish
    # The lead names the topics as the Spanish pages do, by their translation where the topic has one, and links
    # to the candidate's positions on each; a topic's name as its record gives it is marked English.
    assert ' Temas: <a href="#housing">Vivienda</a>, <a href="#transit"><span lang="en">Transit</span></a>.' in spanish
    assert '<h3 id="transit"><a href="../../../topics/transit/"><span lang="en">Transit</span></a></h3>' in spanish
    assert '<h1><span lang="en">Transit</span></h1>' in pages["es/topics/transit/"].body
    assert "<h1>Vivienda</h1>" in pages["es/topics/housing/"].body
    english = pages["vt/burlington/avery-quillfeather/"].body
    assert "lang=" not in english
    assert "<li><p>Backs a <em>just-cause eviction</em> ordinance" in english
    assert '<nav class="cc-breadcrumbs" aria-label="Breadcrumb"' in english
    assert ' Topics: <a href="#housing">Housing</a>, <a href="#transit">Transit</a>.' in english
    # A topic's description: marked where the topic has no translation, not where it has one.
    assert '<p class="cc-lead" lang="en">' in pages["es/topics/transit/"].body
    assert '<p class="cc-lead">Hogares que la gente pueda pagar' in pages["es/topics/housing/"].body


def test_a_translated_biography_is_not_marked_english(tmp_path: Path) -> None:
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)
    bio = {"language": "es", "bio": "Organizadora de inquilinos.", "translator": "la campaña de Avery Quillfeather"}
    change_record(root, "candidates/vt/burlington/avery-quillfeather.yml", lambda r: r.update(translations=[bio]))
    spanish = pages_of(root)["es/vt/burlington/avery-quillfeather/"].body
    assert "<h2>Biografía</h2><p>Organizadora de inquilinos.</p>" in spanish
    assert '<li><p lang="en">Backs a <em>just-cause eviction</em> ordinance' in spanish  # its positions still are


STATE = """# yaml-language-server: $schema=../schema/state.schema.json
name: Vermont
election_days:
  - kind: general
    set_by: state-law
    years: odd
    month: 11
    week: first-after-first-monday
    weekday: tuesday
    statute: Example Stat. 17-2681
    source: https://example.org/statutes/17-2681
  - kind: primary
    set_by: city-charter
    applies_to: Cities with a primary
    statute: Example Stat. 17-2680
    source: https://example.org/statutes/17-2680
sources:
  - https://example.org/vermont
last_verified: 2026-10-01
"""


def test_the_state_pages_next_election_days_read_in_spanish(tmp_path: Path) -> None:
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)
    (root / "states").mkdir()
    (root / "states/vt.yml").write_text(STATE, encoding="utf-8")
    pages = pages_of(root)
    spanish = " ".join(re.sub(r"<[^>]+>", "", pages["es/vt/"].body).split())
    assert (
        "Los próximos días de elecciones municipales ordinarias que fija la ley estatal: "
        "elección general el 2 de noviembre de 2027 (Example Stat. 17-2681)." in spanish
    )
    # A day each city's charter sets: its kind in Spanish, and the record's words on whom it applies to in English.
    city = pages["es/vt/montpelier/"].body
    assert (
        'El día de las elecciones primarias de Montpelier lo fija su carta municipal (<span lang="en">cities with a '
        'primary</span>), según lo dispuesto en <a href="https://example.org/statutes/17-2680"' in city
    )
    english = " ".join(re.sub(r"<[^>]+>", "", pages["vt/"].body).split())
    assert (
        "The next regular city election days the state's law fixes: general November 2, 2027 "
        "(Example Stat. 17-2681)." in english
    )
