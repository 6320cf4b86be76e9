"""The test command (`scripts/test`): what the README and CI run, and how it gets Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from . import chromium
from .conftest import ROOT


def test_readme_and_ci_run_the_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    fence = readme.index("```sh")
    assert readme[fence + 2] == "scripts/test", "the README's second command line is the test command"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "scripts/test" in ci
    script = (ROOT / "scripts" / "test").read_text(encoding="utf-8").splitlines()
    commands = [line for line in script if line and not line.startswith(("#", "echo", "set ", "export"))]
    assert commands == [
        'cd "$(dirname "$0")/.."',
        "python3 -m pip install --quiet -e '.[test]'",
        "python3 -m tests.chromium",
        "cargo test",
        "python3 -m pytest -q",
    ]
    assert os.access(ROOT / "scripts" / "test", os.X_OK)


def which_of(*present: str) -> chromium.Which:
    return lambda name: f"/usr/bin/{name}" if name in present else None


def test_found_chromium_is_used_as_it_is() -> None:
    ran: list[Sequence[str]] = []
    assert chromium.ensure(which_of("chromium"), euid=1000, run=lambda c: ran.append(c) or 0, environ={}) == (
        "/usr/bin/chromium"
    )
    assert chromium.find(which_of("google-chrome"), environ={}) == "/usr/bin/google-chrome"
    assert chromium.find(which_of("chromium"), environ={chromium.ENV: "my-chrome"}) is None
    assert ran == []


def test_missing_chromium_without_apt_is_one_clear_line() -> None:
    with pytest.raises(chromium.CannotInstall, match="no apt-get to install it"):
        chromium.ensure(which_of(), euid=0, run=lambda c: 0, environ={})


def test_missing_chromium_needs_root() -> None:
    with pytest.raises(chromium.CannotInstall, match="needs root: install Chromium"):
        chromium.ensure(which_of("apt-get"), euid=1000, run=lambda c: 0, environ={})


def test_missing_chromium_is_installed_with_apt_as_root() -> None:
    installed: set[str] = {"apt-get"}
    ran: list[tuple[str, ...]] = []

    def run(command: Sequence[str]) -> int:
        ran.append(tuple(command))
        if command[1] == "install":
            installed.add("chromium")
        return 0

    def which(name: str) -> str | None:
        return f"/usr/bin/{name}" if name in installed else None

    assert chromium.ensure(which, euid=0, run=run, environ={}) == "/usr/bin/chromium"
    assert ran == list(chromium.APT_COMMANDS)
    assert ran[-1][-1] == "chromium" and "-y" in ran[-1]


def test_failed_install_says_which_command() -> None:
    with pytest.raises(chromium.CannotInstall, match="'apt-get update -qq' failed"):
        chromium.ensure(which_of("apt-get"), euid=0, run=lambda c: 100, environ={})


def test_command_line_without_chromium_exits_1_with_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != chromium.ENV}
    env["PATH"] = str(tmp_path)  # neither chromium nor apt-get
    done = subprocess.run(
        [sys.executable, "-m", "tests.chromium"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("scripts/test: Chromium is missing and there is no apt-get")
