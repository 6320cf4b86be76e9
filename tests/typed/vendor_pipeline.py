"""A vendor's nightly export check, as a vendor would write it: checked with `mypy --strict`
by tests/test_typing.py (never run by pytest: its name does not start with `test_`)."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import assert_never

import polars as pl

import gmsd_fast
from gmsd_fast import DeliveryResult, FixError, Options, ResultConsumedError, Rule, UsageError, Verdict


def worst_rules(rules: list[Rule]) -> list[str]:
    return [rule["code"] for rule in rules if "reject" in rule["severities"] and rule["pass"] == 3]


def say(verdict: Verdict) -> str:
    if verdict == "accepted":
        return "ok"
    if verdict == "rejected":
        return "fix the export"
    if verdict == "undecided":
        return "name the period"
    assert_never(verdict)


def nightly(export: Path, out: Path) -> int:
    options: Options = {"select": "F015", "lang": "en", "jobs": 0}
    try:
        result: DeliveryResult = gmsd_fast.check_delivery(export, **options)
    except UsageError as err:
        print(err.code, err, file=sys.stderr)
        return 2
    for file in result.files:
        frame = pl.DataFrame(file.findings)
        print(file.path, file.member, say(file.verdict), frame.height, file.counts.get("F015", 0))
    for finding in result.delivery_findings:
        print(finding["rule"], finding["severity"], ", ".join(finding["files"]))
    try:
        fixed = gmsd_fast.fix_delivery(export, output=out, unsafe=False, period="H22025")
    except FixError as err:
        print(err.problem.kind, file=sys.stderr)
        return 1
    one = gmsd_fast.validate(
        export / "WMO_H22025_a.csv", select=["F", "S"], max_per_rule=0, delivery_date=datetime.date.today()
    )
    try:
        batches = sum(batch.num_rows for batch in one.batches())
    except ResultConsumedError:
        batches = 0
    print(fixed.total, fixed.verdict, batches, worst_rules(gmsd_fast.rules()))
    return 0 if result.accepted and fixed.accepted else 1
