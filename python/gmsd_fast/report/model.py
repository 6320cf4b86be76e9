"""The report as plain data: built once from `ValidationResult`s, rendered by text/json/html.

Everything in the model is JSON-serialisable (dicts, lists, str, int, float, bool, None) and
holds counts, codes, names and file names only: never a BSN, never a line of a file. The
layout is documented in `gmsd_fast.report.json` (it is the JSON format's contract).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from gmsd_fast import __version__
from gmsd_fast.api import ValidationResult
from gmsd_fast.docs import find_rule, rule_title, short_title
from gmsd_fast.gemeenten import gemeente_name, period_start
from gmsd_fast.inputs import shared_names
from gmsd_fast.messages import SEVERITIES
from gmsd_fast.output import rule_code
from gmsd_fast.report.texts import (
    GROUPS,
    TYPE_GROUPS,
    TYPES,
    counted,
    group_name,
    number,
    percent,
    tr,
    type_label,
)

SCHEMA_VERSION = 1
_SEVERITY_ORDER = SEVERITIES
#: "A large municipality with only one client": previous at least this many clients …
LARGE_CLIENTS = 100
#: … or a file with at least this many records …
LARGE_ROWS = 100
#: … and now at most this many clients.
FEW_CLIENTS = 1

_COUNT_KEYS = ("rows", "clients", "unknown_bsn_rows", "voorzieningen", "open_ended")
_OPTIONAL_KEYS = ("started_in_period", "ended_in_period")
_MAP_KEYS = (
    "voorzieningen_per_type",
    "voorzieningen_per_group",
    "voorzieningen_per_leveringsvorm",
    "clients_per_group",
    "starts_per_month",
    "ends_per_month",
)


#: The maps by publication group, which list every group in the protocol's order.
_GROUP_KEYS = ("voorzieningen_per_group", "clients_per_group")


def _empty_counts() -> dict[str, Any]:
    counts: dict[str, Any] = dict.fromkeys(_COUNT_KEYS, 0)
    counts.update(dict.fromkeys(_OPTIONAL_KEYS, None))
    for key in _MAP_KEYS:
        counts[key] = {}
    counts["voorzieningen_per_group"] = {key: 0 for key, _, _ in GROUPS}
    counts["clients_per_group"] = {key: 0 for key, _, _ in GROUPS}
    return counts


def _counts(result: ValidationResult) -> dict[str, Any] | None:
    """The CBS counts of one file in the model's layout (every group present, maps sorted)."""
    raw = result.cbs_counts
    if raw is None:
        return None
    counts = _empty_counts()
    for key in (*_COUNT_KEYS, *_OPTIONAL_KEYS):
        counts[key] = raw[key]
    for key in _MAP_KEYS:
        if key in _GROUP_KEYS:
            counts[key].update(raw[key])  # after every group, in the protocol's order
        else:
            counts[key] = dict(raw[key])  # the core's: keys as text, in order
    return counts


def _add(total: dict[str, Any], counts: dict[str, Any]) -> None:
    for key in _COUNT_KEYS:
        total[key] += counts[key]
    for key in _OPTIONAL_KEYS:
        if counts[key] is not None:
            total[key] = (total[key] or 0) + counts[key]
    for key in _MAP_KEYS:
        for k, v in counts[key].items():
            total[key][k] = total[key].get(k, 0) + v


def _sorted_maps(total: dict[str, Any]) -> None:
    """The maps of a total in key order (groups in the protocol's order), once all is added."""
    for key in _MAP_KEYS:
        if key not in _GROUP_KEYS:
            total[key] = dict(sorted(total[key].items()))


