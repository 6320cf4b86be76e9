"""The delivery as a whole: the delivery rules (L001-L003) and inputs that could not be read
(L004), as results the rest of the tool shows like any file's.

The rules themselves live in the core (`src/rules/delivery/`): this module hands it the
results of all files of one delivery and the user's list of centrumgemeenten, and gets back
one pseudo-file "(levering)" / "(delivery)" holding the findings, whose verdict is `rejected`
when any of them is a reject, so the exit code becomes 1. It also reads that list:
one gemeentecode per line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from gmsd_fast import _gmsd_fast
from gmsd_fast.api import CheckOptions, ValidationResult
from gmsd_fast.exceptions import UsageError

__all__ = [
    "CentrumgemeentenError",
    "delivery_findings",
    "delivery_result",
    "problem_result",
    "read_centrumgemeenten",
]


def delivery_result(
    results: Sequence[ValidationResult], centrumgemeenten: set[str] | None, options: CheckOptions
) -> ValidationResult | None:
    """The findings of the delivery rules over `results` (one delivery) as one pseudo-file
    result named "(levering)" / "(delivery)"; None when there are none. Without a list of
    `centrumgemeenten` L003 is not checked."""
    files = [(r.path, r._raw) for r in results if r._raw is not None]
    centrum = None if centrumgemeenten is None else sorted(int(code) for code in centrumgemeenten)
    raw = _gmsd_fast.check_delivery(files, centrum, options)
    return None if raw is None else ValidationResult(raw, is_delivery=True)


def delivery_findings(result: ValidationResult | None) -> list[dict[str, Any]]:
    """The findings of a delivery result as dicts (the findings table's columns), each with
    `files`: the files it is about."""
    if result is None:
        return []
    rows: list[dict[str, Any]] = result.finding_rows()
    files = result._raw.files_per_finding if result._raw is not None else [[] for _ in rows]
    return [{**row, "files": list(f)} for row, f in zip(rows, files, strict=True)]


def problem_result(
    path: str, kind: str, values: Mapping[str, int | str], options: CheckOptions
) -> ValidationResult:
    """An input that could not be checked (`kind` and `values` as in `inputs.Problem`), as a
    rejected result with one L004 finding."""
    return ValidationResult(_gmsd_fast.input_problem(path, kind, dict(values), options))


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
