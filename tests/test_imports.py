"""The layers of the Rust core as ARCHITECTURE.md draws them: no circle between its top-level
modules, `rule` a leaf, findings below the rules and knowing neither words nor Arrow."""

from __future__ import annotations

import subprocess
import sys

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


def test_a_text_check_loads_no_pyarrow() -> None:
    """Only what is used is loaded: `gmsd-fast check` of a file in the text format reads its
    findings from the core as rows, so pyarrow (and its 30 MB) stays out; into a pipe, its
    tables need not rich's table code (and the fractions and decimals it brings); a check
    needs neither the fix's code nor zipfile (the core reads zips)."""
    script = (
        "import sys\n"
        "from gmsd_fast.cli import main\n"
        "sys.argv = ['gmsd-fast', 'check', sys.argv[1]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "unused = ('pyarrow', 'xlsxwriter', 'starlette', 'zipfile', 'fractions', 'decimal', 'rich.table',"
        " 'gmsd_fast.fixing', 'gmsd_fast.report')\n"
        "print(sorted(m for m in sys.modules if m in unused or m.split('.')[0] in unused))\n"
    )
    example = ROOT / "examples" / "WMO_H22025_voorbeeld.csv"
    run = subprocess.run(
        [sys.executable, "-c", script, str(example)], capture_output=True, text=True, check=False
    )
    assert run.stdout.strip().splitlines()[-1] == "[]", run.stdout + run.stderr
