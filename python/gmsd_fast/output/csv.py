"""`--format csv`: the findings table of all files, with a header row, comma-separated.

Safe to open in a spreadsheet, where municipal staff will open it (OWASP, "CSV Injection"):
a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a
formula, so it gets a leading `'` (`'=HYPERLINK(…)` shows as text). Every cell is quoted as
well, so a `;` inside a cell (messages have them; file names may) cannot start a new cell in
a spreadsheet that splits on `;`, as Excel does in a Dutch locale.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import IO

from gmsd_fast.api import ValidationResult
from gmsd_fast.output import FINDING_COLUMNS, finding_dicts

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A value as a cell no spreadsheet runs: empty for None, `'` before a formula start."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write(results: Sequence[ValidationResult], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(FINDING_COLUMNS)
    for result in results:
        for row in finding_dicts(result):
            writer.writerow([cell(row[key]) for key in FINDING_COLUMNS])
