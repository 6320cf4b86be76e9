"""The Python API: `validate(path)` and friends, returning a `ValidationResult`."""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Callable, Iterator
from functools import cached_property
from typing import IO, TYPE_CHECKING, Any, Unpack

from gmsd_fast import _gmsd_fast
from gmsd_fast.exceptions import FileChangedError, ResultConsumedError, UsageError
from gmsd_fast.files import unchanged_since
from gmsd_fast.options import ENV_DELIVERY_DATE as ENV_DELIVERY_DATE  # where it was first
from gmsd_fast.options import Options, Verdict, delivery_day, make_options

if TYPE_CHECKING:
    import pyarrow as pa

    #: The schema of the findings, made when first asked for (`__getattr__`).
    FINDINGS_SCHEMA: pa.Schema

#: The columns of the findings, in order (ARCHITECTURE.md, "The findings schema").
FINDING_COLUMNS = ("file", "line", "column", "field", "rule", "name", "severity", "pass", "message", "value")


@functools.cache
def findings_schema() -> pa.Schema:
    """The schema of the findings (ARCHITECTURE.md, "The findings schema"). pyarrow is loaded
    only here and where findings are made into Arrow: a check shown as text needs none."""
    import pyarrow as pa

    return pa.schema(
        [
            pa.field("file", pa.string(), nullable=False),
            pa.field("line", pa.uint64()),
            pa.field("column", pa.uint8()),
            pa.field("field", pa.string()),
            pa.field("rule", pa.string(), nullable=False),
            pa.field("name", pa.string(), nullable=False),
            pa.field("severity", pa.string(), nullable=False),
            pa.field("pass", pa.uint8(), nullable=False),
            pa.field("message", pa.string(), nullable=False),
            pa.field("value", pa.string()),
        ]
    )


def __getattr__(name: str) -> Any:
    """`FINDINGS_SCHEMA`, made (and pyarrow loaded) when first asked for."""
    if name == "FINDINGS_SCHEMA":
        return findings_schema()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Runs once at the end of a check with the error that ended it (None when it ended well);
#: may raise, to fail the result (or to replace its error).
EndHook = Callable[[Exception | None], None]
#: For the error that ended a check (after its end hooks), the result that stands in for it
#: (an ended check, such as an input problem's), or None to fail with the error.
Instead = Callable[[Exception], "_gmsd_fast.CheckResult | None"]


