"""Findings as a stream of Arrow record batches: a check keeps every finding in bounded memory,
its findings read while it runs, in the same order as when they are read whole, with one
thread or several; the first batch before the file has been read; a stream read once, and a
check that stops when its reader goes away or its token is requested; `--all` in every
machine format."""

from __future__ import annotations

import gc
import io
import json
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from gmsd_fast import Stopped, StopToken, _gmsd_fast, validate, validate_bytes, validate_stream

from .conftest import ERRORS, CliRun

NAME = "WMO_H22025_stroom.csv"


@pytest.fixture(scope="module")
def faulty_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """100,000 rows (10 MB, more than a file needs to be split over threads), every one with a
    typical mistake: about 108,000 findings, far more than a check queues."""
    path = tmp_path_factory.mktemp("stream") / NAME
    _gmsd_fast.generate(str(path), 100_000, seed=3, faulty_share=1.0)
    yield path
    path.unlink()


def test_streamed_equals_collected_in_order_with_and_without_jobs(faulty_file: Path) -> None:
    collected = validate_bytes(faulty_file.read_bytes(), NAME, max_per_rule=0).wait()
    whole = collected.findings
    assert whole.num_rows == sum(collected.counts.values()) > 100_000
    for jobs in (1, 2, 3):
        result = validate(faulty_file, name=NAME, max_per_rule=0, jobs=jobs)
        assert not result._raw.ended, "returned while the check runs"
        batches = list(result.batches())
        assert len(batches) > 4
        assert pa.Table.from_batches(batches).equals(whole), f"jobs={jobs}"
        assert (result.counts, result.rows, result.verdict) == (collected.counts, collected.rows, "rejected")
        capped = validate(faulty_file, max_per_rule=5, jobs=jobs)
        assert capped._raw.ended, "a capped check has ended when validate returns"
        assert capped.findings.equals(validate(faulty_file, max_per_rule=5).findings), f"jobs={jobs}"


