"""The Python API: `validate(path)` and friends, returning a `ValidationResult`."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

import pyarrow as pa

from gmsd_fast import _gmsd_fast
from gmsd_fast._gmsd_fast import StopToken
from gmsd_fast.exceptions import FileChangedError, UsageError
from gmsd_fast.files import unchanged_since


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of checking one file.

    `counts` are exact; `findings` holds the first `max_per_rule` findings of each rule, as a
    `pyarrow.Table` with the schema documented in ARCHITECTURE.md. The result also exports
    its findings through the Arrow PyCapsule interface (`__arrow_c_stream__`), so
    `polars.DataFrame(result)` or `pyarrow.table(result)` work directly.
    """

    path: str
    verdict: str
    period: str | None
    protocol: str
    rows: int
    lines: int
    bytes: int
    gemeentecode: str | None
    aanmaakdatum: str | None
    failing_pass: int | None
    counts: dict[str, int]
    severity_counts: dict[str, int]
    findings: pa.Table = field(repr=False)
    #: CBS's counts (clients, voorzieningen after merging …) when asked with `count=True`.
    cbs_counts: dict[str, Any] | None = field(default=None, repr=False)
    #: Rows per valid gemeentecode; more than one key means several municipalities in one file.
    gemeenten: dict[str, int] = field(default_factory=dict, repr=False)
    #: Of `counts`, the findings `gmsd-fast fix` repairs safely (`gmsd_fast.fix`), per rule.
    fixable: dict[str, int] = field(default_factory=dict, repr=False)
    #: The core's result, which the delivery rules read (None only for results made by hand).
    _raw: _gmsd_fast.CheckResult | None = field(default=None, repr=False, compare=False)

    @property
    def accepted(self) -> bool:
        return self.verdict == "accepted"

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return self.findings.__arrow_c_stream__(requested_schema)

    @classmethod
    def _from_core(cls, raw: _gmsd_fast.CheckResult) -> ValidationResult:
        return cls(
            path=raw.path,
            verdict=raw.verdict,
            period=raw.period,
            protocol=raw.protocol,
            rows=raw.rows,
            lines=raw.lines,
            bytes=raw.bytes,
            gemeentecode=raw.gemeentecode,
            aanmaakdatum=raw.aanmaakdatum,
            failing_pass=raw.failing_pass,
            counts=dict(raw.counts),
            severity_counts=dict(raw.severity_counts),
            findings=pa.RecordBatchReader.from_stream(raw).read_all(),
            cbs_counts=raw.cbs_counts,
            gemeenten=dict(raw.gemeenten),
            fixable=dict(raw.fixable),
            _raw=raw,
        )


#: The options of a check, built once and checked by the core: see `_gmsd_fast.CheckOptions`.
CheckOptions = _gmsd_fast.CheckOptions


def check_options(
    *,
    protocol: str | None = None,
    period: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    max_per_rule: int = 100,
    reveal_bsn: bool = False,
    lang: str = "nl",
    jobs: int = 1,
    count: bool = False,
    stop: StopToken | None = None,
) -> CheckOptions:
    """The options of a check, checked by the core as they are built: `UsageError` (with the
    core's `code`, the `value` given and a message in `lang`) when one cannot be used.
    `stop.request()` ends a check with these options at its next block (`Stopped`)."""
    try:
        return _gmsd_fast.CheckOptions(
            protocol=protocol,
            period=period,
            select=list(select),
            ignore=list(ignore),
            max_per_rule=max_per_rule,
            reveal_bsn=reveal_bsn,
            lang=lang,
            jobs=jobs,
            count=count,
            stop=stop,
        )
    except _gmsd_fast.OptionError as err:
        code, value, message = err.args
        raise UsageError(message, code, value) from None


def validate(
    path: str | os.PathLike[str],
    *,
    name: str | None = None,
    options: CheckOptions | None = None,
    protocol: str | None = None,
    period: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    max_per_rule: int = 100,
    reveal_bsn: bool = False,
    lang: str = "nl",
    jobs: int = 1,
    count: bool = False,
    stop: StopToken | None = None,
) -> ValidationResult:
    """Check one GMSD Wmo file on disk, all three CBS passes in one run.

    `period` is the delivery window (`H22025` accepts H22025 and H12025). `select`/`ignore`
    take rule codes, names or code prefixes. `jobs=0` uses all cores for a large file.
    `options` (from `check_options`) replaces the keywords after it. Raises
    `FileNotFoundError`, `PermissionError`, `IsADirectoryError` or `OSError` when the file
    cannot be read, `FileChangedError` when it changed while it was read (grew, shrank, was
    replaced, removed or modified), and `UsageError` for invalid arguments; problems in the
    file's content are findings, never exceptions.

    Stopping: `stop.request()` (from another thread) ends the check at its next block with
    `Stopped`; Ctrl-C in the main thread raises `KeyboardInterrupt` within a fraction of a
    second (and requests `stop`, when given).
    """
    if options is None:
        options = check_options(
            protocol=protocol,
            period=period,
            select=select,
            ignore=ignore,
            max_per_rule=max_per_rule,
            reveal_bsn=reveal_bsn,
            lang=lang,
            jobs=jobs,
            count=count,
            stop=stop,
        )
    fspath = os.fspath(path)
    try:
        before: os.stat_result | None = os.stat(fspath)
    except OSError:
        before = None  # the core says why it cannot read it
    try:
        raw = _gmsd_fast.check_path(fspath, name, options)
    except FileNotFoundError:
        if before is not None:
            raise FileChangedError(fspath, "removed") from None
        raise
    if before is not None:
        unchanged_since(fspath, before, raw.bytes)
    return ValidationResult._from_core(raw)


def validate_bytes(
    data: bytes,
    name: str,
    *,
    options: CheckOptions | None = None,
    protocol: str | None = None,
    period: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    max_per_rule: int = 100,
    reveal_bsn: bool = False,
    lang: str = "nl",
    count: bool = False,
    stop: StopToken | None = None,
) -> ValidationResult:
    """Check a file held in memory; `name` is its file name (pass 1 checks it; an empty name
    means it has none, and pass 1 says so: N006). Stopping as for `validate`."""
    if options is None:
        options = check_options(
            protocol=protocol,
            period=period,
            select=select,
            ignore=ignore,
            max_per_rule=max_per_rule,
            reveal_bsn=reveal_bsn,
            lang=lang,
            count=count,
            stop=stop,
        )
    return ValidationResult._from_core(_gmsd_fast.check_bytes(data, name, options))


def validate_stream(
    reader: IO[bytes],
    name: str,
    *,
    options: CheckOptions | None = None,
    protocol: str | None = None,
    period: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    max_per_rule: int = 100,
    reveal_bsn: bool = False,
    lang: str = "nl",
    count: bool = False,
    stop: StopToken | None = None,
) -> ValidationResult:
    """Check a binary stream (e.g. `zipfile.ZipFile.open(member)`) without reading it whole.
    `name` as for `validate_bytes`. An exception raised by `reader.read` is raised as it is.
    Stopping as for `validate`."""
    if options is None:
        options = check_options(
            protocol=protocol,
            period=period,
            select=select,
            ignore=ignore,
            max_per_rule=max_per_rule,
            reveal_bsn=reveal_bsn,
            lang=lang,
            count=count,
            stop=stop,
        )
    return ValidationResult._from_core(_gmsd_fast.check_stream(reader, name, options))
