"""A site overrides one page template from its theme's custom_dir, as Material's own templates are overridden."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from sitebuild import REPO, mkdocs_build, write_config

from site_builder.directory.build import build_directory
from site_builder.records.validate import validate_directory
from site_builder.site.pages import Settings, build_pages

FIXTURE = REPO / "tests" / "fixtures" / "directory"
CITY_OVERRIDE = textwrap.dedent("""\
    {% from "macros.html" import breadcrumbs with context %}
    {{ breadcrumbs([("Home", urls.home()), (city.state_name, urls.state(city.state)), (city.name, page_url)]) }}
    <h1>{{ city.name }}: the local layout</h1>
    <p>Elections on record: {{ city.elections | length }}.</p>
    """)


def overrides(folder: Path) -> Path:
    """A custom_dir like the repository's, whose candidates/ folder overrides city.html."""
    custom_dir = folder / "overrides"
    shutil.copytree(REPO / "overrides", custom_dir)
    (custom_dir / "candidates").mkdir()
    (custom_dir / "candidates" / "city.html").write_text(CITY_OVERRIDE, encoding="utf-8")
    return custom_dir


def test_a_template_folder_comes_before_the_package_templates(tmp_path: Path) -> None:
    tables, _ = validate_directory(FIXTURE, dt.date(2026, 11, 21))
    settings = Settings(today=dt.date(2026, 11, 21), template_dirs=(overrides(tmp_path) / "candidates",))
    pages = {page.path: page for page in build_pages(build_directory(tables), settings)}
    assert pages["vt/maple-falls/index.md"].body == (
        '<nav class="cc-breadcrumbs" aria-label="Breadcrumb">\n<ol>\n'
        '<li><a href="../../">Home</a></li>\n<li><a href="../">Vermont</a></li>\n'
        '<li><span aria-current="page">Maple Falls</span></li>\n</ol>\n</nav>\n'
        "<h1>Maple Falls: the local layout</h1>\n<p>Elections on record: 2.</p>"
    )
    assert "<h1>Ada Quill</h1>" in pages["vt/maple-falls/ada-quill/index.md"].body


def test_a_template_edited_between_two_builds_of_one_process_is_compiled_again(tmp_path: Path) -> None:
    # As in a preview, where each edit rebuilds the site in the same process with the compiled templates kept.
    tables, _ = validate_directory(FIXTURE, dt.date(2026, 11, 21))
    folder = overrides(tmp_path) / "candidates"
    settings = Settings(today=dt.date(2026, 11, 21), template_dirs=(folder,))
    city = folder / "city.html"
    bodies = []
    for layout in ("the local layout", "the edited layout"):
        city.write_text(CITY_OVERRIDE.replace("the local layout", layout), encoding="utf-8")
        pages = {page.path: page for page in build_pages(build_directory(tables), settings)}
        bodies.append(pages["vt/maple-falls/index.md"].body)
    assert "<h1>Maple Falls: the local layout</h1>" in bodies[0]
    assert "<h1>Maple Falls: the edited layout</h1>" in bodies[1]


@pytest.mark.slow
def test_mkdocs_build_uses_the_city_template_of_the_custom_dir(tmp_path: Path) -> None:
    result = mkdocs_build(write_config(tmp_path, FIXTURE, custom_dir=overrides(tmp_path)))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    city = (site / "vt" / "maple-falls" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="__title">Maple Falls: the local layout</h1>\n<p>Elections on record: 2.</p>' in city
    assert '<li><a href="../">Vermont</a></li>' in city
    assert "How to vote" not in city
    cedar_bend = (site / "or" / "cedar-bend" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="__title">Cedar Bend: the local layout</h1>\n<p>Elections on record: 1.</p>' in cedar_bend
    candidate = (site / "vt" / "maple-falls" / "ada-quill" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="__title">Ada Quill</h1>' in candidate and "Where Ada Quill stands" in candidate
    assert "Content-Security-Policy" in city  # the site's page shell, overrides/directory.html, still applies


def test_the_directory_page_shell_links_the_theme_stylesheets_by_their_names_in_this_version(tmp_path: Path) -> None:
    """The page shell does not extend the theme's page, so the build finds the theme's stylesheets, whose names carry
    a hash of their content, in the theme's folders; a theme without them stops the build with what to check."""
    import material  # noqa: PLC0415
    from mkdocs.exceptions import PluginError  # noqa: PLC0415

    from site_builder.adapters.mkdocs_plugin import theme_stylesheets  # noqa: PLC0415

    theme = Path(material.__file__).parent / "templates"
    config = SimpleNamespace(theme=SimpleNamespace(dirs=[str(REPO / "overrides"), str(theme)]))
    found = theme_stylesheets(config)  # type: ignore[arg-type]
    assert [name.rsplit(".", 3)[0] for name in found] == ["assets/stylesheets/main", "assets/stylesheets/palette"]
    assert all((theme / name).is_file() for name in found)
    assert theme_stylesheets(config, palette=False) == found[:1]  # type: ignore[arg-type]
    with pytest.raises(PluginError, match=r"0 stylesheets assets/stylesheets/main\.\*\.min\.css"):
        theme_stylesheets(SimpleNamespace(theme=SimpleNamespace(dirs=[str(tmp_path)])))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("palette", "marks"),
    [
        (None, {}),
        ({"scheme": "default", "primary": "indigo", "accent": "indigo"}, {}),
        ([{"primary": "indigo"}, {"scheme": "slate"}], {}),
        (
            {"primary": "teal"},
            {"data-md-color-scheme": "default", "data-md-color-primary": "teal", "data-md-color-accent": "indigo"},
        ),
        (
            [{"scheme": "slate"}],
            {"data-md-color-scheme": "slate", "data-md-color-primary": "indigo", "data-md-color-accent": "indigo"},
        ),
    ],
)
def test_the_page_shell_chooses_a_palette_only_where_it_is_not_the_themes_own(palette: object, marks: dict) -> None:
    """The theme's main stylesheet gives its default palette by itself: a page of the directory has neither the
    palette stylesheet nor the marks on its body that choose from it, unless the site chooses another palette (the
    first of several, the one a page opens with)."""
    from mkdocs.theme import Theme  # noqa: PLC0415

    from site_builder.adapters.mkdocs_plugin import theme_palette  # noqa: PLC0415

    theme = Theme(name="material", **({"palette": palette} if palette is not None else {}))
    assert theme_palette(SimpleNamespace(theme=theme)) == marks  # type: ignore[arg-type]
