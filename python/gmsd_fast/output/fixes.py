"""What `gmsd-fast fix` reports: the repairs of each file (the fix log) and what remains.

- `text`: per file where it went, the repairs counted per rule with what each did, then what
  remains (the check of the output, as `check` shows it); with several files the overview of
  the outputs. `--quiet`: only the overview.
- `json`: one document, a contract like `check`'s (docs/output.md, `schemas/fix.schema.json`)::

      {"schema_version": "1.0", "tool": "gmsd-fast", "tool_version": str,
       "max_per_rule": int | null,
       "files": [{"path": str, "output": str | null, "backup": str | null,
                  "counts": {rule code: int}, "lines_changed": int, "unsafe_fixes": int,
                  "fixes": [{"line": int | null, "column": int | null, "field": str | null,
                             "rule": str, "name": str, "applicability": "safe" | "unsafe",
                             "title": str, "old": str, "new": str}],
                  "check": <check's file object: the output as checked>}],
       "not_fixed": [<check's file object: an input that could not be repaired, its L004>],
       "delivery": <check's delivery object for the outputs> | null}

  `counts` are exact; `fixes` holds at most `max_per_rule` repairs per rule.
- `jsonl`: one object per repair (`file` and the keys of `fixes` above).
- `csv`: the fix log as a table with a header row, safe to open in a spreadsheet (as
  `check --format csv`).
- `parquet`: the fix log as one table.

Values are shown as the core gives them: BSNs masked unless `--reveal-bsn`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import IO, Any

import pyarrow as pa

from gmsd_fast.api import ValidationResult
from gmsd_fast.docs import find_rule
from gmsd_fast.fixing import FixResult
from gmsd_fast.messages import t, tn
from gmsd_fast.output import Run, run_header, safe_cell
from gmsd_fast.output.json import delivery_document, file_document
from gmsd_fast.output.lines import Line, Out, Table

#: Columns of the fix log, in order (see `FixResult.log`).
FIX_COLUMNS = ("file", "line", "column", "field", "rule", "name", "applicability", "title", "old", "new")


def fix_dicts(result: FixResult) -> list[dict[str, Any]]:
    """The kept repairs of one file as plain dicts, in the order they were made."""
    rows: list[dict[str, Any]] = result.log.to_pylist()
    return rows


def fix_document(result: FixResult) -> dict[str, Any]:
    """The contract's object for one file."""
    return {
        "path": result.path,
        "output": result.output,
        "backup": result.backup,
        "counts": dict(sorted(result.counts.items())),
        "lines_changed": result.lines_changed,
        "unsafe_fixes": result.unsafe_fixes,
        "fixes": [{key: row[key] for key in FIX_COLUMNS[1:]} for row in fix_dicts(result)],
        "check": file_document(result.check),
    }


def write_json(
    results: Sequence[FixResult],
    out: IO[str],
    run: Run,
    not_fixed: Sequence[ValidationResult] = (),
    delivery: ValidationResult | None = None,
) -> None:
    document = {
        **run_header(run),
        "files": [fix_document(r) for r in results],
        "not_fixed": [file_document(r) for r in not_fixed],
        "delivery": None if delivery is None else delivery_document(delivery),
    }
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_jsonl(results: Sequence[FixResult], out: IO[str]) -> None:
    for result in results:
        for row in fix_dicts(result):
            out.write(json.dumps({key: row[key] for key in FIX_COLUMNS}, ensure_ascii=False) + "\n")


