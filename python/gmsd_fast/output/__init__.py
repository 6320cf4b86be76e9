"""Output formats of `gmsd-fast check`, one small module each.

All formats show values exactly as the core returns them: BSNs are masked unless the check
ran with `reveal_bsn=True`. No format ever prints raw lines of the checked file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from gmsd_fast.api import ValidationResult

#: Columns of the findings table, in order (see `ValidationResult.findings`).
FINDING_COLUMNS = ("file", "line", "column", "field", "rule", "name", "severity", "pass", "message", "value")


def findings_table(results: Sequence[ValidationResult]) -> pa.Table:
    """The findings of all results as one table (the schema of a single result)."""
    tables = [r.findings for r in results]
    if not tables:
        raise ValueError("no results")
    return pa.concat_tables(tables) if len(tables) > 1 else tables[0]


def finding_dicts(result: ValidationResult) -> list[dict[str, Any]]:
    """The kept findings of one result as plain dicts, in table order."""
    rows: list[dict[str, Any]] = result.findings.to_pylist()
    return rows
