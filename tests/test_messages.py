"""The message catalogue: extracted from the code and templates as committed, translated in full, used by the pages."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from site_builder.adapters.cli import main
from site_builder.directory.build import build_directory
from site_builder.records.validate import validate_directory
from site_builder.site import i18n
from site_builder.site.pages import Page, PageBuilder, Settings, build_pages

ROOT = Path(__file__).parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "directory"
SETTINGS = Settings(
    repo_url="https://github.com/example/directory", site_url="https://example.org/cc/", today=dt.date(2026, 11, 21)
)
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def catalogue(path: Path, locale: str | None = None) -> list[tuple[str | tuple[str, ...], str | tuple[str, ...]]]:
    return [(msgid, string) for (_, msgid), string in entries(path, locale).items()]


def entries(path: Path, locale: str | None = None) -> dict[tuple[str | None, str | tuple[str, ...]], Any]:
    """Each message of a catalogue by its context and id (one English word may have several meanings)."""
    with path.open("rb") as file:
        catalog = read_po(file, locale=locale)
    return {(message.context, message.id): message.string for message in catalog if message.id}


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_the_catalogue_is_what_extraction_gives() -> None:
    assert i18n.stale_messages(ROOT) == []
    result = CliRunner().invoke(main, ["messages", "--check", "--root", str(ROOT)])
    assert result.exit_code == 0, result.output


def test_the_check_fails_on_a_catalogue_out_of_date(tmp_path: Path) -> None:
    """A copy of the package whose template gained a string: the check names both files, writing fixes them."""
    package = tmp_path / "site_builder"
    templates = package / "site" / "templates"
    templates.mkdir(parents=True)
    (templates / "page.html").write_text('<p>{{ _("A string not in the catalogue") }}</p>\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["messages", "--check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "site_builder/site/locale/messages.pot: out of date; run `site-builder messages`" in result.output
    assert "site_builder/site/locale/es/LC_MESSAGES/messages.po: out of date" in result.output
    assert CliRunner().invoke(main, ["messages", "--root", str(tmp_path)]).exit_code == 0
    assert i18n.stale_messages(tmp_path) == []
    written = tmp_path / i18n.po_path("es").relative_to(ROOT)
    assert catalogue(written, "es") == [("A string not in the catalogue", "")]


def test_every_message_has_its_spanish_translation_with_the_same_placeholders() -> None:
    """A translation marked fuzzy (guessed from a similar string by `site-builder messages`) is not used by the
    pages until a translator has checked it and removed the mark."""
    with i18n.po_path("es").open("rb") as file:
        fuzzy = [message.id for message in read_po(file, locale="es") if message.id and message.fuzzy]
    assert fuzzy == []
    template = entries(i18n.TEMPLATE)
    spanish = entries(i18n.po_path("es"), "es")
    assert len(template) > 100
    assert set(spanish) == set(template)
    assert (None, "Upcoming") not in spanish and ("an election", "Upcoming") in spanish
    untranslated = []
    for (_, msgid), msgstr in spanish.items():
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        strings = msgstr if isinstance(msgstr, tuple) else (msgstr,)
        if isinstance(msgid, tuple):
            assert len(strings) == 2, msgid  # nplurals=2: one, other
        for string in strings:
            if not string:
                untranslated.append(msgid)
            # Each form has the placeholders of its English form (the plural one for "other").
            english = ids[0] if string is strings[0] else ids[-1]
            assert placeholders(string) == placeholders(english), (msgid, string)
    assert untranslated == []


def test_english_is_the_strings_themselves() -> None:
    assert i18n.gettext("Sources") == "Sources"
    assert i18n.gettext("Sources", "en_US") == "Sources"
    assert i18n.gettext("Sources", "es") == "Fuentes"
    assert i18n.ngettext("%(votes)s vote", "%(votes)s votes", 1, "es") == "%(votes)s voto"
    assert i18n.ngettext("%(votes)s vote", "%(votes)s votes", 2, "es") == "%(votes)s votos"
    with pytest.raises(ValueError, match="no translations into 'fr'"):
        i18n.translations("fr")


@pytest.fixture(scope="module")
def spanish() -> PageBuilder:
    tables, problems = validate_directory(FIXTURE, SETTINGS.today)
    assert [p for p in problems if p.is_error] == []
    return PageBuilder(build_directory(tables), SETTINGS, locale="es")


@pytest.fixture(scope="module")
def spanish_candidate(spanish: PageBuilder) -> Page:
    candidate = next(c for c in spanish.directory.candidates if c.id.endswith("ada-quill"))
    return spanish.candidate(candidate)


def test_a_candidate_page_in_spanish(spanish_candidate: Page) -> None:
    body = spanish_candidate.body
    for spanish in [
        "<span aria-current",
        ">Inicio</a>",
        "<h2>En la boleta</h2>",
        "<h2>Respaldos</h2>",
        "Editar este registro",
        "Informar una corrección",
        "Fuente:",
        "Verificado por última vez:",
    ]:
        assert spanish in body, spanish
    for english in [
        ">Home<",
        "On the ballot",
        "<h2>Endorsements</h2>",
        "<h2>Sources</h2>",
        "Edit this record",
        "Report a correction",
        "Source:",
        "Last verified",
        "Not recorded yet",
        "Candidate for ",
        "Ran for ",
    ]:
        assert english not in body, english
    assert spanish_candidate.description.endswith(": propuestas, respaldos y fuentes.")


def test_a_city_page_in_spanish(spanish: PageBuilder) -> None:
    city = next(c for c in spanish.directory.cities if c.id == "vt/maple-falls")
    page = next(iter(spanish.city(city)))
    assert page.title == "Maple Falls, VT"
    assert page.description.startswith("Elecciones y candidatos en Maple Falls, Vermont: contiendas, propuestas")
    for spanish_text in ['<h2 id="how-to-vote">Cómo votar</h2>', "<p>En esta página:</p>", "Método de votación:"]:
        assert spanish_text in page.body, spanish_text
    for english in ["How to vote", "On this page", "Voting method", "Next election", "Officeholders", "On the ballot"]:
        assert english not in page.body, english


def english_fragments() -> list[str]:
    """The English words of the catalogue a Spanish page may not hold: each stretch of a message between its
    placeholders and markup, long enough to be the interface's rather than a record's, that its Spanish
    translation does not keep."""
    with i18n.po_path("es").open("rb") as file:
        catalog = read_po(file, locale="es")
    fragments = set()
    for message in catalog:
        # An office's name, which the Spanish search is given words for, is a record's text on the pages.
        if not message.id or message.context == "search words of an office":
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            for piece in re.split(r"%\(\w+\)s|<[^>]*>|&\w+;|[“”«»]", english):
                fragment = piece.strip(" .,:;()–-")
                if len(fragment) >= 12 and " " in fragment and not any(fragment in string for string in strings):
                    fragments.add(fragment)
    # The directory's name, which its open data asks to be cited by as it is published.
    return sorted(fragments - {"City Candidates"})


def test_every_page_type_in_spanish_has_no_english_interface_string(spanish: PageBuilder) -> None:
    """Every Spanish page of the fixture directory, split into series to have their navigation too; the field
    reference stays English and has no Spanish page."""
    fragments = english_fragments()
    assert len(fragments) > 200
    assert "Compare the candidates" in fragments and "Not recorded yet" in fragments
    small = Settings(**{**SETTINGS.__dict__, "page_budget": 3000, "languages": ("es",)})
    pages = [p for p in build_pages(spanish.directory, small) if p.language == "es"]
    assert {p.kind for p in pages} >= {"home", "hub", "state", "city", "candidate", "compare", "guide", "topic"}
    assert not any(p.kind == "reference" for p in pages)
    words = [(english, re.compile(rf"\b{re.escape(english)}\b")) for english in fragments]
    found = [
        (p.path, english)
        for p in pages
        for text in (html.unescape(re.sub(r"<[^>]*>", " ", p.body)), p.title, p.description)
        for english, pattern in words
        if pattern.search(re.sub(r"\s+", " ", text))
    ]
    assert found == []


def test_every_title_of_the_navigation_and_the_copyright_line_are_in_the_catalogue() -> None:
    """mkdocs.yml's words, which the theme's templates translate: each must be marked in the plugin's THEME_WORDS,
    else the Spanish pages would show it in English."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    titles = re.findall(r"^  - ([^:]+): \S+\.md$", config, re.MULTILINE)
    copyright_line = re.search(r"^copyright: (.*)$", config, re.MULTILINE)
    assert copyright_line is not None and len(titles) == 7, titles
    spanish = dict(catalogue(i18n.po_path("es"), "es"))
    assert [(words, spanish.get(words)) for words in [*titles, copyright_line[1]] if not spanish.get(words)] == []
    assert spanish["Contribute"] == "Colaborar (en inglés)" and spanish["Open data"] == "Datos abiertos"


