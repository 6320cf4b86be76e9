"""Inputs: turn the paths a user names into things to check, zip archives included.

A regional coordinator may deliver several municipalities in one zip, one file per
municipality (§2.5); CBS reads only `.csv` and `.txt` files in it (§4.1.1). `expand` turns
files, folders and zips into `Source`s, and everything that cannot be checked into `Problem`s
(rule L004); `check_all` checks the sources on several threads.

The delivery is read by the core (`src/input/`, ARCHITECTURE.md "Reading a delivery"): which
files a folder delivers, when a file is a zip, the zip's directory (by our own reader: two
members of one name are two files), every zip safety rule (bombs by ratio and size, the
archive's total, traversal, encryption, nested zips, symbolic links, member limits, members
damaged or stopped while they are read) and the problem kinds (L004's message keys,
`_gmsd_fast.problem_kinds()`). This module keeps what the Python layer shows and decides:

- Names: a member is shown as `levering.zip/WMO_H22025_a.csv`, numbered in archive order
  where several members have the same name (`… (1)`, `… (2)`), in every output, since the
  findings and the delivery rules tell files apart by name; a file given twice is numbered
  so too (`distinct_names`). Names that are not UTF-8 show U+FFFD, control characters their
  pictures (`shown_name`, the core's rule for member names too).
- Standard input (`-` in the CLI) is one file, streamed like any other (`stdin_source`), read
  by the core too. It has no name unless one is given (then pass 1 says so, N006). A zip or
  gzip stream is refused (`StdinRefusedError`), and so is a device or a file that says it is
  empty but gives data (it may never end).
- Stopping: every read looks at the stop token first, and `check_all` starts no file once
  it was requested; a stopped check raises `Stopped`.
- A file or zip that changes while it is checked raises `FileChangedError`: its result
  would describe no version of it.
- An output must never be an input: `gmsd_fast.targets` decides where output may go.
- Missing or unreadable paths raise `FileNotFoundError`/`PermissionError`; they are the
  user's mistake, not the delivery's. So does a path that is neither a folder nor a regular
  file (a FIFO, a device such as `/dev/zero`, a socket): it raises `NotARegularFileError`
  before it is opened, since opening a FIFO blocks and a device never ends.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO

from gmsd_fast import _gmsd_fast
from gmsd_fast._gmsd_fast import StopToken
from gmsd_fast.api import CheckOptions, ValidationResult, _result
from gmsd_fast.exceptions import StdinRefusedError, ZipMemberError

__all__ = [
    "NotARegularFileError",
    "Problem",
    "Source",
    "StdinRefusedError",
    "ZipLimits",
    "ZipMemberError",
    "check_all",
    "distinct_names",
    "expand",
    "folder_files",
    "is_zip",
    "numbered",
    "require_regular_file",
    "shared_names",
    "shown_name",
    "stdin_source",
    "stream_all",
]

GIB = 1 << 30
#: The extensions a delivery file has (a folder delivers these and `.zip`).
CHECKED_EXTENSIONS = (".csv", ".txt")

ZIP_MAGIC = b"PK\x03\x04"
#: Read at once from a stream held in memory or given to the API.
CHUNK = 1 << 20

#: The problem kinds (rule L004's message keys), from the core.
_KINDS = {kind: (bomb, carried) for kind, bomb, carried in _gmsd_fast.problem_kinds()}
#: The kinds that are a possible zip bomb.
ZIP_BOMBS = frozenset(kind for kind, (bomb, _) in _KINDS.items() if bomb)


@dataclass(frozen=True)
class ZipLimits:
    """Limits against zip bombs; sizes are uncompressed bytes."""

    max_member_bytes: int = 2 * GIB
    max_total_bytes: int = 8 * GIB
    max_ratio: float = 200.0
    max_members: int = 2000


@dataclass(frozen=True)
class Problem:
    """An input that could not be checked (rule L004 zip-member).

    `path` is the display name (`archive.zip` or `archive.zip/member.csv`); `kind` one of the
    core's problem kinds (`unsafe-path-dotdot`, `member-too-large`, ...), `values` the values
    its message names (`member`, sizes in bytes as `size` and `limit`, ...).
    """

    path: str
    kind: str
    values: dict[str, int | str] = field(default_factory=dict)

    def message(self, lang: str = "nl") -> str:
        """The problem in words: the core's message of rule L004, in `lang`."""
        import pyarrow as pa

        options = _gmsd_fast.CheckOptions(lang=lang)
        result = _gmsd_fast.input_problem(self.path, self.kind, dict(self.values), options)
        messages: list[str] = pa.table(result).column("message").to_pylist()
        return messages[0]

    @property
    def is_zip_bomb(self) -> bool:
        """Whether it is a possible zip bomb (refused by its sizes, or stopped unpacking)."""
        return self.kind in ZIP_BOMBS

    @property
    def carried_over(self) -> bool:
        """Whether it is a member that is no delivery file but can be read (another kind of
        file, a nested zip, a symbolic link, an unsafe path): `fix` copies it as it is."""
        return _KINDS.get(self.kind, (False, False))[1]

    @classmethod
    def damaged(cls, shown: str) -> Problem:
        """A member, or an archive, that could not be read completely."""
        return cls(shown, _kind("damaged"), {"member": shown})


