"""Where a full build's time goes, and how each step grows with the directory.

For each size, a synthetic directory is generated and built once with ``mkdocs build``
in this process under cProfile; the table shows the seconds spent in each step (a
function's cumulative time; the profiler slows Python code down, so read the seconds
as shares) and, for two sizes or more, how much each step grew from the first size to
the last, next to how much the directory grew.  A step that grows faster than the
directory is a step that does not scale.

usage: python benchmarks/profile_build.py [--sizes 5000,20000] [--seed 0] [--save FOLDER]
"""

from __future__ import annotations

import cProfile
import os
import pstats
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.run import arguments, candidates_plugin, mkdocs_env, site_config  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402

STEPS = [
    # (heading, file the function is defined in, its name, and only its calls from this function)
    ("whole build", "mkdocs/commands/build.py", "build", None),
    ("records pipeline", "site_builder/site/content.py", "build_site", None),
    ("  load + validate", "site_builder/records/validate.py", "validate_directory", None),
    ("  directory model", "site_builder/directory/build.py", "build_directory", None),
    ("  page bodies (Jinja)", "site_builder/site/pages.py", "build_pages", None),
    ("  open-data tables", "site_builder/site/downloads.py", "data_package", None),
    ("  calendars", "site_builder/site/downloads.py", "calendars", None),
    ("MkDocs: files and navigation", "mkdocs/structure/nav.py", "get_navigation", None),
    ("MkDocs: page content", "mkdocs/commands/build.py", "_populate_page", None),
    ("MkDocs: page output", "mkdocs/commands/build.py", "_build_page", None),
    ("  theme templates", "jinja2/environment.py", "render", ("mkdocs/commands/build.py", "_build_page")),
    ("  compact HTML", "site_builder/adapters/html.py", "compact_html", None),
    ("search: writing the index", "site_builder/adapters/mkdocs_plugin.py", "write_search_index", None),
]


def profile_build(candidates: int, seed: int, save: Path | None) -> dict[str, float]:
    """Seconds per step of one profiled ``mkdocs build`` of a synthetic directory of this size."""
    from mkdocs.commands.build import build  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415

    workdir = Path(tempfile.mkdtemp(prefix=f"profile-{candidates}-"))
    try:
        generate(workdir / "records", candidates=candidates, seed=seed)
        config_file = site_config(workdir, candidates_plugin(workdir / "records"), ROOT / "docs")
        os.environ.update(mkdocs_env())
        config = load_config(config_file=str(config_file), site_dir=str(workdir / "site"))
        profiler = cProfile.Profile()
        profiler.runcall(build, config)
        if save:
            profiler.dump_stats(save / f"build-{candidates}.prof")
        return seconds_per_step(pstats.Stats(profiler))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def seconds_per_step(stats: pstats.Stats) -> dict[str, float]:
    def matches(path: str, name: str, where: str, function: str) -> bool:
        return name == function and path.replace(os.sep, "/").endswith(where)

    found: dict[str, float] = {}
    for (path, _, name), (_, _, _, cumulative, callers) in stats.stats.items():  # type: ignore[attr-defined]
        for heading, where, function, caller in STEPS:
            if matches(path, name, where, function):
                seconds = cumulative
                if caller:  # only the time of its calls from that caller
                    seconds = sum(calls[3] for (at, _, by), calls in callers.items() if matches(at, by, *caller))
                found[heading] = found.get(heading, 0.0) + seconds
    return found


def main() -> None:
    parser = arguments("Profile full builds of synthetic directories, step by step.", __doc__, "5000,20000")
    parser.add_argument("--save", type=Path, help="also save each profile (pstats format) in this folder")
    args = parser.parse_args()
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    sizes = [int(size) for size in args.sizes.split(",")]
    results = [profile_build(size, args.seed, args.save) for size in sizes]
    headings = [f"{size:,} s" for size in sizes]
    if len(sizes) > 1:
        headings.append(f"grew ({sizes[-1] / sizes[0]:.1f}x data)")
    width = max(len(heading) for heading, *_ in STEPS)
    print(f"{'step':<{width}}  " + "  ".join(f"{h:>12}" for h in headings))
    for heading, *_ in STEPS:
        cells = [f"{result.get(heading, 0.0):12.2f}" for result in results]
        if len(sizes) > 1:
            first, last = results[0].get(heading, 0.0), results[-1].get(heading, 0.0)
            cells.append(f"{last / first:11.2f}x" if first else f"{'-':>12}")
        print(f"{heading:<{width}}  " + "  ".join(cells))


if __name__ == "__main__":
    main()
