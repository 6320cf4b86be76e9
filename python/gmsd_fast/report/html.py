"""`gmsd-fast report --format html`: one self-contained HTML file.

Inline CSS and inline SVG charts (`gmsd_fast.report.svg`); no JavaScript, no fonts, images
or styles from the network, so the file can be mailed, archived or printed as it is. Every
value is escaped. Key figures carry `data-figure` attributes so tests (and people with
scripts) can find them.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import IO, Any

from gmsd_fast.report import svg
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

_SEVERITY_COLOUR = {"reject": svg.RED, "error": svg.ORANGE, "warning": svg.YELLOW, "info": svg.TEAL}
_GROUP_COLOURS = (svg.BLUE, svg.TEAL, svg.ORANGE, "#7b4ea3", svg.GREY)

_CSS = """
*{box-sizing:border-box}
body{margin:0;background:#f4f6f8;color:#1d2630;font:15px/1.45 system-ui,-apple-system,"Segoe UI",
Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:24px 28px 48px;background:#fff;min-height:100vh}
h1{font-size:26px;margin:0 0 2px}
h2{font-size:19px;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid #e3e8ee}
h3{font-size:16px;margin:20px 0 8px}
.sub{color:#5f6b7a;margin:0 0 14px}
.verdict{border-radius:8px;padding:14px 18px;margin:16px 0;font-size:17px}
.verdict strong{font-size:20px;margin-right:8px;letter-spacing:.5px}
.ok{background:#e5f4ea;border-left:8px solid #1e7b34}
.bad{background:#fbe7e6;border-left:8px solid #b3261e}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.card{flex:1 1 130px;border:1px solid #e3e8ee;border-radius:8px;padding:10px 14px;background:#fafbfc}
.card .v{font-size:26px;font-weight:700}
.card .l{color:#5f6b7a;font-size:13px}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:14px}
th,td{padding:6px 7px;border-bottom:1px solid #e3e8ee;text-align:left;vertical-align:top}
th{background:#f0f3f6;font-weight:600}
.path{overflow-wrap:anywhere;word-break:break-all;color:#5f6b7a;font-size:12px}
#files{overflow-x:auto}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.total td{font-weight:700;border-top:2px solid #9aa5b1}
.pill{display:inline-block;border-radius:10px;padding:1px 9px;font-size:13px;font-weight:600;color:#fff}
.pill.accepted{background:#1e7b34}.pill.rejected{background:#b3261e}.pill.undecided{background:#8a6d00}
.undecided{background:#fdf6e3;border-left:8px solid #8a6d00}
.pill.reject{background:#b3261e}.pill.error{background:#d9730d}.pill.warning{background:#a86b00}
.pill.info{background:#137b74}.pill.signal{background:#5f6b7a}
ul.msgs{padding-left:0;list-style:none}
ul.msgs li{margin:6px 0;padding:8px 12px;border-radius:6px;background:#fafbfc;border:1px solid #e3e8ee}
.note{color:#5f6b7a;font-size:13px}
.chart{max-width:100%;height:auto;display:block;margin:6px 0 14px}
.file{border-top:3px solid #e3e8ee;margin-top:28px}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:0 24px}
@media (max-width:800px){.grid{grid-template-columns:1fr}}
@media print{body{background:#fff}main{padding:0}.file{break-before:page}}
"""


def _e(value: object) -> str:
    return escape(str(value))


def _pill(kind: str, text: str) -> str:
    return f'<span class="pill {_e(kind)}">{_e(text)}</span>'


def _verdict_pill(verdict: str, lang: str) -> str:
    return _pill(verdict, tr(f"file_{verdict}", lang))


def _table(head: list[str], rows: list[list[str]], numeric: set[int], total: list[str] | None = None) -> str:
    def cells(tag: str, values: list[str]) -> str:
        return "".join(
            f"<{tag}{' class=n' if i in numeric else ''}>{v}</{tag}>" for i, v in enumerate(values)
        )

    body = "".join(f"<tr>{cells('td', r)}</tr>" for r in rows)
    if total is not None:
        body += f'<tr class="total">{cells("td", total)}</tr>'
    return f"<table><thead><tr>{cells('th', [_e(h) for h in head])}</tr></thead><tbody>{body}</tbody></table>"


def _path(path: str) -> str:
    """The file name, and below it in grey the folder or zip it is in (which may wrap anywhere)."""
    folder, _, name = path.replace("\\", "/").rpartition("/")
    where = f'<br><span class="path">{_e(folder)}/</span>' if folder else ""
    return f"<strong>{_e(name)}</strong>{where}"


def _card(key: str, value: str, label: str) -> str:
    return (
        f'<div class="card"><div class="v" data-figure="{_e(key)}">{_e(value)}</div>'
        f'<div class="l">{_e(label)}</div></div>'
    )


def _records_note(records: dict[str, Any]) -> str:
    """The sentence on records read against records counted, where they differ."""
    explanation = records["explanation"]
    return f'<p class="note" data-figure="records_explained">{_e(explanation)}</p>' if explanation else ""


def _gemeente(f: dict[str, Any]) -> str:
    code = f["gemeentecode"] or "?"
    return f"{code} {f['gemeente']}" if f["gemeente"] else code


def _counts_section(counts: dict[str, Any], periods: list[str], lang: str, charts: bool) -> str:
    def n(v: int | None) -> str:
        return number(v, lang)

    parts = []
    group_items = [(group_name(k, lang), counts["voorzieningen_per_group"].get(k, 0)) for k, _, _ in GROUPS]
    parts.append(f"<h3>{_e(tr('per_group', lang))}</h3>")
    if charts:
        parts.append(svg.bar_chart(group_items, title=tr("per_group", lang), color=_GROUP_COLOURS, fmt=n))
    parts.append(
        _table(
            [tr("group", lang), tr("voorzieningen", lang), tr("clients", lang)],
            [
                [
                    _e(group_name(k, lang)),
                    n(counts["voorzieningen_per_group"].get(k, 0)),
                    n(counts["clients_per_group"].get(k, 0)),
                ]
                for k, _, _ in GROUPS
            ],
            {1, 2},
        )
    )
    types = counts["voorzieningen_per_type"]
    parts.append(f"<h3>{_e(tr('per_type', lang))}</h3>")
    if types:
        if charts:
            parts.append(
                svg.bar_chart(
                    [(type_label(c, lang), v) for c, v in types.items()], title=tr("per_type", lang), fmt=n
                )
            )
        else:
            parts.append(
                _table(
                    [tr("type", lang), tr("voorzieningen", lang)],
                    [[_e(type_label(c, lang)), n(v)] for c, v in types.items()],
                    {1},
                )
            )
    else:
        parts.append(f"<p>{_e(tr('none', lang))}</p>")
    forms = counts["voorzieningen_per_leveringsvorm"]
    parts.append(f"<h3>{_e(tr('per_leveringsvorm', lang))}</h3>")
    parts.append(
        _table(
            [tr("leveringsvorm", lang), tr("voorzieningen", lang)],
            [[_e(leveringsvorm_label(c, lang)), n(v)] for c, v in forms.items()],
            {1},
        )
        if forms
        else f"<p>{_e(tr('none', lang))}</p>"
    )
    rows = month_rows(counts, periods)
    parts.append(f"<h3>{_e(tr('per_month', lang))}</h3>")
    if rows:
        labels = [month_label(m, lang) for m, _, _ in rows]
        parts.append(
            svg.column_chart(
                labels,
                [
                    (tr("started", lang), [s for _, s, _ in rows], svg.BLUE),
                    (tr("ended", lang), [e for _, _, e in rows], svg.ORANGE),
                ],
                title=tr("per_month", lang),
                fmt=n,
                width=960 if charts else 720,
                height=300 if charts else 240,
            )
        )
    else:
        parts.append(f"<p>{_e(tr('months_none', lang))}</p>")
    return "".join(parts)


def _rule(code: str, rule_href: Callable[[str], str] | None) -> str:
    """A rule code; with `rule_href`, a link to its explanation (`gmsd-fast app`)."""
    if rule_href is None:
        return _e(code)
    return f'<a href="{_e(rule_href(code))}" target="_blank" rel="noopener">{_e(code)}</a>'


def _rules_table(rules: list[dict[str, Any]], lang: str, rule_href: Callable[[str], str] | None) -> str:
    return _table(
        [tr("rule", lang), tr("severity", lang), tr("count", lang), tr("description", lang)],
        [
            [
                _rule(r["rule"], rule_href),
                _pill(r["severity"], severity_label(r["severity"], lang)),
                number(r["count"], lang),
                _e(r["title"]),
            ]
            for r in rules
        ],
        {2},
    )


def render(model: dict[str, Any], *, rule_href: Callable[[str], str] | None = None) -> str:
    """The report as one HTML document; with `rule_href`, every rule code links to the address
    it gives for the code (the explanations of `gmsd-fast app`)."""
    lang = model["lang"]

    def n(v: int | None) -> str:
        return number(v, lang)

    s, total = model["summary"], model["total"]
    label, sentence = verdict_words(model, lang)
    box = {"accepted": "ok", "undecided": "undecided"}.get(model["verdict"], "bad")
    out: list[str] = [
        f'<!DOCTYPE html><html lang="{_e(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(tr('title', lang))}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>{_e(tr('title', lang))}</h1>",
        f'<p class="sub">{_e(tr("subtitle", lang))}'
        + (f" · {_e(tr('period', lang))}: {_e(', '.join(model['periods']))}" if model["periods"] else "")
        + "</p>",
        f'<div id="verdict" class="verdict {box}"><strong>{_e(label)}</strong>' + _e(sentence) + "</div>",
        '<div class="cards">',
        _card("files", n(s["files"]), tr("files", lang)),
        _card("rows_read", n(model["records"]["read"]), tr("rows_read", lang)),
        _card("rows", n(total["rows"]), tr("rows_counted", lang)),
        _card("clients", n(total["clients"]), tr("clients", lang)),
        _card("unknown_bsn_rows", n(total["unknown_bsn_rows"]), tr("unknown_bsn", lang)),
        _card("voorzieningen", n(total["voorzieningen"]), tr("voorzieningen", lang)),
        _card("started_in_period", n(total["started_in_period"]), tr("started", lang)),
        _card("ended_in_period", n(total["ended_in_period"]), tr("ended", lang)),
        "</div>",
        _records_note(model["records"]),
    ]

    # files
    rows = []
    for f in model["files"]:
        c = f["counts"]
        path = _path(f["path"])
        if f.get("replaced_by") is not None:
            path += f'<br><span class="note">{_e(tr("replaced_short", lang))}</span>'
        first = [path, _e(_gemeente(f)), _verdict_pill(f["verdict"], lang)]
        if c is None:
            rows.append(
                [
                    *first,
                    n(f["records"]["read"]),
                    f'<span class="note">{_e(tr("not_counted", lang))}</span>',
                    *[""] * 5,
                ]
            )
        else:
            rows.append(
                [*first, n(f["records"]["read"])]
                + [n(c[k]) for k in ("rows", "clients", "unknown_bsn_rows", "voorzieningen")]
                + [n(c["started_in_period"]), n(c["ended_in_period"])]
            )
    total_row = None
    if len(model["files"]) > 1:
        total_row = [
            _e(tr("total", lang)),
            "",
            _verdict_pill(model["verdict"], lang),
            n(model["records"]["read"]),
            *[n(total[k]) for k in ("rows", "clients", "unknown_bsn_rows", "voorzieningen")],
            n(total["started_in_period"]),
            n(total["ended_in_period"]),
        ]
    out.append(f"<h2>{_e(tr('per_file', lang))}</h2>")
    out.append(
        '<div id="files">'
        + _table(
            [
                tr(k, lang)
                for k in (
                    "file",
                    "gemeente",
                    "verdict",
                    "rows_read",
                    "rows_counted",
                    "clients",
                    "unknown_bsn",
                    "voorzieningen",
                    "started",
                    "ended",
                )
            ],
            rows,
            {3, 4, 5, 6, 7, 8, 9},
            total_row,
        )
        + "</div>"
    )
    out.extend(f'<p class="note">{_e(note)}</p>' for note in model["table_notes"])

    # delivery findings and signals
    out.append(f"<h2>{_e(tr('delivery_findings', lang))}</h2>")
    if model["delivery_findings"]:
        out.append('<ul class="msgs" id="delivery-findings">')
        for d in model["delivery_findings"]:
            pill = _pill(d["severity"], severity_label(d["severity"], lang))
            out.append(f"<li>{pill} <strong>{_rule(d['rule'], rule_href)}</strong> {_e(d['message'])}</li>")
        out.append("</ul>")
    else:
        out.append(f"<p>{_e(tr('no_delivery_findings', lang))}</p>")
    out.append(f"<h2>{_e(tr('signals', lang))}</h2><p class=note>{_e(tr('signals_intro', lang))}</p>")
    if model["signals"]:
        out.append('<ul class="msgs" id="signals">')
        for sig in model["signals"]:
            out.append(f"<li>{_pill('signal', severity_label('signal', lang))} {_e(sig['message'])}</li>")
        out.append("</ul>")
    else:
        out.append(f"<p>{_e(tr('no_signals', lang))}</p>")
    if model["comparison"]:
        out.append(f"<h3>{_e(tr('comparison', lang))}</h3>")
        cmp_rows = []
        for row in model["comparison"]:
            prev, cur = row["previous"] or {}, row["current"] or {}
            change = ""
            if prev.get("voorzieningen") and cur:
                change = percent((cur["voorzieningen"] - prev["voorzieningen"]) / prev["voorzieningen"], lang)
            cmp_rows.append(
                [
                    _e(row["gemeente"]),
                    n(prev.get("clients")),
                    n(cur.get("clients")),
                    n(prev.get("voorzieningen")),
                    n(cur.get("voorzieningen")),
                    _e(change),
                ]
            )
        prev_word, cur_word = tr("previous", lang).lower(), tr("current", lang).lower()
        out.append(
            _table(
                [
                    tr("gemeente", lang),
                    f"{tr('clients', lang)} {prev_word}",
                    f"{tr('clients', lang)} {cur_word}",
                    f"{tr('voorzieningen', lang)} {prev_word}",
                    f"{tr('voorzieningen', lang)} {cur_word}",
                    tr("change", lang),
                ],
                cmp_rows,
                {1, 2, 3, 4, 5},
            )
        )

    # whole delivery: charts
    out.append(f"<h2>{_e(tr('key_figures', lang))} — {_e(tr('total', lang).lower())}</h2>")
    out.append(_counts_section(total, model["periods"], lang, charts=True))
    out.append(f"<h2>{_e(tr('findings_per_rule', lang))}</h2>")
    rules = model["findings_per_rule"]
    if rules:
        out.append(
            svg.bar_chart(
                [(f"{r['rule']} {r['label']}", r["count"]) for r in rules],
                title=tr("findings_per_rule", lang),
                color=[_SEVERITY_COLOUR.get(r["severity"], svg.GREY) for r in rules],
                fmt=n,
            )
        )
        out.append(_rules_table(rules, lang, rule_href))
    else:
        out.append(f"<p>{_e(tr('no_findings', lang))}</p>")

    # per file
    if len(model["files"]) > 1:
        for f in model["files"]:
            if f["counts"] is None:
                continue
            out.append(f'<section class="file"><h2>{_e(tr("details_for", lang, name=_gemeente(f)))}</h2>')
            out.append(f'<p class="sub">{_e(f["path"])} · {_verdict_pill(f["verdict"], lang)}</p>')
            out.append('<div class="cards">')
            out.append(_card("rows_read", n(f["records"]["read"]), tr("rows_read", lang)))
            for key, label in (
                ("rows", "rows_counted"),
                ("clients", "clients"),
                ("unknown_bsn_rows", "unknown_bsn"),
                ("voorzieningen", "voorzieningen"),
                ("started_in_period", "started"),
                ("ended_in_period", "ended"),
            ):
                out.append(_card(f"{key}", n(f["counts"][key]), tr(label, lang)))
            out.append("</div>")
            out.append(_records_note(f["records"]))
            out.append(_counts_section(f["counts"], [f["period"]] if f["period"] else [], lang, charts=False))
            if f["findings_per_rule"]:
                out.append(f"<h3>{_e(tr('findings_per_rule', lang))}</h3>")
                out.append(_rules_table(f["findings_per_rule"], lang, rule_href))
            out.append("</section>")

    # how to read, notes
    out.append(f"<h2>{_e(tr('how_to_read', lang))}</h2><ul>")
    for key in ("explain_clients", "explain_voorzieningen", "explain_period", "explain_total"):
        out.append(f"<li>{_e(tr(key, lang))}</li>")
    out.append("</ul>")
    for note in model["notes"]:
        out.append(f'<p class="note">{_e(note)}</p>')
    when = model["generated"].replace("T", " ")
    out.append(f'<p class="note">{_e(tr("made_by", lang, version=model["tool"]["version"], when=when))}</p>')
    out.append("</main></body></html>\n")
    return "".join(out)


def write(model: dict[str, Any], out: IO[str]) -> None:
    out.write(render(model))