def _kind(kind: str) -> str:
    """`kind`, one of the core's problem kinds."""
    if kind not in _KINDS:
        raise ValueError(f"not a problem kind of the core: {kind}")
    return kind


#: An archive whose members declare more than `max_total_bytes` together (for the API's
#: archives held in memory).
TOTAL_TOO_LARGE = _kind("total-too-large")


class NotARegularFileError(OSError):
    """The path is a FIFO, a device or a socket: nothing a delivery file can be. `unsized`: a
    file that says it is empty but gives data (`/proc/self/pagemap`), which may never end."""

    def __init__(self, path: str, *, unsized: bool = False) -> None:
        super().__init__(errno.EINVAL, "not a regular file", path)
        self.unsized = unsized


def shown_name(path: str) -> str:
    """A file name or path as it can be shown and handed to the core: the bytes of a name that
    are not UTF-8 (a Latin-1 name from an old share, read by Python with `surrogateescape`)
    as U+FFFD, and control characters as their pictures (`␛` for ESC, `␀` for NUL, `␡` for
    DEL; U+FFFD for the C1 controls, which have none), by the core's rule for zip member
    names, so that a name never drives the terminal and gains no `/` or `\\`. The file is
    still opened by its own name."""
    try:
        text = path.encode("utf-8").decode("utf-8")
    except UnicodeEncodeError:
        text = os.fsencode(path).decode("utf-8", "replace")
    return text if text.isprintable() else _gmsd_fast.shown_name(text)


@dataclass(frozen=True)
class Source:
    """One file to check: a file on disk (`member is None`), a member of a zip archive, or a
    stream read from a file descriptor (`fd`, standard input; `path` is `-`).

    `name` is the display name: the path as given, `archive.zip/member`, or for a stream the
    name given for it (`given_name`) or words for standard input. A file or member found by
    `expand` carries the core's source (`_core`), which reads it.
    """

    name: str
    path: str
    member: str | None = None
    index: int = -1
    #: The limits it was found with (a member's archive in the core keeps and applies them).
    limits: ZipLimits = ZipLimits()
    _core: _gmsd_fast.DeliverySource | None = field(default=None, compare=False, repr=False)
    fd: int | None = None
    #: For a stream: the file name the file-name rules see; empty for none (rule N006).
    given_name: str = ""
    #: A file held in memory, or a binary stream, given to the API (`check_delivery`).
    data: bytes | IO[bytes] | None = field(default=None, compare=False, repr=False)
    #: For a zip member: the archive as its result names it (`archive`), when not `path`.
    archive: str | None = None

    @property
    def base_name(self) -> str:
        """The file name the file-name rules see (for a member: without its folders), as it
        can be shown (`shown_name`)."""
        if self.fd is not None or self.data is not None:
            return shown_name(re.split(r"[/\\]", self.given_name)[-1])
        if self._core is not None:
            return self._core.base_name
        return shown_name(os.path.basename(self.path))

    def check(self, options: CheckOptions) -> ValidationResult:
        """Checks this source with `options` (their `jobs` split a file on disk, or unpack a
        large member on one thread while it is checked on another).

        For a zip member, raises `ZipMemberError` when the member cannot be read or is
        stopped by the zip-bomb limits; `.problem` says why. Raises `FileChangedError` when
        the file or zip changed while it was read, `Stopped` when the options' stop token was
        requested.
        """
        # The one way a source is checked: on the core's checks, as `check_all` checks it.
        checks = _gmsd_fast.SourceChecks([self._for_core()], options)
        try:
            raw = next(checks)
        finally:
            checks.close()
        return self._named(_result(raw))

    def _named(self, result: ValidationResult) -> ValidationResult:
        """`result` shown under this source's name, saying which zip member it is."""
        result._show_as(self.name)
        if self.member is not None:
            result._member, result._archive = self.member, self.archive or self.path
        return result

    def _for_core(self) -> _gmsd_fast.DeliverySource | tuple[str, str, int | bytes | IO[bytes] | str]:
        """This source as the core's checks take it (`_gmsd_fast.SourceChecks`), read as
        `check` reads it."""
        if self._core is not None:
            return self._core
        if self.fd is not None:
            return (self.base_name, self.name, self.fd)
        if self.data is not None:
            return (self.base_name, self.name, self.data)
        # A file on disk: the name as it can be shown, not numbered (the file-name rules).
        return (shown_name(self.path), self.name, self.path)

    def reader(self, stop: StopToken | None = None) -> _gmsd_fast.SourceReader:
        """This zip member read as a binary stream by the core: unpacked under the zip-bomb
        limits (the archive's shared total included), its CRC-32 compared at its end; its
        failures raise `ZipMemberError`. Looks at `stop` before each read."""
        assert self._core is not None, "a member comes from expand"
        return self._core.reader(stop)