def _rules(result: ValidationResult, lang: str) -> list[dict[str, Any]]:
    """Findings per rule of one result: code, name, worst severity seen, exact count, title."""
    severities: dict[str, set[str]] = defaultdict(set)
    # As rows: a report shown as text needs no pyarrow.
    for finding in result.finding_rows():
        severities[finding["rule"]].add(finding["severity"])
    rows = []
    for code, count in result.counts.items():
        rule = find_rule(code)
        seen = severities.get(code) or {str(s) for s in (rule["severities"] if rule else ["info"])}
        worst = min(seen, key=lambda s: _SEVERITY_ORDER.index(s) if s in _SEVERITY_ORDER else 9)
        rows.append(
            {
                "rule": code,
                "name": str(rule["name"]) if rule else code,
                "label": short_title(rule, lang) if rule else code,
                "severity": worst,
                "count": int(count),
                "title": rule_title(rule, lang) if rule else code,
            }
        )
    return sorted(rows, key=lambda r: (_SEVERITY_ORDER.index(r["severity"]), r["rule"]))


def records(read: int, counted: int | None, lang: str) -> dict[str, Any]:
    """Records read (what `check` says) and records counted (what CBS counts), and one
    sentence on the difference where they differ. The core counts a record only when its line
    splits into the protocol's columns and it has a valid BSN, type and start date; every
    other record has a finding already."""
    explanation = None
    if counted is not None and counted != read:
        key = "records_explained"  # with the forms that agree with 1 and 0
        if read == 1:
            key = "records_explained_single"
        elif counted == 0:
            key = "records_explained_none"
        elif read - counted == 1:
            key = "records_explained_one"
        explanation = tr(
            key,
            lang,
            read=number(read, lang),
            counted=number(counted, lang),
            n=number(read - counted, lang),
        )
    return {"read": read, "counted": counted, "explanation": explanation}


def _file(result: ValidationResult, lang: str) -> dict[str, Any]:
    code = result.gemeentecode
    counts = _counts(result)
    return {
        "path": result.path,
        "gemeentecode": code,
        "gemeente": gemeente_name(code, result.period),
        "period": result.period,
        "verdict": result.verdict,
        "failing_pass": result.failing_pass,
        "rows": result.rows,
        "records": records(result.rows, None if counts is None else counts["rows"], lang),
        "gemeenten": dict(sorted(result.gemeenten.items())),
        "severity_counts": {s: int(result.severity_counts.get(s, 0)) for s in _SEVERITY_ORDER},
        "findings_per_rule": _rules(result, lang),
        "counts": counts,
    }


