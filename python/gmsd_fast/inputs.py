"""Inputs: turn the paths a user names into things to check, zip archives included.

A regional coordinator may deliver several municipalities in one zip, one file per
municipality (§2.5); CBS reads only `.csv` and `.txt` files in it (§4.1.1). `expand` turns
files, folders and zips into `Source`s, and everything that cannot be checked into `Problem`s
with a one-line Dutch and English message; `check_all` checks the sources on several threads.

Decisions:

- A folder is read **non-recursively**: its `.csv`, `.txt` and `.zip` files (extension in
  any case, hidden files skipped), sorted by name. A delivery is one flat folder; walking
  subfolders would pick up old deliveries and backups.
- A file is opened as a zip when its name ends in `.zip` (any case), or when it starts with
  the zip magic `PK\\x03\\x04` and its name does not end in `.csv`/`.txt`. A `.csv`/`.txt` file
  that is really a zip is checked as a file, so the core reports S002 (not a text file),
  exactly as CBS would refuse it. A `.zip` file without zip magic is a Problem.
- Zip members are never extracted to disk; each is streamed through a `GuardedReader` that
  stops once the member decompresses to more than `max_member_bytes`, to more than
  `max_ratio` times its compressed size, or the archive to more than `max_total_bytes`
  (declared sizes can lie). Declared sizes are checked first, before decompressing anything.
- Too many members, or a declared total over `max_total_bytes`, refuse the whole archive.
- A zip may hold several members of the same name (a zip tool that adds a file again does
  that). Each is a file of its own, checked and shown on its own; their names are numbered
  in archive order, `levering.zip/WMO_H22025_a.csv (1)`, `… (2)` (`member_names`), in every
  output, since the findings and the delivery rules tell files apart by name. A file given
  twice is numbered so too (`distinct_names`).
- A `Problem` says what went wrong as a kind and values (sizes, names, counts); its words are
  the core's (rule L004), in the user's language.
- Standard input (`-` in the CLI) is one file, streamed like any other (`stdin_source`). It
  has no name unless one is given (then pass 1 says so, N006). A zip or gzip stream is
  refused (`StdinRefusedError`): a zip's directory is at its end, so it cannot be read as
  a stream without holding all of it, and stdin carries the delivery file itself, as CBS
  receives it; `gunzip -c` unpacks one in the same pipe.
- Stopping: every read of a zip member or of stdin looks at the stop token first, and
  `check_all` starts no file once it was requested; a stopped check raises `Stopped`.
- A file or zip that changes while it is checked raises `FileChangedError`
  (`gmsd_fast.files.unchanged_since`): its result would describe no version of it.
- An output must never be an input: `gmsd_fast.targets` decides where output may go.
- Missing or unreadable paths raise `FileNotFoundError`/`PermissionError`; they are the
  user's mistake, not the delivery's. So does a path that is neither a folder nor a regular
  file (a FIFO, a device such as `/dev/zero`, a socket): it raises `NotARegularFileError`
  before it is opened, since opening a FIFO blocks and a device never ends.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import io
import os
import re
import select
import stat
import threading
import unicodedata
import zipfile
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import IO, cast

import pyarrow as pa

from gmsd_fast import _gmsd_fast
from gmsd_fast._gmsd_fast import StopToken
from gmsd_fast.api import CheckOptions, ValidationResult, validate, validate_bytes, validate_stream
from gmsd_fast.exceptions import GmsdError, Stopped
from gmsd_fast.files import unchanged_since

__all__ = [
    "GuardedReader",
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
    "member_name",
    "member_names",
    "member_raw_name",
    "numbered",
    "require_regular_file",
    "shared_names",
    "shown_name",
    "stdin_source",
    "stream_all",
]

GIB = 1 << 30
CHECKED_EXTENSIONS = (".csv", ".txt")
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
GZIP_MAGIC = b"\x1f\x8b"
#: How long a read of standard input waits for data before it looks at the stop token again.
STDIN_POLL_SECONDS = 0.1
CHUNK = 1 << 20
SUPPORTED_COMPRESSION = {
    zipfile.ZIP_STORED: "Stored",
    zipfile.ZIP_DEFLATED: "Deflate",
    zipfile.ZIP_BZIP2: "BZIP2",
    zipfile.ZIP_LZMA: "LZMA",
}

# Problem kinds: the message keys of rule L004 in the core.
UNSAFE_PATH_DOTDOT = "unsafe-path-dotdot"
UNSAFE_PATH_ABSOLUTE = "unsafe-path-absolute"
UNSAFE_PATH_DRIVE = "unsafe-path-drive"
UNSAFE_PATH_BACKSLASH = "unsafe-path-backslash"
NESTED_ZIP = "nested-zip"
ENCRYPTED = "encrypted"
SYMLINK = "symlink"
NOT_CSV_OR_TXT = "not-csv-or-txt"
UNSUPPORTED_COMPRESSION = "unsupported-compression"
MEMBER_TOO_LARGE = "member-too-large"
MEMBER_RATIO = "member-ratio"
MEMBER_RATIO_INFINITE = "member-ratio-infinite"
STOPPED_RATIO = "stopped-ratio"
STOPPED_SIZE = "stopped-size"
STOPPED_TOTAL = "stopped-total"
DAMAGED = "damaged"
TOO_MANY_MEMBERS = "too-many-members"
TOTAL_TOO_LARGE = "total-too-large"
CORRUPT_ZIP = "corrupt-zip"
NOT_A_ZIP = "not-a-zip"
EMPTY_ZIP = "empty-zip"
#: The kinds that are a possible zip bomb.
ZIP_BOMBS = frozenset(
    {MEMBER_TOO_LARGE, MEMBER_RATIO, MEMBER_RATIO_INFINITE, STOPPED_RATIO, STOPPED_SIZE, STOPPED_TOTAL}
    | {TOTAL_TOO_LARGE}
)


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

    `path` is the display name (`archive.zip` or `archive.zip/member.csv`); `kind` is one of
    the constants in this module (`unsafe-path-dotdot`, `member-too-large`, ...), `values`
    the values its message names (`member`, sizes in bytes as `size` and `limit`, ...).
    """

    path: str
    kind: str
    values: dict[str, int | str] = field(default_factory=dict)

    def message(self, lang: str = "nl") -> str:
        """The problem in words: the core's message of rule L004, in `lang`."""
        options = _gmsd_fast.CheckOptions(lang=lang)
        result = _gmsd_fast.input_problem(self.path, self.kind, dict(self.values), options)
        messages: list[str] = pa.table(result).column("message").to_pylist()
        return messages[0]


