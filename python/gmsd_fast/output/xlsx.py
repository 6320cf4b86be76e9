"""`--format xlsx`: the findings as an Excel workbook a municipal employee opens directly.

Two sheets. *Samenvatting* (Summary): one row per file (gemeente, period, records, verdict,
the step CBS stops at, the exact number of findings per severity), then one row per file and
rule (its title and severity, the exact count, and how many are on the next sheet). *Meldingen*
(Findings): one row per finding (file, line, column, the protocol's name of the field, rule,
title, severity, message, value), with a filter on every column, the header row frozen and
widths that fit. Headers and words in the language of the run; BSNs as the core gives them
(masked unless `--reveal-bsn`).

Written with XlsxWriter in its constant-memory mode: every row goes to a temporary file as
soon as the next one starts, so memory stays flat however many findings there are. The
findings come in as Arrow record batches (`write`), consumed once, in order; the summary is
written after them, from the results, so that a stream of batches may finish its counts as it
ends. A sheet holds at most 1 048 576 rows; more findings continue on *Meldingen 2*, and so
on.

Safe to open: every text is written as a string (`write_string`), never as a formula, a
number or a link, so `=HYPERLINK(…)` in a file name or a value shows as text, and `0363`
keeps its zero.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

import pyarrow as pa
import xlsxwriter

from gmsd_fast import _gmsd_fast
from gmsd_fast._gmsd_fast import StopToken
from gmsd_fast.api import ValidationResult
from gmsd_fast.docs import catalogue, find_rule, severities, short_title
from gmsd_fast.exceptions import Stopped
from gmsd_fast.gemeenten import gemeente_label
from gmsd_fast.messages import SEVERITIES, pass_name, severity, t, tn

#: Rows of an Excel sheet (the header included).
SHEET_ROWS = 1_048_576
#: Rows converted from Arrow to Python at a time.
_CHUNK = 4096
_SEVERITIES = SEVERITIES
#: The findings sheet: (header key, width in characters).
_FINDING_COLUMNS = (
    ("col_file", 0),  # as wide as the longest file name, up to `_WIDEST`
    ("col_line", 8),
    ("col_column", 7),
    ("col_field", 34),
    ("col_rule", 9),
    ("col_title_short", 34),
    ("col_severity", 13),
    ("col_message", 110),
    ("col_value", 18),
)
_WIDEST = 60


def write_results(
    results: Sequence[ValidationResult],
    path: str,
    lang: str,
    delivery: ValidationResult | None = None,
    stop: StopToken | None = None,
) -> None:
    """The workbook of checked results (the files, then `delivery` if any) at `path`."""
    every = [*results, *([delivery] if delivery is not None else [])]
    batches = (batch for result in every for batch in result.findings.to_batches())
    write(path, batches, results, lang, delivery=delivery, stop=stop)


def write(
    path: str | IO[bytes],
    batches: Iterable[pa.RecordBatch],
    results: Sequence[ValidationResult],
    lang: str,
    delivery: ValidationResult | None = None,
    stop: StopToken | None = None,
    names: Sequence[str] = (),
    tmpdir: str | None = None,
) -> None:
    """Writes the workbook to `path` (a path or a binary file; XlsxWriter's row files go to
    `tmpdir`, default the system's temporary folder): the findings of `batches` (the findings schema, see
    ARCHITECTURE.md), then the summary of `results` and `delivery`, read only after the last
    batch. `stop.request()` ends it with `Stopped` before the next chunk of rows. Results
    read as they were checked (`check`'s streamed formats) come with the delivery pseudo-file
    among them (`is_delivery`), and `names`, the files' names known before, for the widths."""
    workbook = xlsxwriter.Workbook(
        path,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "tmpdir": tmpdir,
        },
    )
    try:
        bold = workbook.add_format({"bold": True})
        summary = workbook.add_worksheet(t("sheet_summary", lang))
        shown = _write_findings(workbook, bold, batches, [*names, *(r.path for r in results)], lang, stop)
        if delivery is None:
            delivery = next((r for r in results if r.is_delivery), None)
            results = [r for r in results if not r.is_delivery]
        _write_summary(summary, bold, results, delivery, shown, lang)
    finally:
        workbook.close()


class _FindingsSheets:
    """The findings sheets: a new one, with its header, filter and widths, every
    `SHEET_ROWS - 1` findings."""

    def __init__(self, workbook: Any, bold: Any, lang: str, file_width: int) -> None:
        self.workbook, self.bold, self.lang, self.file_width = workbook, bold, lang, file_width
        self.sheets: list[tuple[Any, int]] = []
        self.row = SHEET_ROWS

    def next_row(self) -> tuple[Any, int]:
        if self.row >= SHEET_ROWS:
            self._finish()
            n = len(self.sheets) + 1
            name = t("sheet_findings", self.lang) if n == 1 else t("sheet_findings_more", self.lang, n=n)
            sheet = self.workbook.add_worksheet(name)
            for col, (key, width) in enumerate(_FINDING_COLUMNS):
                sheet.set_column(col, col, width or self.file_width)
                sheet.write_string(0, col, t(key, self.lang), self.bold)
            sheet.freeze_panes(1, 0)
            self.sheets.append((sheet, 0))
            self.row = 1
        sheet, _ = self.sheets[-1]
        self.sheets[-1] = (sheet, self.row)
        self.row += 1
        return sheet, self.row - 1

    def _finish(self) -> None:
        if self.sheets:
            sheet, last = self.sheets[-1]
            sheet.autofilter(0, 0, last, len(_FINDING_COLUMNS) - 1)

    def close(self) -> None:
        if not self.sheets:
            self.next_row()
            self.sheets[-1] = (self.sheets[-1][0], 0)
        self._finish()


