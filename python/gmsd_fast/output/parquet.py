"""`--format parquet`: the findings table of all files, written to `--output`."""

from __future__ import annotations

import os
from collections.abc import Sequence

import pyarrow.parquet as pq

from gmsd_fast.api import ValidationResult
from gmsd_fast.output import findings_table


def write(results: Sequence[ValidationResult], path: str | os.PathLike[str]) -> None:
    pq.write_table(findings_table(results), path)
