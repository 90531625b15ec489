"""What each speed trick of validation and the directory model buys, measured by taking it out.

For each size, a synthetic directory is written and validated (and linked into the
directory model) in a fresh process, once as the code stands and once with each
trick replaced by the plain way of doing the same thing:

  gc paused (validation)   the cycle collector runs while the tables are built
  gc paused (directory)    the cycle collector runs while the model is built
  marshal results          a checked run comes back from its worker as a pickle of its tables
  shared inline rows       Frictionless deep-copies every table's inline rows as it validates
  reduced descriptor       Frictionless also checks the keys that hold by construction

The table gives the best of --repeat runs of each, in seconds, and what the trick saves.

usage: python benchmarks/tricks.py [--sizes 5000,20000] [--seed 0] [--repeat 2]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.run import arguments  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402

TRICKS = {
    "none taken out": "",
    "gc paused (validation)": "parallel.paused_gc = contextlib.nullcontext",
    "gc paused (directory)": "build.building = contextlib.nullcontext",
    "marshal results": "parallel.pack = parallel.unpack = None",
    "shared inline rows": "frictionless._SharedRows = list",
    "reduced descriptor": "frictionless.checked_descriptor = frictionless_descriptor",
}

MEASURE = textwrap.dedent(
    """
    import contextlib, datetime as dt, json, sys, time
    from pathlib import Path
    from site_builder.directory import build
    from site_builder.records import frictionless, parallel
    from site_builder.records.schema import frictionless_descriptor
    from site_builder.records.validate import validate_directory
    {patch}
    start = time.perf_counter()
    tables, problems = validate_directory(Path(sys.argv[1]), dt.date(2026, 11, 21))
    validated = time.perf_counter()
    build.build_directory(tables)
    done = time.perf_counter()
    print(json.dumps({{"validate": validated - start, "directory": done - validated, "errors": len(problems)}}))
    """
)


def measure(records: Path, patch: str, repeat: int) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        result = subprocess.run(
            [sys.executable, "-c", MEASURE.format(patch=patch), str(records)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        runs.append(json.loads(result.stdout))
    if any(run["errors"] for run in runs):
        raise RuntimeError(f"the synthetic directory has problems with `{patch}`")
    return {key: min(run[key] for run in runs) for key in ("validate", "directory")}


def main() -> None:
    parser = arguments("Measure what each speed trick of validation buys.", __doc__, "5000,20000")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each variant (the best is shown)")
    args = parser.parse_args()
    header = ("candidates", "trick taken out", "validate s", "directory s", "trick saves s")
    print(f"{header[0]:>10}  {header[1]:<24}  {header[2]:>10}  {header[3]:>11}  {header[4]:>13}")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            records = Path(folder) / "records"
            generate(records, candidates=size, seed=args.seed)
            measure(records, "", 1)  # a warm-up: the first run also reads the new files from disk
            base = measure(records, "", args.repeat)
            for name, patch in TRICKS.items():
                result = base if not patch else measure(records, patch, args.repeat)
                saves = sum(result.values()) - sum(base.values())
                print(
                    f"{size:>10,}  {name:<24}  {result['validate']:>10.2f}  {result['directory']:>11.2f}"
                    f"  {'' if not patch else f'{saves:+.2f}':>13}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
