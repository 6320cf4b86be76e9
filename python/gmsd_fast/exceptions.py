"""Exceptions of gmsd-fast. Findings are values, never exceptions; these are for misuse, for a
check stopped on request, and for an input that changed while it was read."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gmsd_fast.inputs import Problem


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


class Stopped(GmsdError):
    """A check (or `generate`) was stopped on request through its `StopToken` before it read
    its input to the end: there is no result, since a result of part of a file would judge
    half a file. (Ctrl-C in the main thread raises `KeyboardInterrupt` instead.)"""


class FileChangedError(GmsdError, OSError):
    """A file changed while it was checked (it grew, shrank, was replaced or removed, or was
    modified): its result would describe no version of the file, so there is none.
    `path` is the path, `change` one of `CHANGES`."""

    CHANGES = ("grown", "shrunk", "replaced", "removed", "modified")

    def __init__(self, path: str, change: str) -> None:
        super().__init__(f"{path} changed while it was checked ({change})")
        self.path = path
        self.change = change


class ResultConsumedError(GmsdError, RuntimeError):
    """The findings of a result were read already as a stream (a check that kept every
    finding, `max_per_rule=0`, still running when they were first read: they are not kept)
    and were asked for again. Raised at the call that asks (`batches()`, `findings`,
    `polars.DataFrame(result)` …), never part-way through a reader. Read them once, or keep
    them with `.findings` first."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path}: the findings of this result were read already, as a stream, and are not"
            " kept; read them once, or keep them with .findings (a pyarrow.Table) and read that"
        )
        self.path = path


class ZipMemberError(GmsdError, OSError):
    """A zip member (or its archive) could not be read, or was stopped by the zip-bomb limits:
    the core's problem (rule L004), as `path`, `kind` and `values` (`inputs.Problem`)."""

    def __init__(
        self, path: str, kind: str, ints: dict[str, int] | None = None, texts: dict[str, str] | None = None
    ) -> None:
        super().__init__(f"{path}: {kind}")
        self.path = path
        self.kind = kind
        self.values: dict[str, int | str] = {**(ints or {}), **(texts or {})}

    @property
    def problem(self) -> Problem:
        """The problem, for the outputs."""
        from gmsd_fast.inputs import Problem

        return Problem(self.path, self.kind, dict(self.values))


class StdinRefusedError(GmsdError):
    """Standard input is not read (`kind`): a zip or gzip stream (a zip's directory is at its
    end, so it cannot be read as a stream without holding all of it; `gunzip -c` unpacks a
    gzip stream in the same pipe), or something that may never end (`endless`: a device such
    as `/dev/zero`, a file that says it is empty but gives data)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"standard input is refused: {kind}")
        self.kind = kind
