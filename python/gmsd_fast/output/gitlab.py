"""`--format gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`), a JSON
array with one issue per finding written (100 per rule unless `--max-per-rule` says
otherwise).

Each issue has `description` (the message), `check_name` (the rule's code), `fingerprint`
(SHA-256 of where it is and what it says, so that GitLab tells the same finding in two runs
apart from a new one), `severity` and `location` (`path` as given, `lines.begin`: the line,
1 for a finding about the whole file). Severities: reject `blocker`, error `major`, warning
`minor`, info `info`. A finding about the delivery as a whole is an issue of the first file
it is about. An input that could not be read at all is a `blocker` issue with `check_name`
`not-read` (the report is still written, and the run exits 3). Written as the findings are
found.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from gmsd_fast.api import ValidationResult
from gmsd_fast.output import Output, Run, ci_findings

SEVERITIES = {"reject": "blocker", "error": "major", "warning": "minor", "info": "info"}


def _issue(description: str, check: str, severity: str, path: str, line: int, *where: object) -> bytes:
    key = "\0".join(str(part) for part in (path, check, line, *where, description))
    issue = {
        "description": description,
        "check_name": check,
        "fingerprint": hashlib.sha256(key.encode("utf-8", "replace")).hexdigest(),
        "severity": severity,
        "location": {"path": path, "lines": {"begin": line}},
    }
    return json.dumps(issue, ensure_ascii=False).encode("utf-8", "replace")


def write(
    results: Iterable[ValidationResult], out: Output, run: Run, missing: Iterable[tuple[str, str]] = ()
) -> None:
    out.write(b"[")
    written = 0

    def put(issue: bytes) -> None:
        nonlocal written
        out.write((b",\n  " if written else b"\n  ") + issue)
        written += 1

    for path, why in missing:
        put(_issue(why, "not-read", "blocker", path, 1))
    for result in results:
        for row in ci_findings(result):
            severity = SEVERITIES.get(row["severity"], "minor")
            path = row["files"][0] if row["files"] else result.path
            put(
                _issue(
                    row["message"], row["rule"], severity, path, row["line"] or 1, row["column"], row["value"]
                )
            )
    out.write(b"\n]\n" if written else b"]\n")
