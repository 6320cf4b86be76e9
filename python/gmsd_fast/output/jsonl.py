"""`--format jsonl`: one JSON object per line: each finding, and after the findings of each
file its summary (docs/output.md, "JSON Lines").

A finding's object has `"kind": "finding"`, then the columns of the findings (`file`, `line`,
`column`, `field`, `rule`, `name`, `severity`, `pass`, `message`, `value`, `scope`) in that
order, with `null` for what a finding lacks. A summary's has `"kind": "summary"`, then the
summary of the file (or of the delivery: `scope` "delivery", `file` null) and the run's
versions and cap. So every file, even one without findings, has a line. Findings are written
as they are found, by the core (arrow-json).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from gmsd_fast import _gmsd_fast
from gmsd_fast.api import ValidationResult
from gmsd_fast.output import OUTPUT_SCHEMA, Output, Run, constant, file_summary, run_header, scoped_batches

_SCHEMA = pa.schema([pa.field("kind", pa.string(), nullable=False), *OUTPUT_SCHEMA])


def write(results: Iterable[ValidationResult], out: Output, run: Run) -> list[dict[str, Any]]:
    """Writes every result's findings and summary; returns the summaries."""
    header = run_header(run)
    summaries = []
    for result in results:
        written = [0]
        for batch in scoped_batches(result, written):
            kind = constant("finding", batch.num_rows)
            lines = pa.RecordBatch.from_arrays([kind, *batch.columns], schema=_SCHEMA)
            out.write(_gmsd_fast.json_lines(lines))
        summary = file_summary(result, written[0])
        summaries.append(summary)
        record = {"kind": "summary", **summary, **header}
        out.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
    return summaries
