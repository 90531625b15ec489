"""A full `mkdocs build` of the fixture directory, through the real MkDocs and Frictionless."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
from record_changes import Change
from sitebuild import REPO, mkdocs_build, read_sitemap, write_config

from site_builder.adapters.mkdocs_plugin import write_search_index

FIXTURE = REPO / "tests" / "fixtures" / "directory"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("build")
    result = mkdocs_build(write_config(folder, FIXTURE))
    assert result.returncode == 0, result.stderr
    return folder / "site"


def text_of(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return re.sub(r" ([,.;:)%])", r"\1", text)


def test_every_page_kind_is_built_at_its_stable_url(site: Path) -> None:
    for url in [
        "",
        "cities/",
        "elections/",
        "topics/",
        "organizations/",
        "data/",
        "contributing/",
        "vt/",
        "vt/maple-falls/",
        "vt/maple-falls/ada-quill/",
        "vt/maple-falls/compare-2027-03-02-general-mayor/",
        "or/cedar-bend/cora-lindqvist/",
        "topics/minimum-wage/",
        "organizations/maple-falls-tenants-union/",
    ]:
        assert (site / url / "index.html").is_file(), url


def test_city_page_lists_races_candidates_and_voter_links(site: Path) -> None:
    text = text_of(site / "vt" / "maple-falls" / "index.html")
    assert "Maple Falls, Vermont" in text
    assert "March 2, 2027: General election" in text
    assert "Upcoming." in text
    assert "Voting method: Ranked choice." in text
    assert "City Council, Ward 2 (2 seats)" in text
    # A race with results gives its candidates in the results table: status, votes and share.
    assert "Ben Ostrander Lost 800 –" in text
    assert "Ada Quill Won 12,345 54.5%" in text
    assert "Endorsed by Maple Falls Tenants Union" in text
    html = (site / "vt" / "maple-falls" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://elections.example.org/register"' in html
    assert 'href="ada-quill/"' in html
    assert 'aria-label="Breadcrumb"' in html


def test_the_table_of_contents_of_city_state_and_election_pages_lists_their_headings(site: Path) -> None:
    def toc(url: str) -> list[str]:
        html = (site / url / "index.html").read_text(encoding="utf-8")
        sidebar = html[html.index('data-md-type="toc"') :]
        assert " hidden>" not in sidebar[: sidebar.index(">") + 1], url
        nav = sidebar[sidebar.index('<nav class="md-nav md-nav--secondary"') :]
        anchors = re.findall(r'<a href="#([^"]+)" class="md-nav__link">', nav[: nav.index('<div class="md-content"')])
        assert all(f' id="{anchor}"' in html for anchor in anchors), url
        return anchors

    assert toc("vt/maple-falls/") == [
        "next-election",
        "how-to-vote",
        "elections",
        "2027-03-02-general",
        "2026-03-03-general",
        "sources",
    ]
    assert toc("elections/vt/") == ["upcoming", "2027-03-02", "past", "2026-03-03"]
    assert toc("vt/") == ["cities-with-elections"]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-type="toc"' not in home  # a page without a heading that has an id has none
    # A candidate's page has none either: its lead links to their topics, where a phone shows it.
    candidate = (site / "vt/maple-falls/ada-quill/index.html").read_text(encoding="utf-8")
    assert 'data-md-type="toc"' not in candidate
    lead = candidate[candidate.index('<p class="cc-lead">') :]
    lead = lead[: lead.index("</p>")]
    assert re.findall(r'<a href="#([^"]+)">', lead) == ["minimum-wage", "housing-and-displacement"]
    assert '<a href="#__title" class="md-skip">' in candidate


def test_candidate_page_has_the_whole_record(site: Path) -> None:
    page = site / "vt" / "maple-falls" / "ada-quill" / "index.html"
    text = text_of(page)
    html = page.read_text(encoding="utf-8")
    assert "<title>Ada Quill – Mayor, Maple Falls, VT - City Candidates</title>" in html
    assert "A fictional nurse and tenant organiser" in text
    assert "<em>fictional</em>" in html
    assert "Backs a $18 city minimum wage by 2028." in text
    assert "Maple Falls Tenants Union, for the general election of March 2, 2027 (endorsed October 5, 2026)." in text
    assert "Photo: Example Photographer, CC BY 4.0" in text
    assert "Last verified: November 1, 2026." in text
    assert 'href="https://github.com/example/directory/edit/main/candidates/vt/maple-falls/ada-quill.yml"' in html
    assert "Report a correction" in text
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert data["@type"] == "Person" and data["name"] == "Ada Quill"
    assert data["url"] == "https://example.org/cc/vt/maple-falls/ada-quill/"
    assert "https://bsky.app/profile/ada.example.org" in data["sameAs"]


def test_navigation_holds_hub_pages_only(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="cc-site-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert "Organisations" in nav and "Open data" in nav
    assert "ada-quill" not in nav and "maple-falls" not in nav


def test_the_directory_pages_shell_holds_the_header_the_article_and_the_sites_navigation(site: Path) -> None:
    """A generated page's shell (overrides/directory.html): the theme's header with the search and the language
    switch, the article, and the site's navigation at its foot; none of the theme's drawer, buttons or scripts,
    so its policy allows no inline script."""
    html = (site / "vt/maple-falls/ada-quill/index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert scripts == [' type="application/ld+json"', ' src="../../../assets/search.js" defer']
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy and "sha256" not in policy
    for theirs in ("__drawer", "md-sidebar--primary", "md-top", "md-dialog", "data-md-component", "bundle."):
        assert theirs not in html, theirs
    assert '<a href="#__title" class="md-skip">Skip to content</a>' in html
    assert '<form class="cc-search" role="search"' in html
    switch = '<a class="cc-language" href="../../../es/vt/maple-falls/ada-quill/" hreflang="es" lang="es">Español</a>'
    assert switch in html
    foot = html[html.index("<footer") :]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', foot[: foot.index("</nav>")])[:3] == [
        ("../../..", "Home"),
        ("../../../cities/", "Cities"),
        ("../../../elections/", "Elections"),
    ]
    # In Spanish, to the Spanish pages, and to the contributing guide, which is in English only, as such.
    spanish = (site / "es/vt/maple-falls/ada-quill/index.html").read_text(encoding="utf-8")
    foot = spanish[spanish.index("<footer") :]
    links = re.findall(r"<a (href=\"[^\"]+\"[^>]*)>([^<]+)</a>", foot[: foot.index("</nav>")])
    assert ('href="../../../cities/"', "Ciudades") in links
    assert ('href="../../../../contributing/" hreflang="en"', "Colaborar (en inglés)") in links
    # A page of the list marks itself as the current one.
    assert '<li><a href="./" aria-current="page">Cities</a></li>' in (site / "cities/index.html").read_text(
        encoding="utf-8"
    )
    # The documentation's pages keep the theme's own page, with its drawer and script.
    contributing = (site / "contributing/index.html").read_text(encoding="utf-8")
    assert 'id="__drawer"' in contributing and "md-sidebar--primary" in contributing and "bundle." in contributing


def indexed(site: Path) -> set[str]:
    """The pages the site's search indexes: those whose body is marked for Pagefind."""
    return {
        path.relative_to(site).as_posix().removesuffix("index.html")
        for path in site.rglob("*.html")
        if "data-pagefind-body" in path.read_text(encoding="utf-8")
    }


