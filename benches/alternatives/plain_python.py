"""A plain-Python checker of the same rules as gmsd-fast, with the `csv` module: the baseline
a municipality's data team would write. Counts findings per rule code.

    python -m benches.alternatives.plain_python FILE      # prints {"rows": …, "counts": {…}}

Implemented: N001/N005 (name pattern, period unknown), S001, S003-S011, F001-F016, R001-R004,
D001-D010, C001-C005 — with the same readings as the core's rules (`src/rules/`). Where it differs from
gmsd-fast, by construction of the `csv` module (see BENCHMARKS.md, "Fidelity"):

- the `csv` module ends a row at a lone CR as well as at LF, so a CR inside a line splits it
  (gmsd-fast: S012 carriage-return) and a CR LF file is read as if it were LF; S002
  (not a text file) and N002-N004 (forbidden characters, extension, delivery window) are not
  checked. None of these occur in generated files.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections import Counter
from pathlib import Path

from benches.alternatives._spec import (
    CODES,
    COLUMNS,
    EARLIEST_ACTUAL_START,
    FILE_NAME,
    GENERIC_EENHEID,
    GENERIC_FREQUENTIE,
    GENERIC_TYPE,
    MATERIAL_TYPES,
    MAX_LINE,
    N_COLUMNS,
    SCIENTIFIC,
    SEPARATOR,
    UNKNOWN_BSN,
    Column,
    elfproef,
    gemeenten_valid,
    is_valid_ymd,
    period_of,
)

EMPTY = -2
INVALID = -1
ASCII_SPACE = " \t\n\r\x0c"
BOM = "\xef\xbb\xbf"  # the UTF-8 BOM read as latin-1


def _non_digit_rule(col: Column, raw: str) -> str:
    trimmed = raw.strip(ASCII_SPACE)
    if SCIENTIFIC.fullmatch(trimmed):
        return "F007"
    if '"' in raw or "'" in raw:
        return "F010"
    if len(trimmed) < len(raw) and all("0" <= c <= "9" for c in trimmed):
        return "F009"
    if (
        col.kind == "volume"
        and all("0" <= c <= "9" or c in ",." for c in raw)
        and raw.count(",") + raw.count(".") == 1
    ):
        return "F008"
    return "F006"


def _width_rule(col: Column, n: int) -> str:
    if col.legacy_one_position and n == 1:
        return "F016"
    if col.codes == "type" and n == 2 and col.width == 4:
        return "F004"
    if col.legacy_width == n:
        return "F005"
    if n < col.width and col.kind not in ("date", "datetime"):
        return "F003"
    return "F002"


class Checker:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.counts: Counter[str] = Counter()
        self.period = period_of(self.path)
        self.gemeenten = gemeenten_valid(self.period)
        self.codes = [CODES[c.codes] if c.codes else frozenset() for c in COLUMNS]
        self.reference: tuple[str, str] | None = None
        self.rows = 0

    def field(self, i: int, col: Column, raw: str) -> int:
        """The field's value (EMPTY, INVALID or the number), counting what is wrong with it."""
        counts = self.counts
        if not raw:
            if col.mandatory:
                counts["F001"] += 1
            return EMPTY
        if not (raw.isascii() and raw.isdigit()):
            counts[_non_digit_rule(col, raw)] += 1
            return INVALID
        if len(raw) != col.width:
            counts[_width_rule(col, len(raw))] += 1
            return INVALID
        value = int(raw)
        if value == 0:
            if col.zero_ok:
                return 0
            counts["F011"] += 1
            return INVALID
        kind = col.kind
        if kind == "date":
            ok, rule = is_valid_ymd(value), "F012"
        elif kind == "code":
            ok, rule = value in self.codes[i], "F013"
        elif kind == "datetime":
            hour, minute = value // 100 % 100, value % 100
            ok, rule = is_valid_ymd(value // 10_000) and hour < 24 and minute < 60, "F012"
        elif kind == "bsn":
            ok, rule = raw == UNKNOWN_BSN or elfproef(raw), "F015"
        elif kind == "gemeente":
            ok, rule = value in self.gemeenten, "F014"
        else:  # volume, number
            ok, rule = True, ""
        if ok:
            return value
        counts[rule] += 1
        return INVALID

    def record(self, row: list[str]) -> None:
        counts = self.counts
        self.rows += 1
        if len(row) != N_COLUMNS:
            counts["S008" if len(row) == N_COLUMNS + 1 and row[-1] == "" else "S007"] += 1
            return
        field = self.field
        v = [field(i, col, raw) for i, (col, raw) in enumerate(zip(COLUMNS, row, strict=True))]
        # R001, R002: a type and a start, from either column of the pair
        if v[3] == EMPTY and v[7] == EMPTY:
            counts["R001"] += 1
        if v[4] == EMPTY and v[8] == EMPTY:
            counts["R002"] += 1
        self.dates(v)
        self.intensity(v)
        self.compare_reference(row, v)

    def dates(self, v: list[int]) -> None:
        counts = self.counts
        bs, be, s, e = v[4], v[5], v[8], v[9]
        if s >= 0:
            if bs >= 0 and s < bs:
                counts["D002"] += 1
            if s < EARLIEST_ACTUAL_START:
                counts["D004"] += 1
        if be >= 0 and bs >= 0 and be < bs:
            counts["D005"] += 1
        if e >= 0:
            if s >= 0 and e < s:
                counts["D007"] += 1
            if be >= 0 and e > be:
                counts["D009"] += 1
        if self.period is not None:
            first, last = self.period
            if bs > last:
                counts["D001"] += 1
            if s > last:
                counts["D003"] += 1
            if 0 <= be < first:
                counts["D006"] += 1
            if 0 <= e < first:
                counts["D008"] += 1

    def intensity(self, v: list[int]) -> None:
        counts = self.counts
        effective = v[7] if v[7] >= 0 else v[3]
        generic = effective == GENERIC_TYPE
        material = effective in MATERIAL_TYPES
        if generic:
            counts["C001"] += (v[12] >= 0 and v[12] != GENERIC_EENHEID) + (
                v[14] >= 0 and v[14] != GENERIC_EENHEID
            )
            if v[13] >= 0 and v[13] != GENERIC_FREQUENTIE:
                counts["C002"] += 1
        volume, unit, frequency = v[11] != EMPTY, v[12] != EMPTY, v[13] != EMPTY
        incomplete = (not volume) if generic else not (volume and unit and frequency)
        if (volume or unit or frequency) and not material and incomplete:
            counts["C003"] += 1
        if not generic and v[15] != EMPTY and v[14] == EMPTY:
            counts["C004"] += 1
        if material and v[5] == EMPTY and v[9] == EMPTY:
            counts["C005"] += 1

    def compare_reference(self, row: list[str], v: list[int]) -> None:
        if self.reference is None:
            self.reference = (row[0], row[1])
            if self.period is not None and v[0] >= 0 and v[0] // 10_000 <= self.period[1]:
                self.counts["D010"] += 1
            return
        if row[0] != self.reference[0]:
            self.counts["R003"] += 1
        if row[1] != self.reference[1]:
            self.counts["R004"] += 1

    def run(self) -> dict[str, int]:
        counts = self.counts
        if not FILE_NAME.fullmatch(self.path.name):
            counts["N001"] += 1
        if self.period is None:
            counts["N005"] += 1
        size = self.path.stat().st_size
        if size == 0:
            counts["S001"] += 1
            return dict(counts)
        csv.field_size_limit(sys.maxsize)
        header_done = False
        with open(self.path, encoding="latin-1", newline="") as fp:
            reader = csv.reader(fp, delimiter=SEPARATOR, quoting=csv.QUOTE_NONE, strict=False)
            for number, row in enumerate(reader, start=1):
                if number == 1 and row and row[0].startswith(BOM):
                    counts["S003"] += 1
                    row[0] = row[0][len(BOM) :]
                if sum(map(len, row)) + len(row) - 1 > MAX_LINE:
                    counts["S011"] += 1
                    self.rows += header_done
                    header_done = True
                    continue
                if not row or row == [""]:
                    counts["S009"] += 1
                    continue
                if not header_done:
                    header_done = True
                    line = SEPARATOR.join(row)
                    if line[0].isdigit() or not any(c.isascii() and c.isalpha() for c in line):
                        counts["S004"] += 1
                    else:
                        if len(row) == N_COLUMNS + 1 and row[-1] == "":
                            counts["S008"] += 1
                        elif len(row) != N_COLUMNS:
                            counts["S005"] += 1
                        continue
                self.record(row)
        with open(self.path, "rb") as raw:
            raw.seek(-1, os.SEEK_END)
            if raw.read(1) != b"\n":
                counts["S010"] += 1
        if self.rows == 0:
            counts["S006"] += 1
        return dict(counts)


def check(path: str | os.PathLike[str]) -> tuple[int, dict[str, int]]:
    """(rows, findings per rule code) for one file."""
    checker = Checker(path)
    counts = checker.run()
    return checker.rows, {rule: n for rule, n in counts.items() if n}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for path in args:
        rows, counts = check(path)
        print(json.dumps({"path": path, "rows": rows, "counts": dict(sorted(counts.items()))}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
