"""gmsd-fast against the alternatives, each run in a fresh process: MB/s, rows/s, peak memory
(max RSS of the process, from GNU time where installed) and the ratio of each alternative's
time to gmsd-fast's.

    python benches/compare.py --rows 1000000 --rows 10000000

Files are generated once (`gmsd-fast generate`, seed 2025) into `benches/.data/`. The check
time is measured inside the child process around the check call (`benches/runner.py`), so
Python start-up and imports are not in MB/s; the CLI rows time the whole process
(`python -m gmsd_fast check --format json`), start-up included. Plain Python and frictionless
run only on files up to `--max-slow-rows` rows; for larger files their time is extrapolated
linearly from the largest measured file of the same kind and marked `~` (memory: not run).
Needs gmsd_fast importable (installed, or PYTHONPATH=python) and polars; frictionless is
optional (the `bench` extra): without it its rows say "not installed".
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benches" / ".data"
SEED = 2025
KINDS = {"valid": 0.0, "faulty10": 0.1, "faulty100": 1.0}
SLOW = ("plain", "frictionless")
#: Rules the alternatives implement (all of gmsd-fast's but the delivery rules L*, S002,
#: N002-N004; plain Python also not S012).
NOT_IMPLEMENTED = {
    "plain": {"S002", "S012", "N002", "N003", "N004"},
    "polars": {"S002", "N002", "N003", "N004"},
}


@dataclass
class Measure:
    label: str
    tool: str
    rows: int
    kind: str
    size: int
    seconds: float | None = None  # the check inside the process
    wall: float | None = None  # the whole process
    rss: int | None = None  # bytes
    load: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    note: str = ""
    extrapolated: bool = False


def _env() -> dict[str, str]:
    env = dict(os.environ)
    parts = [str(ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(parts)
    return env


#: GNU time reports the max RSS of the command alone. `os.wait4` would also count the pages
#: the child shares with this (larger) process between fork and exec.
GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None
RSS_TAG = "GMSD_BENCH_MAXRSS_KIB="


def run(cmd: list[str]) -> tuple[float, int, str, int]:
    """(wall seconds, max RSS in bytes, stdout, exit code) of one child process."""
    wall, _, rss, out, code = run_with_cpu(cmd)
    return wall, rss, out, code


def run_with_cpu(cmd: list[str]) -> tuple[float, float, int, str, int]:
    """(wall seconds, CPU seconds (user and system, all threads), max RSS in bytes, stdout,
    exit code) of one child process."""
    full = [GNU_TIME, "-f", RSS_TAG + "%M", *cmd] if GNU_TIME else cmd
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(full, stdout=out, stderr=err, cwd=ROOT, env=_env())
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
        if proc.returncode not in (0, 1, 3):
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr}")
        rss = usage.ru_maxrss * 1024
        for line in stderr.splitlines():
            if line.startswith(RSS_TAG):
                rss = int(line[len(RSS_TAG) :]) * 1024
        cpu = usage.ru_utime + usage.ru_stime
        return wall, cpu, rss, out.read().decode(), proc.returncode


def load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def data_file(rows: int, kind: str) -> Path:
    path = DATA / f"WMO_H22025_{rows}_{kind}.csv"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "gmsd_fast", "generate", str(path), "--rows", str(rows)]
        cmd += ["--seed", str(SEED), "--faulty-share", str(KINDS[kind])]
        subprocess.run(cmd, check=True, cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL)
    with open(path, "rb") as fp:  # into the page cache
        while fp.read(1 << 24):
            pass
    return path


def measure(label: str, tool: str, cmd: list[str], path: Path, rows: int, kind: str, repeat: int) -> Measure:
    best: Measure | None = None
    for _ in range(repeat):
        m = Measure(label, tool, rows, kind, path.stat().st_size, load=load())
        wall, rss, out, code = run(cmd)
        m.wall, m.rss = wall, rss
        if code == 3:
            m.note = "not installed"
            return m
        if tool.startswith("cli"):
            m.seconds = wall
        else:
            result = json.loads(out)
            m.seconds, m.counts = result["seconds"], result["counts"]
            m.rows = result["rows"]
        if best is None or (m.seconds or 0) < (best.seconds or 0):
            best = m
    assert best is not None
    return best


def checks(rows: int, kind: str, args: argparse.Namespace, done: list[Measure]) -> list[Measure]:
    path = data_file(rows, kind)
    py = sys.executable
    runner = [py, "-m", "benches.runner"]
    plan: list[tuple[str, str, list[str], int]] = [
        ("gmsd-fast validate() jobs=1", "gmsd", [*runner, "gmsd", str(path), "--jobs", "1"], args.repeat),
        ("gmsd-fast validate() jobs=2", "gmsd2", [*runner, "gmsd", str(path), "--jobs", "2"], args.repeat),
        (
            "gmsd-fast check CLI jobs=1",
            "cli1",
            [py, "-m", "gmsd_fast", "check", "--jobs", "1", "--format", "json", str(path)],
            args.repeat,
        ),
        (
            "gmsd-fast check CLI jobs=2",
            "cli2",
            [py, "-m", "gmsd_fast", "check", "--jobs", "2", "--format", "json", str(path)],
            args.repeat,
        ),
    ]
    if kind != "faulty100" or args.alternatives_on_faulty100:
        plan += [
            ("plain Python (csv)", "plain", [*runner, "plain", str(path)], 1),
            ("polars", "polars", [*runner, "polars", str(path)], 1),
            ("frictionless", "frictionless", [*runner, "frictionless", str(path)], 1),
        ]
    out = []
    for label, tool, cmd, repeat in plan:
        if tool in SLOW and rows > args.max_slow_rows:
            out.append(extrapolate(label, tool, rows, kind, path, done + out))
            continue
        if tool in args.skip:
            continue
        m = measure(label, tool, cmd, path, rows, kind, repeat)
        print(f"  {label:32} {rows:>9} {kind:9} {fmt_s(m.seconds):>8} s  load {m.load}", file=sys.stderr)
        out.append(m)
    return out


def extrapolate(label: str, tool: str, rows: int, kind: str, path: Path, done: list[Measure]) -> Measure:
    m = Measure(label, tool, rows, kind, path.stat().st_size, extrapolated=True)
    base = [d for d in done if d.tool == tool and d.kind == kind and d.seconds and not d.extrapolated]
    if not base:
        m.note = "skipped"
        return m
    b = max(base, key=lambda d: d.rows)
    assert b.seconds is not None
    m.seconds = b.seconds * rows / b.rows
    m.note = f"extrapolated from {b.rows:,} rows"
    m.counts = {}
    return m


def fmt_s(s: float | None) -> str:
    return "-" if s is None else f"{s:.2f}"


def agreement(m: Measure, gmsd: Measure | None) -> str:
    if m.tool in ("gmsd", "gmsd2"):
        return f"{sum(m.counts.values()):,} findings" if m.counts else "no findings"
    if m.extrapolated or m.seconds is None or gmsd is None or m.tool.startswith("cli"):
        return ""
    if m.tool == "frictionless":
        return (
            f"{sum(m.counts.values()):,} errors ({', '.join(sorted(m.counts))})" if m.counts else "no errors"
        )
    skip = NOT_IMPLEMENTED.get(m.tool, set())
    want = {k: v for k, v in gmsd.counts.items() if k not in skip and not k.startswith("L")}
    if m.counts == want:
        return "same counts per rule"
    diff = sorted(set(want) | set(m.counts))
    return "DIFFERS: " + ", ".join(
        f"{k} {m.counts.get(k, 0)}≠{want.get(k, 0)}" for k in diff if m.counts.get(k) != want.get(k)
    )


def table(results: list[Measure]) -> str:
    cols = ["rows", "file", "checker", "check s", "MB/s", "rows/s", "process s", "peak RSS MiB"]
    cols += ["x gmsd-fast j=1", "x gmsd-fast j=2", "load (1/5/15)", "counts"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for m in results:
        ref = {
            t: next((r for r in results if r.tool == t and r.rows == m.rows and r.kind == m.kind), None)
            for t in ("gmsd", "gmsd2")
        }
        ratio = {
            t: f"{m.seconds / r.seconds:.1f}" if m.seconds and r and r.seconds else "-"
            for t, r in ref.items()
        }
        mark = "~" if m.extrapolated else ""
        mbs = f"{mark}{m.size / m.seconds / 1e6:,.0f}" if m.seconds else "-"
        rps = f"{mark}{m.rows / m.seconds:,.0f}" if m.seconds else "-"
        rss = f"{m.rss / 2**20:,.0f}" if m.rss else "-"
        note = m.note or agreement(m, ref["gmsd"])
        lines.append(
            f"| {m.rows:,} | {m.kind} | {m.label} | {mark}{fmt_s(m.seconds)} | {mbs} | {rps} "
            f"| {fmt_s(m.wall)} | {rss} "
            f"| {ratio['gmsd']} | {ratio['gmsd2']} | {m.load} | {note} |"
        )
    return "\n".join(lines)


def memory_baselines() -> list[tuple[str, int]]:
    py = sys.executable
    out = []
    for label, code in [
        ("python -c pass", "pass"),
        ("import gmsd_fast (core + pyarrow)", "import gmsd_fast"),
        ("import gmsd_fast.cli (+ click, rich, output)", "import gmsd_fast.cli"),
    ]:
        _, rss, _, _ = run([py, "-c", code])
        out.append((label, rss))
    return out


def report_memory(rows_list: list[int]) -> list[tuple[int, int, float]]:
    """Max RSS of `gmsd-fast report --format json` (counts CBS's voorzieningen: 40 B/record)."""
    out = []
    for rows in rows_list:
        path = data_file(rows, "valid")
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [sys.executable, "-m", "gmsd_fast", "report", "--jobs", "1", "--format", "json"]
            cmd += ["--output", str(Path(tmp) / "r.json"), str(path)]
            wall, rss, _, _ = run(cmd)
        out.append((rows, rss, wall))
    return out


def machine() -> str:
    model = "unknown"
    with open("/proc/cpuinfo") as fp:
        for line in fp:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    system = f"{platform.system()} {platform.release()}"
    return f"{system}, nproc {os.cpu_count()}, CPU {model}, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rows", type=int, action="append", help="rows per file (repeatable); default 1000000"
    )
    parser.add_argument("--kinds", default="valid,faulty10,faulty100", help="valid, faulty10, faulty100")
    parser.add_argument("--max-slow-rows", type=int, default=1_000_000, help="plain/frictionless up to this")
    parser.add_argument("--repeat", type=int, default=5, help="runs of gmsd-fast per file (best taken)")
    parser.add_argument(
        "--skip", action="append", default=[], help="tools to skip: plain, polars, frictionless"
    )
    parser.add_argument("--alternatives-on-faulty100", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    args = parser.parse_args(argv)
    rows_list = sorted(args.rows or [1_000_000])
    print(f"machine: {machine()}; load at start {load()}", file=sys.stderr)
    results: list[Measure] = []
    for rows in rows_list:
        for kind in args.kinds.split(","):
            results += checks(rows, kind, args, results)
    baselines = memory_baselines()
    reports = report_memory(rows_list)
    print(f"Machine: {machine()}. Load (1/5/15 min) at the end: {load()}.\n")
    print(table(results))
    print("\nPeak memory (max RSS) of a bare interpreter and the imports:\n")
    for label, rss in baselines:
        print(f"- {label}: {rss / 2**20:.1f} MiB")
    print("\n`gmsd-fast report --format json` (CBS counts, 40 B per record in the core):\n")
    for rows, rss, wall in reports:
        print(f"- {rows:,} rows: peak RSS {rss / 2**20:,.0f} MiB, {wall:.1f} s")
    if len(reports) >= 2:
        (r1, m1, _), (r2, m2, _) = reports[0], reports[-1]
        print(f"- growth: {(m2 - m1) / (r2 - r1):.1f} bytes per row")
    if args.json:
        args.json.write_text(json.dumps([m.__dict__ for m in results], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
