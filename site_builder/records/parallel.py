"""Validation on every core, behind one door: record files in, tables and problems out.

:func:`check` is the only entry point.  The records of the kinds other than
candidates (cities, organisations, topics: a few per city) are loaded first.  The
candidate files, by far the most, are cut into one run per core, a city's
candidates in the same run, and each run is loaded and checked (Frictionless and
the project's own rules) in a process of its own, against the other kinds'
tables.  This process checks the first run and then the other kinds' records.

Why a run can be checked on its own: every key of a table that a candidate's
file fills starts with that record's own id, so duplicates can only be within
one file; every foreign key points either at another kind's table or at the
file's own candidate (the keys from another kind's record into candidates' rows, such as a
city's ranked-choice rounds or an officeholder's candidate, are checked once the runs are joined:
:func:`~site_builder.records.frictionless.crossing_problems`); and every rule looks only within one record, the records
it refers to, or one city (:mod:`rules`), and a city's candidates share a run.
So the problems are exactly those of one process checking everything, in the
same order; ``tests/test_parallel.py`` proves it over every fixture.

The speed tricks live here and nowhere else, each measured by
``benchmarks/tricks.py`` (see the benchmarks page):

- workers are forked, so they share this process's memory and start at once;
  where a fork is not safe (not Linux, or other threads running, as under
  ``mkdocs serve``) every run is checked here, one after the other;
- a checked run comes back as ``marshal`` bytes without per-value positions
  (:func:`pack`), which only a problem report needs;
- the cycle collector is held off while the tables are built (:func:`paused_gc`).
"""

from __future__ import annotations

import ctypes
import datetime as dt
import functools
import gc
import marshal
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Mapping as MappingType
from contextlib import contextmanager
from multiprocessing.connection import Connection
from types import MappingProxyType
from typing import Any, TypeVar

from site_builder.records.files import RecordFile
from site_builder.records.frictionless import SPLIT, crossing_problems, frictionless_problems
from site_builder.records.loader import Mark
from site_builder.records.problems import Code, Problem, Severity, sort_problems
from site_builder.records.rules import record_problems
from site_builder.records.schema import Schema
from site_builder.records.tables import Loaded, Origin, Tables, load_records

MIN_FILES = 1000
"""Below this many record files one process is faster than starting workers."""


def check(
    schema: Schema, files: list[RecordFile], today: dt.date, parts: int | None = None, min_files: int | None = None
) -> tuple[Tables, list[Problem]]:
    """Load, normalise and check the record files; return the tables and every problem, sorted.

    ``parts`` is how many runs to cut the candidate files into (by default one per core once
    there are ``min_files`` files, where forking is safe); the outcome never depends on it.
    """
    with paused_gc():
        first = next((i for i, f in enumerate(files) if f.table.name == SPLIT), len(files))
        last = first + sum(f.table.name == SPLIT for f in files)
        before, after = (
            load_records(schema, files[:first], modelines=True),
            load_records(schema, files[last:], modelines=True),
        )
        others = merge([before.tables, after.tables])
        threshold = MIN_FILES if min_files is None else min_files
        count = parts if parts is not None else part_count(len(files), threshold)
        runs = split(files[first:last], count, group=_city)
        jobs = [(run, number == 0) for number, run in enumerate(runs)]
        checked = run_parts(functools.partial(_check_run, schema, others, today), jobs, pack, unpack)
        tables = merge([before.tables, *(run.tables for run in checked), after.tables])
        problems = before.problems + after.problems + [p for run in checked for p in run.problems]
        problems += crossing_problems(schema, tables)
        return tables, sort_problems(problems)


def local_tables(schema: Schema) -> set[str]:
    """The tables that a candidate's file fills: candidates, the tables below them and sources."""

    def below_candidates(name: str | None) -> bool:
        while name and name != SPLIT:
            name = schema.tables[name].parent
        return name == SPLIT

    return {name for name in schema.tables if below_candidates(name)} | {schema.sources.name}


def _city(record: RecordFile) -> tuple[str, ...]:
    return record.parts[:2]


def _check_run(schema: Schema, others: Tables, today: dt.date, job: tuple[list[RecordFile], bool]) -> Loaded:
    """A run of candidate files loaded and checked against the other kinds' tables; and, for the
    first run, the other kinds' records as well."""
    files, with_others = job
    loaded = load_records(schema, files, modelines=True)
    own = local_tables(schema)
    view = Tables(
        {name: (loaded.tables if name in own else others).rows[name] for name in schema.tables},
        {name: (loaded.tables if name in own else others).origins[name] for name in schema.tables},
    )
    loaded.problems += frictionless_problems(schema, view, [name for name in schema.tables if name in own])
    loaded.problems += record_problems(schema, view, today, checked=own)
    if with_others:
        theirs = [name for name in schema.tables if name not in own or name == schema.sources.name]
        loaded.problems += frictionless_problems(schema, others, theirs)
        loaded.problems += record_problems(schema, others, today, checked=theirs)
    return loaded


Part = TypeVar("Part")
Result = TypeVar("Result")


def cores() -> int:
    """How many cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether worker processes can be forked safely: on Linux, while this process runs one thread."""
    return sys.platform == "linux" and threading.active_count() == 1