class NotARegularFileError(OSError):
    """The path is a FIFO, a device or a socket: nothing a delivery file can be. `unsized`: a
    file that says it is empty but gives data (`/proc/self/pagemap`), which may never end."""

    def __init__(self, path: str, *, unsized: bool = False) -> None:
        super().__init__(errno.EINVAL, "not a regular file", path)
        self.unsized = unsized


class StdinRefusedError(GmsdError):
    """Standard input is not read (`kind`): a zip or gzip stream (see the module's doc), or
    something that may never end (`endless`: a device such as `/dev/zero`, a file that says
    it is empty but gives data)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"standard input is refused: {kind}")
        self.kind = kind


def _raise_if_stopped(stop: StopToken | None, name: str) -> None:
    if stop is not None and stop.requested:
        raise Stopped(f"{name}: the check was stopped on request")


class ZipMemberError(OSError):
    """Reading a zip member failed or was stopped; `problem` says why, for the user."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"{problem.path}: {problem.kind}")
        self.problem = problem


def _member_problem(kind: str, shown: str, member: str, **values: int | str) -> Problem:
    return Problem(path=shown, kind=kind, values={"member": member, **values})


_DRIVE = re.compile(r"^[A-Za-z]:")


def _unsafe_path(name: str) -> str | None:
    """The kind of unsafe path a member name is, if it is one."""
    if ".." in re.split(r"[/\\]", name):
        return UNSAFE_PATH_DOTDOT
    if name.startswith(("/", "\\")):
        return UNSAFE_PATH_ABSOLUTE
    if _DRIVE.match(name):
        return UNSAFE_PATH_DRIVE
    if "\\" in name:
        return UNSAFE_PATH_BACKSLASH
    return None


