"""The compiled core (Rust). Kept honest by `python -m mypy.stubtest gmsd_fast._gmsd_fast`."""

import os
from collections.abc import Callable
from typing import IO, Any, Literal, final

__all__ = [
    "CheckOptions",
    "CheckResult",
    "DeliverySource",
    "FixResult",
    "OptionError",
    "SourceChecks",
    "SourceReader",
    "StopToken",
    "ZipArchive",
    "ZipOut",
    "__version__",
    "agreed_aanmaakdatum",
    "check_bytes",
    "check_delivery",
    "check_path",
    "check_stream",
    "code_lists",
    "columns",
    "expand",
    "fix_bytes",
    "fix_path",
    "fix_stream",
    "folder_files",
    "gemeente_name",
    "gemeenten",
    "generate",
    "input_problem",
    "is_zip",
    "json_lines",
    "one_malloc_arena",
    "period_days",
    "plain_text",
    "problem_kinds",
    "protocols",
    "publication_groups",
    "rules",
    "severities",
    "shown_name",
    "stdin_reader",
]

__version__: str

class OptionError(ValueError):
    """`args` are (code, value, message)."""

@final
class CheckOptions:
    def __new__(
        cls,
        *,
        protocol: str | None = None,
        period: str | None = None,
        select: list[str] = ...,
        ignore: list[str] = ...,
        max_per_rule: int = ...,  # 100 (check::DEFAULT_MAX_PER_RULE)
        reveal_bsn: bool = False,
        lang: str = "nl",
        jobs: int = 1,
        count: bool = False,
        stop: StopToken | None = None,
        delivery_date: str | None = None,
    ) -> CheckOptions: ...
    @property
    def lang(self) -> str: ...
    @property
    def period(self) -> str | None: ...
    @property
    def delivery_date(self) -> str | None: ...
    @property
    def protocol(self) -> str: ...
    @property
    def jobs(self) -> int: ...
    @property
    def threads(self) -> int: ...  # jobs, 0 as one per core
    @property
    def count(self) -> bool: ...
    @property
    def max_per_rule(self) -> int: ...
    @property
    def reveal_bsn(self) -> bool: ...
    @property
    def stop(self) -> StopToken | None: ...
    def with_jobs(self, jobs: int) -> CheckOptions: ...
    def without_period(self) -> CheckOptions: ...

@final
class StopToken:
    def __new__(cls) -> StopToken: ...
    def request(self) -> None: ...
    @property
    def requested(self) -> bool: ...

@final
class CheckResult:
    """Findings as record batches while the check runs; the summary once it has ended."""

    def next_batch(self) -> Any: ...  # pyarrow.RecordBatch | None
    def next_rows(self) -> list[dict[str, Any]] | None: ...
    @property
    def ended(self) -> bool: ...
    @property
    def path(self) -> str: ...
    @property
    def verdict(self) -> Literal["accepted", "rejected", "undecided"]: ...
    @property
    def period(self) -> str | None: ...
    @property
    def uitvraag(self) -> str | None: ...
    @property
    def protocol(self) -> str: ...
    @property
    def rows(self) -> int: ...
    @property
    def lines(self) -> int: ...
    @property
    def bytes(self) -> int: ...
    @property
    def gemeentecode(self) -> str | None: ...
    @property
    def aanmaakdatum(self) -> str | None: ...
    @property
    def failing_pass(self) -> int | None: ...
    @property
    def counts(self) -> dict[str, int]: ...
    @property
    def severity_counts(self) -> dict[str, int]: ...
    @property
    def fixable(self) -> dict[str, int]: ...
    @property
    def kept(self) -> int: ...
    @property
    def cbs_counts(self) -> dict[str, Any] | None: ...
    @property
    def gemeenten(self) -> dict[str, int]: ...
    @property
    def files_per_finding(self) -> list[list[str]]: ...
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...

@final
class FixResult:
    @property
    def path(self) -> str: ...
    @property
    def counts(self) -> dict[str, int]: ...
    @property
    def kept(self) -> int: ...
    @property
    def lines_changed(self) -> int: ...
    @property
    def bytes_in(self) -> int: ...
    @property
    def bytes_out(self) -> int: ...
    @property
    def unsafe_fixes(self) -> int: ...
    @property
    def check(self) -> CheckResult: ...
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...

@final
class ZipOut:
    """The zip `fix` writes for a zip, member by member in the order of `source`'s."""

    def __new__(cls, source: ZipArchive, writer: Any) -> ZipOut: ...  # a binary writer
    def copy(self, index: int) -> None: ...
    def begin(self, index: int) -> None: ...
    def write(self, data: bytes) -> int: ...
    def flush(self) -> None: ...
    def end(self) -> None: ...
    def close(self) -> None: ...

