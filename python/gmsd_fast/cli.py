"""The command line: `gmsd-fast check`, `report`, `fix`, `rules`, `explain`, `generate` and `app`
(the check in a browser page: `gmsd_fast.app`, imported only by that command).

Exit codes: 0 every file accepted (warnings allowed), 1 at least one file rejected or a
delivery rule (L001, L002) rejects, 2 usage error, unreadable input or an output that cannot
be written, 130 stopped by Ctrl-C (SIGINT), 143 stopped by SIGTERM. Errors are one line on
stderr (`gmsd-fast: …`, not "Fout", which is a severity), never a traceback; set
GMSD_FAST_DEBUG=1 to get the traceback of an unexpected error.

Language: Dutch by default, English with `--lang en` or GMSD_FAST_LANG=en; the help, the usage
errors and click's own words too (`gmsd_fast.clicklang`).

Stopping: during a run SIGINT and SIGTERM request the run's stop token (`_Signals`) instead
of raising in the middle of something; the checks look at it between blocks and files and
end with `Stopped`, and every file written is renamed into place only if the token was not
requested (`gmsd_fast.files.replacing`). So a stopped run writes nothing. A second signal
ends the process at once.

rich, the report and the output modules are imported in the functions that use them, not
here: `check --format json|jsonl` needs none of them, and a check must stay within 64 MiB of
memory whatever the file size (rich and the report cost ~1.5 MiB and ~70 ms at start-up,
pyarrow.parquet ~10 MiB, pyarrow.csv and pyarrow.compute a few).

The machine formats (json, jsonl, csv, parquet, junit) are written as the findings are
found (`_write_streamed`): each file's check runs while the findings before it are written,
so `--all` (every finding) takes bounded memory however many there are. The text format
keeps at most `--max-per-rule` per rule (100 with `--all`: it shows a few anyway).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from types import FrameType
from typing import IO, TYPE_CHECKING, Any

import click

from gmsd_fast import __version__, _gmsd_fast
from gmsd_fast._gmsd_fast import StopToken
from gmsd_fast.api import CheckOptions, ValidationResult, check_options
from gmsd_fast.clicklang import (
    ENV_LANG,
    LANG,
    Argument,
    FileWithoutCommand,
    Group,
    Option,
    default_lang,
    speaking,
)
from gmsd_fast.delivery import (
    CentrumgemeentenError,
    delivery_findings,
    delivery_result,
    problem_result,
    read_centrumgemeenten,
)
from gmsd_fast.docs import (
    catalogue,
    catalogue_markdown,
    find_rule,
    rule_markdown,
    rule_title,
    severities,
    short_title,
)
from gmsd_fast.exceptions import FileChangedError, Stopped, UsageError
from gmsd_fast.files import open_replacing, replacing
from gmsd_fast.inputs import (
    CompressedInputError,
    NotARegularFileError,
    Problem,
    Source,
    check_all,
    expand,
    folder_files,
    is_zip,
    output_clash,
    require_regular_file,
    stdin_source,
    stream_all,
)
from gmsd_fast.messages import LANGS, t

if TYPE_CHECKING:
    from rich.console import Console

EXIT_ACCEPTED = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2
#: A run stopped by a signal exits 128 + the signal's number, as a shell reports it.
EXIT_SIGNAL_BASE = 128
STOP_SIGNALS = {signal.SIGINT: "Ctrl-C (SIGINT)", signal.SIGTERM: "SIGTERM"}
FORMATS = ("text", "xlsx", "json", "jsonl", "csv", "parquet", "junit")
#: Findings shown per rule in the text, unless `--max-shown` or `--all` say otherwise.
MAX_SHOWN = 3
REPORT_FORMATS = ("text", "json", "html")


class CliError(Exception):
    """An error for the user: its message is already in their language, one line."""


def _codes(values: Sequence[str]) -> list[str]:
    """Repeatable options that also take comma-separated lists: `--select F,S --select N001`."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _console(out: IO[str]) -> Console:
    from rich.console import Console

    console = Console(file=out, highlight=False, emoji=False)
    if not console.is_terminal:
        console = Console(file=out, highlight=False, emoji=False, width=120, no_color=True)
    return console


class _Signals:
    """SIGINT and SIGTERM while a command runs: the first requests `token` (the checks and
    writers look at it), the second ends the process at once. Installed only in the main
    thread, where Python runs signal handlers, and not for a signal the parent ignores; the
    previous handlers come back afterwards."""

    def __init__(self) -> None:
        self.token = StopToken()
        self.signum: int | None = None
        self.lang = "nl"

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.signum is not None:
            sys.stderr.write(
                _line(t("second_signal", self.lang, signal=STOP_SIGNALS[signal.Signals(signum)]), self.lang)
            )
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        self.signum = signum
        self.token.request()

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        # A signal ignored by the parent stays ignored (a background job of a shell script).
        previous = {s: h for s in STOP_SIGNALS if (h := signal.getsignal(s)) is not signal.SIG_IGN}
        for s in previous:
            signal.signal(s, self._handle)
        try:
            yield
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)


