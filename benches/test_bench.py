"""pytest-benchmark: gmsd-fast (jobs=1, jobs=2) and the alternatives on the same generated
files of 1 000 000 rows, valid and 10% faulty (generated once into `benches/.data/`).

    python -m pytest benches --benchmark-only

Set GMSD_BENCH_ROWS to use other files (e.g. 100000 for a quick run). The slow alternatives
run one round; `benches/compare.py` gives the full table with peak memory per process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import gmsd_fast
from benches.alternatives import frictionless_checker, plain_python, polars_checker

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benches" / ".data"
ROWS = int(os.environ.get("GMSD_BENCH_ROWS", "1000000"))
KINDS = {"valid": 0.0, "faulty10": 0.1}


@pytest.fixture(scope="session", params=list(KINDS))
def data_file(request: pytest.FixtureRequest) -> Path:
    kind = str(request.param)
    path = DATA / f"WMO_H22025_{ROWS}_{kind}.csv"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        _generate(path, ROWS, 2025, KINDS[kind])
    path.read_bytes()  # into the page cache
    return path


def _generate(path: Path, rows: int, seed: int, faulty_share: float) -> None:
    """`gmsd-fast generate` of a file of `rows` records, `faulty_share` of them faulty."""
    cmd = [sys.executable, "-m", "gmsd_fast", "generate", str(path), "--rows", str(rows)]
    cmd += ["--seed", str(seed), "--faulty-share", str(faulty_share)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def _info(benchmark: object, path: Path) -> None:
    stats = benchmark.stats  # type: ignore[attr-defined]
    if stats is not None:
        seconds = stats.stats.min
        benchmark.extra_info["MB/s"] = round(path.stat().st_size / seconds / 1e6, 1)  # type: ignore[attr-defined]
        benchmark.extra_info["rows/s"] = round(ROWS / seconds)  # type: ignore[attr-defined]


def _gmsd_counts(path: Path) -> dict[str, int]:
    return {k: v for k, v in gmsd_fast.validate(path).counts.items() if v}


@pytest.mark.parametrize("jobs", [1, 2])
def test_gmsd_fast(benchmark: object, data_file: Path, jobs: int) -> None:
    benchmark.group = data_file.stem  # type: ignore[attr-defined]
    result = benchmark.pedantic(  # type: ignore[attr-defined]
        gmsd_fast.validate, args=(data_file,), kwargs={"jobs": jobs}, rounds=5, warmup_rounds=1
    )
    assert result.rows == ROWS
    _info(benchmark, data_file)


def test_plain_python(benchmark: object, data_file: Path) -> None:
    benchmark.group = data_file.stem  # type: ignore[attr-defined]
    rows, counts = benchmark.pedantic(plain_python.check, args=(data_file,), rounds=1)  # type: ignore[attr-defined]
    assert (rows, counts) == (ROWS, _gmsd_counts(data_file))
    _info(benchmark, data_file)


def test_polars(benchmark: object, data_file: Path) -> None:
    benchmark.group = data_file.stem  # type: ignore[attr-defined]
    rows, counts = benchmark.pedantic(polars_checker.check, args=(data_file,), rounds=1)  # type: ignore[attr-defined]
    assert (rows, counts) == (ROWS, _gmsd_counts(data_file))
    _info(benchmark, data_file)


@pytest.mark.skipif(not frictionless_checker.available(), reason="frictionless not installed")
def test_frictionless(benchmark: object, data_file: Path) -> None:
    benchmark.group = data_file.stem  # type: ignore[attr-defined]
    rows, _ = benchmark.pedantic(frictionless_checker.check, args=(data_file,), rounds=1)  # type: ignore[attr-defined]
    assert rows == ROWS
    _info(benchmark, data_file)


@pytest.fixture(scope="session")
def delivery_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A delivery of 20 files of 20,000 records each, a tenth of them faulty."""
    folder = tmp_path_factory.mktemp("delivery") / "levering"
    folder.mkdir()
    for number in range(20):
        _generate(folder / f"WMO_H22025_{number:04d}.csv", 20_000, number, 0.1)
    return folder


def test_fix_of_a_folder(benchmark: object, delivery_folder: Path, tmp_path: Path) -> None:
    """A delivery's files fixed one after another, each written whole and checked from disk
    (before the wake-up of `detach_interruptible` was mended, each call could wait 50 ms more
    for its worker: 605 ms where it now takes 151 ms; BENCHMARKS.md, "Issue 24, closing")."""
    runs = iter(range(1_000_000))

    def fix_all() -> object:
        return gmsd_fast.fix_delivery(delivery_folder, output=tmp_path / f"out{next(runs)}", jobs=0)

    result = benchmark.pedantic(fix_all, rounds=3, warmup_rounds=1)  # type: ignore[attr-defined]
    assert len(result.files) == 20


@pytest.fixture(scope="session")
def delivery_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A zip of 20 files of 20,000 records each: 16 valid, 4 with a tenth of their records
    faulty (a coordinator's delivery, where most municipalities have nothing to repair)."""
    folder = tmp_path_factory.mktemp("zipped")
    archive = folder / "levering.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for number in range(20):
            path = folder / f"WMO_H22025_{number:04d}.csv"
            _generate(path, 20_000, number, 0.1 if number % 5 == 0 else 0.0)
            zf.write(path, path.name)
            path.unlink()
    return archive


@pytest.mark.parametrize("jobs", [1, 0])
def test_fix_of_a_zip(benchmark: object, delivery_zip: Path, tmp_path: Path, jobs: int) -> None:
    """A zip fixed into a zip: each member fixed first without writing (side by side with
    `jobs=0`), the valid ones copied as stored, the repaired ones written anew."""
    runs = iter(range(1_000_000))

    def fix_all() -> object:
        return gmsd_fast.fix_delivery(delivery_zip, output=tmp_path / f"out{next(runs)}.zip", jobs=jobs)

    result = benchmark.pedantic(fix_all, rounds=5, warmup_rounds=1)  # type: ignore[attr-defined]
    assert len(result.files) == 20 and sum(bool(f.changed) for f in result.files) == 4
