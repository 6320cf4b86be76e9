"""Where output may go: the one place that decides it, for every command and every output.

Every output of a run is named here before anything is read: `check -o`, `report -o`,
`fix -o` (a file, a folder's files, a zip), `--log`, standard output (`-`, or no option), and
with `--in-place` each input replaced and its backup (`NAME.bak`, `NAME.2.bak`, …).
`refuse_clashes` refuses, with a `TargetError` whose words are in the catalogue:

- an output that is an input: the same file however it is spelled (symbolic and hard links,
  `..`), a zip, `--previous` or `--centrumgemeenten`, and the file redirected to standard
  input when `-` is read (the device and inode of fd 0); standard output too, when it is
  redirected to an input (the device and inode of fd 1);
- an output that an input folder would read as a delivery file (a `.csv`, `.txt` or `.zip`
  file directly in it, not hidden);
- two outputs that are the same file (`fix b.csv -o out.csv --log out.csv`);
- an output that is the backup of a file replaced in place (`--log NAME.bak`), or another
  backup of it (`NAME.2.bak`, …): the only copy of an original.

`-` is standard output for every output option (`STDOUT`). A special file — a device such as
`/dev/null` or `/dev/full`, a FIFO, a terminal, `/dev/stdout` when it is a pipe — is written
directly, not through a temporary file (`is_special`): it is no file an output destroys, so
it never clashes. `fix_plan` decides where each repaired file goes.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field

from gmsd_fast.exceptions import GmsdError
from gmsd_fast.inputs import CHECKED_EXTENSIONS, folder_files, is_zip, require_regular_file
from gmsd_fast.messages import t

__all__ = ["STDOUT", "Output", "TargetError", "fix_plan", "is_special", "refuse_clashes"]

#: Standard output, in every output option.
STDOUT = "-"
#: Standard input, as an input.
STDIN = "-"


@dataclass(frozen=True)
class Output:
    """An output of a run: `path` (`STDOUT` for standard output) and the option that names
    it (`--output`, `--log`, `--in-place`; empty for an argument, such as `generate`'s)."""

    path: str
    option: str = ""

    def shown(self, lang: str) -> str:
        """How a message names it: `--output a.csv`, `standaarduitvoer`."""
        if self.path == STDOUT:
            stdout = t("stdout_name", lang)
            return f"{self.option} - ({stdout})" if self.option else stdout
        return f"{self.option} {self.path}" if self.option else self.path


class TargetError(GmsdError):
    """An output that may not be written (or a plan of outputs that cannot be made): `key`
    is its message in the catalogue, `params` what it names. Nothing was read or written."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str) -> str:
        params = {k: v.shown(lang) if isinstance(v, Output) else v for k, v in self.params.items()}
        return t(self.key, lang, **params)


def is_special(path: str) -> bool:
    """Whether `path` is written directly: standard output, or something that exists and is
    no regular file (a device, a FIFO, a terminal; a symbolic link is followed)."""
    if path == STDOUT:
        return True
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


@dataclass
class _Written:
    """What an output is on disk, to compare: its `os.stat` when it exists (None when not),
    and its path made absolute with every link resolved."""

    output: Output
    st: os.stat_result | None
    key: str
    special: bool = field(default=False)


def _written(output: Output) -> _Written:
    if output.path == STDOUT:
        try:
            st: os.stat_result | None = os.fstat(1)
        except OSError:  # closed: nothing to overwrite
            st = None
        special = st is None or not stat.S_ISREG(st.st_mode)
        return _Written(output, st, "<stdout>", special)
    try:
        st = os.stat(output.path)
    except OSError:
        st = None
    key = os.path.normcase(os.path.realpath(output.path))
    return _Written(output, st, key, st is not None and not stat.S_ISREG(st.st_mode))


def _read(given: str) -> os.stat_result | None:
    """What an input is on disk (standard input: fd 0), or None when it is not there."""
    try:
        return os.fstat(0) if given == STDIN else os.stat(given)
    except OSError:
        return None


def _read_by_folder(key: str) -> bool:
    """Whether a folder reads a file of this name as a delivery file (`inputs.folder_files`)."""
    name = os.path.basename(key)
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in (*CHECKED_EXTENSIONS, ".zip")


def _backup_of(key: str, replaced: Sequence[str]) -> str | None:
    """The input replaced in place whose backup `key` (a resolved path) is, if any."""
    folder, name = os.path.split(key)
    for path in replaced:
        real = os.path.normcase(os.path.realpath(path))
        base = os.path.basename(real)
        if os.path.dirname(real) == folder and re.fullmatch(re.escape(base) + r"(\.\d+)?\.bak", name):
            return path
    return None


def refuse_clashes(outputs: Sequence[Output], inputs: Sequence[str], replaced: Sequence[str] = ()) -> None:
    """Raises `TargetError` when an output would destroy an input or another output (see the
    module's doc): `inputs` as given (files, folders, zips, `-` for standard input, and files
    such as `--previous` and `--centrumgemeenten`), `replaced` the files replaced in place.
    Inputs that are not there are passed over: reading them fails with its own message."""
    written = [_written(o) for o in outputs]
    given = [(path, _read(path)) for path in inputs]
    for i, out in enumerate(written):
        for other in written[:i]:
            if out.output.path == other.output.path == STDOUT:
                raise TargetError("targets_same", what=other.output, other=out.output)
        if out.special:
            continue
        for other in written[:i]:
            same = out.st is not None and other.st is not None and os.path.samestat(out.st, other.st)
            if not other.special and (same or out.key == other.key):
                raise TargetError("targets_same", what=other.output, other=out.output)
        backup = _backup_of(out.key, replaced)
        if backup is not None:
            raise TargetError("target_is_backup", what=out.output, input=backup)
        folder = os.path.dirname(out.key) if out.output.path != STDOUT else None
        folder_st = _read(folder) if folder else None
        for path, st in given:
            if st is None:
                continue
            if out.st is not None and os.path.samestat(out.st, st):
                if path == STDIN:
                    raise TargetError("target_is_stdin", what=out.output)
                raise TargetError("target_is_input", what=out.output, input=path)
            if folder_st is not None and _read_by_folder(out.key) and os.path.samestat(folder_st, st):
                raise TargetError("target_in_input_folder", what=out.output, input=path)


def fix_plan(
    files: Sequence[str], output: str | None, in_place: bool, stdin_name: str | None
) -> list[tuple[str, str | None]]:
    """Each input of `fix` (folders expanded; `-` for standard input) with where its repair
    goes: the input itself (in place), a path, `STDOUT`, or None (nowhere: `--diff`). Raises
    `TargetError` for a plan that cannot be made, `OSError` for an input that cannot be read."""
    inputs: list[str] = []
    for path in files:
        if path != STDIN and os.path.isdir(path):
            inputs += folder_files(path)
        else:
            if path != STDIN:
                require_regular_file(path)
            inputs.append(path)
    if not inputs:
        raise TargetError("nothing_to_check", path=", ".join(files))
    if in_place:
        return [(path, path) for path in inputs]
    if output is None:
        return [(path, None) for path in inputs]
    folder = (
        len(files) > 1
        or any(path != STDIN and os.path.isdir(path) for path in files)
        or (output != STDOUT and os.path.isdir(output))
    )
    if output == STDOUT:
        if folder or (inputs[0] != STDIN and is_zip(inputs[0])):
            raise TargetError("fix_stdout_one_file")
        return [(inputs[0], STDOUT)]
    if not folder:
        return [(inputs[0], output)]
    if os.path.lexists(output) and not os.path.isdir(output):
        raise TargetError("fix_output_not_folder", path=output)
    plan: list[tuple[str, str | None]] = []
    taken: set[str] = set()
    for path in inputs:
        if path == STDIN and not stdin_name:
            raise TargetError("fix_stdin_needs_name")
        name = os.path.basename(stdin_name or "") if path == STDIN else os.path.basename(path)
        if name in taken:
            raise TargetError("fix_same_name", name=name, path=output)
        taken.add(name)
        plan.append((path, os.path.join(output, name)))
    return plan
