"""Files gmsd-fast writes, whole or not at all, and files it reads, noticed when they change.

- `replacing(target)` gives the path of a new hidden file beside the target
  (`.NAME.PID-N.tmp`; a folder input skips hidden files, so it is never read as a delivery
  file). When the block ends without an error the file is synced and renamed onto the target:
  the target is either as it was or complete, never half written. On an error, or when the
  stop token was requested, the file is removed. A symbolic link is followed (the file it
  points to is replaced, the link stays). A target that exists but is not a regular file
  (`/dev/null`, `/dev/full`, `/dev/stdout`, a FIFO) is written directly: renaming onto it
  would replace the device. The core's `generate` writes the same way (`write_replacing` in
  `src/python.rs`).
- `unchanged_since(path, before, read)` raises `FileChangedError` when a file checked from
  `before` (its `os.stat`) is no longer the same file, or not the same size or modification
  time, or when the check read another number of bytes than it had.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from typing import IO

from gmsd_fast._gmsd_fast import StopToken
from gmsd_fast.exceptions import FileChangedError, Stopped

__all__ = ["open_replacing", "replacing", "unchanged_since"]


def _new_temp_beside(target: str) -> str:
    """Creates a new empty file beside `target` with the permissions a new file gets (the
    umask applies) and returns its path."""
    folder, name = os.path.split(target)
    for attempt in range(1000):
        temp = os.path.join(folder, f".{name}.{os.getpid()}-{attempt}.tmp")
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
    temp = _new_temp_beside(real)
    try:
        if existing is not None:
            os.chmod(temp, stat.S_IMODE(existing.st_mode))
        yield temp
        _sync(temp)
        if stop is not None and stop.requested:
            raise Stopped(f"{target}: stopped before it was written")
        os.replace(temp, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


@contextlib.contextmanager
def open_replacing(target: str, stop: StopToken | None = None) -> Iterator[IO[str]]:
    """`replacing`, opened as UTF-8 text (newlines written as given)."""
    with replacing(target, stop) as path, open(path, "w", encoding="utf-8", newline="") as handle:
        yield handle


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