class FileParts:
    """The parts of a report made of one file each (`build_report`'s `files`), made as each
    file's check ends (`inputs.check_all`'s `on_result`) while the later files are still being
    checked, so that what is left after the last check is the delivery's own part. `then` is
    called with each part as it is made (the text report renders the file's details)."""

    def __init__(self, lang: str, then: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.lang = lang
        self.then = then
        self._made: dict[int, dict[str, Any]] = {}

    def __call__(self, result: ValidationResult) -> None:
        part = _file(result, self.lang)
        self._made[id(result)] = part
        if self.then is not None:
            self.then(part)

    def of(self, result: ValidationResult) -> dict[str, Any]:
        """The part of `result`: made already, or now."""
        made = self._made.pop(id(result), None)
        return made if made is not None else _file(result, self.lang)


def replaced_files(files: Sequence[str], delivery_findings: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Per file that a later one replaces, that later file: CBS keeps, of two or more files
    for one gemeente and period (L001, its `files` in the order received), only the last."""
    shown = set(files)
    replaced: dict[str, str] = {}
    for finding in delivery_findings:
        if finding["rule"] != rule_code("duplicate-delivery") or len(finding.get("files", ())) < 2:
            continue
        *earlier, last = finding["files"]
        replaced.update({path: last for path in earlier if path in shown and path != last})
    return replaced


def _label(code: str | None, period: str | None) -> str:
    if code is None:
        return "?"
    name = gemeente_name(code, period)
    return f"{code} {name}" if name else code


def _latest_per_gemeente(results: Sequence[ValidationResult]) -> dict[str, ValidationResult]:
    """Per gemeentecode the last counted file (a later file replaces an earlier one, L001)."""
    latest: dict[str, ValidationResult] = {}
    for r in results:
        if r.gemeentecode is not None and r.cbs_counts is not None:
            latest[r.gemeentecode] = r
    return latest


def _signal(
    kind: str, lang: str, gemeentecode: str | None, message: str | None = None, **values: Any
) -> dict[str, Any]:
    """A signal of `kind`, its message `sig_<message>` (by default `sig_<kind>`)."""
    shown = {
        k: (number(v, lang) if isinstance(v, int) and not isinstance(v, bool) else v)
        for k, v in values.items()
    }
    # The numbers with their nouns, in the form that agrees ("1 cliënt", "2 voorzieningen").
    for key in ("previous", "current"):
        value = values.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            shown[f"{key}_clients"] = counted("clients", value, lang)
            shown[f"{key}_voorzieningen"] = counted("voorzieningen", value, lang)
    return {
        "kind": kind,
        "gemeentecode": gemeentecode,
        "subject": values.get("subject"),
        "previous": values.get("previous"),
        "current": values.get("current"),
        "change": values.get("change_fraction"),
        "message": tr(f"sig_{message or kind}", lang, **shown),
    }


def _change(prev: int, cur: int) -> float | None:
    return (cur - prev) / prev if prev > 0 else None


def compare(
    current: Sequence[ValidationResult],
    previous: Sequence[ValidationResult],
    max_change: float,
    lang: str,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per gemeentecode in either delivery: the comparison rows and the signals."""
    now = _latest_per_gemeente(current)
    before = _latest_per_gemeente(previous)
    rows: list[dict[str, Any]] = []
    signals: list[dict[str, Any]] = []
    limit = percent(max_change, lang, signed=False)
    for code in sorted(set(now) | set(before)):
        cur_r, prev_r = now.get(code), before.get(code)
        cur = _counts(cur_r) if cur_r else None
        prev = _counts(prev_r) if prev_r else None
        either = cur_r or prev_r
        label = _label(code, either.period if either is not None else None)
        row: dict[str, Any] = {"gemeentecode": code, "gemeente": label, "previous": None, "current": None}
        for side, counts in (("previous", prev), ("current", cur)):
            if counts is not None:
                row[side] = {
                    "clients": counts["clients"],
                    "voorzieningen": counts["voorzieningen"],
                    "voorzieningen_per_group": counts["voorzieningen_per_group"],
                }
        rows.append(row)
        if prev is None:
            continue
        if cur is None:
            signals.append(_signal("missing", lang, code, gemeente=label, previous=prev["clients"]))
            continue
        zero_groups = set()
        for key, _, _ in GROUPS:
            p, c = prev["voorzieningen_per_group"].get(key, 0), cur["voorzieningen_per_group"].get(key, 0)
            if p > 0 and c == 0:
                zero_groups.add(key)
                signals.append(
                    _signal(
                        "group_zero",
                        lang,
                        code,
                        gemeente=label,
                        subject=group_name(key, lang),
                        previous=p,
                        current=0,
                    )
                )
        for type_code, p in prev["voorzieningen_per_type"].items():
            group = TYPE_GROUPS.get(type_code)
            if p > 0 and cur["voorzieningen_per_type"].get(type_code, 0) == 0 and group not in zero_groups:
                signals.append(
                    _signal(
                        "type_zero",
                        lang,
                        code,
                        gemeente=label,
                        subject=type_label(type_code, lang) if type_code in TYPES else type_code,
                        previous=p,
                        current=0,
                    )
                )
        few = prev["clients"] >= LARGE_CLIENTS and cur["clients"] <= FEW_CLIENTS
        if few:
            signals.append(
                _signal(
                    "few_clients_previous",
                    lang,
                    code,
                    gemeente=label,
                    previous=prev["clients"],
                    current=cur["clients"],
                )
            )
        for key in ("clients", "voorzieningen"):
            if key == "clients" and few:
                continue
            fraction = _change(prev[key], cur[key])
            if fraction is not None and abs(fraction) > max_change:
                signals.append(
                    _signal(
                        f"{key}_change",
                        lang,
                        code,
                        gemeente=label,
                        previous=prev[key],
                        current=cur[key],
                        change=percent(fraction, lang),
                        change_fraction=round(fraction, 4),
                        limit=limit,
                    )
                )
    return rows, signals


def _few_clients_signals(results: Sequence[ValidationResult], lang: str) -> list[dict[str, Any]]:
    signals = []
    for r in results:
        c = r.cbs_counts
        if c is None:
            continue
        clients, rows = int(c.get("clients") or 0), int(c.get("rows") or r.rows)
        if rows >= LARGE_ROWS and clients <= FEW_CLIENTS:
            signals.append(
                _signal(
                    "few_clients_rows",
                    lang,
                    r.gemeentecode,
                    message="few_clients_rows" if clients else "few_clients_rows_none",
                    file=r.path,
                    rows=rows,
                    current=clients,
                )
            )
    return signals


def build_report(
    results: Sequence[ValidationResult],
    delivery_findings: Sequence[dict[str, Any]],
    *,
    lang: str = "nl",
    inputs: Sequence[str] = (),
    centrumgemeenten: set[str] | None = None,
    previous: Sequence[ValidationResult] | None = None,
    previous_inputs: Sequence[str] = (),
    max_change: float = 0.25,
    now: datetime | None = None,
    parts: FileParts | None = None,
) -> dict[str, Any]:
    """The report model. `results` must have been checked with `count=True` (files that could
    not be read have no counts and are shown as such); `delivery_findings` come from
    `gmsd_fast.delivery.delivery_findings`; `previous` (also counted) enables the comparison;
    `parts` holds the files' parts made while they were checked (in `lang`)."""
    made = parts if parts is not None and parts.lang == lang else FileParts(lang)
    files = [made.of(r) for r in results]
    replaced = replaced_files([f["path"] for f in files], delivery_findings)
    total = _empty_counts()
    for f in files:
        f["replaced_by"] = replaced.get(f["path"])
        if f["counts"] is not None and f["replaced_by"] is None:
            _add(total, f["counts"])
    _sorted_maps(total)
    table_notes = [tr("replaced", lang, file=path, by=by) for path, by in replaced.items()]
    for name, n in shared_names([f["path"] for f in files]).items():
        table_notes.append(tr("shared_name", lang, name=name, n=n))
    rule_totals: dict[str, dict[str, Any]] = {}
    for f in files:
        for row in f["findings_per_rule"]:
            entry = rule_totals.setdefault(row["rule"], {**row, "count": 0, "files": 0})
            entry["count"] += row["count"]
            entry["files"] += 1
            if _SEVERITY_ORDER.index(row["severity"]) < _SEVERITY_ORDER.index(entry["severity"]):
                entry["severity"] = row["severity"]
    delivery = [
        {k: v for k, v in d.items() if k not in ("line", "column", "field", "file")}
        for d in delivery_findings
    ]
    for d in delivery:
        rule = find_rule(d["rule"])
        entry = rule_totals.setdefault(
            d["rule"],
            {
                "rule": d["rule"],
                "name": d["name"],
                "label": short_title(rule, lang) if rule else d["rule"],
                "severity": d["severity"],
                "count": 0,
                "files": 0,
                "title": rule_title(rule, lang) if rule else d["rule"],
            },
        )
        entry["count"] += 1
        entry["files"] += len(d.get("files", []))
    rejected_files = sum(1 for f in files if f["verdict"] == "rejected")
    undecided_files = sum(1 for f in files if f["verdict"] == "undecided")
    delivery_reject = any(d["severity"] == "reject" for d in delivery)
    comparison: list[dict[str, Any]] | None = None
    signals = _few_clients_signals(results, lang)
    if previous is not None:
        comparison, change_signals = compare(results, previous, max_change, lang)
        signals = change_signals + signals
    periods = sorted({r.period for r in results if r.period})
    notes = [
        tr("l003_checked", lang, centrumgemeenten=counted("centrumgemeenten", len(centrumgemeenten), lang))
        if centrumgemeenten is not None
        else tr("l003_not_checked", lang)
    ]
    if previous is None:
        notes.append(tr("no_previous", lang))
    return {
        "schema": SCHEMA_VERSION,
        "tool": {"name": "gmsd-fast", "version": __version__},
        "generated": (now or datetime.now()).isoformat(timespec="seconds"),
        "lang": lang,
        "inputs": list(inputs),
        "periods": periods,
        "verdict": "rejected"
        if rejected_files or delivery_reject
        else "undecided"
        if undecided_files
        else "accepted",
        "uitvraag": next((r.uitvraag for r in results if r.uitvraag), None),
        "summary": {
            "files": len(files),
            "accepted": len(files) - rejected_files - undecided_files,
            "rejected": rejected_files,
            "undecided": undecided_files,
            "delivery_rejects": sum(1 for d in delivery if d["severity"] == "reject"),
            "signals": len(signals),
        },
        "records": records(sum(f["rows"] for f in files if f["replaced_by"] is None), total["rows"], lang),
        "total": total,
        "files": files,
        "table_notes": table_notes,
        "findings_per_rule": sorted(
            rule_totals.values(), key=lambda r: (_SEVERITY_ORDER.index(r["severity"]), r["rule"])
        ),
        "delivery_findings": delivery,
        "centrumgemeenten_checked": centrumgemeenten is not None,
        "previous": None
        if previous is None
        else {"inputs": list(previous_inputs), "files": len(previous), "max_change": max_change},
        "comparison": comparison,
        "signals": signals,
        "notes": notes,
    }


#: Months shown around the period(s) in the month charts and tables; the rest is summed.
MONTHS_AROUND = 6
EARLIER, LATER = "earlier", "later"


@functools.cache
def _month_index(month: str) -> int:
    # Cached: each of a delivery's files names the same few hundred months.
    year, _, mm = month.partition("-")
    return int(year) * 12 + int(mm) - 1


@functools.cache
def _month_name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_rows(counts: dict[str, Any], periods: Sequence[str]) -> list[tuple[str, int, int]]:
    """(month, starts, ends) for the month charts: every month from `MONTHS_AROUND` months
    before the first period to as long after the last one; starts and ends outside that window
    are summed into `earlier` and `later` rows (present only when not zero). Without a period,
    every month with data."""
    starts: dict[str, int] = counts.get("starts_per_month", {})
    ends: dict[str, int] = counts.get("ends_per_month", {})
    firsts = [period_start(p) for p in periods]
    known = [d for d in firsts if d is not None]
    if not known:
        months = sorted(set(starts) | set(ends))
        return [(m, starts.get(m, 0), ends.get(m, 0)) for m in months]
    lo = min(d.year * 12 + d.month - 1 for d in known) - MONTHS_AROUND
    hi = max(d.year * 12 + d.month - 1 for d in known) + 5 + MONTHS_AROUND
    before = [0, 0]
    after = [0, 0]
    for side, source in enumerate((starts, ends)):
        for m, n in source.items():
            i = _month_index(m)
            if i < lo:
                before[side] += n
            elif i > hi:
                after[side] += n
    rows: list[tuple[str, int, int]] = []
    if any(before):
        rows.append((EARLIER, before[0], before[1]))
    for i in range(lo, hi + 1):
        m = _month_name(i)
        rows.append((m, starts.get(m, 0), ends.get(m, 0)))
    if any(after):
        rows.append((LATER, after[0], after[1]))
    return rows