class Recording(io.RawIOBase):
    """A binary stream that records how far it has been read."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._data = io.BytesIO(data)
        self.position = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self._data.read(size)
        self.position += len(chunk)
        return chunk


def test_the_first_batch_arrives_before_the_file_is_read(faulty_file: Path) -> None:
    data = faulty_file.read_bytes()
    reader = Recording(data)
    result = validate_stream(reader, NAME, max_per_rule=0)
    batches = result.batches()
    first = next(batches)
    assert first.num_rows > 0
    assert reader.position < len(data) // 2, f"read {reader.position} of {len(data)} bytes first"
    time.sleep(0.3)
    waiting = reader.position
    time.sleep(0.2)
    assert reader.position == waiting < len(data), "a check waits for its reader"
    rows = first.num_rows + sum(batch.num_rows for batch in batches)
    assert rows == sum(result.counts.values())
    assert reader.position == len(data)


def test_the_summary_asked_first_keeps_the_findings(faulty_file: Path) -> None:
    result = validate(faulty_file, max_per_rule=0)
    assert result.verdict == "rejected"
    assert result.findings.num_rows == sum(result.counts.values())
    assert pa.Table.from_batches(list(result.batches())).equals(result.findings)


def check_threads() -> int:
    """Threads of this process running a check (Linux names them)."""
    tasks = Path("/proc/self/task")
    return sum((task / "comm").read_text().strip() == "gmsd-check" for task in tasks.iterdir())


def settled_check_threads() -> int:
    """`check_threads()` once the checks of earlier tests have ended: one whose reader went
    away ends at its next block, on its own thread, maybe after the next test has begun (on a
    busy machine the count was then one too many). Waits at most 5 s."""
    deadline = time.monotonic() + 5
    while check_threads() and time.monotonic() < deadline:
        gc.collect()
        time.sleep(0.01)
    return check_threads()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="counts threads in /proc")
def test_a_stream_is_read_once_and_a_reader_that_goes_away_stops_the_check(faulty_file: Path) -> None:
    before = settled_check_threads()
    result = validate(faulty_file, max_per_rule=0)
    batches = result.batches()
    next(batches)
    with pytest.raises(RuntimeError, match="read already"):
        next(result.batches())
    assert check_threads() == before + 1, "the check waits for its reader"
    del result, batches
    gc.collect()
    deadline = time.monotonic() + 5
    while check_threads() > before:
        assert time.monotonic() < deadline, "the check goes on without its reader"
        time.sleep(0.01)


def test_a_stop_request_ends_a_streaming_check(faulty_file: Path) -> None:
    token = StopToken()
    result = validate(faulty_file, max_per_rule=0, stop=token)
    batches = result.batches()
    next(batches)
    token.request()
    started = time.monotonic()
    with pytest.raises(Stopped):
        for _ in batches:
            pass
    assert time.monotonic() - started < 2
    with pytest.raises(Stopped):
        _ = result.verdict


def test_all_writes_every_finding_in_every_machine_format(
    cli: CliRun, faulty_file: Path, tmp_path: Path
) -> None:
    counts = validate(ERRORS).counts
    total = sum(counts.values()) + sum(validate(faulty_file, max_per_rule=0).counts.values())
    files = (str(ERRORS), str(faulty_file))
    for every in (["--all"], ["--max-per-rule", "0"]):
        code, out, _ = cli("check", "--format", "jsonl", *every, *files)
        assert code == 1
        findings = [line for line in out.splitlines() if line.startswith('{"kind":"finding"')]
        assert len(findings) == total  # no delivery findings: other gemeenten
        assert len(out.splitlines()) == total + 2  # and a summary per file
        code, out, _ = cli("check", "--format", "json", *every, *files)
        doc = json.loads(out)
        assert [len(f["findings"]) for f in doc["files"]] == [sum(f["counts"].values()) for f in doc["files"]]
        target = tmp_path / "all.parquet"
        cli("check", "--format", "parquet", "-o", str(target), *every, *files)
        assert pq.read_metadata(target).num_rows == total
        assert pq.read_metadata(target).num_row_groups > 1
    code, out, _ = cli("check", "--format", "csv", "--all", *files)
    assert len(out.splitlines()) == total + 1
    every, _ = cli("check", "--format", "jsonl", *files)[1:]  # every finding by default
    assert len(every.splitlines()) == total + 2
    capped, _ = cli("check", "--format", "jsonl", "--max-per-rule", "100", *files)[1:]
    assert len(capped.splitlines()) < total


def test_a_member_found_damaged_after_its_findings_began_ends_as_l004(
    cli: CliRun, faulty_file: Path, tmp_path: Path
) -> None:
    """`--all` over a zip whose first member turns out damaged only at its end (its CRC),
    after its first findings were written: those stay, an L004 finding follows, and the
    next member is checked as ever (exit 1, not a failed run)."""
    data = faulty_file.read_bytes()
    member = data[: data.index(b"\n", 4 << 20) + 1]  # some 45,000 findings: more than a queue
    archive = tmp_path / "levering.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("WMO_H22025_x.csv", member)
        zf.writestr("WMO_H22025_y.csv", ERRORS.read_bytes())
    raw = bytearray(archive.read_bytes())
    at = raw.index(member[-200:])
    raw[at] = ord("7") if raw[at] != ord("7") else ord("8")  # the CRC no longer matches
    archive.write_bytes(bytes(raw))
    x, y = f"{archive}/WMO_H22025_x.csv", f"{archive}/WMO_H22025_y.csv"

    code, out, err = cli("check", "--all", "--format", "jsonl", str(archive))
    assert (code, err) == (1, "")
    rows = [o for line in out.splitlines() if (o := json.loads(line))["kind"] == "finding"]
    of_x = [r for r in rows if r["file"] == x]
    assert len(of_x) > 4 * 4096, "the findings of x read before its damage showed stay"
    assert of_x[-1]["rule"] == "L004" and "beschadigd" in of_x[-1]["message"]
    assert [r["rule"] for r in of_x].count("L004") == 1
    assert sum(1 for r in rows if r["file"] == y) == sum(validate(ERRORS).counts.values())

    code, out, err = cli("check", "--all", "--format", "json", "--lang", "en", str(archive))
    assert (code, err) == (1, "")
    entries = {entry["path"]: entry for entry in json.loads(out)["files"]}
    assert entries[x]["verdict"] == "rejected" and entries[x]["counts"] == {"L004": 1}
    assert "damaged" in entries[x]["findings"][-1]["message"]


def test_a_reader_of_standard_output_that_stops_early_ends_the_run(faulty_file: Path) -> None:
    """`check --all … | head`: the run ends at once, as for any format (exit 1, nothing said)."""
    command = [sys.executable, "-m", "gmsd_fast", "check", "--all", "--format", "jsonl", str(faulty_file)]
    started = time.monotonic()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read()
        code = proc.wait(timeout=30)
    assert json.loads(first)["file"] == str(faulty_file)
    assert (code, err) == (1, b"")
    assert time.monotonic() - started < 20
