"""Exceptions of gmsd-fast. Findings are values, never exceptions; these are for misuse."""

from __future__ import annotations


class GmsdError(Exception):
    """Base class of gmsd-fast's own errors."""


class UsageError(GmsdError, ValueError):
    """An invalid argument: unknown rule, period, protocol or language.

    `code` is a stable code for programs (`invalid-period`, `unknown-rule`, `unknown-protocol`,
    `unknown-language`, or one of the Python layer's own such as `negative-number`), `value`
    the value given; the message is one line in the language of the options.
    """

    def __init__(self, message: str, code: str = "usage", value: object = None) -> None:
        super().__init__(message)
        self.code = code
        self.value = value
