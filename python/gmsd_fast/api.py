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

    @property
    def accepted(self) -> bool:
        return self.verdict == "accepted"

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return self.findings.__arrow_c_stream__(requested_schema)

    @classmethod
    def of_findings(
        cls, path: str, findings: Sequence[dict[str, Any]], protocol: str | None = None
    ) -> ValidationResult:
        """A result made of findings found outside the core (delivery rules, unreadable zip
        members): no rows read; rejected when any finding is a reject."""
        empty = validate_bytes(b"", "WMO_H22025.csv", protocol=protocol)
        schema = empty.findings.schema
        counts: dict[str, int] = {}
        severity_counts = {"reject": 0, "error": 0, "warning": 0, "info": 0}
        for f in findings:
            counts[f["rule"]] = counts.get(f["rule"], 0) + 1
            severity_counts[f["severity"]] += 1
        return cls(
            path=path,
            verdict="rejected" if severity_counts["reject"] else "accepted",
            period=None,
            protocol=empty.protocol,
            rows=0,
            lines=0,
            bytes=0,
            gemeentecode=None,
            aanmaakdatum=None,
            failing_pass=None,
            counts=counts,
            severity_counts=severity_counts,
            findings=pa.Table.from_pylist(
                [{name: f.get(name) for name in schema.names} for f in findings], schema=schema
            ),
        )

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
        )


def _options(
    protocol: str | None,
    period: str | None,
    select: Sequence[str],
    ignore: Sequence[str],
    max_per_rule: int,
    reveal_bsn: bool,
    lang: str,
    count: bool,
    jobs: int = 1,
    stop: StopToken | None = None,
) -> _gmsd_fast.CheckOptions:
    """The core's options from the keywords the `validate*` functions share: the one place
    they are checked (`UsageError`) and converted."""
    if max_per_rule < 0:
        raise UsageError("max_per_rule must be 0 or more")
    if jobs < 0:
        raise UsageError("jobs must be 0 or more")
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
    except ValueError as err:
        raise UsageError(str(err)) from None


def validate(
    path: str | os.PathLike[str],
    *,
    name: str | None = None,
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
    Raises `FileNotFoundError`, `PermissionError`, `IsADirectoryError` or `OSError` when the
    file cannot be read, `FileChangedError` when it changed while it was read (grew, shrank,
    was replaced, removed or modified), and `UsageError` for invalid arguments; problems in
    the file's content are findings, never exceptions.

    Stopping: `stop.request()` (from another thread) ends the check at its next block with
    `Stopped`; Ctrl-C in the main thread raises `KeyboardInterrupt` within a fraction of a
    second (and requests `stop`, when given).
    """
    options = _options(protocol, period, select, ignore, max_per_rule, reveal_bsn, lang, count, jobs, stop)
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
    options = _options(protocol, period, select, ignore, max_per_rule, reveal_bsn, lang, count, stop=stop)
    return ValidationResult._from_core(_gmsd_fast.check_bytes(data, name, options))


def validate_stream(
    reader: IO[bytes],
    name: str,
    *,
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
    options = _options(protocol, period, select, ignore, max_per_rule, reveal_bsn, lang, count, stop=stop)
    return ValidationResult._from_core(_gmsd_fast.check_stream(reader, name, options))
