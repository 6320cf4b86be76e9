"""The rule catalogue and the columns of the protocol, typed: `gmsd_fast.rules()` gives a
`Rule` per rule and `gmsd_fast.columns()` a `Column` per column (TypedDicts, so that a
program's use of a key is checked by mypy). The data are the core's (`_gmsd_fast.rules`)."""

from __future__ import annotations

from typing import Literal, TypedDict, cast

from gmsd_fast import _gmsd_fast
from gmsd_fast.options import Severity

__all__ = ["Column", "Rule", "RuleFix", "RuleSource", "columns", "rules"]


class RuleFix(TypedDict):
    """A rule's repair (`fix`): `safe` or `unsafe` (only with `unsafe=True`), for every
    finding (`always`) or only some (`sometimes`), and what it does in Dutch and English."""

    applicability: Literal["safe", "unsafe"]
    availability: Literal["always", "sometimes"]
    title_nl: str
    title_en: str


class RuleSource(TypedDict):
    """A protocol section a rule rests on, as the catalogue names it in Dutch and English
    (`§3.2 voetnoot 2`, `§3.2 footnote 2`), and the section's number (`3.2`; None where the
    source names no numbered section)."""

    nl: str
    en: str
    section: str | None


#: A rule of the catalogue: its code and name, its title, step (`pass`, 1-3, CBS's check;
#: 0 for the delivery rules), the severities it can have under the protocol (several when
#: they depend on the column's class: `by_field_class`), its source in the protocol, its
#: message pattern and documentation in Dutch and English, what it checks in one sentence
#: (`summary_nl`/`summary_en`, read from its documentation by the core), the protocol
#: sections it cites (`sources`), and its repair (None: none).
Rule = TypedDict(
    "Rule",
    {
        "code": str,
        "name": str,
        "title_nl": str,
        "title_en": str,
        "pass": int,
        "severities": list[Severity],
        "by_field_class": bool,
        "source": str,
        "message_nl": str,
        "message_en": str,
        "doc_nl": str,
        "doc_en": str,
        "summary_nl": str,
        "summary_en": str,
        "sources": list[RuleSource],
        "fix": RuleFix | None,
    },
)

#: A column of the protocol's record: its number (1-based), key, name in Dutch and English,
#: width in characters, class (`basis`, …) and whether it is mandatory.
Column = TypedDict(
    "Column",
    {
        "number": int,
        "key": str,
        "name_nl": str,
        "name_en": str,
        "width": int,
        "class": str,
        "mandatory": bool,
    },
)


def rules(protocol: str | None = None) -> list[Rule]:
    """Every rule of the catalogue (of `protocol`, default the newest), in code order."""
    return cast(list[Rule], _gmsd_fast.rules(protocol))


def columns(protocol: str | None = None) -> list[Column]:
    """The columns of a record (of `protocol`, default the newest), in order."""
    return cast(list[Column], _gmsd_fast.columns(protocol))
