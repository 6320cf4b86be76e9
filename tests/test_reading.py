"""Reading: one file from standard input (`check -`, `report -`), files that change while they
are checked, and read errors, each with a defined outcome."""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import pty
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import gmsd_fast
from gmsd_fast import FileChangedError, _gmsd_fast, files
from gmsd_fast.api import check_options
from gmsd_fast.inputs import expand

from .conftest import ERRORS, ROOT, VALID, CliRun
from .test_inputs import make_zip

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "python")}
ENV.pop("GMSD_FAST_DEBUG", None)


def gmsd(*args: str | Path, stdin: bytes | int | None = None) -> tuple[int, str, str]:
    """`python -m gmsd_fast ARGS` with `stdin` (bytes, or a file descriptor to read)."""
    command = [sys.executable, "-m", "gmsd_fast", *map(str, args)]
    done = subprocess.run(
        command,
        input=stdin if isinstance(stdin, bytes) else None,
        stdin=stdin if isinstance(stdin, int) else None,
        capture_output=True,
        env=ENV,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


# ---- Standard input -----------------------------------------------------------------------


def test_standard_input_with_a_name_is_checked_like_the_file(cli: CliRun) -> None:
    code, out, err = gmsd("check", "-", "--name", ERRORS.name, "--format", "json", stdin=ERRORS.read_bytes())
    assert (code, err) == (1, "")
    (piped,) = json.loads(out)["files"]
    _, out, _ = cli("check", str(ERRORS), "--format", "json")
    (from_file,) = json.loads(out)["files"]
    assert piped["path"] == ERRORS.name
    assert {**piped, "path": None} == {**from_file, "path": None}


def test_standard_input_without_a_name_says_the_name_was_not_checked() -> None:
    code, out, err = gmsd("check", "-", "--format", "json", "--period", "H22025", stdin=VALID.read_bytes())
    assert (code, err) == (0, "")
    (entry,) = json.loads(out)["files"]
    assert entry["path"] == "-"  # data, as given: not words that change with --lang
    assert entry["counts"] == {"N006": 1}
    assert entry["findings"][0]["severity"] == "warning"
    _, out, _ = gmsd("check", "-", "--format", "jsonl", "--lang", "en", stdin=VALID.read_bytes())
    assert {json.loads(line)["file"] for line in out.splitlines()} == {"-"}
    _, out, _ = gmsd("check", "-", "--lang", "en", stdin=VALID.read_bytes())
    assert "(standard input)" in out and "N006" in out and "N005" in out  # the text: words


def test_report_reads_standard_input_among_other_inputs(tmp_path: Path) -> None:
    code, out, err = gmsd(
        "report", VALID, "-", "--name", "WMO_H22025_anders.csv", "--format", "json", stdin=VALID.read_bytes()
    )
    assert err == ""
    report = json.loads(out)
    assert [f["path"] for f in report["files"]] == [str(VALID), "WMO_H22025_anders.csv"]
    assert report["files"][0]["counts"] == report["files"][1]["counts"]
    assert code == 1  # two files for one gemeente and period: L001


def test_standard_input_is_streamed_in_bounded_memory(big_file: Path) -> None:
    """500 MB through a pipe; the peak memory of the run stays that of a small file."""
    # A fresh parent, so that RUSAGE_CHILDREN holds only the CLI run, which inherits its pipe.
    probe = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stdout.write(done.stdout)\n"
    )
    check = [sys.executable, "-m", "gmsd_fast", "check", "-", "--name", big_file.name, "--format", "json"]
    check += ["--max-per-rule", "100"]  # the memory of reading standard input, not of the findings
    reader = subprocess.Popen(["cat", str(big_file)], stdout=subprocess.PIPE)
    assert reader.stdout is not None
    try:
        done = subprocess.run(
            [sys.executable, "-c", probe, *check],
            stdin=reader.stdout,
            capture_output=True,
            text=True,
            env=ENV,
            timeout=300,
            check=True,
        )
    finally:
        reader.stdout.close()
        reader.wait()
    status, report = done.stdout.split("\n", 1)
    code, max_rss_kib = map(int, status.split())
    (entry,) = json.loads(report)["files"]
    assert code == 1
    assert entry["rows"] == 5_000_000
    assert max_rss_kib < 200 * 1024, f"peak memory {max_rss_kib // 1024} MB"


