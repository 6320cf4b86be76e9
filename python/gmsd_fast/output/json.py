"""`--format json`: one document for all files. This layout is a contract::

    {"files": [{"path": str, "verdict": "accepted" | "rejected", "rows": int,
                "period": str | null, "protocol": str,
                "counts": {rule code: int}, "severity_counts": {severity: int},
                "findings": [{"line": int | null, "column": int (1-18) | null, "rule": str,
                              "name": str, "severity": str, "pass": int, "message": str,
                              "field": str | null, "value": str | null}]}]}

`counts` are exact; `findings` holds at most `--max-per-rule` findings per rule. `line` is
null for findings about the whole file, `column` for findings about a whole line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO, Any

from gmsd_fast.api import ValidationResult
from gmsd_fast.output import finding_dicts

FINDING_KEYS = ("line", "column", "rule", "name", "severity", "pass", "message", "field", "value")


def file_document(result: ValidationResult) -> dict[str, Any]:
    """The contract's object for one file."""
    return {
        "path": result.path,
        "verdict": result.verdict,
        "rows": result.rows,
        "period": result.period,
        "protocol": result.protocol,
        "counts": dict(sorted(result.counts.items())),
        "severity_counts": dict(result.severity_counts),
        "findings": [{key: row[key] for key in FINDING_KEYS} for row in finding_dicts(result)],
    }


def document(results: Sequence[ValidationResult]) -> dict[str, Any]:
    return {"files": [file_document(r) for r in results]}


def write(results: Sequence[ValidationResult], out: IO[str]) -> None:
    json.dump(document(results), out, ensure_ascii=False, indent=2)
    out.write("\n")
