"""The public delivery API: `check_delivery` and `fix_delivery`, a delivery as CBS receives it
(files, folders, zip archives, several of these, or files held in memory or read from a
stream) checked or repaired with the delivery rules (L001-L004), a result per file.

`gmsd-fast check` is built on the same steps (`expand` the inputs, `check_sources`, then
`DeliveryResult.judge`), so the API and the command line give the same results: the same
files in the same order under the same names, the same inputs that could not be checked (a
rejected result with an L004 finding each), and the same delivery findings.

Inputs are expanded as `gmsd_fast.inputs` says (a folder's `.csv`, `.txt` and `.zip` files, not
its subfolders; a zip's `.csv` and `.txt` members, under the zip-bomb limits). A file held in
memory is given as `bytes` or as a pair `(name, data)`, a stream as a binary file object or a
pair `(name, stream)`: `name` is the file name the file-name rules see (none: N006). A zip held
in memory (its name ends in `.zip`, or its bytes start as a zip's and its name does not end in
`.csv`/`.txt`) or a stream named `*.zip` is written to a private temporary folder first (a
zip's directory is at its end), removed once it has been checked; its results are named after
the name given.
"""

from __future__ import annotations

import dataclasses
import io
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, TypedDict, Unpack, cast

from gmsd_fast import _gmsd_fast
from gmsd_fast.api import CheckOptions, ValidationResult
from gmsd_fast.delivery import delivery_findings, delivery_result, problem_result
from gmsd_fast.exceptions import UsageError
from gmsd_fast.files import OutputError, private_folder

if TYPE_CHECKING:
    import pyarrow as pa

    from gmsd_fast.fixing import FixResult

from gmsd_fast.inputs import (
    CHECKED_EXTENSIONS,
    CHUNK,
    TOTAL_TOO_LARGE,
    ZIP_MAGIC,
    Problem,
    Source,
    ZipLimits,
    check_all,
    distinct_names,
    expand,
    is_zip,
    shown_name,
)
from gmsd_fast.options import Options, Verdict, make_options
from gmsd_fast.targets import Output, TargetError, fix_plan, refuse_clashes

__all__ = [
    "DeliveryFinding",
    "DeliveryResult",
    "DeliverySource",
    "FixDeliveryResult",
    "check_delivery",
    "check_sources",
    "fix_delivery",
]

#: What `check_delivery` takes: a path (a file, a folder or a zip), a file held in memory or a
#: binary stream, each optionally named: `("WMO_H22025_….csv", data)` (unnamed, it is shown as
# 1, #2, … by its place among the sources, and the file-name rules say it has no name: N006).
DeliverySource = str | os.PathLike[str] | bytes | IO[bytes] | tuple[str, bytes] | tuple[str, IO[bytes]]

DeliveryFinding = TypedDict(
    "DeliveryFinding",
    {
        "file": str,
        "line": int | None,
        "column": int | None,
        "field": str | None,
        "rule": str,
        "name": str,
        "severity": str,
        "pass": int,
        "message": str,
        "value": str | None,
        "files": list[str],
    },
)
DeliveryFinding.__doc__ = """A finding of the delivery rules: the findings table's columns, and
`files`, the files it is about (their names as in `DeliveryResult.files`)."""


def _worst(verdicts: Iterable[str]) -> Verdict:
    """A delivery's verdict from its parts': rejected when one is, else undecided when one
    is, else accepted (so `accepted` only when every part is)."""
    seen = set(verdicts)
    if "rejected" in seen:
        return "rejected"
    if seen - {"accepted"}:
        return "undecided"
    return "accepted"


