"""Output formats of `gmsd-fast check`, one small module each.

All formats show values exactly as the core returns them: BSNs are masked unless the check
ran with `reveal_bsn=True`. No format ever prints raw lines of the checked file.

The machine formats (json, jsonl, csv, parquet, arrow) and the CI formats (junit, sarif,
gitlab, github) write as the findings come:
`write(results, out, ...)` takes the results in input order, the delivery pseudo-file
(`ValidationResult.is_delivery`) last, reads each one's findings batch by batch
(`ValidationResult.batches()`, `pyarrow.RecordBatch`es in file and line order) while its
check runs, and writes them to a binary file with a writer made for the format. So any
number of findings is written in bounded memory. A result's summary (verdict, counts) is
final once its findings have been read.

The data formats (json, jsonl, csv, parquet, arrow) write every finding unless
`--max-per-rule` caps them, and each carries per file its summary (verdict, exact counts,
rows, period, protocol) with the tool's version and `SCHEMA_VERSION`: docs/output.md is the
contract. A finding about the delivery as a whole has `scope` "delivery" and no `file`.
"""

from __future__ import annotations

import functools
import json as _json  # as: `gmsd_fast.output.json`, once imported, is this package's `json`
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from gmsd_fast import __version__, _gmsd_fast
from gmsd_fast.api import FINDING_COLUMNS as FINDING_COLUMNS
from gmsd_fast.api import ValidationResult
from gmsd_fast.messages import SEVERITIES as SEVERITIES  # the core's order, worst first

#: The version of the output contract (docs/output.md): the findings' columns, the summary,
#: the JSON layout. The minor number grows when something is added, the major when something
#: a reader relies on changes.
SCHEMA_VERSION = "1.0"
TOOL = "gmsd-fast"


class Output(Protocol):
    """Where a machine format writes: an open binary file (or anything with its `write`)."""

    def write(self, data: bytes, /) -> int: ...


#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """One value as a CSV cell no spreadsheet runs, for tables written a row at a time (the
    fix log; `output/csv.py` does the same a column at a time): empty for None, a `'` before
    a formula start."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(text) else text


#: A plain number (`-90`, `+1`, `-0002`, `3,5`): a spreadsheet reads it as a number, never as
#: a formula, so it is written as it is. (The regular expression of `output/csv.py` too.)
PLAIN_NUMBER_PATTERN = r"^[+-]?[0-9]+([.,][0-9]+)?$"
PLAIN_NUMBER = re.compile(PLAIN_NUMBER_PATTERN)


SCOPE_FILE = "file"
SCOPE_DELIVERY = "delivery"
#: The findings as the data formats write them (docs/output.md): the findings schema, with
#: `file` null for a finding about the delivery as a whole, and `scope` ("file" or
#: "delivery") last.
#: (`OUTPUT_SCHEMA`, made and pyarrow loaded when first asked for: the text output, which
#: most runs write, needs neither.)
if TYPE_CHECKING:
    import pyarrow as pa

    OUTPUT_SCHEMA: pa.Schema
    #: Columns of the data formats, in order.
    OUTPUT_COLUMNS: tuple[str, ...]


@functools.cache
def _output_schema() -> pa.Schema:
    import pyarrow as pa

    from gmsd_fast.api import FINDINGS_SCHEMA

    return pa.schema(
        [
            *(f.with_nullable(True) if f.name == "file" else f for f in FINDINGS_SCHEMA),
            pa.field("scope", pa.string(), nullable=False),
        ]
    )


def __getattr__(name: str) -> Any:
    if name == "OUTPUT_SCHEMA":
        return _output_schema()
    if name == "OUTPUT_COLUMNS":
        return tuple(_output_schema().names)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Run:
    """What the writers need to know of the run: the cap on findings per rule (None: every
    finding was kept), the language of the words and the least severity that fails a file
    (`--fail-on`; a rejected or undecided file fails anyway)."""

    max_per_rule: int | None = None
    lang: str = "nl"
    fail_on: str = "reject"

    def fails(self, result: ValidationResult) -> bool:
        """Whether `result` fails the run: not accepted, or a finding at `fail_on` or worse."""
        if not result.accepted:
            return True
        worse = SEVERITIES[: SEVERITIES.index(self.fail_on) + 1]
        return any(result.severity_counts.get(s, 0) for s in worse)


def scope(result: ValidationResult) -> str:
    return SCOPE_DELIVERY if result.is_delivery else SCOPE_FILE


def scoped(result: ValidationResult, batch: pa.RecordBatch) -> pa.RecordBatch:
    """One batch of `result`'s findings in `OUTPUT_SCHEMA`: `scope` added, and for the
    delivery no `file` (its label is no data)."""
    n = batch.num_rows
    columns = list(batch.columns)
    if result.is_delivery:
        import pyarrow as pa

        columns[0] = pa.nulls(n, pa.string(), memory_pool=pa.system_memory_pool())
    columns.append(constant(scope(result), n))
    import pyarrow as pa

    return pa.RecordBatch.from_arrays(columns, schema=_output_schema())


