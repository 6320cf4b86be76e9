"""`--format arrow`: the findings table of all files as an Arrow IPC file (Feather v2: read by
`pyarrow.ipc.open_file`, `polars.read_ipc`, duckdb's arrow extension), written to
`--output` as the findings come, a record batch at a time as the core makes them.

The columns are those of the data formats (`OUTPUT_SCHEMA`, docs/output.md), every string
column plain `utf8`. The schema's metadata says `gmsd_fast.schema_version`,
`gmsd_fast.tool`, `gmsd_fast.tool_version` and `gmsd_fast.max_per_rule`. An Arrow file's
schema is written before its first batch, when no verdict is known yet, so the summary
comes last: the file's last record batch holds no rows, and its custom metadata holds
`gmsd_fast.summary`, the summary document of the run as JSON
(`pyarrow.ipc.open_file(f).get_batch_with_custom_metadata(n - 1)`); `--summary PATH`
writes the same document to a file of its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyarrow as pa
import pyarrow.ipc as ipc

from gmsd_fast.api import ValidationResult
from gmsd_fast.output import (
    OUTPUT_SCHEMA,
    SUMMARY_KEY,
    Output,
    Run,
    file_summary,
    metadata,
    scoped_batches,
    summary_document,
)


def write(results: Iterable[ValidationResult], out: Output, run: Run) -> list[dict[str, Any]]:
    """Writes to an open binary file; returns the summaries."""
    schema = OUTPUT_SCHEMA.with_metadata(metadata(run))
    summaries = []
    with ipc.new_file(out, schema) as writer:
        for result in results:
            written = [0]
            for batch in scoped_batches(result, written):
                writer.write_batch(batch.replace_schema_metadata(schema.metadata))
            summaries.append(file_summary(result, written[0]))
        document = json.dumps(summary_document(summaries, run), ensure_ascii=False)
        empty = pa.RecordBatch.from_pylist([], schema=schema)
        writer.write_batch(empty, custom_metadata={SUMMARY_KEY: document.encode()})
    return summaries
