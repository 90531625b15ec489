"""The package's imports go one way: records → directory → site → adapters, and each module within a stage too."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "site_builder"

IMPORTS = {
    "records": set(),
    "directory": {"records"},
    "site": {"records", "directory"},
    "tools": {"records"},
    "importers": {"records", "tools"},
    "adapters": {"records", "directory", "site", "tools", "importers"},
}
"""The stages each stage may import: records → directory → site → adapters, the contributors' tools beside the
directory on the records alone, and the importers beside the site, writing through the tools' canonical layout.
No module is an exception."""

RECORDS = [
    {"characters", "dates", "encode", "ids", "votes"},
    {"names"},
    {"problems", "people"},
    {"schema", "realfiles"},
    {"keys"},
    {"loader", "reference"},
    {"files"},
    {"tables"},
    {"frictionless", "rules", "history"},
    {"parallel"},
    {"validate"},
]
"""The steps of the records stage, in the order a record goes through them."""


def imports(path: Path) -> set[str]:
    """The ``site_builder`` modules a module imports, as ``stage.module``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("site_builder"):
            parts = node.module.split(".")[1:]
            if len(parts) == 1:  # from site_builder.records import parallel
                found.update(f"{parts[0]}.{alias.name}" for alias in node.names)
            else:
                found.add(".".join(parts[:2]))
        elif isinstance(node, ast.Import):
            found.update(".".join(a.name.split(".")[1:3]) for a in node.names if a.name.startswith("site_builder."))
    return found


def modules() -> dict[str, set[str]]:
    return {
        f"{path.parent.name}.{path.stem}": imports(path)
        for path in sorted(PACKAGE.glob("*/*.py"))
        if path.stem != "__init__"
    }


def test_each_stage_imports_only_the_stages_before_it() -> None:
    found = {path.parent.name for path in PACKAGE.glob("*/*.py")}
    assert found == set(IMPORTS), "every stage has its place in IMPORTS"
    crossing = [
        (module, target)
        for module, targets in modules().items()
        for target in targets
        if target.split(".")[0] != module.split(".")[0] and target.split(".")[0] not in IMPORTS[module.split(".")[0]]
    ]
    assert crossing == []


def test_the_records_stage_goes_one_way() -> None:
    step = {name: index for index, names in enumerate(RECORDS) for name in names}
    found = {path.stem for path in (PACKAGE / "records").glob("*.py")} - {"__init__"}
    assert found == set(step), "every module of the records stage has its place in RECORDS"
    backwards = [
        (module, target)
        for module, targets in modules().items()
        if module.startswith("records.")
        for target in targets
        if target.startswith("records.") and step[target.split(".")[1]] >= step[module.split(".")[1]]
    ]
    assert backwards == []


def test_only_the_adapters_know_mkdocs_and_click() -> None:
    for path in PACKAGE.glob("*/*.py"):
        if path.parent.name == "adapters":
            continue
        text = path.read_text(encoding="utf-8")
        assert "import mkdocs" not in text and "from mkdocs" not in text, path
        assert "import click" not in text, path
