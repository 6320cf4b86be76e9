"""gmsd-fast: check GMSD Wmo delivery files exactly as the CBS aanleverprotocol says, fast.

One file: `validate(path)` (or `validate_bytes`, `validate_stream`), `fix(path, output)`. A
delivery (files, folders, zips, several of these, in memory or streamed), with the delivery
rules L001-L004 and a result per file: `check_delivery(...)`, `fix_delivery(...)`. The
options are one typed set (`Options`) for all of them."""

import importlib
from typing import TYPE_CHECKING, Any

from gmsd_fast._gmsd_fast import StopToken, __version__, protocols

if TYPE_CHECKING:
    from gmsd_fast.api import (
        CheckOptions,
        ValidationResult,
        check_options,
        validate,
        validate_bytes,
        validate_stream,
    )
    from gmsd_fast.catalogue import Column, Rule, RuleFix, RuleSource, columns, rules
    from gmsd_fast.deliveries import (
        DeliveryFinding,
        DeliveryResult,
        DeliverySource,
        FixDeliveryResult,
        check_delivery,
        fix_delivery,
    )
    from gmsd_fast.exceptions import FileChangedError, GmsdError, ResultConsumedError, Stopped, UsageError
    from gmsd_fast.fixing import FixError, FixResult, fix
    from gmsd_fast.inputs import NotARegularFileError, ZipLimits
    from gmsd_fast.options import Lang, Options, Severity, Verdict

#: The public names and the module each comes from, imported when first asked for: the
#: command line imports only what its command uses (`gmsd-fast check` no fix code), and a
#: Ctrl-C while it starts is caught by its entry point (`__main__.main`), not shown as
#: Python's traceback of an import.
_LAZY = {
    **dict.fromkeys(
        (
            "CheckOptions",
            "ValidationResult",
            "check_options",
            "validate",
            "validate_bytes",
            "validate_stream",
        ),
        "gmsd_fast.api",
    ),
    **dict.fromkeys(("Column", "Rule", "RuleFix", "RuleSource", "columns", "rules"), "gmsd_fast.catalogue"),
    **dict.fromkeys(
        (
            "DeliveryFinding",
            "DeliveryResult",
            "DeliverySource",
            "FixDeliveryResult",
            "check_delivery",
            "fix_delivery",
        ),
        "gmsd_fast.deliveries",
    ),
    **dict.fromkeys(
        ("FileChangedError", "GmsdError", "ResultConsumedError", "Stopped", "UsageError"),
        "gmsd_fast.exceptions",
    ),
    **dict.fromkeys(("FixError", "FixResult", "fix"), "gmsd_fast.fixing"),
    **dict.fromkeys(("NotARegularFileError", "ZipLimits"), "gmsd_fast.inputs"),
    **dict.fromkeys(("Lang", "Options", "Severity", "Verdict"), "gmsd_fast.options"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "CheckOptions",
    "Column",
    "DeliveryFinding",
    "DeliveryResult",
    "DeliverySource",
    "FileChangedError",
    "FixDeliveryResult",
    "FixError",
    "FixResult",
    "GmsdError",
    "Lang",
    "NotARegularFileError",
    "Options",
    "ResultConsumedError",
    "Rule",
    "RuleFix",
    "RuleSource",
    "Severity",
    "StopToken",
    "Stopped",
    "UsageError",
    "ValidationResult",
    "Verdict",
    "ZipLimits",
    "__version__",
    "check_delivery",
    "check_options",
    "columns",
    "fix",
    "fix_delivery",
    "protocols",
    "rules",
    "validate",
    "validate_bytes",
    "validate_stream",
]
