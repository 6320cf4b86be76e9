"""Shared fixtures: the bundled examples and a CLI runner that returns (code, stdout, stderr)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gmsd_fast import _gmsd_fast
from gmsd_fast.api import ENV_DELIVERY_DATE
from gmsd_fast.cli import run

#: The day of delivery of every check in the tests, in the window of the bundled protocol
#: (H22025, open 26 January to 20 February 2026): no test depends on the real date. Set in
#: the environment, so that it holds in subprocesses too; a test of another day gives one.
DELIVERY_DATE = "2026-02-02"
os.environ[ENV_DELIVERY_DATE] = DELIVERY_DATE

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


@pytest.fixture(scope="session")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A delivery file of 5 million rows (503 MB), every row with one typical mistake: a check
    of it takes seconds, long enough to be stopped or changed half-way. Removed afterwards."""
    path = tmp_path_factory.mktemp("big") / "WMO_H22025_groot.csv"
    summary = _gmsd_fast.generate(str(path), 5_000_000, seed=13, faulty_share=1.0)
    assert summary["bytes"] >= 500_000_000
    yield path
    path.unlink(missing_ok=True)