def _signals() -> _Signals:
    """The signals of the current run (a fresh, never requested token outside `run`)."""
    obj = click.get_current_context().obj
    return obj if isinstance(obj, _Signals) else _Signals()


def _raise_if_stopped(stop: StopToken | None) -> None:
    if stop is not None and stop.requested:
        raise Stopped("stopped on request")


def _cause(err: OSError, lang: str) -> str:
    """The cause of an I/O error in the user's words (the system's own for rare ones)."""
    name = errno.errorcode.get(err.errno or 0, "")
    try:
        return t(f"cause_{name}", lang)
    except KeyError:
        return str(err.strerror or err)


@contextlib.contextmanager
def _target(output: str | None, lang: str, stop: StopToken) -> Iterator[IO[str]]:
    """Where an output goes: stdout, or `output` written whole or not at all."""
    if output is None:
        _raise_if_stopped(stop)
        yield sys.stdout
        return
    try:
        with open_replacing(output, stop) as handle:
            yield handle
    except OSError as err:
        raise _write_error(err, output, lang) from None


class _WriteFailed(Exception):
    """Writing an output failed (`error`): told apart from reading an input failing, which
    happens in the same block when the findings are written as they are found."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class _Output:
    """A binary output whose write errors are `_WriteFailed` (a broken pipe stays itself)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.closed = False
        self.mode = "wb"

    def write(self, data: bytes) -> int:
        try:
            return self._raw.write(data)
        except BrokenPipeError:
            raise
        except OSError as err:
            raise _WriteFailed(err) from err

    def flush(self) -> None:
        try:
            self._raw.flush()
        except BrokenPipeError:
            raise
        except OSError as err:
            raise _WriteFailed(err) from err

    def tell(self) -> int:
        return self._raw.tell()

    def writable(self) -> bool:
        return True

    def close(self) -> None:
        self.flush()
        self.closed = True


@contextlib.contextmanager
def _binary_target(output: str | None, lang: str, stop: StopToken | None) -> Iterator[_Output]:
    """Where a machine format goes: stdout, or `output` written whole or not at all. An error
    of a write is `cannot_write`; any other error from the block (reading an input) passes."""
    if output is None:
        _raise_if_stopped(stop)
        sys.stdout.flush()
        handle = _Output(sys.stdout.buffer)
        try:
            yield handle
            handle.flush()
        except _WriteFailed as err:
            raise _write_error(err.error, "-", lang) from None
        return
    read_error: BaseException | None = None
    try:
        with replacing(output, stop) as path, open(path, "wb") as raw:
            try:
                yield _Output(raw)
            except _WriteFailed:
                raise
            except OSError as err:
                read_error = err
                raise
    except _WriteFailed as err:
        raise _write_error(err.error, output, lang) from None
    except OSError as err:
        if err is read_error:
            raise
        raise _write_error(err, output, lang) from None


def _write_error(err: OSError, path: str, lang: str) -> CliError:
    return CliError(t("cannot_write", lang, path=path, reason=_cause(err, lang)))


def _read_error(err: OSError, path: str, lang: str) -> CliError:
    if isinstance(err, FileChangedError):
        change = t(f"change_{err.change}", lang)
        return CliError(t("changed", lang, path=err.path, change=change))
    if isinstance(err, FileNotFoundError):
        return CliError(t("not_found", lang, path=path))
    if isinstance(err, PermissionError):
        return CliError(t("permission", lang, path=path))
    if isinstance(err, IsADirectoryError):
        return CliError(t("is_directory", lang, path=path))
    if isinstance(err, NotARegularFileError):
        return CliError(t("not_regular", lang, path=path))
    return CliError(t("unreadable", lang, path=path, reason=_cause(err, lang)))


def _refuse_output_onto_inputs(output: str | None, inputs: Sequence[str], lang: str) -> None:
    """An output that would overwrite an input, or be read as one, is refused before reading."""
    if output is None:
        return
    clash = output_clash(output, inputs)
    if clash is not None:
        kind, given = clash
        key = "output_is_input" if kind == "same" else "output_in_input_folder"
        raise CliError(t(key, lang, path=output, input=given))


@contextlib.contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[Source], None] | None]:
    """A progress bar over sources on stderr, only when stderr is a terminal; else nothing."""
    if total < 2 or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=_console(sys.stderr), transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda _source: progress.advance(task)


def _results(sources: list[Source], options: CheckOptions, label: str = "") -> list[ValidationResult]:
    """Checks every source (several at once), in the order given; unreadable zip members and
    zip bombs come back as problems, which become rejected results (L004)."""
    for source in sources:
        if source.member is None and source.fd is None and not os.access(source.path, os.R_OK):
            raise PermissionError(13, "Permission denied", str(source.path))
    with _progress(len(sources), label or t("progress_checking", options.lang)) as advance:
        results, problems = check_all(sources, options, progress=advance)
    by_name = {r.path: r for r in results}
    ordered = [by_name[s.name] for s in sources if s.name in by_name]
    return ordered + [problem_result(p.path, p.kind, p.values, options) for p in problems]


