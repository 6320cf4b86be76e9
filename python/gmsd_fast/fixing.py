"""Repairing files: `gmsd_fast.fix` (one file) and what `gmsd-fast fix` does with files,
folders, zips and standard input.

The repairs themselves are the core's (`src/fix/`): each rule's repair is declared beside the
rule, safe or unsafe; the core decides per line with the rules' own checks, writes the output
in one streaming pass and checks what it writes. This module decides where the output goes
and keeps the user's files safe:

- Every file is written whole or not at all (`files.replacing`), and never onto an input:
  in place (`in_place=True`, `--in-place`) an input is replaced only once the new file is
  complete, the original is kept as `NAME.bak` (`NAME.2.bak`, … when that is taken; a folder
  input skips `.bak` files), and a file that needs no repair is left untouched (no backup, no
  rewrite).
- A zip gives a zip with the same members in the same order, written by the core
  (`_gmsd_fast.ZipOut`): delivery files repaired (one with nothing to repair copied as it is
  stored, not unpacked and packed again), other members copied as they are (read under the
  same zip-bomb limits as a check). A member that
  cannot be read safely (encrypted, damaged, a possible zip bomb, an unsupported compression)
  cannot be carried over, so that zip is not written: `FixError`, with the problem (L004).
- A file or zip that changes while it is repaired raises `FileChangedError`; its output is
  not written.
- The unsafe repair of an aanmaakdatum in scientific notation needs the aanmaakdatum all other
  records agree on: a file or zip member is read twice for it; standard input, read once, only
  takes the user's (`aanmaakdatum=`, `--aanmaakdatum`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
import shutil
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, TypeVar, Unpack, cast

from gmsd_fast import _gmsd_fast
from gmsd_fast._gmsd_fast import StopToken
from gmsd_fast.api import CheckOptions, ValidationResult, _refuse_delivery, _result
from gmsd_fast.exceptions import GmsdError, UsageError, ZipMemberError
from gmsd_fast.files import OutputError, open_output, replacing, temp_name, unchanged_since
from gmsd_fast.inputs import (
    Problem,
    Source,
    expand,
    shown_name,
)
from gmsd_fast.options import Options, make_options
from gmsd_fast.targets import Output, TargetError, is_special, refuse_clashes

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["FixError", "FixResult", "Repair", "backup_name", "fix", "fix_file", "fix_stdin", "fix_zip"]

CHUNK = 1 << 20

_T = TypeVar("_T")
_R = TypeVar("_R")


class FixError(GmsdError):
    """A zip cannot be repaired: `problem` (a member, or the archive itself) cannot be read
    safely, so the zip cannot be written whole. Nothing was written."""

    def __init__(self, path: str, problem: Problem) -> None:
        super().__init__(f"{path}: {problem.path} cannot be carried over ({problem.kind})")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class FixResult:
    """What fixing one file did.

    `counts` are exact (repairs per rule code); `log` holds the first `max_per_rule` repairs
    of each rule as a `pyarrow.Table` (file, line, column, field, rule, name, applicability,
    title, old, new; BSNs masked unless revealed; see ARCHITECTURE.md), which the result also
    exports through the Arrow PyCapsule interface. `check` is the check of what was written
    (in a dry run: of what would have been), named as the output.
    """

    path: str
    #: Where the repaired file went; None when nothing was written (a dry run).
    output: str | None
    counts: dict[str, int]
    lines_changed: int
    #: How many of the repairs were unsafe.
    unsafe_fixes: int
    check: ValidationResult
    log: pa.Table = field(repr=False)
    #: In place: where the original was kept (None when nothing needed repairing).
    backup: str | None = None

    @property
    def total(self) -> int:
        """Every repair made, however many the log kept."""
        return sum(self.counts.values())

    @property
    def changed(self) -> bool:
        return self.total > 0

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return self.log.__arrow_c_stream__(requested_schema)

    @classmethod
    def _from_core(cls, raw: _gmsd_fast.FixResult, path: str, output: str | None) -> FixResult:
        import pyarrow as pa

        log = pa.RecordBatchReader.from_stream(raw).read_all()
        if path != raw.path and log.num_rows:
            column = pa.array([path] * log.num_rows, type=pa.string(), memory_pool=pa.system_memory_pool())
            log = log.set_column(0, log.schema.field(0), column)
        return cls(
            path=path,
            output=output,
            counts=dict(raw.counts),
            lines_changed=raw.lines_changed,
            unsafe_fixes=raw.unsafe_fixes,
            check=_result(raw.check),
            log=log,
        )


@dataclass(frozen=True)
class Repair:
    """What to repair besides the safe repairs, and where the diff goes."""

    unsafe: bool = False
    #: The user's aanmaakdatum (EEJJMMDDUUMM) for the unsafe repair of one in scientific
    #: notation.
    aanmaakdatum: str | None = None
    #: A text stream for the changed lines (BSNs masked).
    diff: IO[str] | None = None


def backup_name(path: str) -> str:
    """Where an in-place fix keeps the original: `NAME.bak`, or `NAME.2.bak`, … when taken."""
    candidate, n = f"{path}.bak", 2
    while os.path.lexists(candidate):
        candidate, n = f"{path}.{n}.bak", n + 1
    return candidate


def _keep_original(path: str) -> str:
    """Keeps the file at `path` under its backup name (a hard link, else a copy)."""
    backup = backup_name(path)
    try:
        os.link(path, backup)
    except OSError:
        shutil.copy2(path, backup)
    return backup


class _Unchanged(Exception):
    """In place, nothing needed repairing: the input stays as it is."""


@contextlib.contextmanager
def _target(target: str | None, stop: StopToken | None) -> Iterator[str | None]:
    """The temporary path to write `target` through (None: write nothing)."""
    if target is None:
        yield None
        return
    with replacing(target, stop) as temp:
        yield temp


def _fix_stream(
    reader: IO[bytes],
    writer: IO[bytes] | None,
    name: str,
    output_name: str,
    options: CheckOptions,
    repair: Repair,
    agreed: str | None = None,
) -> _gmsd_fast.FixResult:
    """The core's fix of a stream, with the repair's choices."""
    return _gmsd_fast.fix_stream(
        reader,
        writer,
        name,
        options,
        output_name=output_name,
        unsafe_fixes=repair.unsafe,
        aanmaakdatum=repair.aanmaakdatum,
        agreed=agreed,
        diff=repair.diff,
    )


def _stream_into(
    reader: IO[bytes],
    target: str | None,
    writer: IO[bytes] | None,
    name: str,
    output_name: str,
    options: CheckOptions,
    repair: Repair,
) -> _gmsd_fast.FixResult:
    """A stream, read once, fixed into `target` (a path, written whole or not at all), or
    `writer`, or nothing."""
    with _target(target, options.stop) as temp:
        if temp is None:
            return _fix_stream(reader, writer, name, output_name, options, repair)
        assert target is not None
        with open_output(temp, target, stream=is_special(target)) as out:
            return _fix_stream(reader, cast(IO[bytes], out), name, output_name, options, repair)


def fix_file(
    path: str,
    target: str | None,
    options: CheckOptions,
    repair: Repair = Repair(),
    *,
    name: str | None = None,
    output_name: str | None = None,
    writer: IO[bytes] | None = None,
    in_place: bool = False,
) -> FixResult:
    """Fixes a file on disk into `target` (a path), or into `writer` (a binary stream such as
    standard output), or into nothing (a dry run). In place, `target` is `path` itself.
    `name` is the input as shown, `output_name` the output as shown and checked."""
    shown = name or shown_name(path)
    shown_target = shown_name(target) if target is not None else None
    out_name = output_name or shown_target or shown
    before = os.stat(path)
    if target is not None and writer is None and not in_place and is_special(target):
        # A device or a FIFO: written directly, and checked as it is written (it cannot be
        # read back), under the name of the input, as standard output is.
        with open_output(target, target, stream=True) as out:
            fixed = _into_stream(path, shown, cast(IO[bytes], out), output_name or shown, options, repair)
        unchanged_since(path, before, fixed.bytes_in)
        return FixResult._from_core(fixed, shown, shown_target)
    backup: str | None = None
    try:
        with _target(target, options.stop) as temp:
            if writer is not None:
                raw = _into_stream(path, shown, writer, out_name, options, repair)
            else:
                raw = _gmsd_fast.fix_path(
                    path,
                    temp,
                    options,
                    name=shown,
                    output_name=out_name,
                    unsafe_fixes=repair.unsafe,
                    aanmaakdatum=repair.aanmaakdatum,
                    diff=repair.diff,
                )
            unchanged_since(path, before, raw.bytes_in)
            if in_place and temp is not None:
                if not raw.counts:
                    raise _Unchanged
                backup = _keep_original(path)
    except _Unchanged:
        pass
    except BaseException:
        _forget_backup(backup)
        raise
    shown_backup = shown_name(backup) if backup is not None else None
    return dataclasses.replace(FixResult._from_core(raw, shown, shown_target), backup=shown_backup)


def _forget_backup(backup: str | None) -> None:
    """Removes a backup made for a file that was then not replaced (a stop, an error before
    the rename): the original is still where it was, and a backup would say otherwise."""
    if backup is not None:
        with contextlib.suppress(OSError):
            os.unlink(backup)


def _into_stream(
    path: str, shown: str, writer: IO[bytes], output_name: str, options: CheckOptions, repair: Repair
) -> _gmsd_fast.FixResult:
    """A file on disk fixed into a stream, read twice for the unsafe repair of the
    aanmaakdatum as `fix_path` is."""
    agreed = None
    if repair.unsafe and repair.aanmaakdatum is None:
        with open(path, "rb") as first:
            agreed = _gmsd_fast.agreed_aanmaakdatum(first, shown, options)
    with open(path, "rb") as reader:
        return _fix_stream(reader, writer, shown, output_name, options, repair, agreed)


def fix_stdin(
    source: Source,
    target: str | None,
    options: CheckOptions,
    repair: Repair = Repair(),
    *,
    writer: IO[bytes] | None = None,
) -> FixResult:
    """Fixes standard input (`source`, from `inputs.stdin_source`) into `target` (a path), or
    `writer`, or nothing. Read once: the aanmaakdatum comes only from the user."""
    assert source.fd is not None
    reader = _gmsd_fast.stdin_reader(source.fd, source.name, options.stop)
    shown_target = shown_name(target) if target is not None else None
    out_name = shown_target or shown_name(source.given_name) or source.name
    name = shown_name(source.given_name)
    raw = _stream_into(cast(IO[bytes], reader), target, writer, name, out_name, options, repair)
    return FixResult._from_core(raw, source.name, shown_target)


def fix_zip(
    path: str,
    target: str | None,
    options: CheckOptions,
    repair: Repair = Repair(),
    *,
    in_place: bool = False,
) -> tuple[list[FixResult], list[Problem]]:
    """Fixes every delivery file in the zip at `path` into a zip at `target` (None: writes
    nothing), members in the same order under the same names; other members are copied as
    they are and come back as problems (L004) named in the output, as a check of it would
    name them. Raises `FixError` when a member (or the archive) cannot be read safely."""
    before = os.stat(path)
    special = target is not None and is_special(target)
    sources, problems = expand([path])
    # The members that are copied, in archive order: several may have one name.
    members: dict[str, deque[Problem]] = defaultdict(deque)
    for problem in problems:
        if "member" not in problem.values or not problem.carried_over:
            raise FixError(path, problem)
        members[str(problem.values["member"])].append(problem)
    by_index = {source.index: source for source in sources}
    shown_out = shown_name(target or path)
    results: list[FixResult] = []
    copied: list[Problem] = []
    backup: str | None = None
    try:
        with _target(target, options.stop) as temp:
            archive = _gmsd_fast.ZipArchive(path)
            listed = archive.members(shown_out)
            # Writing, the first fixes run side by side ahead of the writing (which is in order);
            # without, they are all there is, and show their changed lines in order.
            writing = temp is not None
            to_fix = sorted(by_index)
            # With a token of their own, the first fixes still running when the writing fails
            # end at their next block instead of finishing their member.
            first_options, first_stop = options.with_own_stop()

            def first_fix(index: int) -> _FirstFix:
                source, name = by_index[index], listed[index][0]
                return _first_fix(source, name, shown_out, first_options, repair, writing)

            with (
                _ahead(first_fix, to_fix, options.threads if writing else 1, first_stop) as firsts,
                _zip_out(archive, temp, target or path, special) as out,
            ):
                for index, (name, name_out, is_folder, size) in enumerate(listed):
                    if is_folder:
                        if out is not None:
                            out.copy(index)
                        continue
                    source = by_index.get(index)
                    if source is not None:
                        fixed = _fix_member(
                            index, name, size, source, next(firsts), out, shown_out, name_out, options, repair
                        )
                        results.append(fixed)
                        continue
                    problem = members[name].popleft()
                    if out is not None:
                        _copy_member(archive, index, out, options.stop)
                    copied.append(dataclasses.replace(problem, path=name_out))
            unchanged_since(path, before)
            if in_place and temp is not None:
                if not any(result.changed for result in results):
                    raise _Unchanged
                backup = _keep_original(path)
    except _Unchanged:
        pass
    except ZipMemberError as err:
        _forget_backup(backup)
        raise FixError(path, err.problem) from None
    except BaseException:
        _forget_backup(backup)
        raise
    if backup is not None:
        results = [dataclasses.replace(result, backup=shown_name(backup)) for result in results]
    return results, copied


@contextlib.contextmanager
def _zip_out(
    source: _gmsd_fast.ZipArchive, temp: str | None, target: str, stream: bool
) -> Iterator[_gmsd_fast.ZipOut | None]:
    """The zip written at `temp` (None: none) by the core, member by member in the order of
    the zip `source`; its write errors `OutputError`s naming `target`; `stream` for a device
    or FIFO, written in order only."""
    if temp is None:
        yield None
        return
    with open_output(temp, target, stream=stream) as writer:
        out = _gmsd_fast.ZipOut(source, writer)
        yield out
        out.close()


@dataclass(frozen=True)
class _FirstFix:
    """A member's fix without writing: what it would repair (`fixed`), and the aanmaakdatum
    its intact records agree on (`agreed`, for unsafe repairs without one given)."""

    agreed: str | None
    fixed: _gmsd_fast.FixResult


def _first_fix(
    source: Source, name: str, shown_out: str, options: CheckOptions, repair: Repair, writing: bool
) -> _FirstFix:
    """Fixes member `source` (named `name`) without writing. Writing a zip, the changed lines
    are not shown by it but by the fix that writes them (`_fix_member`), once."""
    agreed = None
    if repair.unsafe and repair.aanmaakdatum is None:
        with source.reader(options.stop) as reader:
            agreed = _gmsd_fast.agreed_aanmaakdatum(cast(IO[bytes], reader), f"{source.path}/{name}", options)
    if writing:
        repair = dataclasses.replace(repair, diff=None)
    return _FirstFix(agreed, _member_fixed_into(None, source, name, shown_out, options, repair, agreed))


def _member_fixed_into(
    writer: IO[bytes] | None,
    source: Source,
    name: str,
    shown_out: str,
    options: CheckOptions,
    repair: Repair,
    agreed: str | None,
) -> _gmsd_fast.FixResult:
    """Member `source` (named `name`, shown under `shown_out`) fixed into `writer` (None:
    nothing written), read anew."""
    with source.reader(options.stop) as reader:
        name_in, shown_in = f"{source.path}/{name}", f"{shown_out}/{name}"
        return _fix_stream(cast(IO[bytes], reader), writer, name_in, shown_in, options, repair, agreed)


def _fix_member(
    index: int,
    name: str,
    size: int,
    source: Source,
    first: _FirstFix,
    out: _gmsd_fast.ZipOut | None,
    shown_out: str,
    name_out: str,
    options: CheckOptions,
    repair: Repair,
) -> FixResult:
    """Fixes member `index` (`name`, `size` bytes declared) into `out`, after its `first` fix
    (`_first_fix`, without writing). The core reads the member's name (its period), so it
    gets the names as they are; the result is shown as `source.name` → `name_out`, numbered
    where members share a name.

    A member with nothing to repair (what the fix would write is the member as it is, as
    long) is copied as it is stored, not unpacked and packed again; only a repaired one is
    fixed again, into the zip."""
    fixed = first.fixed
    if out is not None:
        if not any(fixed.counts.values()) and fixed.bytes_out == size:
            out.copy(index)
        else:
            out.begin(index)
            writer = cast(IO[bytes], out)
            fixed = _member_fixed_into(writer, source, name, shown_out, options, repair, first.agreed)
            out.end()
    result = FixResult._from_core(fixed, source.name, name_out if out is not None else None)
    result.check._show_as(name_out)
    return result


@contextlib.contextmanager
def _ahead(
    work: Callable[[_T], _R], items: Sequence[_T], workers: int, stop: StopToken
) -> Iterator[Iterator[_R]]:
    """`work` of each of `items`, in order, with up to `workers` of them worked on ahead on
    threads of their own (the core releases the GIL) while the caller uses the ones before;
    with one worker, each on the caller's thread as it is asked for. Left by an exception,
    the work not begun is dropped, `stop` (the token `work` runs with) is requested, and the
    work begun is waited for: it ends at its next block."""
    if workers <= 1 or len(items) <= 1:
        yield map(work, items)
        return
    with ThreadPoolExecutor(workers, thread_name_prefix="gmsd-fix") as pool:
        pending: deque[Future[_R]] = deque()
        waiting = iter(items)

        def results() -> Iterator[_R]:
            pending.extend(pool.submit(work, item) for item in itertools.islice(waiting, workers))
            while pending:
                done = pending.popleft().result()
                pending.extend(pool.submit(work, item) for item in itertools.islice(waiting, 1))
                yield done

        try:
            yield results()
        except BaseException:
            for future in pending:
                future.cancel()
            stop.request()
            raise


def _copy_member(
    archive: _gmsd_fast.ZipArchive, index: int, out: _gmsd_fast.ZipOut, stop: StopToken | None
) -> None:
    """Copies member `index` of `archive`, which is no delivery file, read by the core under
    the zip-bomb limits (so that one that cannot be read safely is not carried over)."""
    out.begin(index)
    with archive.reader(index, stop) as reader:
        while chunk := reader.read(CHUNK):
            out.write(chunk)
    out.end()


def fix(
    source: str | os.PathLike[str] | IO[bytes],
    output: str | os.PathLike[str] | IO[bytes] | None = None,
    *,
    unsafe: bool = False,
    aanmaakdatum: str | None = None,
    name: str | None = None,
    diff: IO[str] | None = None,
    options: CheckOptions | None = None,
    **kwargs: Unpack[Options],
) -> FixResult:
    """Repair one GMSD Wmo file: what is mechanical, never a guess, and say what changed.

    `source` is a path or a binary stream; `output` a path (written whole or not at all, never
    the source), a binary stream, or None to write nothing (a dry run: the log and the check
    say what a fix would do). A folder or a zip archive is a delivery: `UsageError` (code
    `not-one-file`) naming `fix_delivery`, which repairs those (a zip into a zip). Safe
    repairs only, unless `unsafe=True`; `aanmaakdatum` (EEJJMMDDUUMM, with `unsafe=True`) is
    the value for an aanmaakdatum in scientific notation, which otherwise comes from the
    records that all agree on one (a stream source is read once and takes only
    `aanmaakdatum`). The options (`Options`) as for `validate`; `diff` (a text stream) gets
    the changed lines, BSNs masked. A file written is checked once written, on `jobs` threads
    (0: all cores); anything else as it is written. Returns the fix log and the check of what
    was written (`FixResult.check`).

    Raises `TypeError`/`UsageError` for invalid arguments (an output that is the source
    included; in English, naming the parameter), `OSError` when a file cannot be read or
    written (naming the file, never a temporary one), `FileChangedError` when the source
    changed while it was read, `Stopped` when `stop` was requested; Ctrl-C in the main thread
    raises `KeyboardInterrupt`.
    """
    options = make_options("fix", options, kwargs)
    if aanmaakdatum is not None and not unsafe:
        message = "fix(): aanmaakdatum is the value of an unsafe repair: give it with unsafe=True"
        raise UsageError(message, "aanmaakdatum-needs-unsafe", aanmaakdatum)
    repair = Repair(unsafe=unsafe, aanmaakdatum=aanmaakdatum, diff=diff)
    target = os.fspath(output) if isinstance(output, (str, os.PathLike)) else None
    writer = None if isinstance(output, (str, os.PathLike)) or output is None else output
    try:
        if isinstance(source, (str, os.PathLike)):
            path = os.fspath(source)
            _refuse_delivery("fix", path)
            if target is not None:
                refuse_clashes([Output(target)], [path])
            return fix_file(path, target, options, repair, name=name, writer=writer)
        shown = name or ""
        raw = _stream_into(source, target, writer, shown, target or shown, options, repair)
        return FixResult._from_core(raw, shown, target)
    except TargetError as err:
        raise UsageError(f"fix(): output: {err.message('en')}", "output-is-input", target) from None
    except _gmsd_fast.OptionError as err:
        code, value, _ = err.args
        raise UsageError(f"fix(): {_english_fix_error(code, value)}", code, value) from None
    except OutputError as err:
        err.error.filename = err.path  # an OSError naming the output, as documented
        raise err.error from None
    except OSError as err:
        raise naming_target(err, target) from None


def naming_target(err: OSError, target: str | None) -> OSError:
    """`err`, naming `target` where it named the temporary file written in its stead
    (`.NAME.PID-N.tmp` beside it): the user knows the target, not the temporary file."""
    if target is not None and isinstance(err.filename, str) and is_temp_of(err.filename, target):
        return type(err)(err.errno, err.strerror, target)
    return err


def is_temp_of(path: str, target: str) -> bool:
    """Whether `path` is a temporary file written in the stead of `target` (`files.temp_name`)."""
    return path.startswith(temp_name(target, 0)[: -len("0.tmp")]) and path.endswith(".tmp")


def _english_fix_error(code: str, value: object) -> str:
    """An option of the fix the core refused (the aanmaakdatum), in English."""
    if code == "invalid-aanmaakdatum":
        return f"aanmaakdatum: invalid creation date {value!r}: use CCYYMMDDhhmm, e.g. 202601200915"
    return f"invalid value {value!r} ({code})"
