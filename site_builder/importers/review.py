"""An import's plan as text for review: each file added or changed, each difference, and a summary."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from site_builder.importers.merge import AddFile, AppendItem, Difference, Plan, RemoveItem, ReplaceValue

KINDS = ("cities", "elections", "races", "candidates", "candidacies", "officeholders", "states")
_ITEM = re.compile(r"^(elections|candidacies|officeholders)\[(\d+)\](?:\.offices\[(\d+)\])?")
_FOLDERS = {"cities/": "cities", "candidates/": "candidates", "states/": "states"}


def describe(plan: Plan) -> list[str]:
    """A line for each file, then an indented line for each difference in a file that exists."""
    lines: list[str] = []
    current = ""
    for difference in plan.differences:
        if isinstance(difference, AddFile):
            lines.append(f"add {difference.path}")
            continue
        if difference.path != current:
            current = difference.path
            lines.append(f"change {current}")
        if isinstance(difference, AppendItem):
            lines.append(f"  append to {difference.field}: {_appended(difference)}")
        elif isinstance(difference, RemoveItem):
            lines.append(f"  join into {difference.into} in {difference.field}: {difference.key}")
        elif difference.old is None:
            lines.append(f"  set {difference.field}: {_shown(difference.new)}")
        else:
            lines.append(f"  replace {difference.field}: {_shown(difference.old)} -> {_shown(difference.new)}")
    return lines


def _appended(difference: AppendItem) -> str:
    """An appended item as a reader knows it: a source by its address, any other item by its key."""
    item = difference.item
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and item.get("url"):
        return str(item["url"])
    return difference.key


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("url") or value.get("title") or value)
    return str(value)


def summary(plan: Plan) -> str:
    """How many records and items of each kind (:data:`KINDS`) the plan adds and changes."""
    added: Counter[str] = Counter()
    changed: dict[str, set[tuple[str, ...]]] = {kind: set() for kind in KINDS}
    for difference in plan.differences:
        kind = next(kind for folder, kind in _FOLDERS.items() if difference.path.startswith(folder))
        if isinstance(difference, AddFile):
            _count_added(added, kind, difference.data)
            continue
        changed[kind].add((difference.path,))
        _count_item(added, changed, difference)
    return "; ".join(f"{kind}: {added[kind]} added, {len(changed[kind])} changed" for kind in KINDS)


def _count_added(added: Counter[str], kind: str, data: dict[str, Any]) -> None:
    added[kind] += 1
    if kind == "cities":
        for election in data.get("elections", []):
            _count_added(added, "elections", election)
        added["officeholders"] += len(data.get("officeholders", []))
    elif kind == "elections":
        added["races"] += len(data.get("offices", []))
    elif kind == "candidates":
        added["candidacies"] += len(data.get("candidacies", []))


def _count_item(added: Counter[str], changed: dict[str, set[tuple[str, ...]]], difference: Difference) -> None:
    assert not isinstance(difference, AddFile)
    if isinstance(difference, RemoveItem):
        if difference.field in ("candidacies", "officeholders"):
            changed[difference.field].add((difference.path, difference.key))
        return
    if isinstance(difference, AppendItem):
        if difference.field == "elections":
            _count_added(added, "elections", difference.item)
            return
        if difference.field in ("candidacies", "officeholders"):
            added[difference.field] += 1
            return
        if difference.field.endswith(".offices"):
            added["races"] += 1
    match = _ITEM.match(difference.field)
    if not match:
        return
    top, number, office = match.groups()
    if top in ("candidacies", "officeholders"):
        changed[top].add((difference.path, number))
    elif office and isinstance(difference, ReplaceValue):
        changed["races"].add((difference.path, number, office))
    else:
        changed["elections"].add((difference.path, number))
