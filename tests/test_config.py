"""Configuration as ruff has it (issue 23): `[tool.gmsd-fast]` in pyproject.toml or a
gmsd-fast.toml, the nearest one up from the inputs; the command line wins; `gmsd-fast config`
says where each value came from; an unknown key or a bad value names the file and the key;
`--lang` before the command works for every command; the pre-commit hook's entry runs."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gmsd_fast.cli import cli as cli_group
from gmsd_fast.config import KEYS

from .conftest import ERRORS, ROOT, VALID, CliRun


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A vendor's project: a pyproject.toml and an export folder with a faulty file."""
    monkeypatch.delenv("GMSD_FAST_LANG", raising=False)
    pyproject = '[project]\nname = "export"\n\n[tool.gmsd-fast]\nselect = "F015"\n'
    (tmp_path / "pyproject.toml").write_text(pyproject)
    export = tmp_path / "export"
    export.mkdir()
    shutil.copy(ERRORS, export / ERRORS.name)
    return tmp_path


def checked_rules(out: str) -> set[str]:
    return {f["rule"] for f in json.loads(out)["files"][0]["findings"]}


def test_the_nearest_configuration_up_from_the_input_is_used(cli: CliRun, project: Path) -> None:
    code, out, _ = cli("check", str(project / "export"), "--format", "json")
    assert code == 1 and checked_rules(out) == {"F015"}
    # The command line wins.
    _, out, _ = cli("check", str(project / "export"), "--format", "json", "--select", "S010")
    assert checked_rules(out) == {"S010"}
    # A gmsd-fast.toml nearer to the input comes first.
    (project / "export" / "gmsd-fast.toml").write_text('select = ["S"]\nmax-per-rule = 1\n')
    _, out, _ = cli("check", str(project / "export"), "--format", "json")
    rules = [f["rule"] for f in json.loads(out)["files"][0]["findings"]]
    assert {r[0] for r in rules} == {"S"} and len(rules) == len(set(rules))
    # --no-config reads none.
    _, out, _ = cli("--no-config", "check", str(project / "export"), "--format", "json")
    assert len(checked_rules(out)) > 10


def test_a_pyproject_without_the_table_is_passed_over(cli: CliRun, project: Path) -> None:
    (project / "export" / "pyproject.toml").write_text('[project]\nname = "other"\n')
    _, out, _ = cli("check", str(project / "export" / ERRORS.name), "--format", "json")
    assert checked_rules(out) == {"F015"}


def test_language_from_config_environment_and_command_line(
    cli: CliRun, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "gmsd-fast.toml").write_text('lang = "en"\n')
    target = str(project / "export")
    assert "REJECTED" in cli("check", target)[1]
    monkeypatch.setenv("GMSD_FAST_LANG", "nl")  # the environment comes before the file
    assert "AFGEKEURD" in cli("check", target)[1]
    assert "REJECTED" in cli("--lang", "en", "check", target)[1]  # the command line first
    assert "AFGEKEURD" in cli("--lang", "en", "check", target, "--lang", "nl")[1]


