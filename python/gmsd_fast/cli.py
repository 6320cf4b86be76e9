"""The command line: `gmsd-fast check`, `report`, `rules` and `explain`.

Exit codes: 0 every file accepted (warnings allowed), 1 at least one file rejected or a
delivery rule (L001, L002) rejects, 2 usage error or unreadable input. Errors are one line
on stderr (`Fout: …` / `Error: …`), never a traceback; set GMSD_FAST_DEBUG=1 to get the
traceback of an unexpected error.

rich, the report and pyarrow.parquet are imported in the functions that use them, not here:
`check --format json|jsonl|csv` needs none of them, and a check must stay within 64 MiB of
memory whatever the file size (rich and the report cost ~1.5 MiB and ~70 ms at start-up,
pyarrow.parquet ~10 MiB).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

import click

from gmsd_fast import __version__, _gmsd_fast
from gmsd_fast.api import ValidationResult, validate_bytes
from gmsd_fast.delivery import (
    CentrumgemeentenError,
    delivery_findings,
    delivery_result,
    read_centrumgemeenten,
)
from gmsd_fast.docs import catalogue, catalogue_markdown, find_rule, rule_markdown, rule_title, severities
from gmsd_fast.exceptions import UsageError
from gmsd_fast.inputs import NotARegularFileError, Problem, Source, check_all, expand
from gmsd_fast.messages import LANGS, t, usage_error
from gmsd_fast.output import csv as csv_output
from gmsd_fast.output import json as json_output
from gmsd_fast.output import jsonl as jsonl_output

if TYPE_CHECKING:
    from rich.console import Console

EXIT_ACCEPTED = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2
FORMATS = ("text", "json", "jsonl", "csv", "parquet", "junit")
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


@contextlib.contextmanager
def _target(output: str | None, lang: str) -> Iterator[IO[str]]:
    if output is None:
        yield sys.stdout
        return
    try:
        handle = open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as err:
        raise CliError(t("cannot_write", lang, path=output, reason=err.strerror or err)) from None
    with handle:
        yield handle


def _read_error(err: OSError, path: str, lang: str) -> CliError:
    if isinstance(err, FileNotFoundError):
        return CliError(t("not_found", lang, path=path))
    if isinstance(err, PermissionError):
        return CliError(t("permission", lang, path=path))
    if isinstance(err, IsADirectoryError):
        return CliError(t("is_directory", lang, path=path))
    if isinstance(err, NotARegularFileError):
        return CliError(t("not_regular", lang, path=path))
    return CliError(t("unreadable", lang, path=path, reason=err.strerror or err))


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


def _results(
    sources: list[Source], jobs: int, options: dict[str, Any], label: str = ""
) -> list[ValidationResult]:
    """Checks every source (several at once), in the order given; unreadable zip members and
    zip bombs come back as problems, which `_problem_result` turns into rejected results."""
    for source in sources:
        if source.member is None and not os.access(source.path, os.R_OK):
            raise PermissionError(13, "Permission denied", str(source.path))
    with _progress(len(sources), label or t("progress_checking", str(options["lang"]))) as advance:
        results, problems = check_all(sources, jobs=jobs, progress=advance, **options)
    by_name = {r.path: r for r in results}
    ordered = [by_name[s.name] for s in sources if s.name in by_name]
    return ordered + [_problem_result(p, str(options["lang"])) for p in problems]


def _problem_result(problem: Problem, lang: str) -> ValidationResult:
    """An input that could not be checked, as a rejected file with one finding of L004."""
    row = {
        "file": problem.path,
        "rule": "L004",
        "name": "zip-member",
        "severity": "reject",
        "pass": 4,
        "message": problem.message_nl if lang == "nl" else problem.message_en,
    }
    return ValidationResult.of_findings(problem.path, [row])


def _validate_options(options: dict[str, Any], lang: str) -> None:
    try:  # argument errors before any output: the core checks them on an empty input
        validate_bytes(b"", "WMO_H22025.csv", **options)
    except UsageError as err:
        raise CliError(usage_error(str(err), lang)) from None


def _check_paths(
    paths: Sequence[str], jobs: int, options: dict[str, Any], lang: str, label: str = ""
) -> list[ValidationResult]:
    """Expands files, folders and zips and checks them: results in input order, then the
    inputs that could not be checked as rejected results (L004)."""
    try:
        sources, problems = expand(paths)
    except OSError as err:
        raise _read_error(err, err.filename or (paths[0] if paths else ""), lang) from None
    if not sources and not problems:  # only folders, holding no .csv, .txt or .zip file
        raise CliError(t("nothing_to_check", lang, path=", ".join(paths)))
    try:
        return [*_results(sources, jobs, options, label), *(_problem_result(p, lang) for p in problems)]
    except OSError as err:
        raise _read_error(err, err.filename or "", lang) from None
    except UsageError as err:
        raise CliError(usage_error(str(err), lang)) from None


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gmsd-fast")
def cli() -> None:
    """Check GMSD Wmo delivery files exactly as the CBS aanleverprotocol says."""


_lang_option = click.option(
    "--lang",
    type=click.Choice(LANGS, case_sensitive=False),
    default="nl",
    show_default=True,
    help="Language of the output: nl (Nederlands) or en (English).",
)


_centrum_option = click.option(
    "--centrumgemeenten",
    type=click.Path(dir_okay=False, path_type=str),
    help="File with the codes of the centrumgemeenten beschermd wonen, one per line; enables L003.",
)


@cli.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(dir_okay=True, readable=False, path_type=str)
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=str), help="Write to PATH.")
@click.option("--select", multiple=True, help="Only these rules (code, name or prefix; repeatable, a,b).")
@click.option("--ignore", multiple=True, help="Skip these rules (code, name or prefix; repeatable, a,b).")
@click.option("--period", help="Delivery window, e.g. H22025 (accepts H22025 and H12025).")
@click.option("--protocol", help="Protocol version (default: the latest).")
@click.option(
    "--max-per-rule",
    type=click.IntRange(min=0),
    default=100,
    show_default=True,
    help="Findings kept per rule; counts stay exact.",
)
@click.option("--reveal-bsn", is_flag=True, help="Show BSNs in full (masked by default).")
@_lang_option
@click.option(
    "--jobs", type=click.IntRange(min=0), default=0, show_default=True, help="Threads; 0 = all cores."
)
@_centrum_option
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Text format: only the overview, one row per file, and the delivery findings.",
)
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
    quiet: bool,
) -> int:
    """Check FILE... (files, folders, zips) and report per file. Exit 0 accepted, 1 rejected,
    2 usage error.

    Findings about the delivery as a whole (L001 two files for one gemeente and period, L002
    several gemeenten in one file, L003 beschermd wonen outside the --centrumgemeenten list)
    come as one extra entry named "(levering)" / "(delivery)", in every format.
    `--format jsonl` writes one object per finding and nothing else (no summary lines).
    `--format junit` writes JUnit XML for CI servers: a test case per file, failing when rejected.
    With more than one file the text ends with an overview, one row per file; --quiet prints
    only that overview.
    """
    lang = lang.lower()
    if fmt == "parquet" and output is None:
        raise CliError(t("parquet_needs_output", lang))
    centrum = _centrumgemeenten(centrumgemeenten, lang)
    options = {
        "protocol": protocol,
        "period": period,
        "select": _codes(select),
        "ignore": _codes(ignore),
        "max_per_rule": max_per_rule,
        "reveal_bsn": reveal_bsn,
        "lang": lang,
        "count": centrum is not None,  # L003 needs the voorzieningen per type
    }
    _validate_options(options, lang)
    files_checked = _check_paths(files, jobs, options, lang)
    delivery = delivery_result(delivery_findings(files_checked, centrum, lang), lang, protocol)
    results = files_checked if delivery is None else [*files_checked, delivery]

    if fmt == "text":
        from gmsd_fast.output import text as text_output

        with _target(output, lang) as out:
            text_output.render_check(files_checked, delivery, _console(out), lang, quiet=quiet)
    else:
        if fmt == "parquet":
            assert output is not None
            from gmsd_fast.output import parquet as parquet_output

            try:
                parquet_output.write(results, output)
            except OSError as err:
                raise CliError(t("cannot_write", lang, path=output, reason=err.strerror or err)) from None
        elif fmt == "junit":
            from gmsd_fast.output import junit as junit_output

            with _target(output, lang) as out:
                junit_output.write(results, out, lang, delivery)
        else:
            writer = {"json": json_output.write, "jsonl": jsonl_output.write, "csv": csv_output.write}[fmt]
            with _target(output, lang) as out:
                writer(results, out)
    return EXIT_ACCEPTED if all(r.accepted for r in results) else EXIT_REJECTED


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=str))
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=str), help="Write to PATH.")
@click.option(
    "--previous",
    multiple=True,
    type=click.Path(dir_okay=True, path_type=str),
    help="The previous delivery (file, folder or zip; repeatable), to flag implausible changes.",
)
@click.option(
    "--max-change",
    type=float,
    default=0.25,
    show_default=True,
    help="With --previous: flag clients or voorzieningen changing by more than this fraction.",
)
@_centrum_option
@click.option("--period", help="Delivery window, e.g. H22025 (accepts H22025 and H12025).")
@click.option("--protocol", help="Protocol version (default: the latest).")
@_lang_option
@click.option(
    "--jobs", type=click.IntRange(min=0), default=0, show_default=True, help="Threads; 0 = all cores."
)
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
) -> int:
    """Overview of a delivery as CBS counts it (op-orde report): per file and in total.

    Verdicts, records, clients, voorzieningen after CBS's merge steps per publication group,
    type and leveringsvorm, starts and ends, findings per rule, delivery findings (L001-L003)
    and, with --previous, signals of implausible changes. Formats: text (terminal), json,
    html (one self-contained file; needs --output). Exit codes as for `check`; signals never
    change the exit code.
    """
    from gmsd_fast.report import build_report
    from gmsd_fast.report import html as html_report
    from gmsd_fast.report import json as json_report
    from gmsd_fast.report import text as text_report

    lang = lang.lower()
    if fmt == "html" and output is None:
        raise CliError(t("html_needs_output", lang))
    if not max_change > 0:
        raise CliError(t("bad_max_change", lang))
    centrum = _centrumgemeenten(centrumgemeenten, lang)
    options: dict[str, Any] = {
        "protocol": protocol,
        "period": period,
        "select": [],
        "ignore": [],
        "max_per_rule": 100,  # counts stay exact; kept findings only give the worst severity per rule
        "reveal_bsn": False,
        "lang": lang,
        "count": True,
    }
    _validate_options(options, lang)
    results = _check_paths(paths, jobs, options, lang)
    before = None
    if previous:
        before_options = {**options, "period": None}  # an older delivery has an older window
        before = _check_paths(previous, jobs, before_options, lang, t("progress_previous", lang))
    model = build_report(
        results,
        delivery_findings(results, centrum, lang),
        lang=lang,
        inputs=paths,
        centrumgemeenten=centrum,
        previous=before,
        previous_inputs=previous,
        max_change=max_change,
    )
    with _target(output, lang) as out:
        if fmt == "json":
            json_report.write(model, out)
        elif fmt == "html":
            html_report.write(model, out)
        else:
            text_report.render(model, _console(out))
    return EXIT_ACCEPTED if model["verdict"] == "accepted" else EXIT_REJECTED


@cli.command()
@_lang_option
@click.option("--format", "fmt", type=click.Choice(("text", "markdown", "json")), default="text")
def rules(lang: str, fmt: str) -> int:
    """List the rule catalogue."""
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
        table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
        for key in ("col_rule", "col_name", "col_pass", "col_severity", "col_title"):
            table.add_column(t(key, lang), overflow="fold")
        for rule in catalogue():
            table.add_row(
                Text(str(rule["code"])),
                Text(str(rule["name"])),
                Text(str(rule["pass"])),
                Text(severities(rule, lang)),
                Text(rule_title(rule, lang)),
            )
        console.print(table)
    return EXIT_ACCEPTED


@cli.command()
@click.argument("code")
@_lang_option
def explain(code: str, lang: str) -> int:
    """Explain one rule, by code (F015) or name (bsn-elfproef)."""
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


@cli.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=str))
@click.option("--rows", type=click.IntRange(min=0), default=1000, show_default=True, help="Record rows.")
@click.option(
    "--seed", type=click.IntRange(min=0), default=1, show_default=True, help="Same seed, same file."
)
@click.option("--period", default="H22025", show_default=True, help="Reporting period of the records.")
@click.option(
    "--gemeentecode", type=click.IntRange(0, 9999), default=363, show_default=True, help="Municipality."
)
@click.option(
    "--faulty-share",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Share of rows with one typical mistake.",
)
@click.option("--crlf", is_flag=True, help="Windows line endings.")
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
    """Write a synthetic delivery file (generated BSNs, never real people) to OUTPUT."""
    lang = lang.lower()
    try:
        summary = _gmsd_fast.generate(
            output,
            rows,
            seed=seed,
            period=period,
            gemeentecode=gemeentecode,
            faulty_share=faulty_share,
            crlf=crlf,
        )
    except ValueError as err:
        raise CliError(usage_error(str(err), lang)) from None
    except OSError as err:
        raise CliError(t("cannot_write", lang, path=output, reason=err.strerror or err)) from None
    sys.stdout.write(json.dumps(summary, sort_keys=True) + "\n")
    return EXIT_ACCEPTED


def _lang_from_argv(args: Sequence[str]) -> str:
    for i, arg in enumerate(args):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        if value and value.lower() in LANGS:
            return value.lower()
    return "nl"


def _fail(message: str, lang: str) -> int:
    line = " ".join(message.split())
    sys.stderr.write(f"{t('error_prefix', lang)}: {line}\n")
    return EXIT_USAGE


def run(args: Sequence[str] | None = None) -> int:
    """Runs the CLI on `args` (default: sys.argv[1:]) and returns the exit code."""
    argv = list(sys.argv[1:] if args is None else args)
    lang = _lang_from_argv(argv)
    try:
        code = cli.main(argv, prog_name="gmsd-fast", standalone_mode=False)
    except CliError as err:
        return _fail(str(err), lang)
    except click.ClickException as err:  # usage errors: bad option, missing argument, bad choice
        return _fail(err.format_message(), lang)
    except click.Abort:
        return _fail(t("interrupted", lang), lang)
    except BrokenPipeError:  # `gmsd-fast check … | head`: not an error of ours
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_REJECTED
    except Exception as err:  # last resort: one line, never a traceback
        if os.environ.get("GMSD_FAST_DEBUG"):
            raise
        return _fail(t("internal", lang, kind=type(err).__name__, detail=err), lang)
    return code if isinstance(code, int) else EXIT_ACCEPTED


def main() -> None:
    sys.exit(run())