class ValidationResult:
    """The outcome of checking one file.

    Its findings come as Arrow record batches (the schema in ARCHITECTURE.md), in file and
    line order, while the check runs: `batches()` reads them one by one, and the result
    exports the same stream through the Arrow PyCapsule interface (`__arrow_c_stream__`), so
    `polars.DataFrame(result)`, `pyarrow.table(result)` or duckdb take them without a copy
    kept here. The stream is read once; `findings` (or `read_all()`) reads it whole into a
    `pyarrow.Table`, kept, only when asked. With the default `max_per_rule` the check has
    ended when `validate` returns and at most 100 findings per rule are kept; with
    `max_per_rule=0` every finding is kept, and the check goes on as they are read, in
    bounded memory.

    The summary (`verdict`, `counts` exact per rule, `rows` …) is final once the check has
    ended: read after the findings, or asked for first, when it waits for the end and keeps
    the findings not read yet (in memory: read the findings first when there are many). A
    check that failed (a read error, a file that changed while it was read, a stop) raises
    its error from either.
    """

    def __init__(self, raw: _gmsd_fast.CheckResult, *, is_delivery: bool = False) -> None:
        #: The core's result, which the delivery rules read.
        self._raw = raw
        self._path = raw.path
        #: The name the findings' `file` column shows, when it is not the core's.
        self._shown: str | None = None
        self._hooks: list[EndHook] = []
        self._instead: Instead | None = None
        self._done = False
        self._failure: Exception | None = None
        self._reading = False
        self._table: pa.Table | None = None
        #: The findings read as rows (`finding_rows`), when they were read so.
        self._rows: list[dict[str, Any]] | None = None
        #: Whether this is the delivery pseudo-file ("(levering)"), not a file read.
        self.is_delivery = is_delivery
        self._member: str | None = None
        self._archive: str | None = None

    @property
    def path(self) -> str:
        """The path or zip member as given (for a delivery: "(levering)" / "(delivery)")."""
        return self._path

    def __repr__(self) -> str:
        state = self._raw.verdict if self._done and self._failure is None else "…"
        return f"ValidationResult(path={self._path!r}, verdict={state!r})"

    # The findings.

    def batches(self) -> Iterator[pa.RecordBatch]:
        """The findings, a `pyarrow.RecordBatch` at a time, in file and line order, as the
        check finds them. Findings of a check that had ended before they were first read
        (always with the default cap) are kept and can be read again; those of a check still
        running are read once, as it goes: asked for again, they raise
        `ResultConsumedError` at the call. Raises, after the last batch, what ended the
        check if it failed."""
        self._table_of_rows()
        if self._table is None and not self._reading and self._raw.ended:
            # All there already (in memory): kept, to be read again.
            self._table = self._read_whole()
        if self._table is not None:
            return iter(self._table.to_batches())
        self._refuse_consumed()
        self._reading = True
        return (self._relabelled(batch) for batch in self._unread())

    def _refuse_consumed(self) -> None:
        if self._reading:
            raise ResultConsumedError(self._path)

    def _unread(self, rows: bool = False) -> Iterator[Any]:
        """The core's batches not read yet, to the end of the check (after a failure, those of
        the result that stands in), which is then settled; `rows`: each batch as a list of
        dicts, without pyarrow."""
        while True:
            try:
                batch = self._raw.next_rows() if rows else self._raw.next_batch()
            except Exception as err:
                if self._settle(err):  # a result stands in: read on from that one
                    continue
                raise
            if batch is None:
                break
            yield batch
        self._settle(None)

    def finding_rows(self) -> list[dict[str, Any]]:
        """The findings as dicts (column: value), read whole and kept: for the outputs that
        show a few per rule. Read so, they need no pyarrow."""
        if self._table is not None:
            rows: list[dict[str, Any]] = self._table.to_pylist()
            return rows
        if self._rows is None:
            if self._reading:
                raise RuntimeError(f"{self._path}: the findings were read already (keep them with .findings)")
            self._reading = True
            self._rows = []
            for batch in self._unread(rows=True):
                if self._shown is not None:
                    for row in batch:
                        row["file"] = self._shown
                self._rows.extend(batch)
        return self._rows

    def _table_of_rows(self) -> None:
        """The findings read as rows, as a table (for a reader of Arrow after a reader of rows)."""
        if self._table is None and self._rows is not None:
            import pyarrow as pa

            self._table = pa.Table.from_pylist(self._rows, schema=findings_schema())

    def read_all(self) -> pa.Table:
        """All findings as one `pyarrow.Table` (read whole, then kept)."""
        self._table_of_rows()
        if self._table is None:
            self._table = self._read_whole()
        return self._table

    def _read_whole(self) -> pa.Table:
        self._refuse_consumed()
        self._reading = True
        import pyarrow as pa

        batches = [self._relabelled(batch) for batch in self._unread()]
        return pa.Table.from_batches(batches, schema=findings_schema())

    def _drop_findings(self) -> None:
        """Reads the findings not read yet and drops them, so that the summary is final in
        bounded memory: for a reader that went away (`gmsd-fast check … | head`). Also after
        `batches()` was left part-way."""
        if self._done or self._table is not None or self._rows is not None:
            return
        self._reading = True
        for _ in self._unread():
            pass

    @property
    def findings(self) -> pa.Table:
        """The findings as a `pyarrow.Table`: `read_all()`."""
        return self.read_all()

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """The findings as an Arrow stream (`polars.DataFrame(result)`, `pyarrow.table(result)`):
        `batches()`, which raises `ResultConsumedError` here when they were read already."""
        import pyarrow as pa

        reader = pa.RecordBatchReader.from_batches(findings_schema(), self.batches())
        return reader.__arrow_c_stream__(requested_schema)

    def _relabelled(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        if self._shown is None or not batch.num_rows:
            return batch
        import pyarrow as pa

        # The system allocator: the first allocation from pyarrow's default pool (mimalloc)
        # costs ~6 MiB of resident memory, more than this column needs.
        column = pa.array(
            [self._shown] * batch.num_rows, type=pa.string(), memory_pool=pa.system_memory_pool()
        )
        return batch.set_column(0, findings_schema().field(0), column)

    # The summary, final once the check has ended.

    def wait(self) -> ValidationResult:
        """Waits for the end of the check (keeping the findings not read yet) and returns
        this result; raises what ended the check, if it failed."""
        self._end()
        return self

    def _end(self) -> _gmsd_fast.CheckResult:
        """The core's result once the check has ended (the findings not read yet are kept);
        raises what ended it, if it failed."""
        if not self._done:
            try:
                self._raw.kept  # noqa: B018 (waits for the end)
            except Exception as err:
                if not self._settle(err):  # unless a result stands in
                    raise
            else:
                self._settle(None)
        if self._failure is not None:
            raise self._failure
        return self._raw

    def _settle(self, error: Exception | None) -> bool:
        """Once, at the end of the check: runs the end hooks, and records (and raises) the
        error that ends the result, if any; True when, instead, a result stands in for the
        check (`_instead_on_failure`). Later calls change nothing (False, or the error)."""
        if self._done:
            if self._failure is not None:
                raise self._failure
            return False
        self._done = True
        for hook in self._hooks:
            error = _run_hook(hook, error)
        instead = None if error is None or self._instead is None else self._instead(error)
        if instead is not None:
            # The findings read so far stay read; the stand-in's follow, its summary counts.
            self._raw, self._shown = instead, None
            return True
        self._failure = error
        if error is not None:
            raise error
        return False

    def _instead_on_failure(self, instead: Instead) -> None:
        """When the check fails with an error for which `instead` gives a result, this result
        goes on as that one (instead of raising): its findings follow those read already, and
        the summary is its. For a check whose findings were streamed (a zip member found
        damaged after its first findings were written) it still ends as a result."""
        self._instead = instead

    def _at_end(self, hook: EndHook) -> None:
        """Runs `hook` at the end of the check (now, if it has ended)."""
        if not self._done:
            self._hooks.append(hook)
            return
        error = _run_hook(hook, self._failure)
        if error is not None:
            self._failure = error
            raise error

    def _show_as(self, name: str) -> None:
        """Shows the result under another name, in `path` and the findings' `file` column."""
        self._path = name
        self._shown = None if name == self._raw.path else name

    @property
    def verdict(self) -> Verdict:
        """`accepted`, `rejected` or `undecided` (no reporting period known: the date rules
        could not run, so no verdict)."""
        return self._end().verdict

    @property
    def accepted(self) -> bool:
        """Whether CBS would accept the file: never when the verdict is `undecided`."""
        return self.verdict == "accepted"

    @property
    def member(self) -> str | None:
        """For a zip member: its name in the archive (`archive` is the zip); else None."""
        return self._member

    @property
    def archive(self) -> str | None:
        """For a zip member: the zip it was read from, as given; else None."""
        return self._archive

    @property
    def period(self) -> str | None:
        return self._end().period

    @property
    def uitvraag(self) -> str | None:
        """The uitvraag whose delivery window was in force (`period`, or the one open on the
        day of delivery): the code to give where the period is unknown."""
        return self._end().uitvraag

    @property
    def protocol(self) -> str:
        return self._end().protocol

    @property
    def rows(self) -> int:
        return self._end().rows

    @property
    def lines(self) -> int:
        return self._end().lines

    @property
    def bytes(self) -> int:
        return self._end().bytes

    @property
    def gemeentecode(self) -> str | None:
        return self._end().gemeentecode

    @property
    def aanmaakdatum(self) -> str | None:
        return self._end().aanmaakdatum

    @property
    def failing_pass(self) -> int | None:
        return self._end().failing_pass

    @cached_property
    def counts(self) -> dict[str, int]:
        """The exact number of findings per rule code."""
        return dict(self._end().counts)

    @cached_property
    def severity_counts(self) -> dict[str, int]:
        """The exact number of findings per severity (`Severity`: reject, error, warning, info)."""
        return dict(self._end().severity_counts)

    @cached_property
    def cbs_counts(self) -> dict[str, Any] | None:
        """CBS's counts (clients, voorzieningen after merging …) when asked with `count=True`."""
        return self._end().cbs_counts

    @cached_property
    def gemeenten(self) -> dict[str, int]:
        """Rows per valid gemeentecode; more than one key means several municipalities."""
        return dict(self._end().gemeenten)

    @cached_property
    def fixable(self) -> dict[str, int]:
        """Of `counts`, the findings `gmsd-fast fix` repairs safely (`gmsd_fast.fix`), per
        rule code."""
        return dict(self._end().fixable)


def _run_hook(hook: EndHook, error: Exception | None) -> Exception | None:
    """The error after `hook` ran: the one it raised, else the one it was given."""
    try:
        hook(error)
    except Exception as raised:
        return raised
    return error


def _result(raw: _gmsd_fast.CheckResult, hook: EndHook | None = None) -> ValidationResult:
    """A result of `raw` with its end hook; settled at once when the check has ended (so that
    what ended it raises here)."""
    result = ValidationResult(raw)
    if hook is not None:
        result._at_end(hook)
    if raw.ended:
        result._end()
    return result


#: The options of a check, built once and checked by the core: see `_gmsd_fast.CheckOptions`.
CheckOptions = _gmsd_fast.CheckOptions


def check_options(**options: Unpack[Options]) -> CheckOptions:
    """The options of a check (`Options`), checked and built once, to pass as `options=` to
    any of the API's functions. `TypeError` or `UsageError` (in English, naming the
    parameter) when one cannot be used. `stop.request()` ends a check with these options at
    its next block (`Stopped`)."""
    return make_options("check_options", None, options)


def cli_options(**options: Any) -> CheckOptions:
    """The command line's options: `UsageError` with the core's message in the options'
    `lang` (the command line speaks the user's language). The day of delivery is today unless
    given (`delivery_day`)."""
    options["delivery_date"] = delivery_day(options.get("delivery_date"))
    try:
        return _gmsd_fast.CheckOptions(**options)
    except _gmsd_fast.OptionError as err:
        code, value, message = err.args
        raise UsageError(message, code, value) from None


def _refuse_delivery(function: str, path: str) -> os.stat_result | None:
    """`validate` and `fix` take one file: a folder or a zip is a delivery (`check_delivery`);
    a FIFO, a device or a file that says it is empty but gives data (`/proc`) is no file of a
    delivery and might be read forever (`NotARegularFileError`, as the command line says).
    The file's status as it was before it was read; None when there is none to be had (the
    check says why it cannot read it)."""
    from gmsd_fast.inputs import is_zip, require_regular_file  # inputs builds on this module

    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode):
        require_regular_file(path)
    if stat.S_ISDIR(st.st_mode):
        kind = "a folder"
    elif is_zip(path):
        kind = "a zip archive"
    else:
        return st
    other = "fix_delivery" if function == "fix" else "check_delivery"
    raise UsageError(
        f"{function}() takes one delivery file, and {path!r} is {kind}: use"
        f" gmsd_fast.{other}({path!r}) for a folder, a zip or several files (with the"
        " delivery rules L001-L004 and a result per file)",
        "not-one-file",
        path,
    )


