"""The command line: `gmsd-fast check`, `report`, `fix`, `rules`, `explain`, `generate` and `app`
(the check in a browser page: `gmsd_fast.app`, imported only by that command).

Exit codes (README, "Exit codes"; `EXIT_*` below): 0 every file accepted (warnings allowed),
1 at least one file rejected or undecided, a delivery rule rejects, or a finding at
`--fail-on`'s severity or worse (never with `--exit-zero`), 2 usage error (or an unexpected
internal error), 3 an input that cannot be read or an output that cannot be written, 130
stopped by Ctrl-C (SIGINT), 143 stopped by SIGTERM. Errors are one line on
stderr (`gmsd-fast: …`, not "Fout", which is a severity), never a traceback; set
GMSD_FAST_DEBUG=1 to get the traceback of an unexpected error.

Language: Dutch by default, English with `--lang en` or GMSD_FAST_LANG=en; the help, the usage
errors and click's own words too (`gmsd_fast.clicklang`).

Settings: an option not given on the command line comes from a global option before the
command (`gmsd-fast --lang en check …`), then (for `--lang`) the environment, then the
configuration file (`gmsd_fast.config`: `[tool.gmsd-fast]` in pyproject.toml or a
gmsd-fast.toml, the nearest one up from the inputs), then its default (`_configured`).

Stopping: during a run SIGINT and SIGTERM request the run's stop token (`_Signals`) instead
of raising in the middle of something; the checks look at it between blocks and files and
end with `Stopped`, and every file written is renamed into place only if the token was not
requested (`gmsd_fast.files.replacing`). So a stopped run writes nothing. A second signal
ends the process at once.

rich, the report and the output modules are imported in the functions that use them, not
here (rich only to print to a terminal, see `output.lines`): `check --format json|jsonl`
needs none of them, and a check must stay within 64 MiB of memory whatever the file size
(rich and the report cost ~1.5 MiB and ~70 ms at start-up, pyarrow.parquet ~10 MiB,
pyarrow.csv and pyarrow.compute a few).

The machine formats (json, jsonl, csv, parquet, arrow) and the CI formats (junit, sarif,
gitlab, github) are written as the findings are found (`_write_streamed`): each file's check
runs while the findings before it are written, so every finding takes bounded memory however
many there are. The data formats (json, jsonl, csv, parquet, arrow) write every finding
unless `--max-per-rule` caps them; the text, xlsx and CI formats keep 100 per rule unless it
says otherwise (the text shows a few anyway). With a CI format an input that cannot be read
is a failing entry of the report, which is still written (exit 3).
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import functools
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from types import FrameType
from typing import IO, Any, cast

import click

from gmsd_fast import __version__, _gmsd_fast
from gmsd_fast._gmsd_fast import StopToken
from gmsd_fast.api import ENV_DELIVERY_DATE, CheckOptions, ValidationResult, cli_options
from gmsd_fast.clicklang import (
    LANG,
    Argument,
    FileWithoutCommand,
    Group,
    Option,
    speaking,
)
from gmsd_fast.deliveries import DeliveryResult, check_sources
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
    plain_text,
    rule_markdown,
    rule_title,
    severities,
    short_title,
    step_number,
)
from gmsd_fast.exceptions import FileChangedError, Stopped, UsageError
from gmsd_fast.files import (
    OutputError,
    OutputText,
    OutputWriter,
    ReaderGone,
    files_beside,
    open_output,
    open_replacing,
    remove_temporary,
    replacing,
)
from gmsd_fast.inputs import (
    NotARegularFileError,
    Problem,
    Source,
    StdinRefusedError,
    distinct_names,
    expand,
    is_zip,
    require_regular_file,
    shown_name,
    stdin_source,
    stream_all,
)
from gmsd_fast.messages import ENV_LANG, LANGS, STOP_SIGNALS, lang_from_argv, t
from gmsd_fast.output import Run as OutputRun
from gmsd_fast.targets import STDIN, STDOUT, Output, TargetError, fix_plan, is_special, refuse_clashes

EXIT_ACCEPTED = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2
#: An input that cannot be read or an output that cannot be written.
EXIT_IO = 3
#: A run stopped by a signal exits 128 + the signal's number, as a shell reports it.
EXIT_SIGNAL_BASE = 128
#: Formats that write every finding unless `--max-per-rule` caps them (docs/output.md).
DATA_FORMATS = ("json", "jsonl", "csv", "parquet", "arrow")
#: Formats for CI servers: a few findings per rule, and a report even when an input is missing.
CI_FORMATS = ("junit", "sarif", "gitlab", "github")
FORMATS = ("text", "xlsx", *DATA_FORMATS, *CI_FORMATS)
#: Findings kept per rule by the text, xlsx and CI formats unless `--max-per-rule` says.
MAX_PER_RULE = 100
#: `--fail-on`: its words, Dutch and English, and the severities each makes fail.
FAIL_ON = {
    "afkeur": "reject",
    "reject": "reject",
    "fout": "error",
    "error": "error",
    "waarschuwing": "warning",
    "warning": "warning",
    "advies": "info",
    "info": "info",
}
#: Findings shown per rule in the text, unless `--max-shown` or `--all` say otherwise.
MAX_SHOWN = 3
REPORT_FORMATS = ("text", "json", "html")


class CliError(Exception):
    """An error for the user: its message is already in their language, one line; `code` is
    the exit code (a usage error unless said otherwise)."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def _codes(values: Sequence[str]) -> list[str]:
    """Repeatable options that also take comma-separated lists: `--select F,S --select N001`."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


class _Signals:
    """SIGINT and SIGTERM while a command runs: the first requests `token` (the checks and
    writers look at it), the second removes the run's temporary files and ends the process
    at once. Installed only in the main thread, where Python runs signal handlers, and not for
    a signal the parent ignores; the previous handlers come back afterwards, unless the
    process ends with the run (`final`): a signal after the work is done changes nothing.

    It also keeps what the run has written for good, for the words of a stop (`_stopped`):
    `written` (an output, or with `in_place` an input replaced, and its backup), `planned`
    (every file the run meant to write or replace); and `verdict`, the exit code once the
    verdict is known (a reader that goes away, `| head`, keeps it)."""

    def __init__(self) -> None:
        self.token = StopToken()
        self.signum: int | None = None
        self.lang = "nl"
        self.written: list[tuple[str, str | None]] = []
        self.planned: list[str] = []
        self.in_place = False
        self.verdict: int | None = None

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.signum is not None:
            sys.stderr.write(
                _line(t("second_signal", self.lang, signal=STOP_SIGNALS[signal.Signals(signum)]), self.lang)
            )
            remove_temporary()
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        self.signum = signum
        self.token.request()

    @contextlib.contextmanager
    def installed(self, final: bool = False) -> Iterator[None]:
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
            if not final:
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
    """Where an output goes: stdout (None or `-`), or `output` written whole or not at all."""
    if output in (None, STDOUT):
        _raise_if_stopped(stop)
        yield sys.stdout
        return
    assert output is not None
    try:
        with open_replacing(output, stop) as handle:
            yield handle
    except OSError as err:
        raise _write_error(err, output, lang) from None


@contextlib.contextmanager
def _binary_target(output: str | None, lang: str, stop: StopToken | None) -> Iterator[OutputWriter]:
    """Where a machine format goes: stdout (None or `-`), or `output` written whole or not at
    all. A write that fails is `OutputError`; any other error from the block (reading an
    input) passes."""
    if output in (None, STDOUT):
        _raise_if_stopped(stop)
        sys.stdout.flush()
        out = _stdout_bytes()
        yield out
        out.flush()
        return
    assert output is not None
    read_error: BaseException | None = None
    try:
        special = is_special(output)
        with replacing(output, stop) as path, open_output(path, output, stream=special) as out:
            try:
                yield out
            except OSError as err:  # reading an input, while its findings were written
                read_error = err
                raise
    except OSError as err:
        if err is read_error:
            raise
        raise _write_error(err, output, lang) from None


def _write_error(err: OSError, path: str, lang: str) -> CliError:
    shown = t("stdout_name", lang) if path == STDOUT else path
    return CliError(t("cannot_write", lang, path=shown, reason=_cause(err, lang)), EXIT_IO)


def _read_error(err: OSError, path: str, lang: str) -> CliError:
    return CliError(_read_message(err, path, lang), EXIT_IO)


def _read_message(err: OSError, path: str, lang: str) -> str:
    if isinstance(err, FileChangedError):
        change = t(f"change_{err.change}", lang)
        return t("changed", lang, path=err.path, change=change)
    if isinstance(err, FileNotFoundError):
        return t("not_found", lang, path=path)
    if isinstance(err, PermissionError):
        return t("permission", lang, path=path)
    if isinstance(err, IsADirectoryError):
        return t("is_directory", lang, path=path)
    if isinstance(err, NotARegularFileError):
        return t("not_regular_unsized" if err.unsized else "not_regular", lang, path=path)
    return t("unreadable", lang, path=path, reason=_cause(err, lang))


def _refuse_clashes(
    outputs: Sequence[Output], inputs: Sequence[str], lang: str, replaced: Sequence[str] = ()
) -> None:
    """Every output of a run against its inputs and each other (`gmsd_fast.targets`, the one
    place that decides), before anything is read."""
    try:
        refuse_clashes(outputs, inputs, replaced)
    except TargetError as err:
        raise CliError(err.message(lang)) from None


@contextlib.contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[Source], None] | None]:
    """A progress bar over sources on stderr, only when stderr is a terminal; else nothing."""
    if total < 2 or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    from gmsd_fast.output.lines import rich_console

    with Progress(*columns, console=rich_console(sys.stderr), transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda _source: progress.advance(task)


def _results(
    sources: list[Source],
    options: CheckOptions,
    label: str = "",
    on_result: Callable[[ValidationResult], None] | None = None,
) -> list[ValidationResult]:
    """Checks every source (several at once), in the order given; unreadable zip members and
    zip bombs come back as problems, which become rejected results (L004). `on_result` as
    `inputs.check_all` calls it."""
    for source in sources:
        if source.member is None and source.fd is None and not os.access(source.path, os.R_OK):
            raise PermissionError(13, "Permission denied", str(source.path))
    with _progress(len(sources), label or t("progress_checking", options.lang)) as advance:
        return check_sources(sources, (), options, progress=advance, on_result=on_result)  # as the API does


def _options(lang: str, **options: Any) -> CheckOptions:
    """The core's options, built and checked once, before anything is read."""
    try:
        return cli_options(lang=lang, **options)
    except UsageError as err:
        raise CliError(str(err)) from None