def _rows(batches: Iterable[pa.RecordBatch], stop: StopToken | None) -> Iterator[dict[str, Any]]:
    """The findings of `batches` as dicts, converted a chunk at a time."""
    for batch in batches:
        for start in range(0, batch.num_rows, _CHUNK):
            if stop is not None and stop.requested:
                raise Stopped("stopped on request")
            yield from batch.slice(start, _CHUNK).to_pylist()


class _Shown:
    """What the findings sheets hold per (file, rule): how many, and of which severities."""

    def __init__(self) -> None:
        self.count: Counter[tuple[str, str]] = Counter()
        self.severities: dict[tuple[str, str], set[str]] = defaultdict(set)

    def add(self, file: str, rule: str, sev: str) -> None:
        self.count[(file, rule)] += 1
        self.severities[(file, rule)].add(sev)


def _write_findings(
    workbook: Any,
    bold: Any,
    batches: Iterable[pa.RecordBatch],
    paths: Sequence[str],
    lang: str,
    stop: StopToken | None,
) -> _Shown:
    """Writes every finding; returns what was written per (file, rule)."""
    longest = max((len(p) for p in paths), default=10)
    sheets = _FindingsSheets(workbook, bold, lang, min(max(longest, 10), _WIDEST) + 2)
    fields = _field_names(lang)
    titles = {str(rule["code"]): short_title(rule, lang) for rule in catalogue()}
    shown = _Shown()
    for row in _rows(batches, stop):
        sheet, r = sheets.next_row()
        sheet.write_string(r, 0, row["file"])
        if row["line"] is not None:
            sheet.write_number(r, 1, row["line"])
        if row["column"] is not None:
            sheet.write_number(r, 2, row["column"])
        if row["field"] is not None:
            sheet.write_string(r, 3, fields.get(row["field"], row["field"]))
        sheet.write_string(r, 4, row["rule"])
        sheet.write_string(r, 5, titles.get(row["rule"], row["name"]))
        sheet.write_string(r, 6, severity(row["severity"], lang))
        sheet.write_string(r, 7, row["message"])
        if row["value"] is not None:
            sheet.write_string(r, 8, row["value"])
        shown.add(row["file"], row["rule"], row["severity"])
    sheets.close()
    return shown


def _field_names(lang: str) -> dict[str, str]:
    """The protocol's name of every column key, in `lang`, over the bundled versions."""
    return {
        str(c["key"]): str(c[f"name_{lang}"])
        for protocol in _gmsd_fast.protocols()
        for c in _gmsd_fast.columns(protocol)
    }


def _write_summary(
    sheet: Any,
    bold: Any,
    results: Sequence[ValidationResult],
    delivery: ValidationResult | None,
    shown: _Shown,
    lang: str,
) -> None:
    longest = max((len(r.path) for r in results), default=10)
    widths = (min(max(longest, 10), _WIDEST) + 2, 28, 10, 10, 13, 16, 12, 12, 14, 12)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.write_string(0, 0, t("xlsx_files", lang), bold)
    headers = [
        t("col_file", lang),
        t("col_gemeente", lang),
        t("col_period", lang),
        t("col_records", lang),
        t("col_verdict", lang),
        t("col_failing_pass", lang),
        *(severity(s, lang).capitalize() for s in _SEVERITIES),
    ]
    for col, header in enumerate(headers):
        sheet.write_string(1, col, header, bold)
    row = 2
    for result in [*results, *([delivery] if delivery is not None else [])]:
        is_file = result is not delivery
        sheet.write_string(row, 0, result.path)
        if is_file:
            sheet.write_string(row, 1, gemeente_label(result.gemeentecode, result.period))
            sheet.write_string(row, 2, result.period or t("period_unknown", lang))
            sheet.write_number(row, 3, result.rows)
        sheet.write_string(row, 4, t(f"verdict_{result.verdict}", lang))
        if result.failing_pass is not None:
            sheet.write_string(row, 5, f"{result.failing_pass} ({pass_name(result.failing_pass, lang)})")
        for col, sev in enumerate(_SEVERITIES, start=6):
            sheet.write_number(row, col, result.severity_counts.get(sev, 0))
        row += 1

    row += 1
    sheet.write_string(row, 0, t("xlsx_rules", lang), bold)
    row += 1
    first = row
    for col, header in enumerate(
        ("col_file", "col_rule", "col_title_short", "col_severity", "col_findings", "col_shown")
    ):
        sheet.write_string(row, col, t(header, lang), bold)
    row += 1
    capped: list[int] = []
    order = {str(rule["code"]): i for i, rule in enumerate(catalogue())}
    for result in [*results, *([delivery] if delivery is not None else [])]:
        for code in sorted(result.counts, key=lambda c: (order.get(c, len(order)), c)):
            rule = find_rule(code)
            key = (result.path, code)
            seen = sorted(shown.severities.get(key, ()), key=_SEVERITIES.index)
            words = "/".join(severity(s, lang) for s in seen)
            sheet.write_string(row, 0, result.path)
            sheet.write_string(row, 1, code)
            sheet.write_string(row, 2, short_title(rule, lang) if rule else code)
            sheet.write_string(row, 3, words or (severities(rule, lang) if rule else ""))
            sheet.write_number(row, 4, result.counts[code])
            sheet.write_number(row, 5, shown.count[key])
            if shown.count[key] < result.counts[code]:
                capped.append(shown.count[key])
            row += 1
    sheet.autofilter(first, 0, max(row - 1, first), 5)
    if capped:
        sheet.write_string(row + 1, 0, t("xlsx_capped", lang, findings=tn("findings", min(capped), lang)))