def _ratio(file_size: int, compress_size: int) -> float:
    if compress_size > 0:
        return file_size / compress_size
    return float("inf") if file_size > 0 else 0.0


def _check_member(info: zipfile.ZipInfo, shown: str, limits: ZipLimits) -> Problem | None:
    """Decides from the central directory alone whether a member may be read. `shown` is the
    member as shown (`archive.zip/member`), its problem's `member` value `member_name`."""
    name, member = info.filename, member_name(info)
    unsafe = _unsafe_path(name)
    if unsafe is not None:
        return _member_problem(unsafe, shown, member)
    if stat.S_ISLNK(info.external_attr >> 16):
        return _member_problem(SYMLINK, shown, member)
    if info.flag_bits & 0x1:
        return _member_problem(ENCRYPTED, shown, member)
    ext = os.path.splitext(name.rsplit("/", 1)[-1])[1].lower()
    if ext == ".zip":
        return _member_problem(NESTED_ZIP, shown, member)
    if ext not in CHECKED_EXTENSIONS:
        return _member_problem(NOT_CSV_OR_TXT, shown, member)
    if info.compress_type not in SUPPORTED_COMPRESSION:
        return _member_problem(UNSUPPORTED_COMPRESSION, shown, member, method=info.compress_type)
    if info.file_size > limits.max_member_bytes:
        return _member_problem(
            MEMBER_TOO_LARGE, shown, member, size=info.file_size, limit=limits.max_member_bytes
        )
    ratio = _ratio(info.file_size, info.compress_size)
    if ratio > limits.max_ratio:
        max_ratio = round(limits.max_ratio)
        if ratio == float("inf"):
            return _member_problem(MEMBER_RATIO_INFINITE, shown, member, max_ratio=max_ratio)
        return _member_problem(MEMBER_RATIO, shown, member, ratio=round(ratio), max_ratio=max_ratio)
    return None


def _pictured(c: str) -> str:
    """A control character as its picture (`␛` for ESC, `␀` for NUL, `␡` for DEL; U+FFFD for
    the C1 controls, which have none): shown, never obeyed, and without the `\\` or `/` that
    would split a name into folders."""
    code = ord(c)
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def shown_name(path: str) -> str:
    """A file name or path as it can be shown and handed to the core: the bytes of a name that
    are not UTF-8 (a Latin-1 name from an old share, read by Python with `surrogateescape`)
    as U+FFFD, and control characters as their pictures (`_pictured`), so that a name never
    drives the terminal. The file is still opened by its own name."""
    try:
        text = path.encode("utf-8").decode("utf-8")
    except UnicodeEncodeError:
        text = os.fsencode(path).decode("utf-8", "replace")
    if text.isprintable():
        return text
    return "".join(_pictured(c) if unicodedata.category(c) == "Cc" else c for c in text)


def member_raw_name(info: zipfile.ZipInfo) -> bytes:
    """The bytes a zip holds for a member's name: UTF-8 when its flag says so, else what
    `zipfile` decoded as code page 437."""
    return info.filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as shown: its bytes read as UTF-8 when they are (many tools write UTF-8
    without the flag), else as `zipfile` reads them (code page 437, which Windows' own zips
    use); control characters escaped (`shown_name`)."""
    try:
        name = member_raw_name(info).decode("utf-8")
    except UnicodeDecodeError:
        name = info.filename
    return shown_name(name)


class _Budget:
    """Bytes decompressed so far from one archive, shared by the threads reading its members."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self._lock = threading.Lock()

    def take(self, n: int) -> bool:
        with self._lock:
            self.used += n
            return self.used <= self.limit


