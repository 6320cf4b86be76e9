"""Exceptions of gmsd-fast. Findings are values, never exceptions; these are for misuse."""


class GmsdError(Exception):
    """Base class of gmsd-fast's own errors."""


class UsageError(GmsdError, ValueError):
    """An invalid argument: unknown rule, period, protocol or language."""
