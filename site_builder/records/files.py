"""Find the record files under each record folder, and refuse the misplaced and misnamed ones."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from site_builder.records import realfiles
from site_builder.records.ids import reserved, slugify
from site_builder.records.problems import Code, Problem, Severity, did_you_mean
from site_builder.records.schema import SLUG_PATTERN, STATES, Schema, Table, load_schema

_SLUG = re.compile(SLUG_PATTERN)


@dataclass(frozen=True)
class RecordFile:
    table: Table
    path: Path
    display: str
    parts: tuple[str, ...]
    text: str | None = None
    """The record's text when it is held in memory (a change not yet written), else None: read from ``path``."""


def discover(root: Path, schema: Schema, only: str | None = None) -> tuple[list[RecordFile], list[Problem]]:
    """List the record files under each record folder, rejecting misplaced or misnamed ones.

    With ``only``, a city id such as ``mn/minneapolis``, a one-city preview's: of the records that belong
    to one city (the city's own, its candidates, its questionnaires), only that city's folders are read."""
    found: list[RecordFile] = []
    problems: list[Problem] = []
    for table in schema.record_tables:
        folder = root / str(table.folder)
        expected = table.record["path"]
        scope = tuple(only.split("/")) if only and table.city_local else None
        if folder.is_symlink():
            problems.append(realfiles.link(str(table.folder)))
            continue  # a linked folder can hold anything from anywhere: none of it is read
        for dirpath, dirnames, every_file in os.walk(folder):
            here = Path(dirpath)
            shown, inner = here.relative_to(root).as_posix(), here.relative_to(folder).parts
            filenames = every_file
            if scope and len(inner) < len(scope):
                dirnames[:] = [d for d in dirnames if d == scope[len(inner)]]
                filenames = [f for f in every_file if (*inner, _stem(f)) == scope[: len(inner) + 1]]
            links = [d for d in dirnames if (here / d).is_symlink()]
            problems.extend(_hidden(f"{shown}/{d}") for d in sorted(dirnames) if d.startswith(".") and d not in links)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in links)
            for name in sorted(filenames + links):
                path = here / name
                display = f"{shown}/{name}"
                if name.startswith(".") and not name.endswith((".yml", ".yaml")):
                    continue  # .gitkeep and the like
                refused = realfiles.refusal(path, display)
                if refused:
                    problems.append(refused)
                    continue
                parts = (*inner, name)
                problem = _check_place(display, parts, table.path_names, f"{table.folder}/{expected}")
                problem = problem or _reserved(display, table.name, name)
                if problem:
                    problems.append(problem)
                else:
                    found.append(RecordFile(table, path, display, (*parts[:-1], parts[-1][:-4])))
    return found, problems


def with_changes(
    schema: Schema, found: list[RecordFile], changes: dict[str, str]
) -> tuple[list[RecordFile], list[Problem]]:
    """The record files as they would be with ``changes`` written: the new text of each changed or added
    record, by its path under the root, held in memory.  A path where no record of any kind belongs
    is a problem, as :func:`discover` reports it."""
    by_display = {record.display: index for index, record in enumerate(found)}
    files, problems = list(found), []
    order = {table.name: index for index, table in enumerate(schema.record_tables)}
    for display, text in sorted(changes.items()):
        index = by_display.get(display)
        if index is not None:
            files[index] = RecordFile(files[index].table, files[index].path, display, files[index].parts, text)
            continue
        folder, _, rest = display.partition("/")
        table = next((t for t in schema.record_tables if str(t.folder) == folder), None)
        parts = tuple(rest.split("/"))
        if table is None or not rest:
            problems.append(Problem(display, 1, 1, "", "no kind of record lives here", code=Code.NOT_A_RECORD_FILE))
            continue
        problem = _check_place(display, parts, table.path_names, f"{table.folder}/{table.record['path']}")
        problem = problem or _reserved(display, table.name, parts[-1])
        if problem:
            problems.append(problem)
            continue
        files.append(RecordFile(table, Path(display), display, (*parts[:-1], parts[-1][:-4]), text))
    files.sort(key=lambda record: (order[record.table.name], *record.parts[:-1], record.parts[-1] + ".yml"))
    return files, problems