_CONSTANTS: dict[str, pa.Array] = {}


def constant(value: str, n: int) -> pa.Array:
    """`n` times `value` as a string array: a slice of one kept array (no copy per batch),
    which grows to the largest batch seen."""
    kept = _CONSTANTS.get(value)
    if kept is None or len(kept) < n:
        import pyarrow as pa

        kept = _CONSTANTS[value] = pa.repeat(value, max(n, 8192), memory_pool=pa.system_memory_pool())
    return kept.slice(0, n)


def scoped_batches(result: ValidationResult, written: list[int]) -> Iterator[pa.RecordBatch]:
    """The findings of `result` in `OUTPUT_SCHEMA`, batch by batch; `written[0]` counts them."""
    for batch in result.batches():
        written[0] += batch.num_rows
        yield scoped(result, batch)


def file_summary(result: ValidationResult, written: int | None = None) -> dict[str, Any]:
    """The summary of one result (docs/output.md, "The summary"); final once its findings
    have been read. `written`: how many of its findings the output holds."""
    delivery = result.is_delivery
    summary: dict[str, Any] = {
        "scope": scope(result),
        "file": None if delivery else result.path,
        "verdict": result.verdict,
        "rows": None if delivery else result.rows,
        "period": None if delivery else result.period,
        "protocol": result.protocol,
        "counts": dict(sorted(result.counts.items())),
        "severity_counts": {s: result.severity_counts.get(s, 0) for s in SEVERITIES},
    }
    if written is not None:
        summary["findings_written"] = written
    return summary


def run_header(run: Run) -> dict[str, Any]:
    """What every summary says of the run: the schema and tool versions and the cap."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": TOOL,
        "tool_version": __version__,
        "max_per_rule": run.max_per_rule,
    }


def summary_document(summaries: list[dict[str, Any]], run: Run) -> dict[str, Any]:
    """The summary of a run (the `--summary` file, Parquet's and Arrow's metadata): the run,
    then one summary per file and the delivery's, if any."""
    files = [s for s in summaries if s["scope"] == SCOPE_FILE]
    delivery = next((s for s in summaries if s["scope"] == SCOPE_DELIVERY), None)
    return {**run_header(run), "files": files, "delivery": delivery}


def metadata(run: Run) -> dict[bytes, bytes]:
    """The key-value metadata a Parquet or Arrow file carries from its start: strings as they
    are, `max_per_rule` as JSON (a number or `null`)."""
    return {
        f"gmsd_fast.{k}".encode(): (v if isinstance(v, str) else _json.dumps(v)).encode()
        for k, v in run_header(run).items()
    }


#: The key of the summary document (JSON) in Parquet's and Arrow's metadata.
SUMMARY_KEY = b"gmsd_fast.summary"


def finding_dicts(result: ValidationResult) -> list[dict[str, Any]]:
    """The kept findings of one result as plain dicts, in table order (for the formats that
    show a few per rule: read whole)."""
    return result.finding_rows()


def rule_code(name: str) -> str:
    """The code of the rule named `name` (`zip-member` → its code), from the core."""
    return _rule_codes()[name]


@functools.cache
def _rule_codes() -> dict[str, str]:
    return {rule["name"]: rule["code"] for rule in _gmsd_fast.rules()}


def not_read(result: ValidationResult) -> bool:
    """Whether `result` is an input that could not be read at all (L004 alone): it has no
    lines, period or step to speak of."""
    return set(result.counts) == {rule_code("zip-member")} and result.lines == 0


def failure(result: ValidationResult, run: Run) -> tuple[str, str] | None:
    """Why `result` fails the run, for the CI formats: its kind (`rejected`, `undecided` or
    the `--fail-on` severity) and a sentence with its findings counted; None when it passes."""
    from gmsd_fast.messages import severity, severity_summary, t

    if not run.fails(result):
        return None
    lang = run.lang
    if result.verdict == "rejected":
        kind, why = "rejected", t("delivery_rejected_why" if result.is_delivery else "rejected_why", lang)
    elif not result.accepted:  # undecided: nothing rejects it, nothing says CBS accepts it
        uitvraag = result.uitvraag or result.protocol
        kind, why = result.verdict, t("undecided", lang) + ": " + t("undecided_why", lang, uitvraag=uitvraag)
    else:
        kind, why = run.fail_on, t("ci_failing", lang, severity=severity(run.fail_on, lang))
    return kind, f"{why} {severity_summary(result.severity_counts, lang)}".strip()


def ci_findings(result: ValidationResult) -> Iterator[dict[str, Any]]:
    """The findings of `result` as dicts, read batch by batch (the CI formats keep a few per
    rule), each with `files`: the files it is about (its own; a delivery finding's)."""
    if result.is_delivery:
        rows = finding_dicts(result)
        about = result._raw.files_per_finding if result._raw is not None else [[] for _ in rows]
        for row, files in zip(rows, about, strict=True):
            yield {**row, "files": list(files)}
        return
    for batch in result.batches():
        for row in batch.to_pylist():
            yield {**row, "files": [row["file"]]}
