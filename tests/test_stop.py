"""Stop when asked: real SIGINT and SIGTERM sent to a CLI (or API) process working on a file of
500 MB, and stop tokens in the API.

When a signal is sent and how far the process got are read from `/proc/<pid>/io`: the signal
goes once the process has read (or written) `STARTED` bytes, far more than Python's start-up
reads, and the counter is read again once it has exited (before it is reaped, so the figure is
final). The correctness bound is in bytes, not seconds: after the signal the process reads at
most `AFTER_SIGNAL` bytes more (the blocks in flight, late imports), while the whole input is
ten times that, so it stopped well before the check could have finished, however loaded the
machine. The time from signal to exit is only bounded against a hang.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

import gmsd_fast
from gmsd_fast import Stopped, StopToken
from gmsd_fast.api import check_options
from gmsd_fast.inputs import Source, check_all

from .conftest import ROOT, VALID

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/io").exists() or not hasattr(os, "waitid"),
    reason="reads how far a process got from Linux's /proc/<pid>/io",
)

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "python")}
ENV.pop("GMSD_FAST_DEBUG", None)
STARTED = 32 << 20
AFTER_SIGNAL = 64 << 20
HANG = 30.0  # seconds: only a hang takes this long
STOPPED_LINE = {
    (signal.SIGINT, "nl"): "gmsd-fast: afgebroken door Ctrl-C (SIGINT); er is niets geschreven\n",
    (signal.SIGTERM, "nl"): "gmsd-fast: afgebroken door SIGTERM; er is niets geschreven\n",
    (signal.SIGINT, "en"): "gmsd-fast: interrupted by Ctrl-C (SIGINT); nothing was written\n",
    (signal.SIGTERM, "en"): "gmsd-fast: interrupted by SIGTERM; nothing was written\n",
}


def io_count(pid: int, key: str) -> int:
    """`rchar` (bytes read) or `wchar` (bytes written) of a process, live or exited."""
    for line in Path(f"/proc/{pid}/io").read_text().splitlines():
        name, value = line.split(":")
        if name == key:
            return int(value)
    raise KeyError(key)


def exited(pid: int) -> bool:
    """Whether the child has exited, without reaping it (its /proc entry stays readable)."""
    return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    at_signal: int  # bytes read (written) when the signal was sent
    at_exit: int
    seconds: float  # from the signal to the exit


def signal_midway(
    command: list[str],
    sig: int,
    tmp_path: Path,
    *,
    counter: str = "rchar",
    stdin: int | IO[bytes] | None = subprocess.DEVNULL,
    started: Callable[[], None] | None = None,
) -> Outcome:
    """Starts `command`, sends `sig` once it has read (`counter`) STARTED bytes, and returns
    how it ended. `started`, when given, runs once the process is running (e.g. to feed it)."""
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.Popen(command, stdin=stdin, stdout=stdout, stderr=stderr, env=ENV)
    try:
        if started is not None:
            started()
        deadline = time.monotonic() + 120
        while (at_signal := io_count(proc.pid, counter)) < STARTED:
            assert not exited(proc.pid), f"{command} ended before it read {STARTED} bytes"
            assert time.monotonic() < deadline, "never started reading"
            time.sleep(0.002)
        proc.send_signal(sig)
        sent = time.monotonic()
        while not exited(proc.pid):
            assert time.monotonic() - sent < HANG, "still running after the signal"
            time.sleep(0.002)
        seconds = time.monotonic() - sent
        at_exit = io_count(proc.pid, counter)
        code = proc.wait()
    finally:
        if proc.returncode is None:
            proc.kill()
            proc.wait()
    return Outcome(code, out.read_text(), err.read_text(), at_signal, at_exit, seconds)


def assert_stopped_midway(outcome: Outcome, size: int) -> None:
    """It stopped within AFTER_SIGNAL bytes of the signal, well before the end of the input."""
    more = outcome.at_exit - outcome.at_signal
    assert more < AFTER_SIGNAL, f"read {more >> 20} MiB after the signal"
    assert outcome.at_exit < size // 2, "it read on to the end"
    assert outcome.seconds < HANG


def cli(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "gmsd_fast", *map(str, args)]


@pytest.fixture(scope="module")
def inputs(big_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The big file as a file, as the only file of a folder, and in a zip (stored, so that the
    zip is as slow to check as the file); and twice in a zip, whose members `fix` fixes side
    by side."""
    base = tmp_path_factory.mktemp("inputs")
    folder = base / "levering"
    folder.mkdir()
    try:
        os.link(big_file, folder / big_file.name)
    except OSError:  # another file system
        shutil.copy(big_file, folder / big_file.name)
    archive = base / "levering.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        zf.write(big_file, big_file.name)
    twice = base / "twee.zip"
    with zipfile.ZipFile(twice, "w", zipfile.ZIP_STORED) as zf:
        zf.write(big_file, big_file.name)
        zf.write(big_file, f"tweede/{big_file.name}")
    yield {"file": big_file, "folder": folder, "zip": archive, "zip-of-two": twice}
    archive.unlink()
    twice.unlink()
    shutil.rmtree(folder)