def numbered(name: str, occurrence: int) -> str:
    """The display name of the `occurrence`-th (1, 2, …) of several inputs shown as `name`:
    `levering.zip/WMO_H22025_a.csv (2)`. The number follows the name, after its extension,
    so that no real member name (which ends in `.csv` or `.txt`) can look like it, and it
    speaks no language: it goes into every output, the machine formats too."""
    return f"{name} ({occurrence})"


_NUMBERED = re.compile(r"(.+) \((\d+)\)")


def shared_names(names: Sequence[str]) -> dict[str, int]:
    """The names that several of `names` share, as `numbered` shows them, with how many share
    each, in order (for the sentence that says what the numbers mean)."""
    bases = Counter(match.group(1) for name in names if (match := _NUMBERED.fullmatch(name)))
    return {base: n for base, n in bases.items() if n > 1}


def distinct_names(sources: Sequence[Source]) -> list[Source]:
    """`sources` with every name shown once: where several have the same name (a file given
    twice, standard input named like a file), each is `numbered` in input order. Results are
    told apart by their names in every output (the findings' `file`, L001's list)."""
    total = Counter(s.name for s in sources)
    seen: Counter[str] = Counter()
    out = []
    for source in sources:
        if total[source.name] > 1:
            seen[source.name] += 1
            source = dataclasses.replace(source, name=numbered(source.name, seen[source.name]))
        out.append(source)
    return out


