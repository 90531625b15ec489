"""National-scale benchmark on synthetic records.

For each size, a synthetic records directory (``benchmarks.synthetic``) is written
to a temporary folder and measured:

  generate s        writing the synthetic directory
  validate s        load + validate (``validate_directory``), best of --repeat runs, each in a
                    fresh process
  validate MB       peak resident memory of that validation process
  worker MB         peak resident memory of its largest worker process (large directories)
  build s           full ``mkdocs build`` with the candidates plugin over the directory
  build MB          peak resident memory of that build
  floor s           ``mkdocs build`` of the same generated pages already written to disk
                    as Markdown, same theme and settings, without the data pipeline
  pipeline s        the records pipeline alone (load, validate, directory, page bodies, downloads),
                    in this process: the part of a build that is not MkDocs' own work
  build/floor       the ratio of build s to floor s
  preview s         one-city preview (``mkdocs serve`` with ``only``): from saving an
                    edited record to the changed page being served
  site MB           size of the built site
  KB/cand           the site's size over its number of candidates
  index MB          the search index and its scripts (pagefind/), all its files: the browser fetches
                    only the parts a query needs
  city KB / cand KB median HTML size of a city page and of a candidate page
  page KB           HTML size of the largest page of the site; a second table gives the largest
                    page of each type of page (home, hub, state, city, candidate, topic ...) at each size,
                    and in the repository's own records (or --records), built as the site is published
  load s            the home page's load in Chromium, nothing cached
  search s          first search in Chromium: from the home page having loaded to the first
                    result naming a candidate whose surname is typed at once, key by key (the
                    search loads its scripts and the parts of the index the query needs meanwhile)
  search KB         the bytes that first search fetched after the home page had loaded (as served,
                    uncompressed)

Columns that cannot be measured (no Chromium, --quick) are shown as "-".

A third table shows where the bytes of the largest site go: for each type of page, its files, its
megabytes, and how many of them are what the pages say (their article) rather than the theme's header,
navigation, search box, footer and scripts around it.

Then, where the real datasets are present (``--data``, by default ``../shared/data-sources``), the
import of real results, each a whole ``site-builder import`` process:

  import (empty) s  the four Washington OpenElections files into an empty directory
  import (again) s  the same files again into the directory the first run filled: nothing changes
  files             record files written by the first run (the second must write none)

usage: python benchmarks/run.py [--sizes 1000,5000,20000] [--seed 0] [--repeat 3] [--quick] [--json FILE]
                                [--data FOLDER] [--records FOLDER]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import generate  # noqa: E402

TODAY = "2026-11-21"
COLUMNS = [
    # (key, heading, format)
    ("candidates", "candidates", "{:,}"),
    ("files", "files", "{:,}"),
    ("rows", "rows", "{:,}"),
    ("generate_s", "generate s", "{:.1f}"),
    ("validate_s", "validate s", "{:.2f}"),
    ("validate_mb", "validate MB", "{:.0f}"),
    ("worker_mb", "worker MB", "{:.0f}"),
    ("build_s", "build s", "{:.1f}"),
    ("build_mb", "build MB", "{:.0f}"),
    ("floor_s", "floor s", "{:.1f}"),
    ("pipeline_s", "pipeline s", "{:.1f}"),
    ("ratio", "build/floor", "{:.2f}"),
    ("preview_s", "preview s", "{:.2f}"),
    ("site_mb", "site MB", "{:.1f}"),
    ("site_kb_per_candidate", "KB/cand", "{:.1f}"),
    ("english_kb_per_candidate", "en KB/cand", "{:.1f}"),
    ("spanish_kb_per_candidate", "es KB/cand", "{:.1f}"),
    ("index_mb", "index MB", "{:.1f}"),
    ("city_kb", "city KB", "{:.1f}"),
    ("candidate_kb", "cand KB", "{:.1f}"),
    ("page_kb", "page KB", "{:.1f}"),
    ("load_s", "load s", "{:.2f}"),
    ("search_s", "search s", "{:.2f}"),
    ("search_kb", "search KB", "{:.0f}"),
]
MB = 1024 * 1024
PAGE_KIND = re.compile(rb'<div class="cc-page cc-([a-z-]+)"')
"""How a generated page names its type (see ``adapters/html.py``); other pages are the documentation's."""


# --------------------------------------------------------------------------------------------------
# Running things


