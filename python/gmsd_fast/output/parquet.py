"""`--format parquet`: the findings table of all files, written to `--output`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

import pyarrow.parquet as pq

from gmsd_fast.api import ValidationResult
from gmsd_fast.output import findings_table


def write(results: Sequence[ValidationResult], out: IO[bytes]) -> None:
    """Writes to an open binary file. (Never a path: on an error pyarrow removes the file at
    the path it was given, which for `/dev/full` is the device itself.)"""
    pq.write_table(findings_table(results), out)