@dataclass(frozen=True)
class DeliveryResult:
    """The outcome of checking a delivery.

    `files` holds a `ValidationResult` per file, in input order (folders sorted by name, zip
    members in archive order), named as the command line names them (`path`: the path as
    given, `levering.zip/WMO_….csv` for a member, whose `archive` and `member` say where it
    came from); then the inputs that could not be checked (a damaged zip member, a possible
    zip bomb, a member that is no delivery file), each a rejected result with its L004
    finding. `delivery` is the delivery rules' pseudo-file (`(levering)`/`(delivery)`),
    None when they found nothing; `delivery_findings` its findings with the files each is
    about.
    """

    files: tuple[ValidationResult, ...]
    delivery: ValidationResult | None = None

    @classmethod
    def judge(
        cls, results: Sequence[ValidationResult], centrumgemeenten: set[str] | None, options: CheckOptions
    ) -> DeliveryResult:
        """The delivery rules over checked `results` (without `centrumgemeenten`, no L003)."""
        return cls(tuple(results), delivery_result(results, centrumgemeenten, options))

    @property
    def verdict(self) -> Verdict:
        """`rejected` when a file or a delivery rule rejects, else `undecided` when a file has
        no verdict (its reporting period is unknown), else `accepted`."""
        return _worst(r.verdict for r in self.results)

    @property
    def accepted(self) -> bool:
        """Whether every file and the delivery as a whole are accepted (the command line's exit
        code 0)."""
        return self.verdict == "accepted"

    @property
    def results(self) -> tuple[ValidationResult, ...]:
        """`files`, then `delivery` when it has findings: every result the command line shows."""
        return self.files if self.delivery is None else (*self.files, self.delivery)

    @property
    def delivery_findings(self) -> list[DeliveryFinding]:
        """The findings of the delivery rules, each with the files it is about."""
        return cast(list[DeliveryFinding], delivery_findings(self.delivery))

    @property
    def findings(self) -> pa.Table:
        """Every finding of every file and of the delivery rules, as one `pyarrow.Table` (the
        findings schema; each result's kept findings)."""
        tables = [r.findings for r in self.results]
        import pyarrow as pa  # only where findings become a table

        from gmsd_fast.api import FINDINGS_SCHEMA

        return pa.concat_tables(tables) if tables else FINDINGS_SCHEMA.empty_table()

    def __iter__(self) -> Iterator[ValidationResult]:
        """The files' results (`files`)."""
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)


def check_sources(
    sources: Sequence[Source],
    problems: Sequence[Problem],
    options: CheckOptions,
    progress: Callable[[Source], None] | None = None,
    on_result: Callable[[ValidationResult], None] | None = None,
) -> list[ValidationResult]:
    """Checks expanded inputs (several at once) as the command line does: the results in the
    order of `sources`, then the zip members that failed while read, then `problems` (each a
    rejected result with its L004 finding). `on_result` as `inputs.check_all` calls it."""
    results, failed = check_all(sources, options, progress=progress, on_result=on_result)
    return results + [_problem(p, options) for p in [*failed, *problems]]


def _problem(problem: Problem, options: CheckOptions) -> ValidationResult:
    """An input that could not be checked as its rejected result (L004), saying which zip
    member it is when it is one."""
    result = problem_result(problem.path, problem.kind, problem.values, options)
    member = problem.values.get("member")
    result._member = str(member) if member is not None and problem.path.endswith(f"/{member}") else None
    if result._member is not None:
        result._archive = problem.path[: -len(f"/{member}")]
    return result


def _named(source: object, index: int) -> tuple[str, bytes | IO[bytes]]:
    """A file held in memory or a stream, with its name (empty: none)."""
    if isinstance(source, tuple):
        if len(source) != 2 or not isinstance(source[0], str):
            raise TypeError(
                f"check_delivery(): source {index}: a pair must be (name, bytes or binary stream),"
                f" not {source!r}"
            )
        name, data = source
    else:
        name, data = "", source
    if isinstance(data, bytearray | memoryview):
        data = bytes(data)
    if not isinstance(data, bytes) and not callable(getattr(data, "read", None)):
        raise TypeError(
            f"check_delivery(): source {index} must be a path, bytes, a binary stream or a pair"
            f" (name, bytes or stream), not {type(data).__name__}"
        )
    return name, cast(bytes | IO[bytes], data)


def _held_zip(name: str, data: bytes | IO[bytes]) -> bool:
    """Whether a file held in memory or a stream is read as a zip (as `inputs.is_zip` says for
    a path; a stream, not looked into, by its name)."""
    ext = os.path.splitext(name)[1].lower()
    if ext == ".zip":
        return True
    return isinstance(data, bytes) and ext not in CHECKED_EXTENSIONS and data.startswith(ZIP_MAGIC)


def _expand_held_zip(
    folder: str, index: int, name: str, data: bytes | IO[bytes], limits: ZipLimits
) -> tuple[list[Source], list[Problem]]:
    """A zip held in memory, written into `folder`, expanded, and named after `name`."""
    path = os.path.join(folder, f"{index}.zip")
    shown = shown_name(name or "zip")
    written = 0
    with open(path, "wb") as out:
        reader = io.BytesIO(data) if isinstance(data, bytes) else data
        while chunk := reader.read(CHUNK):
            written += len(chunk)
            if written > limits.max_total_bytes:  # a stream that does not end is no zip to read
                size: dict[str, int | str] = {"size": written, "limit": limits.max_total_bytes}
                return [], [Problem(shown, TOTAL_TOO_LARGE, size)]
            out.write(chunk)
    found, problems = expand([path], limits)

    def renamed(text: str) -> str:
        return shown + text[len(path) :] if text.startswith(path) else text

    return (
        [dataclasses.replace(s, name=renamed(s.name), archive=shown) for s in found],
        [dataclasses.replace(p, path=renamed(p.path)) for p in problems],
    )


