"""gmsd-fast: check GMSD Wmo delivery files exactly as the CBS aanleverprotocol says, fast."""

from gmsd_fast._gmsd_fast import StopToken, __version__, columns, protocols, rules
from gmsd_fast.api import ValidationResult, validate, validate_bytes, validate_stream
from gmsd_fast.exceptions import FileChangedError, GmsdError, Stopped, UsageError
from gmsd_fast.fixing import FixResult, fix

__all__ = [
    "FileChangedError",
    "FixResult",
    "GmsdError",
    "StopToken",
    "Stopped",
    "UsageError",
    "ValidationResult",
    "__version__",
    "columns",
    "fix",
    "protocols",
    "rules",
    "validate",
    "validate_bytes",
    "validate_stream",
]
