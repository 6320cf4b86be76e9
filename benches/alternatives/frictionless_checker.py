"""Frictionless (Table Schema) as a checker: the 18 fields as strings with a pattern each
(digits of the column's width; codes as alternatives; mandatory fields `required`), no
quoting, `;` as delimiter. It checks only what a Table Schema can say: column count, width,
digits and code lists per field; no elfproef, calendar dates, gemeentecode list or rules
between fields. Counts are per frictionless error type, not per gmsd-fast rule.

    python -m benches.alternatives.frictionless_checker FILE   # {"rows": …, "counts": {…}}

Optional: `pip install frictionless` (the `bench` extra). Without it `available()` is False
and the harness reports "not installed".
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from benches.alternatives._spec import CODES, COLUMNS, Column

try:
    import frictionless
    from frictionless.formats import CsvControl
except ImportError:  # pragma: no cover - depends on the environment
    frictionless = None


def available() -> bool:
    return frictionless is not None


def _pattern(col: Column) -> str:
    if col.codes is not None:
        codes = sorted(CODES[col.codes])
        return "(?:" + "|".join(str(c).zfill(col.width) for c in codes) + ")"
    return f"[0-9]{{{col.width}}}"


def schema_descriptor(names: list[str] | None = None) -> dict[str, Any]:
    """The Table Schema; `names` are the field names (the file's header, so that frictionless
    does not report every label as incorrect), else the column keys."""
    if names is None or len(names) != len(COLUMNS):
        names = [col.key for col in COLUMNS]
    fields = []
    for name, col in zip(names, COLUMNS, strict=True):
        constraints: dict[str, Any] = {"pattern": _pattern(col)}
        if col.mandatory:
            constraints["required"] = True
        fields.append({"name": name, "type": "string", "constraints": constraints})
    return {"fields": fields, "missingValues": [""]}


def check(path: str | os.PathLike[str]) -> tuple[int, dict[str, int]]:
    """(rows, errors per frictionless error type)."""
    if frictionless is None:
        raise RuntimeError("frictionless is not installed (pip install frictionless)")
    path = Path(path).resolve()
    with open(path, encoding="latin-1") as fp:
        header = fp.readline().removeprefix("\xef\xbb\xbf").rstrip("\r\n").split(";")
    control = CsvControl(delimiter=";", quote_char="\x00", double_quote=False)
    dialect = frictionless.Dialect(header=True, controls=[control])
    resource = frictionless.Resource(
        path=path.name,
        basepath=str(path.parent),
        schema=frictionless.Schema.from_descriptor(schema_descriptor(header)),
        dialect=dialect,
        format="csv",
        encoding="latin-1",
    )
    counts: Counter[str] = Counter()
    report = resource.validate(limit_errors=sys.maxsize)
    task = report.tasks[0]
    for error in task.errors:
        counts[error.type] += 1
    rows = int(task.stats.get("rows") or 0)
    return rows, dict(counts)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not available():
        print(json.dumps({"error": "not installed"}))
        return 3
    for path in args:
        rows, counts = check(path)
        print(json.dumps({"path": path, "rows": rows, "counts": dict(sorted(counts.items()))}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