@pytest.mark.parametrize(
    ("data", "nl", "en"),
    [
        (b"", "zip", "zip"),  # filled in below: a real zip
        (gzip.compress(VALID.read_bytes()), "met gzip ingepakt", "gzip-compressed"),
    ],
    ids=["zip", "gzip"],
)
def test_a_compressed_stream_on_standard_input_is_refused(
    tmp_path: Path, data: bytes, nl: str, en: str
) -> None:
    if not data:
        data = make_zip(tmp_path / "a.zip", {VALID.name: VALID.read_bytes()}).read_bytes()
    for command in ("check", "report"):
        code, out, err = gmsd(command, "-", stdin=data)
        assert (code, out) == (2, "")
        assert err.startswith("gmsd-fast: standaardinvoer is ") and nl in err and err.count("\n") == 1
    code, _, err = gmsd("check", "-", "--lang", "en", stdin=data)
    assert code == 2 and err.startswith("gmsd-fast: standard input is ") and en in err


def test_standard_input_misuse_is_one_line(tmp_path: Path) -> None:
    code, _, err = gmsd("check", "-", "-", stdin=VALID.read_bytes())
    assert (code, err) == (2, "gmsd-fast: - (standaardinvoer) kan maar één keer worden opgegeven\n")
    code, _, err = gmsd("check", VALID, "--name", "WMO_H22025_x.csv", "--lang", "en")
    assert (code, err) == (2, "gmsd-fast: --name names standard input; give - as an input as well\n")
    code, _, err = gmsd("report", "-", "--previous", "-", stdin=VALID.read_bytes())
    assert (code, err) == (
        2,
        "gmsd-fast: --previous leest geen standaardinvoer (-); geef een bestand, map of zip op\n",
    )


def test_a_terminal_on_standard_input_is_refused_without_waiting() -> None:
    try:
        main, terminal = pty.openpty()
    except OSError:
        pytest.skip("no pseudo-terminal on this machine")
    try:
        code, _, err = gmsd("check", "-", stdin=terminal)
    finally:
        os.close(main)
        os.close(terminal)
    assert code == 2 and "standaardinvoer is een terminal" in err


# ---- Files that change while they are checked ---------------------------------------------


