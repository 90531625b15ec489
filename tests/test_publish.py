"""The staged publish of the built site, in this process: the lock, the swap, leftovers and errors."""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import re
import subprocess
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError
from publishing import immovable, stuck, tree
from sitebuild import REPO

from site_builder.adapters import publish
from site_builder.adapters.publish import StagedOutput

BUILD_FOLDER = re.compile(r"\.site\.build-[0-9a-f]{12}")


def site_with(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def staged(target: Path, files: dict[str, str]) -> StagedOutput:
    output = StagedOutput(target)
    site_with(output.start(), files)
    output.finish()
    return output


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def lock_is_free(path: Path) -> bool:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


def test_a_finished_build_replaces_the_site_and_leaves_only_the_lock(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site_with(site, {"index.html": "old", "gone.html": "old"})
    output = StagedOutput(site)
    staging = output.start()
    assert staging.parent == tmp_path and BUILD_FOLDER.fullmatch(staging.name)
    assert staging.stat().st_mode & 0o777 == 0o777 & ~_umask()
    site_with(staging, {"index.html": "new", "a/b.html": "new"})
    output.finish()
    assert output.publish() is True
    assert tree(site) == {"a/b.html": b"new", "index.html": b"new"}
    assert names(tmp_path) == [".site.lock", "site"]
    assert lock_is_free(tmp_path / ".site.lock")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_the_first_build_creates_the_site_and_its_parent(tmp_path: Path) -> None:
    site = tmp_path / "out" / "site"
    assert staged(site, {"index.html": "new"}).publish() is True
    assert tree(site) == {"index.html": b"new"}
    assert names(site.parent) == [".site.lock", "site"]


def test_a_failed_build_keeps_the_site_and_removes_its_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site_with(site, {"index.html": "old"})
    output = staged(site, {"index.html": "half"})
    output.fail(PluginError("the records have errors"))
    assert output.publish() is False
    assert tree(site) == {"index.html": b"old"}
    assert names(tmp_path) == [".site.lock", "site"]


def test_a_build_that_never_finished_is_not_published(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site_with(site, {"index.html": "old"})
    output = StagedOutput(site)
    site_with(output.start(), {"index.html": "half"})
    assert output.publish() is False
    assert tree(site) == {"index.html": b"old"}
    assert names(tmp_path) == [".site.lock", "site"]


def test_a_build_that_failed_on_a_filesystem_error_ends_in_one_line(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site_with(site, {"index.html": "old"})
    output = staged(site, {})
    error = OSError(errno.EFBIG, "File too large", "/theme/bundle.js", None, f"{output.staging}/bundle.js")
    output.fail(error)
    with pytest.raises(PluginError) as raised:
        output.publish()
    assert str(raised.value) == (
        f"candidates: the build failed on /theme/bundle.js, copying it to {output.staging}/bundle.js: "
        f"File too large; {site} was left as it was"
    )
    assert tree(site) == {"index.html": b"old"}
    assert lock_is_free(tmp_path / ".site.lock")


def test_a_site_that_is_a_symlink_stays_one_and_its_folder_is_replaced(tmp_path: Path) -> None:
    web_root = tmp_path / "www" / "html"
    site_with(web_root, {"index.html": "old"})
    site = tmp_path / "project" / "site"
    site.parent.mkdir()
    site.symlink_to("../www/html", target_is_directory=True)
    output = StagedOutput(site)
    assert output.start().parent == tmp_path / "www"
    site_with(output.staging, {"index.html": "new"})  # type: ignore[arg-type]
    output.finish()
    assert output.publish() is True
    assert os.readlink(site) == "../www/html"
    assert tree(web_root) == {"index.html": b"new"}
    assert names(tmp_path / "www") == [".html.lock", "html"]
    assert names(tmp_path / "project") == ["site"]


def test_a_dangling_symlink_gets_its_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.symlink_to(tmp_path / "www" / "html")
    assert staged(site, {"index.html": "new"}).publish() is True
    assert site.is_symlink() and tree(site) == {"index.html": b"new"}


def test_a_site_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("not a folder", encoding="utf-8")
    with pytest.raises(PluginError) as raised:
        StagedOutput(tmp_path / "site").start()
    site = tmp_path / "site"
    assert str(raised.value) == f"candidates: cannot publish the site to {site}: it is a file, not a folder"


def test_leftovers_of_killed_builds_are_removed_and_a_site_moved_aside_is_put_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A build killed between the two renames of the fallback leaves no site, and the old one aside."""
    site_with(tmp_path / ".site.build-0123456789ab", {"index.html": "half"})
    site_with(tmp_path / ".site.staging", {"index.html": "from an earlier version"})
    site_with(tmp_path / ".site.previous-1700000000000000000", {"index.html": "older"})
    site_with(tmp_path / ".site.previous-1800000000000000000", {"index.html": "previous"})
    site_with(tmp_path / ".sitemap", {"keep": "not ours"})
    output = StagedOutput(tmp_path / "site")
    with caplog.at_level(logging.INFO, "mkdocs.plugins.candidates"):
        staging = output.start()
    assert tree(tmp_path / "site") == {"index.html": b"previous"}
    assert names(tmp_path) == sorted([".site.lock", ".sitemap", staging.name, "site"])
    assert caplog.messages == [
        "candidates: put back the previous site, which a stopped build had moved to "
        f"{tmp_path / '.site.previous-1800000000000000000'}"
    ]
    output.publish()


def test_a_leftover_that_cannot_be_removed_is_reported_and_the_build_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site_with(tmp_path / "site", {"index.html": "old"})
    leftover = tmp_path / ".site.previous"
    site_with(leftover, {"index.html": "older"})
    with stuck(leftover):
        with caplog.at_level(logging.INFO, "mkdocs.plugins.candidates"):
            output = staged(tmp_path / "site", {"index.html": "new"})
            assert output.publish() is True
        assert tree(tmp_path / "site") == {"index.html": b"new"}
        assert leftover.is_dir()
        assert len(caplog.messages) == 1
        assert re.fullmatch(
            rf"candidates: could not remove {re.escape(str(leftover))}, left by a build: "
            r"(Operation not permitted|Permission denied); the next build tries again",
            caplog.messages[0],
        )
    assert staged(tmp_path / "site", {"index.html": "newer"}).publish() is True
    assert names(tmp_path) == [".site.lock", "site"]


def test_where_folders_cannot_be_exchanged_the_site_is_replaced_in_two_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(publish, "exchange", lambda first, second: False)
    site = tmp_path / "site"
    site_with(site, {"index.html": "old"})
    assert staged(site, {"index.html": "new"}).publish() is True
    assert tree(site) == {"index.html": b"new"}
    assert names(tmp_path) == [".site.lock", "site"]


def test_a_site_that_cannot_be_swapped_is_one_line_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def busy(first: Path, second: Path) -> bool:
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(second))

    monkeypatch.setattr(publish, "exchange", busy)
    site = tmp_path / "site"
    site_with(site, {"index.html": "old"})
    output = staged(site, {"index.html": "new"})
    with pytest.raises(PluginError) as raised:
        output.publish()
    assert str(raised.value) == (
        f"candidates: cannot swap the new build {output.staging} with {site}: Device or resource busy"
    )
    assert tree(site) == {"index.html": b"old"}
    assert names(tmp_path) == [".site.lock", "site"]
    assert lock_is_free(tmp_path / ".site.lock")


def test_an_immovable_site_is_one_line_and_kept(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site_with(site, {"index.html": "old"})
    output = staged(site, {"index.html": "new"})
    with immovable(site), pytest.raises(PluginError) as raised:
        output.publish()
    assert str(raised.value) == (
        f"candidates: cannot swap the new build {output.staging} with {site}: Operation not permitted"
    )
    assert tree(site) == {"index.html": b"old"}
    assert names(tmp_path) == [".site.lock", "site"]


def test_the_exchange_swaps_two_folders(tmp_path: Path) -> None:
    site_with(tmp_path / "a", {"a.txt": "a"})
    site_with(tmp_path / "b", {"b.txt": "b"})
    if not publish.exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("this system or filesystem cannot exchange folders")
    assert tree(tmp_path / "a") == {"b.txt": b"b"} and tree(tmp_path / "b") == {"a.txt": b"a"}


def test_a_second_build_of_the_site_in_one_process_fails_instead_of_waiting(tmp_path: Path) -> None:
    first = StagedOutput(tmp_path / "site")
    first.start()
    with pytest.raises(PluginError) as raised:
        StagedOutput(tmp_path / "site").start()
    assert str(raised.value) == f"candidates: a build of {tmp_path / 'site'} is already running in this process"
    first.publish()
    second = StagedOutput(tmp_path / "site")
    second.start()
    second.publish()


def test_git_ignores_the_lock_and_the_build_folders() -> None:
    paths = [".site.lock", ".site.build-0123456789ab", ".site.previous-1800000000000000000"]
    paths += [".site.staging", ".site.previous", "site"]
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", "--verbose", *paths],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f".gitignore:{_line('/.site.*')}:/.site.*\t{p}" for p in paths[:-1]] + [
        f".gitignore:{_line('/site')}:/site\tsite"
    ]


def _line(pattern: str) -> int:
    lines = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    return lines.index(pattern) + 1