def test_the_search_index_is_written_after_the_build_with_the_pages_voters_search(site: Path) -> None:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    es_entry = json.loads((site / "es" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    everything = indexed(site)
    spanish = {page for page in everything if page.startswith("es/")}
    pages = everything - spanish
    # One index for each language, in its folder (indexed on its own), which the language's pages search.
    assert list(entry["languages"]) == ["en"] and entry["languages"]["en"]["page_count"] == len(pages)
    assert list(es_entry["languages"]) == ["es"] and es_entry["languages"]["es"]["page_count"] == len(spanish)
    spanish_page = (site / "es/vt/maple-falls/ada-quill/index.html").read_text(encoding="utf-8")
    assert 'data-cc-search="../../../pagefind/"' in spanish_page, "es/pagefind/, from es/vt/maple-falls/ada-quill/"
    assert not list((site / "es" / "pagefind").glob("pagefind-*ui*"))
    assert {f"es/{page}" for page in pages if not page.startswith(("contributing/", "benchmarks/"))} == spanish
    assert (site / "pagefind" / "pagefind.js").is_file() and list((site / "pagefind" / "index").iterdir())
    assert not list((site / "pagefind").glob("pagefind-*ui*")), "Pagefind's own interfaces are not published"
    assert {"vt/maple-falls/ada-quill/", "vt/maple-falls/", "topics/minimum-wage/", "contributing/"} <= pages
    assert not any(page.startswith(("data/", "contributing/fields/")) for page in pages)
    assert not any("/compare-" in page for page in pages)  # a race's comparison is found from its city and candidates
    assert "404.html" not in pages


def fragments(index: Path) -> list[dict[str, object]]:
    """What a Pagefind index holds of each page it indexed: its address, its text and its fields."""
    out = []
    for path in sorted((index / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        out.append(json.loads(data.removeprefix(b"pagefind_dcd")))
    return out


def test_the_search_leaves_out_sources_breadcrumbs_results_and_records_footers(site: Path) -> None:
    held = {str(page["url"]): str(page["content"]) for page in fragments(site / "pagefind")}
    ada = held["/vt/maple-falls/ada-quill/"]
    assert "A fictional nurse and tenant organiser" in ada  # the biography is searched
    assert "Endorsed by Maple Falls Tenants Union" in ada  # the lead names her endorsers and topics
    for skipped in ("Source:", "Last verified", "Report a correction", "Winner:", "Home", "On the ballot"):
        assert skipped not in ada, skipped
    for listed in ("(endorsed", "Campaign website", "Compare the candidates in this race"):
        assert listed not in ada, listed  # the lists of her page that say again what the lead and fields hold
    assert not any("Source:" in text for text in held.values())
    # Her name finds her own page, not every list that names her: a topic's, an organisation's, a state's elections.
    for page in ("/topics/housing-and-displacement/vt/", "/organizations/maple-falls-tenants-union/", "/elections/vt/"):
        assert "Ada Quill" not in held[page], page
    assert held["/topics/housing-and-displacement/vt/"].startswith("Housing and displacement in Vermont.")


def test_a_larger_site_is_indexed_in_parts_that_hold_every_page_once(site: Path, tmp_path: Path) -> None:
    script = (site / "assets" / "search.js").read_text(encoding="utf-8")
    assert 'const INDEX_PARTS_BY_LANGUAGE = {"en": 1, "es": 1};' in script, "the fixture's index is one part"
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
    parts = write_search_index(copy, ["es"], part_bytes=100_000)
    assert parts["en"] > 2 and parts["es"] > 1, parts
    for language, index in (("en", "pagefind"), ("es", "es/pagefind")):
        folders = [copy / index] + [copy / index / str(number) for number in range(2, parts[language] + 1)]
        entries = [json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8")) for folder in folders]
        counts = [entry["languages"][language]["page_count"] for entry in entries]
        pages = {page for page in indexed(copy) if page.startswith("es/") == (language == "es")}
        assert sum(counts) == len(pages) and all(counts), counts
        urls = [str(page["url"]).removeprefix("/") for folder in folders for page in fragments(folder)]
        assert sorted(urls) == sorted(url.removesuffix("index.html") for url in pages), "each page in one part"
        # The first part has the script and the search engine, which load the others into it.
        assert (folders[0] / "pagefind.js").is_file() and list(folders[0].glob("wasm.*"))
        for folder in folders[1:]:
            assert not list(folder.glob("pagefind*.js")) and not list(folder.glob("wasm.*")), folder


def test_the_search_script_and_list_of_names_are_written_for_every_language(site: Path) -> None:
    script = (site / "assets" / "search.js").read_text(encoding="utf-8")
    words = json.loads(re.search(r"const WORDS_BY_LANGUAGE = (\{.*?\});\n", script).group(1))  # type: ignore[union-attr]
    assert words["en"]["filters"] == "Filters" and words["es"]["filters"] == "Filtros"
    assert words["es"]["other"] == "%(num)s resultados para «%(query)s»"
    assert "data-cc-words" not in (site / "index.html").read_text(encoding="utf-8"), "the words are not in every page"
    for language, page in (("en", "vt/maple-falls/ada-quill/"), ("es", "es/vt/maple-falls/ada-quill/")):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert 'data-cc-names="../../../' + ("../" if language == "es" else "") + f'names/{language}/"' in html
        keys = json.loads((site / "names" / language / "keys.json").read_text(encoding="utf-8"))
        assert "ada" in keys and "qui" in keys
        shard = json.loads((site / "names" / language / "qui.json").read_text(encoding="utf-8"))
        assert [entry[0] for entry in shard] == [page]


def test_a_candidate_page_gives_the_search_its_filters_and_result_fields(site: Path) -> None:
    html = (site / "vt" / "maple-falls" / "ada-quill" / "index.html").read_text(encoding="utf-8")
    spans = re.findall(r'<span ((?:data-pagefind-(?:filter|meta)="\w+" ?)+)>([^<]*)</span>', html)
    fields = [(tuple(re.findall(r'-(filter|meta)="(\w+)"', marks)), value) for marks, value in spans]
    assert fields == [
        ((("meta", "title"),), "Ada Quill – Mayor, Maple Falls, VT"),
        ((("filter", "kind"),), "candidate"),
        ((("filter", "state"),), "Vermont"),
        ((("filter", "office"), ("meta", "office")), "Mayor"),
        ((("filter", "year"),), "2026"),
        ((("filter", "year"), ("meta", "year")), "2027"),
        ((("meta", "outcome"),), "Announced"),
    ]
    assert '<p hidden data-pagefind-weight="10">Mayor Maple Falls</p>' in html


def test_open_data_package_validates_with_frictionless(site: Path) -> None:
    package = site / "data" / "datapackage.json"
    result = subprocess.run(
        [str(Path(sys.executable).with_name("frictionless")), "validate", str(package)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rows = gzip.decompress((site / "data" / "candidacies.csv.gz").read_bytes()).decode("utf-8").splitlines()
    assert rows[0].startswith("candidate,city,election,office,district,race,status")
    ada = [row for row in rows if row.startswith("vt/maple-falls/ada-quill,vt/maple-falls,2026-03-03-general,Mayor,")]
    assert len(ada) == 1
    assert ada[0].startswith("vt/maple-falls/ada-quill,vt/maple-falls,2026-03-03-general,Mayor,,mayor,won,false,")
    assert ",12345,54.5" in ada[0]


def test_calendars_hold_election_days_with_a_known_date(site: Path) -> None:
    city = icalendar.Calendar.from_ical((site / "data" / "calendars" / "vt-maple-falls.ics").read_bytes())
    events = sorted((str(e["summary"]), e.decoded("dtstart").isoformat()) for e in city.walk("VEVENT"))
    assert events == [
        ("Maple Falls, VT: General election", "2026-03-03"),
        ("Maple Falls, VT: General election", "2027-03-02"),
    ]
    everything = icalendar.Calendar.from_ical((site / "data" / "calendar.ics").read_bytes())
    assert len(everything.walk("VEVENT")) == 2  # Cedar Bend's May 2027 primary has no day yet


def test_sitemap_lists_candidate_pages(site: Path) -> None:
    index = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<sitemapindex" in index
    assert "<loc>https://example.org/cc/sitemap-1.xml.gz</loc>" in index
    assert not (site / "sitemap.xml.gz").exists()
    sitemap = read_sitemap(site)
    assert "https://example.org/cc/vt/maple-falls/compare-2027-03-02-general-mayor/" in sitemap
    assert sitemap["https://example.org/cc/vt/maple-falls/ada-quill/"] == {
        "en": "https://example.org/cc/vt/maple-falls/ada-quill/",
        "es": "https://example.org/cc/es/vt/maple-falls/ada-quill/",
    }
    assert sitemap["https://example.org/cc/contributing/"] == {}
    pages = {path.parent for path in site.rglob("index.html")}
    assert len(sitemap) == len(pages)


def test_rebuild_is_byte_identical(site: Path, tmp_path: Path) -> None:
    result = mkdocs_build(write_config(tmp_path, FIXTURE))
    assert result.returncode == 0, result.stderr
    for name in [
        "vt/maple-falls/ada-quill/index.html",
        "data/candidates.csv.gz",
        "data/calendar.ics",
        "data/datapackage.json",
    ]:
        assert (tmp_path / "site" / name).read_bytes() == (site / name).read_bytes(), name
    # The search's index and excerpts too; Pagefind writes its filters' chunks in an order of its own.
    for folder in ("pagefind/index", "pagefind/fragment"):
        again = {path.name: path.read_bytes() for path in (tmp_path / "site" / folder).iterdir()}
        assert again == {path.name: path.read_bytes() for path in (site / folder).iterdir()}, folder


def test_record_error_stops_the_build_and_keeps_the_previous_site(tmp_path: Path, change: Change) -> None:
    records = tmp_path / "records"
    shutil.copytree(FIXTURE, records)
    config = write_config(tmp_path, records)
    assert mkdocs_build(config).returncode == 0
    before = (tmp_path / "site" / "index.html").read_bytes()
    change(records, "candidates/vt/maple-falls/ben-ostrander.yml", lambda r: r["candidacies"][0].update(status="lose"))
    result = mkdocs_build(config)
    assert result.returncode == 1
    assert (
        "candidates/vt/maple-falls/ben-ostrander.yml:7:13: candidacies[1].status: `lose` is not an allowed value "
        "(hint: did you mean `lost`? allowed: announced, qualified, withdrawn, advanced, advanced-to-runoff, won, lost)"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert (tmp_path / "site" / "index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "mkdocs.yml", "records", "site"]


def test_one_city_preview_builds_that_city_and_the_hubs(tmp_path: Path) -> None:
    result = mkdocs_build(write_config(tmp_path, FIXTURE, only="or/cedar-bend"))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (site / "or" / "cedar-bend" / "cora-lindqvist" / "index.html").is_file()
    assert (site / "elections" / "index.html").is_file()
    assert not (site / "vt" / "maple-falls").exists()


def test_preview_of_an_unknown_city_is_an_error(tmp_path: Path) -> None:
    result = mkdocs_build(write_config(tmp_path, FIXTURE, only="vt/nowhere"))
    assert result.returncode == 1
    assert "cities/vt/nowhere.yml:1:1: there is no such city to preview" in result.stderr


def test_the_not_found_page_offers_the_home_page_the_hubs_and_every_state(site: Path) -> None:
    html = (site / "404.html").read_text(encoding="utf-8")
    root = re.search(r'<a href="([^"]*)">Home</a>', html)
    assert root is not None and root[1].startswith("http")
    english, spanish = html.split("<h2>States</h2>")[1].split('<section lang="es">')
    states = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', english)
    assert [(url.removeprefix(root[1]), name) for url, name in states] == [("or/", "Oregon"), ("vt/", "Vermont")]
    assert f'href="{root[1]}elections/"' in html and f'href="{root[1]}cities/"' in html
    # The same page answers for a missing Spanish address: its words in Spanish too, leading to the Spanish pages.
    assert "<h2>Página no encontrada</h2>" in spanish
    assert f'<a href="{root[1]}es/">Inicio</a>: las próximas elecciones' in spanish
    assert f'<a href="{root[1]}es/elections/">Elecciones</a>, estado por estado' in spanish
    assert 'type="search"' in html or "md-search" in html