LAUNCHER = textwrap.dedent(
    """
    import os, sys
    pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
    _, status, usage = os.wait4(pid, 0)
    with open(sys.argv[1], "w") as report:
        report.write(str(usage.ru_maxrss))
    sys.exit(os.waitstatus_to_exitcode(status))
    """
)
"""Runs a command and writes down its peak memory.  A process started from this one would count this
process's own peak as its own (Linux keeps a process's peak across fork and exec), and this one holds
whole directories; started from a small launcher, it counts only the launcher's few megabytes."""


def run_measured(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run a command to completion; return (wall seconds, peak resident MB of its largest process)."""
    with tempfile.NamedTemporaryFile(prefix="benchmark-peak-") as report:
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", LAUNCHER, report.name, *command],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            check=False,
        )
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout.decode(errors='replace')[-4000:]}")
        return seconds, int(Path(report.name).read_text(encoding="utf-8")) / 1024


def mkdocs_env() -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for name in ("SITE_URL", "REPO_URL", "CANDIDATES_ONLY", "CANDIDATES_TODAY"):
        env.pop(name, None)
    return env


class _EnvLoader(yaml.SafeLoader):
    """Reads mkdocs.yml with ``!ENV [NAME, default]`` as its default, so the shell cannot change a run."""


_EnvLoader.add_constructor(
    "!ENV",
    lambda loader, node: loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None,
)


def site_config(workdir: Path, plugins: list[Any], docs: Path, hooks: Sequence[Path] = ()) -> Path:
    """A copy of the repository's mkdocs.yml in ``workdir`` with the given plugins, hooks and docs folder."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)  # noqa: S506
    config["plugins"] = plugins
    if hooks:
        config["hooks"] = [str(hook) for hook in hooks]
    config["docs_dir"] = str(docs)
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    path = workdir / f"mkdocs-{len(list(workdir.glob('mkdocs-*.yml')))}.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def repository_plugin(name: str) -> dict[str, Any]:
    """A plugin's options in the repository's mkdocs.yml (the defaults of its !ENV tags)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)  # noqa: S506
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and name in plugin:
            return {key: value for key, value in (plugin[name] or {}).items() if value}
    return {}


def repository_options() -> dict[str, Any]:
    """The candidates plugin's options in the repository's mkdocs.yml."""
    return repository_plugin("candidates")


def candidates_plugin(records: Path, only: str = "") -> list[Any]:
    """The repository's plugins and settings, reading ``records`` as of TODAY (one city's with ``only``)."""
    options: dict[str, Any] = {**repository_options(), "root": str(records), "today": TODAY}
    if only:
        options["only"] = only
    return [{"candidates": options}]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """Serve a folder over http on 127.0.0.1; yield its URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------------------------------
# The measurements: each returns some columns of one row of the table