class GuardedReader(io.BufferedIOBase):
    """Wraps `ZipFile.open(member)`; counts the bytes really decompressed and stops with a
    `ZipMemberError` (an `OSError`) once the member exceeds `max_member_bytes`, or
    `max_ratio` times its compressed size, or the archive exceeds `max_total_bytes`. Read
    errors of the zip (bad CRC, corrupt data) become a `ZipMemberError` too; `problem` holds
    the reason after a failure. Once `stop` is requested, the next read raises `Stopped`.
    """

    def __init__(
        self,
        raw: IO[bytes],
        *,
        name: str,
        compress_size: int,
        limits: ZipLimits,
        budget: _Budget | None = None,
        stop: StopToken | None = None,
    ) -> None:
        super().__init__()
        self._raw = raw
        self._stop = stop
        self._name = name
        self._limits = limits
        self._budget = budget
        self._limit = min(limits.max_member_bytes, int(limits.max_ratio * max(compress_size, 1)))
        self.decompressed = 0
        self.problem: Problem | None = None

    def readable(self) -> bool:
        return True

    def _fail(self, problem: Problem) -> ZipMemberError:
        self.problem = problem
        return ZipMemberError(problem)

    def _chunk(self, n: int) -> bytes:
        if self.problem is not None:
            raise ZipMemberError(self.problem)
        _raise_if_stopped(self._stop, self._name)
        try:
            data = self._raw.read(n)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as err:
            raise self._fail(_member_problem(DAMAGED, self._name, self._name)) from err
        self.decompressed += len(data)
        if self.decompressed > self._limit:
            if self._limit < self._limits.max_member_bytes:
                problem = _member_problem(
                    STOPPED_RATIO, self._name, self._name, max_ratio=round(self._limits.max_ratio)
                )
            else:
                problem = _member_problem(
                    STOPPED_SIZE, self._name, self._name, limit=self._limits.max_member_bytes
                )
            raise self._fail(problem)
        if self._budget is not None and not self._budget.take(len(data)):
            raise self._fail(_member_problem(STOPPED_TOTAL, self._name, self._name, limit=self._budget.limit))
        return data

    def read(self, size: int | None = -1) -> bytes:
        """Reads up to `size` bytes (all when negative), at most 1 MiB per step of the zip."""
        want = -1 if size is None or size < 0 else size
        parts: list[bytes] = []
        got = 0
        while want < 0 or got < want:
            data = self._chunk(CHUNK if want < 0 else min(CHUNK, want - got))
            if not data:
                break
            parts.append(data)
            got += len(data)
        return b"".join(parts)

    def read1(self, size: int = -1) -> bytes:
        return self._chunk(CHUNK if size < 0 else min(CHUNK, size))

    def close(self) -> None:
        self._raw.close()
        super().close()


class StreamReader(io.RawIOBase):
    """Reads a file descriptor (standard input) for the core. The first bytes are looked at:
    a zip or gzip stream raises `StdinRefusedError`, and so does data from a device or from
    a file that says it is empty (they may never end; a pipe may). Before each read, and every
    `STDIN_POLL_SECONDS` while no data comes, it looks at `stop`: a pipe whose writer sends
    nothing cannot hold a stopped check up.
    """

    def __init__(self, fd: int, *, name: str, stop: StopToken | None = None) -> None:
        super().__init__()
        self._fd = fd
        self._name = name
        self._stop = stop
        self._head_seen = False
        self._pending = b""
        self._pollable = os.name == "posix"  # select() takes pipes only there
        try:
            mode, size = os.fstat(fd).st_mode, os.fstat(fd).st_size
        except OSError:
            mode, size = 0, 0
        self._endless = stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or (stat.S_ISREG(mode) and size == 0)
        # A pipe of a block's size (Linux): a sixteenth of the reads of the default 64 KiB.
        with contextlib.suppress(ImportError, AttributeError, OSError):
            import fcntl

            if stat.S_ISFIFO(os.fstat(fd).st_mode):
                fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, CHUNK)

    def readable(self) -> bool:
        return True

    def _read_some(self, n: int) -> bytes:
        while True:
            _raise_if_stopped(self._stop, self._name)
            if self._pollable and not select.select([self._fd], [], [], STDIN_POLL_SECONDS)[0]:
                continue
            return os.read(self._fd, n)

    def _check_head(self, want: int) -> None:
        head = b""
        while len(head) < len(ZIP_MAGIC):
            data = self._read_some(max(want, len(ZIP_MAGIC)) - len(head))
            if not data:
                break
            head += data
        self._head_seen = True
        if head and self._endless:
            raise StdinRefusedError("endless")
        if head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
            raise StdinRefusedError("zip")
        if head.startswith(GZIP_MAGIC):
            raise StdinRefusedError("gzip")
        self._pending = head

    def read(self, size: int | None = -1) -> bytes:
        """Up to `size` bytes (1 MiB when negative); `b""` at the end."""
        want = CHUNK if size is None or size < 0 else size
        if not self._head_seen:
            self._check_head(want)
        if self._pending:
            out, self._pending = self._pending[:want], self._pending[want:]
            return out
        return self._read_some(want)


