"""Build a records folder into a site with the real `mkdocs build`, for tests."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

from site_builder.adapters.sitemaps import INDEX, SITEMAP, XHTML

REPO = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).with_name("mkdocs")


def write_config(
    folder: Path,
    records: Path,
    *,
    site_dir: Path | None = None,
    only: str = "",
    today: str = "2026-11-21",
    custom_dir: Path = REPO / "overrides",
) -> Path:
    """A mkdocs.yml like the repository's, reading ``records``, writing to ``site_dir``, themed from ``custom_dir``."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    replacements = {
        '      repository: !ENV [REPO_URL, "https://github.com/city-candidates/directory"]': (
            '      repository: "https://github.com/example/directory"'
        ),
        '      only: !ENV [CANDIDATES_ONLY, ""]\n      today: !ENV [CANDIDATES_TODAY, ""]': (
            f'      root: "{records}"\n      only: "{only}"\n      today: "{today}"'
        ),
        "  custom_dir: overrides": f'  custom_dir: "{custom_dir}"',
        'site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]': 'site_url: "https://example.org/cc/"',
    }
    for old, new in replacements.items():
        assert old in text, f"mkdocs.yml no longer has {old!r}: update tests/sitebuild.py"
        text = text.replace(old, new)
    text += f'docs_dir: "{REPO / "docs"}"\nsite_dir: "{site_dir or folder / "site"}"\n'
    config = folder / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def mkdocs_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(
    config: Path, *, prefix: Sequence[str] = (), preexec_fn: Callable[[], object] | None = None
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` of ``config``, run after a command ``prefix`` (such as setpriv) if given."""
    return subprocess.run(
        [*prefix, str(MKDOCS), "build", "-f", str(config)],
        capture_output=True,
        text=True,
        env=mkdocs_env(),
        check=False,
        timeout=600,
        preexec_fn=preexec_fn,
    )


def read_sitemap(site: Path) -> dict[str, dict[str, str]]:
    """What the sitemap of ``site`` lists, through its index and every part: each address, with its address in
    each language the entry gives."""
    listed: dict[str, dict[str, str]] = {}
    index = ET.parse(site / INDEX).getroot()  # noqa: S314 - a sitemap this build wrote
    for loc in index.iterfind(f"{{{SITEMAP}}}sitemap/{{{SITEMAP}}}loc"):
        document = gzip.decompress((site / (loc.text or "").rsplit("/", 1)[-1]).read_bytes())
        part = ET.fromstring(document)  # noqa: S314 - a sitemap this build wrote
        for url in part.iterfind(f"{{{SITEMAP}}}url"):
            links = url.iterfind(f"{{{XHTML}}}link")
            listed[url.findtext(f"{{{SITEMAP}}}loc", "")] = {
                link.get("hreflang", ""): link.get("href", "") for link in links
            }
    return listed
