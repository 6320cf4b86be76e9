"""Say what was written: a stopped run names the files it replaced (with their backups) and
those it did not, never "nothing was written" when something was; every failed write is one
line in the user's language naming the output (exit 2); a reader that goes away (`| head`)
keeps the verdict's exit code."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import click
import pytest

from gmsd_fast import _gmsd_fast, fixing

from .conftest import ERRORS, ROOT, VALID, CliRun
from .test_targets import gmsd

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "python")}
ENV.pop("GMSD_FAST_DEBUG", None)
NAME = "WMO_H22025_a.csv"


# ---- a stop says what was written ---------------------------------------------------------


def test_a_stop_after_a_file_was_replaced_names_it_and_its_backup(
    cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interrupted just after the file was replaced (before the report): exit 130 and which
    file was replaced, with its backup; never "nothing was written"."""
    source = tmp_path / NAME
    source.write_bytes(ERRORS.read_bytes())
    real = fixing.fix_file

    def fixed_then_stopped(*args: object, **kwargs: object) -> fixing.FixResult:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        signals = click.get_current_context().obj
        signals.signum = signal.SIGINT
        signals.token.request()
        return result

    monkeypatch.setattr(fixing, "fix_file", fixed_then_stopped)
    code, out, err = cli("fix", "--in-place", str(source), "--lang", "en")
    assert (code, out) == (130, "")
    assert err == (
        f"gmsd-fast: interrupted by Ctrl-C (SIGINT); replaced: {source} (the original is in {source}.bak);"
        " not replaced: none\n"
    )
    assert (tmp_path / f"{NAME}.bak").read_bytes() == ERRORS.read_bytes()
    assert source.read_bytes() != ERRORS.read_bytes()
    code, _, err = cli("fix", str(ERRORS), str(VALID), "-o", str(tmp_path / "uit"))
    assert code == 130
    assert err == (
        f"gmsd-fast: afgebroken door Ctrl-C (SIGINT); geschreven: {tmp_path / 'uit' / ERRORS.name};"
        f" niet geschreven: {tmp_path / 'uit' / VALID.name}\n"
    )
    assert sorted(p.name for p in (tmp_path / "uit").iterdir()) == [ERRORS.name]