@dataclass(frozen=True)
class Source:
    """One file to check: a file on disk (`member is None`), a member of a zip archive, or a
    stream read from a file descriptor (`fd`, standard input; `path` is `-`).

    `name` is the display name: the path as given, `archive.zip/member`, or for a stream the
    name given for it (`given_name`) or words for standard input.
    """

    name: str
    path: str
    member: str | None = None
    index: int = -1
    limits: ZipLimits = ZipLimits()
    _budget: _Budget | None = field(default=None, compare=False, repr=False)
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
        if self.member is None:
            return shown_name(os.path.basename(self.path))
        last = self.name.rsplit("/", 1)[-1]
        # Without the number that tells members of one name apart (`numbered`): a member's
        # own name ends in its extension.
        numbered = _NUMBERED.fullmatch(last)
        if numbered is not None and not last.lower().endswith((".csv", ".txt")):
            return numbered.group(1)
        return last

    def check(self, options: CheckOptions) -> ValidationResult:
        """Checks this source with `options` (their `jobs` split only a file on disk).

        For a zip member, raises `ZipMemberError` when the member cannot be read or is
        stopped by the zip-bomb limits; `.problem` says why. Raises `FileChangedError` when
        the file or zip changed while it was read, `Stopped` when the options' stop token was
        requested.
        """
        if self.fd is not None:
            reader = StreamReader(self.fd, name=self.name, stop=options.stop)
            result = validate_stream(cast(IO[bytes], reader), self.base_name, options=options)
        elif isinstance(self.data, bytes):
            result = validate_bytes(self.data, self.base_name, options=options)
        elif self.data is not None:
            result = validate_stream(self.data, self.base_name, options=options)
        elif self.member is None:
            # The name as it can be shown, not numbered: the file-name rules judge it.
            result = validate(self.path, name=shown_name(self.path), options=options)
        else:
            result = self._check_member(self.member, options)
        result._show_as(self.name)
        if self.member is not None:
            result._member, result._archive = self.member, self.archive or self.path
        return result

    def guarded(self, raw: IO[bytes], compress_size: int, stop: StopToken | None) -> GuardedReader:
        """A reader of this zip member (`raw`, opened from its archive) that keeps to the
        zip-bomb limits, the archive's shared budget included, and looks at `stop`."""
        return GuardedReader(
            raw,
            name=self.name,
            compress_size=compress_size,
            limits=self.limits,
            budget=self._budget,
            stop=stop,
        )

    def _check_member(self, member: str, options: CheckOptions) -> ValidationResult:
        """The member is read while its findings are (the check may go on after this returns):
        the archive stays open until the check ends."""
        guard: GuardedReader | None = None
        before = os.stat(self.path)
        archive = zipfile.ZipFile(self.path)  # one handle per check: not thread-safe

        def member_problem(error: Exception | None) -> None:
            """At the end: the archive closed, and a failure or change said as a problem."""
            archive.close()
            if isinstance(error, ZipMemberError | Stopped):
                return
            if isinstance(error, OSError):
                if guard is None:
                    return  # the archive itself vanished or became unreadable: the user's problem
                raise ZipMemberError(guard.problem or self._damaged()) from error
            damaged = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)
            if isinstance(error, damaged):
                raise ZipMemberError(self._damaged()) from error
            if error is None:
                unchanged_since(self.path, before)

        try:
            infos = archive.infolist()
            if not 0 <= self.index < len(infos) or infos[self.index].filename != member:
                raise zipfile.BadZipFile(f"{member} is no longer in {self.path}")
            info = infos[self.index]
            guard = GuardedReader(
                archive.open(info),
                name=self.name,
                compress_size=info.compress_size,
                limits=self.limits,
                budget=self._budget,
                stop=options.stop,
            )
            result = validate_stream(cast(IO[bytes], guard), self.base_name, options=options)
        except Exception as err:
            member_problem(err)
            raise
        result._at_end(member_problem)
        return result

    def _damaged(self) -> Problem:
        return _member_problem(DAMAGED, self.name, self.name)


