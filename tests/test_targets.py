"""Where output may go, decided in one place (`gmsd_fast.targets`) for every command and every
output option: no output is an input (standard input redirected from a file included), no
two outputs are one file, no output is a backup; `-` is standard output everywhere; a device,
a FIFO or a piped `/dev/stdout` is written directly."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from .conftest import ERRORS, ROOT, VALID, CliRun

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "python")}
ENV.pop("GMSD_FAST_DEBUG", None)
NAME = "WMO_H22025_a.csv"
STDIN_CLASH = "is het bestand dat op standaardinvoer wordt gelezen"
SAME = "is hetzelfde bestand als de invoer"
TWICE = "zijn hetzelfde bestand"
BACKUP = "is een reservekopie die --in-place van"


def gmsd(
    *args: str | Path, stdin: Path | None = None, stdout: Path | int | None = None, cwd: Path | None = None
) -> tuple[int, bytes, str]:
    """`python -m gmsd_fast` with standard input read from `stdin` and standard output
    appended to `stdout` (`>>`, which does not empty the file first, as `>` would) or written
    to the file descriptor `stdout`."""
    with (
        open(stdin or os.devnull, "rb") as given,
        open(stdout, "ab") if isinstance(stdout, Path) else contextlib.nullcontext(stdout) as taken,
    ):
        done = subprocess.run(
            [sys.executable, "-m", "gmsd_fast", *map(str, args)],
            stdin=given,
            stdout=subprocess.PIPE if taken is None else taken,
            stderr=subprocess.PIPE,
            env=ENV,
            cwd=cwd,
            timeout=120,
            check=False,
        )
    return done.returncode, done.stdout or b"", done.stderr.decode()


def refused(code: int, err: str, fragment: str) -> None:
    assert code == 2, err
    assert err.startswith("gmsd-fast: ") and err.count("\n") == 1 and fragment in err, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


# ---- standard input redirected from a file --------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["check", "-", "--name", NAME],
        ["check", "-", "--name", NAME, "--format", "json"],
        ["check", "-", "--name", NAME, "--format", "xlsx"],
        ["report", "-", "--name", NAME],
        ["fix", "-", "--name", NAME],
        ["fix", "-", "--name", NAME, "--format", "json", "--log"],
    ],
    ids=lambda args: "-".join(a for a in args if a in ("check", "report", "fix", "json", "xlsx", "--log")),
)
def test_the_file_on_standard_input_is_never_an_output(tmp_path: Path, args: list[str]) -> None:
    """`check - --name … -o a.csv < a.csv` replaced the delivery file with the report, and
    `fix - -o s.csv < s.csv` replaced it without a backup: the device and inode of fd 0 are
    compared with every output, however it is spelled."""
    delivery = tmp_path / NAME
    delivery.write_bytes(ERRORS.read_bytes())
    (tmp_path / "link.csv").symlink_to(delivery)
    os.link(delivery, tmp_path / "hard.csv")
    before = snapshot(tmp_path)
    dotted = tmp_path / ".." / tmp_path.name / NAME
    for spelled in (delivery, tmp_path / "link.csv", tmp_path / "hard.csv", dotted):
        option = [] if args[-1] == "--log" else ["-o"]
        extra = ["-o", str(tmp_path / "uit.csv")] if args[-1] == "--log" else []
        code, _, err = gmsd(*args, *option, spelled, *extra, stdin=delivery)
        refused(code, err, STDIN_CLASH)
        assert snapshot(tmp_path) == before, spelled


def test_standard_output_redirected_to_an_input_is_refused(tmp_path: Path) -> None:
    """`check a.csv >> a.csv` (or `check - < a.csv >> a.csv`) would write the report into the
    delivery file it reads."""
    delivery = tmp_path / NAME
    delivery.write_bytes(ERRORS.read_bytes())
    for args, stdin in (
        (["check", delivery], None),
        (["check", "--format", "jsonl", delivery], None),
        (["report", delivery], None),
        (["fix", delivery, "-o", tmp_path / "uit.csv"], None),
        (["check", "-", "--name", NAME], delivery),
        (["fix", "-", "--name", NAME, "-o", "-"], delivery),
    ):
        code, _, err = gmsd(*args, stdin=stdin, stdout=delivery, cwd=tmp_path)
        refused(code, err, "standaarduitvoer")
        assert delivery.read_bytes() == ERRORS.read_bytes()
        assert sorted(p.name for p in tmp_path.iterdir()) == [NAME]


def test_standard_input_from_another_file_may_be_written_anywhere(tmp_path: Path) -> None:
    source = tmp_path / NAME
    source.write_bytes(ERRORS.read_bytes())
    out = tmp_path / "WMO_H22025_hersteld.csv"
    code, _, err = gmsd("fix", "-", "--name", NAME, "-o", out, stdin=source)
    assert code == 1 and out.exists(), err
    code, _, err = gmsd("check", "-", "--name", NAME, "-o", tmp_path / "meldingen.txt", stdin=source)
    assert code == 1 and (tmp_path / "meldingen.txt").read_text().count("AFGEKEURD") == 1


# ---- two outputs, backups -----------------------------------------------------------------


def test_no_two_outputs_are_one_file(cli: CliRun, tmp_path: Path) -> None:
    """`fix b.csv -o out.csv --log out.csv` wrote the log over the repaired file."""
    source = tmp_path / NAME
    source.write_bytes(ERRORS.read_bytes())
    out = tmp_path / "WMO_H22025_uit.csv"
    out.write_bytes(b"an older repair\n")
    os.link(out, tmp_path / "hard.csv")
    before = snapshot(tmp_path)
    for log in (out, tmp_path / ".." / tmp_path.name / out.name, tmp_path / "hard.csv"):
        code, stdout, err = cli("fix", str(source), "-o", str(out), "--log", str(log), "--format", "json")
        refused(code, err, TWICE)
        assert stdout == "" and snapshot(tmp_path) == before
    code, _, err = cli("fix", str(source), "-o", "-", "--log", "-", "--format", "json", "--lang", "en")
    refused(code, err, "--output - (standard output) and --log - (standard output) are the same file")
    # A folder of outputs: the log may not be one of them either.
    folder = tmp_path / "hersteld"
    code, _, err = cli("fix", str(source), str(ERRORS), "-o", str(folder), "--log", str(folder / NAME))
    refused(code, err, TWICE)
    assert not folder.exists(), "nothing is made before the outputs are known to be fine"


def test_no_output_is_a_backup(cli: CliRun, tmp_path: Path) -> None:
    """`--in-place --log NAME.bak` wrote the log over the backup: the only copy of the original."""
    source = tmp_path / NAME
    source.write_bytes(ERRORS.read_bytes())
    older = tmp_path / f"{NAME}.bak"
    for log in (older, tmp_path / f"{NAME}.2.bak"):
        code, _, err = cli("fix", "--in-place", str(source), "--log", str(log), "--format", "json")
        refused(code, err, BACKUP)
        assert snapshot(tmp_path) == {NAME: ERRORS.read_bytes()}
    older.write_bytes(b"the original of an earlier fix\n")
    code, _, err = cli("fix", "--in-place", str(tmp_path), "--log", str(older), "--format", "csv")
    refused(code, err, BACKUP)
    assert older.read_bytes() == b"the original of an earlier fix\n"
    # Another name is fine: the fix is made, the backup kept, the log written.
    log = tmp_path / "log.json"
    code, _, _ = cli("fix", "--in-place", str(source), "--log", str(log), "--format", "json")
    assert code == 1 and log.exists() and (tmp_path / f"{NAME}.2.bak").read_bytes() == ERRORS.read_bytes()


# ---- `-` is standard output --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "csv", "junit", "parquet", "xlsx"])
def test_dash_is_standard_output_in_check(tmp_path: Path, fmt: str) -> None:
    code, out, err = gmsd("check", "--format", fmt, "-o", "-", ERRORS, cwd=tmp_path)
    assert code == 1, err
    assert list(tmp_path.iterdir()) == [], "no file named -"
    if fmt == "parquet":
        (tmp_path / "x.parquet").write_bytes(out)
        assert pq.read_table(tmp_path / "x.parquet").num_rows > 10
    elif fmt == "xlsx":
        (tmp_path / "x.xlsx").write_bytes(out)
        assert "xl/workbook.xml" in zipfile.ZipFile(tmp_path / "x.xlsx").namelist()
    else:
        assert b"F015" in out


def test_dash_is_standard_output_in_report_and_fix(tmp_path: Path) -> None:
    code, out, _ = gmsd("report", "--format", "html", "-o", "-", ERRORS, cwd=tmp_path)
    assert code == 1 and out.rstrip().endswith(b"</html>")
    out_csv = tmp_path / "WMO_H22025_x.csv"
    code, out, err = gmsd("fix", ERRORS, "-o", out_csv, "--format", "jsonl", "--log", "-", cwd=tmp_path)
    assert code == 1 and b'"rule":"F003"' in out.replace(b" ", b""), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["WMO_H22025_x.csv"]


# ---- special targets ------------------------------------------------------------------------


def test_fix_writes_a_device_directly(cli: CliRun) -> None:
    """`fix -o /dev/null` wrote the data and then exited 2 blaming the input ("is not a
    regular file"): the output is checked as it is written, under the input's name."""
    code, out, err = cli("fix", str(VALID), "-o", os.devnull, "--lang", "en")
    assert (code, err) == (0, "")
    assert f"{VALID} → {os.devnull}" in out and "ACCEPTED" in out


def read_fifo(fifo: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(fifo, "rb") as fp:
            into.append(fp.read())

    thread = threading.Thread(target=read)
    thread.start()
    return thread


def test_fix_and_check_write_a_fifo_directly(cli: CliRun, tmp_path: Path) -> None:
    expected = tmp_path / "WMO_H22025_verwacht.csv"
    assert cli("fix", str(ERRORS), "-o", str(expected))[0] == 1
    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = read_fifo(fifo, got)
    code, _, err = cli("fix", str(ERRORS), "-o", str(fifo))
    reader.join(30)
    assert code == 1 and err == ""
    assert got == [expected.read_bytes()]
    reader = read_fifo(fifo, got)
    code, _, err = cli("check", str(ERRORS), "--format", "xlsx", "-o", str(fifo))
    reader.join(30)
    assert code == 1 and err == "" and got[1].startswith(b"PK\x03\x04")
    (tmp_path / "w.xlsx").write_bytes(got[1])
    assert "xl/workbook.xml" in zipfile.ZipFile(tmp_path / "w.xlsx").namelist()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["WMO_H22025_verwacht.csv", "pijp", "w.xlsx"]


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout")
def test_a_piped_dev_stdout_is_written_directly(tmp_path: Path) -> None:
    expected = tmp_path / "WMO_H22025_verwacht.csv"
    gmsd("fix", ERRORS, "-o", expected)
    code, out, err = gmsd("fix", ERRORS, "-o", "/dev/stdout", "--log", tmp_path / "log.txt")
    assert (code, err) == (1, "")
    assert out == expected.read_bytes()
    archive = tmp_path / "levering.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(NAME, ERRORS.read_bytes())
    code, out, err = gmsd("fix", archive, "-o", "/dev/stdout", "--log", tmp_path / "log.txt")
    assert (code, err) == (1, "")
    (tmp_path / "uit.zip").write_bytes(out)
    with zipfile.ZipFile(tmp_path / "uit.zip") as zf:
        assert zf.read(NAME) == expected.read_bytes()
