"""Property tests: generated valid files give no findings; one broken field gives a finding at
exactly its line and column; streamed, in-memory and threaded checks agree.

Valid rows follow `src/spec/data/H22025.toml` and docs/protocol.md for the period H22025
(1 July - 31 December 2025): elfproef BSNs, codes from the code lists, every record open in
the period, actual dates within the intended ones, intensity fields complete or empty.
Type codes with extra rules (0011-0014 material, 0015-family beschermd wonen, 0088 generic)
are left out of the valid rows: each has a rule of its own with its own tests.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gmsd_fast import ValidationResult, validate, validate_bytes, validate_stream

from .conftest import VALID

NAME = "WMO_H22025_test.csv"
HEADER = VALID.read_text(encoding="utf-8").splitlines()[0]
AANMAAK = "202601200915"
GEMEENTE = "0014"
PERIOD_FIRST = dt.date(2025, 7, 1)
PERIOD_LAST = dt.date(2025, 12, 31)
TYPES = [f"{n:04d}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 16, 17, 18)]
LEVERINGSVORM = ["2", "4", "6"]
EENHEID = ["01", "04", "14", "16", "82", "83", "84"]
FREQUENTIE = ["1", "2", "4", "6"]
REDEN_BEEINDIGING = ["02", "19", "20", "21", "22", "23", "31", "36", "37", "38", "39"]
REDEN_WIJZIGING = [f"{n:02d}" for n in range(2, 15)]
WIDTHS = [12, 4, 9, 4, 8, 8, 1, 4, 8, 8, 16, 8, 2, 1, 2, 8, 2, 2]
DATE_COLUMNS = {1, 5, 6, 9, 10}  # 1-based; column 1 is a date and time
# Code columns (1-based) and a value of the right width outside their list.
BAD_CODES = {4: "0099", 7: "9", 8: "0099", 13: "99", 14: "9", 15: "99", 17: "99", 18: "99"}


def elfproef(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0 and digits != "000000000"


def bsn_from(number: int) -> str:
    """The elfproef-valid BSN at or after the eight digits `number` (the check digit is added)."""
    while True:
        head = f"{number % 100_000_000:08d}"
        check = sum(int(d) * w for d, w in zip(head, range(9, 1, -1), strict=True)) % 11
        if check < 10 and elfproef(head + str(check)):
            return head + str(check)
        number += 1


BSNS = st.integers(0, 99_999_999).map(bsn_from)
DIGITS8 = st.integers(0, 99_999_999).map(lambda n: f"{n:08d}")
DIGITS16 = st.integers(10**15, 10**16 - 1).map(str)


def ymd(d: dt.date) -> str:
    return d.strftime("%Y%m%d")


@st.composite
def valid_rows(draw: st.DrawFn) -> list[str]:
    """One record, as its 18 fields."""
    day = st.integers(min_value=0, max_value=800)
    # Intended period: starts at the latest on the period's last day, ends in or after it.
    beoogd_start = PERIOD_LAST - dt.timedelta(days=draw(day))
    beoogd_end_min = max(beoogd_start, PERIOD_FIRST)
    beoogd_end = draw(st.none() | st.just(beoogd_end_min + dt.timedelta(days=draw(day))))
    actual = draw(st.booleans())
    start = end = None
    if actual:  # actual dates inside the intended ones and open in the period
        latest_start = min(PERIOD_LAST, beoogd_end or PERIOD_LAST)
        start = beoogd_start + dt.timedelta(days=draw(st.integers(0, (latest_start - beoogd_start).days)))
        if beoogd_end is not None and draw(st.booleans()):
            lo = max(start, PERIOD_FIRST)
            end = lo + dt.timedelta(days=draw(st.integers(0, (beoogd_end - lo).days)))
    type_code = draw(st.sampled_from(TYPES))
    beschikt = draw(st.booleans())
    geleverd = draw(st.booleans())
    ended = end is not None or beoogd_end is not None
    return [
        AANMAAK,
        GEMEENTE,
        draw(BSNS | st.just("999999999")),
        type_code,
        ymd(beoogd_start),
        ymd(beoogd_end) if beoogd_end else "",
        draw(st.sampled_from(LEVERINGSVORM)),
        type_code if actual else "",
        ymd(start) if start else "",
        ymd(end) if end else "",
        draw(st.just("") | DIGITS16),
        draw(DIGITS8) if beschikt else "",
        draw(st.sampled_from(EENHEID)) if beschikt else "",
        draw(st.sampled_from(FREQUENTIE)) if beschikt else "",
        draw(st.sampled_from(EENHEID)) if geleverd else "",
        draw(DIGITS8) if geleverd else "",
        draw(st.sampled_from(REDEN_BEEINDIGING)) if ended and draw(st.booleans()) else "",
        draw(st.just("") | st.sampled_from(REDEN_WIJZIGING)),
    ]


def to_file(rows: list[list[str]], crlf: bool = False) -> bytes:
    newline = "\r\n" if crlf else "\n"
    return (newline.join([HEADER, *(";".join(r) for r in rows)]) + newline).encode("utf-8")


def places(result: ValidationResult) -> set[tuple[int | None, int | None, str]]:
    table = result.findings
    return set(
        zip(
            table.column("line").to_pylist(),
            table.column("column").to_pylist(),
            table.column("rule").to_pylist(),
            strict=True,
        )
    )


def assert_same(a: ValidationResult, b: ValidationResult) -> None:
    assert (a.verdict, a.rows, a.lines, a.bytes) == (b.verdict, b.rows, b.lines, b.bytes)
    assert (a.gemeentecode, a.aanmaakdatum) == (b.gemeentecode, b.aanmaakdatum)
    assert a.counts == b.counts
    assert a.severity_counts == b.severity_counts
    assert a.findings.equals(b.findings)


FILES = st.lists(valid_rows(), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(rows=FILES, crlf=st.booleans())
def test_valid_rows_give_no_findings(rows: list[list[str]], crlf: bool) -> None:
    result = validate_bytes(to_file(rows, crlf), NAME, period="H22025")
    assert result.counts == {}, places(result)
    assert result.accepted
    assert result.rows == len(rows)


def mutate(field: str, column: int, how: str, data: st.DataObject) -> str:
    width = WIDTHS[column - 1]
    if how == "non-digit":
        text = field or "0" * width
        at = data.draw(st.integers(0, len(text) - 1), label="at")
        char = data.draw(st.sampled_from(list("xX ,.-+/'\"é\t")), label="char")
        return text[:at] + char + text[at + 1 :]
    if how == "width":
        return field + "0" if field else "0" * (width + 1)
    if how == "code":
        return BAD_CODES[column]
    if how == "date":
        return data.draw(st.sampled_from(["20250231", "20251301", "20250000", "19991232"]), label="date") + (
            "0915" if column == 1 else ""
        )
    assert how == "bsn"
    return field[:-1] + str((int(field[-1]) + 1) % 10)


MUTATIONS = st.sampled_from(["non-digit", "width", "code", "date", "bsn"])


@settings(max_examples=200, deadline=None)
@given(rows=FILES, how=MUTATIONS, data=st.data())
def test_one_broken_field_gives_a_finding_at_its_line_and_column(
    rows: list[list[str]], how: str, data: st.DataObject
) -> None:
    columns = {
        "non-digit": list(range(1, 19)),
        "width": list(range(1, 19)),
        "code": sorted(BAD_CODES),
        "date": sorted(DATE_COLUMNS),
        "bsn": [3],
    }[how]
    index = data.draw(st.integers(0, len(rows) - 1), label="row")
    column = data.draw(st.sampled_from(columns), label="column")
    if how == "bsn" and rows[index][2] == "999999999":
        rows[index][2] = "123456782"
    rows[index][column - 1] = mutate(rows[index][column - 1], column, how, data)
    line = index + 2  # the header is line 1
    result = validate_bytes(to_file(rows), NAME, period="H22025")
    found = places(result)
    assert any((ln, col) == (line, column) for ln, col, _ in found), (line, column, found)
    # Other lines only hear of it through the reference record (columns 1 and 2 of the first).
    elsewhere = {(ln, col, rule) for ln, col, rule in found if ln != line}
    if column in (1, 2) and index == 0:
        assert all(col == column for _, col, _ in elsewhere), elsewhere
    else:
        assert not elsewhere, elsewhere
    assert not result.accepted or column > 10


class ChunkedReader(io.RawIOBase):
    """A binary stream that returns at most the next of `sizes` bytes per read."""

    def __init__(self, data: bytes, sizes: list[int]) -> None:
        self._data = memoryview(data)
        self._sizes = sizes
        self._i = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        size = self._sizes[self._i % len(self._sizes)]
        self._i += 1
        n = min(size, len(buffer), len(self._data))
        buffer[:n] = self._data[:n]
        self._data = self._data[n:]
        return n


# Arbitrary lines around valid ones: blank lines, broken rows, CR, BOM, no final newline.
NOISE = st.sampled_from(["", "\r", "1;2;3", "x" * 300, ";" * 17, ";" * 18, "\ufeff", "\x00", '"a";"b"'])


@st.composite
def messy_files(draw: st.DrawFn) -> bytes:
    rows = draw(FILES)
    lines = [HEADER, *(";".join(r) for r in rows)]
    for _ in range(draw(st.integers(0, 6))):
        lines.insert(draw(st.integers(0, len(lines))), draw(NOISE))
    data = ("\n".join(lines) + draw(st.sampled_from(["\n", "\r\n", ""]))).encode("utf-8")
    return draw(st.sampled_from([b"", b"\xef\xbb\xbf"])) + data


@settings(max_examples=150, deadline=None)
@given(data=messy_files(), sizes=st.lists(st.integers(1, 64), min_size=1, max_size=20))
def test_stream_in_small_chunks_equals_bytes(data: bytes, sizes: list[int]) -> None:
    whole = validate_bytes(data, NAME, period="H22025", max_per_rule=5)
    streamed = validate_stream(ChunkedReader(data, sizes), NAME, period="H22025", max_per_rule=5)  # type: ignore[arg-type]
    assert_same(whole, streamed)


PARALLEL_BYTES = 9 << 20  # the threaded path starts at 8 MiB


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, bytes]]:
    """A file just over the threaded threshold, valid except for a few planted findings."""
    rows = [
        ";".join([AANMAAK, GEMEENTE, "111222333", "0002", "20250101", "20251231", "4", "0002", "20250102"])
        + ";;0000000250006021;00000004;04;2;04;00000100;;"
    ]
    body = ("\n".join(rows) + "\n").encode()
    count = PARALLEL_BYTES // len(body) + 1
    path = tmp_path_factory.mktemp("big") / NAME
    with path.open("wb") as out:
        out.write(HEADER.encode() + b"\n")
        out.write(body * count)
    yield path, body
    path.unlink()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from([b"\n", b"x;1\n", b"20250231", b"\r", b"123456789"])),
        max_size=5,
    ),
)
def test_threaded_equals_single_threaded(
    big_file: tuple[Path, bytes], tmp_path: Path, edits: list[tuple[float, bytes]]
) -> None:
    source, _ = big_file
    data = bytearray(source.read_bytes())
    for where, text in edits:
        at = int(where * (len(data) - len(text)))
        data[at : at + len(text)] = text
    path = tmp_path / NAME
    path.write_bytes(bytes(data))
    try:
        single = validate(path, period="H22025", max_per_rule=20, jobs=1)
        threaded = validate(path, period="H22025", max_per_rule=20, jobs=2)
        many = validate(path, period="H22025", max_per_rule=20, jobs=7)
    finally:
        path.unlink()
    assert_same(single, threaded)
    assert_same(single, many)