def _is_zip(path: str, head: bytes) -> bool:
    ext = os.path.splitext(path)[1].lower()
    if ext == ".zip":
        return True
    return ext not in CHECKED_EXTENSIONS and head.startswith(ZIP_MAGIC)


def _expand_zip(path: str, head: bytes, limits: ZipLimits) -> tuple[list[Source], list[Problem]]:
    if not head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return [], [Problem(shown_name(path), NOT_A_ZIP)]
    with open(path, "rb") as fp:  # raises FileNotFoundError/PermissionError for the CLI
        try:
            with zipfile.ZipFile(fp) as zf:
                infos = zf.infolist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            return [], [Problem(shown_name(path), CORRUPT_ZIP)]
    members = [(i, info) for i, info in enumerate(infos) if not info.is_dir()]
    if len(members) > limits.max_members:
        return [], [
            Problem(
                shown_name(path), TOO_MANY_MEMBERS, {"count": len(members), "max_count": limits.max_members}
            )
        ]
    if not members:
        return [], [Problem(shown_name(path), EMPTY_ZIP)]
    budget = _Budget(limits.max_total_bytes)
    sources: list[Source] = []
    problems: list[Problem] = []
    shown_as = member_names(shown_name(path), [member_name(info) for _, info in members])
    for (i, info), shown in zip(members, shown_as, strict=True):
        problem = _check_member(info, shown, limits)
        if problem is not None:
            problems.append(problem)
        else:
            sources.append(Source(shown, path, info.filename, i, limits, budget))
    total = sum(infos[s.index].file_size for s in sources)
    if total > limits.max_total_bytes:
        return [], [
            *problems,
            Problem(shown_name(path), TOTAL_TOO_LARGE, {"size": total, "limit": limits.max_total_bytes}),
        ]
    return sources, problems


def numbered(name: str, occurrence: int) -> str:
    """The display name of the `occurrence`-th (1, 2, …) of several inputs shown as `name`:
    `levering.zip/WMO_H22025_a.csv (2)`. The number follows the name, after its extension,
    so that no real member name (which ends in `.csv` or `.txt`) can look like it, and it
    speaks no language: it goes into every output, the machine formats too."""
    return f"{name} ({occurrence})"


def member_names(archive: str, filenames: Sequence[str]) -> list[str]:
    """The display names of the members of `archive` named `filenames`, in archive order:
    `archive/filename`, numbered (`numbered`) where several members have the same name, as a
    zip may hold (each is its own file, checked and shown on its own)."""
    total = Counter(filenames)
    seen: Counter[str] = Counter()
    names = []
    for filename in filenames:
        shown = f"{archive}/{filename}"
        if total[filename] > 1:
            seen[filename] += 1
            shown = numbered(shown, seen[filename])
        names.append(shown)
    return names


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


def _expand_file(path: str, limits: ZipLimits) -> tuple[list[Source], list[Problem]]:
    require_regular_file(path)
    with open(path, "rb") as fp:  # raises FileNotFoundError/PermissionError for the CLI
        head = fp.read(4)
    if _is_zip(path, head):
        return _expand_zip(path, head, limits)
    return [Source(shown_name(path), path)], []


def folder_files(path: str) -> list[str]:
    """The files a folder delivers: its `.csv`, `.txt` and `.zip` files (any case), not hidden,
    not in subfolders, sorted by name."""
    with os.scandir(path) as it:
        names = sorted(
            e.name
            for e in it
            if e.is_file()
            and not e.name.startswith(".")
            and os.path.splitext(e.name)[1].lower() in (*CHECKED_EXTENSIONS, ".zip")
        )
    return [os.path.join(path, n) for n in names]