def _sources(
    paths: Sequence[str],
    stdin_name: str | None,
    lang: str,
    missing: list[tuple[str, str]] | None = None,
    stdin_shown: str | None = None,
) -> tuple[list[Source], list[Problem]]:
    """Files, folders and zips expanded (`expand`), and `-` as standard input, in input order.
    A path that cannot be read raises, unless `missing` is given: then it goes there, with
    why in words, and the others are read. Standard input without a name is shown as
    `stdin_shown` (default: words for it, in `lang`)."""
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
            sources.append(stdin_source(stdin_name, stdin_shown or t("stdin_name", lang)))
            continue
        try:
            found, unfit = expand([path])
        except OSError as err:
            if missing is None:
                raise _read_error(err, err.filename or path, lang) from None
            missing.append((path, _read_message(err, err.filename or path, lang)))
            continue
        sources += found
        problems += unfit
    return distinct_names(sources), problems


def _check_paths(
    paths: Sequence[str],
    options: CheckOptions,
    label: str = "",
    stdin_name: str | None = None,
    on_result: Callable[[ValidationResult], None] | None = None,
) -> list[ValidationResult]:
    """Expands files, folders and zips (and `-`, standard input) and checks them: results in
    input order, then the inputs that could not be checked as rejected results (L004).
    `on_result` as `inputs.check_all` calls it."""
    lang = options.lang
    sources, problems = _sources(paths, stdin_name, lang)
    if not sources and not problems:  # only folders, holding no .csv, .txt or .zip file
        raise CliError(t("nothing_to_check", lang, path=", ".join(paths)), EXIT_IO)
    try:
        results = [
            *_results(sources, options, label, on_result),
            *(problem_result(p.path, p.kind, p.values, options) for p in problems),
        ]
    except StdinRefusedError as err:
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
    run: OutputRun | None = None,
    summary: str | None = None,
    missing: list[tuple[str, str]] | None = None,
    exit_zero: bool = False,
) -> list[ValidationResult]:
    """Checks the inputs and writes their findings in a machine format as they are found;
    the results written, the delivery pseudo-file last. `summary`: where the summary
    document goes too. `missing` (CI formats): the inputs that cannot be read go there and
    into the report, instead of ending the run."""
    lang = options.lang
    run = run or OutputRun(lang=lang)
    # The data formats name unnamed standard input `-`, as it was given: data, not words.
    stdin_shown = STDIN if fmt in DATA_FORMATS else None
    sources, problems = _sources(paths, stdin_name, lang, missing, stdin_shown)
    if not sources and not problems and not missing:  # only folders, holding no .csv, .txt or .zip file
        raise CliError(t("nothing_to_check", lang, path=", ".join(paths)), EXIT_IO)
    read: list[ValidationResult] = []
    results = _streamed(sources, problems, options, centrum, read)
    try:
        for source in sources:
            if source.member is None and source.fd is None and not os.access(source.path, os.R_OK):
                raise PermissionError(13, "Permission denied", str(source.path))
        if fmt == "xlsx":
            assert output is not None
            _write_xlsx(results, read, [s.name for s in sources], output, lang, options.stop)
        else:
            with _binary_target(output, lang, options.stop) as out:
                summaries = _machine_writer(fmt, run, missing or [])(results, out)
            if summary is not None:
                from gmsd_fast.output import summary_document

                document = summary_document(summaries or [], run)
                with _target(summary, lang, _signals().token) as text:
                    text.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    except StdinRefusedError as err:
        raise CliError(t(f"stdin_{err.kind}", lang)) from None
    except ReaderGone:  # `| head`: the reader went away; the verdict still counts
        _signals().verdict = EXIT_IO if missing else _verdict_unwritten(results, read, run, exit_zero)
        raise
    except OSError as err:
        raise _read_error(err, err.filename or "", lang) from None
    return read


