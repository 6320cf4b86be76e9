"""The one place where `gmsd-fast app` meets the checker.

The server and its jobs never call the checker themselves: they hand this module the files
the user uploaded (`Upload`: the name the browser gave, the path on disk) and get back plain
data (`Checked`, `FileVerdict`, `Fixed`), the report model, and files written (the workbook,
the repaired files). So when the public delivery API of issues 23/24 arrives, this module
changes and nothing else does. Today it calls what `gmsd-fast check`, `report` and `fix` call:

- `gmsd_fast.inputs.expand`, `inputs.check_all`, `inputs.is_zip`: files and zips to sources,
  checked on every core, the zip-bomb and member limits of the CLI (`inputs.ZipLimits`);
- `gmsd_fast.api.cli_options`; `ValidationResult` (verdict, counts, fixable, findings);
- `gmsd_fast.delivery.delivery_result`, `delivery_findings`, `problem_result`: the delivery
  rules (L001-L003) and inputs that could not be read (L004);
- `gmsd_fast.report.build_report` and `gmsd_fast.report.html.render`: the report of
  `report --format html`, the same model and words;
- `gmsd_fast.output.xlsx.write_results`: the workbook of `check --format xlsx`;
- `gmsd_fast.fixing.fix_file`, `fixing.fix_zip`, `fixing.Repair`, `fixing.FixError`: `fix`;
- `gmsd_fast.docs.find_rule`, `rule_title`, `short_title`, `rule_markdown`: `explain`.

Memory: a check keeps at most `max_per_rule` (100) findings per rule, as `check` does, so its
memory does not grow with the file. CBS's counts (the report) grow with the records (40-60
bytes each, every record a client of its own; BENCHMARKS.md), so they are made, in a second
pass, only for deliveries of at most `REPORT_MAX_ROWS` records: the server stays within 256
MiB whatever is uploaded (`benches/app_memory.py`: 80 MiB for 1 GB, 186 MiB at the limit).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from gmsd_fast._gmsd_fast import StopToken
from gmsd_fast.api import CheckOptions, ValidationResult, cli_options
from gmsd_fast.delivery import delivery_findings, delivery_result, problem_result
from gmsd_fast.docs import find_rule, rule_markdown, rule_title, short_title
from gmsd_fast.exceptions import Stopped
from gmsd_fast.gemeenten import gemeente_label
from gmsd_fast.inputs import Problem, Source, ZipLimits, check_all, expand, is_zip

__all__ = [
    "LIMITS",
    "REPORT_MAX_ROWS",
    "Checked",
    "Example",
    "FileVerdict",
    "Fixed",
    "RuleFindings",
    "UnsafeRepair",
    "Upload",
    "check",
    "count",
    "explain",
    "fix_safe",
    "fix_unsafe",
    "report_html",
    "write_xlsx",
]

#: The limits of the CLI for zips; an upload as a whole keeps to the same numbers.
LIMITS = ZipLimits()
#: CBS's counts (the report) take 40-60 bytes a record: made up to this many records.
REPORT_MAX_ROWS = 2_000_000
#: Findings shown per rule on the page (the workbook has every kept one).
EXAMPLES = 3
#: Verdicts from the worst down; any verdict not known here counts as the worst.
_VERDICT_ORDER = ("rejected", "undecided", "accepted")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Upload:
    """One file the user gave: `name` as the browser named it (`map/WMO_H22025_x.csv`), `path`
    where it lies on disk, under its own file name (the file-name rules read that)."""

    name: str
    path: str


@dataclass(frozen=True)
class Example:
    """One finding as the page shows it (a value masked as everywhere)."""

    line: int | None
    column: int | None
    message: str
    value: str | None


@dataclass(frozen=True)
class RuleFindings:
    code: str
    title: str
    description: str
    severity: str
    count: int
    #: Of `count`, the findings `fix` repairs safely.
    fixable: int
    examples: tuple[Example, ...]
    #: Whether `fix` has a repair for this rule at all (safe or one that needs a decision).
    repairable: bool = False


@dataclass(frozen=True)
class FileVerdict:
    """A file (or zip member, or the delivery as a whole) as checked."""

    name: str
    verdict: str
    gemeente: str
    period: str | None
    rows: int
    severity_counts: dict[str, int]
    rules: tuple[RuleFindings, ...]
    is_delivery: bool = False


@dataclass
class Checked:
    """The check of one upload: each file's verdict, then the delivery's (if it has findings)."""

    lang: str
    files: list[FileVerdict]
    delivery: FileVerdict | None
    rows: int
    results: list[ValidationResult] = field(repr=False)
    delivery_result: ValidationResult | None = field(repr=False)


@dataclass(frozen=True)
class UnsafeRepair:
    """A repair that needs the user's decision, with the repairs it would make."""

    code: str
    title: str
    count: int
    examples: tuple[tuple[int | None, str, str], ...]


