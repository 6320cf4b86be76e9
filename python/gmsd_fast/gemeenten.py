"""Municipality names and period bounds for reports, from the core: the list the checks use
(`src/spec/data/gemeenten_historie.csv`) and its reading of a code uitvraag."""

from __future__ import annotations

from datetime import date

from gmsd_fast import _gmsd_fast


def period_start(period: str | None) -> date | None:
    """The first day of a period `H1YYYY`/`H2YYYY`, or None."""
    days = _gmsd_fast.period_days(period) if period else None
    return date.fromisoformat(days[0]) if days else None


def gemeente_name(code: str | None, period: str | None = None) -> str | None:
    """The name municipality `code` had in `period` (a code may be reused after a merger);
    without a period, or when none had it then, its most recent name. None for an unknown
    code."""
    if code is None:
        return None
    return _gmsd_fast.gemeente_name(code, period)


def gemeente_label(code: str | None, period: str | None = None) -> str:
    """`0363 Amsterdam`: the code and its name where known; a dash for no code."""
    if code is None:
        return "\u2013"
    name = gemeente_name(code, period)
    return f"{code} {name}" if name else code
