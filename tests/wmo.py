"""Small hand-made GMSD Wmo files for the report and delivery tests (generated BSNs only)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from .conftest import VALID

HEADER = VALID.read_bytes().split(b"\n", 1)[0].decode("utf-8").rstrip("\r")
UNKNOWN = "999999999"


def bsns(start: int = 10_000_000) -> Iterator[str]:
    """Nine-digit numbers that pass the elfproef (generated, not real people)."""
    base = start
    while True:
        digits = [int(c) for c in f"{base:08d}"]
        check = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True)) % 11
        if check < 10:
            yield f"{base:08d}{check}"
        base += 1


def record(
    gemeente: str,
    bsn: str,
    type_code: str,
    start: str,
    end: str = "",
    leveringsvorm: str = "4",
    nummer: int | None = None,
) -> str:
    """One record: type and dates in both the toewijzing and the daadwerkelijke fields."""
    nr = "" if nummer is None else f"{nummer:016d}"
    fields = ["202601200915", gemeente, bsn, type_code, start, end, leveringsvorm, type_code, start, end, nr]
    return ";".join(fields + [""] * 7)


def wmo_file(records: list[str]) -> bytes:
    return ("\r\n".join([HEADER, *records]) + "\r\n").encode("utf-8")


def write(path: Path, records: list[str]) -> Path:
    path.write_bytes(wmo_file(records))
    return path


def simple(gemeente: str, clients: int, type_code: str = "0002", first: int = 10_000_000) -> list[str]:
    """`clients` records of distinct clients, one voorziening each, all in H2 2025."""
    gen = bsns(first)
    return [
        record(gemeente, next(gen), type_code, "20250701", "20251130", nummer=i + 1) for i in range(clients)
    ]


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def example_record(**columns: str) -> str:
    """The first record of the bundled valid example with columns replaced (`c3="…"` is column 3)."""
    fields = VALID.read_text(encoding="utf-8").splitlines()[1].split(";")
    for index, value in columns.items():
        fields[int(index[1:]) - 1] = value
    return ";".join(fields)