def _options(lang: str, **options: Any) -> CheckOptions:
    """The core's options, built and checked once, before anything is read."""
    try:
        return check_options(lang=lang, **options)
    except UsageError as err:
        raise CliError(str(err)) from None


def _sources(paths: Sequence[str], stdin_name: str | None, lang: str) -> tuple[list[Source], list[Problem]]:
    """Files, folders and zips expanded (`expand`), and `-` as standard input, in input order."""
    if list(paths).count("-") > 1:
        raise CliError(t("stdin_twice", lang))
    if stdin_name is not None and "-" not in paths:
        raise CliError(t("name_without_stdin", lang))
    sources: list[Source] = []
    problems: list[Problem] = []
    for path in paths:
        if path == "-":
            if os.isatty(0):
                raise CliError(t("stdin_terminal", lang))
            sources.append(stdin_source(stdin_name, t("stdin_name", lang)))
            continue
        try:
            found, unfit = expand([path])
        except OSError as err:
            raise _read_error(err, err.filename or path, lang) from None
        sources += found
        problems += unfit
    return sources, problems


def _check_paths(
    paths: Sequence[str], options: CheckOptions, label: str = "", stdin_name: str | None = None
) -> list[ValidationResult]:
    """Expands files, folders and zips (and `-`, standard input) and checks them: results in
    input order, then the inputs that could not be checked as rejected results (L004)."""
    lang = options.lang
    sources, problems = _sources(paths, stdin_name, lang)
    if not sources and not problems:  # only folders, holding no .csv, .txt or .zip file
        raise CliError(t("nothing_to_check", lang, path=", ".join(paths)))
    try:
        results = [
            *_results(sources, options, label),
            *(problem_result(p.path, p.kind, p.values, options) for p in problems),
        ]
    except CompressedInputError as err:
        raise CliError(t(f"stdin_{err.kind}", lang)) from None
    except OSError as err:
        raise _read_error(err, err.filename or "", lang) from None
    _raise_if_stopped(options.stop)
    return results


def _streamed(
    sources: list[Source],
    problems: list[Problem],
    options: CheckOptions,
    centrum: set[str] | None,
    read: list[ValidationResult],
) -> Iterator[ValidationResult]:
    """The results of `sources` as their checks run (`stream_all`), then the inputs that could
    not be checked (L004), then the delivery pseudo-file; each is added to `read` once
    yielded. Read each result to its end before the next."""
    unreadable: list[Problem] = []
    for outcome in stream_all(sources, options):
        if isinstance(outcome, Problem):
            unreadable.append(outcome)
        else:
            read.append(outcome)
            yield outcome
    for problem in [*unreadable, *problems]:
        read.append(problem_result(problem.path, problem.kind, problem.values, options))
        yield read[-1]
    _raise_if_stopped(options.stop)
    delivery = delivery_result(read, centrum, options)
    if delivery is not None:
        read.append(delivery)
        yield delivery


def _write_streamed(
    fmt: str,
    paths: Sequence[str],
    options: CheckOptions,
    centrum: set[str] | None,
    output: str | None,
    stdin_name: str | None,
) -> list[ValidationResult]:
    """Checks the inputs and writes their findings in a machine format as they are found;
    the results written, the delivery pseudo-file last."""
    lang = options.lang
    sources, problems = _sources(paths, stdin_name, lang)
    if not sources and not problems:  # only folders, holding no .csv, .txt or .zip file
        raise CliError(t("nothing_to_check", lang, path=", ".join(paths)))
    read: list[ValidationResult] = []
    try:
        for source in sources:
            if source.member is None and source.fd is None and not os.access(source.path, os.R_OK):
                raise PermissionError(13, "Permission denied", str(source.path))
        results = _streamed(sources, problems, options, centrum, read)
        if fmt == "xlsx":
            assert output is not None
            _write_xlsx(results, read, [s.name for s in sources], output, lang, options.stop)
        else:
            with _binary_target(output, lang, options.stop) as out:
                _machine_writer(fmt, lang)(results, out)
    except CompressedInputError as err:
        raise CliError(t(f"stdin_{err.kind}", lang)) from None
    except BrokenPipeError:  # `| head`: the reader went away
        raise
    except OSError as err:
        raise _read_error(err, err.filename or "", lang) from None
    return read


