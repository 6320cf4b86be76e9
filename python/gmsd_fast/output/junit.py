"""`--format junit`: JUnit XML, for the CI pipelines of software vendors (Jenkins, GitLab,
GitHub Actions, Azure DevOps read it as test results)::

    <?xml version="1.0" encoding="UTF-8"?>
    <testsuites name="gmsd-fast" tests="N" failures="F" errors="0" skipped="0">
      <testsuite name="gmsd-fast check" tests="N" failures="F" errors="0" skipped="0"
                 timestamp="YYYY-MM-DDTHH:MM:SS">
        <testcase classname="gmsd-fast.check" name="PATH">
          <failure type="rejected" message="CBS will refuse this file. …">the findings per
            rule with a reject, the first few of each</failure>
          <system-out>records read; the other findings (errors, warnings, advice) per rule
          </system-out>
        </testcase>
      </testsuite>
    </testsuites>

One test case per file, and one named "(levering)" / "(delivery)" when there are delivery
findings (L001-L004). A rejected file fails; an accepted one passes, its errors and warnings
in `system-out`. Counts per rule are exact; at most `SHOWN_PER_RULE` findings per rule are
written out, kept as the findings are read batch by batch (so any number of them takes
bounded memory). Everything is escaped by ElementTree, and characters XML 1.0 cannot hold (control
characters from a damaged file) become U+FFFD. Messages and values come from the core, so
BSNs are masked unless the check ran with `--reveal-bsn`. No time is given: gmsd-fast does not
time files one by one, and the attribute is optional for CI servers.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import pyarrow.compute as pc

from gmsd_fast.api import ValidationResult
from gmsd_fast.docs import catalogue, find_rule, rule_title, short_title
from gmsd_fast.messages import SEVERITIES, severity, severity_summary, t, tn
from gmsd_fast.output import Output, not_read

#: Findings written out per rule (the count is always the exact total).
SHOWN_PER_RULE = 10
_SEVERITY_ORDER = SEVERITIES
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("\ufffd", text)


def _rule_lines(code: str, count: int, rows: list[dict[str, Any]], lang: str) -> list[str]:
    rule = find_rule(code)
    head = f"{code} {short_title(rule, lang)}" if rule else code  # the title, not the name
    title = rule_title(rule, lang, width=100) if rule else code
    amount = tn("findings", count, lang)
    lines = [f"{head}, {amount}: {title}"]
    for row in rows[:SHOWN_PER_RULE]:
        where = f"{t('line_word', lang)} {row['line']}" if row["line"] is not None else t("file_level", lang)
        lines.append(f"  {where}, {severity(row['severity'], lang)}: {row['message']}")
    rest = count - min(len(rows), SHOWN_PER_RULE)
    if rest > 0:
        lines.append("  " + t("more_findings", lang, n=rest, code=code))
    return lines


def _summary(result: ValidationResult, lang: str) -> str:
    return severity_summary(result.severity_counts, lang)


def _shown(result: ValidationResult) -> tuple[dict[str, list[dict[str, Any]]], set[str]]:
    """The first `SHOWN_PER_RULE` findings of each rule, and the rules with a reject among
    their findings, read batch by batch."""
    by_rule: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rejecting: set[str] = set()
    for batch in result.batches():
        rules = batch.column("rule")
        rejects = pc.equal(batch.column("severity"), "reject")
        for code in pc.unique(rules).to_pylist():
            of_rule = pc.equal(rules, code)
            if code not in rejecting and pc.any(pc.and_(of_rule, rejects)).as_py():
                rejecting.add(code)
            wanted = SHOWN_PER_RULE - len(by_rule[code])
            if wanted > 0:
                rows = batch.take(pc.indices_nonzero(of_rule)[:wanted])
                by_rule[code].extend(rows.to_pylist())
    return by_rule, rejecting


def _testcase(suite: ET.Element, result: ValidationResult, lang: str) -> bool:
    """Adds the test case of one result; True when it fails (the result is rejected, or
    undecided: its reporting period unknown)."""
    case = ET.SubElement(suite, "testcase", classname="gmsd-fast.check", name=_xml(result.path))
    by_rule, rejecting = _shown(result)
    delivery = result.is_delivery
    order = {str(rule["code"]): i for i, rule in enumerate(catalogue())}
    failing: list[str] = []
    other: list[str] = []
    for code in sorted(result.counts, key=lambda c: (order.get(c, len(order)), c)):
        lines = _rule_lines(code, result.counts[code], by_rule.get(code, []), lang)
        (failing if code in rejecting else other).append("\n".join(lines))
    out = []
    if not_read(result):
        out.append(t("not_read", lang))
    elif not delivery:
        period = result.period or t("period_unknown", lang)
        out.append(
            t(
                "rows_read",
                lang,
                rows=tn("records", result.rows, lang),
                lines=tn("lines", result.lines, lang),
                period=period,
                protocol=result.protocol,
            )
        )
    out.extend(other)
    if result.verdict == "undecided":
        # Nothing rejects it, but nothing says CBS accepts it either: it fails, and says why.
        uitvraag = result.uitvraag or result.protocol
        why = t("undecided", lang) + ": " + t("undecided_why", lang, uitvraag=uitvraag)
        failure = ET.SubElement(case, "failure", type="undecided", message=_xml(why))
        failure.text = _xml(why) + "\n"
    elif not result.accepted:
        why = t("delivery_rejected_why" if delivery else "rejected_why", lang)
        message = f"{why} {_summary(result, lang)}".strip()
        failure = ET.SubElement(case, "failure", type="rejected", message=_xml(message))
        failure.text = _xml("\n\n".join(failing)) + "\n"
    if out:
        ET.SubElement(case, "system-out").text = _xml("\n\n".join(out)) + "\n"
    return not result.accepted


def document(results: Iterable[ValidationResult], lang: str, now: datetime | None = None) -> ET.Element:
    """The `<testsuites>` element: a test case per result, the delivery pseudo-file's too."""
    counts = {"tests": "0", "failures": "0", "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", {"name": "gmsd-fast", **counts})
    when = (now or datetime.now()).isoformat(timespec="seconds")
    suite = ET.SubElement(root, "testsuite", {"name": "gmsd-fast check", **counts, "timestamp": when})
    tests = failures = 0
    for result in results:
        tests += 1
        failures += _testcase(suite, result, lang)
    for element in (root, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
    return root


def write(results: Iterable[ValidationResult], out: Output, lang: str) -> None:
    """The document is built while the results are read (a few findings per rule each), and
    written at the end: its counts come first."""
    root = document(results, lang)
    ET.indent(root)
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="utf-8", xml_declaration=False))
    out.write(b"\n")
