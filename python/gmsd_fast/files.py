"""Files gmsd-fast writes, whole or not at all, and files it reads, noticed when they change.

- `replacing(target)` gives the path of a new hidden file beside the target
  (`.NAME.PID-N.tmp`, the name cut to `TEMP_NAME_BYTES` bytes so that a target whose name
  is near the system's limit can still be written; a folder input skips hidden files, so it
  is never read as a delivery file). When the block ends without an error the file is
  synced and renamed onto the target: the target is either as it was or complete, never
  half written (a failed sync is an `OutputError`). On an error, or when the stop token was
  requested, the file is removed. A symbolic link is followed (the file it
  points to is replaced, the link stays). A target that exists but is not a regular file
  (`/dev/null`, `/dev/full`, `/dev/stdout`, a FIFO) is written directly: renaming onto it
  would replace the device. The core's `generate` writes the same way (`write_replacing` in
  `src/python.rs`).
- Every temporary file and folder of a run is known (`temporary`, `private_folder`) until it
  is renamed into place or removed, so that a process ended at once by a second signal
  removes them on its way out (`remove_temporary`). A process killed with SIGKILL cannot: it
  leaves `.NAME.PID-N.tmp` beside its target (hidden, never read as a delivery file).
- `OutputWriter` and `OutputText` wrap what an output is written to: a failed write raises
  `OutputError`, which names the output (`-` for standard output), so that it is told apart
  from reading an input failing in the same block. A broken pipe on standard output is
  `ReaderGone`: its reader went away (`| head`), which is not an error of the output.
- `unchanged_since(path, before, read)` raises `FileChangedError` when a file checked from
  `before` (its `os.stat`) is no longer the same file, or not the same size or modification
  time, or when the check read another number of bytes than it had.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterator
from typing import IO, Any

from gmsd_fast._gmsd_fast import StopToken
from gmsd_fast.exceptions import FileChangedError, Stopped

__all__ = [
    "OutputError",
    "OutputText",
    "OutputWriter",
    "ReaderGone",
    "files_beside",
    "open_output",
    "open_replacing",
    "private_folder",
    "remove_temporary",
    "replacing",
    "temp_name",
    "temporary",
    "unchanged_since",
]

#: The bytes of a target's name kept in its temporary name: with the dot, the process id and
#: the attempt, well within the 255 bytes a name may have (`write_replacing` in
#: `src/python.rs` cuts the same).
TEMP_NAME_BYTES = 200
STDOUT = "-"

_live: set[str] = set()
_beside: set[str] = set()
_live_lock = threading.Lock()


def temp_name(target: str, attempt: int) -> str:
    """The temporary path beside `target` for its `attempt`-th try: `.NAME.PID-N.tmp`."""
    folder, name = os.path.split(target)
    cut = os.fsdecode(os.fsencode(name)[:TEMP_NAME_BYTES])
    return os.path.join(folder, f".{cut}.{os.getpid()}-{attempt}.tmp")


@contextlib.contextmanager
def temporary(path: str) -> Iterator[str]:
    """`path` is a temporary file or folder of this run while the block runs: removed by
    `remove_temporary` if the process ends meanwhile."""
    with _live_lock:
        _live.add(path)
    try:
        yield path
    finally:
        with _live_lock:
            _live.discard(path)


@contextlib.contextmanager
def files_beside(target: str) -> Iterator[None]:
    """While the block runs, the temporary files of this process beside `target` (made by the
    core's `write_replacing`, named as `temp_name` names them) are removed by
    `remove_temporary` if the process ends meanwhile."""
    with _live_lock:
        _beside.add(target)
    try:
        yield
    finally:
        with _live_lock:
            _beside.discard(target)


@contextlib.contextmanager
def private_folder() -> Iterator[str]:
    """A new folder of this process in the system's temporary folder, removed afterwards."""
    folder = tempfile.mkdtemp(prefix="gmsd-fast-")
    try:
        with temporary(folder):
            yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_temporary() -> None:
    """Removes every temporary file and folder of this run that is still there: for a process
    about to end at once. Best effort: what cannot be removed stays."""
    with _live_lock:
        paths = list(_live)
        targets = list(_beside)
    for target in targets:
        first = temp_name(target, 0)
        paths += glob.glob(glob.escape(first[: -len("0.tmp")]) + "*.tmp")
    for path in paths:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _new_temp_beside(target: str) -> str:
    """Creates a new empty file beside `target` with the permissions a new file gets (the
    umask applies) and returns its path."""
    for attempt in range(1000):
        temp = temp_name(target, attempt)
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return temp
    raise FileExistsError(f"no free temporary name beside {target}")


def _sync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def replacing(target: str, stop: StopToken | None = None) -> Iterator[str]:
    """The path to write instead of `target`; see the module's doc. Raises `Stopped` (and
    leaves the target as it was) when `stop` was requested before the file was complete."""
    try:
        existing: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        yield target
        return
    real = os.path.realpath(target) if existing is not None else target
    with _live_lock:  # created and known at once: a second signal between the two leaves none
        temp = _new_temp_beside(real)
        _live.add(temp)
    try:
        if existing is not None:
            os.chmod(temp, stat.S_IMODE(existing.st_mode))
        yield temp
        try:
            _sync(temp)
        except OSError as err:
            raise OutputError(target, err) from None
        if stop is not None and stop.requested:
            raise Stopped(f"{target}: stopped before it was written")
        os.replace(temp, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    finally:
        with _live_lock:
            _live.discard(temp)


@contextlib.contextmanager
def open_replacing(target: str, stop: StopToken | None = None) -> Iterator[IO[str]]:
    """`replacing`, opened as UTF-8 text (newlines written as given)."""
    with replacing(target, stop) as path, open(path, "w", encoding="utf-8", newline="") as handle:
        yield handle


class OutputError(Exception):
    """Writing the output `path` (`-`: standard output) failed with `error`. No `OSError`, so
    that it is never taken for an input that could not be read."""

    def __init__(self, path: str, error: OSError) -> None:
        super().__init__(f"{path}: {error}")
        self.path = path
        self.error = error


class ReaderGone(Exception):
    """Standard output's reader went away (`gmsd-fast … | head`): no error of the output, and
    no `OSError`, so that it is told apart from one (click takes a broken pipe for a failure)."""


def _closed() -> OSError:
    return OSError(errno.EBADF, os.strerror(errno.EBADF))


class OutputWriter:
    """A binary output (`raw`, None when standard output is closed) named `path`: a write that
    fails raises `OutputError` once (`ReaderGone` for a broken pipe on standard output); later
    writes are dropped (a zip's own clean-up writes again). `written` says whether anything
    was written."""

    def __init__(self, raw: IO[bytes] | None, path: str, *, stream: bool = False) -> None:
        self._raw = raw
        self.path = path
        #: Written in order only (standard output, a device, a FIFO): no `tell` or `seek`, so
        #: that a zip writer keeps its own count (`/dev/null` tells 0 after any write).
        self._stream = stream or path == STDOUT
        self.failed = False
        self.written = False
        self.closed = False
        self.mode = "wb"
        #: Where a failed output stands, as a sink: writes and seeks keep it consistent.
        self._at = 0

    def _fail(self, err: OSError) -> OutputError:
        self.detach()
        return OutputError(self.path, err)

    def detach(self) -> None:
        """The output is done with (closed, or failed): later calls write nothing, so that a
        writer that tidies up late (a zip's `__del__`) raises nothing."""
        if not self.failed and not self._stream and self._raw is not None:
            with contextlib.suppress(OSError, ValueError):
                self._at = self._raw.tell()
        self.failed = True

    def _failed(self, err: OSError) -> Exception:
        if isinstance(err, BrokenPipeError) and self.path == STDOUT:
            self.detach()
            return ReaderGone()
        return self._fail(err)

    def write(self, data: Any) -> int:
        if self.failed:
            self._at += len(data)
            return len(data)
        if self._raw is None:
            raise self._fail(_closed())
        try:
            n = self._raw.write(data)
        except OSError as err:
            raise self._failed(err) from err
        self.written = self.written or bool(data)
        return n if n is not None else len(data)

    def flush(self) -> None:
        if self.failed or self._raw is None:
            return
        try:
            self._raw.flush()
        except OSError as err:
            raise self._failed(err) from err

    def tell(self) -> int:
        if self.failed:
            return self._at
        if self._raw is None or self._stream:
            raise OSError(errno.ESPIPE, os.strerror(errno.ESPIPE))
        return self._raw.tell()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if self.failed:
            self._at = offset if whence == os.SEEK_SET else self._at + offset
            return self._at
        if self._raw is None or self._stream:
            raise OSError(errno.ESPIPE, os.strerror(errno.ESPIPE))
        return self._raw.seek(offset, whence)

    def seekable(self) -> bool:
        return self._raw is not None and not self._stream and self._raw.seekable()

    def writable(self) -> bool:
        return True

    def close(self) -> None:
        self.flush()
        self.closed = True


@contextlib.contextmanager
def open_output(path: str, target: str, *, stream: bool = False) -> Iterator[OutputWriter]:
    """`path` opened to write the output `target` (its temporary file, or itself): every error
    of opening, writing, flushing or closing it is an `OutputError` naming `target`. A block
    that fails for another reason closes it quietly: its own error is the one to tell."""
    try:
        raw = open(path, "wb")  # noqa: SIM115 (closed below, whichever way the block ends)
    except OSError as err:
        raise OutputError(target, err) from None
    out = OutputWriter(raw, target, stream=stream)
    try:
        yield out
        out.flush()
    except BaseException:
        out.detach()
        with contextlib.suppress(OSError):
            raw.close()
        raise
    out.detach()
    try:
        raw.close()
    except OSError as err:
        raise OutputError(target, err) from None


class OutputText:
    """Standard output as text (`raw`: `sys.stdout`, None when it is closed), whose write
    errors are `OutputError` (a broken pipe `ReaderGone`, after which writes are dropped);
    anything else is `raw`'s."""

    def __init__(self, raw: IO[str] | None) -> None:
        self._raw = raw
        self._written = False
        self.gone = False
        #: Standard output as bytes, written the same way.
        self.buffer = OutputWriter(getattr(raw, "buffer", None), STDOUT)

    @property
    def written(self) -> bool:
        """Whether anything was written, as text or bytes."""
        return self._written or self.buffer.written

    def _failed(self, err: OSError) -> Exception:
        if isinstance(err, BrokenPipeError):
            self.gone = True
            return ReaderGone()
        return OutputError(STDOUT, err)

    def write(self, text: str) -> int:
        if self.gone:
            return len(text)
        if self._raw is None:
            raise OutputError(STDOUT, _closed())
        try:
            n = self._raw.write(text)
        except OSError as err:
            raise self._failed(err) from err
        self._written = self._written or bool(text)
        return n

    def flush(self) -> None:
        if self._raw is None or self.gone:
            return
        try:
            self._raw.flush()
        except OSError as err:
            raise self._failed(err) from err

    def isatty(self) -> bool:
        return self._raw is not None and self._raw.isatty()

    def __getattr__(self, name: str) -> Any:
        if self._raw is None:
            raise AttributeError(name)
        return getattr(self._raw, name)


def unchanged_since(path: str, before: os.stat_result, read: int | None = None) -> None:
    """Raises `FileChangedError` unless `path` is still the file `before` describes, and the
    check that read it read all of it (`read` bytes, when given)."""
    try:
        after = os.stat(path)
    except FileNotFoundError:
        raise FileChangedError(path, "removed") from None
    if not os.path.samestat(before, after):
        change = "replaced"
    elif after.st_size > before.st_size or (read is not None and read > before.st_size):
        change = "grown"
    elif after.st_size < before.st_size or (read is not None and read < before.st_size):
        change = "shrunk"
    elif after.st_mtime_ns != before.st_mtime_ns:
        change = "modified"
    else:
        return
    raise FileChangedError(path, change)
