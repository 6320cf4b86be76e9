"""`--format sarif`: SARIF 2.1.0 (OASIS), which GitHub code scanning, GitLab and Azure DevOps
read: one run of the tool `gmsd-fast`, every rule of the catalogue as a reporting descriptor,
and a result per finding written (100 per rule unless `--max-per-rule` says otherwise).

- A result's `level`: `error` for the severities reject and error, `warning` for warning,
  `note` for info; the severity itself is in its `properties.severity`, with the column's
  number and key (`column`, `field`) and the value (BSNs masked unless `--reveal-bsn`).
- Its location is the file (`artifactLocation.uri`, the path as given, percent-encoded) and,
  for a finding about a line, that line (`region.startLine`); the CSV column is no character
  column, so there is no `startColumn`. A finding about the delivery as a whole has the files
  it is about as locations, and `properties.scope` "delivery".
- An input that could not be read at all is a `toolExecutionNotification` of level `error`
  (and `executionSuccessful` false); the log is still written, and the run exits 3.
- `run.properties.gmsd_fast` holds the summary document of the run (docs/output.md): per
  file the verdict, exact counts, rows, period and protocol.

Validated in the tests against the OASIS schema (tests/schemas/sarif-schema-2.1.0.json).
Written as the findings are found: the results first, the properties once all are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from gmsd_fast import __version__
from gmsd_fast.api import ValidationResult
from gmsd_fast.docs import catalogue, rule_title, short_title
from gmsd_fast.output import (
    SCOPE_DELIVERY,
    Output,
    Run,
    ci_findings,
    file_summary,
    scope,
    summary_document,
)

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"reject": "error", "error": "error", "warning": "warning", "info": "note"}


def uri(path: str) -> str:
    """A path as a URI reference (forward slashes, percent-encoded)."""
    return quote(path.replace("\\", "/"), safe="/:")


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "replace")


def _rules(lang: str) -> tuple[list[dict[str, Any]], dict[str, int]]:
    rules = []
    for rule in catalogue():
        worst = min((LEVELS[str(s)] for s in rule["severities"]), key=["error", "warning", "note"].index)
        rules.append(
            {
                "id": str(rule["code"]),
                "name": str(rule["name"]),
                "shortDescription": {"text": short_title(rule, lang)},
                "fullDescription": {"text": rule_title(rule, lang)},
                "defaultConfiguration": {"level": worst},
                "properties": {"severities": list(rule["severities"]), "step": rule["pass"]},
            }
        )
    return rules, {str(r["id"]): i for i, r in enumerate(rules)}


def _result(row: dict[str, Any], index: dict[str, int], where: str) -> dict[str, Any]:
    locations = []
    for path in row["files"]:
        physical: dict[str, Any] = {"artifactLocation": {"uri": uri(path)}}
        if row["line"] is not None and where != SCOPE_DELIVERY:
            physical["region"] = {"startLine": row["line"]}
        locations.append({"physicalLocation": physical})
    result: dict[str, Any] = {
        "ruleId": row["rule"],
        "level": LEVELS.get(row["severity"], "warning"),
        "message": {"text": row["message"]},
        "locations": locations,
        "properties": {
            "severity": row["severity"],
            "scope": where,
            "column": row["column"],
            "field": row["field"],
            "value": row["value"],
        },
    }
    if row["rule"] in index:
        result["ruleIndex"] = index[row["rule"]]
    return result


def write(
    results: Iterable[ValidationResult], out: Output, run: Run, missing: Iterable[tuple[str, str]] = ()
) -> None:
    rules, index = _rules(run.lang)
    driver = {"name": "gmsd-fast", "version": __version__, "semanticVersion": __version__, "rules": rules}
    out.write(b'{\n  "$schema": ' + _json(SARIF_SCHEMA) + b',\n  "version": "2.1.0",\n  "runs": [\n    {\n')
    out.write(b'      "tool": {"driver": ' + _json(driver) + b"},\n")
    out.write(b'      "results": [')
    summaries = []
    written = 0
    for result in results:
        where = scope(result)
        count = 0
        for row in ci_findings(result):
            out.write((b",\n        " if written else b"\n        ") + _json(_result(row, index, where)))
            written += 1
            count += 1
        summaries.append(file_summary(result, count))
    out.write(b"\n      ],\n" if written else b"],\n")
    notifications = [
        {
            "level": "error",
            "message": {"text": why},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(path)}}}],
        }
        for path, why in missing
    ]
    invocation = {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
    out.write(b'      "invocations": [' + _json(invocation) + b"],\n")
    properties = {"gmsd_fast": summary_document(summaries, run)}
    out.write(b'      "properties": ' + _json(properties) + b"\n    }\n  ]\n}\n")
