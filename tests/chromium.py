"""Headless Chromium for the HTML report tests and the page of `gmsd-fast app` (which
Playwright drives on this Chromium, `executable_path`): where to find it, and how the test
command (`scripts/test`) installs it when it is missing.

`python -m tests.chromium` finds Chromium, or installs Debian's `chromium` package with
apt-get. Where it cannot (not root, no apt-get, the install failed) it prints one line on
stderr saying what to do and exits 1, so the test command stops before the tests instead of
failing one of them later. The tests themselves never install anything: they call `find()`
and fail (not skip) when it returns None.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence

#: Program names of Chromium (Debian, other distributions) and of Chrome, in order of preference.
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Overrides the search: the path of a Chromium or Chrome binary.
ENV = "GMSD_FAST_CHROMIUM"
#: What `ensure` runs to install Chromium on Debian (and Ubuntu's `chromium` package).
APT_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("apt-get", "update", "-qq"),
    ("apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"),
)

Which = Callable[[str], str | None]
Run = Callable[[Sequence[str]], int]


class CannotInstall(Exception):
    """Chromium is missing and cannot be installed here; the message says what to do."""


def find(which: Which = shutil.which, environ: dict[str, str] | None = None) -> str | None:
    """The path of a Chromium (or Chrome) binary, or None."""
    env = os.environ if environ is None else environ
    override = env.get(ENV)
    if override:
        return which(override)
    for name in NAMES:
        found = which(name)
        if found:
            return found
    return None


def _run(command: Sequence[str]) -> int:
    return subprocess.run(list(command), stdout=subprocess.DEVNULL, check=False).returncode


def ensure(
    which: Which = shutil.which,
    euid: int | None = None,
    run: Run = _run,
    environ: dict[str, str] | None = None,
) -> str:
    """Finds Chromium, or installs Debian's `chromium` with apt-get when running as root.
    Raises `CannotInstall` with a one-line reason otherwise."""
    found = find(which, environ)
    if found:
        return found
    manual = "install Chromium (Debian/Ubuntu: apt-get install chromium) or set GMSD_FAST_CHROMIUM"
    if which("apt-get") is None:
        raise CannotInstall(f"Chromium is missing and there is no apt-get to install it: {manual}")
    uid = os.geteuid() if euid is None else euid
    if uid != 0:
        raise CannotInstall(f"Chromium is missing and installing it needs root: {manual}")
    for command in APT_COMMANDS:
        if run(command) != 0:
            raise CannotInstall(f"'{' '.join(command)}' failed: {manual}")
    found = find(which, environ)
    if found is None:
        raise CannotInstall(f"apt-get installed chromium, but it is not on PATH: {manual}")
    return found


def main() -> int:
    try:
        path = ensure()
    except CannotInstall as err:
        sys.stderr.write(f"scripts/test: {err}\n")
        return 1
    sys.stdout.write(f"Chromium: {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
