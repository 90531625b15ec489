"""Records made by the importers from the real excerpts under tests/fixtures/, for the results pages' tests."""

from __future__ import annotations

from pathlib import Path

from record_changes import TODAY, run_import

FIXTURES = Path(__file__).parent / "fixtures"


def imported_root(root: Path) -> Path:
    """``root`` filled with Minneapolis' 2017 tabulations and the Washington OpenElections excerpts."""
    rcv = sorted((FIXTURES / "minneapolis-rcv").glob("*.txt"))
    wa = sorted((FIXTURES / "openelections").glob("*__wa__*.csv"))
    for command, files in (("minneapolis-rcv", rcv), ("openelections", wa)):
        result = run_import(command, root, *files, today=TODAY)
        assert result.exit_code == 0, result.output
    return root