def check_path(path: str, shown_as: str | None, options: CheckOptions) -> CheckResult: ...
def check_bytes(data: bytes, name: str, options: CheckOptions) -> CheckResult: ...
def check_stream(
    reader: IO[bytes], name: str, options: CheckOptions, shown_as: str | None = None
) -> CheckResult: ...
def json_lines(batch: Any, columns: list[str] | None = None) -> bytes: ...  # a pyarrow.RecordBatch
def check_delivery(
    files: list[tuple[str, CheckResult]], centrumgemeenten: list[int] | None, options: CheckOptions
) -> CheckResult | None: ...
def input_problem(
    path: str, kind: str, values: dict[str, int | str], options: CheckOptions
) -> CheckResult: ...
def gemeente_name(code: str, period: str | None = None) -> str | None: ...
def period_days(period: str) -> tuple[str, str] | None: ...
def rules(protocol: str | None = None) -> list[dict[str, Any]]: ...
def protocols() -> list[str]: ...
def severities() -> list[str]: ...
def plain_text(markdown: str) -> str: ...
def columns(protocol: str | None = None) -> list[dict[str, Any]]: ...
def generate(
    path: str | os.PathLike[str] | IO[bytes],
    rows: int,
    *,
    seed: int = 1,
    period: str = "H22025",
    gemeentecode: int = 363,
    faulty_share: float = 0.0,
    crlf: bool = False,
    stop: StopToken | None = None,
) -> dict[str, Any]: ...
def code_lists(protocol: str | None = None) -> dict[str, list[dict[str, Any]]]: ...
def publication_groups(protocol: str | None = None) -> list[dict[str, str]]: ...
def gemeenten() -> list[dict[str, str | None]]: ...
def fix_path(
    path: str,
    output: str | None,
    options: CheckOptions,
    *,
    name: str | None = None,
    output_name: str | None = None,
    unsafe_fixes: bool = False,
    aanmaakdatum: str | None = None,
    diff: IO[str] | None = None,
) -> FixResult: ...
def fix_stream(
    reader: IO[bytes],
    writer: IO[bytes] | None,
    name: str,
    options: CheckOptions,
    *,
    output_name: str | None = None,
    unsafe_fixes: bool = False,
    aanmaakdatum: str | None = None,
    agreed: str | None = None,
    diff: IO[str] | None = None,
) -> FixResult: ...
def fix_bytes(
    data: bytes,
    name: str,
    options: CheckOptions,
    *,
    output_name: str | None = None,
    unsafe_fixes: bool = False,
    aanmaakdatum: str | None = None,
) -> tuple[bytes, FixResult]: ...
def agreed_aanmaakdatum(reader: IO[bytes], name: str, options: CheckOptions) -> str | None: ...

@final
class DeliverySource:
    """One file of a delivery found by `expand`: a file on disk or a zip member."""

    @property
    def shown(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def member(self) -> str | None: ...
    @property
    def index(self) -> int | None: ...
    @property
    def raw_name(self) -> bytes | None: ...
    @property
    def base_name(self) -> str: ...
    def reader(self, stop: StopToken | None = None) -> SourceReader: ...

@final
class SourceChecks:
    """The checks of a delivery's sources on the core's threads: a started check's result
    per source, in input order. `sources`: `DeliverySource`s, or `(name, shown, data)` with
    `data` a file descriptor, bytes, a binary stream or a path. `pooled`: the next source
    starts as any check ends; else at most `jobs` run ahead of the reader. `progress(i)` is
    called from the check's thread as the `i`-th source's check ends, until `close()`."""

    def __new__(
        cls,
        sources: list[DeliverySource | tuple[str, str, int | bytes | IO[bytes] | str]],
        options: CheckOptions,
        pooled: bool = False,
        progress: Callable[[int], object] | None = None,
    ) -> SourceChecks: ...
    def __iter__(self) -> SourceChecks: ...
    def __next__(self) -> CheckResult: ...
    def close(self) -> None: ...

@final
class SourceReader:
    """A zip member read as a binary stream by the core."""

    def read(self, size: int = ...) -> bytes: ...  # -1: all that is left
    def readable(self) -> bool: ...
    def close(self) -> None: ...
    def __enter__(self) -> SourceReader: ...
    def __exit__(self, a: object, b: object, c: object) -> None: ...

@final
class ZipArchive:
    """A zip archive's directory read by the core, for `fix` of a zip."""

    def __new__(cls, path: str | os.PathLike[str]) -> ZipArchive: ...
    def members(self, shown_as: str) -> list[tuple[str, str, bool, int]]: ...  # name, shown, is_folder, size
    def reader(self, index: int, stop: StopToken | None = None) -> SourceReader: ...

def expand(
    paths: list[str | os.PathLike[str]],
    max_member_bytes: int,
    max_total_bytes: int,
    max_ratio: float,
    max_members: int,
) -> list[DeliverySource | tuple[str, str, dict[str, int | str]]]: ...
def problem_kinds() -> list[tuple[str, bool, bool]]: ...
def shown_name(text: str) -> str: ...
def stdin_reader(fd: int, shown: str, stop: StopToken | None = None) -> SourceReader: ...
def folder_files(path: str | os.PathLike[str]) -> list[str]: ...
def is_zip(path: str | os.PathLike[str]) -> bool: ...
def one_malloc_arena() -> None:
    """One malloc arena for the process (glibc; elsewhere nothing): for the command line."""
