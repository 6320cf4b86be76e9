"""Output formats of `gmsd-fast check`, one small module each.

All formats show values exactly as the core returns them: BSNs are masked unless the check
ran with `reveal_bsn=True`. No format ever prints raw lines of the checked file.

The machine formats (json, jsonl, csv, parquet, junit) write as the findings come:
`write(results, out, ...)` takes the results in input order, the delivery pseudo-file
(`ValidationResult.is_delivery`) last, reads each one's findings batch by batch
(`ValidationResult.batches()`, `pyarrow.RecordBatch`es in file and line order) while its
check runs, and writes them to a binary file with a writer made for the format. So any
number of findings is written in bounded memory. A result's summary (verdict, counts) is
final once its findings have been read.
"""

from __future__ import annotations

import functools
from typing import Any, Protocol

from gmsd_fast import _gmsd_fast
from gmsd_fast.api import FINDING_COLUMNS as FINDING_COLUMNS
from gmsd_fast.api import ValidationResult


class Output(Protocol):
    """Where a machine format writes: an open binary file (or anything with its `write`)."""

    def write(self, data: bytes, /) -> int: ...


#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """One value as a CSV cell no spreadsheet runs, for tables written a row at a time (the
    fix log; `output/csv.py` does the same a column at a time): empty for None, a `'` before
    a formula start."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


#: Columns of the findings table, in order (see `ValidationResult.findings`).


def finding_dicts(result: ValidationResult) -> list[dict[str, Any]]:
    """The kept findings of one result as plain dicts, in table order (for the formats that
    show a few per rule: read whole)."""
    return result.finding_rows()


def rule_code(name: str) -> str:
    """The code of the rule named `name` (`zip-member` → its code), from the core."""
    return _rule_codes()[name]


@functools.cache
def _rule_codes() -> dict[str, str]:
    return {rule["name"]: rule["code"] for rule in _gmsd_fast.rules()}


def not_read(result: ValidationResult) -> bool:
    """Whether `result` is an input that could not be read at all (L004 alone): it has no
    lines, period or step to speak of."""
    return set(result.counts) == {rule_code("zip-member")} and result.lines == 0
