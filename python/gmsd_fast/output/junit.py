"""`--format junit`: JUnit XML, for the CI pipelines of software vendors (Jenkins, GitLab,
GitHub Actions, Azure DevOps read it as test results)::

    <?xml version="1.0" encoding="UTF-8"?>
    <testsuites name="gmsd-fast" tests="N" failures="F" errors="E">
      <testsuite name="gmsd-fast check" tests="N" failures="F" errors="E" skipped="0"
                 timestamp="YYYY-MM-DDTHH:MM:SS">
        <testcase classname="gmsd-fast.check" name="PATH">
          <failure type="rejected" message="CBS will refuse this file. …">the findings per
            rule with a reject, the first few of each</failure>
          <system-out>records read; the other findings (errors, warnings, advice) per rule
          </system-out>
        </testcase>
        <testcase classname="gmsd-fast.check" name="MISSING">
          <error type="not-read" message="file not found: MISSING"/>
        </testcase>
      </testsuite>
    </testsuites>

Valid against the JUnit schema of Jenkins' xUnit plugin (`testsuites` has no `skipped`;
tests/schemas/junit-10.xsd) and read by GitLab. One test case per file, one named
"(levering)" / "(delivery)" when there are delivery findings (L001-L004), and one with an
`<error>` per input that could not be read at all (a missing path): the report is still
written, and the run exits 3. A rejected or undecided file fails, and with `--fail-on` so does
a file with a finding of that severity or worse (its `failure` type is the severity); any
other passes, its findings in `system-out`. Counts per rule are exact; at most
`SHOWN_PER_RULE` findings per rule are written out, kept as the findings are read batch by
batch (so any number of them takes bounded memory). Everything is escaped by ElementTree, and
characters XML 1.0 cannot hold (control characters from a damaged file) become U+FFFD.
Messages and values come from the core, so BSNs are masked unless the check ran with
`--reveal-bsn`. No time is given: gmsd-fast does not time files one by one, and the attribute
is optional for CI servers.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from gmsd_fast.api import ValidationResult
from gmsd_fast.docs import catalogue, find_rule, rule_title, short_title
from gmsd_fast.messages import severity, t, tn
from gmsd_fast.output import SEVERITIES, Output, Run, failure, not_read

#: Findings written out per rule (the count is always the exact total).
SHOWN_PER_RULE = 10
_SEVERITY_ORDER = ("reject", "error", "warning", "info")
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


def _shown(
    result: ValidationResult, failing: tuple[str, ...] = ("reject",)
) -> tuple[dict[str, list[dict[str, Any]]], set[str]]:
    """The first `SHOWN_PER_RULE` findings of each rule, and the rules with a finding of a
    `failing` severity among their findings, read batch by batch."""
    by_rule: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rejecting: set[str] = set()
    for batch in result.batches():
        rules = batch.column("rule")
        rejects = pc.is_in(batch.column("severity"), value_set=pa.array(failing))
        for code in pc.unique(rules).to_pylist():
            of_rule = pc.equal(rules, code)
            if code not in rejecting and pc.any(pc.and_(of_rule, rejects)).as_py():
                rejecting.add(code)
            wanted = SHOWN_PER_RULE - len(by_rule[code])
            if wanted > 0:
                rows = batch.take(pc.indices_nonzero(of_rule)[:wanted])
                by_rule[code].extend(rows.to_pylist())
    return by_rule, rejecting


def _testcase(suite: ET.Element, result: ValidationResult, run: Run) -> bool:
    """Adds the test case of one result; True when it fails (`Run.fails`)."""
    lang = run.lang
    case = ET.SubElement(suite, "testcase", classname="gmsd-fast.check", name=_xml(result.path))
    by_rule, rejecting = _shown(result, SEVERITIES[: SEVERITIES.index(run.fail_on) + 1])
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
    fails = failure(result, run)
    if fails is not None:
        kind, message = fails
        element = ET.SubElement(case, "failure", type=kind, message=_xml(message))
        element.text = _xml("\n\n".join(failing) or message) + "\n"
    if out:
        ET.SubElement(case, "system-out").text = _xml("\n\n".join(out)) + "\n"
    return fails is not None


def document(
    results: Iterable[ValidationResult],
    run: Run,
    missing: Iterable[tuple[str, str]] = (),
    now: datetime | None = None,
) -> ET.Element:
    """The `<testsuites>` element: a test case per result, the delivery pseudo-file's too,
    and an erring one per input in `missing` (its path and why it was not read)."""
    counts = {"tests": "0", "failures": "0", "errors": "0"}
    root = ET.Element("testsuites", {"name": "gmsd-fast", **counts})
    when = (now or datetime.now()).isoformat(timespec="seconds")
    suite = ET.SubElement(
        root, "testsuite", {"name": "gmsd-fast check", **counts, "skipped": "0", "timestamp": when}
    )
    tests = failures = errors = 0
    for path, why in missing:
        tests += 1
        errors += 1
        case = ET.SubElement(suite, "testcase", classname="gmsd-fast.check", name=_xml(path))
        ET.SubElement(case, "error", type="not-read", message=_xml(why))
    for result in results:
        tests += 1
        failures += _testcase(suite, result, run)
    for element in (root, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
    return root


def write(
    results: Iterable[ValidationResult], out: Output, run: Run, missing: Iterable[tuple[str, str]] = ()
) -> None:
    """The document is built while the results are read (a few findings per rule each), and
    written at the end: its counts come first."""
    root = document(results, run, missing)
    ET.indent(root)
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="utf-8", xml_declaration=False))
    out.write(b"\n")
