"""Every finding, streamed: `gmsd-fast check --all` in each machine format against the capped
`check` on the same file, each run in a fresh process: time of the whole process, peak memory
(max RSS, from GNU time), and for the outputs written their size and MB/s of output.

    python benches/stream.py --rows 10000000

The file (seed 2025, every row with one typical mistake: about 1.08 findings per row) is
generated once into `benches/.data/`, as for `compare.py`, and read into the page cache;
outputs go to a temporary folder beside it and are removed. Each command runs `--repeat`
times (default 3); the table shows the best time, the largest peak memory and the load
average when the command started. `--jobs` is passed to every command (default 0: all
cores, as `check` runs by default).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compare import DATA, data_file, load, machine, run

FORMATS = ("json", "jsonl", "csv", "parquet", "junit")
MIB = 1 << 20


@dataclass
class Row:
    label: str
    seconds: float
    rss: int
    out_bytes: int
    load: str


def measure(label: str, args: list[str], out: Path | None, repeat: int) -> Row:
    best, rss, size, started = float("inf"), 0, 0, load()
    for _ in range(repeat):
        wall, peak, _, code = run([sys.executable, "-m", "gmsd_fast", "check", *args])
        assert code in (0, 1), f"{args}: exit {code}"
        best, rss = min(best, wall), max(rss, peak)
        if out is not None:
            size = out.stat().st_size
            out.unlink()
    return Row(label, best, rss, size, started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args(argv)
    path = data_file(args.rows, "faulty100")
    jobs = ["--jobs", str(args.jobs)]
    outputs = Path(tempfile.mkdtemp(prefix="stream-", dir=DATA))
    rows: list[Row] = []
    try:
        capped = outputs / "capped.json"
        rows.append(
            measure(
                "capped `check --format json`",
                [*jobs, "--format", "json", "-o", str(capped), str(path)],
                capped,
                args.repeat,
            )
        )
        for fmt in FORMATS:
            out = outputs / f"all.{fmt}"
            cmd = [*jobs, "--all", "--format", fmt, "-o", str(out), str(path)]
            rows.append(measure(f"`check --all --format {fmt}`", cmd, out, args.repeat))
    finally:
        shutil.rmtree(outputs, ignore_errors=True)
    base = rows[0].seconds
    size = os.path.getsize(path) / 1e9
    print(f"{machine()}; {args.rows:,} rows, every row faulty ({size:.2f} GB); jobs {args.jobs}")
    print()
    print("| command | time s | x capped | peak RSS MiB | output MB | output MB/s | load (1/5/15) |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        mb = r.out_bytes / 1e6
        print(
            f"| {r.label} | {r.seconds:.2f} | {r.seconds / base:.2f} | {r.rss / MIB:.0f} | {mb:,.0f} | "
            f"{mb / r.seconds:,.0f} | {r.load} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
