"""Names as they are: a file or zip member whose name is not UTF-8 (Latin-1 from an old share,
a zip without the UTF-8 flag) is checked like any other, shown with replacement characters
and opened by its bytes; its repair keeps the name's bytes. Control characters in a name
(an ESC sequence) are shown as their pictures, never sent to the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gmsd_fast.inputs import shown_name

from .conftest import ERRORS, ROOT, VALID

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "python")}
ENV.pop("GMSD_FAST_DEBUG", None)
LATIN1 = b"WMO_H22025_S\xfadwest.csv"  # Súdwest in Latin-1: no UTF-8
SHOWN = "WMO_H22025_S\ufffddwest.csv"
ESCAPE = "WMO_H22025_\x1b[31mrood\x1b[0m.csv"
ESCAPE_SHOWN = "WMO_H22025_\u241b[31mrood\u241b[0m.csv"


def gmsd(*args: str | bytes | Path, cwd: Path | None = None) -> tuple[int, bytes, bytes]:
    done = subprocess.run(
        [sys.executable, "-m", "gmsd_fast", *args],
        capture_output=True,
        env=ENV,
        cwd=cwd,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A delivery folder with a file named in Latin-1, one with an ESC sequence in its name and
    one named well."""
    delivery = tmp_path / "levering"
    delivery.mkdir()
    try:
        with open(os.fsencode(delivery) + b"/" + LATIN1, "wb") as fp:
            fp.write(ERRORS.read_bytes())
    except OSError:
        pytest.skip("the file system takes only UTF-8 names")
    (delivery / ESCAPE).write_bytes(VALID.read_bytes())
    (delivery / "WMO_H22025_goed.csv").write_bytes(VALID.read_bytes())
    return delivery


def latin1_zip(path: Path) -> Path:
    """A zip without the UTF-8 flag whose member names are Latin-1 bytes (and one with an ESC),
    as an old archiver writes them."""

    class Raw(zipfile.ZipInfo):
        raw = b""

        def _encodeFilenameFlags(self) -> tuple[bytes, int]:
            return self.raw, self.flag_bits & ~0x800

    with zipfile.ZipFile(path, "w") as zf:
        for raw, data in ((LATIN1, ERRORS.read_bytes()), (ESCAPE.encode(), VALID.read_bytes())):
            info = Raw(raw.decode("cp437"))
            info.raw = raw
            zf.writestr(info, data)
    return path


def raw_names(path: Path) -> list[tuple[bytes, int]]:
    """The member names as the zip holds them, with their UTF-8 flag."""
    with zipfile.ZipFile(path) as zf:
        return [
            (i.filename.encode("utf-8" if i.flag_bits & 0x800 else "cp437"), i.flag_bits & 0x800)
            for i in zf.infolist()
        ]


def no_escape(*outputs: bytes) -> None:
    for output in outputs:
        assert b"\x1b" not in output, output[:500]


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "csv", "junit", "parquet", "xlsx"])
def test_a_folder_with_names_not_utf8_is_checked(folder: Path, tmp_path: Path, fmt: str) -> None:
    """`check` of the folder stopped with "interne fout (UnicodeEncodeError …)"."""
    out = tmp_path / f"uit.{fmt}"
    args = ["check", "--format", fmt, str(folder)] + ([] if fmt == "text" else ["-o", str(out)])
    code, stdout, stderr = gmsd(*args)
    assert (code, stderr) == (1, b"")  # the file full of mistakes, and L001: three files of 0014
    no_escape(stdout, stderr)
    if fmt == "text":
        text = stdout.decode()
        assert SHOWN in text and ESCAPE_SHOWN in text and "GOEDGEKEURD" in text
    elif fmt in ("json", "jsonl", "csv", "junit"):
        text = out.read_text(encoding="utf-8")
        assert "S\ufffddwest" in text and "\u241b[31m" in text and "\x1b" not in text
    if fmt == "json":
        doc = json.loads(out.read_text())
        paths = {f["path"] for f in doc["files"]}
        assert paths == {str(folder / n) for n in (SHOWN, ESCAPE_SHOWN, "WMO_H22025_goed.csv")}
        assert doc["delivery"]["counts"] == {"L001": 1}