def part_count(files: int, min_files: int = MIN_FILES) -> int:
    """How many parts to cut a directory of this many record files into."""
    return cores() if files >= min_files and can_fork() else 1


def split(items: Sequence[Part], parts: int, group: Callable[[Part], Any] | None = None) -> list[list[Part]]:
    """Cut a list into ``parts`` consecutive runs of about equal length.

    With ``group``, consecutive items of the same group stay in the same run.
    """
    runs, start = [], 0
    for number in range(1, parts + 1):
        end = max(start, round(len(items) * number / parts))
        while group and 0 < end < len(items) and group(items[end]) == group(items[end - 1]):
            end += 1
        runs.append(list(items[start:end]))
        start = end
    return runs


def run_parts(
    function: Callable[[Part], Result],
    parts: Sequence[Part],
    pack: Callable[[Result], Any] | None = None,
    unpack: Callable[[Any], Result] | None = None,
) -> list[Result]:
    """``[function(part) for part in parts]``: the first part here, each other one in a worker process.

    A worker's result comes back pickled; ``pack`` and ``unpack`` can turn it into something
    quicker to pickle (such as ``marshal`` bytes) and back.
    """
    if len(parts) < 2 or not can_fork():
        return [function(part) for part in parts]
    context = multiprocessing.get_context("fork")
    workers: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    try:
        for part in parts[1:]:
            receiver, sender = context.Pipe(duplex=False)
            worker = context.Process(target=_work, args=(function, pack, part, sender, os.getpid()), daemon=True)
            worker.start()
            sender.close()
            workers.append((worker, receiver))
        results = [function(parts[0])]
        for process, receiver in workers:
            value = _receive(process, receiver)
            results.append(unpack(value) if unpack else value)
        return results
    finally:
        for process, receiver in workers:
            receiver.close()
            if process.is_alive():
                process.terminate()
            process.join()


def _work(
    function: Callable[[Any], Any], pack: Callable[[Any], Any] | None, part: Any, sender: Connection, parent: int
) -> None:
    _end_with(parent)
    try:
        result = function(part)
        outcome = (True, pack(result) if pack else result)
    except BaseException:  # handed to the parent, which raises it
        outcome = (False, traceback.format_exc())
    sender.send(outcome)
    sender.close()


_PR_SET_PDEATHSIG = 1


def _end_with(parent: int) -> None:
    """Make this worker end when the process that started it does, however that ends (``kill -9``
    included), and let go of the output it inherited, so that nothing waiting for that output
    (a CI step, a pipe) waits for an orphan."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: workers are only forked on Linux
    if os.getppid() != parent:  # the parent ended before the line above took effect
        os._exit(1)
    with open(os.devnull, "w", encoding="utf-8") as null:
        os.dup2(null.fileno(), 1)
        os.dup2(null.fileno(), 2)


def _receive(process: multiprocessing.process.BaseProcess, receiver: Connection) -> Any:
    try:
        succeeded, value = receiver.recv()
    except EOFError:
        process.join()
        raise RuntimeError(f"a validation worker process stopped unexpectedly (exit code {process.exitcode})") from None
    if not succeeded:
        raise RuntimeError(f"a validation worker process failed:\n{value}")
    return value


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold off Python's cycle collector while building many small objects that all stay alive.

    Validation builds hundreds of thousands of rows, and the directory model as many linked
    objects; none of them is garbage, but the collector would rescan them again and again as
    they pile up, for nothing.  Afterwards what survives joins the oldest generation at once
    (``freeze`` then ``unfreeze``), rather than being walked once more as young objects by the
    next collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:  # leave alone objects that someone else has frozen
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def merge(runs: list[Tables]) -> Tables:
    """Tables of consecutive runs of files, joined in order."""
    tables = Tables({name: [] for name in runs[0].rows}, {name: [] for name in runs[0].rows})
    for run in runs:
        tables.files += run.files
        for name in tables.rows:
            tables.rows[name] += run.rows[name]
            tables.origins[name] += run.origins[name]
    return tables


def pack(loaded: Loaded) -> bytes:
    """A checked run as plain values in ``marshal`` bytes: twice as quick to send between processes as a pickle.

    Every problem in the run has been found, so its rows' origins travel without the
    position of each value, which only a problem report needs (a third of the bytes).
    """
    tables = loaded.tables
    origins = {name: [(o.path, o.mark, o.field_path) for o in found] for name, found in tables.origins.items()}
    problems = [
        (p.path, p.line, p.column, p.field, p.message, p.hint, p.severity.value, p.code.value) for p in loaded.problems
    ]
    return marshal.dumps((tables.files, tables.rows, origins, problems))


def unpack(data: bytes) -> Loaded:
    files, rows, origins, problems = marshal.loads(data)  # noqa: S302 (from our own worker)
    places = {name: [Origin(path, mark, _CHECKED, at) for path, mark, at in found] for name, found in origins.items()}
    tables = Tables(rows, places, files)
    return Loaded(
        tables,
        [
            Problem(path, line, column, field, message, hint, Severity(severity), code=Code(code))
            for path, line, column, field, message, hint, severity, code in problems
        ],
    )


_CHECKED: MappingType[str, Mark] = MappingProxyType({})
"""The value positions of a row checked in another process: no longer needed, so not sent."""