def _verdict_unwritten(
    results: Iterator[ValidationResult], read: list[ValidationResult], run: OutputRun, exit_zero: bool
) -> int:
    """The exit code of a run whose reader went away while findings were written: the rest
    of the checks run to their end, their findings read and dropped (bounded memory)."""
    try:
        for result in read:
            result._drop_findings()
        for result in results:
            result._drop_findings()
        return _exit_code(read, run, exit_zero)
    except Stopped:
        raise
    except Exception:  # a check that failed: not judged
        return EXIT_REJECTED


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
    """The workbook, fed the findings as they are found; the summary from `read`, complete
    once the last batch has been read. XlsxWriter writes it into `OutputWriter` (a file
    written whole, a device, standard output), its rows first into files of a private
    folder: an error of either is the output's."""
    import xlsxwriter.exceptions

    from gmsd_fast.files import private_folder
    from gmsd_fast.output import xlsx as xlsx_output

    def batches() -> Iterator[Any]:
        try:
            for result in results:
                yield from result.batches()
        except OSError as err:
            raise _ReadFailed(err) from err

    try:
        with _binary_target(output, lang, stop) as out, private_folder() as rows:
            try:
                workbook = cast(IO[bytes], out)
                xlsx_output.write(workbook, batches(), read, lang, stop=stop, names=names, tmpdir=rows)
            except xlsxwriter.exceptions.FileCreateError as err:
                cause = err.args[0] if err.args and isinstance(err.args[0], OSError) else OSError(str(err))
                raise OutputError(output, cause) from None
            except OSError as err:
                raise OutputError(output, err) from None
    except _ReadFailed as err:
        raise err.error from None


def _machine_writer(
    fmt: str, run: OutputRun, missing: Sequence[tuple[str, str]]
) -> Callable[[Iterator[ValidationResult], OutputWriter], list[dict[str, Any]] | None]:
    """The writer of a machine format: `write(results, out)`, which returns the summaries
    (the data formats) or None (the CI formats); a CI format's report names the `missing`
    inputs too."""
    import importlib

    if fmt in DATA_FORMATS:
        module = importlib.import_module(f"gmsd_fast.output.{fmt}")
        return lambda results, out: module.write(results, out, run)
    module = importlib.import_module(f"gmsd_fast.output.{fmt}")

    def ci(results: Iterator[ValidationResult], out: OutputWriter) -> None:
        module.write(results, out, run, missing)

    return ci


