"""`gmsd-fast report --format text`: the report as rich tables in the terminal (the default);
into a pipe or file the same lines and rows as plain text, without rich (`output.lines`)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from gmsd_fast.output.lines import Line, Out, Table
from gmsd_fast.report.model import month_rows
from gmsd_fast.report.texts import (
    GROUPS,
    group_name,
    leveringsvorm_label,
    month_label,
    number,
    percent,
    severity_label,
    tr,
    type_label,
    verdict_words,
)

_SEVERITY_STYLE = {"reject": "bold red", "error": "red", "warning": "yellow", "info": "cyan"}


def _table(*columns: str, right: tuple[int, ...] = (), whole: tuple[int, ...] = ()) -> Table:
    """A table of `columns`, those in `right` right-justified, those in `whole` never folded
    (in a terminal; elsewhere no cell is)."""
    table = Table(header_style="bold", show_edge=False, pad_edge=False)
    for i, column in enumerate(columns):
        layout: dict[str, Any] = {"no_wrap": True} if i in whole else {}
        table.add_column(column, justify="right" if i in right else "left", overflow="fold", **layout)
    return table


def _verdict(verdict: str, lang: str) -> Line:
    style = {"accepted": "green", "undecided": "yellow"}.get(verdict, "bold red")
    return Line(tr(f"file_{verdict}", lang), style=style)


def _file_label(f: dict[str, Any]) -> str:
    code = f["gemeentecode"] or "?"
    return f"{code} {f['gemeente']}" if f["gemeente"] else code


def _heading(out: Out, text: str) -> None:
    out.print()
    out.print(Line(text, style="bold underline"))


def _counts_tables(out: Out, counts: dict[str, Any], periods: list[str], lang: str) -> None:
    groups = _table(tr("group", lang), tr("voorzieningen", lang), tr("clients", lang), right=(1, 2))
    for key, _, _ in GROUPS:
        groups.add_row(
            group_name(key, lang),
            number(counts["voorzieningen_per_group"].get(key, 0), lang),
            number(counts["clients_per_group"].get(key, 0), lang),
        )
    _heading(out, tr("per_group", lang))
    out.table(groups)
    types = _table(tr("type", lang), tr("voorzieningen", lang), right=(1,))
    for code, n in counts["voorzieningen_per_type"].items():
        types.add_row(type_label(code, lang), number(n, lang))
    _heading(out, tr("per_type", lang))
    if counts["voorzieningen_per_type"]:
        out.table(types)
    else:
        out.print(Line(tr("none", lang)))
    forms = _table(tr("leveringsvorm", lang), tr("voorzieningen", lang), right=(1,))
    for code, n in counts["voorzieningen_per_leveringsvorm"].items():
        forms.add_row(leveringsvorm_label(code, lang), number(n, lang))
    _heading(out, tr("per_leveringsvorm", lang))
    if counts["voorzieningen_per_leveringsvorm"]:
        out.table(forms)
    else:
        out.print(Line(tr("none", lang)))
    rows = month_rows(counts, periods)
    _heading(out, tr("per_month", lang))
    if rows:
        months = _table(tr("month", lang), tr("started", lang), tr("ended", lang), right=(1, 2))
        for month, starts, ends in rows:
            months.add_row(month_label(month, lang), number(starts, lang), number(ends, lang))
        out.table(months)
    else:
        out.print(Line(tr("months_none", lang)))


def _rules_table(rules: list[dict[str, Any]], lang: str, with_files: bool = False) -> Table:
    columns = [tr("rule", lang), tr("severity", lang), tr("count", lang), tr("description", lang)]
    table = _table(*columns, right=(2,))
    for r in rules:
        table.add_row(
            r["rule"],
            Line(severity_label(r["severity"], lang), style=_SEVERITY_STYLE.get(r["severity"], "")),
            number(r["count"], lang),
            r["title"],
        )
    return table


def _file_details(out: Out, f: dict[str, Any], lang: str) -> None:
    """A file's own figures and findings (of a delivery of several files)."""
    if f["counts"] is None:
        return
    out.print()
    out.print(Line(tr("details_for", lang, name=f"{f['path']} ({_file_label(f)})"), style="bold reverse"))
    if f["records"]["explanation"]:
        out.print(Line(f["records"]["explanation"]))
    _counts_tables(out, f["counts"], [f["period"]] if f["period"] else [], lang)
    if f["findings_per_rule"]:
        _heading(out, tr("findings_per_rule", lang))
        out.table(_rules_table(f["findings_per_rule"], lang))


def file_details(f: dict[str, Any], lang: str) -> str:
    """`_file_details` as plain text (for a pipe or a file), made ahead (`FileParts`)."""
    buffer = io.StringIO()
    _file_details(Out(buffer, terminal=False), f, lang)
    return buffer.getvalue()


