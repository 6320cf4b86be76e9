"""A vendor's script that uses the public API passes `mypy --strict`, and the mistakes a
vendor makes are mypy's errors (issue 23): options typed (a bare int for `select`, an unknown
option, a language that is not one), verdicts and rules typed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TYPED = Path(__file__).parent / "typed"
ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("mypy")


def mypy(path: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MYPYPATH": str(ROOT / "python")}
    command = [sys.executable, "-m", "mypy", "--strict", "--strict-equality", "--no-incremental"]
    command += ["--cache-dir", str(tmp_path / "cache"), "--config-file", "", str(path)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, check=False)


def test_a_vendor_script_passes_mypy_strict(tmp_path: Path) -> None:
    run = mypy(TYPED / "vendor_pipeline.py", tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_finds_a_vendors_mistakes(tmp_path: Path) -> None:
    source = TYPED / "vendor_mistakes.py"
    expected = {n for n, line in enumerate(source.read_text().splitlines(), 1) if line.endswith("# error")}
    run = mypy(source, tmp_path)
    found = {int(line.split(":")[1]) for line in run.stdout.splitlines() if ": error:" in line}
    assert found == expected, run.stdout