def write_csv(results: Sequence[FixResult], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(FIX_COLUMNS)
    for result in results:
        for row in fix_dicts(result):
            writer.writerow([safe_cell(row[key]) for key in FIX_COLUMNS])


def fix_table(results: Sequence[FixResult]) -> pa.Table:
    """The fix logs of all results as one table."""
    tables = [r.log for r in results]
    if not tables:
        raise ValueError("no results")
    return pa.concat_tables(tables) if len(tables) > 1 else tables[0]


def write_parquet(results: Sequence[FixResult], out: IO[bytes]) -> None:
    import pyarrow.parquet as pq

    pq.write_table(fix_table(results), out)


def where(result: FixResult, lang: str) -> str:
    """Where a file's repair went, in words."""
    if result.output is None:
        return t("fix_dry_run", lang, path=result.path)
    if result.output == result.path or result.backup is not None:
        if result.backup is None:
            return t("fix_in_place_unchanged", lang, path=result.path)
        return t("fix_in_place", lang, path=result.path, backup=result.backup)
    return t("fix_written", lang, path=result.path, output=result.output)


def summary(result: FixResult, lang: str) -> str:
    """What was repaired, in words: the repairs in lines, and those to the file as a whole
    (its encoding), which change no line as the check reads it: "Hersteld: 1 reparatie aan
    het hele bestand." (was "1 reparaties in 0 regels")."""
    if not result.changed:
        return t("fix_nothing", lang)
    whole = sum(1 for line in result.log.column("line").to_pylist() if line is None)
    in_lines = result.total - whole
    parts = []
    if in_lines:
        lines = tn("lines", result.lines_changed, lang)
        parts.append(t("fix_in_lines", lang, repairs=tn("repairs", in_lines, lang), lines=lines))
    if whole:
        repairs = tn("repairs", whole, lang) if not parts else str(whole)
        parts.append(t("fix_whole_file", lang, repairs=repairs))
    said = parts[0] if len(parts) == 1 else t("fix_and", lang, lines=parts[0], file=parts[1])
    unsafe = t("fix_unsafe", lang, n=result.unsafe_fixes) if result.unsafe_fixes else ""
    return t("fix_summary", lang, repairs=said, unsafe=unsafe)


def _repairs_table(result: FixResult, lang: str) -> Table:
    """The repairs of one file per rule: count, how sure, what each did."""
    seen: dict[str, set[str]] = {}
    for row in fix_dicts(result):
        seen.setdefault(row["rule"], set()).add(row["applicability"])
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    table.add_column(t("col_rule", lang), no_wrap=True)
    table.add_column(t("col_count", lang), justify="right", no_wrap=True)
    table.add_column(t("col_applicability", lang), no_wrap=True)
    table.add_column(t("col_repair", lang), overflow="fold")
    for code, n in sorted(result.counts.items()):
        rule = find_rule(code) or {}
        fix = rule.get("fix") or {}
        kinds = seen.get(code) or {str(fix.get("applicability", ""))}
        how = "/".join(t(f"applicability_{k}", lang) for k in sorted(kinds, reverse=True) if k)
        table.add_row(Line(code), Line(str(n)), Line(how), Line(str(fix.get(f"title_{lang}", ""))))
    return table


def render_text(
    results: Sequence[FixResult],
    problems: Sequence[ValidationResult],
    delivery: ValidationResult | None,
    out: Out,
    lang: str,
    quiet: bool = False,
) -> None:
    """`--format text`: per file the repairs and what remains, then the overview (rich only
    in a terminal, see `output.lines`)."""
    from gmsd_fast.output import text as text_output

    checks = [r.check for r in results]
    if not quiet:
        for result in results:
            out.print(Line(where(result, lang), style="bold"), soft_wrap=True)
            out.print(Line(summary(result, lang)))
            if result.changed:
                out.table(_repairs_table(result, lang))
            out.print(Line(t("fix_remaining", lang), style="bold"))
            text_output.render_file(result.check, out, lang)
        for problem in problems:
            text_output.render_file(problem, out, lang)
    every = [*checks, *problems]
    if quiet or len(every) > 1:
        text_output.render_overview(every, out, lang)
    if delivery is not None:
        text_output.render_delivery(delivery, out, lang)
    if len(every) > 1:
        accepted = sum(1 for r in every if r.accepted)
        undecided = sum(1 for r in every if r.verdict == "undecided")
        repaired = sum(1 for r in results if r.changed)
        line = t(
            "fix_files_summary_undecided" if undecided else "fix_files_summary",
            lang,
            files=tn("files", len(every), lang),
            repaired=repaired,
            accepted=accepted,
            rejected=len(every) - accepted - undecided,
            undecided=undecided,
        )
        out.print(Line(line, style="bold"))
