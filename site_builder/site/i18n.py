"""The words the pages write, in the reader's language: gettext message catalogues read with Babel.

Every interface string of the templates and of :mod:`site_builder.site.pages` is written in English and marked
for translation (``{% trans %}`` and ``_()`` in a template, :func:`gettext` and :func:`ngettext` here); the
marked strings are extracted into ``locale/messages.pot`` (``site-builder messages``), and each language's
translations are kept in ``locale/<lang>/LC_MESSAGES/messages.po``.  The ``.po`` file is read as it is
committed, so a build needs no compiled ``.mo`` file; English is the strings themselves.
"""

from __future__ import annotations

import gettext as _gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from site_builder.records.schema import DESCRIPTOR_PATH, Schema, load_schema

PACKAGE = Path(__file__).parent
DESCRIPTOR = DESCRIPTOR_PATH.relative_to(PACKAGE.parents[1])
"""The descriptor, whose values' labels the pages show in the reader's language, relative to the project."""
LOCALES = PACKAGE / "locale"
TEMPLATE = LOCALES / "messages.pot"
"""The catalogue of every string to translate, as extraction gives it."""
ENGLISH = "en"
LANGUAGES = ("es",)
"""The languages the strings are translated into, besides English."""
PAGE_LOCALES = {ENGLISH: "en_US", "es": "es_US"}
"""The locale each language's pages are written for: as the United States write it (``61,620``, ``56.2%``)."""
NAMES = {ENGLISH: "English", "es": "Español"}
"""Each language by its name in itself, as a link to the pages in it says it."""
DOMAIN = "messages"
PROJECT = "city-candidates"
METHODS = [
    ("site_builder/**.py", "python"),
    ("site_builder/site/templates/**.html", "jinja2"),
    ("overrides/**.html", "jinja2"),
]
"""Where extraction looks for strings and with which extractor (as ``babel.cfg`` says, for ``pybabel``)."""
JINJA_OPTIONS = {
    "extensions": "jinja2.ext.i18n",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
}
"""The template options the pages are rendered with, so that an extracted string is the one a page looks up."""
HEADER = (
    "# The strings the directory's pages write, extracted by `site-builder messages`.\n"
    "# Distributed under the same licence as the project (MIT)."
)
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "N_": None,
    "translate": None,
}
"""The functions whose first argument (both, for ``ngettext``) is a string to translate, or, for ``pgettext``,
whose first argument is the context that tells apart one English word's meanings (``Upcoming`` for an election
and for a heading); ``translate(message, language)`` is the theme templates' (overrides/404.html), for a page
written in every language."""
NAMED_LABELS = frozenset({"Other"})
"""The descriptor's value labels whose translation depends on what they qualify (a form of government is
feminine in Spanish, a kind of link masculine): each field that allows one has its own entry, with the field
(``cities.government``) as its context."""


def N_(message: str) -> str:
    """``message`` itself: marks a string that is translated where it is used, not where it is written."""
    return message


def po_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def language_of(locale: str) -> str:
    """The language of a locale: ``es_US`` → ``es``."""
    return locale.replace("-", "_").split("_")[0].lower()


