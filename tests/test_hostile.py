"""Hostile inputs through the CLI, end to end, each with a defined outcome in bounded time and
memory: an exit code plus rule codes, or exit 2 with one line on stderr. Every run also
checks that neither stdout nor stderr shows a full BSN from the content.

Decisions: a directory is a folder of files to check, whatever its name (`x.csv/` too); a
folder with nothing to check is a usage error (exit 2). A path that is neither a folder nor
a regular file (FIFO, device, socket) is refused with exit 2 before it is opened, so a FIFO
without a writer or `/dev/zero` cannot hang the check.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT, VALID
from .test_inputs import make_zip, patch_headers, write_symlink_member

NAME = "WMO_H22025_gemeente.csv"
VALID_BYTES = VALID.read_bytes()
HEADER = VALID_BYTES.split(b"\n", 1)[0] + b"\n"
# Generated BSNs that pass the elfproef, planted in hostile content.
BSNS = ["111222333", "123456782", "246813572"]
RECORD = (
    b"202601200915;0014;111222333;0001;20250101;20261231;4;0001;20250108;;"
    b"0000000240001101;00000003;04;2;04;00000078;;\n"
)
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "python")}
ENV.pop("GMSD_FAST_DEBUG", None)
BSN_RUN = re.compile(r"(?<!\d)\d{9}(?!\d)")


def elfproef(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0 and digits != "000000000"


def assert_no_bsn(text: str) -> None:
    leaked = [run for run in BSN_RUN.findall(text) if elfproef(run)]
    assert not leaked, f"BSN shown: {leaked}"


def gmsd(*args: str | Path, timeout: float = 60, user: list[str] | None = None) -> tuple[int, str, str]:
    """Runs `python -m gmsd_fast` in a subprocess; a hang fails the test through the timeout."""
    command = [*(user or []), sys.executable, "-m", "gmsd_fast", *map(str, args)]
    done = subprocess.run(command, capture_output=True, text=True, env=ENV, timeout=timeout, check=False)
    assert_no_bsn(done.stdout)
    assert_no_bsn(done.stderr)
    return done.returncode, done.stdout, done.stderr


def check_json(path: Path | str, *args: str, timeout: float = 60) -> tuple[int, dict[str, int], str]:
    """Exit code, rule counts of the only file, stderr."""
    code, out, err = gmsd("check", "--format", "json", *args, path, timeout=timeout)
    assert code in (0, 1), err
    (entry,) = json.loads(out)["files"]
    return code, entry["counts"], err


def one_line_error(code: int, err: str, *fragments: str) -> None:
    assert code == 3  # an input that cannot be read (I/O)
    assert err.count("\n") == 1 and err.startswith("gmsd-fast: "), err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err


def write(tmp_path: Path, data: bytes, name: str = NAME) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- content the core sees -------------------------------------------------------------


UTF16 = "\ufeff".encode("utf-16-le") + (HEADER + RECORD).decode().encode("utf-16-le")


@pytest.mark.parametrize(
    ("label", "data", "counts"),
    [
        ("empty file", b"", {"S001": 1}),
        ("header only", HEADER, {"S006": 1}),
        # Decoded and checked: the content is valid, so S002 (saved as UTF-16) is all there is.
        ("utf-16 with BOM", UTF16, {"S002": 1}),
        ("NUL bytes in the header", HEADER.replace(b";", b"\x00", 1) + RECORD, {"S002": 1, "S005": 1}),
        ("NUL bytes in a record", HEADER + RECORD.replace(b"0014", b"\x00\x00\x00\x00"), {"F006": 1}),
        ("zip renamed to .csv", b"PK\x03\x04" + bytes(60), {"S002": 1, "S005": 1, "S006": 1, "S010": 1}),
        ("CR-only line ends", (HEADER + RECORD * 3).replace(b"\n", b"\r"), {"S005": 1, "S006": 1, "S010": 1}),
        ("CR-only, long", (HEADER + RECORD * 60).replace(b"\n", b"\r"), {"S006": 1, "S010": 1, "S011": 1}),
    ],
)
def test_malformed_content_is_rejected_with_its_rule(
    tmp_path: Path, label: str, data: bytes, counts: dict[str, int]
) -> None:
    code, found, err = check_json(write(tmp_path, data))
    assert (code, found, err) == (1, counts, ""), label


def test_cp1252_header_is_only_counted(tmp_path: Path) -> None:
    header = HEADER.decode().encode("cp1252")
    assert b"\xeb" in header  # the ë of "Reden beëindiging", not valid UTF-8
    code, counts, _ = check_json(write(tmp_path, header + VALID_BYTES.split(b"\n", 1)[1]))
    # CBS reads ANSI: advice only (S014), never a rejection.
    assert (code, counts) == (0, {"S014": 1})


def test_random_bytes_are_rejected_without_error(tmp_path: Path) -> None:
    rng = random.Random(20251231)
    for size in (1, 17, 4096, 1 << 20):
        data = rng.randbytes(size)
        code, out, err = gmsd("check", write(tmp_path, data))
        assert code == 1, (size, err)
        assert err == ""
        assert out


def test_random_bytes_around_bsns_never_show_them(tmp_path: Path) -> None:
    rng = random.Random(7)
    alphabet = b"0123456789;;;\n\r\x00 ,.\"'x\xeb"
    rows = []
    for _ in range(300):
        noise = bytes(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        rows.append(noise + rng.choice(BSNS).encode() + noise[::-1])
    path = write(tmp_path, HEADER + RECORD + b"\n".join(rows) + b"\n")
    for fmt in ("text", "json", "jsonl", "csv"):
        code, _, _ = gmsd("check", "--format", fmt, "--max-per-rule", "1000", path)  # asserts no BSN shown
        assert code == 1


def test_single_200_mb_line_streams_in_little_memory(tmp_path: Path) -> None:
    path = tmp_path / NAME
    block = b"1" * (1 << 20)
    with path.open("wb") as out:
        out.write(HEADER)
        for _ in range(200):
            out.write(block)
        out.write(b"\n")
    # A fresh parent, so RUSAGE_CHILDREN holds only this CLI run.
    probe = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120)\n"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stdout.write(done.stdout)\n"
    )
    command = [
        sys.executable,
        "-c",
        probe,
        sys.executable,
        "-m",
        "gmsd_fast",
        "check",
        "--format",
        "json",
        str(path),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=ENV, timeout=150, check=True)
    finally:
        path.unlink()
    status, report = done.stdout.split("\n", 1)
    code, max_rss_kib = map(int, status.split())
    (entry,) = json.loads(report)["files"]
    assert code == 1
    assert entry["counts"] == {"S011": 1}, entry["counts"]
    assert max_rss_kib < 200 * 1024, f"peak memory {max_rss_kib // 1024} MB"


def test_five_million_blank_lines_are_counted_exactly(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + RECORD + b"\n" * 5_000_000)
    code, counts, _ = check_json(path, timeout=60)
    assert code == 1
    assert counts == {"S009": 5_000_000}


# --- paths that are not files ----------------------------------------------------------


def test_directory_named_like_a_csv_is_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "x.csv"
    folder.mkdir()
    code, _, err = gmsd("check", folder)
    one_line_error(code, err, "geen csv-, txt- of zip-bestanden gevonden in", str(folder))
    shutil.copy(VALID, folder / VALID.name)
    code, out, err = gmsd("check", "--format", "json", folder)
    assert (code, err) == (0, "")
    assert [f["verdict"] for f in json.loads(out)["files"]] == ["accepted"]


def test_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / NAME
    os.mkfifo(fifo)
    code, _, err = gmsd("check", fifo, timeout=30)
    one_line_error(code, err, "is geen gewoon bestand", str(fifo))
    code, _, err = gmsd("check", "--lang", "en", fifo, timeout=30)
    one_line_error(code, err, "is not a regular file")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_device_is_refused_without_hanging(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    code, _, err = gmsd("check", device, timeout=30)
    one_line_error(code, err, "is geen gewoon bestand", device)


def test_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / NAME
    link.symlink_to("/dev/zero")
    code, _, err = gmsd("check", link, timeout=30)
    one_line_error(code, err, "is geen gewoon bestand")


@pytest.fixture
def unreadable(tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    """A file without read permission, and how to run the CLI so that the bits count. Root
    reads anything, so as root the CLI runs without the capabilities that let it
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), through setpriv."""
    path = write(tmp_path, VALID_BYTES)
    path.chmod(0)
    user: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root without setpriv: covered by the monkeypatched test in test_cli.py")
        user = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
        probe = subprocess.run([*user, "cat", str(path)], capture_output=True, check=False)
        if probe.returncode == 0:
            pytest.skip("cannot drop the capability to read anything here")
    yield path, user
    path.chmod(0o600)


def test_file_without_read_permission_exits_3(unreadable: tuple[Path, list[str]]) -> None:
    path, user = unreadable
    code, _, err = gmsd("check", path, user=user)
    one_line_error(code, err, "geen leesrechten voor", str(path))
    code, _, err = gmsd("check", "--lang", "en", path, user=user)
    one_line_error(code, err, "permission denied")
    folder = path.parent / "levering"
    folder.mkdir()
    folder.chmod(0)
    try:
        code, _, err = gmsd("check", folder, user=user)
    finally:
        folder.chmod(0o700)
    one_line_error(code, err, "geen leesrechten voor", str(folder))


# --- zip archives, end to end ----------------------------------------------------------


def _bomb(tmp_path: Path) -> Path:
    return make_zip(tmp_path / "bom.zip", {"WMO_H22025_x.csv": bytes(50_000_000)})


def _lying_bomb(tmp_path: Path) -> Path:
    archive = _bomb(tmp_path)
    patch_headers(archive, (22, 24), "<I", 1_000_000)  # declares 1 MB uncompressed
    return archive


def _traversal(tmp_path: Path) -> Path:
    return make_zip(tmp_path / "a.zip", {"../WMO_H22025_evil.csv": VALID_BYTES})


def _symlink(tmp_path: Path) -> Path:
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        write_symlink_member(zf, "WMO_H22025_x.csv")
    return archive


def _encrypted(tmp_path: Path) -> Path:
    archive = make_zip(tmp_path / "a.zip", {"WMO_H22025_x.csv": VALID_BYTES}, zipfile.ZIP_STORED)
    patch_headers(archive, (6, 8), "<H", lambda bits: bits | 0x1)
    return archive


def _damaged(tmp_path: Path) -> Path:
    archive = make_zip(tmp_path / "a.zip", {"WMO_H22025_x.csv": HEADER + RECORD * 50}, zipfile.ZIP_STORED)
    data = bytearray(archive.read_bytes())
    at = data.find(RECORD) + len(RECORD) * 10
    data[at : at + 9] = b"246813572"  # a BSN in the damaged part: the CRC no longer matches
    archive.write_bytes(bytes(data))
    return archive


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (_bomb, "zip-bom"),
        (_lying_bomb, "zip"),
        (_traversal, "'..'"),
        (_symlink, "snelkoppeling"),
        (_encrypted, "wachtwoord"),
        (_damaged, "beschadigd"),
    ],
)
def test_hostile_zip_members_are_l004_findings(tmp_path: Path, make: object, fragment: str) -> None:
    archive = make(tmp_path)  # type: ignore[operator]
    code, out, err = gmsd("check", "--format", "json", archive, timeout=60)
    assert (code, err) == (1, "")
    problems = [f for entry in json.loads(out)["files"] for f in entry["findings"] if f["rule"] == "L004"]
    assert problems, out
    assert any(fragment in f["message"] for f in problems), problems
    for f in problems:
        assert "\n" not in f["message"]
    code, out, err = gmsd("check", archive, timeout=60)  # the text report too
    assert (code, err) == (1, "")


# --- failing runs: one line, no BSN ----------------------------------------------------


def test_usage_errors_after_reading_content_show_no_bsn(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + RECORD.replace(b"111222333", BSNS[1].encode()) * 3)
    for args in (
        ("--select", "X999"),
        ("--period", "2025"),
        ("--protocol", "H11999"),
        ("--format", "parquet"),
        ("--output", str(tmp_path / "missing" / "out.json")),
    ):
        code, _, err = gmsd("check", *args, path)
        assert code == (3 if args[0] == "--output" else 2), (args, err)  # 3: an output not written
        assert err.count("\n") == 1 and "Traceback" not in err
        assert BSNS[1] not in err