def validate(
    path: str | os.PathLike[str],
    *,
    name: str | None = None,
    options: CheckOptions | None = None,
    **kwargs: Unpack[Options],
) -> ValidationResult:
    """Check one GMSD Wmo file on disk, all three CBS passes in one run.

    The options (`Options`: `period`, `select`, `ignore`, `max_per_rule`, `lang`, `jobs` …)
    are keywords, or built once with `check_options` and given as `options`. `period` is the
    uitvraag (period code, `H22025`): the reporting period of a file whose name has none, and
    the delivery window of that uitvraag (which accepts H22025 and H12025). `select`/`ignore`
    take rule codes, names or code prefixes (a str: one, or comma-separated). `jobs=0` uses
    all cores for a large file. `max_per_rule=0` keeps every finding (and the thread that
    reads them counts as one of the `jobs`). `name` is the name the result and its findings
    show (default: the path as given).

    A folder or a zip archive is a delivery, not one file: `UsageError` (code
    `not-one-file`) naming `check_delivery`, which checks those. Raises
    `FileNotFoundError`, `PermissionError` or `OSError` when the file cannot be read
    (`NotARegularFileError` for a FIFO, a device, or a file in `/proc` that says it is empty),
    `FileChangedError` when it changed while it was read (grew, shrank, was replaced, removed
    or modified), `TypeError`/`UsageError` for invalid arguments (in English, naming the
    parameter); problems in the file's content are findings, never exceptions.

    The check runs on a thread of its own. This returns once it has ended, or, when it keeps
    more findings than it queues (every finding of a large file), once its first findings
    wait to be read: the rest are found as `batches()` reads them, and what ends the check
    then (the errors above, a stop) is raised from the findings or the summary instead.

    Stopping: `stop.request()` (from another thread) ends the check at its next block with
    `Stopped`; Ctrl-C in the main thread raises `KeyboardInterrupt` within a fraction of a
    second (and requests `stop`, when given).
    """
    options = make_options("validate", options, kwargs)
    fspath = os.fspath(path)
    before = _refuse_delivery("validate", fspath)
    raw = _gmsd_fast.check_path(fspath, name, options)

    def judged_as_read(error: Exception | None) -> None:
        if before is None:
            return
        if isinstance(error, FileNotFoundError):
            raise FileChangedError(fspath, "removed") from None
        if error is None:
            unchanged_since(fspath, before, raw.bytes)

    return _result(raw, judged_as_read)


def validate_bytes(
    data: bytes, name: str, *, options: CheckOptions | None = None, **kwargs: Unpack[Options]
) -> ValidationResult:
    """Check a file held in memory; `name` is its file name (pass 1 checks it; an empty name
    means it has none, and pass 1 says so: N006). Options and stopping as for `validate`."""
    options = make_options("validate_bytes", options, kwargs)
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"validate_bytes(): data must be bytes, not {type(data).__name__}")
    return _result(_gmsd_fast.check_bytes(bytes(data), name, options))


def validate_stream(
    reader: IO[bytes], name: str, *, options: CheckOptions | None = None, **kwargs: Unpack[Options]
) -> ValidationResult:
    """Check a binary stream (e.g. `zipfile.ZipFile.open(member)`) without reading it whole.
    `name` as for `validate_bytes`. An exception raised by `reader.read` is raised as it is.
    Options and stopping as for `validate`."""
    options = make_options("validate_stream", options, kwargs)
    return _result(_gmsd_fast.check_stream(reader, name, options))
