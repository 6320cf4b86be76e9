"""`--format csv`: the findings table of all files, with a header row, comma-separated."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import IO

from gmsd_fast.api import ValidationResult
from gmsd_fast.output import FINDING_COLUMNS, finding_dicts


def write(results: Sequence[ValidationResult], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FINDING_COLUMNS)
    for result in results:
        for row in finding_dicts(result):
            writer.writerow(["" if row[key] is None else row[key] for key in FINDING_COLUMNS])
