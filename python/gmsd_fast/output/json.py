"""`--format json`: one document for all files. This layout is a contract (docs/output.md,
and the JSON Schema `gmsd_fast/schemas/check.schema.json`)::

    {"schema_version": "1.0", "tool": "gmsd-fast", "tool_version": str,
     "max_per_rule": int | null,
     "files": [{"path": str,
                "findings": [{"line": int | null, "column": int (1-18) | null, "rule": str,
                              "name": str, "severity": str, "pass": int, "message": str,
                              "field": str | null, "value": str | null}],
                "verdict": "accepted" | "rejected" | "undecided", "rows": int,
                "period": str | null, "protocol": str,
                "counts": {rule code: int}, "severity_counts": {severity: int}}],
     "delivery": null | {"findings": [{... as above, "files": [str]}],
                         "verdict": str, "protocol": str,
                         "counts": {rule code: int}, "severity_counts": {severity: int}}}

`files` holds the files (and inputs that could not be read, as rejected files with one L004
finding); the findings about the delivery as a whole (L001-L003) are in `delivery`, each with
the files it is about. `counts` are exact; `findings` holds every finding, or at most
`max_per_rule` per rule when `--max-per-rule` capped them. `line` is null for findings about
the whole file, `column` for findings about a whole line. The keys of a file come in this
order because the document is written as the findings are found: its verdict and counts
are known only once its last finding is. One finding per line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from gmsd_fast import _gmsd_fast
from gmsd_fast.api import ValidationResult
from gmsd_fast.output import SEVERITIES, Output, Run, file_summary, finding_dicts, run_header

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


def _write_file(result: ValidationResult, out: Output) -> int:
    """One file's object, its findings as they are read; how many were written."""
    out.write(b'    {\n      "path": ' + _json(result.path) + b',\n      "findings": [')
    written = 0
    for batch in result.batches():
        lines = _gmsd_fast.json_lines(batch, _KEYS)
        if not lines:
            continue
        # A JSON string holds no raw line break, so every one ends an object.
        out.write(b"," if written else b"")
        out.write(_FINDING_INDENT + lines[:-1].replace(b"\n", b"," + _FINDING_INDENT))
        written += batch.num_rows
    out.write(b"\n      ]" if written else b"]")
    for key, value in summary(result).items():
        out.write(b',\n      "' + key.encode() + b'": ' + _json(value))
    out.write(b"\n    }")
    return written


def delivery_document(result: ValidationResult) -> dict[str, Any]:
    """The delivery's object: its findings (few), each with the files it is about."""
    rows = finding_dicts(result)
    files = result._raw.files_per_finding if result._raw is not None else [[] for _ in rows]
    findings = [
        {**{key: row[key] for key in FINDING_KEYS}, "files": list(about)}
        for row, about in zip(rows, files, strict=True)
    ]
    return {
        "findings": findings,
        "verdict": result.verdict,
        "protocol": result.protocol,
        "counts": dict(sorted(result.counts.items())),
        "severity_counts": {s: result.severity_counts.get(s, 0) for s in SEVERITIES},
    }


def write(results: Iterable[ValidationResult], out: Output, run: Run) -> list[dict[str, Any]]:
    """Writes the document; returns the summaries (for `--summary`)."""
    out.write(b"{\n")
    for key, value in run_header(run).items():
        out.write(b'  "' + key.encode() + b'": ' + _json(value) + b",\n")
    out.write(b'  "files": [')
    summaries = []
    delivery: dict[str, Any] | None = None
    files = 0
    for result in results:
        if result.is_delivery:
            delivery = delivery_document(result)
            summaries.append(file_summary(result, len(delivery["findings"])))
            continue
        out.write(b",\n" if files else b"\n")
        written = _write_file(result, out)
        summaries.append(file_summary(result, written))
        files += 1
    out.write(b"\n  ],\n" if files else b"],\n")
    if delivery is None:
        out.write(b'  "delivery": null\n}\n')
    else:
        text = json.dumps(delivery, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        out.write(b'  "delivery": ' + text.encode() + b"\n}\n")
    return summaries
