"""The sitemap: an index of gzipped parts, each within the protocol's limits, listing every page once."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path
from xml.etree import ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st
from sitebuild import read_sitemap

from site_builder.adapters.sitemaps import INDEX, SITEMAP, Entry, page_entry, write_sitemaps

SITE_URL = "https://example.org/cc/"


def entries(count: int) -> list[Entry]:
    return [
        page_entry(f"{SITE_URL}page-{n}/", [("en", f"page-{n}/"), ("es", f"es/page-{n}/")], SITE_URL)
        for n in range(count)
    ]


def parts_of(site: Path) -> list[str]:
    index = ET.parse(site / INDEX).getroot()  # noqa: S314 - a sitemap this test wrote
    assert index.tag == f"{{{SITEMAP}}}sitemapindex"
    return [loc.text or "" for loc in index.iterfind(f"{{{SITEMAP}}}sitemap/{{{SITEMAP}}}loc")]


def test_a_sitemap_is_split_into_parts_of_at_most_so_many_addresses(tmp_path: Path) -> None:
    names = write_sitemaps(tmp_path, entries(7), SITE_URL, max_urls=3)
    assert names == ["sitemap-1.xml.gz", "sitemap-2.xml.gz", "sitemap-3.xml.gz"]
    assert parts_of(tmp_path) == [f"{SITE_URL}{name}" for name in names]
    documents = [gzip.decompress((tmp_path / name).read_bytes()) for name in names]
    sizes = [len(ET.fromstring(document).findall(f"{{{SITEMAP}}}url")) for document in documents]  # noqa: S314
    assert sizes == [3, 3, 1]
    listed = read_sitemap(tmp_path)
    assert list(listed) == [f"{SITE_URL}page-{n}/" for n in range(7)]
    assert listed[f"{SITE_URL}page-4/"] == {"en": f"{SITE_URL}page-4/", "es": f"{SITE_URL}es/page-4/"}


def test_a_sitemap_part_stays_within_its_bytes(tmp_path: Path) -> None:
    write_sitemaps(tmp_path, entries(40), SITE_URL, max_bytes=2_000)
    names = [url.rsplit("/", 1)[1] for url in parts_of(tmp_path)]
    assert len(names) > 1
    for name in names:
        assert len(gzip.decompress((tmp_path / name).read_bytes())) <= 2_000
    assert len(read_sitemap(tmp_path)) == 40


def test_the_same_pages_give_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        write_sitemaps(folder, entries(5), SITE_URL)
    for name in ("sitemap.xml", "sitemap-1.xml.gz"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    # Each namespace is declared once, on the root.
    document = gzip.decompress((first / "sitemap-1.xml.gz").read_bytes()).decode()
    assert document.count("xmlns=") == document.count("xmlns:xhtml=") == 1


def test_a_page_with_no_translation_has_no_alternates(tmp_path: Path) -> None:
    write_sitemaps(tmp_path, [page_entry(f"{SITE_URL}contributing/", [], SITE_URL)], SITE_URL)
    assert read_sitemap(tmp_path) == {f"{SITE_URL}contributing/": {}}


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn")), min_size=1, max_size=30))
def test_every_address_is_encoded_as_xml(path: str) -> None:
    # An address with &, <, quotes or any other character is read back as written, never as markup.
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        write_sitemaps(site, [page_entry(f"{SITE_URL}{path}", [("es", f"es/{path}")], SITE_URL)], SITE_URL)
        listed = read_sitemap(site)
    assert list(listed) == [f"{SITE_URL}{path}"]
