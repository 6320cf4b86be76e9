"""The same rules as gmsd-fast with polars expressions: the file read as all-string columns
(`separator=";"`, no quoting, no type inference), one expression per rule, summed.

    python -m benches.alternatives.polars_checker FILE    # prints {"rows": …, "counts": {…}}

A CSV reader hides the structure a validator must see (a short row is padded, a trailing `;`
is dropped by `truncate_ragged_lines`), so the structure rules (S004-S011) run on a second
read of the file as one string column per line; the field and record rules run on the rows
whose structure is right, as in gmsd-fast. Implemented: N001/N005, S001, S003-S011,
S012, F001-F016, R001-R004, D001-D010, C001-C005. Not: S002, N002-N004 (see
`plain_python.py` and BENCHMARKS.md, "Fidelity").
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import polars as pl

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
    UNKNOWN_BSN,
    Column,
    gemeenten_valid,
    period_of,
)

SPACE = r"[ \t\n\r\x0c]"
SCIENTIFIC = rf"^{SPACE}*[0-9][0-9,.]*{SPACE}*[eE][+-]?[0-9]+{SPACE}*$"
DAYS = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
READ = {"quote_char": None, "infer_schema": False, "empty_string_is_null": False, "encoding": "utf8-lossy"}


def _valid_ymd(v: pl.Expr) -> pl.Expr:
    year, month, day = v // 10_000, v // 100 % 100, v % 100
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    last = month.replace_strict(DAYS, default=0) + ((month == 2) & leap).cast(pl.Int64)
    return (year >= 1900) & (day >= 1) & (day <= last)


def _elfproef(v: pl.Expr) -> pl.Expr:
    digits = [v // 10 ** (8 - i) % 10 for i in range(9)]
    total = sum((w * d for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2, -1), digits, strict=True)), pl.lit(0))
    return (total % 11 == 0) & (v != 0)


def _non_digit_rules(col: Column, c: pl.Expr) -> dict[str, pl.Expr]:
    """Why a field with other bytes than digits is wrong, first match wins (F007, F010,
    F009, F008, else F006); only evaluated on the few rows that have such a field."""
    length = c.str.len_bytes()
    trimmed = c.str.strip_chars(" \t\n\r\x0c")
    decimal = (
        c.str.contains(r"^[0-9,.]+$") & (c.str.count_matches(r"[,.]") == 1)
        if col.kind == "volume"
        else pl.lit(False)
    )
    conds = {
        "F007": c.str.contains(SCIENTIFIC),
        "F010": c.str.contains(r"[\"']"),
        "F009": (trimmed.str.len_bytes() < length) & trimmed.str.contains(r"^[0-9]*$"),
        "F008": decimal,
    }
    non_digit = (length > 0) & ~c.str.contains(r"^[0-9]+$")
    rules: dict[str, pl.Expr] = {}
    taken = pl.lit(False)
    for rule, cond in conds.items():
        rules[rule] = non_digit & ~taken & cond
        taken = taken | cond
    rules["F006"] = non_digit & ~taken
    return rules


def _width_rules(col: Column, digits: pl.Expr, length: pl.Expr) -> dict[str, pl.Expr]:
    """Why a field of digits has the wrong width (F016, F004, F005, F003, else F002)."""
    wrong = digits & (length != col.width)
    conds = []
    if col.legacy_one_position:
        conds.append(("F016", length == 1))
    if col.codes == "type" and col.width == 4:
        conds.append(("F004", length == 2))
    if col.legacy_width is not None:
        conds.append(("F005", length == col.legacy_width))
    if col.kind not in ("date", "datetime"):
        conds.append(("F003", length < col.width))
    rules: dict[str, pl.Expr] = {}
    taken = pl.lit(False)
    for rule, cond in conds:
        rules[rule] = wrong & ~taken & cond
        taken = taken | cond
    rules["F002"] = wrong & ~taken
    return rules


def _value_ok(col: Column, name: str, n: pl.Expr, gemeenten: frozenset[int]) -> tuple[pl.Expr, str]:
    """Whether a non-zero number of the right width is valid for the column, and the rule."""
    if col.kind == "date":
        return _valid_ymd(n), "F012"
    if col.kind == "datetime":
        return _valid_ymd(n // 10_000) & (n // 100 % 100 < 24) & (n % 100 < 60), "F012"
    if col.kind == "code":
        return n.is_in(sorted(CODES[col.codes or ""])), "F013"
    if col.kind == "bsn":
        return (pl.col(name) == UNKNOWN_BSN) | _elfproef(n), "F015"
    if col.kind == "gemeente":
        return n.is_in(sorted(gemeenten)), "F014"
    return pl.lit(True), ""


def _record_counts(
    records: pl.DataFrame, names: list[str], gemeenten: frozenset[int], period: tuple[int, int] | None
) -> dict[str, int]:
    """Counts of the field and record rules over the records (18 string columns), computed in
    stages of columns: length and digits-only, the number, the valid value."""
    lf = records.lazy().with_columns(
        *(pl.col(n).str.len_bytes().alias(f"l{i}") for i, n in enumerate(names)),
        *(pl.col(n).str.contains(r"^[0-9]+$").alias(f"d{i}") for i, n in enumerate(names)),
    )
    lf = lf.with_columns(
        pl.when(pl.col(f"d{i}") & (pl.col(f"l{i}") == col.width))
        .then(pl.col(n).str.to_integer(strict=False))
        .alias(f"n{i}")
        for i, (col, n) in enumerate(zip(COLUMNS, names, strict=True))
    )
    valid = []
    for i, (col, n) in enumerate(zip(COLUMNS, names, strict=True)):
        num = pl.col(f"n{i}")
        ok, _ = _value_ok(col, n, num, gemeenten)
        good = (num == 0) if col.zero_ok else pl.lit(False)
        valid.append(pl.when(good | ((num != 0) & ok)).then(num).alias(f"v{i}"))
    lf = lf.with_columns(valid)

    exprs: dict[str, pl.Expr] = {}

    def add(rule: str, cond: pl.Expr) -> None:
        term = cond.fill_null(False).cast(pl.Int64).sum()
        exprs[rule] = exprs[rule] + term if rule in exprs else term

    v = [pl.col(f"v{i}") for i in range(N_COLUMNS)]
    empty = [pl.col(f"l{i}") == 0 for i in range(N_COLUMNS)]
    for i, (col, n) in enumerate(zip(COLUMNS, names, strict=True)):
        length, digits, num = pl.col(f"l{i}"), pl.col(f"d{i}"), pl.col(f"n{i}")
        if col.mandatory:
            add("F001", empty[i])
        for rule, cond in _width_rules(col, digits, length).items():
            add(rule, cond)
        if not col.zero_ok:
            add("F011", num == 0)
        _, rule = _value_ok(col, n, num, gemeenten)
        if rule:
            add(rule, num.is_not_null() & (num != 0) & v[i].is_null())
    add("R001", empty[3] & empty[7])
    add("R002", empty[4] & empty[8])
    bs, be, s, e = v[4], v[5], v[8], v[9]
    add("D002", s < bs)
    add("D004", s < EARLIEST_ACTUAL_START)
    add("D005", be < bs)
    add("D007", e < s)
    add("D009", e > be)
    if period is not None:
        first, last = period
        add("D001", bs > last)
        add("D003", s > last)
        add("D006", be < first)
        add("D008", e < first)
    effective = pl.coalesce(v[7], v[3])
    generic = (effective == GENERIC_TYPE).fill_null(False)
    material = effective.is_in(sorted(MATERIAL_TYPES)).fill_null(False)
    add("C001", generic & (v[12] != GENERIC_EENHEID))
    add("C001", generic & (v[14] != GENERIC_EENHEID))
    add("C002", generic & (v[13] != GENERIC_FREQUENTIE))
    volume, unit, frequency = ~empty[11], ~empty[12], ~empty[13]
    incomplete = pl.when(generic).then(~volume).otherwise(~(volume & unit & frequency))
    add("C003", (volume | unit | frequency) & ~material & incomplete)
    add("C004", ~generic & ~empty[15] & empty[14])
    add("C005", material & empty[5] & empty[9])
    # R003, R004: every record repeats the first record's aanmaakdatum and gemeentecode.
    add("R003", pl.col(names[0]) != pl.col(names[0]).first())
    add("R004", pl.col(names[1]) != pl.col(names[1]).first())
    if period is not None:
        add("D010", (pl.int_range(pl.len()) == 0) & (v[0] // 10_000 <= period[1]))
    totals = lf.select(**exprs).collect().row(0, named=True)
    # The non-digit fields: classified on the few rows that have one.
    any_non_digit = pl.any_horizontal((pl.col(f"l{i}") > 0) & ~pl.col(f"d{i}") for i in range(N_COLUMNS))
    nd: dict[str, pl.Expr] = {}
    for col, n in zip(COLUMNS, names, strict=True):
        for rule, cond in _non_digit_rules(col, pl.col(n)).items():
            term = cond.cast(pl.Int64).sum()
            nd[rule] = nd[rule] + term if rule in nd else term
    rare = lf.filter(any_non_digit).select(**nd).collect().row(0, named=True)
    out: dict[str, int] = {}
    for rule, count in [*totals.items(), *rare.items()]:
        if count:
            out[rule] = out.get(rule, 0) + int(count)
    return out


def _structure(path: Path) -> tuple[pl.DataFrame, dict[str, int], bool]:
    """Per line: whether it is a record with 18 fields; counts of the structure rules; and
    whether the first line is a header."""
    lines = pl.read_csv(
        path, separator="\x1f", has_header=False, new_columns=["line"], truncate_ragged_lines=True, **READ
    )
    line = pl.col("line")
    first = lines["line"][0] if lines.height else ""
    first = first.removeprefix("\ufeff")
    with open(path, "rb") as fp:  # polars drops a UTF-8 BOM: look at the bytes
        bom = fp.read(3) == b"\xef\xbb\xbf"
    header = bool(first) and not first[0].isdigit() and any(c.isascii() and c.isalpha() for c in first)
    seps, length = pl.col("seps"), pl.col("length")
    blank = length == 0
    too_long = length > MAX_LINE
    trailing = ~too_long & (seps == N_COLUMNS) & line.str.ends_with(";")
    wrong = ~too_long & ~blank & ~trailing & (seps != N_COLUMNS - 1)
    # A CR inside the line (a CR before the LF ends a Windows line).
    cr = line.str.strip_suffix("\r").str.contains("\r", literal=True)
    is_header = (pl.int_range(pl.len()) == 0) & pl.lit(header)
    frame = (
        lines.lazy()
        .with_columns(seps=line.str.count_matches(";", literal=True), length=line.str.len_bytes())
        .with_columns(too_long=too_long, blank=blank, trailing=trailing, wrong=wrong)
        .select(
            too_long=pl.col("too_long") & ~is_header,
            blank=pl.col("blank"),
            trailing=pl.col("trailing"),
            wrong=pl.col("wrong"),
            cr=~pl.col("too_long") & ~pl.col("blank") & ~pl.col("trailing") & ~pl.col("wrong") & cr,
            record=~is_header & ~pl.col("blank"),
            is_header=is_header,
        )
        .collect()
    )
    counts = frame.select(
        S011=pl.col("too_long").sum(),
        S009=pl.col("blank").sum(),
        S008=pl.col("trailing").sum(),
        S007=(pl.col("wrong") & pl.col("record")).sum(),
        S005=(pl.col("wrong") & pl.col("is_header")).sum(),
        S012=(pl.col("cr") & pl.col("record")).sum(),
        rows=(pl.col("record") & ~pl.col("blank")).sum(),
    ).row(0, named=True)
    out = {k: int(v) for k, v in counts.items() if v}
    if bom:
        out["S003"] = 1
    if not header and lines.height:
        out["S004"] = 1
    ok = frame.select(
        ok=pl.col("record") & ~pl.col("too_long") & ~pl.col("trailing") & ~pl.col("wrong") & ~pl.col("cr")
    )
    return ok, out, header


def check(path: str | os.PathLike[str]) -> tuple[int, dict[str, int]]:
    """(rows, findings per rule code) for one file."""
    path = Path(path)
    counts: dict[str, int] = {}
    if not FILE_NAME.fullmatch(path.name):
        counts["N001"] = 1
    period = period_of(path)
    if period is None:
        counts["N005"] = 1
    size = path.stat().st_size
    if size == 0:
        return 0, {**counts, "S001": 1}
    ok, structure, _ = _structure(path)
    bom = "S003" in structure
    rows = structure.pop("rows", 0)
    counts.update(structure)
    with open(path, "rb") as fp:
        fp.seek(-1, os.SEEK_END)
        if fp.read(1) != b"\n":
            counts["S010"] = 1
    if rows == 0:
        counts["S006"] = 1
        return 0, counts
    names = [f"c{i}" for i in range(N_COLUMNS)]
    fields = pl.read_csv(
        path,
        separator=";",
        has_header=False,
        new_columns=names,
        truncate_ragged_lines=True,
        **READ,
    )
    if fields.height != ok.height:  # a line the separator read cannot align with
        raise RuntimeError(f"{path}: {fields.height} rows but {ok.height} lines")
    records = fields.with_columns(ok["ok"]).filter(pl.col("ok")).drop("ok")
    if bom:  # the BOM is part of the first field of line 1
        records = records.with_columns(pl.col("c0").str.strip_prefix("\ufeff"))
    for rule, n in _record_counts(records, names, gemeenten_valid(period), period).items():
        counts[rule] = counts.get(rule, 0) + n
    return rows, counts


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for path in args:
        rows, counts = check(path)
        print(json.dumps({"path": path, "rows": rows, "counts": dict(sorted(counts.items()))}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