def check_delivery(
    *sources: DeliverySource,
    centrumgemeenten: Iterable[str | int] | None = None,
    zip_limits: ZipLimits | None = None,
    options: CheckOptions | None = None,
    **kwargs: Unpack[Options],
) -> DeliveryResult:
    """Check a delivery: files, folders and zip archives on disk, files held in memory
    (`bytes`, or `(name, bytes)`) and binary streams (`(name, stream)`), as `gmsd-fast check`
    checks them: each file on its own, several at once (`jobs`, default 1; 0: every core),
    then the delivery rules over all of them. Returns a `DeliveryResult` with a result per
    file (`files`), the delivery findings and the delivery's `verdict`.

    The options (`Options`) as for `validate`. `centrumgemeenten` (gemeentecodes, `363` or
    `"0363"`) turns on L003, which needs the voorzieningen per type (`count` is then on).
    `zip_limits` (`gmsd_fast.inputs.ZipLimits`) bounds what a zip may unpack to.

    Raises `FileNotFoundError`/`PermissionError`/`OSError` for a path that cannot be read,
    `FileChangedError` for a file that changed while it was read, `TypeError`/`UsageError`
    for invalid arguments (no sources, a folder without delivery files), `Stopped` when
    `stop` was requested. What is wrong inside a zip (a damaged member, a zip bomb) is a
    finding (L004) of that input, never an exception.
    """
    if not sources:
        raise TypeError("check_delivery() needs at least one source (a path, bytes or a stream)")
    centrum = None
    if centrumgemeenten is not None:
        centrum = _centrum_codes(centrumgemeenten)
        if options is None:
            kwargs.setdefault("count", True)
        elif not options.count:
            raise UsageError(
                "check_delivery(): centrumgemeenten needs options with count=True (L003 counts"
                " the voorzieningen per type)",
                "centrumgemeenten-needs-count",
                None,
            )
    options = make_options("check_delivery", options, kwargs)
    limits = zip_limits or ZipLimits()
    expanded: list[Source] = []
    problems: list[Problem] = []
    with private_folder() as folder:
        for index, source in enumerate(sources):
            if isinstance(source, str | os.PathLike):
                found, unfit = expand([source], limits)
            else:
                name, data = _named(source, index)
                if _held_zip(name, data):
                    found, unfit = _expand_held_zip(folder, index, name, data, limits)
                else:
                    shown = shown_name(name) if name else f"#{index + 1}"  # no words: no language
                    found, unfit = [Source(shown, "", data=data, given_name=name)], []
            expanded += found
            problems += unfit
        if not expanded and not problems:
            given = ", ".join(repr(os.fspath(s)) for s in sources if isinstance(s, str | os.PathLike))
            raise UsageError(
                f"check_delivery(): no csv, txt or zip files found in {given}", "nothing-to-check", given
            )
        results = check_sources(distinct_names(expanded), problems, options)
    return DeliveryResult.judge(results, centrum, options)


def _centrum_codes(codes: Iterable[str | int]) -> set[str]:
    """Gemeentecodes as the delivery rules take them: four digits."""
    if isinstance(codes, str | bytes):
        raise TypeError("check_delivery(): centrumgemeenten must be an iterable of gemeentecodes, not a str")
    out: set[str] = set()
    for code in codes:
        text = str(code).strip()
        if isinstance(code, bool) or not text.isdigit() or len(text) > 4:
            raise UsageError(
                f"check_delivery(): centrumgemeenten: {code!r} is not a gemeentecode",
                "invalid-gemeentecode",
                code,
            )
        out.add(text.zfill(4))
    return out


@dataclass(frozen=True)
class FixDeliveryResult:
    """The outcome of repairing a delivery: a `FixResult` per delivery file repaired (`files`,
    each with the check of what was written), the inputs that were not repaired (`problems`:
    a zip member that is no delivery file, copied as it is, or a zip that cannot be written
    whole, each a rejected result with its L004 finding), and the delivery rules over what
    was written (`delivery`)."""

    files: tuple[FixResult, ...]
    problems: tuple[ValidationResult, ...] = ()
    delivery: ValidationResult | None = None

    @property
    def checks(self) -> tuple[ValidationResult, ...]:
        """The checks of what was written, then the problems and the delivery pseudo-file."""
        return (
            *(f.check for f in self.files),
            *self.problems,
            *((self.delivery,) if self.delivery is not None else ()),
        )

    @property
    def verdict(self) -> Verdict:
        """The verdict of what was written, as `DeliveryResult.verdict`."""
        return _worst(r.verdict for r in self.checks)

    @property
    def accepted(self) -> bool:
        return self.verdict == "accepted"

    @property
    def total(self) -> int:
        """Every repair made."""
        return sum(f.total for f in self.files)