VALIDATE = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    from site_builder.records.validate import validate_directory
    start = time.perf_counter()
    tables, problems = validate_directory(Path(sys.argv[1]))
    seconds = time.perf_counter() - start
    print(json.dumps({
        "seconds": seconds,
        "rows": sum(len(rows) for rows in tables.rows.values()),
        "files": len(tables.files),
        "errors": sum(p.is_error for p in problems),
        # The peak of this process's own memory since it started (its getrusage would also count the
        # benchmark's, from which it was started: see LAUNCHER).
        "peak_mb": int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0]) / 1024,
        "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))
    """
)


CROWDED = 500
"""Candidates in the largest race of each synthetic directory of 1,000 candidates or more (the first city's
mayoral race), whose pages are held to the page budget like every other."""


def measure_generate(records: Path, candidates: int, seed: int) -> dict[str, Any]:
    start = time.perf_counter()
    generate(records, candidates=candidates, seed=seed, crowded=CROWDED if candidates >= 2 * CROWDED else 0)
    return {"generate_s": time.perf_counter() - start}


def measure_validate(records: Path, repeat: int) -> dict[str, Any]:
    """Load + validate, each run in a fresh process (import time excluded): the best time, the highest memory."""
    runs = []
    for _ in range(repeat):
        result = subprocess.run(
            [sys.executable, "-c", VALIDATE, str(records)], cwd=ROOT, capture_output=True, text=True, check=True
        )
        runs.append(json.loads(result.stdout))
    if runs[0]["errors"]:
        raise RuntimeError(f"the synthetic directory {records} has {runs[0]['errors']} errors")
    return {
        "validate_s": min(run["seconds"] for run in runs),
        "validate_mb": max(run["peak_mb"] for run in runs),
        "worker_mb": max(run["worker_mb"] for run in runs) or None,
        "rows": runs[0]["rows"],
        "files": runs[0]["files"],
    }


def measure_build(records: Path, workdir: Path, plugins: list[Any] | None = None) -> dict[str, Any]:
    """A full ``mkdocs build`` with the candidates plugin (as of TODAY unless ``plugins`` says otherwise); the
    site is left in workdir/site."""
    config = site_config(workdir, plugins or candidates_plugin(records), ROOT / "docs")
    seconds, peak_mb = run_measured(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(workdir / "site")],
        cwd=workdir,
        env=mkdocs_env(),
    )
    return {"build_s": seconds, "build_mb": peak_mb}


def measure_floor(records: Path, workdir: Path) -> dict[str, Any]:
    """``mkdocs build`` of the very pages the plugin makes, written to disk beforehand, without the plugin."""
    import datetime as dt  # noqa: PLC0415

    from site_builder.adapters.html import page_content  # noqa: PLC0415
    from site_builder.adapters.mkdocs_plugin import PAGE_TEMPLATE, search_script, write_search_index  # noqa: PLC0415
    from site_builder.site.content import build_site  # noqa: PLC0415
    from site_builder.site.pages import Settings  # noqa: PLC0415

    config_data = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)  # noqa: S506
    options = repository_options()
    settings = Settings(
        repo_url=options.get("repository", ""),
        branch=options.get("branch", "main"),
        site_url=config_data.get("site_url") or "",
        today=dt.date.fromisoformat(TODAY),
        languages=tuple(options.get("languages", ())),
    )
    start = time.perf_counter()
    content = build_site(records, settings)
    pipeline = time.perf_counter() - start
    docs = workdir / "floor-docs"
    shutil.copytree(ROOT / "docs", docs)
    for page in content.pages:
        meta: dict[str, Any] = {
            "title": page.title,
            "description": page.description,
            "hide": ["toc"],
            "language": page.language,
            "template": PAGE_TEMPLATE,
        }
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n{page_content(page)}", encoding="utf-8")
    for download in content.downloads:
        target = docs / download.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(download.content)
    # The theme's templates need the site's words and the theme's stylesheets, which the plugin gives them;
    # nothing else of it runs.
    hooks = workdir / "floor_hooks.py"
    hooks.write_text(
        "from site_builder.adapters.mkdocs_plugin import theme_env\n\n\n"
        f"def on_env(env, config, files):\n    return theme_env(env, config, {list(settings.languages)!r})\n",
        encoding="utf-8",
    )
    config = site_config(workdir, [], docs, hooks=[hooks])
    seconds, _ = run_measured(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(workdir / "floor-site")],
        cwd=workdir,
        env=mkdocs_env(),
    )
    # The floor's site is searchable too: its search index is written as the plugin writes it.
    start = time.perf_counter()
    parts = write_search_index(workdir / "floor-site", settings.languages)
    search_script(workdir / "floor-site", settings.languages, parts)
    seconds += time.perf_counter() - start
    return {"floor_s": seconds, "pipeline_s": pipeline}


def measure_site(records: Path, site: Path) -> dict[str, Any]:
    """Sizes of the built site, its search index and typical city and candidate pages, its largest page of each
    type and where its bytes go."""
    cities = [
        site / path.relative_to(records / "cities").with_suffix("") / "index.html"
        for path in (records / "cities").rglob("*.yml")
    ]
    candidates = [
        site / path.relative_to(records / "candidates").with_suffix("") / "index.html"
        for path in (records / "candidates").rglob("*.yml")
    ]
    largest, parts = survey(site)
    return {
        "site_mb": sum(size for _, size, _ in parts.values()) / MB,
        # The Spanish pages and search index (under es/) and list of names (names/es/); the rest, English pages,
        # search index and list of names and the files both languages share, is English's.
        "spanish_mb": sum(
            path.stat().st_size
            for folder in ("es", "names/es")
            for path in (site / folder).rglob("*")
            if path.is_file()
        )
        / MB,
        "pages": sum(parts[kind][0] for kind in largest),
        "index_mb": sum(
            path.stat().st_size for index in site.glob("**/pagefind") for path in index.rglob("*") if path.is_file()
        )
        / MB,
        "city_kb": statistics.median(page.stat().st_size for page in cities) / 1024,
        "candidate_kb": statistics.median(page.stat().st_size for page in candidates) / 1024,
        "page_kb": max(kb for kb, _ in largest.values()),
        "largest": largest,
        "parts": parts,
    }


def survey(site: Path) -> tuple[dict[str, tuple[float, str]], dict[str, tuple[int, int, int]]]:
    """The site read once: the largest page of each type of page, as (KB, its address in the site); and where
    its bytes go: for each type of page, its files, bytes and the bytes of what the pages say (their article,
    without the theme's header, navigation, search box, footer and scripts), then the other files."""
    largest: dict[str, tuple[float, str]] = {}
    parts: dict[str, tuple[int, int, int]] = {}
    others: dict[str, tuple[int, int, int]] = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        if path.name != "index.html":  # 404.html and the like, and every other file
            top = path.relative_to(site).parts[0]
            name = "open data, calendars and feeds" if top == "data" else "assets, search index and the rest"
            files, size, _ = others.get(name, (0, 0, 0))
            others[name] = (files + 1, size + path.stat().st_size, 0)
            continue
        content = path.read_bytes()
        match = PAGE_KIND.search(content)
        kind = match.group(1).decode() if match else "documentation"
        if len(content) / 1024 > largest.get(kind, (0.0, ""))[0]:
            folder = path.parent.relative_to(site).as_posix()
            largest[kind] = (len(content) / 1024, "/" if folder == "." else f"/{folder}/")
        start = content.find(b"<article")
        said = content.find(b"</article>") - start if start >= 0 else 0
        files, size, says = parts.get(kind, (0, 0, 0))
        parts[kind] = (files + 1, size + len(content), says + max(said, 0))
    return dict(sorted(largest.items())), dict(sorted(parts.items(), key=lambda item: -item[1][1])) | others


def parts_table(row: dict[str, Any]) -> str:
    """Where the bytes of the largest site measured go, page type by page type."""
    parts = row.get("parts")
    if not parts:
        return "where the site's bytes go: not measured (--quick)"
    total = sum(size for _, size, _ in parts.values())
    cells = [[f"site at {row['candidates']:,} candidates", "files", "MB", "share", "pages say MB", "theme MB"]]
    for name, (files, size, said) in parts.items():
        theme = f"{(size - said) / MB:.1f}" if said else "-"
        cells.append(
            [name, f"{files:,}", f"{size / MB:.1f}", f"{size / total:.0%}", f"{said / MB:.1f}" if said else "-", theme]
        )
    said_total = sum(said for _, _, said in parts.values())
    cells.append(
        [
            "all",
            f"{sum(f for f, _, _ in parts.values()):,}",
            f"{total / MB:.1f}",
            "100%",
            f"{said_total / MB:.1f}",
            f"{(total - said_total) / MB:.1f}",
        ]
    )
    widths = [max(len(line[i]) for line in cells) for i in range(len(cells[0]))]
    lines = [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def pages_table(rows: list[dict[str, Any]], real: dict[str, Any] | None = None) -> str:
    """The largest page of each type at each size, in KB, with the address of the largest at the last size; and
    in the repository's own records, when they were built."""
    sizes = [row for row in rows if row.get("largest")]
    if not sizes:
        return "largest pages: not measured (--quick)"
    measured = sizes + ([real] if real else [])
    places = [sizes[-1]] + ([real] if real else [])
    kinds = sorted({kind for row in measured for kind in row["largest"]})
    cells = [
        [
            "largest page KB",
            *(f"{row['candidates']:,}" for row in sizes),
            *(["real records"] if real else []),
            f"largest at {sizes[-1]['candidates']:,}",
            *(["largest in the real records"] if real else []),
        ]
    ]
    for kind in kinds:
        kb = [row["largest"].get(kind) for row in measured]
        at = [row["largest"].get(kind) for row in places]
        cells.append([kind, *(f"{k[0]:.1f}" if k else "-" for k in kb), *(a[1] if a else "-" for a in at)])
    widths = [max(len(line[i]) for line in cells) for i in range(len(cells[0]))]
    lines = [
        "  ".join(
            cell.rjust(width) if 0 < i <= len(measured) else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def measure_real_records(records: Path = ROOT) -> dict[str, Any]:
    """The repository's own records (or ``records``) built as the site is published: the build, its size and
    largest pages."""
    with tempfile.TemporaryDirectory(prefix="benchmark-real-") as folder:
        workdir = Path(folder)
        row: dict[str, Any] = {"candidates": sum(1 for _ in (records / "candidates").rglob("*.yml"))}
        # As the site is published: as of the day it is built, the records being checked against today.
        row |= measure_build(records, workdir, [{"candidates": {**repository_options(), "root": str(records)}}])
        row |= measure_site(records, workdir / "site")
    return row


def measure_preview(records: Path, workdir: Path, timeout: float = 300) -> dict[str, Any]:
    """One-city preview: seconds from saving an edited record to ``mkdocs serve`` serving the changed page."""
    record = sorted((records / "candidates").rglob("*.yml"))[0]
    city = "/".join(record.relative_to(records / "candidates").parts[:2])
    page = "/".join(record.relative_to(records / "candidates").with_suffix("").parts) + "/"
    port = free_port()
    config = site_config(workdir, candidates_plugin(records, only=city), ROOT / "docs")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=workdir,
        env=mkdocs_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/{page}"
    text = record.read_text(encoding="utf-8")
    try:
        wait_for(lambda: "<html" in fetch(url), timeout)
        marker = f"Edited for the benchmark at {time.time_ns()}"
        start = time.perf_counter()
        record.write_text(text.replace("\nbio: >-\n", f"\nbio: >-\n  {marker}.\n", 1), encoding="utf-8")
        wait_for(lambda: marker in fetch(url), timeout, interval=0.05)
        seconds = time.perf_counter() - start
    finally:
        record.write_text(text, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    return {"preview_s": seconds}


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (a local server)
            return str(response.read().decode("utf-8", errors="replace"))
    except OSError:
        return ""


def wait_for(condition: Callable[[], bool], timeout: float, interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {timeout:.0f} s")
        time.sleep(interval)


def measure_first_search(
    records: Path, site: Path, tries: int = 3, timeout: float = 180, surname: str | None = None
) -> dict[str, Any]:
    """Seconds from the home page's load to the first result for a candidate's surname, in Chromium, and the
    bytes fetched meanwhile.

    Each try is a new browser context (nothing cached), and the median of the tries is kept.
    """
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        return {}
    from playwright.sync_api import Request, sync_playwright  # noqa: PLC0415

    if surname is None:
        record = sorted((records / "candidates").rglob("*.yml"))[-1]
        surname = yaml.safe_load(record.read_text(encoding="utf-8"))["name"].split()[-1]
    loads, times, fetched = [], [], []
    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            for _ in range(tries):
                context = browser.new_context()
                page = context.new_page()
                page.route(
                    "**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort()
                )
                sizes: list[int] = []

                def finished(request: Request, sizes: list[int] = sizes) -> None:
                    sizes.append(request.sizes()["responseBodySize"])

                opened = time.perf_counter()
                page.goto(url, wait_until="load")
                page.on("requestfinished", finished)
                start = time.perf_counter()
                loads.append(start - opened)
                query = page.get_by_role("searchbox", name="Search")
                query.click()
                # Key by key, as a voter types: the search reads the query on each key.
                query.press_sequentially(surname)
                page.locator(".cc-search__results a", has_text=surname).first.wait_for(timeout=timeout * 1000)
                times.append(time.perf_counter() - start)
                page.wait_for_load_state("networkidle")
                fetched.append(sum(sizes) / 1024)
                context.close()
        finally:
            browser.close()
    return {"load_s": statistics.median(loads), "search_s": statistics.median(times), "search_kb": max(fetched)}


# --------------------------------------------------------------------------------------------------
# The table


def benchmark(
    candidates: int,
    seed: int,
    repeat: int,
    quick: bool,
    keep: Path | None,
    measured: Callable[[dict[str, Any]], None] = lambda row: None,
) -> dict[str, Any]:
    """Every measure at one size; ``measured`` is given the row as it stands after each step, so that a long run
    keeps what it has measured (the floor, the longest step, comes last)."""
    workdir = Path(tempfile.mkdtemp(prefix=f"benchmark-{candidates}-", dir=keep))
    records = workdir / "records"
    row: dict[str, Any] = {"candidates": candidates}

    def site() -> dict[str, Any]:
        sizes = measure_site(records, workdir / "site")
        whole, spanish = (sizes[key] * 1024 / candidates for key in ("site_mb", "spanish_mb"))
        per_candidate = {"site_kb_per_candidate": whole, "spanish_kb_per_candidate": spanish}
        return sizes | per_candidate | {"english_kb_per_candidate": whole - spanish}

    def floor() -> dict[str, Any]:
        seconds = measure_floor(records, workdir)
        return seconds | {"ratio": row["build_s"] / seconds["floor_s"]}

    steps: list[Callable[[], dict[str, Any]]] = [
        lambda: measure_generate(records, candidates, seed),
        lambda: measure_validate(records, repeat),
    ]
    if not quick:
        steps += [
            lambda: measure_build(records, workdir),
            site,
            lambda: measure_preview(records, workdir),
            lambda: measure_first_search(records, workdir / "site"),
            floor,
        ]
    try:
        for step in steps:
            row |= step()
            measured(row)
    finally:
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return row


WASHINGTON = "openelections-wa/*.csv"


def measure_import(data: Path) -> str:
    """The Washington files imported into an empty directory, then again into the full one."""
    files = sorted(data.resolve().glob(WASHINGTON))
    if not files:
        return f"import: skipped, no {WASHINGTON} under {data}"
    command = [str(Path(sys.executable).with_name("site-builder")), "import", "openelections", "--today", TODAY]
    with tempfile.TemporaryDirectory(prefix="benchmark-import-") as folder:
        seconds = []
        for _ in range(2):
            start = time.perf_counter()
            subprocess.run([*command, *map(str, files)], cwd=folder, capture_output=True, text=True, check=True)
            seconds.append(time.perf_counter() - start)
            if len(seconds) == 1:
                written = sum(1 for _ in Path(folder).rglob("*.yml"))
        again = subprocess.run(
            [*command, "--dry-run", *map(str, files)], cwd=folder, capture_output=True, text=True, check=False
        )
        unchanged = again.returncode == 0 and not any(
            line.startswith(("add ", "change ")) for line in again.stdout.splitlines()
        )
    lines = [
        "import (empty) s  import (again) s  files  second run",
        f"{seconds[0]:16.2f}  {seconds[1]:16.2f}  {written:5,}  {'changes nothing' if unchanged else 'CHANGES FILES'}",
    ]
    return "\n".join(lines)


def table(rows: list[dict[str, Any]]) -> str:
    cells = [[heading for _, heading, _ in COLUMNS]]
    for row in rows:
        cells.append([form.format(row[key]) if row.get(key) is not None else "-" for key, _, form in COLUMNS])
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True)) for line in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def arguments(description: str, usage: str | None, sizes: str) -> argparse.ArgumentParser:
    """The command line of a benchmark script: the sizes and seed of its synthetic directories."""
    parser = argparse.ArgumentParser(
        description=description,
        epilog=usage.split("\n\n", 1)[1] if usage else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", default=sizes, help="numbers of candidates, comma-separated")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic directories")
    return parser


def main() -> None:
    parser = arguments(
        "Generate synthetic records directories and measure loading, validating and building them.",
        __doc__,
        "1000,5000,20000",
    )
    parser.add_argument("--repeat", type=int, default=3, help="validation runs per size (the best is shown)")
    parser.add_argument("--quick", action="store_true", help="only generate and validate; no site build")
    parser.add_argument("--keep", type=Path, help="keep the directories and sites in this folder")
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data-sources", help="real datasets")
    parser.add_argument(
        "--records", type=Path, default=ROOT, help="the real records, built as the site is published (the repository's)"
    )
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []

    def measured(row: dict[str, Any]) -> None:
        if args.json:
            args.json.write_text(json.dumps([*rows, row], indent=2), encoding="utf-8")

    for size in (int(part) for part in args.sizes.split(",")):
        rows.append(benchmark(size, args.seed, args.repeat, args.quick, args.keep, measured))
        print(table(rows[-1:]).splitlines()[-1] if len(rows) > 1 else table(rows), flush=True)
    print()
    real = None if args.quick else measure_real_records(args.records.resolve())
    if real:
        print(
            f"real records: {real['candidates']:,} candidates, {real['pages']:,} pages, built in "
            f"{real['build_s']:.1f} s at {real['build_mb']:,.0f} MB; site {real['site_mb']:.1f} MB"
        )
        print()
    print(pages_table(rows, real))
    print()
    print(parts_table(rows[-1]))
    print()
    print(table(rows))
    print()
    print(measure_import(args.data))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