class _ReadFailed(Exception):
    """Reading an input failed (`error`) while a writer that raises its own `OSError`s pulled
    the findings."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def _write_xlsx(
    results: Iterator[ValidationResult],
    read: list[ValidationResult],
    names: list[str],
    output: str,
    lang: str,
    stop: StopToken | None,
) -> None:
    """The workbook (XlsxWriter writes a path), fed the findings as they are found; the
    summary from `read`, complete once the last batch has been read."""
    from gmsd_fast.output import xlsx as xlsx_output

    def batches() -> Iterator[Any]:
        try:
            for result in results:
                yield from result.batches()
        except OSError as err:
            raise _ReadFailed(err) from err

    try:
        with replacing(output, stop) as path:
            xlsx_output.write(path, batches(), read, lang, stop=stop, names=names)
    except _ReadFailed as err:
        raise err.error from None
    except OSError as err:
        raise _write_error(err, output, lang) from None


def _machine_writer(fmt: str, lang: str) -> Callable[[Iterator[ValidationResult], _Output], None]:
    """The writer of a machine format: `write(results, out)`."""
    if fmt == "json":
        from gmsd_fast.output import json as json_output

        return json_output.write
    if fmt == "jsonl":
        from gmsd_fast.output import jsonl as jsonl_output

        return jsonl_output.write
    if fmt == "csv":
        from gmsd_fast.output import csv as csv_output

        return csv_output.write
    if fmt == "parquet":
        from gmsd_fast.output import parquet as parquet_output

        return parquet_output.write
    from gmsd_fast.output import junit as junit_output

    return lambda results, out: junit_output.write(results, out, lang)


def _all_of_rule(files: Sequence[str], lang: str, **options: str | None) -> Callable[[str], str]:
    """The command that lists every finding of one rule for these inputs, with the options
    that change what is found (`--period`, `--name`, …), for the text's "… en nog N" line."""
    import shlex

    given = [f"--{key.replace('_', '-')} {shlex.quote(value)}" for key, value in options.items() if value]
    if lang == "en":
        given.append("--lang en")
    inputs = " ".join(shlex.quote(f) for f in files)
    return lambda code: " ".join(["gmsd-fast check --select", code, "--all", *given, inputs])


def _centrumgemeenten(path: str | None, lang: str) -> set[str] | None:
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8-sig") as fp:
            return read_centrumgemeenten(fp)
    except CentrumgemeentenError as err:
        raise CliError(t("bad_centrumgemeenten", lang, path=path, line=err.line, token=err.token)) from None
    except UnicodeDecodeError as err:
        raise CliError(t("unreadable", lang, path=path, reason=err.reason)) from None
    except OSError as err:
        raise _read_error(err, path, lang) from None


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(t("version", LANG.get()) % {"prog": "gmsd-fast", "version": __version__})
        ctx.exit()


@click.group(cls=Group, help_key="cli", context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    cls=Option,
    help_key="version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
)
@click.option(
    "--lang",
    cls=Option,
    help_key="lang",
    type=click.Choice(LANGS, case_sensitive=False),
    expose_value=False,  # run() reads the language before click parses anything
)
def cli() -> None:
    """Check GMSD Wmo delivery files exactly as the CBS aanleverprotocol says."""


def _option(*decls: str, help_key: str, **kwargs: Any) -> Callable[[Any], Any]:
    """An option whose help is `help_<help_key>` in the catalogue, in the user's language."""
    return click.option(*decls, cls=Option, help_key=help_key, **kwargs)


_lang_option = _option(
    "--lang",
    help_key="lang",
    type=click.Choice(LANGS, case_sensitive=False),
    default="nl",
    envvar=ENV_LANG,
    show_default=True,
)


_name_option = _option("--name", "stdin_name", help_key="name", metavar="NAME")


_centrum_option = _option(
    "--centrumgemeenten", help_key="centrumgemeenten", type=click.Path(dir_okay=False, path_type=str)
)

_output_option = _option(
    "--output", "-o", help_key="output", metavar="PATH", type=click.Path(dir_okay=False, path_type=str)
)

_period_option = _option("--period", help_key="period", metavar="PERIOD")

_protocol_option = _option("--protocol", help_key="protocol", metavar="VERSION")

#: The inputs of `check` and `fix`: files, folders, zips or `-`, read by the commands themselves
#: (so that an unreadable one is a finding or a one-line error, not click's usage error).
_files_argument = click.argument(
    "files",
    cls=Argument,
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=True, readable=False, path_type=str),
)
_jobs_option = _option("--jobs", help_key="jobs", type=click.IntRange(min=0), default=0, show_default=True)