def _from_environment(parameter: str) -> bool:
    """Whether the running command's `parameter` came from an environment variable."""
    from click.core import ParameterSource

    ctx = click.get_current_context()
    return ctx.get_parameter_source(parameter) == ParameterSource.ENVIRONMENT


def _all_of_rule(files: Sequence[str], lang: str, **options: str | None) -> Callable[[str], str]:
    """The command that lists every finding of one rule for these inputs, with the options
    that change what is found (`--period`, `--name`, …), for the text's "… en nog N" line."""
    import shlex

    given = [f"--{key.replace('_', '-')} {shlex.quote(value)}" for key, value in options.items() if value]
    if lang == "en":
        given.append("--lang en")
    inputs = " ".join(shlex.quote(shown_name(f)) for f in files)
    return lambda code: " ".join(["gmsd-fast check --select", code, "--all", *given, inputs])


def _centrumgemeenten(path: str | None, lang: str) -> set[str] | None:
    if path is None:
        return None
    try:
        require_regular_file(path)  # a device or /proc/self/pagemap would never end
        with open(path, encoding="utf-8-sig") as fp:
            return read_centrumgemeenten(fp)
    except CentrumgemeentenError as err:
        raise CliError(t("bad_centrumgemeenten", lang, path=path, line=err.line, token=err.token)) from None
    except UnicodeDecodeError as err:
        raise CliError(t("unreadable", lang, path=path, reason=err.reason), EXIT_IO) from None
    except OSError as err:
        raise _read_error(err, path, lang) from None


def _remember(ctx: click.Context, param: click.Parameter, value: object) -> object:
    """A global option (before the command: `gmsd-fast --lang en check …`), kept for the
    command (`_configured`)."""
    ctx.meta[f"gmsd_fast.{param.name}"] = value
    return value


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
    callback=_remember,
)
@click.option(
    "--config",
    cls=Option,
    help_key="config_file",
    metavar="PATH",
    type=click.Path(dir_okay=False, path_type=str),
    expose_value=False,
    callback=_remember,
)
@click.option(
    "--no-config",
    cls=Option,
    help_key="no_config",
    is_flag=True,
    expose_value=False,
    callback=_remember,
)
def cli() -> None:
    """Check GMSD Wmo delivery files exactly as the CBS aanleverprotocol says."""


def _configured(command: Callable[..., int]) -> Callable[..., int]:
    """A command whose options not given on its command line (nor, for `--lang`, in the
    environment) come from a global option before the command, else from the configuration
    file (`gmsd_fast.config`), else their defaults."""

    @functools.wraps(command)
    def configured(**kwargs: Any) -> int:
        _configure(click.get_current_context(), kwargs)
        return command(**kwargs)

    return configured


def _configure(ctx: click.Context, kwargs: dict[str, Any]) -> None:
    from click.core import ParameterSource

    from gmsd_fast.config import KEYS, ConfigError, config_for

    given = {
        name
        for name in kwargs
        if ctx.get_parameter_source(name) in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)
    }
    global_lang = ctx.meta.get("gmsd_fast.lang")
    if "lang" in kwargs and global_lang and ctx.get_parameter_source("lang") != ParameterSource.COMMANDLINE:
        kwargs["lang"] = global_lang
        given.add("lang")
    lang = str(kwargs.get("lang") or LANG.get()).lower()
    if ctx.meta.get("gmsd_fast.no_config"):
        return
    inputs = [str(p) for p in (kwargs.get("files") or kwargs.get("paths") or ())]
    try:
        config = config_for(inputs, ctx.meta.get("gmsd_fast.config"))
    except ConfigError as err:
        raise CliError(err.message(lang)) from None
    if config is None:
        return
    command = ctx.info_name or ""
    for key, value in config.values.items():
        param = _param_of(ctx.command, key)
        if command not in KEYS[key].commands or param is None or param.name in given:
            continue
        assert param.name is not None
        try:
            kwargs[param.name] = param.type_cast_value(ctx, value)
            if key in ("select", "ignore", "period", "protocol"):  # what the core checks
                values = _codes(value) if key in ("select", "ignore") else value
                cli_options(lang=lang, **{key: values})
        except (click.BadParameter, UsageError) as err:
            reason = err.format_message() if isinstance(err, click.BadParameter) else str(err)
            shown = json.dumps(value, ensure_ascii=False)
            message = t("config_bad_option", lang, path=config.shown, setting=key, value=shown, reason=reason)
            raise CliError(message) from None


def _param_of(command: click.Command, key: str) -> click.Parameter | None:
    """The option of `command` a configuration key sets (the key is the option without `--`)."""
    return next((p for p in command.params if isinstance(p, click.Option) and f"--{key}" in p.opts), None)


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