@dataclass(frozen=True)
class Fixed:
    """What repairing one upload gave: the repaired file (None when it could not be written),
    the repairs made, the check of the repaired file, and the repairs that need a decision."""

    upload: Upload
    output: str | None
    repairs: int
    after: list[FileVerdict]
    unsafe: tuple[UnsafeRepair, ...] = ()
    error: str | None = None


def worst(verdicts: Sequence[str]) -> str:
    """The verdict of several: any rejected, else any undecided, else accepted."""
    for verdict in _VERDICT_ORDER:
        if verdict in verdicts:
            return verdict
    return next((v for v in verdicts if v not in _VERDICT_ORDER), "accepted")


def _options(lang: str, stop: StopToken | None, **extra: Any) -> CheckOptions:
    return cli_options(lang=lang, jobs=0, stop=stop, **extra)  # words in the user's language


def _shown(names: Sequence[str]) -> list[str]:
    """The uploads' names, each once: a name given twice gets ` (2)`, … ."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _renamed(text: str, path: str, name: str) -> str:
    return name + text[len(path) :] if text.startswith(path) else text


def _expand(uploads: Sequence[Upload]) -> tuple[list[Source], list[Problem]]:
    """The sources and problems of the uploads, named as the user named them."""
    sources: list[Source] = []
    problems: list[Problem] = []
    for upload, shown in zip(uploads, _shown([u.name for u in uploads]), strict=True):
        found, unfit = expand([upload.path], LIMITS)
        sources += [dataclasses.replace(s, name=_renamed(s.name, upload.path, shown)) for s in found]
        problems += [dataclasses.replace(p, path=_renamed(p.path, upload.path, shown)) for p in unfit]
    return sources, problems


def _check(
    uploads: Sequence[Upload], options: CheckOptions, progress: Progress | None
) -> list[ValidationResult]:
    """Every upload checked, in order, then what could not be checked (L004), as `check` does."""
    sources, problems = _expand(uploads)
    done = [0]
    total = len(sources)

    def advance(_source: Source) -> None:
        done[0] += 1
        if progress is not None:
            progress(done[0], total)

    if progress is not None:
        progress(0, total)
    # In the order of `sources` (two members of one name included); the unreadable apart.
    results, unreadable = check_all(sources, options, progress=advance)
    if options.stop is not None and options.stop.requested:
        raise Stopped("stopped on request")
    return results + [problem_result(p.path, p.kind, p.values, options) for p in [*unreadable, *problems]]


def _rules(result: ValidationResult, lang: str) -> tuple[RuleFindings, ...]:
    severities = ("reject", "error", "warning", "info")
    rows: dict[str, list[dict[str, Any]]] = {}
    for row in result.findings.to_pylist():
        rows.setdefault(row["rule"], []).append(row)
    out = []
    for code, n in result.counts.items():
        rule = find_rule(code)
        kept = rows.get(code, [])
        seen = [r["severity"] for r in kept] or [str(s) for s in (rule["severities"] if rule else ["info"])]
        out.append(
            RuleFindings(
                code=code,
                title=short_title(rule, lang) if rule else code,
                description=rule_title(rule, lang) if rule else code,
                severity=min(seen, key=lambda s: severities.index(s) if s in severities else 9),
                count=int(n),
                fixable=int(result.fixable.get(code, 0)) if not result.is_delivery else 0,
                examples=tuple(
                    Example(r["line"], r["column"], r["message"], r["value"]) for r in kept[:EXAMPLES]
                ),
                repairable=bool(rule and rule.get("fix")) and not result.is_delivery,
            )
        )
    out.sort(key=lambda r: (severities.index(r.severity) if r.severity in severities else 9, r.code))
    return tuple(out)


def _verdict(result: ValidationResult, lang: str) -> FileVerdict:
    delivery = result.is_delivery
    return FileVerdict(
        name=result.path,
        verdict=result.verdict,
        gemeente="" if delivery else gemeente_label(result.gemeentecode, result.period),
        period=None if delivery else result.period,
        rows=0 if delivery else result.rows,
        severity_counts={k: int(v) for k, v in result.severity_counts.items()},
        rules=_rules(result, lang),
        is_delivery=delivery,
    )


def check(
    uploads: Sequence[Upload], lang: str, stop: StopToken | None = None, progress: Progress | None = None
) -> Checked:
    """Checks the uploads as `gmsd-fast check` does (findings capped at 100 per rule), with
    the delivery rules over all of them. `progress(done, total)` counts files and members.
    Raises `Stopped` once `stop` was requested, `OSError` when an upload cannot be read."""
    options = _options(lang, stop)
    results = _check(uploads, options, progress)
    delivery = delivery_result(results, None, options)
    return Checked(
        lang=lang,
        files=[_verdict(r, lang) for r in results],
        delivery=None if delivery is None else _verdict(delivery, lang),
        rows=sum(r.rows for r in results),
        results=results,
        delivery_result=delivery,
    )


def count(
    uploads: Sequence[Upload], lang: str, stop: StopToken | None = None, progress: Progress | None = None
) -> dict[str, Any]:
    """The report model of `gmsd-fast report` (CBS's counts): the uploads checked again with
    `count=True`. Costs 40-60 bytes a record: call it only up to `REPORT_MAX_ROWS` records."""
    options = _options(lang, stop, count=True)
    results = _check(uploads, options, progress)
    from gmsd_fast.report import build_report

    findings = delivery_findings(delivery_result(results, None, options))
    shown = _shown([u.name for u in uploads])
    return build_report(results, findings, lang=lang, inputs=shown)


def report_html(model: dict[str, Any], rule_href: Callable[[str], str] | None = None) -> str:
    """The HTML report of the model, as `report --format html` writes it; with `rule_href`,
    every rule code links to that address (its explanation)."""
    from gmsd_fast.report import html

    return html.render(model, rule_href=rule_href)


def write_xlsx(checked: Checked, path: str, stop: StopToken | None = None) -> None:
    """The workbook of `check --format xlsx` for the check, at `path`."""
    from gmsd_fast.output import xlsx

    xlsx.write_results(checked.results, path, checked.lang, checked.delivery_result, stop=stop)


def _fix_one(
    upload: Upload, shown: str, target: str | None, options: CheckOptions, unsafe: bool
) -> list[Any]:
    """`fix` of one upload (a file, or a zip into a zip) into `target` (None: a dry run):
    its `FixResult`s."""
    from gmsd_fast.fixing import Repair, fix_file, fix_zip

    repair = Repair(unsafe=unsafe)
    if is_zip(upload.path):
        results, _copied = fix_zip(upload.path, target, options, repair)
        return [dataclasses.replace(r, path=_renamed(r.path, upload.path, shown)) for r in results]
    out_name = os.path.basename(target or upload.path)
    return [fix_file(upload.path, target, options, repair, name=shown, output_name=out_name)]


def _unsafe(results: Sequence[Any], lang: str) -> tuple[UnsafeRepair, ...]:
    """The repairs that need a decision in a dry run with every repair allowed."""
    found: dict[str, list[tuple[int | None, str, str]]] = {}
    counts: dict[str, int] = {}
    for result in results:
        for row in result.log.to_pylist():
            if row["applicability"] == "unsafe":
                found.setdefault(row["rule"], []).append((row["line"], row["old"], row["new"]))
        for code in found:
            counts[code] = counts.get(code, 0) + int(result.counts.get(code, 0))
    out = []
    for code, examples in sorted(found.items()):
        rule = find_rule(code)
        fix = (rule or {}).get("fix") or {}
        out.append(
            UnsafeRepair(
                code=code,
                title=str(fix.get(f"title_{lang}") or (short_title(rule, lang) if rule else code)),
                count=max(counts.get(code, 0), len(examples)),
                examples=tuple(examples[:EXAMPLES]),
            )
        )
    return tuple(out)


def _fix_all(
    uploads: Sequence[Upload],
    folder: str,
    lang: str,
    stop: StopToken | None,
    progress: Progress | None,
    select: Sequence[str] | None,
    before: Sequence[int] = (),
) -> list[Fixed]:
    """Repairs every upload into `folder/<n>/<its file name>`: only the safe repairs when
    `select` is None (and then a dry run says which repairs need a decision); else the
    repairs of the rules in `select`, the unsafe ones included. `before` adds repairs made
    before (a first pass)."""
    from gmsd_fast.fixing import FixError

    options = _options(lang, stop) if select is None else _options(lang, stop, select=list(select))
    shown = _shown([u.name for u in uploads])
    out: list[Fixed] = []
    for i, (upload, name) in enumerate(zip(uploads, shown, strict=True)):
        if progress is not None:
            progress(i, len(uploads))
        target_folder = os.path.join(folder, str(i))
        os.makedirs(target_folder, mode=0o700, exist_ok=True)
        target = os.path.join(target_folder, os.path.basename(upload.path))
        previous = before[i] if i < len(before) else 0
        try:
            results = _fix_one(upload, name, target, options, unsafe=select is not None)
            unsafe: tuple[UnsafeRepair, ...] = ()
            if select is None:
                dry = _fix_one(Upload(name, target), name, None, _options(lang, stop), unsafe=True)
                unsafe = _unsafe(dry, lang)
        except FixError as err:
            reason = err.problem.message(lang)
            out.append(Fixed(upload, None, previous, [], error=reason))
            continue
        repairs = previous + sum(r.total for r in results)
        after = check([Upload(name, target)], lang, stop)
        out.append(Fixed(upload, target, repairs, [*after.files], unsafe))
    if progress is not None:
        progress(len(uploads), len(uploads))
    return out


def fix_safe(
    uploads: Sequence[Upload],
    folder: str,
    lang: str,
    stop: StopToken | None = None,
    progress: Progress | None = None,
) -> list[Fixed]:
    """`gmsd-fast fix` of every upload (safe repairs only) into `folder`, each output checked
    again; each `Fixed` also says which repairs would need a decision (`unsafe`)."""
    return _fix_all(uploads, folder, lang, stop, progress, None)


def fix_unsafe(
    fixed: Sequence[Fixed],
    codes: Sequence[str],
    folder: str,
    lang: str,
    stop: StopToken | None = None,
    progress: Progress | None = None,
) -> list[Fixed]:
    """The safely repaired files of `fixed` repaired further by the rules in `codes`, unsafe
    repairs included (`fix --unsafe-fixes --select CODES`), into `folder`, each checked again.
    A file that could not be repaired stays as it was."""
    done = [f for f in fixed if f.output is not None]
    uploads = [Upload(f.upload.name, f.output) for f in done if f.output is not None]
    again = _fix_all(uploads, folder, lang, stop, progress, codes, before=[f.repairs for f in done])
    left = set(codes)
    repaired = {
        id(before): dataclasses.replace(
            after, upload=before.upload, unsafe=tuple(u for u in before.unsafe if u.code not in left)
        )
        for after, before in zip(again, done, strict=True)
    }
    return [repaired.get(id(f), f) for f in fixed]


def explain(code: str, lang: str) -> tuple[str, str] | None:
    """The rule `code` (or name) as `gmsd-fast explain` shows it: its code and its markdown."""
    rule = find_rule(code)
    if rule is None:
        return None
    return str(rule["code"]), rule_markdown(rule, lang, level=1)
