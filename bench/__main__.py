"""`python -m bench`: generate data at a scale, run the benchmarks, print a table, write JSON."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import traceback
from pathlib import Path

from bench import harness

DEFAULT_JSON = Path(__file__).resolve().parent / "results" / "latest.json"


def load_benchmarks() -> list[str]:
    """Import every bench_*.py module: adding a benchmark is adding a file, nothing to register here.

    Returns the modules that failed to import; one module's breakage (say, a service still being
    written) must not stop the others from running.
    """
    package = Path(__file__).resolve().parent
    broken = []
    for info in sorted(pkgutil.iter_modules([str(package)]), key=lambda m: m.name):
        if info.name.startswith("bench_"):
            try:
                importlib.import_module(f"bench.{info.name}")
            except Exception as exc:
                print(f"bench.{info.name} not loaded: {exc!r}", file=sys.stderr)
                broken.append(info.name)
    return broken


def selected(only: list[str] | None) -> list[harness.Benchmark]:
    """All benchmarks, or those named by --only (an exact name or a dotted prefix like `capture`).

    Explicit benchmarks run only when named exactly.
    """
    benches = list(harness.REGISTRY.values())
    if not only:
        return [b for b in benches if not b.explicit]
    picked = [
        b for b in benches
        if b.name in only or (not b.explicit and any(b.name.startswith(o + ".") for o in only))
    ]
    unknown = [o for o in only if not any(b.name == o or b.name.startswith(o + ".") for b in benches)]
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(harness.REGISTRY)}")
    return picked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", type=int, default=100_000, help="rows per benchmark (default 100000)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these benchmarks (name or prefix)")
    parser.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, help="results file (default bench/results/latest.json)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per figure; the best counts (default 3)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    if args.scale < 1 or args.repeat < 1:
        parser.error("--scale and --repeat must be at least 1")

    broken = load_benchmarks()
    if args.list:
        print("\n".join(b.name + (" (explicit)" if b.explicit else "") for b in harness.REGISTRY.values()))
        return 0
    benches = selected(args.only)
    results: list[harness.Result] = []
    with harness.scratch() as root:
        ctx = harness.Context(scale=args.scale, repeat=args.repeat, workdir=root)
        machine = harness.machine_info(root)
        for bench in benches:
            print(f"running {bench.name} (scale {args.scale:,}, best of {args.repeat}) ...", file=sys.stderr)
            try:
                results.append(harness.run_one(bench, ctx))
            except Exception as exc:  # one broken benchmark must not hide the others' figures
                traceback.print_exc()
                failed = harness.Result(bench.name, float("nan"), bench.unit, passed=False, extra={"error": repr(exc)})
                results.append(failed)
    print(harness.format_table(results))
    harness.write_json(args.json, results, scale=args.scale, repeat=args.repeat, machine=machine)
    print(f"\nJSON: {args.json}", file=sys.stderr)
    return 0 if not broken and all(r.passed is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
