"""Shared fixtures: the bundled examples and a CLI runner that returns (code, stdout, stderr)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from gmsd_fast.cli import run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
VALID = EXAMPLES / "WMO_H22025_voorbeeld.csv"
ERRORS = EXAMPLES / "WMO_H22025_fouten.csv"

CliRun = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> CliRun:
    def invoke(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = run(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


@pytest.fixture
def valid_copy(tmp_path: Path) -> Path:
    target = tmp_path / VALID.name
    shutil.copy(VALID, target)
    return target
