"""`--format csv`: the findings table of all files, with a header row, comma-separated,
written as the findings come by pyarrow's CSV writer.

Safe to open in a spreadsheet, where municipal staff will open it (OWASP, "CSV Injection"):
a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a
formula, so it gets a leading `'` (`'=HYPERLINK(…)` shows as text). Every cell is quoted as
well (an empty one as `""`), so a `;` inside a cell (messages have them; file names may)
cannot start a new cell in a spreadsheet that splits on `;`, as Excel does in a Dutch
locale. Both are done a batch at a time, column by column (pyarrow.compute), not per cell.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from gmsd_fast.api import ValidationResult
from gmsd_fast.output import FINDING_COLUMNS, FORMULA_STARTS, Output

_STARTS = pa.array(FORMULA_STARTS)
#: Every column as text: so every cell is quoted, and none is null (an empty cell is `""`).
CSV_SCHEMA = pa.schema([pa.field(name, pa.string(), nullable=False) for name in FINDING_COLUMNS])


#: Columns that hold the catalogue's own identifiers (rule codes and names, severities, column
#: keys), which never start a formula (tested): left as they are.
CATALOGUE_COLUMNS = frozenset({"field", "rule", "name", "severity"})


def _no_formula(column: pa.Array) -> pa.Array:
    """The strings of `column`, a `'` before each that starts a formula (rarely any: the
    first characters are looked at, and only a column that has one is rebuilt)."""
    starts = pc.is_in(pc.utf8_slice_codeunits(column, 0, 1), value_set=_STARTS)
    if not pc.any(starts).as_py():
        return column
    return pc.if_else(starts, pc.binary_join_element_wise("'", column, ""), column)


def safe_batch(batch: pa.RecordBatch) -> pa.RecordBatch:
    """The findings as cells no spreadsheet runs: text, never null (an empty cell for None),
    a `'` before a formula start; a whole column at once."""
    columns = []
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        if not pa.types.is_string(column.type):
            text = pc.cast(column, pa.string())  # numbers: no formula
        elif name in CATALOGUE_COLUMNS:
            text = column
        else:
            text = _no_formula(column)
        columns.append(pc.fill_null(text, "") if text.null_count else text)
    return pa.RecordBatch.from_arrays(columns, schema=CSV_SCHEMA)


def write(results: Iterable[ValidationResult], out: Output) -> None:
    options = pa_csv.WriteOptions(quoting_style="all_valid")
    with pa_csv.CSVWriter(out, CSV_SCHEMA, write_options=options) as writer:
        for result in results:
            for batch in result.batches():
                writer.write_batch(safe_batch(batch))