#: The day whose delivery window applies; without it `check_options` takes
#: GMSD_FAST_DELIVERY_DATE, else today.
# The environment before the configuration file, as for `--lang`.
_delivery_date_option = _option(
    "--delivery-date", help_key="delivery_date", metavar="YYYY-MM-DD", envvar=ENV_DELIVERY_DATE
)

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
@_option("--summary", help_key="summary", metavar="PATH", type=click.Path(dir_okay=False, path_type=str))
@_option("--select", help_key="select", multiple=True, metavar="CODE")
@_option("--ignore", help_key="ignore", multiple=True, metavar="CODE")
@_period_option
@_delivery_date_option
@_protocol_option
@_option("--max-per-rule", help_key="check_max_per_rule", type=click.IntRange(min=0), default=None)
@_option(
    "--fail-on",
    help_key="fail_on",
    type=click.Choice(list(FAIL_ON), case_sensitive=False),
    default=None,
    metavar="SEVERITY",
)
@_option("--exit-zero", help_key="exit_zero", is_flag=True)
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
@_configured
def check(
    files: tuple[str, ...],
    fmt: str,
    output: str | None,
    summary: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    period: str | None,
    delivery_date: str | None,
    protocol: str | None,
    max_per_rule: int | None,
    fail_on: str | None,
    exit_zero: bool,
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
    if fmt in ("parquet", "arrow", "xlsx") and (output is None or (output == STDOUT and os.isatty(1))):
        raise CliError(t(f"{fmt}_needs_output", lang))
    if summary is not None and fmt not in DATA_FORMATS:
        raise CliError(t("summary_needs_data_format", lang, formats=", ".join(DATA_FORMATS)))
    if max_per_rule is None:
        max_per_rule = 0 if fmt in DATA_FORMATS else MAX_PER_RULE
    fails_at = FAIL_ON[(fail_on or "reject").lower()]
    _refuse_clashes(
        [
            Output(output or STDOUT, "--output" if output else ""),
            *([Output(summary, "--summary")] if summary is not None else []),
        ],
        [*files, *filter(None, [centrumgemeenten])],
        lang,
    )
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
        delivery_date=delivery_date,
    )
    run = OutputRun(max_per_rule=options.max_per_rule or None, lang=lang, fail_on=fails_at)
    if fmt != "text":
        missing: list[tuple[str, str]] | None = [] if fmt in CI_FORMATS else None
        results = _write_streamed(
            fmt, files, options, centrum, output, stdin_name, run, summary, missing, exit_zero
        )
        for _, why in missing or []:
            sys.stderr.write(_line(why, lang))
        return EXIT_IO if missing else _exit_code(results, run, exit_zero)
    files_checked = _check_paths(files, options, stdin_name=stdin_name)
    judged = DeliveryResult.judge(files_checked, centrum, options)  # as `check_delivery` judges
    delivery = judged.delivery
    results = files_checked if delivery is None else [*files_checked, delivery]
    code = _exit_code(results, run, exit_zero)
    _signals().verdict = code
    from gmsd_fast.output import text as text_output
    from gmsd_fast.output.lines import Out

    shown = None if show_all else max_shown
    with _target(output, lang, stop) as out:
        text_output.render_check(
            files_checked,
            delivery,
            Out(out),
            lang,
            quiet=quiet,
            shown=shown,
            command=_all_of_rule(
                files,
                lang,
                period=period,
                # From the environment, it applies to the command shown as well.
                delivery_date=None if _from_environment("delivery_date") else delivery_date,
                protocol=protocol,
                centrumgemeenten=centrumgemeenten,
                name=stdin_name,
            ),
        )
    return code


def _exit_code(results: Sequence[ValidationResult], run: OutputRun, exit_zero: bool) -> int:
    """0 unless a result fails the run (`OutputRun.fails`: rejected, undecided, or a finding
    at `--fail-on` or worse); always 0 with `--exit-zero`."""
    if exit_zero:
        return EXIT_ACCEPTED
    return EXIT_REJECTED if any(run.fails(r) for r in results) else EXIT_ACCEPTED


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
@_delivery_date_option
@_protocol_option
@_lang_option
@_jobs_option
@_name_option
@_configured
def report(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    previous: tuple[str, ...],
    max_change: float,
    centrumgemeenten: str | None,
    period: str | None,
    delivery_date: str | None,
    protocol: str | None,
    lang: str,
    jobs: int,
    stdin_name: str | None,
) -> int:
    """`gmsd-fast report` (its help: `help_report` in gmsd_fast.messages)."""
    from gmsd_fast.report import FileParts, build_report

    lang = lang.lower()
    if fmt == "html" and (output is None or (output == STDOUT and os.isatty(1))):
        raise CliError(t("html_needs_output", lang))
    if not max_change > 0:
        raise CliError(t("bad_max_change", lang))
    if "-" in previous:
        raise CliError(t("stdin_not_previous", lang))
    _refuse_clashes(
        [Output(output or STDOUT, "--output" if output else "")],
        [*paths, *previous, *filter(None, [centrumgemeenten])],
        lang,
    )
    stop = _signals().token
    centrum = _centrumgemeenten(centrumgemeenten, lang)
    # Counts stay exact; kept findings only give the worst severity per rule.
    options = _options(
        lang, protocol=protocol, period=period, jobs=jobs, count=True, stop=stop, delivery_date=delivery_date
    )
    # Each file's part of the report (its model and, as plain text, its details) is made as
    # its check ends, while the later files are still being checked. In a terminal rich draws
    # the details at the end: none are made ahead to be thrown away.
    details: dict[int, str] = {}
    parts = FileParts(lang)
    if fmt == "text":
        from gmsd_fast.output.lines import is_terminal
        from gmsd_fast.report import text as text_report

        if not (output in (None, STDOUT) and is_terminal(sys.stdout)):

            def detailed(part: dict[str, Any]) -> None:
                details[id(part)] = text_report.file_details(part, lang)

            parts = FileParts(lang, then=detailed)
    results = _check_paths(paths, options, stdin_name=stdin_name, on_result=parts)
    before = None
    if previous:
        # An older delivery had an older window: none is checked.
        before = _check_paths(previous, options.without_period(), t("progress_previous", lang))
    model = build_report(
        results,
        delivery_findings(delivery_result(results, centrum, options)),
        lang=lang,
        inputs=[shown_name(p) for p in paths],
        centrumgemeenten=centrum,
        previous=before,
        previous_inputs=[shown_name(p) for p in previous],
        max_change=max_change,
        parts=parts,
    )
    code = EXIT_ACCEPTED if model["verdict"] == "accepted" else EXIT_REJECTED
    _signals().verdict = code
    with _target(output, lang, stop) as out:
        # Only the format's module is loaded (the HTML's drawing code is not a text's).
        if fmt == "json":
            from gmsd_fast.report import json as json_report

            json_report.write(model, out)
        elif fmt == "html":
            from gmsd_fast.report import html as html_report

            html_report.write(model, out)
        else:
            from gmsd_fast.output.lines import Out

            text_report.render(model, Out(out), details)
    return code  # 1 for rejected or undecided