def render(model: dict[str, Any], out: Out, details: Mapping[int, str] | None = None) -> None:
    """The report as text; `details` holds files' details made ahead as plain text (by the
    `id` of the file's part of `model`), used where `out` is not a terminal."""
    lang = model["lang"]
    out.print(Line(tr("title", lang), style="bold"))
    out.print(Line(tr("subtitle", lang), style="dim"))
    if model["periods"]:
        out.print(Line(f"{tr('period', lang)}: {', '.join(model['periods'])}"))
    label, sentence = verdict_words(model, lang)
    style = {"accepted": "bold green", "undecided": "bold yellow"}.get(model["verdict"], "bold red")
    verdict = Line(label, style=style)
    verdict.append(": ", style="")
    verdict.append(sentence, style="")
    out.print(verdict)

    total = model["total"]
    _heading(out, tr("per_file", lang))
    files = _table(
        tr("file", lang),
        tr("gemeente", lang),
        tr("verdict", lang),
        tr("rows_read", lang),
        tr("rows_counted", lang),
        tr("clients", lang),
        tr("unknown_bsn", lang),
        tr("voorzieningen", lang),
        tr("started", lang),
        tr("ended", lang),
        right=(3, 4, 5, 6, 7, 8, 9),
        whole=(1, 2),  # fold the path and the headings, not "goedgekeurd"
    )
    for f in model["files"]:
        c = f["counts"]
        read = number(f["records"]["read"], lang)
        path = f["path"] if f.get("replaced_by") is None else f"{f['path']} ({tr('replaced_short', lang)})"
        if c is None:
            files.add_row(path, _file_label(f), _verdict(f["verdict"], lang), read, tr("not_counted", lang))
            continue
        files.add_row(
            path,
            _file_label(f),
            _verdict(f["verdict"], lang),
            read,
            number(c["rows"], lang),
            number(c["clients"], lang),
            number(c["unknown_bsn_rows"], lang),
            number(c["voorzieningen"], lang),
            number(c["started_in_period"], lang),
            number(c["ended_in_period"], lang),
        )
    if len(model["files"]) > 1:
        files.add_row(
            Line(tr("total", lang), style="bold"),
            "",
            _verdict(model["verdict"], lang),
            number(model["records"]["read"], lang),
            number(total["rows"], lang),
            number(total["clients"], lang),
            number(total["unknown_bsn_rows"], lang),
            number(total["voorzieningen"], lang),
            number(total["started_in_period"], lang),
            number(total["ended_in_period"], lang),
        )
    out.table(files)
    for note in model["table_notes"]:
        out.print(Line(note))
    if model["records"]["explanation"]:
        out.print(Line(model["records"]["explanation"]))

    _heading(out, tr("delivery_findings", lang))
    if model["delivery_findings"]:
        for d in model["delivery_findings"]:
            line = Line(f"{d['rule']} ", style="bold")
            line.append(severity_label(d["severity"], lang), style=_SEVERITY_STYLE.get(d["severity"], ""))
            line.append(f": {d['message']}")
            out.print(line)
    else:
        out.print(Line(tr("no_delivery_findings", lang)))

    _heading(out, tr("signals", lang))
    out.print(Line(tr("signals_intro", lang), style="dim"))
    if model["signals"]:
        for sig in model["signals"]:
            out.print(Line("• " + sig["message"]))
    else:
        out.print(Line(tr("no_signals", lang)))
    if model["comparison"]:
        _heading(out, tr("comparison", lang))
        cmp = _table(
            tr("gemeente", lang),
            f"{tr('clients', lang)} {tr('previous', lang).lower()}",
            f"{tr('clients', lang)} {tr('current', lang).lower()}",
            f"{tr('voorzieningen', lang)} {tr('previous', lang).lower()}",
            f"{tr('voorzieningen', lang)} {tr('current', lang).lower()}",
            tr("change", lang),
            right=(1, 2, 3, 4, 5),
        )
        for row in model["comparison"]:
            prev, cur = row["previous"] or {}, row["current"] or {}
            change = ""
            if prev.get("voorzieningen") and cur:
                change = percent((cur["voorzieningen"] - prev["voorzieningen"]) / prev["voorzieningen"], lang)
            cmp.add_row(
                row["gemeente"],
                number(prev.get("clients"), lang),
                number(cur.get("clients"), lang),
                number(prev.get("voorzieningen"), lang),
                number(cur.get("voorzieningen"), lang),
                change,
            )
        out.table(cmp)

    _heading(out, f"{tr('key_figures', lang)} — {tr('total', lang).lower()}")
    _counts_tables(out, total, model["periods"], lang)
    _heading(out, tr("findings_per_rule", lang))
    if model["findings_per_rule"]:
        out.table(_rules_table(model["findings_per_rule"], lang))
    else:
        out.print(Line(tr("no_findings", lang)))

    if len(model["files"]) > 1:
        for f in model["files"]:
            made = None if out.is_terminal or details is None else details.get(id(f))
            if made is not None:
                out.file.write(made)
            else:
                _file_details(out, f, lang)

    out.print()
    for note in model["notes"]:
        out.print(Line(note, style="dim"))
