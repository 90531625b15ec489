"""Any git history builds: files named with control characters or bytes that are not UTF-8, commits written
by hand with impossible time zones and dates, messages and names that are not UTF-8, binary and huge blobs,
merges, renames, a record removed and added again and a commit of thousands of files.  Each is read or left
out with one warning for each kind of trouble, and the feeds still tell every sound change."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest
from sitebuild import mkdocs_build, write_config
from test_feeds import ADA, BEN, CARL, CARL_PATH, CEDAR_BEND, CEDAR_BEND_GENERAL, FIXTURE, HOSTILE, built, edit, git

from site_builder.records import history
from site_builder.records.history import read_history
from site_builder.records.loader import MAX_BYTES
from site_builder.records.problems import Code

MAPLE_FALLS = "candidates/vt/maple-falls"
ODD_NAMES = [b"a\x01b.yml", b"new\nline.yml", b"tab\there.yml", b'quo"te.yml', b"latin-\xe9.yml"]
"""Names no record file can have: a control character, a newline, a tab, a quote, a byte that is not UTF-8."""
ODD_PATHS = sorted(f"{MAPLE_FALLS}/{os.fsdecode(name)}" for name in ODD_NAMES)
HUGE_COMMIT = 1500
"""The files of one commit: an import far past any limit of the feeds."""


def moment(text: str) -> int:
    """The timestamp of an ISO date, as a commit object holds it."""
    return int(dt.datetime.fromisoformat(text).timestamp())


def handmade(repo: Path, date: bytes, message: bytes = b"A commit written by hand", author: bytes = b"Ex") -> str:
    """A commit of the working tree written as a raw object, with whatever date and bytes git would refuse."""
    git(repo, "add", "-A")
    tree = git(repo, "write-tree").strip()
    parent = git(repo, "rev-parse", "HEAD").strip()
    body = (
        f"tree {tree}\nparent {parent}\n".encode()
        + b"author " + author + b" <ex@example.org> " + date + b"\n"
        + b"committer " + author + b" <ex@example.org> " + date + b"\n\n" + message + b"\n"
    )  # fmt: skip
    result = subprocess.run(
        ["git", "-C", str(repo), "hash-object", "-t", "commit", "-w", "--literally", "--stdin"],
        input=body,
        capture_output=True,
        check=True,
        env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull},
    )
    sha = result.stdout.decode("ascii").strip()
    git(repo, "update-ref", "HEAD", sha)
    return sha


def commit(repo: Path, message: str, date: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | Path]:
    """A repository of the fixture directory whose history holds every kind of trouble, and its commits."""
    root = tmp_path_factory.mktemp("hostile-history") / "repo"
    shutil.copytree(FIXTURE, root)
    folder = root / MAPLE_FALLS
    made: dict[str, str | Path] = {"root": root}
    git(root, "init", "-q", "-b", "main")
    commit(root, "The first records", "2026-01-10T12:00:00+00:00")
    (root / CARL_PATH).write_text(CARL, encoding="utf-8")
    for name in ODD_NAMES:
        (folder / os.fsdecode(name)).write_bytes(b"name: Odd\n")
    commit(root, "A new candidate, and files no record can be", "2026-02-01T12:00:00+00:00")
    for name in ODD_NAMES:
        (folder / os.fsdecode(name)).unlink()
    commit(root, "The odd files removed", "2026-02-02T12:00:00+00:00")
    edit(root, CARL_PATH, "    status: announced\n", "    status: won\n    votes: 900\n")
    made["time zone"] = handmade(root, b"%d +9999" % moment("2026-03-04T08:00:00+00:00"))
    edit(root, ADA, "    status: announced\n", "    status: withdrawn\n")
    made["far"] = handmade(root, b"99999999999999 +0000", author=b"Jos\xe9")
    edit(root, BEN, "name: Ben Ostrander\n", "name: Ben Ostrander\nwebsite: https://ben.example.org/\n")
    made["no date"] = handmade(root, b"soon +0000")
    edit(root, CEDAR_BEND, "sources:\n  - https://cedar-bend.example.org/\n", CEDAR_BEND_GENERAL)
    handmade(root, b"%d -0500" % moment("2026-03-10T12:00:00+00:00"), b"R\xe9sultat \xff\xfe", b"Jos\xe9 \x1b[2J")
    (folder / "zed-blob.yml").write_bytes(bytes(range(256)) * (5 * 1024 * 1024 // 256))
    (folder / "latin-one.yml").write_bytes(b"name: Jos\xe9\n")
    made["blobs"] = commit(root, "A 5 MB binary blob and a record that is not UTF-8", "2026-03-20T12:00:00+00:00")
    (folder / "zed-blob.yml").unlink()
    (folder / "latin-one.yml").unlink()
    made["blobs removed"] = commit(root, "The blobs removed", "2026-03-21T12:00:00+00:00")
    git(root, "checkout", "-q", "-b", "side")
    edit(root, BEN, "    votes: 800\n", "    votes: 810\n")
    commit(root, "A corrected count, on a branch", "2026-04-01T12:00:00+00:00")
    git(root, "checkout", "-q", "main")
    (folder / "dara-penhallow.yml").rename(folder / "dara-penhallow-lee.yml")
    commit(root, "A rename", "2026-04-02T12:00:00+00:00")
    git(root, "merge", "-q", "--no-ff", "-m", "A merge", "side", date="2026-04-03T12:00:00+00:00")
    (folder / "dara-penhallow-lee.yml").rename(folder / "dara-penhallow.yml")
    commit(root, "The name back", "2026-04-04T12:00:00+00:00")
    text = (folder / "ada-quill.yml").read_text(encoding="utf-8")
    (folder / "ada-quill.yml").unlink()
    commit(root, "A record removed", "2026-04-05T12:00:00+00:00")
    (folder / "ada-quill.yml").write_text(text, encoding="utf-8")
    commit(root, "The record added again", "2026-04-06T12:00:00+00:00")
    for number in range(HUGE_COMMIT):
        (folder / f"imported-{number}.yml").write_text(CARL.replace(HOSTILE, f"Imported {number}"), encoding="utf-8")
    commit(root, "An import of thousands of files", "2026-05-01T12:00:00+00:00")
    for number in range(HUGE_COMMIT):
        (folder / f"imported-{number}.yml").unlink()
    commit(root, "The import undone", "2026-05-02T12:00:00+00:00")
    return made


def test_the_history_reads_every_path_and_date_as_it_is(repo: dict[str, str | Path]) -> None:
    root = Path(repo["root"])
    read = read_history(root, ["candidates", "cities"])
    assert read.available and not read.shallow
    assert sorted(read.undated) == sorted([repo["far"], repo["no date"]])
    by_sha = {c.sha: c for c in read.commits}
    assert repo["far"] not in by_sha and repo["no date"] not in by_sha
    assert by_sha[str(repo["time zone"])].date == dt.datetime(2026, 3, 4, 8, tzinfo=dt.UTC), "+9999 changes nothing"
    paths = [change.path for c in read.commits for change in c.changes if "maple-falls/" in change.path]
    for path in ODD_PATHS:
        assert paths.count(path) == 2, f"added and removed: {path!r}"
    assert len(read.commits) == 14, "every commit but the two undated and the merge"
    assert read.newest == dt.datetime(2026, 5, 2, 12, tzinfo=dt.UTC)


def test_each_kind_of_trouble_is_one_warning_and_the_sound_changes_are_told(repo: dict[str, str | Path]) -> None:
    result = built(Path(repo["root"]))
    assert [(n.code, n.path, n.is_error) for n in result.notices] == [
        (Code.HISTORY_DATE, "data/feeds/all.atom", False),
        (Code.HISTORY_NAME, "data/feeds/all.atom", False),
        (Code.HISTORY_RECORD, "data/feeds/all.atom", False),
    ]
    texts = [n.as_text() for n in result.notices]
    example = min(str(repo["far"]), str(repo["no date"]))[:12]
    assert texts[0] == (
        "data/feeds/all.atom:1:1: warning: the feeds of changes leave out 2 commits whose date cannot be read or "
        f"is out of range, such as {example} (hint: see its committer line with `git cat-file -p {example}`; "
        "the other commits' changes are in the feeds)"
    )
    assert texts[1].startswith(
        "data/feeds/all.atom:1:1: warning: the feeds of changes leave out 5 files of the history whose names no "
        "record file can have, such as `candidates/vt/maple-falls/a\\x01b.yml`"
    )
    sha = min(str(repo["blobs"]), str(repo["blobs removed"]))[:12]
    assert texts[2] == (
        "data/feeds/all.atom:1:1: warning: the feeds of changes cannot read 4 records as the history holds them, "
        f"such as `candidates/vt/maple-falls/latin-one.yml` in commit {sha}: over the size limit, not UTF-8 text, "
        "or refused by the loader (hint: their entries say only what the path and the current records tell, "
        "and quote nothing of them)"
    )
    assert all("\n" not in text for text in texts)
    content = {d.path: d.content for d in result.downloads}["data/feeds/vt-maple-falls.atom"]
    feed = feedparser.parse(content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [(entry.title, entry.updated) for entry in feed.entries] == [
        (f"{HUGE_COMMIT} records removed", "2026-05-02T12:00:00Z"),
        (f"{HUGE_COMMIT} new candidates", "2026-05-01T12:00:00Z"),
        ("New candidate: Ada Quill", "2026-04-06T12:00:00Z"),
        ("Removed: Ada Quill", "2026-04-05T12:00:00Z"),
        ("Removed: Dara Penhallow", "2026-04-04T12:00:00Z"),
        ("New candidate: Dara Penhallow", "2026-04-04T12:00:00Z"),
        ("New candidate: Dara Penhallow", "2026-04-02T12:00:00Z"),
        ("Removed: Dara Penhallow", "2026-04-02T12:00:00Z"),
        ("Result: Ben Ostrander", "2026-04-01T12:00:00Z"),
        ("Removed: latin-one", "2026-03-21T12:00:00Z"),
        ("Removed: zed-blob", "2026-03-21T12:00:00Z"),
        ("New candidate: latin-one", "2026-03-20T12:00:00Z"),
        ("New candidate: zed-blob", "2026-03-20T12:00:00Z"),
        (f"Result: {HOSTILE}", "2026-03-04T08:00:00Z"),
        (f"New candidate: {HOSTILE}", "2026-02-01T12:00:00Z"),
        ("New candidate: Ada Quill", "2026-01-10T12:00:00Z"),
        ("New candidate: Ben Ostrander", "2026-01-10T12:00:00Z"),
        ("New candidate: Dara Penhallow", "2026-01-10T12:00:00Z"),
        ("New city: Maple Falls, VT", "2026-01-10T12:00:00Z"),
    ], "the withdrawal and the website of the undated commits are left out, and the merge adds nothing"
    other = feedparser.parse({d.path: d.content for d in result.downloads}["data/feeds/or-cedar-bend.atom"])
    assert other.entries[0].title == "New election: Cedar Bend, OR", "a message and an author not UTF-8"
    assert other.entries[0].updated == "2026-03-10T12:00:00Z"
    assert b"\x1b" not in content


def test_a_blob_over_the_size_limit_is_never_read(repo: dict[str, str | Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(repo["root"])
    blob = git(root, "rev-parse", f"{repo['blobs']}:{MAPLE_FALLS}/zed-blob.yml").strip()
    assert int(git(root, "cat-file", "-s", blob)) > MAX_BYTES
    asked: list[tuple[str, ...]] = []
    real = history._git

    def spy(where: Path, *args: str, data: bytes | None = None) -> bytes:
        asked.append((*args, (data or b"").decode()))
        return real(where, *args, data=data)

    monkeypatch.setattr(history, "_git", spy)
    assert history.read_records(root, [blob]) == {blob: None}
    assert [call[:2] for call in asked] == [("cat-file", "--batch-check")], "its size is asked, its content never"


@pytest.mark.slow
def test_a_site_builds_from_the_hostile_history(repo: dict[str, str | Path], tmp_path: Path) -> None:
    result = mkdocs_build(write_config(tmp_path, Path(repo["root"])))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if "data/feeds/" in line]
    assert len(warnings) == 3, warnings
    assert [w.split(": ", 2)[2][:50] for w in warnings] == [
        "the feeds of changes leave out 2 commits whose dat",
        "the feeds of changes leave out 5 files of the hist",
        "the feeds of changes cannot read 4 records as the ",
    ]
    feed = feedparser.parse((tmp_path / "site" / "data" / "feeds" / "vt-maple-falls.atom").read_bytes())
    assert not feed.bozo
    assert feed.entries[0].title == f"{HUGE_COMMIT} records removed"
    assert (tmp_path / "site" / "data" / "feeds" / "all.atom").is_file()


def test_a_path_is_read_by_its_place_whatever_it_holds() -> None:
    blob, other = "1" * 40, "2" * 40
    header = f"{'a' * 40} 1767268800".encode()
    fake = f":100644 100644 {blob} {other} M".encode()
    log = b"\0".join(
        [
            header,
            f"\n:000000 100644 {'0' * 40} {blob} A".encode(),
            b"candidates/\n" + f"{'b' * 40} 1".encode(),  # a name that holds a commit's line
            f":100644 120000 {blob} {other} T".encode(),
            fake,  # a name that holds a file's status
            f"{'c' * 40} ".encode(),  # a commit whose date git could not read
            b"",
        ]
    )
    commits, undated = history._commits(log)
    assert undated == ["c" * 40]
    assert [(c.sha, c.date) for c in commits] == [("a" * 40, dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC))]
    assert commits[0].changes == (
        history.FileChange("A", f"candidates/\n{'b' * 40} 1", "", blob),
        history.FileChange("M", fake.decode(), blob, ""),
    ), "a symbolic link's blob is never read as a record"