def test_a_date_that_begins_a_heading_begins_with_a_capital_in_spanish(spanish: PageBuilder) -> None:
    """Spanish writes its months in small letters; a heading that begins with one begins with a capital, and the
    same date inside a sentence keeps its small letter."""
    city = next(c for c in spanish.directory.cities if c.id == "or/cedar-bend")
    body = next(iter(spanish.city(city))).body
    assert '<h3 id="2027-05-primary">Mayo de 2027: Elección primaria</h3>' in body
    assert "mayo de 2027: Elección" not in body
    candidate = next(c for c in spanish.directory.candidates if c.id.endswith("cora-lindqvist"))
    assert "<strong>Mayo de 2027: Elección primaria</strong>" in spanish.candidate(candidate).body


def test_one_english_word_with_several_meanings_has_an_entry_for_each() -> None:
    """``Upcoming`` and ``Other`` by their context (an election or a heading; a form of government, which is
    feminine in Spanish, or a kind of link); the counts by their plural forms."""
    assert i18n.pgettext("an election", "Upcoming", "es") == "Próxima"
    assert i18n.pgettext("heading of the elections to come", "Upcoming", "es") == "Próximas elecciones"
    assert i18n.value_label("other", "cities.government", "es") == "Otra"
    assert i18n.value_label("other", "links.kind", "es") == "Otro"
    assert i18n.value_label("other", "cities.government") == "Other"
    assert i18n.value_label("mayor-council", "cities.government", "es") == "Alcalde y concejo"
    earlier = ("and %(count)s earlier", "and %(count)s earlier")
    assert i18n.ngettext(*earlier, 1, "es") % {"count": 1} == "y 1 anterior"
    assert i18n.ngettext(*earlier, 4, "es") % {"count": 4} == "y 4 anteriores"
    assert i18n.pgettext("elections of this kind", "primary", "es") == "primarias"