@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_a_folder_with_names_not_utf8_is_reported(folder: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"rapport.{fmt}"
    code, _, stderr = gmsd("report", "--format", fmt, str(folder), "-o", str(out))
    assert (code, stderr) == (1, b"")
    text = out.read_text(encoding="utf-8")
    assert "S\ufffddwest" in text and "\x1b" not in text


def test_a_folder_with_names_not_utf8_is_repaired_under_the_same_names(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "hersteld"
    code, stdout, stderr = gmsd("fix", str(folder), "-o", str(out))
    assert (code, stderr) == (1, b"")
    no_escape(stdout, stderr)
    assert SHOWN in stdout.decode()
    assert sorted(os.listdir(os.fsencode(out))) == sorted(os.listdir(os.fsencode(folder)))
    code, stdout, stderr = gmsd("fix", "--in-place", str(folder), "--lang", "en")
    assert (code, stderr) == (1, b"")
    assert f"{folder / SHOWN} (replaced; the original is in {folder / SHOWN}.bak)" in stdout.decode()
    assert os.path.exists(os.fsencode(folder) + b"/" + LATIN1 + b".bak")


def test_a_zip_without_the_utf8_flag_is_checked_and_repaired_under_the_same_names(tmp_path: Path) -> None:
    archive = latin1_zip(tmp_path / "levering.zip")
    code, stdout, stderr = gmsd("check", "-q", str(archive))
    assert (code, stderr) == (1, b"")
    no_escape(stdout)
    assert ESCAPE_SHOWN in stdout.decode()
    out = tmp_path / "hersteld.zip"
    code, stdout, stderr = gmsd("fix", str(archive), "-o", str(out))
    assert (code, stderr) == (1, b"")
    no_escape(stdout)
    assert raw_names(out) == raw_names(archive) == [(LATIN1, 0), (ESCAPE.encode(), 0)]
    with zipfile.ZipFile(archive) as before, zipfile.ZipFile(out) as after:
        assert after.read(after.infolist()[1]) == before.read(before.infolist()[1])  # nothing to repair


def test_a_utf8_member_name_without_the_flag_is_shown_as_utf8(tmp_path: Path) -> None:
    archive = tmp_path / "levering.zip"

    class Unflagged(zipfile.ZipInfo):
        def _encodeFilenameFlags(self) -> tuple[bytes, int]:
            return self.filename.encode("utf-8"), self.flag_bits & ~0x800

    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(Unflagged("WMO_H22025_Súdwest.csv"), VALID.read_bytes())
    code, stdout, _ = gmsd("check", "--format", "json", str(archive))
    assert code == 0
    assert [f["path"] for f in json.loads(stdout)["files"]] == [f"{archive}/WMO_H22025_Súdwest.csv"]


def test_control_characters_in_names_never_reach_the_terminal(tmp_path: Path) -> None:
    """Error lines name a path as they can show it, too."""
    missing = tmp_path / ESCAPE
    code, stdout, stderr = gmsd("check", str(missing))
    assert code == 3 and stdout == b""
    assert stderr.decode() == f"gmsd-fast: bestand niet gevonden: {tmp_path / ESCAPE_SHOWN}\n"
    code, _, stderr = gmsd("check", os.fsencode(tmp_path) + b"/" + LATIN1)
    assert code == 3 and "S\ufffddwest" in stderr.decode()


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_a_name_shown_holds_no_control_character_and_keeps_every_other(text: str) -> None:
    """A path given (Python's `shown_name`) is shown by the rule of a zip member's name (the
    core's): each control character (C0, DEL, C1) as one picture, nothing else changed."""
    shown = shown_name(text)
    assert len(shown) == len(text)
    assert not any(unicodedata.category(c) == "Cc" for c in shown)
    for was, now in zip(text, shown, strict=True):
        if unicodedata.category(was) != "Cc":
            assert now == was
        elif ord(was) < 0x20:
            assert now == chr(0x2400 + ord(was))
        else:
            assert now == ("\u2421" if was == "\x7f" else "\ufffd")


def test_a_name_that_is_not_utf8_is_shown_with_replacement_characters() -> None:
    assert shown_name(os.fsdecode(LATIN1)) == SHOWN
    assert shown_name(ESCAPE) == ESCAPE_SHOWN
