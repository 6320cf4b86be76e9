"""`--format text`: a report per file for people, not programs (Dutch by default).

Per file: the verdict in plain words, the step of CBS's check that would fail first, the rows
read, a table of counts per rule (its code, severity, count, title and first line numbers), then
the first few messages per rule (`shown`, all with `--all`); where there are more, the command
that lists them all.
With more than one file it ends with the delivery at a glance: one table with a row per file
(gemeente, records, verdict, findings per severity), then the delivery findings (L001-L003)
and the number of files accepted, rejected and undecided (the reporting period unknown).
`--quiet` prints only that overview (also
for one file). Colours only in a terminal, through rich (`output.lines`).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from gmsd_fast.api import ValidationResult
from gmsd_fast.docs import catalogue, find_rule, short_title
from gmsd_fast.gemeenten import gemeente_label
from gmsd_fast.inputs import shared_names
from gmsd_fast.messages import SEVERITIES, pass_name, severity, severity_summary, t, tn
from gmsd_fast.output import finding_dicts, not_read
from gmsd_fast.output.lines import Line, Out, Table

EXAMPLE_LINES = 3
MESSAGES_PER_RULE = 3
_SEVERITY_ORDER = SEVERITIES
_SEVERITY_STYLE = {"reject": "bold red", "error": "red", "warning": "yellow", "info": "cyan"}


def _lines_text(rows: list[dict[str, Any]], count: int, lang: str) -> str:
    """`regels 5, 9, 12 …`: the first distinct line numbers, `…` when there are more."""
    distinct: list[int] = []
    for row in rows:
        if row["line"] is not None and row["line"] not in distinct:
            distinct.append(row["line"])
    if not distinct:
        return t("file_level", lang)
    shown = distinct[:EXAMPLE_LINES]
    more = len(distinct) > len(shown) or count > len(rows)
    word = t("lines_word", lang) if len(shown) > 1 or more else t("line_word", lang)
    return f"{word} {', '.join(map(str, shown))}{' …' if more else ''}"


def _rule_order(code: str) -> tuple[int, str]:
    """Catalogue order: pass 1 to 4, within a pass as the catalogue lists them."""
    for index, rule in enumerate(catalogue()):
        if rule["code"] == code:
            return (index, code)
    return (len(catalogue()), code)


def render_file(
    result: ValidationResult,
    out: Out,
    lang: str,
    shown: int | None = MESSAGES_PER_RULE,
    command: Callable[[str], str] | None = None,
) -> None:
    """One file's report. `shown` messages per rule (None: every one kept); `command(code)`
    is the command that lists every finding of a rule, named where some are not shown."""
    out.print(Line(result.path, style="bold"))
    if result.accepted:
        verdict = Line(t("accepted", lang), style="bold green")
        clean = not result.counts
        verdict.append(": " + t("accepted_clean" if clean else "accepted_notes", lang), style="")
        out.print(verdict)
    elif result.verdict == "undecided":
        out.print(undecided_line(result, lang), soft_wrap=True)  # one line: what to add
    else:
        verdict = Line(t("rejected", lang), style="bold red")
        verdict.append(": " + t("rejected_why", lang), style="")
        out.print(verdict)
    if result.failing_pass is not None:
        n = result.failing_pass
        out.print(Line(t("failing_pass", lang, n=n, name=pass_name(n, lang))))
    period = result.period or t("period_unknown", lang)
    records, lines = tn("records", result.rows, lang), tn("lines", result.lines, lang)
    read = t("rows_read", lang, rows=records, lines=lines, period=period, protocol=result.protocol)
    if not_read(result):
        read = t("not_read", lang)
    out.print(Line(read))
    if not result.counts:
        out.print()
        return
    out.print(Line(severity_summary(result.severity_counts, lang)))

    by_rule: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in finding_dicts(result):
        by_rule[row["rule"]].append(row)
    codes = sorted(result.counts, key=_rule_order)

    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    table.add_column(t("col_rule", lang), no_wrap=True)
    table.add_column(t("col_severity", lang), no_wrap=True)
    table.add_column(t("col_count", lang), justify="right", no_wrap=True)
    table.add_column(t("col_title", lang), overflow="fold")
    table.add_column(t("col_lines", lang))
    for code in codes:
        rows = by_rule.get(code, [])
        sevs = sorted({row["severity"] for row in rows}, key=_SEVERITY_ORDER.index)
        rule = find_rule(code)
        title = short_title(rule, lang) if rule else code
        sev_text = Line()
        for i, sev in enumerate(sevs):
            if i:
                sev_text.append("/")
            sev_text.append(severity(sev, lang), style=_SEVERITY_STYLE.get(sev, ""))
        table.add_row(
            Line(code),
            sev_text,
            Line(str(result.counts[code])),
            Line(title),
            Line(_lines_text(rows, result.counts[code], lang)),
        )
    out.print()
    out.table(table)
    out.print()
    out.print(Line(t("details" if shown is not None else "all_details", lang), style="bold"))
    for code in codes:
        rows = by_rule.get(code, [])
        out.print(Line(f"{code} ({result.counts[code]})", style="bold"))
        if (hint := fixable_hint(result, code, lang)) is not None:
            out.print(hint)
        for row in rows[:shown]:
            where = (
                f"{t('line_word', lang)} {row['line']}" if row["line"] is not None else t("file_level", lang)
            )
            out.print(Line(f"  {where}: {row['message']}"), soft_wrap=True)
        rest = result.counts[code] - len(rows[:shown])
        if rest > 0:
            more = (
                t("more_findings_command", lang, n=rest, command=command(code))
                if command is not None
                else t("more_findings", lang, n=rest)
            )
            out.print(Line("  " + more, style="dim"), soft_wrap=True)
    out.print()


def undecided_line(result: ValidationResult, lang: str) -> Line:
    """ "NIET BEOORDEELD: …": a file whose reporting period is unknown, and what to add."""
    verdict = Line(t("undecided", lang), style="bold yellow")
    uitvraag = result.uitvraag or result.protocol
    verdict.append(": " + t("undecided_why", lang, uitvraag=uitvraag), style="")
    return verdict


def verdict_cell(result: ValidationResult, lang: str) -> Line:
    """The verdict in a table: goedgekeurd, afgekeurd or niet beoordeeld."""
    style = {"accepted": "green", "undecided": "yellow"}.get(result.verdict, "bold red")
    return Line(t(f"verdict_{result.verdict}", lang), style=style)


def fixable_hint(result: ValidationResult, code: str, lang: str) -> Line | None:
    """ "N of these can be repaired with `gmsd-fast fix`", for a rule whose findings in this
    file have a safe repair (`ValidationResult.fixable`, counted by the core)."""
    n = result.fixable.get(code, 0)
    key = "fixable_hint_one" if n == 1 else "fixable_hint"
    return Line("  " + t(key, lang, n=n), style="green") if n else None


def render_summary(results: Sequence[ValidationResult], out: Out, lang: str) -> None:
    accepted = sum(1 for r in results if r.accepted)
    undecided = sum(1 for r in results if r.verdict == "undecided")
    files = tn("files", len(results), lang)
    key = "files_summary_undecided" if undecided else "files_summary"
    rejected = len(results) - accepted - undecided
    out.print(
        Line(
            t(key, lang, files=files, accepted=accepted, rejected=rejected, undecided=undecided),
            style="bold",
        )
    )


def render_delivery(result: ValidationResult, out: Out, lang: str) -> None:
    """The delivery pseudo-file ("(levering)"): its L001-L003 findings, one line each."""
    out.print(Line(result.path, style="bold"))
    if result.accepted:
        verdict = Line(t("accepted", lang), style="bold green")
        verdict.append(": " + t("delivery_accepted_notes", lang), style="")
    else:
        verdict = Line(t("rejected", lang), style="bold red")
        verdict.append(": " + t("delivery_rejected_why", lang), style="")
    out.print(verdict)
    for row in finding_dicts(result):
        line = Line(f"  {row['rule']} ")
        line.append(severity(row["severity"], lang), style=_SEVERITY_STYLE.get(row["severity"], ""))
        line.append(f": {row['message']}")
        out.print(line, soft_wrap=True)
    out.print()


def render_check(
    results: Sequence[ValidationResult],
    delivery: ValidationResult | None,
    out: Out,
    lang: str,
    quiet: bool = False,
    shown: int | None = MESSAGES_PER_RULE,
    command: Callable[[str], str] | None = None,
) -> None:
    """All of `gmsd-fast check --format text`: the files (unless `quiet`), then the overview.
    `shown` and `command` as for `render_file`."""
    if not quiet:
        for result in results:
            render_file(result, out, lang, shown, command)
    if quiet or len(results) > 1:
        render_overview(results, out, lang)
    if delivery is not None:
        render_delivery(delivery, out, lang)
    if len(results) > 1:
        render_summary(results, out, lang)


def _common_folder(paths: Sequence[str]) -> str:
    """The folder (or zip) all `paths` are in, with its separator; "" when there is none."""
    prefix = os.path.commonprefix(list(paths))  # noqa: RUF071 (commonpath fails on mixed paths)
    return prefix[: max(prefix.rfind("/"), prefix.rfind("\\")) + 1]


def render_overview(results: Sequence[ValidationResult], out: Out, lang: str) -> None:
    """One row per file: file, gemeente (code and name), records read, verdict, and the
    exact number of reject, error and warning findings. The folder or zip all files are in is
    said once, above the table."""
    shown = _SEVERITY_ORDER[:3]
    folder = _common_folder([r.path for r in results])
    out.print(Line(t("overview", lang), style="bold"))
    if folder:
        out.print(Line(t("overview_in", lang, folder=folder)), soft_wrap=True)
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    table.add_column(t("col_file", lang), overflow="fold")
    table.add_column(t("col_gemeente", lang), no_wrap=True)
    table.add_column(t("col_records", lang), justify="right", no_wrap=True)
    table.add_column(t("col_verdict", lang), no_wrap=True)
    for sev in shown:
        table.add_column(severity(sev, lang).capitalize(), justify="right", no_wrap=True)
    for result in results:
        verdict = verdict_cell(result, lang)
        counts = [result.severity_counts.get(sev, 0) for sev in shown]
        table.add_row(
            Line(result.path[len(folder) :]),
            Line(gemeente_label(result.gemeentecode, result.period)),
            Line(str(result.rows)),
            verdict,
            *(
                Line(str(n), style=_SEVERITY_STYLE[sev] if n else "dim")
                for sev, n in zip(shown, counts, strict=True)
            ),
        )
    out.table(table)
    for name, n in shared_names([r.path for r in results]).items():
        out.print(Line(t("shared_name", lang, name=name, n=n)), soft_wrap=True)
    out.print()