def test_a_stop_before_the_rename_leaves_the_file_and_no_backup(
    cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backup is made just before the new file is renamed into place: a stop in between
    leaves the original where it was, so the backup goes too (a `.bak` said otherwise)."""
    source = tmp_path / NAME
    source.write_bytes(ERRORS.read_bytes())
    real = fixing._keep_original

    def kept_then_stopped(path: str) -> str:
        backup = real(path)
        click.get_current_context().obj.token.request()
        return backup

    monkeypatch.setattr(fixing, "_keep_original", kept_then_stopped)
    code, _, err = cli("fix", "--in-place", str(source))
    assert (code, err) == (130, "gmsd-fast: afgebroken door Ctrl-C (SIGINT); er is niets geschreven\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME]
    assert source.read_bytes() == ERRORS.read_bytes()


@pytest.mark.skipif(not hasattr(os, "waitid"), reason="POSIX")
def test_an_interrupted_in_place_fix_of_a_folder_says_which_files_were_replaced(tmp_path: Path) -> None:
    """A real Ctrl-C once the first file of a folder has been replaced: exit 130, and the
    line names exactly the files replaced (each with its backup, which holds the original)
    and those not replaced (unchanged, without a backup)."""
    folder = tmp_path / "levering"
    folder.mkdir()
    first = folder / "WMO_H22025_1.csv"
    _gmsd_fast.generate(str(first), 600_000, seed=3, faulty_share=1.0)
    original = first.read_bytes()
    names = [f"WMO_H22025_{n}.csv" for n in range(1, 5)]
    for name in names[1:]:
        (folder / name).write_bytes(original)
    inode = first.stat().st_ino
    proc = subprocess.Popen(
        [sys.executable, "-m", "gmsd_fast", "fix", "--in-place", str(folder), "-q"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    deadline = time.monotonic() + 120
    while first.stat().st_ino == inode:  # replaced: a new file renamed onto the name
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.002)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert out == b""
    line = err.decode()
    assert (
        line.startswith("gmsd-fast: afgebroken door Ctrl-C (SIGINT); vervangen: ") and line.count("\n") == 1
    )
    done_part, rest_part = line.rstrip("\n").split("; vervangen: ")[1].split("; niet vervangen: ")
    replaced = [n for n in names if (folder / n).stat().st_ino != inode and (folder / f"{n}.bak").exists()]
    assert names[0] in replaced and len(replaced) < len(names), "stopped midway"
    assert done_part == ", ".join(f"{folder / n} (het origineel staat in {folder / n}.bak)" for n in replaced)
    assert rest_part == ", ".join(str(folder / n) for n in names if n not in replaced)
    for name in names:
        if name in replaced:
            assert (folder / f"{name}.bak").read_bytes() == original
            assert (folder / name).read_bytes() != original
        else:
            assert (folder / name).read_bytes() == original and not (folder / f"{name}.bak").exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted([*names, *(f"{n}.bak" for n in replaced)])


def test_a_signal_after_the_work_is_done_changes_nothing(tmp_path: Path) -> None:
    """Ctrl-C after the file was replaced and the report printed exited 130 without a word:
    once the run has ended, the process exits with its verdict."""
    source = tmp_path / NAME
    source.write_bytes(ERRORS.read_bytes())
    script = (
        "import os, signal, sys, time\n"
        "from gmsd_fast.cli import run\n"
        f"code = run(['fix', '--in-place', {str(source)!r}], final=True)\n"
        "os.kill(os.getpid(), signal.SIGINT)\n"
        "time.sleep(0.2)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, env=ENV, timeout=60, check=False
    )
    assert (done.returncode, done.stderr) == (1, b"")
    assert b"het origineel staat in" in done.stdout


# ---- a failed write is one line naming the output -------------------------------------------

FULL = "/dev/full"
STDOUT_FULL = {
    "nl": "gmsd-fast: kan standaarduitvoer niet schrijven: de schijf is vol\n",
    "en": "gmsd-fast: cannot write standard output: the disk is full\n",
}
TARGET_FULL = {
    "nl": "gmsd-fast: kan /dev/full niet schrijven: de schijf is vol\n",
    "en": "gmsd-fast: cannot write /dev/full: the disk is full\n",
}


@pytest.mark.skipif(not os.path.exists(FULL), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ["check", ERRORS],
        ["check", "--format", "json", ERRORS],
        ["check", "--format", "xlsx", "-o", "-", ERRORS],
        ["report", ERRORS],
        ["fix", ERRORS, "-o", "-"],
        ["fix", ERRORS, "--diff"],
        ["rules"],
        ["explain", "F015"],
    ],
    ids=lambda args: "-".join(str(a) for a in args[:3] if not str(a).startswith("/")),
)
def test_a_full_standard_output_is_one_line(args: list[str]) -> None:
    """`check FILE > /dev/full` gave "interne fout"; `fix -o - > /dev/full` said the input
    could not be read."""
    for lang in ("nl", "en"):
        with open(FULL, "wb") as full:
            code, _, err = gmsd(*args, "--lang", lang, stdout=full.fileno())
        assert (code, err) == (3, STDOUT_FULL[lang])


@pytest.mark.skipif(not os.path.exists(FULL), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "xlsx", ERRORS, "-o"],
        ["check", "--format", "parquet", ERRORS, "-o"],
        ["fix", ERRORS, "-o"],
        ["fix", "--format", "json", ERRORS, "--diff", "--log"],
        ["fix", "zip", "-o"],
        ["fix", "zip-of-a-valid-file", "-o"],
    ],
    ids=lambda args: "-".join(str(a) for a in args if not str(a).startswith("/")),
)
def test_a_full_disk_is_one_line_naming_the_output(cli: CliRun, tmp_path: Path, args: list[str]) -> None:
    """`check --format xlsx -o /dev/full` gave "interne fout" and a traceback. A zip's member
    is written anew (repaired) or copied as stored (valid): either way."""
    for kind, content in (("zip", ERRORS), ("zip-of-a-valid-file", VALID)):
        if kind in args:
            archive = tmp_path / "levering.zip"
            with zipfile.ZipFile(archive, "w") as zf:
                zf.writestr(NAME, content.read_bytes())
            args = [str(archive) if a == kind else a for a in args]
    for lang in ("nl", "en"):
        code, _, err = cli(*map(str, args), FULL, "--lang", lang)
        assert (code, err) == (3, TARGET_FULL[lang])


def test_a_closed_standard_output_is_one_line() -> None:
    for args in (["check", ERRORS], ["check", "--format", "csv", ERRORS], ["fix", ERRORS, "-o", "-"]):
        done = subprocess.run(
            [sys.executable, "-m", "gmsd_fast", *map(str, args), "--lang", "en"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=ENV,
            timeout=60,
            check=False,
            preexec_fn=lambda: os.close(1),
        )
        assert (done.returncode, done.stderr) == (
            3,
            b"gmsd-fast: cannot write standard output: it is closed\n",
        )


def test_an_output_name_near_the_limit_is_written_and_a_longer_one_is_one_line(
    cli: CliRun, tmp_path: Path
) -> None:
    """An output name near 255 bytes failed because its temporary name was longer (in
    English); one longer than the system allows is one line in the user's language."""
    longest = tmp_path / ("WMO_H22025_" + "x" * (255 - len("WMO_H22025_.csv")) + ".csv")
    for args in (["check", "--format", "json", str(ERRORS), "-o"], ["fix", str(ERRORS), "-o"]):
        code, _, err = cli(*args, str(longest))
        assert code == 1 and err == "" and longest.stat().st_size > 0
        longest.unlink()
    code, _, err = cli("generate", str(longest), "--rows", "10")
    assert code == 0 and err == "" and longest.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [longest.name]
    too_long = tmp_path / ("x" * 256 + ".csv")
    for args in (["check", "--format", "json", str(ERRORS), "-o"], ["fix", str(ERRORS), "-o"], ["generate"]):
        code, _, err = cli(*args, str(too_long))
        assert (code, err) == (3, f"gmsd-fast: kan {too_long} niet schrijven: de naam is te lang\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == [longest.name]


# ---- a reader that goes away ------------------------------------------------------------------


def gone_reader() -> int:
    """The write end of a pipe whose reader has gone already: the first write fails."""
    read, write = os.pipe()
    os.close(read)
    return write


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["report", VALID], 0),
        (["report", ERRORS], 1),
        (["check", VALID], 0),
        (["check", "--format", "jsonl", "--all", VALID, VALID], 1),  # two files of one gemeente: L001
        (["check", "--format", "json", "--all", VALID], 0),
        (["check", "--format", "csv", ERRORS], 1),
        (["check", "--format", "csv", "--exit-zero", ERRORS], 0),
        (["fix", VALID, "--diff"], 0),
        (["rules"], 0),
    ],
    ids=lambda value: (
        "-".join(str(a) for a in value if not str(a).startswith("/"))
        if isinstance(value, list)
        else str(value)
    ),
)
def test_a_reader_that_goes_away_keeps_the_verdicts_exit_code(args: list[str], code: int) -> None:
    """`report ok.csv | head -1` exited 1 for an accepted file."""
    write = gone_reader()
    try:
        got, _, err = gmsd(*args, stdout=write)
    finally:
        os.close(write)
    assert (got, err) == (code, "")


def test_a_diff_whose_reader_goes_away_does_not_stop_the_fix(tmp_path: Path) -> None:
    """`fix FILE -o OUT --diff | head`: the repaired file is still written, and the exit code
    is its verdict's (this spreadsheet round trip is repaired to an accepted file)."""
    source = ROOT / "tests" / "fixtures" / "WMO_H22025_voorbeeld_libreoffice.csv"
    out = tmp_path / "WMO_H22025_hersteld.csv"
    write = gone_reader()
    try:
        code, _, err = gmsd("fix", source, "-o", out, "--diff", stdout=write)
    finally:
        os.close(write)
    assert (code, err) == (0, "")
    assert out.read_bytes().split(b"\n", 1)[1] == VALID.read_bytes().split(b"\n", 1)[1].replace(
        b";02;\n", b";2;\n"
    )
