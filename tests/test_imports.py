"""The layers of the Rust core as ARCHITECTURE.md draws them: no circle between its top-level
modules, `rule` a leaf, findings below the rules and knowing neither words nor Arrow."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def _edges() -> dict[str, set[str]]:
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "imports")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[-1] == "circles: none"
    edges = {}
    for line in lines[:-1]:
        module, _, uses = line.partition("->")
        edges[module.strip()] = {u.strip() for u in uses.split(",")}
    return edges


def test_the_core_has_layers_without_a_circle() -> None:
    edges = _edges()
    assert "rule" not in edges, "rule is a leaf"
    assert edges["findings"].isdisjoint({"rules", "output", "check", "fix"})
    assert edges["rules"].isdisjoint({"output", "check", "fix"})
    assert edges["output"].isdisjoint({"check", "fix"})
    assert "findings" in edges["rules"]
    assert {"findings", "rules"} <= edges["output"]


_UNUSED_BY_TEXT = (
    "pyarrow",
    "xlsxwriter",
    "starlette",
    "zipfile",
    "fractions",
    "decimal",
    "rich",
    "gmsd_fast.fixing",
)


def _loaded(args: list[str], unused: tuple[str, ...]) -> list[str]:
    """The modules of `unused` (or below them) that `gmsd-fast ARGS` loads, its output into a
    pipe; the command's output itself must be there too. What the interpreter had loaded
    before gmsd-fast (a site's `.pth` file may load zipfile, say) is not counted: it is the
    installation's start, not the command's."""
    script = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "unused = tuple(sys.argv[1].split(','))\n"
        "from gmsd_fast.cli import main\n"
        "sys.argv = ['gmsd-fast', *sys.argv[2:]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "new = set(sys.modules) - before\n"
        "print(sorted(m for m in new if m in unused or m.split('.')[0] in unused))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, ",".join(unused), *args], capture_output=True, text=True, check=False
    )
    lines = run.stdout.strip().splitlines()
    assert len(lines) > 1, run.stdout + run.stderr
    loaded: list[str] = ast.literal_eval(lines[-1])
    return loaded


def test_a_text_check_loads_no_pyarrow() -> None:
    """Only what is used is loaded: `gmsd-fast check` of a file in the text format reads its
    findings from the core as rows, so pyarrow (and its 30 MB) stays out; into a pipe, its
    lines and tables need nothing of rich (a fifth of the start-up), which styles them only in
    a terminal; a check needs neither the fix's code nor zipfile (the core reads zips)."""
    example = ROOT / "examples" / "WMO_H22025_voorbeeld.csv"
    assert _loaded(["check", str(example)], (*_UNUSED_BY_TEXT, "gmsd_fast.report")) == []


def test_a_text_check_of_a_folder_and_a_report_load_no_rich(tmp_path: Path) -> None:
    """The overview table of a check of several files, and `gmsd-fast report` into a pipe,
    are written without rich too; a report as text loads nothing of the HTML report's."""
    example = ROOT / "examples" / "WMO_H22025_voorbeeld.csv"
    (tmp_path / example.name).write_bytes(example.read_bytes())
    (tmp_path / "kapot.csv").write_text("x;y\n", encoding="utf-8")
    assert _loaded(["check", str(tmp_path)], (*_UNUSED_BY_TEXT, "gmsd_fast.report")) == []
    report_unused = (*_UNUSED_BY_TEXT, "gmsd_fast.report.html", "gmsd_fast.report.svg")
    assert _loaded(["report", str(example)], report_unused) == []
    # With findings too: their worst severity per rule is read from rows, not an Arrow table.
    faulty = ROOT / "examples" / "WMO_H22025_fouten.csv"
    assert _loaded(["report", str(faulty)], report_unused) == []
