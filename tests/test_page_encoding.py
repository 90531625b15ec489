"""Contributor text in pages: isolated from its neighbours in lists, and structured data that always parses."""

from __future__ import annotations

import json

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
