"""`--format github`: workflow commands that GitHub Actions shows as annotations, one line
per finding written (100 per rule unless `--max-per-rule` says otherwise)::

    ::error file=WMO_H22025_a.csv,line=3,title=F015 BSN voldoet niet aan de elfproef::BSN …

`error` for the severities reject and error, `warning` for warning, `notice` for info; the
title is the rule's code and short title. A finding about a whole file has no `line`, one
about the delivery as a whole no `file`. Then one `error` per file that fails the run (a
rejected or undecided file, or one with a finding at `--fail-on`), and one per input that
could not be read at all (the annotations are still written, and the run exits 3). Values are
escaped as the workflow commands want (`%`, line breaks; in properties `:` and `,` too).
"""

from __future__ import annotations

from collections.abc import Iterable

from gmsd_fast.api import ValidationResult
from gmsd_fast.docs import find_rule, short_title
from gmsd_fast.messages import t
from gmsd_fast.output import Output, Run, ci_findings, failure

LEVELS = {"reject": "error", "error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **properties: object) -> bytes:
    """One workflow command line: `::level key=value,…::message`."""
    given = ",".join(
        f"{key}={_property(str(value))}" for key, value in properties.items() if value is not None
    )
    line = f"::{level} {given}::{_data(message)}\n" if given else f"::{level}::{_data(message)}\n"
    return line.encode("utf-8", "replace")


def write(
    results: Iterable[ValidationResult], out: Output, run: Run, missing: Iterable[tuple[str, str]] = ()
) -> None:
    lang = run.lang
    titles: dict[str, str] = {}
    for path, why in missing:
        out.write(command("error", why, file=path, title=t("ci_not_read", lang)))
    for result in results:
        for row in ci_findings(result):
            code = row["rule"]
            if code not in titles:
                rule = find_rule(code)
                titles[code] = f"{code} {short_title(rule, lang)}" if rule else code
            out.write(
                command(
                    LEVELS.get(row["severity"], "warning"),
                    row["message"],
                    file=None if result.is_delivery else row["file"],
                    line=row["line"],
                    title=titles[code],
                )
            )
        fails = failure(result, run)
        if fails is not None:
            out.write(
                command(
                    "error", fails[1], file=None if result.is_delivery else result.path, title=result.path
                )
            )
