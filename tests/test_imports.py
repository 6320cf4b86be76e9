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
