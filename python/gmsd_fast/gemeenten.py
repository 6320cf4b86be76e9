"""Municipality names for reports, from the core's list (`src/spec/data/gemeenten_historie.csv`,
the one the checks use) through `_gmsd_fast.gemeenten()`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from gmsd_fast import _gmsd_fast


@dataclass(frozen=True)
class Gemeente:
    code: str
    name: str
    valid_from: date
    valid_to: date | None


@cache
def _table() -> dict[str, tuple[Gemeente, ...]]:
    table: dict[str, list[Gemeente]] = {}
    for row in _gmsd_fast.gemeenten():
        valid_to = row["valid_to"]
        entry = Gemeente(
            code=str(row["code"]),
            name=str(row["name"]),
            valid_from=date.fromisoformat(str(row["valid_from"])),
            valid_to=date.fromisoformat(valid_to) if valid_to else None,
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
