"""`--format json`: one document for all files. This layout is a contract::

    {"files": [{"path": str,
                "findings": [{"line": int | null, "column": int (1-18) | null, "rule": str,
                              "name": str, "severity": str, "pass": int, "message": str,
                              "field": str | null, "value": str | null}],
                "verdict": "accepted" | "rejected" | "undecided", "rows": int,
                "period": str | null, "protocol": str,
                "counts": {rule code: int}, "severity_counts": {severity: int}}]}

`counts` are exact; `findings` holds at most `--max-per-rule` findings per rule (every one
with `--all`). `line` is null for findings about the whole file, `column` for findings about
a whole line. The keys of a file come in this order because the document is written as the
findings are found: its verdict and counts are known only once its last finding is. One
finding per line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from gmsd_fast import _gmsd_fast
from gmsd_fast.api import ValidationResult
from gmsd_fast.output import Output, finding_dicts

FINDING_KEYS = ("line", "column", "rule", "name", "severity", "pass", "message", "field", "value")
_KEYS = list(FINDING_KEYS)
_FINDING_INDENT = b"\n        "


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def summary(result: ValidationResult) -> dict[str, Any]:
    """The contract's keys of one file after `findings` (final once they have been read)."""
    return {
        "verdict": result.verdict,
        "rows": result.rows,
        "period": result.period,
        "protocol": result.protocol,
        "counts": dict(sorted(result.counts.items())),
        "severity_counts": dict(result.severity_counts),
    }


def file_document(result: ValidationResult) -> dict[str, Any]:
    """The contract's object for one file, whole in memory (for `fix`, whose results are)."""
    findings = [{key: row[key] for key in FINDING_KEYS} for row in finding_dicts(result)]
    return {"path": result.path, "findings": findings, **summary(result)}


def _write_file(result: ValidationResult, out: Output) -> None:
    out.write(b'    {\n      "path": ' + _json(result.path) + b',\n      "findings": [')
    written = False
    for batch in result.batches():
        lines = _gmsd_fast.json_lines(batch, _KEYS)
        if not lines:
            continue
        # A JSON string holds no raw line break, so every one ends an object.
        out.write(b"," if written else b"")
        out.write(_FINDING_INDENT + lines[:-1].replace(b"\n", b"," + _FINDING_INDENT))
        written = True
    out.write(b"\n      ]" if written else b"]")
    for key, value in summary(result).items():
        out.write(b',\n      "' + key.encode() + b'": ' + _json(value))
    out.write(b"\n    }")


def write(results: Iterable[ValidationResult], out: Output) -> None:
    out.write(b'{\n  "files": [')
    for i, result in enumerate(results):
        out.write(b",\n" if i else b"\n")
        _write_file(result, out)
    out.write(b"\n  ]\n}\n")
