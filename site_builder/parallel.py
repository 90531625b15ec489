"""Spread the heavy steps of validation over the machine's cores.

Reading the YAML records and checking the tables with Frictionless are CPU work
on independent pieces (files; tables).  For a large directory each step is cut
into one part per core: this process works on the first part while a worker
process works on each other one, and the results are put back in order, so the
outcome is exactly what one process doing every part in turn would produce.

Workers are forked, so they share this process's memory and start at once.  Where
a fork is not safe (not Linux, or other threads running, as under ``mkdocs serve``)
everything runs here, one part after the other.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, TypeVar

Part = TypeVar("Part")
Result = TypeVar("Result")

MIN_FILES = 1000
"""Below this many record files one process is faster than starting workers."""


def cores() -> int:
    """How many cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether worker processes can be forked safely: on Linux, while this process runs one thread."""
    return sys.platform == "linux" and threading.active_count() == 1


def part_count(files: int) -> int:
    """How many parts to cut a directory of this many record files into."""
    return cores() if files >= MIN_FILES and can_fork() else 1


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
            worker = context.Process(target=_work, args=(function, pack, part, sender), daemon=True)
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


def _work(function: Callable[[Any], Any], pack: Callable[[Any], Any] | None, part: Any, sender: Connection) -> None:
    try:
        result = function(part)
        outcome = (True, pack(result) if pack else result)
    except BaseException:  # handed to the parent, which raises it
        outcome = (False, traceback.format_exc())
    sender.send(outcome)
    sender.close()


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