def fix_delivery(
    *sources: str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    in_place: bool = False,
    unsafe: bool = False,
    aanmaakdatum: str | None = None,
    diff: IO[str] | None = None,
    options: CheckOptions | None = None,
    **kwargs: Unpack[Options],
) -> FixDeliveryResult:
    """Repair a delivery as `gmsd-fast fix` does: files, folders and zip archives on disk.

    `output` is where the repairs go: for one file or one zip a file (a zip gives a zip with
    the same members in the same order), for several inputs or a folder a folder (made when
    missing), each file under its own name; None (and not `in_place`) repairs nothing and
    says what a fix would do. `in_place=True` replaces each input that needed repairing,
    keeping the original as `NAME.bak`. `unsafe`, `aanmaakdatum` and `diff` as for `fix`;
    the options (`Options`) as for `validate`. Into a zip, `jobs` members (0: one per core)
    are fixed side by side; the zip is the same whatever `jobs`.

    Raises `TypeError`/`UsageError` for invalid arguments (an output that is an input, two
    inputs of one name into one folder), `OSError` when a file cannot be read or written,
    `FileChangedError`, `Stopped`. A zip that cannot be written whole (a damaged member, a
    possible zip bomb) is not written and is a problem (L004) of the result.
    """
    if not sources:
        raise TypeError("fix_delivery() needs at least one path (a file, a folder or a zip)")
    for index, source in enumerate(sources):
        if not isinstance(source, str | os.PathLike):
            raise TypeError(f"fix_delivery(): source {index} must be a path, not {type(source).__name__}")
    if output is not None and in_place:
        message = "fix_delivery(): give output or in_place=True, not both"
        raise UsageError(message, "output-and-in-place", None)
    if aanmaakdatum is not None and not unsafe:
        message = "fix_delivery(): aanmaakdatum is the value of an unsafe repair: give it with unsafe=True"
        raise UsageError(message, "aanmaakdatum-needs-unsafe", aanmaakdatum)
    options = make_options("fix_delivery", options, kwargs)
    files = [os.fspath(s) for s in sources]
    if "-" in files:
        raise UsageError("fix_delivery(): '-' (standard input) is no path; use fix(stream)", "stdin", "-")
    target = None if output is None else os.fspath(output)
    try:
        plan = fix_plan(files, target, in_place, None)
        outputs = [] if in_place else [Output(t, "output") for _, t in plan if t is not None]
        refuse_clashes(outputs, files, replaced=[path for path, _ in plan] if in_place else ())
    except TargetError as err:
        raise UsageError(f"fix_delivery(): {err.message('en')}", err.key, target) from None
    if target is not None and any(t != target for _, t in plan):
        os.makedirs(target, exist_ok=True)
    # Only a fix needs the fix's code (and zipfile): a check starts without it.
    from gmsd_fast.fixing import FixError, Repair, fix_file, fix_zip, naming_target

    repair = Repair(unsafe=unsafe, aanmaakdatum=aanmaakdatum, diff=diff)
    fixed: list[FixResult] = []
    problems: list[ValidationResult] = []
    try:
        for path, goes_to in plan:
            try:
                if is_zip(path):
                    repaired, copied = fix_zip(path, goes_to, options, repair, in_place=in_place)
                    fixed += repaired
                    problems += [_problem(p, options) for p in copied]
                else:
                    fixed.append(fix_file(path, goes_to, options, repair, in_place=in_place))
            except FixError as err:
                problems.append(_problem(err.problem, options))
    except OutputError as err:
        err.error.filename = err.path  # an OSError naming the output, never a temporary file
        raise err.error from None
    except OSError as err:
        raise naming_target(err, goes_to) from None
    except _gmsd_fast.OptionError as err:
        code, value, _ = err.args
        raise UsageError(f"fix_delivery(): aanmaakdatum: invalid value {value!r}", code, value) from None
    checks = [f.check for f in fixed]
    return FixDeliveryResult(tuple(fixed), tuple(problems), delivery_result(checks, None, options))
