"""The committed records hold exactly what the importers make of the real datasets.

``make import`` runs every importer on the datasets in ``../shared/data-sources`` (see its
README for their provenance); run again with ``--dry-run`` over the committed records it must find
nothing to add or change. So a record edited by hand where the importers own the value, or an
importer changed without the records being imported again, fails here.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("DATA", ROOT.parent / "shared" / "data-sources"))

pytestmark = [
    pytest.mark.slow,  # every importer over every real dataset
    pytest.mark.skipif(
        not (DATA / "README.md").is_file(), reason=f"the real datasets are not beside the repository ({DATA})"
    ),
]


def test_importing_the_real_datasets_again_changes_nothing() -> None:
    result = subprocess.run(
        ["make", "--no-print-directory", "-s", "import", "IMPORT_FLAGS=--dry-run", f"DATA={DATA}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    changes = [line for line in result.stdout.splitlines() if line.startswith(("add ", "change ", "  "))]
    assert changes == []
    assert result.stdout.count("dry run: nothing written") >= 1
