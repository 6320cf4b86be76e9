"""Lose no data: every file gmsd-fast writes is complete or not there, an output never lands on
an input, and a write that fails says why in one line (exit 2), leaving the target as it was
and no temporary file behind."""

from __future__ import annotations

import errno
import json
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from gmsd_fast import files

from .conftest import ERRORS, ROOT, VALID, CliRun
from .test_inputs import make_zip

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "python")}
ENV.pop("GMSD_FAST_DEBUG", None)

CHECK_FORMATS = ("text", "json", "jsonl", "csv", "parquet")
REPORT_FORMATS = ("text", "json", "html")


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def assert_refused(code: int, out: str, err: str, fragment: str) -> None:
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and fragment in err, err


# ---- Never write onto an input ------------------------------------------------------------


@pytest.fixture
def delivery(tmp_path: Path) -> Path:
    """A folder with a file and a zip, and an unrelated folder beside it."""
    folder = tmp_path / "levering"
    folder.mkdir()
    (folder / VALID.name).write_bytes(VALID.read_bytes())
    make_zip(folder / "regio.zip", {ERRORS.name: ERRORS.read_bytes()})
    (tmp_path / "elders").mkdir()
    return folder


SAME = "is hetzelfde bestand als de invoer"
IN_FOLDER = "zou in de invoermap"


def spellings(delivery: Path) -> list[tuple[str, str, str, str]]:
    """(input given, output given, what it is, the refusal): the same file, however spelled,
    or a file an input folder reads."""
    csv = delivery / VALID.name
    zip_ = delivery / "regio.zip"
    link = delivery.parent / "link.csv"
    link.symlink_to(csv)
    hard = delivery.parent / "hard.csv"
    os.link(csv, hard)
    dotted = delivery.parent / "elders" / ".." / delivery.name / VALID.name
    return [
        (str(csv), str(csv), "the file itself", SAME),
        (str(csv), str(dotted), "through ..", SAME),
        (str(csv), str(link), "a symbolic link to it", SAME),
        (str(link), str(csv), "the file a symbolic link input points to", SAME),
        (str(csv), str(hard), "a hard link to it", SAME),
        (str(zip_), str(zip_), "a zip input", SAME),
        (str(delivery), str(csv), "a file of a folder input", IN_FOLDER),
        (str(delivery), str(zip_), "a zip of a folder input", IN_FOLDER),
        (str(delivery.parent / "elders" / ".."), str(hard), "a folder input spelled with ..", IN_FOLDER),
    ]


@pytest.mark.parametrize("command", ["check", "report"])
def test_output_onto_an_input_is_refused_before_reading(cli: CliRun, delivery: Path, command: str) -> None:
    fmt = "csv" if command == "check" else "html"
    for given, output, what, refusal in spellings(delivery):
        before = listing(delivery)
        code, out, err = cli(command, given, "--format", fmt, "-o", output)
        assert_refused(code, out, err, refusal)
        assert listing(delivery) == before, what


def test_output_into_an_input_folder_is_refused(cli: CliRun, delivery: Path) -> None:
    before = listing(delivery)
    for name in ("bevindingen.csv", "rapport.TXT", "nieuw.zip"):
        code, out, err = cli(
            "check", str(delivery), "--format", "csv", "-o", str(delivery / name), "--lang", "en"
        )
        assert_refused(code, out, err, "would be in the input folder")
        assert listing(delivery) == before, name
    # A file the folder would not read may go there: another extension, or hidden.
    for name in ("bevindingen.json", ".bevindingen.csv"):
        code, _, _ = cli("check", str(delivery), "--format", "json", "-o", str(delivery / name))
        assert code == 1  # regio.zip holds the file full of mistakes
        assert (delivery / name).stat().st_size > 0
        (delivery / name).unlink()
    assert listing(delivery) == before


def test_output_onto_previous_or_centrumgemeenten_is_refused(
    cli: CliRun, delivery: Path, tmp_path: Path
) -> None:
    previous = tmp_path / "vorige.zip"
    make_zip(previous, {VALID.name: VALID.read_bytes()})
    centrum = tmp_path / "centrum.txt"
    centrum.write_text("0363\n")
    for target in (previous, centrum):
        before = target.read_bytes()
        code, out, err = cli(
            "report", str(delivery), "--previous", str(previous), "--centrumgemeenten", str(centrum),
            "--format", "json", "-o", str(target),
        )  # fmt: skip
        assert_refused(code, out, err, "is hetzelfde bestand als de invoer")
        assert target.read_bytes() == before