@cli.command(help_key="check")
@_files_argument
@_option("--format", "fmt", help_key="format", type=click.Choice(FORMATS), default="text", show_default=True)
@_output_option
@_option("--select", help_key="select", multiple=True, metavar="CODE")
@_option("--ignore", help_key="ignore", multiple=True, metavar="CODE")
@_period_option
@_protocol_option
@_option(
    "--max-per-rule", help_key="max_per_rule", type=click.IntRange(min=0), default=100, show_default=True
)
@_option(
    "--max-shown",
    help_key="max_shown",
    type=click.IntRange(min=1),
    default=MAX_SHOWN,
    show_default=True,
)
@_option("--all", "show_all", help_key="all", is_flag=True)
@_option("--reveal-bsn", help_key="reveal_bsn", is_flag=True)
@_lang_option
@_jobs_option
@_centrum_option
@_name_option
@_option("--quiet", "-q", help_key="quiet", is_flag=True)
def check(
    files: tuple[str, ...],
    fmt: str,
    output: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    period: str | None,
    protocol: str | None,
    max_per_rule: int,
    reveal_bsn: bool,
    lang: str,
    jobs: int,
    centrumgemeenten: str | None,
    stdin_name: str | None,
    quiet: bool,
    max_shown: int,
    show_all: bool,
) -> int:
    """`gmsd-fast check` (its help: `help_check` in gmsd_fast.messages)."""
    lang = lang.lower()
    if fmt in ("parquet", "xlsx") and output is None:
        raise CliError(t(f"{fmt}_needs_output", lang))
    _refuse_output_onto_inputs(output, [*files, *filter(None, [centrumgemeenten])], lang)
    stop = _signals().token
    centrum = _centrumgemeenten(centrumgemeenten, lang)
    options = _options(
        lang,
        protocol=protocol,
        period=period,
        select=_codes(select),
        ignore=_codes(ignore),
        max_per_rule=0 if show_all else max_per_rule,  # 0: every finding
        reveal_bsn=reveal_bsn,
        jobs=jobs,
        count=centrum is not None,  # L003 needs the voorzieningen per type
        stop=stop,
    )
    if fmt != "text":
        results = _write_streamed(fmt, files, options, centrum, output, stdin_name)
        return EXIT_ACCEPTED if all(r.accepted for r in results) else EXIT_REJECTED
    files_checked = _check_paths(files, options, stdin_name=stdin_name)
    delivery = delivery_result(files_checked, centrum, options)
    results = files_checked if delivery is None else [*files_checked, delivery]
    from gmsd_fast.output import text as text_output

    shown = None if show_all else max_shown
    with _target(output, lang, stop) as out:
        text_output.render_check(
            files_checked,
            delivery,
            _console(out),
            lang,
            quiet=quiet,
            shown=shown,
            command=_all_of_rule(
                files,
                lang,
                period=period,
                protocol=protocol,
                centrumgemeenten=centrumgemeenten,
                name=stdin_name,
            ),
        )
    return EXIT_ACCEPTED if all(r.accepted for r in results) else EXIT_REJECTED


@cli.command(help_key="report")
@click.argument("paths", cls=Argument, nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=str))
@_option(
    "--format",
    "fmt",
    help_key="report_format",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    show_default=True,
)
@_output_option
@_option("--previous", help_key="previous", multiple=True, type=click.Path(dir_okay=True, path_type=str))
@_option("--max-change", help_key="max_change", type=float, default=0.25, show_default=True)
@_centrum_option
@_period_option
@_protocol_option
@_lang_option
@_jobs_option
@_name_option
def report(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    previous: tuple[str, ...],
    max_change: float,
    centrumgemeenten: str | None,
    period: str | None,
    protocol: str | None,
    lang: str,
    jobs: int,
    stdin_name: str | None,
) -> int:
    """`gmsd-fast report` (its help: `help_report` in gmsd_fast.messages)."""
    from gmsd_fast.report import build_report
    from gmsd_fast.report import html as html_report
    from gmsd_fast.report import json as json_report
    from gmsd_fast.report import text as text_report

    lang = lang.lower()
    if fmt == "html" and output is None:
        raise CliError(t("html_needs_output", lang))
    if not max_change > 0:
        raise CliError(t("bad_max_change", lang))
    if "-" in previous:
        raise CliError(t("stdin_not_previous", lang))
    _refuse_output_onto_inputs(output, [*paths, *previous, *filter(None, [centrumgemeenten])], lang)
    stop = _signals().token
    centrum = _centrumgemeenten(centrumgemeenten, lang)
    # Counts stay exact; kept findings only give the worst severity per rule.
    options = _options(lang, protocol=protocol, period=period, jobs=jobs, count=True, stop=stop)
    results = _check_paths(paths, options, stdin_name=stdin_name)
    before = None
    if previous:
        # An older delivery has an older window.
        before = _check_paths(previous, options.without_period(), t("progress_previous", lang))
    model = build_report(
        results,
        delivery_findings(delivery_result(results, centrum, options)),
        lang=lang,
        inputs=paths,
        centrumgemeenten=centrum,
        previous=before,
        previous_inputs=previous,
        max_change=max_change,
    )
    with _target(output, lang, stop) as out:
        if fmt == "json":
            json_report.write(model, out)
        elif fmt == "html":
            html_report.write(model, out)
        else:
            text_report.render(model, _console(out))
    return EXIT_ACCEPTED if model["verdict"] == "accepted" else EXIT_REJECTED


FIX_FORMATS = ("text", "json", "jsonl", "csv", "parquet")


