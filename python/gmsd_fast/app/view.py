"""What the page shows of a job, as JSON in the language of the request: every text already in
words (verdicts, severities, numbers written for people), so the page's script only places
text (`textContent`, never HTML). Its data comes from `gmsd_fast.app.glue`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from gmsd_fast.app import glue
from gmsd_fast.app.jobs import COUNTING, FIXING, Job
from gmsd_fast.app.words import w, wn
from gmsd_fast.messages import severity, severity_summary
from gmsd_fast.report.texts import number

Href = Callable[[str], str]


def explain_href(lang: str) -> Href:
    return lambda code: f"/explain/{quote(code)}?lang={lang}"


def verdict_label(verdict: str, lang: str) -> str:
    key = f"verdict_{verdict}"
    try:
        return w(key, lang)
    except KeyError:
        return verdict


def _where(example: glue.Example, lang: str) -> str:
    if example.line is None:
        return ""
    if example.column is None:
        return w("where_line", lang, line=number(example.line, lang))
    return w("where", lang, line=number(example.line, lang), column=example.column)


def _file(f: glue.FileVerdict, lang: str, href: Href) -> dict[str, Any]:
    rules = []
    for r in f.rules:
        shown = len(r.examples)
        rules.append(
            {
                "code": r.code,
                "href": href(r.code),
                "explain": w("explain", lang, code=r.code),
                "title": r.title,
                "description": r.description,
                "severity": r.severity,
                "severity_label": severity(r.severity, lang),
                "count": number(r.count, lang),
                "fixable": number(r.fixable, lang) if r.fixable else "",
                "examples": [
                    {"where": _where(e, lang), "message": e.message, "value": e.value or ""}
                    for e in r.examples
                ],
                "more": w("more_in_xlsx", lang, shown=shown, count=number(r.count, lang))
                if shown and r.count > shown
                else "",
            }
        )
    return {
        "name": w("delivery", lang) if f.is_delivery else f.name,
        "gemeente": f.gemeente,
        "period": f.period or "",
        "rows": "" if f.is_delivery else number(f.rows, lang),
        "verdict": f.verdict,
        "verdict_label": verdict_label(f.verdict, lang),
        "findings": severity_summary(f.severity_counts, lang) or w("no_findings", lang),
        "rules": rules,
    }


def _banner(verdict: str, lang: str) -> str:
    if verdict == "accepted":
        return w("all_accepted", lang)
    if verdict == "undecided":
        return w("some_undecided", lang)
    return w("some_rejected", lang)


def _fixed(job: Job, lang: str, href: Href) -> dict[str, Any]:
    fixed = job.fixed or []
    files = []
    unsafe: dict[str, dict[str, Any]] = {}
    for i, f in enumerate(fixed):
        if f.output is None:
            files.append(
                {"name": f.upload.name, "error": w("fix_failed", lang, name=f.upload.name, reason=f.error)}
            )
            continue
        verdict = glue.worst([a.verdict for a in f.after])
        files.append(
            {
                "name": f.upload.name,
                "download": f"/api/jobs/{job.id}/fixed/{i}",
                "label": w("download", lang, name=os.path.basename(f.output)),
                "text": w(
                    "fixed_file",
                    lang,
                    repairs=wn("repairs", f.repairs, lang, number(f.repairs, lang)),
                    verdict=verdict_label(verdict, lang),
                ),
                "verdict": verdict,
                "error": "",
            }
        )
        for u in f.unsafe:
            entry = unsafe.setdefault(
                u.code, {"code": u.code, "title": u.title, "n": 0, "examples": [], "href": href(u.code)}
            )
            entry["n"] += u.count
            entry["examples"] += [
                w("unsafe_example", lang, line=number(line, lang) if line else "?", old=old, new=new)
                for line, old, new in u.examples
            ][: glue.EXAMPLES - len(entry["examples"])]
    offered = []
    for entry in unsafe.values():
        n = entry.pop("n")
        entry["label"] = w(
            "unsafe_item", lang, code=entry["code"], title=entry["title"], repairs=wn("repairs", n, lang)
        )
        entry["explain"] = w("explain", lang, code=entry["code"])
        offered.append(entry)
    return {"files": files, "unsafe": offered}


def status(job: Job, lang: str) -> dict[str, Any]:
    """The job as the page shows it, in `lang`."""
    with job.lock:
        state, done, total = job.state, job.done, job.total
        checked, report, fixed, error = job.checked, job.report, job.fixed, job.error
    href = explain_href(lang)
    step = {COUNTING: "counting", FIXING: "fixing"}.get(state, "checking")
    out: dict[str, Any] = {
        "id": job.id,
        "state": state,
        "done": done,
        "total": total,
        "step": w(step, lang),
        "progress": w("of_files", lang, done=done, total=wn("files", total, lang)) if total else "",
        "error": w(error[0], lang, **error[1]) if error else "",
        "result": None,
        "fixed": None,
    }
    if checked is not None:
        verdict = glue.worst(
            [f.verdict for f in checked.files] + ([checked.delivery.verdict] if checked.delivery else [])
        )
        out["result"] = {
            "lang": checked.lang,
            "verdict": verdict,
            "verdict_label": verdict_label(verdict, lang),
            "banner": _banner(verdict, lang),
            "files": [_file(f, lang, href) for f in checked.files],
            "delivery": None if checked.delivery is None else _file(checked.delivery, lang, href),
            "xlsx": f"/api/jobs/{job.id}/findings.xlsx",
            "report": f"/api/jobs/{job.id}/report.html" if report is not None else "",
            "report_note": ""
            if report is not None or checked.rows <= glue.REPORT_MAX_ROWS
            else w(
                "report_skipped",
                lang,
                limit=number(glue.REPORT_MAX_ROWS, lang),
                rows=number(checked.rows, lang),
            ),
            "repairable": any(r.repairable for f in checked.files for r in f.rules),
        }
    if fixed is not None:
        out["fixed"] = _fixed(job, lang, href)
    return out