def test_the_day_of_delivery_from_config_environment_and_command_line(
    cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pipeline pins the day its window is judged by in its configuration; the environment
    (which the tests set) comes before the file, the command line before both."""
    shutil.copy(VALID, tmp_path / VALID.name)
    (tmp_path / "gmsd-fast.toml").write_text('delivery-date = "2027-09-15"\n')

    def rules(*args: str) -> set[str]:
        return checked_rules(cli("check", str(tmp_path / VALID.name), "--format", "json", *args)[1])

    assert rules() == set()  # GMSD_FAST_DELIVERY_DATE, 2026-02-02: H22025 is accepted
    monkeypatch.delenv("GMSD_FAST_DELIVERY_DATE")
    assert rules() == {"N004"}  # in 2027's window, H22025 is no longer accepted
    assert rules("--delivery-date", "2026-02-02") == set()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('selct = ["F015"]', "onbekende sleutel 'selct' in {file}; bekende sleutels: select, ignore"),
        ('select = ["X999"]', 'select = ["X999"]: onbekende controle "X999"'),
        ("max-per-rule = -1", "max-per-rule = -1:"),
        ('max-per-rule = "5"', "de waarde van max-per-rule moet een geheel getal zijn"),
        ('format = "xml"', 'format = "xml":'),
        ('period = "2025"', 'period = "2025": ongeldige periode'),
        ("select = [", "is geen geldige TOML"),
    ],
)
def test_a_bad_configuration_names_the_file_and_the_key(
    cli: CliRun, project: Path, text: str, fragment: str
) -> None:
    config = project / "export" / "gmsd-fast.toml"
    config.write_text(text + "\n")
    code, out, err = cli("check", str(project / "export"))
    assert code == 2 and out == ""
    assert err.startswith(f"gmsd-fast: {config}")
    assert fragment.format(file=config) in err
    assert len(err.splitlines()) == 1


def test_an_unknown_key_in_pyproject_names_the_table(cli: CliRun, project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.gmsd-fast]\nmax_per_rule = 5\n")
    code, _, err = cli("--lang", "en", "check", str(project / "export"))
    assert code == 2
    assert f"{project / 'pyproject.toml'}: unknown key 'max_per_rule' in [tool.gmsd-fast]" in err


def test_inputs_under_different_configurations_are_refused(cli: CliRun, project: Path) -> None:
    other = project.parent / f"{project.name}-other"
    other.mkdir()
    shutil.copy(VALID, other / VALID.name)
    (other / "gmsd-fast.toml").write_text('select = ["S"]\n')
    code, _, err = cli("--lang", "en", "check", str(project / "export"), str(other))
    assert code == 2 and "different configuration files" in err and "--config PATH" in err
    code, _, _ = cli("--config", str(other / "gmsd-fast.toml"), "check", str(project / "export"), "-q")
    assert code == 1


def test_config_shows_each_value_and_where_it_came_from(
    cli: CliRun, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "gmsd-fast.toml").write_text(
        'max-per-rule = 5\ncentrumgemeenten = "lijst.txt"\nfail-on = "fout"\n'
    )
    monkeypatch.setenv("GMSD_FAST_LANG", "en")
    code, out, _ = cli("config", str(project / "export"), "--format", "json")
    assert code == 0
    shown = json.loads(out)
    assert shown["file"] == {"path": str(project / "gmsd-fast.toml"), "table": None}
    settings = shown["settings"]
    assert list(settings) == list(KEYS)
    assert settings["max-per-rule"] == {"value": 5, "source": "config", "used": True}
    assert settings["centrumgemeenten"]["value"] == str(project / "lijst.txt")
    environment = {"value": "en", "source": "environment", "used": True, "name": "GMSD_FAST_LANG"}
    assert settings["lang"] == environment
    assert settings["select"] == {"value": [], "source": "default", "used": True}
    has_fail_on = any("--fail-on" in p.opts for p in cli_group.commands["check"].params)
    assert settings["fail-on"]["used"] is has_fail_on
    code, out, _ = cli("--lang", "en", "config", str(project / "export"))
    assert out.splitlines()[0] == f"Configuration file: {project / 'gmsd-fast.toml'}"
    assert re.search(r"^max-per-rule +5 +\S+gmsd-fast\.toml$", out, re.M)
    assert re.search(r"^lang +\"en\" +command line$", out, re.M)
    assert re.search(r"^max-shown +3 +default$", out, re.M)


def test_centrumgemeenten_in_the_config_is_relative_to_its_file(cli: CliRun, project: Path) -> None:
    (project / "gmsd-fast.toml").write_text('centrumgemeenten = "lijst.txt"\n')
    (project / "lijst.txt").write_text("0014 Groningen\n")
    code, _, _ = cli("check", str(project / "export"), "--format", "json")
    assert code == 1  # read: a missing list would be an input that cannot be read (exit 3)
    (project / "lijst.txt").unlink()
    code, _, err = cli("check", str(project / "export"))
    assert code == 3 and str(project / "lijst.txt") in err


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(ERRORS)],
        ["report", str(ERRORS)],
        ["fix", str(ERRORS), "--diff"],
        ["rules"],
        ["explain", "F015"],
        ["generate", "-", "--period", "2025"],
        ["config"],
    ],
)
def test_lang_before_the_command_works_for_every_command(
    cli: CliRun, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GMSD_FAST_LANG", raising=False)
    before = cli("--lang", "en", *args)
    after = cli(*args, "--lang", "en")
    dutch = cli(*args)
    assert before == after
    assert before != dutch


def test_every_command_that_takes_lang_is_configured() -> None:
    # A command's options come from the global options and the configuration (`_configured`).
    for name, command in cli_group.commands.items():
        if any(p.name == "lang" for p in command.params):
            assert command.callback is not None
            assert getattr(command.callback, "__wrapped__", None) is not None, name
        for key, spec in KEYS.items():
            opts = [p for p in command.params if f"--{key}" in getattr(p, "opts", ())]
            if name in spec.commands and key != "fail-on":
                assert opts, (name, key)


def hook() -> dict[str, str]:
    """The one hook of .pre-commit-hooks.yaml (a list of one mapping of plain scalars)."""
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert lines[0].startswith("- id: ")
    entries = [lines[0][2:], *(line.strip() for line in lines[1:])]
    pairs = (entry.split(": ", 1) for entry in entries)
    return {key: value.strip("'") for key, value in pairs}


def test_the_pre_commit_hook_runs_its_entry(tmp_path: Path) -> None:
    spec = hook()
    assert spec["id"] == "gmsd-fast-check" and spec["language"] == "python"
    files = re.compile(spec["files"])
    assert files.search("fixtures/WMO_H22025_gemeente.csv") and files.search("wmo_h22025.ZIP")
    assert not files.search("requirements.txt") and not files.search("docs/WMO_H22025.md")
    entry = shlex.split(spec["entry"])
    assert shutil.which(entry[0], path=os.path.dirname(sys.executable)), "the entry is the installed script"
    env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]}
    shutil.copy(VALID, tmp_path / VALID.name)
    shutil.copy(ERRORS, tmp_path / ERRORS.name)

    def run(*names: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*entry, *names], cwd=tmp_path, env=env, capture_output=True, text=True)

    assert run(VALID.name).returncode == 0
    failed = run(ERRORS.name)
    assert failed.returncode == 1 and "F015" in failed.stdout


def test_a_configuration_that_cannot_be_read_says_why_in_the_users_words() -> None:
    from gmsd_fast.config import ConfigError

    err = ConfigError("unreadable", path="gmsd-fast.toml", reason=PermissionError(13, "Permission denied"))
    assert err.message("nl") == "kan gmsd-fast.toml niet lezen: geen toegang (rechten)"
    assert str(err) == "cannot read gmsd-fast.toml: permission denied"