def _fix_plan(
    files: Sequence[str], output: str | None, in_place: bool, stdin_name: str | None, lang: str
) -> list[tuple[str, str | None]]:
    """Each input file (folders expanded; `-` for standard input) with where its repair goes:
    the input itself (in place), a path, `-` (standard output) or None (nowhere: --diff)."""
    inputs: list[str] = []
    for path in files:
        if path != "-" and os.path.isdir(path):
            inputs += folder_files(path)
        else:
            if path != "-":
                require_regular_file(path)
            inputs.append(path)
    if not inputs:
        raise CliError(t("nothing_to_check", lang, path=", ".join(files)))
    if in_place:
        return [(path, path) for path in inputs]
    if output is None:
        return [(path, None) for path in inputs]
    folder = (
        len(files) > 1 or any(path != "-" and os.path.isdir(path) for path in files) or os.path.isdir(output)
    )
    if output == "-":
        if folder or (inputs[0] != "-" and is_zip(inputs[0])):
            raise CliError(t("fix_stdout_one_file", lang))
        return [(inputs[0], "-")]
    if not folder:
        return [(inputs[0], output)]
    if os.path.lexists(output) and not os.path.isdir(output):
        raise CliError(t("fix_output_not_folder", lang, path=output))
    try:
        os.makedirs(output, exist_ok=True)
    except OSError as err:
        raise _write_error(err, output, lang) from None
    plan: list[tuple[str, str | None]] = []
    taken: set[str] = set()
    for path in inputs:
        if path == "-" and not stdin_name:
            raise CliError(t("fix_stdin_needs_name", lang))
        name = os.path.basename(stdin_name or "") if path == "-" else os.path.basename(path)
        if name in taken:
            raise CliError(t("fix_same_name", lang, name=name, path=output))
        taken.add(name)
        plan.append((path, os.path.join(output, name)))
    return plan


@cli.command(help_key="fix")
@_files_argument
@_option("--output", "-o", help_key="fix_output", metavar="PATH", type=click.Path(path_type=str))
@_option("--in-place", help_key="in_place", is_flag=True)
@_option("--diff", help_key="diff", is_flag=True)
@_option("--unsafe-fixes", help_key="unsafe_fixes", is_flag=True)
@_option("--aanmaakdatum", help_key="aanmaakdatum", metavar="YYYYMMDDHHMM")
@_option("--select", help_key="select", multiple=True, metavar="CODE")
@_option("--ignore", help_key="ignore", multiple=True, metavar="CODE")
@_option(
    "--format",
    "fmt",
    help_key="fix_format",
    type=click.Choice(FIX_FORMATS),
    default="text",
    show_default=True,
)
@_option("--log", help_key="log", metavar="PATH", type=click.Path(dir_okay=False, path_type=str))
@_period_option
@_protocol_option
@_option(
    "--max-per-rule", help_key="max_per_rule", type=click.IntRange(min=0), default=100, show_default=True
)
@_option("--reveal-bsn", help_key="reveal_bsn", is_flag=True)
@_lang_option
@_jobs_option
@_name_option
@_option("--quiet", "-q", help_key="quiet", is_flag=True)
def fix(
    files: tuple[str, ...],
    output: str | None,
    in_place: bool,
    diff: bool,
    unsafe_fixes: bool,
    aanmaakdatum: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fmt: str,
    log: str | None,
    period: str | None,
    protocol: str | None,
    max_per_rule: int,
    reveal_bsn: bool,
    lang: str,
    jobs: int,
    stdin_name: str | None,
    quiet: bool,
) -> int:
    """`gmsd-fast fix` (its help: `help_fix` in gmsd_fast.messages)."""
    lang = lang.lower()
    if output is not None and in_place:
        raise CliError(t("fix_output_and_in_place", lang))
    if output is None and not in_place and not diff:
        raise CliError(t("fix_needs_target", lang))
    if in_place and "-" in files:
        raise CliError(t("fix_in_place_stdin", lang))
    if diff and output == "-":
        raise CliError(t("fix_diff_stdout", lang))
    if aanmaakdatum is not None and not unsafe_fixes:
        raise CliError(t("fix_aanmaakdatum_needs_unsafe", lang))
    if fmt == "parquet" and log is None:
        raise CliError(t("fix_log_needs_path", lang))
    if list(files).count("-") > 1:
        raise CliError(t("stdin_twice", lang))
    if stdin_name is not None and "-" not in files:
        raise CliError(t("name_without_stdin", lang))
    _refuse_output_onto_inputs(log, files, lang)
    stop = _signals().token
    options = _options(
        lang,
        protocol=protocol,
        period=period,
        select=_codes(select),
        ignore=_codes(ignore),
        max_per_rule=max_per_rule,
        reveal_bsn=reveal_bsn,
        jobs=jobs,
        stop=stop,
    )
    try:
        plan = _fix_plan(files, output, in_place, stdin_name, lang)
    except OSError as err:
        raise _read_error(err, err.filename or "", lang) from None
    if not in_place:
        for _, target in plan:
            if target not in (None, "-"):
                assert target is not None
                _refuse_output_onto_inputs(target, [*files, *filter(None, [log])], lang)
    from gmsd_fast.fixing import FixError, FixResult, Repair, fix_file, fix_stdin, fix_zip

    repair = Repair(unsafe=unsafe_fixes, aanmaakdatum=aanmaakdatum, diff=sys.stdout if diff else None)
    results: list[FixResult] = []
    problems: list[ValidationResult] = []
    for path, target in plan:
        writer = None
        if target == "-":
            sys.stdout.flush()
            writer, target = sys.stdout.buffer, None
        try:
            if path == "-":
                if os.isatty(0):
                    raise CliError(t("stdin_terminal", lang))
                source = stdin_source(stdin_name, t("stdin_name", lang))
                results.append(fix_stdin(source, target, options, repair, writer=writer))
            elif is_zip(path):
                fixed, copied = fix_zip(path, target, options, repair, in_place=in_place)
                results += fixed
                problems += [problem_result(p.path, p.kind, p.values, options) for p in copied]
            else:
                results.append(fix_file(path, target, options, repair, writer=writer, in_place=in_place))
        except FixError as err:
            problems.append(problem_result(err.problem.path, err.problem.kind, err.problem.values, options))
            sys.stderr.write(
                _line(t("fix_not_repaired", lang, path=path, reason=err.problem.message(lang)), lang)
            )
        except CompressedInputError as err:
            raise CliError(t(f"stdin_{err.kind}", lang)) from None
        except _gmsd_fast.OptionError as err:
            raise CliError(str(err.args[2])) from None
        except Stopped:
            raise
        except OSError as err:
            # The core names an error after the input when reading, the output when writing.
            written = err.filename not in (path, None) and not isinstance(err, FileChangedError)
            if written and (target is not None or writer is not None):
                raise _write_error(err, target or "-", lang) from None
            raise _read_error(err, err.filename or path, lang) from None
        _raise_if_stopped(stop)
    checks = [r.check for r in results]
    delivery = delivery_result(checks, None, options)
    from gmsd_fast.output import fixes as fix_output

    if fmt == "parquet":
        assert log is not None
        try:
            with replacing(log, stop) as path, open(path, "wb") as binary:
                fix_output.write_parquet(results, binary)
        except OSError as err:
            raise _write_error(err, log, lang) from None
    else:
        report_to = log if log is not None else ("-" if output == "-" else None)
        with contextlib.ExitStack() as stack:
            out = sys.stderr if report_to == "-" else stack.enter_context(_target(report_to, lang, stop))
            if fmt == "text":
                fix_output.render_text(results, problems, delivery, _console(out), lang, quiet=quiet)
            else:
                writer_of = {
                    "json": fix_output.write_json,
                    "jsonl": fix_output.write_jsonl,
                    "csv": fix_output.write_csv,
                }
                writer_of[fmt](results, out)
    every = [*checks, *problems, *filter(None, [delivery])]
    return EXIT_ACCEPTED if all(r.accepted for r in every) else EXIT_REJECTED