def change(kind: str, path: Path) -> None:
    if kind == "grown":
        with path.open("ab") as f:
            f.write(b"202601200915;0014;111222333;0001;20250101;;4;;;;;;;;;;;\n")
    elif kind == "shrunk":
        os.truncate(path, path.stat().st_size // 2)
    elif kind == "replaced":
        fresh = path.with_suffix(".new")
        fresh.write_bytes(path.read_bytes())
        os.replace(fresh, path)
    elif kind == "removed":
        path.unlink()
    else:  # modified: the same size, other bytes
        data = bytearray(path.read_bytes())
        data[-2:-1] = b"9" if data[-2:-1] != b"9" else b"8"
        time.sleep(0.01)  # a later modification time on a coarse clock too
        path.write_bytes(bytes(data))


@pytest.mark.parametrize("kind", FileChangedError.CHANGES)
def test_a_file_that_changes_during_its_check_has_no_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The change is made right after the core has read the file, before the check ends."""
    path = tmp_path / VALID.name
    path.write_bytes(VALID.read_bytes())
    real = _gmsd_fast.check_path

    def check_then_change(*args: object) -> _gmsd_fast.CheckResult:
        result = real(*args)  # type: ignore[arg-type]
        change(kind, path)
        return result

    monkeypatch.setattr(_gmsd_fast, "check_path", check_then_change)
    with pytest.raises(FileChangedError) as caught:
        gmsd_fast.validate(path)
    assert (caught.value.path, caught.value.change) == (str(path), kind)
    assert isinstance(caught.value, OSError)


def test_a_check_that_read_another_size_than_the_file_has_is_noticed(tmp_path: Path) -> None:
    """Truncated and grown back (or the reverse) between two looks: the size is the same, but
    the check read fewer (more) bytes than the file had."""
    path = tmp_path / VALID.name
    path.write_bytes(VALID.read_bytes())
    before = os.stat(path)
    files.unchanged_since(str(path), before, before.st_size)
    for read, kind in ((before.st_size - 1, "shrunk"), (before.st_size + 1, "grown")):
        with pytest.raises(FileChangedError) as caught:
            files.unchanged_since(str(path), before, read)
        assert caught.value.change == kind


def test_a_zip_that_changes_during_its_check_has_no_result(tmp_path: Path) -> None:
    """The archive grows between the reading of its directory and the check of a member (the
    core compares the archive with the version whose directory it read, before and after)."""
    archive = make_zip(tmp_path / "levering.zip", {VALID.name: VALID.read_bytes()})
    sources, _ = expand([archive])
    with archive.open("ab") as f:
        f.write(b"\0")
    with pytest.raises(FileChangedError) as caught:
        sources[0].check(check_options())
    assert (caught.value.path, caught.value.change) == (str(archive), "grown")


def test_the_cli_says_a_file_grew_while_it_was_checked(big_file: Path, tmp_path: Path) -> None:
    """A real export still being written: bytes are appended while the CLI checks the file.
    The append waits until the check has read 32 MB of the 503 MB (/proc/<pid>/io)."""
    io_file = Path("/proc/self/io")
    if not io_file.exists():
        pytest.skip("needs Linux's /proc/<pid>/io to see how far the check got")
    path = tmp_path / big_file.name
    shutil.copyfile(big_file, path)  # a copy: the shared big file stays as it is
    command = [sys.executable, "-m", "gmsd_fast", "check", "--jobs", "1", "--lang", "en", str(path)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV, text=True)
    try:
        deadline = time.monotonic() + 120
        while _read_bytes(proc.pid) < 32 << 20:
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.002)
        with path.open("ab") as f:
            f.write(b"202601200915;0363;111222333;0001;20250101;;4;;;;;;;;;;;\n")
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.returncode is None:
            proc.kill()
            proc.wait()
        path.unlink()
    assert proc.returncode == 3
    assert err == (
        f"gmsd-fast: {path} changed while it was being checked (it grew: is it still being written?);"
        " check it again once the file is complete\n"
    )


def _read_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split(":")[1])
    return 0


# ---- Read errors --------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc/self/mem")
def test_a_read_error_is_one_line_in_the_users_words() -> None:
    """`/proc/self/mem` is a regular file whose first read fails with EIO, as a bad disk does."""
    code, out, err = gmsd("check", "/proc/self/mem")
    assert (code, out) == (3, "")
    cause = "invoer/uitvoer-fout: de schijf of netwerkschijf gaf een fout"
    assert err == f"gmsd-fast: kan /proc/self/mem niet lezen: {cause}\n"


class FailingReader(io.RawIOBase):
    """Hands out `good` blocks of data, then fails as a disk does."""

    def __init__(self, good: int) -> None:
        self.good = good

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if self.good == 0:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        self.good -= 1
        return VALID.read_bytes()[: max(n, 0)]


def test_an_exception_of_a_stream_is_raised_as_it_is() -> None:
    with pytest.raises(OSError) as caught:
        gmsd_fast.validate_stream(FailingReader(good=3), VALID.name)  # type: ignore[arg-type]
    assert caught.value.errno == errno.EIO
    with pytest.raises(FileNotFoundError) as missing:
        gmsd_fast.validate("no/such/WMO_H22025_x.csv")
    assert missing.value.errno == errno.ENOENT and missing.value.filename == "no/such/WMO_H22025_x.csv"