FIX_FORMATS = ("text", "json", "jsonl", "csv", "parquet")


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
@_delivery_date_option
@_protocol_option
@_option(
    "--max-per-rule", help_key="max_per_rule", type=click.IntRange(min=0), default=100, show_default=True
)
@_option("--reveal-bsn", help_key="reveal_bsn", is_flag=True)
@_lang_option
@_jobs_option
@_name_option
@_option("--quiet", "-q", help_key="quiet", is_flag=True)
@_configured
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
    delivery_date: str | None,
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
    if fmt == "parquet" and log == STDOUT and os.isatty(1):
        raise CliError(t("fix_log_needs_path", lang))
    signals = _signals()
    stop = signals.token
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
        delivery_date=delivery_date,
    )
    try:
        plan = fix_plan(files, output, in_place, stdin_name)
    except TargetError as err:  # a usage error, but for an input with nothing to read (I/O)
        raise CliError(err.message(lang), EXIT_IO if err.key == "nothing_to_check" else EXIT_USAGE) from None
    except OSError as err:
        raise _read_error(err, err.filename or "", lang) from None
    outputs = [] if in_place else [Output(target, "--output") for _, target in plan if target is not None]
    if log is not None:
        outputs.append(Output(log, "--log"))
    if diff or (log is None and output != STDOUT) or log == STDOUT:  # the report or the diff
        outputs += [] if any(o.path == STDOUT for o in outputs) else [Output(STDOUT)]
    _refuse_clashes(outputs, files, lang, replaced=[path for path, _ in plan] if in_place else ())
    if output not in (None, STDOUT) and any(target != output for _, target in plan):
        assert output is not None
        try:
            os.makedirs(output, exist_ok=True)  # the folder the repaired files go to
        except OSError as err:
            raise _write_error(err, output, lang) from None
    from gmsd_fast.fixing import FixError, FixResult, Repair, fix_file, fix_stdin, fix_zip

    shown_diff = cast(IO[str], _DiffOut(sys.stdout)) if diff else None
    repair = Repair(unsafe=unsafe_fixes, aanmaakdatum=aanmaakdatum, diff=shown_diff)
    signals.verdict = EXIT_REJECTED  # not judged, until it is
    results: list[FixResult] = []
    problems: list[ValidationResult] = []
    signals.in_place = in_place
    signals.planned = [target for _, target in plan if target is not None and target != STDOUT]
    for path, target in plan:
        writer: IO[bytes] | None = None
        if target == STDOUT:
            sys.stdout.flush()
            writer, target = cast(IO[bytes], _stdout_bytes()), None
        try:
            if path == "-":
                if os.isatty(0):
                    raise CliError(t("stdin_terminal", lang))
                source = stdin_source(stdin_name, t("stdin_name", lang))
                fixed = [fix_stdin(source, target, options, repair, writer=writer)]
            elif is_zip(path):
                fixed, copied = fix_zip(path, target, options, repair, in_place=in_place)
                problems += [problem_result(p.path, p.kind, p.values, options) for p in copied]
            else:
                fixed = [fix_file(path, target, options, repair, writer=writer, in_place=in_place)]
        except FixError as err:
            problems.append(problem_result(err.problem.path, err.problem.kind, err.problem.values, options))
            sys.stderr.write(
                _line(t("fix_not_repaired", lang, path=path, reason=err.problem.message(lang)), lang)
            )
            continue
        except StdinRefusedError as err:
            raise CliError(t(f"stdin_{err.kind}", lang)) from None
        except _gmsd_fast.OptionError as err:
            raise CliError(str(err.args[2])) from None
        except (Stopped, OutputError):
            raise
        except OSError as err:
            # The core names an error after the input when reading, the output when writing.
            written = err.filename not in (path, None) and not isinstance(err, FileChangedError)
            if written and target is not None:
                raise _write_error(err, target, lang) from None
            raise _read_error(err, err.filename or path, lang) from None
        if writer is not None:
            fixed = [dataclasses.replace(r, output=STDOUT) for r in fixed]
        results += fixed
        if target is not None:
            backup = next((r.backup for r in fixed if r.backup is not None), None)
            if not in_place or backup is not None:
                signals.written.append((target, backup))
        _raise_if_stopped(stop)
    checks = [r.check for r in results]
    delivery = delivery_result(checks, None, options)
    every = [*checks, *problems, *filter(None, [delivery])]
    code = EXIT_ACCEPTED if all(r.accepted for r in every) else EXIT_REJECTED
    signals.verdict = code
    from gmsd_fast.output import fixes as fix_output
    from gmsd_fast.output.lines import Out

    if fmt == "parquet":
        assert log is not None
        with _binary_target(log, lang, stop) as binary:
            fix_output.write_parquet(results, cast(IO[bytes], binary))
    else:
        with contextlib.ExitStack() as stack:
            if log is None and output == STDOUT:
                out: IO[str] = sys.stderr  # standard output carries the repaired file
            else:
                out = stack.enter_context(_target(log, lang, stop))
            if fmt == "text":
                fix_output.render_text(results, problems, delivery, Out(out), lang, quiet=quiet)
            elif fmt == "json":
                run = OutputRun(max_per_rule=max_per_rule or None, lang=lang)
                fix_output.write_json(results, out, run, problems, delivery)
            else:
                writer_of = {
                    "jsonl": fix_output.write_jsonl,
                    "csv": fix_output.write_csv,
                }
                writer_of[fmt](results, out)
    return code


