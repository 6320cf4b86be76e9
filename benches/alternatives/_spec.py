"""The protocol H22025 as plain data, for the alternative checkers (restated from
`src/spec/data/H22025.toml` and `docs/protocol.md`, not read from gmsd-fast's core).

The gemeentecodes come from the same CSV the core embeds (`src/spec/data/gemeenten_historie.csv`):
a municipality is valid in a period when it existed on some day of it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

SEPARATOR = ";"
N_COLUMNS = 18
MAX_LINE = 4096  # longer lines are reported once (S011), as the core does
EARLIEST_ACTUAL_START = 20150101
UNKNOWN_BSN = "999999999"
GENERIC_TYPE = 88  # 0088
GENERIC_EENHEID = 83
GENERIC_FREQUENTIE = 6
MATERIAL_TYPES = frozenset({11, 12, 13, 14})

TYPE_CODES = frozenset({*range(1, 19), 88, 115, 215, 315})
CODES: dict[str, frozenset[int]] = {
    "type": TYPE_CODES,
    "leveringsvorm": frozenset({2, 4, 6}),
    "eenheid": frozenset({1, 4, 14, 16, 82, 83, 84}),
    "frequentie": frozenset({1, 2, 4, 6}),
    "reden_beeindiging": frozenset({2, 19, 20, 21, 22, 23, 31, 36, 37, 38, 39}),
    "reden_wijziging": frozenset(range(2, 15)),
}


@dataclass(frozen=True)
class Column:
    key: str
    width: int
    kind: str  # datetime, gemeente, bsn, code, date, number, volume
    mandatory: bool = False
    codes: str | None = None
    zero_is_empty: bool = False
    legacy_width: int | None = None
    legacy_one_position: bool = False

    @property
    def zero_ok(self) -> bool:
        """Whether all zeros is a value (else it is an empty cell filled with zeros, F011)."""
        if self.kind == "volume":
            return True
        if self.kind == "number":
            return not self.zero_is_empty
        if self.kind == "code":
            return self.codes is not None and 0 in CODES[self.codes]
        return False


COLUMNS: tuple[Column, ...] = (
    Column("aanmaakdatum", 12, "datetime", mandatory=True),
    Column("gemeentecode", 4, "gemeente", mandatory=True),
    Column("bsn", 9, "bsn", mandatory=True),
    Column("type_toewijzing", 4, "code", codes="type"),
    Column("beoogde_startdatum", 8, "date"),
    Column("beoogde_einddatum", 8, "date"),
    Column("leveringsvorm", 1, "code", codes="leveringsvorm"),
    Column("type_declaratie", 4, "code", codes="type"),
    Column("startdatum", 8, "date"),
    Column("einddatum", 8, "date"),
    Column("toewijzingsnummer", 16, "number", zero_is_empty=True, legacy_width=24),
    Column("beschikt_volume", 8, "volume"),
    Column("beschikt_eenheid", 2, "code", codes="eenheid"),
    Column("beschikt_frequentie", 1, "code", codes="frequentie"),
    Column("geleverd_eenheid", 2, "code", codes="eenheid"),
    Column("geleverd_volume", 8, "volume"),
    Column("reden_beeindiging", 2, "code", codes="reden_beeindiging", legacy_one_position=True),
    Column("reden_wijziging", 2, "code", codes="reden_wijziging"),
)
INDEX = {c.key: i for i, c in enumerate(COLUMNS)}

#: `WMO_H22025_vrije tekst.csv`: the period from the name (N001 when it does not match).
FILE_NAME = re.compile(r"WMO_H([12])(\d{4})(?:_[^.]*)?\.(?:csv|txt)", re.IGNORECASE)
#: What Excel makes of a long number: `2,01804E+11`.
SCIENTIFIC = re.compile(r"[0-9][0-9,.]*\s*[eE][+-]?[0-9]+")

DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def period_of(path: str | Path) -> tuple[int, int] | None:
    """(first day, last day) as yyyymmdd from the file name, or None."""
    m = FILE_NAME.fullmatch(Path(path).name)
    if m is None or m.group(1) is None:
        return None
    year = int(m.group(2))
    if m.group(1) == "1":
        return year * 10_000 + 101, year * 10_000 + 630
    return year * 10_000 + 701, year * 10_000 + 1231


def is_valid_ymd(ymd: int) -> bool:
    year, month, day = ymd // 10_000, ymd // 100 % 100, ymd % 100
    if year < 1900 or not 1 <= month <= 12 or day < 1:
        return False
    if month == 2 and day == 29:
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= DAYS[month]


def elfproef(bsn: str) -> bool:
    """9·d1 + 8·d2 + … + 2·d8 - 1·d9 ≡ 0 (mod 11), not all zeros; nine ASCII digits."""
    d = [ord(c) - 48 for c in bsn]
    total = 9 * d[0] + 8 * d[1] + 7 * d[2] + 6 * d[3] + 5 * d[4] + 4 * d[5] + 3 * d[6] + 2 * d[7] - d[8]
    return total % 11 == 0 and any(d)


def _gemeenten_csv() -> Path:
    return Path(__file__).resolve().parents[2] / "src" / "spec" / "data" / "gemeenten_historie.csv"


def gemeenten_valid(period: tuple[int, int] | None) -> frozenset[int]:
    """Codes of the municipalities that existed in the period (today's without a period)."""
    valid: set[int] = set()
    with open(_gemeenten_csv(), encoding="utf-8", newline="") as fp:
        for row in csv.DictReader(fp, delimiter=";"):
            start = date.fromisoformat(row["valid_from"])
            end = date.fromisoformat(row["valid_to"]) if row["valid_to"] else None
            if period is None:
                ok = end is None
            else:
                first = date(period[0] // 10_000, period[0] // 100 % 100, period[0] % 100)
                last = date(period[1] // 10_000, period[1] // 100 % 100, period[1] % 100)
                ok = start <= last and (end is None or end > first)
            if ok:
                valid.add(int(row["code"]))
    return frozenset(valid)
