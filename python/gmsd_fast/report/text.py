"""`gmsd-fast report --format text`: the report as rich tables in the terminal (the default)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from gmsd_fast.output.text import PlainTable, new_table, print_line, print_table
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


if TYPE_CHECKING:
    from rich.table import Table


def _table(console: Console, *columns: str, right: tuple[int, ...] = ()) -> Table | PlainTable:
    table = new_table(console, header_style="bold", show_edge=False, pad_edge=False)
    for i, column in enumerate(columns):
        table.add_column(column, justify="right" if i in right else "left", overflow="fold")
    return table


def _verdict(verdict: str, lang: str) -> Text:
    style = {"accepted": "green", "undecided": "yellow"}.get(verdict, "bold red")
    return Text(tr(f"file_{verdict}", lang), style=style)


def _file_label(f: dict[str, Any]) -> str:
    code = f["gemeentecode"] or "?"
    return f"{code} {f['gemeente']}" if f["gemeente"] else code


def _heading(console: Console, text: str) -> None:
    print_line(console, Text())
    print_line(console, Text(text, style="bold underline"))


def _counts_tables(console: Console, counts: dict[str, Any], periods: list[str], lang: str) -> None:
    groups = _table(console, tr("group", lang), tr("voorzieningen", lang), tr("clients", lang), right=(1, 2))
    for key, _, _ in GROUPS:
        groups.add_row(
            group_name(key, lang),
            number(counts["voorzieningen_per_group"].get(key, 0), lang),
            number(counts["clients_per_group"].get(key, 0), lang),
        )
    _heading(console, tr("per_group", lang))
    print_table(console, groups)
    types = _table(console, tr("type", lang), tr("voorzieningen", lang), right=(1,))
    for code, n in counts["voorzieningen_per_type"].items():
        types.add_row(type_label(code, lang), number(n, lang))
    _heading(console, tr("per_type", lang))
    if counts["voorzieningen_per_type"]:
        print_table(console, types)
    else:
        print_line(console, Text(tr("none", lang)))
    forms = _table(console, tr("leveringsvorm", lang), tr("voorzieningen", lang), right=(1,))
    for code, n in counts["voorzieningen_per_leveringsvorm"].items():
        forms.add_row(leveringsvorm_label(code, lang), number(n, lang))
    _heading(console, tr("per_leveringsvorm", lang))
    if counts["voorzieningen_per_leveringsvorm"]:
        print_table(console, forms)
    else:
        print_line(console, Text(tr("none", lang)))
    rows = month_rows(counts, periods)
    _heading(console, tr("per_month", lang))
    if rows:
        months = _table(console, tr("month", lang), tr("started", lang), tr("ended", lang), right=(1, 2))
        for month, starts, ends in rows:
            months.add_row(month_label(month, lang), number(starts, lang), number(ends, lang))
        print_table(console, months)
    else:
        print_line(console, Text(tr("months_none", lang)))


def _rules_table(
    console: Console, rules: list[dict[str, Any]], lang: str, with_files: bool = False
) -> Table | PlainTable:
    columns = [tr("rule", lang), tr("severity", lang), tr("count", lang), tr("description", lang)]
    table = _table(console, *columns, right=(2,))
    for r in rules:
        table.add_row(
            r["rule"],
            Text(severity_label(r["severity"], lang), style=_SEVERITY_STYLE.get(r["severity"], "")),
            number(r["count"], lang),
            r["title"],
        )
    return table


def render(model: dict[str, Any], console: Console) -> None:
    lang = model["lang"]
    console.print(Text(tr("title", lang), style="bold"))
    console.print(Text(tr("subtitle", lang), style="dim"))
    if model["periods"]:
        console.print(f"{tr('period', lang)}: {', '.join(model['periods'])}")
    label, sentence = verdict_words(model, lang)
    style = {"accepted": "bold green", "undecided": "bold yellow"}.get(model["verdict"], "bold red")
    verdict = Text(label, style=style)
    verdict.append(": ", style="")
    verdict.append(sentence, style="")
    console.print(verdict)

    total = model["total"]
    _heading(console, tr("per_file", lang))
    files = _table(
        console,
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
    )
    for column in files.columns[1:3]:  # fold the path and the headings, not "goedgekeurd"
        column.no_wrap = True
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
            Text(tr("total", lang), style="bold"),
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
    print_table(console, files)
    for note in model["table_notes"]:
        console.print(Text(note))
    if model["records"]["explanation"]:
        console.print(Text(model["records"]["explanation"]))

    _heading(console, tr("delivery_findings", lang))
    if model["delivery_findings"]:
        for d in model["delivery_findings"]:
            line = Text(f"{d['rule']} ", style="bold")
            line.append(severity_label(d["severity"], lang), style=_SEVERITY_STYLE.get(d["severity"], ""))
            line.append(f": {d['message']}")
            console.print(line)
    else:
        console.print(Text(tr("no_delivery_findings", lang)))

    _heading(console, tr("signals", lang))
    console.print(Text(tr("signals_intro", lang), style="dim"))
    if model["signals"]:
        for sig in model["signals"]:
            console.print(Text("• " + sig["message"]))
    else:
        console.print(Text(tr("no_signals", lang)))
    if model["comparison"]:
        _heading(console, tr("comparison", lang))
        cmp = _table(
            console,
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
        print_table(console, cmp)

    _heading(console, f"{tr('key_figures', lang)} — {tr('total', lang).lower()}")
    _counts_tables(console, total, model["periods"], lang)
    _heading(console, tr("findings_per_rule", lang))
    if model["findings_per_rule"]:
        print_table(console, _rules_table(console, model["findings_per_rule"], lang))
    else:
        console.print(Text(tr("no_findings", lang)))

    if len(model["files"]) > 1:
        for f in model["files"]:
            if f["counts"] is None:
                continue
            console.print()
            console.print(
                Text(tr("details_for", lang, name=f"{f['path']} ({_file_label(f)})"), style="bold reverse")
            )
            if f["records"]["explanation"]:
                console.print(Text(f["records"]["explanation"]))
            _counts_tables(console, f["counts"], [f["period"]] if f["period"] else [], lang)
            if f["findings_per_rule"]:
                _heading(console, tr("findings_per_rule", lang))
                print_table(console, _rules_table(console, f["findings_per_rule"], lang))

    console.print()
    for note in model["notes"]:
        console.print(Text(note, style="dim"))
