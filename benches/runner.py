"""Runs one checker on one file and prints one JSON line: the time the check took inside
this process (imports and start-up not counted), the rows and the counts per rule.

    python -m benches.runner {gmsd,plain,polars,frictionless} FILE [--jobs N]

`benches/compare.py` runs each measurement in a fresh process like this, so that peak memory
(max RSS) belongs to one checker and one file.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable

Check = Callable[[str], tuple[int, dict[str, int]]]


def _gmsd(jobs: int) -> Check:
    import gmsd_fast

    def check(path: str) -> tuple[int, dict[str, int]]:
        result = gmsd_fast.validate(path, jobs=jobs)
        return result.rows, {k: v for k, v in result.counts.items() if v}

    return check


def checker(tool: str, jobs: int = 1) -> Check:
    if tool == "gmsd":
        return _gmsd(jobs)
    if tool == "plain":
        from benches.alternatives import plain_python

        return plain_python.check
    if tool == "polars":
        from benches.alternatives import polars_checker

        return polars_checker.check
    if tool == "frictionless":
        from benches.alternatives import frictionless_checker

        if not frictionless_checker.available():
            raise ModuleNotFoundError("frictionless")
        return frictionless_checker.check
    raise ValueError(f"unknown tool {tool}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("tool", choices=("gmsd", "plain", "polars", "frictionless"))
    parser.add_argument("file")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        check = checker(args.tool, args.jobs)
    except ModuleNotFoundError as err:
        print(json.dumps({"tool": args.tool, "error": f"not installed: {err.name}"}))
        return 3
    start = time.perf_counter()
    rows, counts = check(args.file)
    seconds = time.perf_counter() - start
    out = {"tool": args.tool, "seconds": seconds, "rows": rows, "counts": dict(sorted(counts.items()))}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
