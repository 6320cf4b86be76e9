"""Delivery-level rules: what only shows over all files of one delivery (rules L001-L003).

The core checks one file at a time; these rules look at the results of all files together:

- **L001 duplicate-delivery** (reject): two or more files with the same gemeentecode and
  the same period. The last file would replace the others (§2.2).
- **L002 several-gemeenten** (reject): one file whose rows hold more than one valid
  gemeentecode (`ValidationResult.gemeenten`), §2.5.
- **L003 beschermd-wonen-regiogemeente** (warning): beschermd wonen (`0015`, `0115`,
  `0215`, `0315`) in the counts of a file whose gemeente is not in the centrumgemeenten list
  the user supplied. Without a list it is not checked: gmsd-fast ships no list, because there
  is no public machine-readable source and a wrong list would give wrong warnings. It needs
  the results' `cbs_counts` (check with `count=True`); **(reading)** `{found}` is then the
  number of beschermd wonen voorzieningen after CBS's merge steps, not of records.

`delivery_findings` returns plain dicts with the columns of the findings schema (pass 4,
`line`/`column`/`field` null) plus `files`, the display names of the files concerned.
`delivery_result` wraps them as one extra pseudo-file "(levering)" / "(delivery)", which is
how `gmsd-fast check` shows them in every format; its verdict is `rejected` when any of them
is a reject, so the exit code becomes 1.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from gmsd_fast import _gmsd_fast
from gmsd_fast.api import ValidationResult
from gmsd_fast.docs import find_rule
from gmsd_fast.exceptions import UsageError

__all__ = [
    "BESCHERMD_WONEN",
    "DELIVERY_NAME",
    "CentrumgemeentenError",
    "delivery_findings",
    "delivery_result",
    "read_centrumgemeenten",
]

#: Beschermd wonen type codes (0015 and its variants), from the protocol data of the core.
BESCHERMD_WONEN: tuple[str, ...] = tuple(
    c["code"] for c in _gmsd_fast.code_lists()["type"] if c["beschermd_wonen"]
)

#: The display name of the pseudo-file that holds the delivery findings.
DELIVERY_NAME = {"nl": "(levering)", "en": "(delivery)"}


def _message(code: str, lang: str, **params: object) -> str:
    rule = find_rule(code)
    assert rule is not None, code
    text = str(rule["message_en" if lang == "en" else "message_nl"])
    for key, value in params.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def _finding(
    code: str, lang: str, files: list[str], value: str | None, /, **params: object
) -> dict[str, Any]:
    """One finding dict; `params` fill the catalogue message (they may reuse the names
    `files` and `value`, hence the positional-only parameters)."""
    rule = find_rule(code)
    assert rule is not None, code
    severity = str(rule["severities"][0])
    return {
        "file": DELIVERY_NAME.get(lang, DELIVERY_NAME["nl"]),
        "line": None,
        "column": None,
        "field": None,
        "rule": code,
        "name": str(rule["name"]),
        "severity": severity,
        "pass": 4,
        "message": _message(code, lang, **params),
        "value": value,
        "files": files,
    }


def delivery_findings(
    results: Sequence[ValidationResult], centrumgemeenten: set[str] | None, lang: str = "nl"
) -> list[dict[str, Any]]:
    """The L001-L003 findings over `results` (one delivery), in rule order.

    `centrumgemeenten` is the user's list of centrumgemeente codes; None skips L003.
    """
    findings: list[dict[str, Any]] = []
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in results:
        if r.gemeentecode is not None and r.period is not None:
            by_key[(r.gemeentecode, r.period)].append(r.path)
    for (gemeente, period), files in sorted(by_key.items()):
        if len(files) > 1:
            shown = ", ".join(files)
            findings.append(
                _finding("L001", lang, files, gemeente, gemeente=gemeente, period=period, files=shown)
            )
    for r in results:
        if len(r.gemeenten) > 1:
            codes = ", ".join(sorted(r.gemeenten))
            f = _finding("L002", lang, [r.path], codes, found=len(r.gemeenten), value=codes)
            f["message"] = f"{r.path}: {f['message']}"
            findings.append(f)
    if centrumgemeenten is not None:
        for r in results:
            if r.gemeentecode is None or r.gemeentecode in centrumgemeenten or r.cbs_counts is None:
                continue
            per_type: dict[str, int] = r.cbs_counts.get("voorzieningen_per_type", {})
            found = {code: per_type[code] for code in BESCHERMD_WONEN if per_type.get(code)}
            if found:
                value = ", ".join(f"{code}: {n}" for code, n in found.items())
                findings.append(
                    _finding(
                        "L003",
                        lang,
                        [r.path],
                        value,
                        gemeente=r.gemeentecode,
                        found=sum(found.values()),
                        value=value,
                    )
                )
    return findings


def delivery_result(
    findings: Sequence[dict[str, Any]], lang: str = "nl", protocol: str | None = None
) -> ValidationResult | None:
    """The delivery findings as one pseudo-file result named "(levering)"/"(delivery)";
    None when there are none."""
    if not findings:
        return None
    return ValidationResult.of_findings(DELIVERY_NAME.get(lang, DELIVERY_NAME["nl"]), findings, protocol)


class CentrumgemeentenError(UsageError):
    """A line of a centrumgemeenten list that holds no gemeentecode."""

    def __init__(self, line: int, token: str) -> None:
        super().__init__(f"line {line}: {token!r} is not a gemeentecode")
        self.line = line
        self.token = token


def read_centrumgemeenten(lines: Iterable[str]) -> set[str]:
    """Parses a centrumgemeenten list: one gemeentecode per line (`363` or `0363`), optionally
    followed by a name (`0363 Amsterdam`, `0363;Amsterdam`); blank lines and lines starting
    with `#` are skipped. Raises `CentrumgemeentenError` for the first bad line."""
    codes: set[str] = set()
    for number, line in enumerate(lines, start=1):
        text = line.strip().lstrip("\ufeff")
        if not text or text.startswith("#"):
            continue
        token = text.replace(";", " ").replace(",", " ").replace("\t", " ").split()[0]
        if not token.isdigit() or len(token) > 4:
            raise CentrumgemeentenError(number, token)
        codes.add(token.zfill(4))
    return codes
