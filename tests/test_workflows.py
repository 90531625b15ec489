"""The GitHub workflows, issue forms and pre-commit hooks: valid, pinned and least-privilege.

check-jsonschema (with its vendored schemas) and zizmor run offline from the virtualenv.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
VERSION_COMMENT = re.compile(r"^\s+# v\d+\.\d+\.\d+$")

pytestmark = pytest.mark.slow


def tool(name: str) -> str:
    path = BIN / name
    assert path.is_file(), f"{name} is not installed in {BIN}: run `make setup`"
    return str(path)


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO, timeout=300)


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """The `on:` mapping (PyYAML reads the bare key `on` as True)."""
    value = workflow["on"] if "on" in workflow else workflow[True]
    if isinstance(value, str):
        return {value: None}
    if isinstance(value, list):
        return dict.fromkeys(value)
    return dict(value)


def steps(workflow: dict[Any, Any]) -> Iterator[dict[str, Any]]:
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def test_there_are_the_two_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == ["publish.yml", "pull-request.yml"]


def test_workflows_match_the_github_workflow_schema() -> None:
    result = run(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_offline() -> None:
    result = run(tool("zizmor"), "--offline", "--strict-collection", ".github/workflows/")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "No findings to report" in output, output


def test_issue_form_and_its_config_match_their_schemas() -> None:
    form = run(
        tool("check-jsonschema"),
        "--builtin-schema",
        "vendor.github-issue-forms",
        str(GITHUB / "ISSUE_TEMPLATE" / "correction.yml"),
    )
    assert form.returncode == 0, form.stdout + form.stderr
    config = run(
        tool("check-jsonschema"),
        "--builtin-schema",
        "vendor.github-issue-config",
        str(GITHUB / "ISSUE_TEMPLATE" / "config.yml"),
    )
    assert config.returncode == 0, config.stdout + config.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    uses = [step["uses"] for step in steps(load(path)) if "uses" in step]
    assert uses
    for ref in uses:
        assert PINNED.match(ref), f"{path.name}: `{ref}` is not pinned to a full commit SHA"
    for line in path.read_text(encoding="utf-8").splitlines():
        match = USES_LINE.match(line)
        if match:
            assert VERSION_COMMENT.match(match["rest"]), f"{path.name}: `{line.strip()}` needs a `# vX.Y.Z` comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_workflow_runs_with_the_base_repository_privileges(path: Path) -> None:
    assert "pull_request_target" not in path.read_text(encoding="utf-8")
    assert "pull_request_target" not in triggers(load(path))
    assert "workflow_run" not in triggers(load(path))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_token_is_read_only_and_checkout_keeps_no_credentials(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {"contents": "read"}
    checkouts = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert step["with"]["persist-credentials"] is False


def test_pull_request_workflow() -> None:
    workflow = load(GITHUB / "workflows" / "pull-request.yml")
    assert set(triggers(workflow)) == {"pull_request"}
    assert "github.ref" in workflow["concurrency"]["group"]
    assert all("permissions" not in job for job in workflow["jobs"].values())
    commands = "\n".join(s.get("run", "") for s in steps(workflow))
    for command in (
        "site-builder validate --format github",
        "site-builder fmt --check",
        "make site",
        "make test",
        '--base "$BASE_SHA" >> "$GITHUB_STEP_SUMMARY"',
    ):
        assert command in commands


def test_publish_workflow_deploys_only_after_every_check() -> None:
    workflow = load(GITHUB / "workflows" / "publish.yml")
    assert set(triggers(workflow)) == {"push", "workflow_dispatch"}
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build
    build_runs = [s.get("run", "") for s in build["steps"]]
    for command in ("site-builder validate --format github", "site-builder fmt --check", "make site", "make test"):
        assert any(command in run for run in build_runs), command
    upload = build["steps"][-1]
    assert upload["uses"].startswith("actions/upload-pages-artifact@")
    assert upload["with"]["path"] == "site/"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_checkout_fetches_the_whole_history(path: Path) -> None:
    """The site's feeds of changes come from the records' git history, and the pull-request summary
    compares with the base branch: a shallow checkout would leave both with one commit."""
    checkouts = [s for s in steps(load(path)) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert step["with"].get("fetch-depth") == 0, f"{path.name}: check out with `fetch-depth: 0`"


def test_pre_commit_hooks_run_the_record_checks() -> None:
    config = load(REPO / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert all(repo["repo"] == "local" for repo in config["repos"])
    assert all(hook["language"] == "system" for hook in hooks.values())
    assert hooks["site-builder-validate"]["entry"].endswith("site-builder validate")
    assert hooks["site-builder-fmt"]["entry"].endswith("site-builder fmt --check")
    for name in ("site-builder-validate", "site-builder-fmt"):
        pattern = re.compile(hooks[name]["files"])
        assert pattern.search("candidates/mn/minneapolis/jane-doe.yml")
        assert not pattern.search("docs/index.md")


def test_pull_request_template_has_the_sourcing_checklist() -> None:
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for item in ("source", "photo_license", "photo_credit", "last_verified", "site-builder validate"):
        assert item in text
    assert text.count("- [ ]") >= 4
