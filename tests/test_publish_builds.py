"""The staged publish through real `mkdocs build` processes: at once, killed, and on hostile folders."""

from __future__ import annotations

import fcntl
import os
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from publishing import stuck, tree, unprivileged
from sitebuild import MKDOCS, REPO, mkdocs_build, mkdocs_env, write_config

FIXTURE = REPO / "tests" / "fixtures" / "directory"
WAITING = "INFO    -  candidates: waiting for another build of {site} to finish ({lock})"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every file of one ordinary build of the fixture directory."""
    folder = tmp_path_factory.mktemp("reference")
    result = mkdocs_build(write_config(folder, FIXTURE))
    assert result.returncode == 0, result.stderr
    return tree(folder / "site")


def old_site(folder: Path, reference: dict[str, bytes]) -> dict[str, bytes]:
    """A complete earlier site at ``folder``: the reference build and one page the new build does not have."""
    old = {**reference, "old/index.html": b"<p>The previous build</p>\n"}
    for name, content in old.items():
        # The search index stands as one entry of the tree (see publishing.tree): its entry file stands for it.
        path = folder / (name + "pagefind-entry.json" if name.endswith("pagefind/") else name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return old


def wait_for_line(stream: object, line: str, process: subprocess.Popen[str]) -> None:
    for got in iter(stream.readline, ""):  # type: ignore[attr-defined]
        if got.rstrip("\n") == line:
            return
    process.wait(timeout=60)
    pytest.fail(f"the build ended (exit {process.returncode}) without printing {line!r}")


def test_two_builds_at_once_take_turns_and_publish_one_complete_site(
    tmp_path: Path, reference: dict[str, bytes]
) -> None:
    config = write_config(tmp_path, FIXTURE)
    lock = tmp_path / ".site.lock"
    held = os.open(lock, os.O_RDONLY | os.O_CREAT)
    fcntl.flock(held, fcntl.LOCK_EX)  # both builds find the site being built, then race each other
    command = [str(MKDOCS), "build", "-f", str(config)]
    builds = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=mkdocs_env())
        for _ in range(2)
    ]
    try:
        for build in builds:
            wait_for_line(build.stderr, WAITING.format(site=tmp_path / "site", lock=lock), build)
    finally:
        os.close(held)
    for build in builds:
        _, stderr = build.communicate(timeout=600)
        assert build.returncode == 0, stderr
    assert tree(tmp_path / "site") == reference
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "mkdocs.yml", "site"]


KILLABLE = """
import signal, sys
from site_builder.adapters.publish import StagedOutput

swap = StagedOutput._swap

def paused(self, staging):
    if sys.argv[2] == "after":
        swap(self, staging)
    print("paused", flush=True)
    signal.pause()

StagedOutput._swap = paused
from mkdocs.__main__ import cli
cli(["build", "-f", sys.argv[1]])
"""


@pytest.mark.parametrize("moment", ["before", "after"])
def test_a_build_killed_while_it_publishes_leaves_a_complete_site_and_the_next_build_cleans_up(
    tmp_path: Path, reference: dict[str, bytes], moment: str
) -> None:
    """Killed with SIGKILL just before the swap, or between the swap and removing the old site."""
    config = write_config(tmp_path, FIXTURE)
    old = old_site(tmp_path / "site", reference)
    build = subprocess.Popen(
        [sys.executable, "-c", KILLABLE, str(config), moment],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=mkdocs_env(),
        cwd=REPO,
    )
    wait_for_line(build.stdout, "paused", build)
    os.kill(build.pid, signal.SIGKILL)
    build.communicate(timeout=60)
    assert build.returncode == -signal.SIGKILL
    assert tree(tmp_path / "site") == (old if moment == "before" else reference)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.build-")]
    assert len(leftovers) == 1
    if moment == "after":
        assert tree(tmp_path / leftovers[0]) == old  # the old site, not yet removed

    result = mkdocs_build(config)
    assert result.returncode == 0, result.stderr
    assert tree(tmp_path / "site") == reference
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "mkdocs.yml", "site"]


def test_leftovers_of_killed_builds_do_not_break_the_next_build(tmp_path: Path, reference: dict[str, bytes]) -> None:
    config = write_config(tmp_path, FIXTURE)
    old_site(tmp_path / "site", reference)
    old_site(tmp_path / ".site.build-0123456789ab", {"index.html": b"half"})
    old_site(tmp_path / ".site.staging", {"index.html": b"half, from an earlier version"})
    stuck_folder = tmp_path / ".site.previous"
    old_site(stuck_folder, {"index.html": b"the site before, from an earlier version"})
    with stuck(stuck_folder):
        result = mkdocs_build(config)
        assert result.returncode == 0, result.stderr
        assert tree(tmp_path / "site") == reference
        assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", ".site.previous", "mkdocs.yml", "site"]
        reported = [line for line in result.stderr.splitlines() if "could not remove" in line]
        assert len(reported) == 1
        assert re.fullmatch(
            rf"INFO    -  candidates: could not remove {re.escape(str(stuck_folder))}, left by a build: "
            r"(Operation not permitted|Permission denied); the next build tries again",
            reported[0],
        )


def test_a_site_that_is_a_symlink_keeps_pointing_where_it_pointed(tmp_path: Path, reference: dict[str, bytes]) -> None:
    web_root = tmp_path / "www" / "html"
    old_site(web_root, reference)
    project = tmp_path / "project"
    project.mkdir()
    (project / "site").symlink_to(web_root, target_is_directory=True)
    config = write_config(project, FIXTURE)
    for _ in range(2):
        result = mkdocs_build(config)
        assert result.returncode == 0, result.stderr
        assert os.readlink(project / "site") == str(web_root)
        assert tree(web_root) == reference
        assert sorted(p.name for p in (tmp_path / "www").iterdir()) == [".html.lock", "html"]
        assert sorted(p.name for p in project.iterdir()) == ["mkdocs.yml", "site"]


def test_a_read_only_parent_is_a_one_line_error_and_the_site_is_kept(
    tmp_path: Path, reference: dict[str, bytes]
) -> None:
    prefix = unprivileged()
    parent = tmp_path / "out"
    old = old_site(parent / "site", reference)
    config = write_config(tmp_path, FIXTURE, site_dir=parent / "site")
    parent.chmod(0o555)
    try:
        result = mkdocs_build(config, prefix=prefix)
    finally:
        parent.chmod(0o755)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"ERROR   -  candidates: cannot create the lock file {parent}/.site.lock: Permission denied"
    ]
    assert "Traceback" not in result.stderr
    assert tree(parent / "site") == old
    assert sorted(p.name for p in parent.iterdir()) == ["site"]


def test_a_file_size_limit_is_a_one_line_error_and_the_site_is_kept(
    tmp_path: Path, reference: dict[str, bytes]
) -> None:
    config = write_config(tmp_path, FIXTURE)
    old = old_site(tmp_path / "site", reference)

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    result = mkdocs_build(config, preexec_fn=limit_file_size)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    last = result.stderr.splitlines()[-1]
    assert re.fullmatch(
        rf"Error: candidates: the build failed on \S+, copying it to {re.escape(str(tmp_path))}/\.site\.build-"
        rf"[0-9a-f]{{12}}/\S+: File too large; {re.escape(str(tmp_path / 'site'))} was left as it was",
        last,
    ), last
    assert tree(tmp_path / "site") == old
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "mkdocs.yml", "site"]