@cache
def translations(locale: str = ENGLISH) -> _gettext.NullTranslations:
    """The translations into ``locale``'s language (read from its ``.po`` file once a process), or, for English,
    the strings themselves."""
    language = language_of(locale)
    if language == ENGLISH:
        return _gettext.NullTranslations()
    if language not in LANGUAGES:
        raise ValueError(f"no translations into {locale!r}: the languages are {', '.join(LANGUAGES)}")
    with po_path(language).open("rb") as file:
        catalog = read_po(file, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def gettext(message: str, locale: str = ENGLISH) -> str:
    """``message`` in ``locale``'s language."""
    return translations(locale).gettext(message)


def ngettext(singular: str, plural: str, count: int, locale: str = ENGLISH) -> str:
    """``singular`` or ``plural`` as ``count`` asks, in ``locale``'s language."""
    return translations(locale).ngettext(singular, plural, count)


def pgettext(context: str, message: str, locale: str = ENGLISH) -> str:
    """``message`` in ``locale``'s language, in the sense ``context`` gives it."""
    return translations(locale).pgettext(context, message)


def value_label(value: str | None, field: str | None = None, locale: str = ENGLISH) -> str:
    """How an allowed value of the descriptor is shown in ``locale``'s language; ``field`` (``cities.government``)
    tells which entry translates a label of :data:`NAMED_LABELS`."""
    if not value:
        return ""
    label = load_schema().label(value)
    if field and label in NAMED_LABELS:
        return pgettext(field, label, locale)
    return gettext(label, locale)


# Extraction: what `site-builder messages` writes and `--check` compares.


def extract(root: Path) -> Catalog:
    """Every marked string of the package's code and templates under ``root``, in order of their msgid."""
    catalog = Catalog(project=PROJECT, domain=DOMAIN, header_comment=HEADER, fuzzy=False)
    options = {"site_builder/site/templates/**.html": JINJA_OPTIONS, "overrides/**.html": {}}
    for filename, lineno, message, comments, context in extract_from_dir(
        root, METHODS, options_map=options, keywords=KEYWORDS, strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    descriptor = root / DESCRIPTOR
    if descriptor.is_file():
        for message, fields in _value_labels(load_schema(descriptor)):
            where = [(DESCRIPTOR.as_posix(), 1)]
            if message in NAMED_LABELS:
                for field in fields:
                    catalog.add(message, None, where, auto_comments=[f"a value of {field}"], context=field)
            else:
                catalog.add(message, None, where, auto_comments=[f"a value of {fields[0]}"])
    return catalog


def _value_labels(schema: Schema) -> list[tuple[str, list[str]]]:
    """How each allowed value of the descriptor is shown (its ``x-labels`` entry, or its words capitalised), with
    the fields that allow it, first first: the pages show them through their ``label`` filter."""
    labels: dict[str, list[str]] = {}
    for table in schema.tables.values():
        for field in table.fields.values():
            for value in field.constraints.get("enum") or ():
                fields = labels.setdefault(schema.label(str(value)), [])
                if f"{table.name}.{field.name}" not in fields:
                    fields.append(f"{table.name}.{field.name}")
    return sorted(labels.items())


def _text(catalog: Catalog) -> str:
    out = io.BytesIO()
    # Without line numbers: the catalogue changes when a string does, not when a line is added above it.
    write_po(out, catalog, width=120, sort_output=True, include_lineno=False, omit_header=False)
    lines = out.getvalue().decode("utf-8").splitlines(keepends=True)
    # The creation and revision dates would make every extraction differ from the last one.
    return "".join(line for line in lines if not line.startswith(('"POT-Creation-Date:', '"PO-Revision-Date:')))


def _catalogue_files(root: Path) -> list[tuple[Path, str]]:
    """Each catalogue file under ``root`` with the text extraction gives it: ``messages.pot``, then each
    language's ``.po`` brought up to it (new strings untranslated, changed ones marked fuzzy with a guess, gone
    ones kept as obsolete for a translator to reuse)."""
    template = extract(root)
    files = [(root / TEMPLATE.relative_to(PACKAGE.parents[1]), _text(template))]
    for language in LANGUAGES:
        po = root / po_path(language).relative_to(PACKAGE.parents[1])
        if po.exists():
            with po.open("rb") as file:
                catalog = read_po(file, locale=language, domain=DOMAIN)
        else:
            catalog = Catalog(locale=language, project=PROJECT, domain=DOMAIN, header_comment=HEADER, fuzzy=False)
        catalog.update(template, update_header_comment=False)
        files.append((po, _text(catalog)))
    return files


def stale_messages(root: Path) -> list[Path]:
    """The catalogue files under ``root`` that are not what extraction gives (for ``--check``)."""
    return [
        path for path, text in _catalogue_files(root) if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def write_messages(root: Path) -> list[Path]:
    """Extract the catalogue into ``messages.pot`` and bring each language's ``.po`` up to it; the files changed."""
    changed = []
    for path, text in _catalogue_files(root):
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