def _stem(name: str) -> str:
    """A file's name without its record ending: ``burlington.yml`` → ``burlington``."""
    for ending in (".yml", ".yaml"):
        if name.endswith(ending):
            return name[: -len(ending)]
    return name


def _reserved(display: str, table: str, name: str) -> Problem | None:
    """A problem when the record's id, its file's name, is the address of a page the site makes beside its page."""
    stem = _stem(name)
    page = reserved(table, stem)
    if page is None:
        return None
    return Problem(
        display,
        1,
        1,
        "",
        f"`{stem}` is the address of a page the site makes: no record's id may be {page.form}",
        f"rename the file, for example to `{stem.removeprefix(page.prefix)}-{page.prefix.rstrip('-')}.yml`",
        code=Code.RESERVED_ID,
    )


def _hidden(display: str) -> Problem:
    return Problem(
        display,
        1,
        1,
        "",
        "the records in this hidden folder are not read",
        "move them out of the hidden folder to publish them, or keep drafts outside the record folders",
        Severity.WARNING,
        code=Code.HIDDEN_FOLDER,
    )


def _check_place(display: str, parts: tuple[str, ...], names: tuple[str, ...], expected: str) -> Problem | None:
    """A problem with where the file is, or None; ``names`` are the parts of the kind's path (``state``, ``city``)."""
    name, depth = parts[-1], len(names)
    if name.endswith(".yaml"):
        return Problem(
            display, 1, 1, "", "record files end in `.yml`", f"rename it to {name[:-5]}.yml", code=Code.WRONG_EXTENSION
        )
    if not name.endswith(".yml"):
        return Problem(
            display,
            1,
            1,
            "",
            "this folder holds only `.yml` records",
            f"records live at {expected}",
            code=Code.NOT_A_RECORD_FILE,
        )
    if len(parts) != depth:
        return Problem(
            display,
            1,
            1,
            "",
            f"the file is not where a record of this kind belongs: {expected}",
            "move it to the right folder",
            code=Code.MISPLACED,
        )
    stem = name[:-4]
    for index, part in enumerate((*parts[:-1], stem)):
        if not _SLUG.match(part):
            return Problem(
                display,
                1,
                1,
                "",
                f"`{part}` is not a valid id: use lowercase letters, digits and single hyphens",
                f"rename it to `{slugify(part) or 'a-name'}`",
                code=Code.INVALID_ID,
            )
        if names[index] == "state" and part not in STATES:
            where = "the first folder" if index < depth - 1 else "the file name"
            return Problem(
                display,
                1,
                1,
                "",
                f"`{part}` is not a state: {where} is the lowercase USPS code",
                did_you_mean(part, STATES) or "for example `mn` for Minnesota",
                code=Code.UNKNOWN_STATE,
            )
    return None


def city_record(root: Path, state: str, city: str) -> RecordFile:
    """The record file of one city."""
    table = load_schema().tables["cities"]
    return RecordFile(
        table, root / str(table.folder) / state / f"{city}.yml", f"{table.folder}/{state}/{city}.yml", (state, city)
    )


def record_paths(root: Path, folder: str) -> tuple[list[Path], list[Problem]]:
    """The record files (``*.yml``) directly in ``folder`` under ``root``, such as ``candidates/mn/minneapolis``,
    as :func:`discover` finds them, for the importers: a folder on the way that is a link refuses them all,
    and a file that is a link, a pipe, a device or socket is refused rather than listed.  A folder that does
    not exist holds none."""
    here = root / folder
    linked = realfiles.linked_folder(root, here)
    if linked is not None:
        return [], [realfiles.link(linked)]
    if not here.is_dir():
        return [], []
    if not realfiles.inside(root, here):
        return [], [realfiles.outside(folder)]
    found: list[Path] = []
    problems: list[Problem] = []
    for path in sorted(here.glob("*.yml")):
        refused = realfiles.refusal(path, f"{folder}/{path.name}", root)
        if refused:
            problems.append(refused)
        else:
            found.append(path)
    return found, problems
