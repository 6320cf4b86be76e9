"""Municipality names for reports, from `data/gemeenten.csv`.

The core checks gemeentecodes against its own embedded copy of this list
(`src/spec/data/gemeenten_historie.csv`) but does not expose names to Python, so the
package ships the same CSV once more and reads it with `importlib.resources`. A test keeps
the two copies identical (see ARCHITECTURE.md, "Duplicated data").
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Gemeente:
    code: str
    name: str
    valid_from: date
    valid_to: date | None


@cache
def _table() -> dict[str, tuple[Gemeente, ...]]:
    text = resources.files("gmsd_fast").joinpath("data", "gemeenten.csv").read_text(encoding="utf-8")
    table: dict[str, list[Gemeente]] = {}
    for row in csv.DictReader(io.StringIO(text), delimiter=";"):
        entry = Gemeente(
            code=row["code"],
            name=row["name"],
            valid_from=date.fromisoformat(row["valid_from"]),
            valid_to=date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
        )
        table.setdefault(entry.code, []).append(entry)
    return {code: tuple(sorted(v, key=lambda g: g.valid_from)) for code, v in table.items()}


def period_start(period: str | None) -> date | None:
    """The first day of a period `H1YYYY`/`H2YYYY`, or None."""
    if not period or len(period) != 6 or period[:2] not in ("H1", "H2") or not period[2:].isdigit():
        return None
    return date(int(period[2:]), 1 if period[1] == "1" else 7, 1)


def gemeente_name(code: str | None, on: date | None = None) -> str | None:
    """The name of municipality `code` valid on `on` (a code may be reused after a merger);
    without `on`, or when none is valid then, the most recent name. None for an unknown code."""
    if code is None:
        return None
    entries = _table().get(code)
    if not entries:
        return None
    if on is not None:
        for g in entries:
            if g.valid_from <= on and (g.valid_to is None or on < g.valid_to):
                return g.name
    return entries[-1].name
