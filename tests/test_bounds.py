"""Bounds: `--jobs` is capped at a few threads per core; a special file that never ends
(`/proc/self/pagemap`, `/dev/zero` on standard input) is refused in one line, never hangs; a
second SIGTERM, which ends the process at once, first removes its temporary files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from gmsd_fast import _gmsd_fast, files
from gmsd_fast import cli as cli_module
from gmsd_fast.api import check_options

from .conftest import ROOT, VALID

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "python")}
ENV.pop("GMSD_FAST_DEBUG", None)
PAGEMAP = "/proc/self/pagemap"


def cli(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "gmsd_fast", *map(str, args)]


def run(*args: str | Path, stdin: str | None = None, timeout: float = 60) -> tuple[int, str, str]:
    with open(stdin or os.devnull, "rb") as given:
        done = subprocess.run(
            cli(*args), stdin=given, capture_output=True, text=True, env=ENV, timeout=timeout, check=False
        )
    return done.returncode, done.stdout, done.stderr


# ---- --jobs -----------------------------------------------------------------------------------


def test_jobs_are_capped_at_four_per_core() -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    assert check_options(jobs=3000).jobs == 4 * cores
    assert check_options(jobs=3000).with_jobs(5000).jobs == 4 * cores
    assert check_options(jobs=2).jobs == 2 and check_options(jobs=0).jobs == 0


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="reads the child's peak memory with wait4")
def test_jobs_3000_on_a_large_file_stays_within_bounds(tmp_path: Path) -> None:
    """`--jobs 3000` on a 35 MB file ran 150 s in 1.4 GB; capped, it is a check like any
    other (the time is bounded only against a hang; the memory as the README promises)."""
    path = tmp_path / "WMO_H22025_groot.csv"
    _gmsd_fast.generate(str(path), 350_000, seed=5, faulty_share=0.1)
    assert path.stat().st_size > 34_000_000
    command = cli("check", "--format", "json", "--jobs", "3000", path)
    out = tmp_path / "out.json"
    started = time.monotonic()
    # The peak of a process started from this one counts the test process's own pages (Linux
    # keeps the peak across fork and exec): a small launcher starts the check and reports its
    # peak alone.
    launcher = (
        "import os, sys\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    os.execvp(sys.argv[1], sys.argv[1:])\n"
        "_, status, usage = os.wait4(pid, 0)\n"
        "sys.stderr.write(f'{usage.ru_maxrss}\\n')\n"
        "sys.exit(os.waitstatus_to_exitcode(status))\n"
    )
    with out.open("wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-S", "-c", launcher, *command],
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=ENV,
            check=False,
            timeout=120,
        )
    peak_kib = int(done.stderr.decode().strip().splitlines()[-1])  # KiB on Linux
    assert done.returncode == 1 and time.monotonic() - started < 60
    assert peak_kib < 256 * 1024, f"{peak_kib // 1024} MiB"
    _, serial, _ = run("check", "--format", "json", "--jobs", "1", path)
    assert json.loads(out.read_text())["files"][0]["counts"] == json.loads(serial)["files"][0]["counts"]


# ---- special files ----------------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists(PAGEMAP), reason="needs Linux's /proc")
@pytest.mark.parametrize(
    "args",
    [
        ["check", PAGEMAP],
        ["report", PAGEMAP],
        ["fix", PAGEMAP, "--diff"],
        ["check", "--centrumgemeenten", PAGEMAP, str(VALID)],
        ["report", "--previous", PAGEMAP, str(VALID)],
    ],
    ids=lambda args: "-".join(a for a in args if a.startswith(("check", "report", "fix", "--"))),
)
def test_a_file_in_proc_is_refused_in_one_line(args: list[str]) -> None:
    """`check /proc/self/pagemap` hung: the file says it is empty (size 0) and gives terabytes."""
    code, out, err = run(*args, "--lang", "en", timeout=30)
    assert (code, out) == (3, "")
    assert err == (
        f"gmsd-fast: {PAGEMAP} says it is empty but gives data (like a file in /proc) and may never"
        " end; give a csv, txt or zip file or a folder\n"
    )


@pytest.mark.skipif(not os.path.exists(PAGEMAP), reason="needs Linux's /proc")
@pytest.mark.parametrize("path", [PAGEMAP, "/proc/self/status", "/dev/zero"])
@pytest.mark.parametrize("function", ["validate", "fix"])
def test_the_api_refuses_what_the_command_line_refuses(path: str, function: str, tmp_path: Path) -> None:
    """`validate`/`fix` of `/proc/self/pagemap` read terabytes, of `/dev/zero` for ever, and
    called `/proc/self/status` a file that changed: each is `NotARegularFileError` at once."""
    call = (
        f"gmsd_fast.validate({path!r})"
        if function == "validate"
        else f"gmsd_fast.fix({path!r}, {str(tmp_path / 'x.csv')!r})"
    )
    script = (
        "import gmsd_fast\n"
        "try:\n"
        f"    {call}\n"
        "except gmsd_fast.NotARegularFileError as err:\n"
        "    print(err.filename, err.unsized)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=ENV, timeout=30, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"{path} {path.startswith('/proc')}\n"
    assert not (tmp_path / "x.csv").exists()


def test_an_empty_file_is_still_a_file(tmp_path: Path) -> None:
    empty = tmp_path / "WMO_H22025_leeg.csv"
    empty.write_bytes(b"")
    code, out, _ = run("check", "--format", "json", empty)
    assert code == 1 and json.loads(out)["files"][0]["counts"].get("S001") == 1


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_on_standard_input_is_refused_in_one_line() -> None:
    """`check - < /dev/zero` read for ever; `< /dev/null` is an empty file."""
    for args in (["check", "-"], ["fix", "-", "-o", "-"], ["report", "-"]):
        code, out, err = run(*args, "--lang", "en", stdin="/dev/zero", timeout=30)
        assert (code, out) == (2, "")
        assert (
            err.startswith("gmsd-fast: standard input is a device (like /dev/zero)") and err.count("\n") == 1
        )
    code, out, _ = run("check", "-", "--format", "json", stdin=os.devnull)
    assert code == 1 and json.loads(out)["files"][0]["counts"].get("S001") == 1


# ---- a second signal ----------------------------------------------------------------------------


def wait_for(found: Callable[[], bool], proc: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 120
    while not found():
        assert proc.poll() is None, f"ended before {what}: {proc.communicate()}"
        assert time.monotonic() < deadline, f"never {what}"
        time.sleep(0.002)


def test_a_second_signal_removes_the_temporary_files_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second SIGINT or SIGTERM ends the process at once (the first only asks the run to
    stop); on its way out it removes what the run had under way: the hidden file beside an
    output (`files.replacing`; during an xlsx write one was left), XlsxWriter's rows in a
    private folder, and the core's temporary file beside `generate`'s target."""
    killed: list[int] = []
    monkeypatch.setattr(cli_module.os, "kill", lambda _pid, signum: killed.append(signum))
    monkeypatch.setattr(cli_module.signal, "signal", lambda *_: None)
    signals = cli_module._Signals()
    generated = str(tmp_path / "WMO_H22025_x.csv")
    core_temp = Path(files.temp_name(generated, 0))
    with (
        pytest.raises(RuntimeError),
        files.replacing(str(tmp_path / "meldingen.xlsx")) as temp,
        files.private_folder() as rows,
        files.files_beside(generated),
    ):
        Path(rows, "sheet1.xml").write_text("<row/>")
        core_temp.write_text("202601200915;")
        signals._handle(signal.SIGTERM, None)
        assert signals.token.requested and killed == [] and os.path.exists(temp)
        signals._handle(signal.SIGTERM, None)
        assert killed == [signal.SIGTERM]
        assert not os.path.exists(temp) and not os.path.exists(rows) and not core_temp.exists()
        raise RuntimeError("the process has ended here")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_a_second_sigterm_to_a_run_that_cannot_stop_leaves_no_temporary_file(
    big_file: Path, tmp_path: Path
) -> None:
    """A fix whose diff goes to a pipe no one reads cannot end at the first SIGTERM (it waits to
    write); the second ends it at once, and the repaired file's temporary file goes with it."""
    out = tmp_path / "uit"
    out.mkdir()
    read, write = os.pipe()  # never read: the diff fills it and the fix waits
    proc = subprocess.Popen(
        cli("fix", big_file, "-o", out / "WMO_H22025_x.csv", "--diff"),
        stdout=write,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    os.close(write)
    try:
        wait_for(lambda: any(p.name.endswith(".tmp") for p in out.iterdir()), proc, "a temporary file")
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        assert proc.poll() is None, "waits to write its diff"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        os.close(read)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGTERM, err  # ended by the second signal, at once
    assert err.decode().endswith("gmsd-fast: nogmaals SIGTERM: gmsd-fast stopt meteen\n"), err
    assert list(out.iterdir()) == []