def is_zip(path: str) -> bool:
    """Whether a file is read as a zip archive (see the module's doc)."""
    with open(path, "rb") as fp:  # raises FileNotFoundError/PermissionError for the CLI
        return _is_zip(path, fp.read(4))


def expand(
    paths: Sequence[str | os.PathLike[str]], limits: ZipLimits = ZipLimits()
) -> tuple[list[Source], list[Problem]]:
    """Turns files, folders and zip archives into sources to check and problems.

    Files are taken as given (any name: the core checks the name). Folders give their
    `.csv`/`.txt`/`.zip` files, not those of subfolders, sorted by name. Zip archives give one
    source per `.csv`/`.txt` member, in archive order; members that cannot or may not be read
    are problems. Raises `FileNotFoundError`/`PermissionError` for a missing or unreadable path.
    """
    sources: list[Source] = []
    problems: list[Problem] = []
    for p in paths:
        path = os.fspath(p)
        files = folder_files(path) if os.path.isdir(path) else [path]
        for f in files:
            s, pr = _expand_file(f, limits)
            sources += s
            problems += pr
    return sources, problems


def check_all(
    sources: Sequence[Source],
    options: CheckOptions,
    progress: Callable[[Source], None] | None = None,
) -> tuple[list[ValidationResult], list[Problem]]:
    """Checks `sources` on `options.jobs` threads (0: one per core), results in the order of
    `sources`. With fewer sources than threads, each file gets `jobs // len(sources)` threads
    of its own.

    `progress`, when given, is called with each source once its check is done (from the
    worker thread; keep it cheap and thread-safe, e.g. `rich.progress.Progress.advance`).
    A zip member that cannot be read or is stopped by the zip-bomb limits becomes a `Problem`;
    any other error (a file that vanished or changed) is raised. Once the options' stop token
    is requested, no further source is started and the check ends with `Stopped`.
    """
    if not sources:
        return [], []
    cores = options.jobs or os.cpu_count() or 1
    workers = min(cores, len(sources))
    # Cores left over when there are fewer files than cores go to each file (the core splits a
    # large file at line boundaries; the findings equal a serial check).
    per_file = options.with_jobs(max(1, cores // workers))

    def one(source: Source) -> ValidationResult | Problem:
        try:
            _raise_if_stopped(options.stop, source.name)
            return source.check(per_file).wait()
        except ZipMemberError as err:
            return err.problem
        finally:
            if progress is not None:
                progress(source)

    executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="gmsd-check")
    try:
        outcomes = list(executor.map(one, sources))
    except BaseException:
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    executor.shutdown(wait=True)
    results = [o for o in outcomes if isinstance(o, ValidationResult)]
    problems = [o for o in outcomes if isinstance(o, Problem)]
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
    cores = options.jobs or os.cpu_count() or 1
    workers = min(cores, len(sources))
    per_file = options.with_jobs(max(1, cores // workers))

    def as_problem(error: Exception) -> _gmsd_fast.CheckResult | None:
        if not isinstance(error, ZipMemberError):
            return None
        problem = error.problem
        return _gmsd_fast.input_problem(problem.path, problem.kind, dict(problem.values), options)

    def one(source: Source) -> ValidationResult | Problem:
        try:
            _raise_if_stopped(options.stop, source.name)
            result = source.check(per_file)
        except ZipMemberError as err:
            return err.problem
        result._instead_on_failure(as_problem)
        return result

    executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="gmsd-check")
    started: deque[Future[ValidationResult | Problem]] = deque(
        executor.submit(one, source) for source in sources[:workers]
    )
    try:
        for i, source in enumerate(sources):
            yield started.popleft().result()
            if progress is not None:
                progress(source)
            if i + workers < len(sources):
                started.append(executor.submit(one, sources[i + workers]))
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def stdin_source(given_name: str | None, shown: str) -> Source:
    """Standard input as a source: `given_name` is the file name for the file-name rules
    (None: it has none, N006), `shown` the display name when there is none."""
    return Source(shown_name(given_name or shown), "-", fd=0, given_name=given_name or "")