@pytest.mark.parametrize(
    ("command", "kind", "sig", "options", "lang"),
    [
        ("check", "file", signal.SIGINT, ["--format", "json"], "nl"),
        ("check", "file", signal.SIGTERM, ["--format", "text", "--jobs", "1"], "en"),
        ("check", "folder", signal.SIGTERM, ["--format", "csv"], "nl"),
        ("check", "zip", signal.SIGINT, ["--format", "parquet"], "en"),
        ("check", "file", signal.SIGTERM, ["--format", "jsonl", "--all"], "nl"),
        ("check", "zip", signal.SIGINT, ["--format", "parquet", "--all", "--jobs", "1"], "en"),
        ("report", "file", signal.SIGTERM, ["--format", "html"], "nl"),
        ("report", "folder", signal.SIGINT, ["--format", "json"], "en"),
        ("report", "zip", signal.SIGTERM, ["--format", "html"], "nl"),
        ("fix", "file", signal.SIGTERM, [], "nl"),
        ("fix", "zip", signal.SIGINT, [], "en"),
        ("fix", "zip-of-two", signal.SIGTERM, [], "nl"),
    ],
)
@pytest.mark.parametrize("existing", [True, False], ids=["target-exists", "no-target"])
def test_signal_stops_the_cli_midway_and_writes_nothing(
    inputs: dict[str, Path],
    tmp_path: Path,
    command: str,
    kind: str,
    sig: int,
    options: list[str],
    lang: str,
    existing: bool,
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "uitvoer.dat"
    if existing:
        target.write_bytes(b"the previous, good output\n")
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    outcome = signal_midway(cli(command, inputs[kind], "-o", target, "--lang", lang, *options), sig, run_dir)
    assert outcome.code == 128 + sig, outcome.stderr
    assert outcome.stderr == STOPPED_LINE[sig, lang]
    assert outcome.stdout == ""
    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == before, "output or temp file left"
    size = inputs["file"].stat().st_size
    assert_stopped_midway(outcome, size)


@pytest.mark.parametrize(("command", "sig"), [("check", signal.SIGINT), ("report", signal.SIGTERM)])
def test_signal_stops_a_check_of_standard_input_whose_writer_stays(
    big_file: Path, tmp_path: Path, command: str, sig: int
) -> None:
    """The writer sends 100 MB and keeps the pipe open: a blocking read would wait forever."""
    read_fd, write_fd = os.pipe()

    def feed() -> None:
        with big_file.open("rb") as source, contextlib.suppress(OSError):  # EPIPE once it is gone
            remaining = 100 << 20
            while remaining > 0:
                data = source.read(min(remaining, 1 << 20))
                os.write(write_fd, data)  # blocks while the pipe is full
                remaining -= len(data)

    feeder = threading.Thread(target=feed, daemon=True)
    try:
        outcome = signal_midway(
            cli(command, "-", "--name", big_file.name, "--format", "json", "-o", tmp_path / "x.json"),
            sig,
            tmp_path,
            stdin=read_fd,
            started=feeder.start,
        )
        assert outcome.code == 128 + sig, outcome.stderr
        assert outcome.stderr == STOPPED_LINE[sig, "nl"]
        assert outcome.at_exit - outcome.at_signal < AFTER_SIGNAL
        assert not (tmp_path / "x.json").exists()
    finally:
        os.close(read_fd)  # no reader left: a write still blocked fails with EPIPE
        feeder.join(10)
        os.close(write_fd)


def test_signal_stops_generate_and_leaves_no_file(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "WMO_H22025_groot.csv"
    target.write_bytes(b"keep me\n")
    outcome = signal_midway(
        cli("generate", target, "--rows", "20000000"), signal.SIGINT, tmp_path, counter="wchar"
    )
    assert outcome.code == 130, outcome.stderr
    assert outcome.stderr == STOPPED_LINE[signal.SIGINT, "nl"]
    assert outcome.at_exit - outcome.at_signal < AFTER_SIGNAL, "wrote on after the signal"
    assert target.read_bytes() == b"keep me\n"
    assert [p.name for p in out_dir.iterdir()] == [target.name], "temp file left"


API_SCRIPT = """
import sys, gmsd_fast
path, how = sys.argv[1], sys.argv[2]
try:
    if how == "validate":
        gmsd_fast.validate(path, jobs=0, count=True)
    else:
        with open(path, "rb") as stream:
            gmsd_fast.validate_stream(stream, "WMO_H22025_groot.csv")
except KeyboardInterrupt:
    sys.exit(3)
sys.exit(0)
"""


@pytest.mark.parametrize("how", ["validate", "validate_stream"])
def test_ctrl_c_raises_keyboard_interrupt_in_the_api(big_file: Path, tmp_path: Path, how: str) -> None:
    """The core runs with the GIL released; the main thread still sees Ctrl-C."""
    outcome = signal_midway([sys.executable, "-c", API_SCRIPT, str(big_file), how], signal.SIGINT, tmp_path)
    assert outcome.code == 3, outcome.stderr
    assert_stopped_midway(outcome, big_file.stat().st_size)


class RequestingReader:
    """A stream that hands out 4 KiB per read and requests `token` after `after` reads."""

    def __init__(self, data: bytes, token: StopToken, after: int) -> None:
        self.data, self.token, self.after, self.reads = data, token, after, 0

    def read(self, n: int) -> bytes:
        chunk, self.data = self.data[: min(n, 4096)], self.data[min(n, 4096) :]
        self.reads += 1
        if self.reads == self.after:
            self.token.request()
        return chunk


def test_a_token_stops_a_check_at_its_next_block() -> None:
    data = VALID.read_bytes() * 20  # only the size matters
    token = StopToken()
    reader = RequestingReader(data, token, after=2)
    with pytest.raises(Stopped):
        gmsd_fast.validate_stream(reader, VALID.name, stop=token)  # type: ignore[arg-type]
    assert reader.reads == 2, "no block read after the request"
    assert token.requested


def test_a_requested_token_stops_every_kind_of_check(tmp_path: Path) -> None:
    token = StopToken()
    token.request()
    with pytest.raises(Stopped):
        gmsd_fast.validate(VALID, stop=token)
    with pytest.raises(Stopped):
        gmsd_fast.validate_bytes(VALID.read_bytes(), VALID.name, stop=token)
    target = tmp_path / "WMO_H22025_x.csv"
    with pytest.raises(Stopped):
        gmsd_fast._gmsd_fast.generate(str(target), 1000, stop=token)
    assert list(tmp_path.iterdir()) == [], "generate left a file"
    # Without a request the same calls run to their end.
    assert gmsd_fast.validate(VALID, stop=StopToken()).accepted


def test_check_all_starts_no_file_once_stopped() -> None:
    done: list[str] = []
    sources = [Source(str(VALID), str(VALID)) for _ in range(3)]
    results, _ = check_all(sources, check_options(jobs=1, stop=StopToken()), lambda s: done.append(s.name))
    assert len(results) == len(done) == 3
    done.clear()
    token = StopToken()
    token.request()
    with pytest.raises(Stopped):
        check_all(sources, check_options(jobs=1, stop=token), lambda s: done.append(s.name))
    assert done == [], "no check ran"


def test_a_stop_requested_from_another_thread_ends_a_long_check(big_file: Path) -> None:
    token = StopToken()
    timer = threading.Timer(0.05, token.request)
    timer.start()
    try:
        with pytest.raises(Stopped):
            gmsd_fast.validate(big_file, stop=token, jobs=1)
    finally:
        timer.cancel()


_INTERRUPTED_IMPORT = """
import builtins, sys
real_import = builtins.__import__

def interrupted(name, *args, **kwargs):
    if name == "gmsd_fast.cli":
        raise KeyboardInterrupt  # as a Ctrl-C while Python imports the command line
    return real_import(name, *args, **kwargs)

builtins.__import__ = interrupted
from gmsd_fast.__main__ import main
sys.argv = ["gmsd-fast", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_ctrl_c_while_the_command_line_is_imported_is_one_line(lang: str) -> None:
    """The entry point imports the command line itself: a Ctrl-C before the run's handlers
    are installed ends it as one after: the run's one line, exit 130, no traceback."""
    run = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_IMPORT, "check", str(VALID), "--lang", lang],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 128 + signal.SIGINT
    assert run.stderr == STOPPED_LINE[signal.SIGINT, lang]
    assert run.stdout == ""
