"""Publish a build only when it finished: build beside the output folder, then swap.

MkDocs empties its output folder before it builds, so a build that fails half-way
would leave nothing (or half a site) behind.  The build goes into a staging
folder next to the output instead; only a build that finished replaces the old
output, in two renames.
"""

from __future__ import annotations

import shutil
from pathlib import Path


class StagedOutput:
    def __init__(self, target: Path) -> None:
        self.target = target
        self.staging = target.with_name(f".{target.name}.staging")
        self.previous = target.with_name(f".{target.name}.previous")
        self.finished = False
        self.failed = False

    def start(self) -> Path:
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        return self.staging

    def finish(self) -> None:
        """The build wrote everything; publish it when the command ends without error."""
        self.finished = True

    def fail(self) -> None:
        self.failed = True
        shutil.rmtree(self.staging, ignore_errors=True)

    def publish(self) -> bool:
        """Replace the output with the staged build; return whether it did."""
        if not self.finished or self.failed or not self.staging.is_dir():
            shutil.rmtree(self.staging, ignore_errors=True)
            return False
        shutil.rmtree(self.previous, ignore_errors=True)
        if self.target.exists():
            self.target.rename(self.previous)
        self.staging.rename(self.target)
        shutil.rmtree(self.previous, ignore_errors=True)
        return True