def require_regular_file(path: str) -> None:
    """Raises `NotARegularFileError` for a FIFO, a device or a socket (which a check would
    wait on or read forever), and for a file that says it is empty but gives data (in `/proc`:
    `/proc/self/pagemap` gives terabytes; looked at without waiting, `/proc/kmsg` would wait);
    `FileNotFoundError` for nothing there."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotARegularFileError(path)
    if st.st_size == 0:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            data = os.read(fd, 4096)  # /proc/self/pagemap reads only multiples of 8
        except (BlockingIOError, InterruptedError):  # an empty file would not wait
            data = b"?"
        except OSError as err:  # EINVAL: a read the file refuses, as /proc's do
            if err.errno != errno.EINVAL:
                raise OSError(err.errno, err.strerror, path) from None
            data = b"?"
        finally:
            os.close(fd)
        if data:
            raise NotARegularFileError(path, unsized=True)


def folder_files(path: str) -> list[str]:
    """The files a folder delivers: its `.csv`, `.txt` and `.zip` files (any case), not hidden,
    not in subfolders, sorted by name (the core's rule)."""
    return [os.fspath(p) for p in _gmsd_fast.folder_files(path)]


def is_zip(path: str) -> bool:
    """Whether a file is read as a zip archive: its name ends in `.zip` (any case), or it
    starts with the zip magic and its name does not end in `.csv`/`.txt` (the core's rule)."""
    return _gmsd_fast.is_zip(path)


def expand(
    paths: Sequence[str | os.PathLike[str]], limits: ZipLimits = ZipLimits()
) -> tuple[list[Source], list[Problem]]:
    """Turns files, folders and zip archives into sources to check and problems, by the core.

    Files are taken as given (any name: the core checks the name). Folders give their
    `.csv`/`.txt`/`.zip` files, not those of subfolders, sorted by name. Zip archives give one
    source per `.csv`/`.txt` member, in archive order; members that cannot or may not be read
    are problems. Raises `FileNotFoundError`/`PermissionError` for a missing or unreadable
    path, `NotARegularFileError` for one that is neither a folder nor a regular file.
    """
    sources: list[Source] = []
    problems: list[Problem] = []
    for p in paths:
        path = os.fspath(p)
        if not os.path.isdir(path):
            require_regular_file(path)
        found = _gmsd_fast.expand(
            [path], limits.max_member_bytes, limits.max_total_bytes, limits.max_ratio, limits.max_members
        )
        for item in found:
            if isinstance(item, tuple):
                shown, kind, values = item
                problems.append(Problem(shown, kind, values))
                continue
            index = item.index
            sources.append(
                Source(
                    item.shown,
                    os.fspath(item.path),
                    item.member,
                    -1 if index is None else index,
                    limits,
                    item,
                )
            )
    return sources, problems


def _shown_as(problem: Problem, source: Source) -> Problem:
    """A member's problem found while it was read, under the name its source is shown as (the
    core names it by the archive it read, which the API may have renamed)."""
    if problem.path == source.name:
        return problem
    values = dict(problem.values)
    if values.get("member") == problem.path:
        values["member"] = source.name
    return Problem(source.name, problem.kind, values)


def _core_checks(
    sources: Sequence[Source],
    options: CheckOptions,
    progress: Callable[[Source], None] | None,
    *,
    pooled: bool,
) -> _gmsd_fast.SourceChecks:
    """The checks of `sources` on the core's threads, their results in input order (see
    `_gmsd_fast.SourceChecks`); `progress` is called with each source as its check ends."""

    def ended(index: int) -> None:
        assert progress is not None
        progress(sources[index])

    items = [source._for_core() for source in sources]
    return _gmsd_fast.SourceChecks(items, options, pooled, None if progress is None else ended)


def check_all(
    sources: Sequence[Source],
    options: CheckOptions,
    progress: Callable[[Source], None] | None = None,
    on_result: Callable[[ValidationResult], None] | None = None,
) -> tuple[list[ValidationResult], list[Problem]]:
    """Checks `sources` on `options.jobs` threads (0: one per core), results in the order of
    `sources`. With fewer sources than threads, each file gets `jobs // len(sources)` threads
    of its own.

    `progress`, when given, is called with each source once its check is done (from the
    worker thread; keep it cheap and thread-safe, e.g. `rich.progress.Progress.advance`).
    `on_result`, when given, is called with each result once it is complete, in order, on the
    caller's thread, while the later sources are still being checked: work on one file's
    result done there (a report's part of it) costs no time after the last check.
    A zip member that cannot be read or is stopped by the zip-bomb limits becomes a `Problem`;
    any other error (a file that vanished or changed) is raised. Once the options' stop token
    is requested, no further source is started and the check ends with `Stopped`.
    """
    results: list[ValidationResult] = []
    problems: list[Problem] = []
    if not sources:
        return results, problems
    # Pooled: the core starts the next source as soon as any check ends (every result is
    # kept here anyway), so a large file at the front holds no core idle.
    checks = _core_checks(sources, options, progress, pooled=True)
    try:
        for source, raw in zip(sources, checks, strict=True):
            try:
                result = source._named(_result(raw)).wait()
            except ZipMemberError as err:
                problems.append(_shown_as(err.problem, source))
                continue
            results.append(result)
            if on_result is not None:
                on_result(result)
    finally:
        checks.close()
    return results, problems


def stream_all(
    sources: Sequence[Source],
    options: CheckOptions,
    progress: Callable[[Source], None] | None = None,
) -> Iterator[ValidationResult | Problem]:
    """Checks `sources` as `check_all` does, but yields each result (or `Problem`) in the order
    of `sources` as soon as it is there, its check possibly still running: its findings come
    as they are read (`ValidationResult.batches()`), so that every finding of any number of
    large files is written in bounded memory. Read each result to its end before asking for
    the next: the checks of at most `options.jobs` sources (0: one per core) run meanwhile,
    each waiting, once its findings fill its queue, to be read. A zip member that fails
    after its findings started (a zip bomb stopped, a damaged member) goes on as its
    problem: the findings read before stay read, its L004 finding follows, and its summary
    is the problem's (rejected), as a `Problem` would have been checked.

    `progress` is called with each source once its result has been read.
    """
    if not sources:
        return
    # Not pooled: the core runs the checks ahead of this reader by at most `jobs`, so that
    # memory stays bounded with every finding kept.
    checks = _core_checks(sources, options, None, pooled=False)
    try:
        for source, raw in zip(sources, checks, strict=True):
            yield _streamed(source, raw, options)
            if progress is not None:
                progress(source)
    finally:
        checks.close()


def _streamed(
    source: Source, raw: _gmsd_fast.CheckResult, options: CheckOptions
) -> ValidationResult | Problem:
    """A result of `stream_all`: a member that failed before its findings were handed out is
    its problem; one that fails later goes on as its problem's result (see `stream_all`)."""
    try:
        result = source._named(_result(raw))
    except ZipMemberError as err:
        return _shown_as(err.problem, source)

    def as_problem(error: Exception) -> _gmsd_fast.CheckResult | None:
        if not isinstance(error, ZipMemberError):
            return None
        problem = _shown_as(error.problem, source)
        return _gmsd_fast.input_problem(problem.path, problem.kind, dict(problem.values), options)

    result._instead_on_failure(as_problem)
    return result


def stdin_source(given_name: str | None, shown: str) -> Source:
    """Standard input as a source: `given_name` is the file name for the file-name rules
    (None: it has none, N006), `shown` the display name when there is none."""
    return Source(shown_name(given_name or shown), "-", fd=0, given_name=given_name or "")
