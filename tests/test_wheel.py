"""Installable without Rust: `maturin build --release` gives one abi3 wheel, which installs in
a fresh virtualenv and checks the bundled examples with no cargo (or rustc) on PATH.

The build reuses the release artifacts in `target/` that `pip install -e .` left there (a few
seconds; from scratch a few minutes). The fresh virtualenv gets the wheel with `--no-deps`
and finds gmsd-fast's dependencies (click, pyarrow, rich: wheels from PyPI, nothing compiled
here) in this environment's site-packages through a `.pth` line, so the test needs no
network; what it checks is that gmsd-fast itself comes from the wheel.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import click
import pyarrow
import rich

from .conftest import ERRORS, ROOT, VALID


def build_wheel(out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "maturin", "build", "--release", "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=3600,
    )
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_installs_and_runs_without_rust(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path / "dist")
    assert re.fullmatch(r"gmsd_fast-[0-9.]+-cp311-abi3-(manylinux|musllinux|linux)_[\w.]+\.whl", wheel.name)
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    assert "gmsd_fast/_gmsd_fast.abi3.so" in names and "gmsd_fast/py.typed" in names
    assert "gmsd_fast/_gmsd_fast.pyi" in names and not [n for n in names if n.startswith("tests/")]
    assert {f"gmsd_fast/schemas/{n}.schema.json" for n in ("check", "jsonl", "summary")} <= set(names)
    # the page of `gmsd-fast app`: its files are package data
    page = ("gmsd_fast/app/page.html", "gmsd_fast/app/static/app.js", "gmsd_fast/app/static/app.css")
    assert set(page) <= set(names)

    home = tmp_path / "venv"
    venv.create(home, with_pip=False)
    bin_dir = home / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    dependencies = {str(Path(m.__file__).resolve().parent.parent) for m in (click, pyarrow, rich)}
    (Path(purelib) / "dependencies.pth").write_text("\n".join(sorted(dependencies)) + "\n", encoding="utf-8")

    no_rust = [bin_dir, *(p for p in ("/usr/local/bin", "/usr/bin", "/bin") if Path(p).is_dir())]
    path = os.pathsep.join(map(str, no_rust))
    assert shutil.which("cargo", path=path) is None and shutil.which("rustc", path=path) is None
    env = {"PATH": path, "HOME": str(tmp_path), "LANG": "C.UTF-8"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)

    where = run(
        str(python),
        "-c",
        "import gmsd_fast, gmsd_fast._gmsd_fast as c; print(gmsd_fast.__file__, c.__file__)",
    )
    assert where.returncode == 0, where.stderr
    assert all(Path(p).resolve().is_relative_to(home.resolve()) for p in where.stdout.split()), where.stdout
    gmsd_fast = str(bin_dir / "gmsd-fast")
    good = run(gmsd_fast, "check", str(VALID))
    assert (good.returncode, good.stderr) == (0, ""), good.stderr
    assert "GOEDGEKEURD" in good.stdout and "Gelezen: 25 records" in good.stdout
    bad = run(gmsd_fast, "check", "--lang", "en", str(ERRORS))
    assert bad.returncode == 1 and "REJECTED" in bad.stdout