# ---- Atomic outputs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "fmt"), [*(("check", f) for f in CHECK_FORMATS), *(("report", f) for f in REPORT_FORMATS)]
)
def test_every_output_replaces_the_target_whole(cli: CliRun, tmp_path: Path, command: str, fmt: str) -> None:
    target = tmp_path / "uit" / "resultaat"
    target.parent.mkdir()
    target.write_bytes(b"old")
    target.chmod(0o640)
    code, out, _ = cli(command, str(ERRORS), "--format", fmt, "-o", str(target))
    assert code == 1 and out == ""
    assert listing(target.parent).keys() == {"resultaat"}, "a temp file was left"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640, "the target keeps its permissions"
    if fmt == "parquet":
        assert pq.read_table(target).num_rows > 0
        return
    text = target.read_text(encoding="utf-8")
    if fmt == "json":
        json.loads(text)
    elif fmt == "jsonl":
        assert all(json.loads(line) for line in text.splitlines())
    elif fmt == "csv":
        assert text.startswith('"file","line",')
    elif fmt == "html":
        assert text.rstrip().endswith("</html>")
    else:
        assert "AFGEKEURD" in text


def test_output_through_a_symbolic_link_replaces_the_file_it_points_to(cli: CliRun, tmp_path: Path) -> None:
    real = tmp_path / "echt.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert cli("check", str(VALID), "--format", "json", "-o", str(link))[0] == 0
    assert link.is_symlink() and link.resolve() == real
    assert '"files"' in real.read_text()


def test_output_to_a_device_is_written_directly(cli: CliRun) -> None:
    assert cli("check", str(ERRORS), "--format", "json", "-o", os.devnull)[0] == 1
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_generate_replaces_its_target_whole(cli: CliRun, tmp_path: Path) -> None:
    target = tmp_path / "WMO_H22025_x.csv"
    target.write_bytes(b"old")
    code, _, _ = cli("generate", str(target), "--rows", "100")
    assert code == 0 and target.read_bytes().count(b"\n") == 101
    code, _, err = cli("generate", str(target), "--rows", "100", "--period", "H52025")
    assert code == 2 and err.count("\n") == 1
    assert target.read_bytes().count(b"\n") == 101, "a refused run leaves the target"
    assert listing(tmp_path).keys() == {target.name}


def test_replacing_removes_the_temp_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "uit.json"
    target.write_text("good")
    with pytest.raises(RuntimeError), files.open_replacing(str(target)) as handle:
        handle.write("half")
        raise RuntimeError("broken writer")
    assert listing(tmp_path) == {"uit.json": b"good"}


# ---- Failed writes, in the user's words ---------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        *(["check", str(ERRORS), "--format", f] for f in CHECK_FORMATS),
        *(["report", str(ERRORS), "--format", f] for f in REPORT_FORMATS),
        ["generate", "--rows", "1000"],
    ],
    ids=lambda args: f"{args[0]}-{args[-1]}",
)
def test_disk_full_is_one_line_and_exit_3(cli: CliRun, args: list[str]) -> None:
    """`/dev/full` fails every write with ENOSPC, as a full disk does; being a device it is
    written directly, not replaced (as root, a rename would replace the device)."""
    args = ["generate", "/dev/full", *args[1:]] if args[0] == "generate" else [*args, "-o", "/dev/full"]
    for lang, words in (("nl", "gmsd-fast: kan /dev/full niet schrijven: de schijf is vol\n"),
                        ("en", "gmsd-fast: cannot write /dev/full: the disk is full\n")):  # fmt: skip
        code, _, err = cli(*args, "--lang", lang)
        assert (code, err) == (3, words)
        assert "internal" not in err and "interne" not in err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode), "the device is still a device"


def test_a_write_that_fails_halfway_leaves_the_target_and_no_temp_file(tmp_path: Path) -> None:
    """A real write error on a regular file, without privileges: a file size limit
    (RLIMIT_FSIZE) that the output outgrows. The write fails with EFBIG."""
    many_findings = tmp_path / ERRORS.name
    many_findings.write_bytes(ERRORS.read_bytes() + ERRORS.read_bytes().split(b"\n", 1)[1] * 300)
    outputs = tmp_path / "uit"
    outputs.mkdir()
    for args in (
        ["check", many_findings, "--format", "json", "--max-per-rule", "100000"],
        ["report", many_findings, "--format", "html"],
        ["generate", "--rows", "100000"],
    ):
        target = outputs / f"{args[0]}.out"
        target.write_bytes(b"the previous output\n")
        command = [sys.executable, "-m", "gmsd_fast", *map(str, args)]
        command += [str(target)] if args[0] == "generate" else ["-o", str(target)]
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=ENV,
            timeout=120,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000)),
            check=False,
        )
        assert done.returncode == 3, done.stderr
        assert done.stderr == f"gmsd-fast: kan {target} niet schrijven: het bestand wordt te groot\n"
        assert listing(outputs)[target.name] == b"the previous output\n"
    assert len(listing(outputs)) == 3, "a temp file was left"


def test_permission_denied_is_one_line(cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root a folder's mode does not stop a write, so the refusal is simulated at the
    rename, the last step of a write."""

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), dst)

    monkeypatch.setattr(files.os, "replace", refuse)
    target = tmp_path / "uit.json"
    target.write_text("good")
    code, _, err = cli("check", str(VALID), "--format", "json", "-o", str(target), "--lang", "en")
    assert (code, err) == (3, f"gmsd-fast: cannot write {target}: permission denied\n")
    assert listing(tmp_path) == {"uit.json": b"good"}
