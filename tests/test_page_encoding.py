"""Contributor text in pages: isolated from its neighbours in lists, and structured data that always parses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_builder.site.pages import json_in_script


@pytest.mark.parametrize(
    "text",
    ["</script><script>alert(1)</script>", "<!--", "a\u2028b\u2029c", "\x0b\x0c\x1c\x1d\x1e\x85", "&amp; 'q' \"d\""],
)
def test_structured_data_survives_any_text(text: str) -> None:
    encoded = json_in_script(json.dumps({"name": text}, ensure_ascii=False))
    assert json.loads(encoded) == {"name": text}
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in encoded
    assert len(encoded.split("\n")) == 1


def test_names_in_lists_are_isolated() -> None:
    from tests.test_pages import GOLDEN  # noqa: PLC0415 - the golden pages are the rendered fixture

    city = (GOLDEN / "vt" / "maple-falls" / "index.html").read_text(encoding="utf-8")
    assert '<a href="ada-quill/"><bdi>Ada Quill</bdi></a>' in city
    assert "<bdi>Maple Falls Tenants Union</bdi>" in city


def test_structured_data_names_each_address_of_the_person_once(tmp_path: Path) -> None:
    """A record that lists its campaign's website again among its links gives search engines the address once."""
    import datetime as dt  # noqa: PLC0415
    import shutil  # noqa: PLC0415

    from site_builder.directory.build import build_directory  # noqa: PLC0415
    from site_builder.records.validate import validate_directory  # noqa: PLC0415
    from site_builder.site.pages import PageBuilder, Settings  # noqa: PLC0415

    root = tmp_path / "directory"
    shutil.copytree(Path(__file__).parent / "fixtures" / "directory", root)
    record = root / "candidates" / "vt" / "maple-falls" / "ada-quill.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text.replace("links:\n", "links:\n  - kind: official\n    url: https://ada.example.org/\n", 1), encoding="utf-8"
    )
    tables, problems = validate_directory(root, dt.date(2026, 12, 7))
    assert [p for p in problems if p.is_error] == []
    directory = build_directory(tables)
    ada = next(c for c in directory.candidates if c.slug == "ada-quill")
    assert [link.url for link in ada.links][:1] == ["https://ada.example.org/"]
    data = json.loads(PageBuilder(directory, Settings()).json_ld(ada))
    assert data["sameAs"] == ["https://ada.example.org/", "https://bsky.app/profile/ada.example.org"]
