"""Independent checkers over the built fixture site: the Nu Html Checker and LinkChecker (internal links only)."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import NODE_MODULES, Site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LINKCHECKER = Path(sys.executable).with_name("linkchecker")
# LinkChecker started as root switches to the user `nobody`, who cannot read its own installation when
# the checkout sits in a private folder (a temporary folder, a home folder); it runs as the user running
# the tests instead, and checks exactly the same.
AS_THIS_USER = (
    "import sys; from linkcheck.command import linkchecker as command; command.drop_privileges = lambda: None; "
    "sys.argv[0] = 'linkchecker'; sys.exit(command.linkchecker())"
)

_GNU = re.compile(r'^"(?:file:)?(?P<path>[^"]+)":(?P<line>\d+)[.\d-]*: (?P<kind>[a-z ]+): (?P<message>.*)$')


def _vnu_errors(site: Site) -> list[str]:
    """The Nu Html Checker's errors on every page of a built site."""
    java = shutil.which("java")
    if not java or not VNU.is_file():
        pytest.skip("the Nu Html Checker needs java and node_modules/vnu-jar (`npm ci`)")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "gnu", "--skip-non-html", str(site.dir)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    errors = []
    for report in (result.stdout + result.stderr).splitlines():
        match = _GNU.match(report)
        if not match:
            if report.strip():
                errors.append(report)
            continue
        path = Path(match["path"])
        source = path.read_text(encoding="utf-8").splitlines()[int(match["line"]) - 1].strip()
        errors.append(f"{path.relative_to(site.dir)}:{match['line']}: {match['message']}\n    {source[:200]}")
    if not errors and result.returncode != 0:
        errors.append(f"vnu exited {result.returncode}:\n{result.stderr[-2000:]}")
    return errors


def test_nu_html_checker_finds_no_errors(site: Site) -> None:
    errors = _vnu_errors(site)
    assert not errors, f"the Nu Html Checker found {len(errors)} errors:\n" + "\n".join(errors)


def test_nu_html_checker_finds_no_errors_on_hostile_pages(hostile_site: Site) -> None:
    errors = _vnu_errors(hostile_site)
    assert not errors, f"the Nu Html Checker found {len(errors)} errors:\n" + "\n".join(errors)


def test_linkchecker_finds_no_broken_internal_links_or_anchors(site: Site, tmp_path: Path) -> None:
    if not LINKCHECKER.is_file():
        pytest.skip("LinkChecker is not installed in this environment")
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(site.url))
    config = tmp_path / "linkcheckerrc"
    # Only the fixture server is checked: every other host is ignored, never fetched.  Anchors are checked
    # by the AnchorCheck plugin, whose findings are warnings.
    config.write_text(
        "[checking]\nthreads=4\nmaxrequestspersecond=200\ntimeout=20\n"
        f"[filtering]\nignore=\n  ^(?!{re.escape(origin)})\ncheckextern=0\n"
        "[AnchorCheck]\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            AS_THIS_USER,
            "--config",
            str(config),
            "--no-status",
            "--verbose",
            "--output",
            "csv",
            site.url,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    rows = list(
        csv.DictReader((line for line in result.stdout.splitlines() if not line.startswith("#")), delimiter=";")
    )
    assert len(rows) > 50, f"LinkChecker checked too little ({len(rows)} URLs):\n{result.stdout}\n{result.stderr}"
    problems = []
    for row in rows:
        where = f"{row['parentname'] or '(start)'} line {row['line']} link {row['name']!r} -> {row['urlname']}"
        if row["valid"] != "True":
            problems.append(f"broken: {where}: {row['result']}")
        elif row["warningstring"]:
            problems.append(f"warning: {where}: {row['warningstring']}")
        elif row["url"].startswith(origin) and not row["url"].startswith(site.url):
            problems.append(f"leaves the site's path {urlsplit(site.url).path}: {where}")
    assert not problems, "LinkChecker found problems:\n" + "\n".join(sorted(set(problems)))
    assert result.returncode == 0, f"LinkChecker exited {result.returncode}:\n{result.stderr[-2000:]}"
