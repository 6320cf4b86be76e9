"""The least time in which every finding can go to Parquet, against the capped `check`: the
bound that decides whether `check --all --format parquet` can take at most twice the time of
the capped check (issue 15's target).

    python benches/parquet_floor.py --rows 10000000

On one file where every row is faulty (as `stream.py` makes it) it measures, in CPU seconds
(all threads):

1. the capped `check`, in a fresh process (best of `--repeat`), and its wall time;
2. the check making every finding into record batches, read and dropped (in this process);
3. pyarrow's Parquet writer alone writing those findings (read into memory first, so that
   nothing else is timed), with the settings of `--format parquet` and with row groups 4 and
   16 times as large (which hold more in memory).

A run that writes every finding does (2) and (3) on the cores there are, so it takes at least
`(2 + 3) / (cores x capped wall)` times the capped check, however well it spreads the work:
the floor of this way of making findings. Were the findings made for free, a check would
still do (1) and (3): `(1 + 3) / (cores x capped wall)`, the floor of any check that writes
them with this writer.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyarrow as pa
from compare import DATA, data_file, machine, run_with_cpu

import gmsd_fast
from gmsd_fast.output import parquet

#: Row group sizes, as multiples of the one `--format parquet` writes.
GROWTHS = (1, 4, 16)


class _InMemory:
    """Findings read already, handed to the Parquet writer as a result would hand them."""

    def __init__(self, batches: list[pa.RecordBatch]) -> None:
        self._batches = batches

    def batches(self) -> Iterator[pa.RecordBatch]:
        return iter(self._batches)


def writer_cpu(batches: list[pa.RecordBatch], growth: int, repeat: int) -> tuple[float, int]:
    """(best CPU seconds, bytes written) of `--format parquet`'s writer on `batches`, its row
    groups `growth` times as large."""
    standard = parquet.ROW_GROUP_ROWS
    best, size = float("inf"), 0
    parquet.ROW_GROUP_ROWS = standard * growth
    try:
        for _ in range(repeat):
            with tempfile.TemporaryFile(dir=DATA) as out:
                started = time.process_time()
                parquet.write([_InMemory(batches)], out)  # type: ignore[list-item]
                best = min(best, time.process_time() - started)
                size = out.tell()
    finally:
        parquet.ROW_GROUP_ROWS = standard
    return best, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    path = data_file(args.rows, "faulty100")
    cores = len(os.sched_getaffinity(0))
    wall, cpu = float("inf"), 0.0
    for _ in range(args.repeat):
        run = run_with_cpu([sys.executable, "-m", "gmsd_fast", "check", "--format", "json", str(path)])
        if run[0] < wall:
            wall, cpu = run[0], run[1]
    started = time.process_time()
    for _ in gmsd_fast.validate(path, max_per_rule=0).batches():
        pass
    making = time.process_time() - started
    batches = list(gmsd_fast.validate(path, max_per_rule=0).batches())
    findings = sum(b.num_rows for b in batches)
    print(f"{machine()}; {args.rows:,} rows, every row faulty, {findings:,} findings; {cores} cores")
    print()
    print(f"1. capped `check`: {wall:.2f} s wall, {cpu:.2f} s CPU")
    print(f"2. every finding made into record batches: {making:.2f} s CPU")
    print()
    print("| 3. writer: row group | CPU s | ns per finding | output MB | floor (2 + 3) | floor (1 + 3) |")
    print("|---|---|---|---|---|---|")
    for growth in GROWTHS:
        seconds, size = writer_cpu(batches, growth, args.repeat)
        floors = [(base + seconds) / (cores * wall) for base in (making, cpu)]
        print(
            f"| {parquet.ROW_GROUP_ROWS * growth:,} | {seconds:.2f} | {seconds / findings * 1e9:.0f} | "
            f"{size / 1e6:,.0f} | {floors[0]:.2f} | {floors[1]:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