@cli.command(help_key="rules")
@_lang_option
@_option(
    "--format",
    "fmt",
    help_key="rules_format",
    type=click.Choice(("text", "markdown", "json")),
    default="text",
    show_default=True,
)
def rules(lang: str, fmt: str) -> int:
    """`gmsd-fast rules`: the catalogue."""
    lang = lang.lower()
    if fmt == "markdown":
        sys.stdout.write(catalogue_markdown(lang))
    elif fmt == "json":
        json.dump(list(catalogue()), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from rich.table import Table
        from rich.text import Text

        console = _console(sys.stdout)
        # Nothing is cut: the titles and descriptions wrap within their columns.
        table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold", show_lines=False)
        table.add_column(t("col_rule", lang), no_wrap=True)
        table.add_column(t("col_title_short", lang), ratio=1)
        table.add_column(t("col_pass", lang), justify="right", no_wrap=True)
        table.add_column(t("col_severity", lang), no_wrap=True)
        table.add_column(t("col_title", lang), ratio=2)
        for rule in catalogue():
            table.add_row(
                Text(str(rule["code"])),
                Text(short_title(rule, lang)),
                Text(str(rule["pass"])),
                Text(severities(rule, lang)),
                Text(rule_title(rule, lang)),
            )
        console.print(table)
    return EXIT_ACCEPTED


@cli.command(help_key="explain")
@click.argument("code", cls=Argument)
@_lang_option
def explain(code: str, lang: str) -> int:
    """`gmsd-fast explain CODE`."""
    lang = lang.lower()
    rule = find_rule(code)
    if rule is None:
        raise CliError(t("unknown_rule_explain", lang, code=code))
    text = rule_markdown(rule, lang, level=1)
    console = _console(sys.stdout)
    if console.is_terminal:
        from rich.markdown import Markdown  # markdown-it: only for `explain` on a terminal

        console.print(Markdown(text))
    else:
        sys.stdout.write(text)
    return EXIT_ACCEPTED


@cli.command(help_key="generate")
@click.argument("output", cls=Argument, type=click.Path(dir_okay=False, path_type=str))
@_option("--rows", help_key="rows", type=click.IntRange(min=0), default=1000, show_default=True)
@_option("--seed", help_key="seed", type=click.IntRange(min=0), default=1, show_default=True)
@_option("--period", help_key="generate_period", metavar="PERIOD", default="H22025", show_default=True)
@_option(
    "--gemeentecode", help_key="gemeentecode", type=click.IntRange(0, 9999), default=363, show_default=True
)
@_option(
    "--faulty-share",
    help_key="faulty_share",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
)
@_option("--crlf", help_key="crlf", is_flag=True)
@_lang_option
def generate(
    output: str,
    rows: int,
    seed: int,
    period: str,
    gemeentecode: int,
    faulty_share: float,
    crlf: bool,
    lang: str,
) -> int:
    """`gmsd-fast generate OUTPUT`."""
    lang = lang.lower()
    _options(lang, period=period)  # an invalid period in the user's language
    try:
        summary = _gmsd_fast.generate(
            output,
            rows,
            seed=seed,
            period=period,
            gemeentecode=gemeentecode,
            faulty_share=faulty_share,
            crlf=crlf,
            stop=_signals().token,
        )
    except OSError as err:
        raise _write_error(err, output, lang) from None
    sys.stdout.write(json.dumps(summary, sort_keys=True) + "\n")
    return EXIT_ACCEPTED


@cli.command(help_key="app")
@_option("--port", help_key="port", type=click.IntRange(0, 65535), default=0, show_default=True)
@_option("--no-browser", help_key="no_browser", is_flag=True)
@_lang_option
def app(port: int, no_browser: bool, lang: str) -> int:
    """`gmsd-fast app`: the check in a browser page (`gmsd_fast.app`, imported only here)."""
    from gmsd_fast.app import AppError, serve
    from gmsd_fast.app.words import w

    lang = lang.lower()
    signals = _signals()
    try:
        serve(port=port, browser=not no_browser, lang=lang, stop=signals.token)
    except AppError as err:
        raise CliError(str(err)) from None
    if signals.signum is None:
        return EXIT_ACCEPTED
    name = STOP_SIGNALS[signal.Signals(signals.signum)]
    sys.stderr.write(_line(w("app_stopped", lang, signal=name), lang))
    return EXIT_SIGNAL_BASE + signals.signum


def _lang_from_argv(args: Sequence[str]) -> str:
    """The language of a run, before click has parsed anything (`--help` may come before
    `--lang`; an error in parsing needs it too): `--lang`, else GMSD_FAST_LANG, else nl."""
    for i, arg in enumerate(args):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        if value and value.lower() in LANGS:
            return value.lower()
    return default_lang()


def _line(message: str, lang: str) -> str:
    return f"{t('error_prefix', lang)}: {' '.join(message.split())}\n"


def _fail(message: str, lang: str) -> int:
    sys.stderr.write(_line(message, lang))
    return EXIT_USAGE


def _stopped(signum: int | None, lang: str) -> int:
    """A run stopped by a signal (SIGINT when the stop came another way): one line, 128 + n."""
    signum = signum or signal.SIGINT
    sys.stderr.write(_line(t("stopped_by_signal", lang, signal=STOP_SIGNALS[signal.Signals(signum)]), lang))
    return EXIT_SIGNAL_BASE + signum


def run(args: Sequence[str] | None = None) -> int:
    """Runs the CLI on `args` (default: sys.argv[1:]) and returns the exit code."""
    argv = list(sys.argv[1:] if args is None else args)
    lang = _lang_from_argv(argv)
    with speaking(lang):
        return _run(argv, lang)


def _usage_line(err: click.ClickException, lang: str) -> str:
    """A usage error in one line, with where to find help."""
    message = err.format_message()
    ctx = getattr(err, "ctx", None)
    if isinstance(err, click.UsageError) and ctx is not None and not isinstance(err, FileWithoutCommand):
        message = f"{message.rstrip()} {t('usage_hint', lang, command=ctx.command_path)}"
    return message


def _run(argv: list[str], lang: str) -> int:
    signals = _Signals()
    signals.lang = lang
    try:
        with signals.installed():
            code = cli.main(argv, prog_name="gmsd-fast", standalone_mode=False, obj=signals)
    except Stopped:
        return _stopped(signals.signum, lang)
    except CliError as err:
        return _fail(str(err), lang)
    except click.ClickException as err:  # usage errors: bad option, missing argument, bad choice
        return _fail(_usage_line(err, lang), lang)
    except click.Abort:  # KeyboardInterrupt outside our handler (e.g. before it was installed)
        return _stopped(signal.SIGINT, lang)
    except BrokenPipeError:  # `gmsd-fast check … | head`: not an error of ours
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_REJECTED
    except Exception as err:  # last resort: one line, never a traceback
        if os.environ.get("GMSD_FAST_DEBUG"):
            raise
        return _fail(t("internal", lang, kind=type(err).__name__, detail=err), lang)
    return code if isinstance(code, int) else EXIT_ACCEPTED


def _one_malloc_arena() -> None:
    """glibc gives each thread that allocates an arena of its own and keeps there what another
    thread frees: the record batches made on a check's threads and freed by Python's would
    hold some 20 MiB more of memory. One arena serves a run's few threads (glibc only;
    elsewhere nothing changes). Set before any thread starts."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).mallopt(-8, 1)  # M_ARENA_MAX (malloc.h)


def main() -> None:
    _one_malloc_arena()
    try:
        code = run()
    except KeyboardInterrupt:  # before the handlers were installed, or after
        code = _stopped(signal.SIGINT, _lang_from_argv(sys.argv[1:]))
    sys.exit(code)
