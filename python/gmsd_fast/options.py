"""The options of a check, one typed set shared by the public API: `validate`,
`validate_bytes`, `validate_stream`, `check_delivery`, `fix` and `fix_delivery` all take them
as keywords (`**options: Unpack[Options]`), or built once as `options=check_options(...)`.

They are checked at the call, before anything is read: a value of the wrong type raises
`TypeError`, a value that cannot be used (an unknown rule, a period that is no period, a
negative number) `UsageError` with a stable `code` and the `value` given. Both name the
parameter, in English (`lang` chooses the language of the findings, not of exceptions; the
command line says its errors in the user's language).

`select` and `ignore` take a sequence of rule codes, names or code prefixes, or one str: a
code, or a comma-separated list of them as `--select F,S` takes it.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping, Sequence
from typing import Literal, TypedDict, cast

from gmsd_fast import _gmsd_fast
from gmsd_fast._gmsd_fast import StopToken
from gmsd_fast.exceptions import UsageError
from gmsd_fast.messages import LANGS

__all__ = [
    "ENV_DELIVERY_DATE",
    "OPTION_NAMES",
    "Lang",
    "Options",
    "Severity",
    "Verdict",
    "delivery_day",
    "make_options",
]

#: The language of the findings' messages and of the words of a report.
Lang = Literal["nl", "en"]
#: What CBS will do with a file (or a delivery): accept it, reject it, or, when its reporting
#: period is unknown, no verdict (`undecided`: the date rules could not run).
Verdict = Literal["accepted", "rejected", "undecided"]
#: How bad a finding is.
Severity = Literal["reject", "error", "warning", "info"]

#: The day of delivery (`YYYY-MM-DD`) for every check not given one (`delivery_date`,
#: `--delivery-date`): the delivery window open on that day applies. Without it, today.
ENV_DELIVERY_DATE = "GMSD_FAST_DELIVERY_DATE"


def delivery_day(given: str | datetime.date | None = None) -> str:
    """The day of delivery a check uses: `given`, else `GMSD_FAST_DELIVERY_DATE`, else today
    (the core never reads the clock)."""
    if isinstance(given, datetime.date):
        return given.isoformat()
    if given is not None:
        return given
    return os.environ.get(ENV_DELIVERY_DATE) or datetime.date.today().isoformat()


class Options(TypedDict, total=False):
    """The keyword options of a check (the defaults are the core's).

    - `protocol`: the protocol version (`gmsd_fast.protocols()`); default the newest.
    - `period`: the uitvraag (period code, `H22025`): the reporting period of a file whose
      name has none, and the delivery window of that uitvraag.
    - `select`, `ignore`: rule codes, names or code prefixes (a str: one, or comma-separated).
    - `max_per_rule`: findings kept per rule (counts stay exact); 0 keeps every finding.
    - `reveal_bsn`: show BSNs whole in findings (masked by default).
    - `lang`: the language of the findings' messages, `nl` (default) or `en`.
    - `jobs`: threads; 0 uses every core.
    - `count`: also count as CBS does (clients, voorzieningen), `cbs_counts`.
    - `stop`: a `StopToken`; `stop.request()` ends the check at its next block (`Stopped`).
    - `delivery_date`: the day of delivery (`YYYY-MM-DD` or a `datetime.date`; default
      `GMSD_FAST_DELIVERY_DATE`, else today): without a `period`, the delivery window open
      on that day applies (N004).
    """

    protocol: str | None
    period: str | None
    select: str | Sequence[str]
    ignore: str | Sequence[str]
    max_per_rule: int
    reveal_bsn: bool
    lang: Lang
    jobs: int
    count: bool
    stop: StopToken | None
    delivery_date: str | datetime.date | None


#: The names of the options, in the order of `Options`.
OPTION_NAMES: tuple[str, ...] = tuple(Options.__annotations__)

_CODE_PARAMETER = {
    "invalid-period": "period",
    "unknown-protocol": "protocol",
    "unknown-language": "lang",
    "invalid-delivery-date": "delivery_date",
}


def _type_error(function: str, name: str, expected: str, value: object) -> TypeError:
    return TypeError(f"{function}(): {name} must be {expected}, not {type(value).__name__} {value!r}")


def _codes(function: str, name: str, value: object) -> list[str]:
    """A selection of rules as a list: a str is one code or a comma-separated list."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        items = list(value)
        for item in items:
            if not isinstance(item, str):
                raise _type_error(function, name, "rule codes (str)", item)
        return items
    raise _type_error(function, name, "a rule code (str) or a sequence of rule codes", value)


def _checked(function: str, given: Mapping[str, object]) -> dict[str, object]:
    """The keyword options, their types checked; raises `TypeError` naming the parameter."""
    unknown = [name for name in given if name not in OPTION_NAMES]
    if unknown:
        raise TypeError(
            f"{function}() got an unexpected keyword argument {unknown[0]!r};"
            f" the options are: {', '.join(OPTION_NAMES)}"
        )
    values: dict[str, object] = {}
    for name, value in given.items():
        if name in ("protocol", "period"):
            if value is not None and not isinstance(value, str):
                example = "'H22025'"
                raise _type_error(function, name, f"a str such as {example} or None", value)
        elif name in ("select", "ignore"):
            value = _codes(function, name, value)
        elif name in ("max_per_rule", "jobs"):
            if not isinstance(value, int) or isinstance(value, bool):
                raise _type_error(function, name, "an int", value)
            if value < 0:
                raise UsageError(
                    f"{function}(): {name} must be 0 or more, not {value}", "negative-number", value
                )
        elif name in ("reveal_bsn", "count"):
            if not isinstance(value, bool):
                raise _type_error(function, name, "a bool", value)
        elif name == "lang":
            if not isinstance(value, str):
                raise _type_error(function, name, "'nl' or 'en'", value)
            if value not in LANGS:
                raise UsageError(
                    f"{function}(): lang must be 'nl' or 'en', not {value!r}", "unknown-language", value
                )
        elif name == "stop" and value is not None and not isinstance(value, StopToken):
            raise _type_error(function, name, "a gmsd_fast.StopToken or None", value)
        elif name == "delivery_date" and value is not None and not isinstance(value, str | datetime.date):
            raise _type_error(function, name, "a str such as '2026-01-20', a datetime.date or None", value)
        values[name] = value
    values["delivery_date"] = delivery_day(values.get("delivery_date"))  # type: ignore[arg-type]
    return values


def make_options(
    function: str, options: _gmsd_fast.CheckOptions | None, given: Mapping[str, object]
) -> _gmsd_fast.CheckOptions:
    """The core's options of a call of `function` (its name, for the messages): `options`
    when given (then no keyword options may be), else the keywords `given`, checked."""
    if options is not None:
        if not isinstance(options, _gmsd_fast.CheckOptions):
            raise _type_error(function, "options", "from gmsd_fast.check_options()", options)
        if given:
            raise TypeError(
                f"{function}(): give either options= or keyword options ({', '.join(given)}), not both"
            )
        return options
    values = _checked(function, given)
    try:
        return _gmsd_fast.CheckOptions(**values)  # type: ignore[arg-type]
    except _gmsd_fast.OptionError as err:
        code, value, _ = err.args
        message = f"{function}(): {_parameter(code, value, values)} {_english(values)}"
        raise UsageError(message, code, value) from None


def _parameter(code: str, value: object, values: Mapping[str, object]) -> str:
    """The parameter an error of the core is about, as `name:`."""
    name = _CODE_PARAMETER.get(code)
    if name is None and code == "unknown-rule":
        ignored = cast(Sequence[str], values.get("ignore", ()))
        selected = cast(Sequence[str], values.get("select", ()))
        name = "ignore" if value in ignored and value not in selected else "select"
    return f"{name}:" if name else ""


def _english(values: Mapping[str, object]) -> str:
    """The core's message of the error in `values`, in English, without the CLI's flags."""
    try:
        _gmsd_fast.CheckOptions(**{**values, "lang": "en"})  # type: ignore[arg-type]
    except _gmsd_fast.OptionError as err:
        message = str(err.args[2])
        return message.replace(" in --select/--ignore", "").replace(
            "see 'gmsd-fast rules'", "see gmsd_fast.rules()"
        )
    return ""  # pragma: no cover (the same values failed a moment ago)