class _DiffOut:
    """Where `--diff` goes: standard output, whose reader may go away (`| head`) without
    stopping the fix: what it would have read is dropped."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out

    def write(self, text: str) -> int:
        with contextlib.suppress(ReaderGone):
            self._out.write(text)
        return len(text)

    def flush(self) -> None:
        with contextlib.suppress(ReaderGone):
            self._out.flush()


def _stdout_bytes() -> OutputWriter:
    """Standard output as bytes, its write errors `OutputError`."""
    buffer = getattr(sys.stdout, "buffer", None)
    return buffer if isinstance(buffer, OutputWriter) else OutputWriter(buffer, STDOUT)


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
@_configured
def rules(lang: str, fmt: str) -> int:
    """`gmsd-fast rules`: the catalogue."""
    lang = lang.lower()
    if fmt == "markdown":
        sys.stdout.write(catalogue_markdown(lang))
    elif fmt == "json":
        json.dump(list(catalogue()), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from gmsd_fast.output.lines import Line, Out, Table

        # Nothing is cut: the titles and descriptions wrap within their columns (a line per
        # rule when not on a terminal).
        table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold", show_lines=False)
        table.add_column(t("col_rule", lang), no_wrap=True)
        table.add_column(t("col_title_short", lang), ratio=1)
        table.add_column(t("col_pass", lang), justify="right", no_wrap=True)
        table.add_column(t("col_severity", lang), no_wrap=True)
        table.add_column(t("col_title", lang), ratio=2)
        for rule in catalogue():
            table.add_row(
                Line(str(rule["code"])),
                Line(short_title(rule, lang)),
                Line(step_number(rule)),
                Line(severities(rule, lang)),
                Line(rule_title(rule, lang)),
            )
        Out(sys.stdout).table(table)
    return EXIT_ACCEPTED


@cli.command(help_key="explain")
@click.argument("code", cls=Argument)
@_lang_option
@_configured
def explain(code: str, lang: str) -> int:
    """`gmsd-fast explain CODE`."""
    lang = lang.lower()
    rule = find_rule(code)
    if rule is None:
        raise CliError(t("unknown_rule_explain", lang, code=code))
    text = rule_markdown(rule, lang, level=1, reader=True)
    from gmsd_fast.output.lines import Out

    out = Out(sys.stdout)
    if out.is_terminal:
        from rich.markdown import Markdown  # markdown-it: only for `explain` on a terminal

        out.console.print(Markdown(text))
    else:
        sys.stdout.write(plain_text(text))  # a pipe or a file: no Markdown marks
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
@_configured
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
    to: str | IO[bytes] = output
    if output == STDOUT:
        sys.stdout.flush()
        to = cast(IO[bytes], _stdout_bytes())
    try:
        with files_beside(output):
            summary = _gmsd_fast.generate(
                to,
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
    # The summary goes where the file does not.
    (sys.stderr if output == STDOUT else sys.stdout).write(json.dumps(summary, sort_keys=True) + "\n")
    return EXIT_ACCEPTED


@cli.command(help_key="config")
@click.argument("paths", cls=Argument, nargs=-1, type=click.Path(path_type=str))
@_option(
    "--format",
    "fmt",
    help_key="config_format",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
)
@_lang_option
@_configured
def config(paths: tuple[str, ...], fmt: str, lang: str) -> int:
    """`gmsd-fast config [PATH...]`: the settings in force for these inputs (default: the
    current folder) and where each came from."""
    from click.core import ParameterSource

    from gmsd_fast.config import KEYS, ConfigError, config_for

    lang = lang.lower()
    ctx = click.get_current_context()
    off = bool(ctx.meta.get("gmsd_fast.no_config"))
    try:
        found = None if off else config_for(paths, ctx.meta.get("gmsd_fast.config"))
    except ConfigError as err:
        raise CliError(err.message(lang)) from None
    check_command = cli.commands["check"]
    settings: dict[str, dict[str, Any]] = {}
    for key in KEYS:
        param = _param_of(check_command, key) or next(
            (p for c in cli.commands.values() if (p := _param_of(c, key)) is not None), None
        )
        value: Any = None if param is None else param.get_default(ctx)
        if isinstance(param, click.Option) and param.multiple:
            value = list(value) if isinstance(value, list | tuple) else []
        elif not isinstance(value, str | int | float | bool):
            value = None  # no default (click's own marker for one)
        source, name = "default", None
        if found is not None and key in found.values:
            value, source = found.values[key], "config"
        if key == "lang":
            value = lang
            lang_source = ctx.get_parameter_source("lang")
            if ctx.meta.get("gmsd_fast.lang") or lang_source == ParameterSource.COMMANDLINE:
                source = "command-line"
            elif lang_source == ParameterSource.ENVIRONMENT:
                source, name = "environment", ENV_LANG
        if isinstance(value, tuple):
            value = list(value)
        settings[key] = {"value": value, "source": source, "used": param is not None}
        if name is not None:
            settings[key]["name"] = name
    if fmt == "json":
        shown_file = None if found is None else {"path": found.path, "table": found.table}
        json.dump({"file": shown_file, "settings": settings}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_ACCEPTED
    if found is not None:
        sys.stdout.write(t("config_file", lang, path=found.shown) + "\n")
    elif off:
        sys.stdout.write(t("config_off", lang) + "\n")
    else:
        start = shown_name(paths[0]) if paths else os.getcwd()
        sys.stdout.write(t("config_no_file", lang, start=start) + "\n")
    rows = [(t("config_col_key", lang), t("config_col_value", lang), t("config_col_source", lang))]
    for key, setting in settings.items():
        value = setting["value"]
        shown = t("config_unset", lang) if value is None else json.dumps(value, ensure_ascii=False)
        if setting["source"] == "config":
            assert found is not None
            where = found.shown
        elif setting["source"] == "environment":
            where = t("config_source_environment", lang, name=setting["name"])
        else:
            where = t(f"config_source_{setting['source']}", lang)
        if not setting["used"]:
            where += " " + t("config_not_an_option", lang, setting=key)
        rows.append((key, shown, where))
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for key, shown, where in rows:
        sys.stdout.write(f"{key:<{widths[0]}}  {shown:<{widths[1]}}  {where}\n")
    return EXIT_ACCEPTED


@cli.command(help_key="app")
@_option("--port", help_key="port", type=click.IntRange(0, 65535), default=0, show_default=True)
@_option("--no-browser", help_key="no_browser", is_flag=True)
@_lang_option
@_configured
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


def _line(message: str, lang: str) -> str:
    """One line on stderr; the names in it as they can be shown (`shown_name`)."""
    return f"{t('error_prefix', lang)}: {shown_name(' '.join(message.split()))}\n"


def _fail(message: str, lang: str, code: int = EXIT_USAGE) -> int:
    sys.stderr.write(_line(message, lang))
    return code


def _stopped(signals: _Signals | None, lang: str) -> int:
    """A run stopped by a signal (SIGINT when the stop came another way): one line saying what
    was written (nothing, or which files, or that standard output is incomplete), 128 + n."""
    signum = (signals.signum if signals is not None else None) or signal.SIGINT
    name = STOP_SIGNALS[signal.Signals(signum)]
    if signals is not None and signals.written:
        done = [path for path, _ in signals.written]
        shown = [
            t("stopped_backup", lang, path=path, backup=backup) if backup else path
            for path, backup in signals.written
        ]
        rest = ", ".join(p for p in signals.planned if p not in done) or t("stopped_none", lang)
        key = "stopped_replaced" if signals.in_place else "stopped_written"
        message = t(key, lang, signal=name, done=", ".join(shown), rest=rest)
    elif isinstance(sys.stdout, OutputText) and sys.stdout.written:
        message = t("stopped_stdout_partial", lang, signal=name)
    else:
        message = t("stopped_by_signal", lang, signal=name)
    sys.stderr.write(_line(message, lang))
    return EXIT_SIGNAL_BASE + signum


def run(args: Sequence[str] | None = None, *, final: bool = False) -> int:
    """Runs the CLI on `args` (default: sys.argv[1:]) and returns the exit code. `final`: the
    process ends with the run (a signal after it changes nothing)."""
    argv = list(sys.argv[1:] if args is None else args)
    lang = lang_from_argv(argv)
    with speaking(lang):
        return _run(argv, lang, final)


def _usage_line(err: click.ClickException, lang: str) -> str:
    """A usage error in one line, with where to find help."""
    message = err.format_message()
    ctx = getattr(err, "ctx", None)
    if isinstance(err, click.UsageError) and ctx is not None and not isinstance(err, FileWithoutCommand):
        message = f"{message.rstrip()} {t('usage_hint', lang, command=ctx.command_path)}"
    return message


def _run(argv: list[str], lang: str, final: bool = False) -> int:
    signals = _Signals()
    signals.lang = lang
    stdout = sys.stdout
    sys.stdout = guarded = OutputText(stdout)  # its write errors name standard output
    try:
        with signals.installed(final):
            code = cli.main(argv, prog_name="gmsd-fast", standalone_mode=False, obj=signals)
            guarded.flush()
    except Stopped:
        return _stopped(signals, lang)
    except CliError as err:
        return _fail(str(err), lang, err.code)
    except OutputError as err:
        return _fail(str(_write_error(err.error, err.path, lang)), lang, EXIT_IO)
    except click.ClickException as err:  # usage errors: bad option, missing argument, bad choice
        return _fail(_usage_line(err, lang), lang)
    except click.Abort:  # KeyboardInterrupt outside our handler (e.g. before it was installed)
        signals.signum = signal.SIGINT
        return _stopped(signals, lang)
    except ReaderGone:  # `gmsd-fast check … | head`: the reader went away, not an error
        if final:
            _reader_gone()
        return signals.verdict if signals.verdict is not None else EXIT_ACCEPTED
    except Exception as err:  # last resort: one line, never a traceback
        if os.environ.get("GMSD_FAST_DEBUG"):
            raise
        return _fail(t("internal", lang, kind=type(err).__name__, detail=err), lang)
    finally:
        sys.stdout = stdout
    return code if isinstance(code, int) else EXIT_ACCEPTED


def _reader_gone() -> None:
    """Standard output's reader went away: what is left unwritten goes nowhere (else Python
    fails once more flushing it at exit)."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)


def main() -> None:
    _gmsd_fast.one_malloc_arena()  # before any thread starts
    try:
        code = run(final=True)
    except KeyboardInterrupt:  # before the handlers were installed
        code = _stopped(None, lang_from_argv(sys.argv[1:]))
    sys.exit(code)
