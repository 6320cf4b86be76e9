"""`--format csv`: the findings table of all files, with a header row, comma-separated,
written as the findings come by pyarrow's CSV writer.

The columns are those of the data formats (docs/output.md): the findings' and `scope` last;
a finding about the delivery as a whole has an empty `file`. CSV has no room for the summary:
`--summary PATH` writes it beside the table.

Safe to open in a spreadsheet, where municipal staff will open it (OWASP, "CSV Injection"):
a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a
formula, so it gets a leading `'` (`'=HYPERLINK(…)` shows as text), unless it is a plain
number (`-90`, `+1`): a spreadsheet reads that as a number, never as a formula. Every value
is quoted (an empty text as `""`), so a `;` inside a cell (messages have them; file names
may) cannot start a new cell in a spreadsheet that splits on `;`, as Excel does in a Dutch
locale; a null (no line, no column, no value) is an empty cell without quotes, so a reader
that tells the two apart (pyarrow, duckdb, polars: see docs/output.md) gets null back. All
of this is done a batch at a time, column by column (pyarrow.compute), not per cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from gmsd_fast.api import ValidationResult
from gmsd_fast.output import (
    FORMULA_STARTS,
    OUTPUT_SCHEMA,
    PLAIN_NUMBER_PATTERN,
    Output,
    Run,
    file_summary,
    scoped_batches,
)

_STARTS = pa.array(FORMULA_STARTS)
#: Every column as text, so that every value is quoted; nulls stay null (an unquoted empty cell).
CSV_SCHEMA = pa.schema([pa.field(f.name, pa.string(), nullable=f.nullable) for f in OUTPUT_SCHEMA])


#: Columns that hold the catalogue's own identifiers (rule codes and names, severities, column
#: keys), which never start a formula (tested): left as they are.
CATALOGUE_COLUMNS = frozenset({"field", "rule", "name", "severity", "scope"})


def _no_formula(column: pa.Array) -> pa.Array:
    """The strings of `column`, a `'` before each that starts a formula and is no plain number
    (rarely any: the first characters are looked at, and only a column that has one is
    rebuilt)."""
    starts = pc.is_in(pc.utf8_slice_codeunits(column, 0, 1), value_set=_STARTS)
    if not pc.any(starts).as_py():
        return column
    starts = pc.and_(starts, pc.invert(pc.match_substring_regex(column, PLAIN_NUMBER_PATTERN)))
    return pc.if_else(starts, pc.binary_join_element_wise("'", column, ""), column)


def safe_batch(batch: pa.RecordBatch) -> pa.RecordBatch:
    """The findings as cells no spreadsheet runs: text (null stays null), a `'` before a
    formula start; a whole column at once."""
    columns = []
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        if not pa.types.is_string(column.type):
            text = pc.cast(column, pa.string())  # numbers: no formula
        elif name in CATALOGUE_COLUMNS:
            text = column
        else:
            text = _no_formula(column)
        columns.append(text)
    return pa.RecordBatch.from_arrays(columns, schema=CSV_SCHEMA)


def write(results: Iterable[ValidationResult], out: Output, run: Run) -> list[dict[str, Any]]:
    """Writes every result's findings; returns the summaries (for `--summary`)."""
    options = pa_csv.WriteOptions(quoting_style="all_valid")
    summaries = []
    with pa_csv.CSVWriter(out, CSV_SCHEMA, write_options=options) as writer:
        for result in results:
            written = [0]
            for batch in scoped_batches(result, written):
                writer.write_batch(safe_batch(batch))
            summaries.append(file_summary(result, written[0]))
    return summaries
