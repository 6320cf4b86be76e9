from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gmsd_fast import inputs as inputs_module
from gmsd_fast.inputs import Source

from .conftest import ERRORS, ROOT, VALID, CliRun


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# exit code 0 / 1


def test_accepted_exits_0_with_dutch_verdict(cli: CliRun) -> None:
    code, out, err = cli("check", str(VALID))
    assert code == 0
    assert err == ""
    assert "GOEDGEKEURD" in out
    assert "25 records" in out


def test_rejected_exits_1_with_dutch_report(cli: CliRun) -> None:
    code, out, err = cli("check", str(ERRORS))
    assert code == 1
    assert err == ""
    assert "AFGEKEURD: CBS zal dit bestand weigeren" in out
    assert "stap 2 van 3: kolommen en tekens" in out
    assert "43 meldingen: 26 leiden tot afkeur, 11 fouten, 3 waarschuwingen, 3 adviezen." in out
    assert "Gelezen: 35 records" in out
    assert "regels 13, 25, 26" in out  # F013's first example lines
    assert "\x1b[" not in out  # no colours when not a terminal


def test_one_rejected_file_among_several_exits_1(cli: CliRun) -> None:
    code, out, _ = cli("check", str(VALID), str(ERRORS))
    assert code == 1
    assert "2 bestanden: 1 goedgekeurd, 1 afgekeurd." in out


def test_warnings_only_still_exit_0(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / VALID.name
    path.write_bytes(b"\xef\xbb\xbf" + VALID.read_bytes())  # a BOM is a warning only
    code, out, _ = cli("check", str(path))
    assert code == 0
    assert "GOEDGEKEURD" in out
    assert "S003" in out


def test_lang_en_changes_messages(cli: CliRun) -> None:
    _, out_nl, _ = cli("check", str(ERRORS))
    code, out_en, _ = cli("check", "--lang", "en", str(ERRORS))
    assert code == 1
    assert "REJECTED: CBS will refuse this file." in out_en
    assert "fails the elfproef" in out_en
    assert "voldoet niet aan de elfproef" in out_nl
    assert "AFGEKEURD" not in out_en


# exit code 3 (I/O) or 2 (usage): one line on stderr, in the chosen language


def test_missing_file_exits_3(cli: CliRun, tmp_path: Path) -> None:
    code, out, err = cli("check", str(tmp_path / "WMO_H22025_x.csv"))
    assert code == 3
    assert out == ""
    assert one_line(err) == f"gmsd-fast: bestand niet gevonden: {tmp_path / 'WMO_H22025_x.csv'}"


def test_missing_file_in_english(cli: CliRun) -> None:
    code, _, err = cli("check", "--lang=en", "nope.csv")
    assert code == 3
    assert one_line(err) == "gmsd-fast: file not found: nope.csv"


def test_directory_checks_its_files(cli: CliRun) -> None:
    code, out, _ = cli("check", "--format", "json", str(ROOT / "examples"))
    assert code == 1, "the folder holds the faulty example"
    doc = json.loads(out)
    verdicts = {Path(f["path"]).name: f["verdict"] for f in doc["files"]}
    assert doc["delivery"]["verdict"] == "rejected"  # L001: both examples are for 0014 and H22025
    assert verdicts == {
        "WMO_H22025_fouten.csv": "rejected",
        "WMO_H22025_voorbeeld.csv": "accepted",
    }


def test_zip_member_problems_are_l004_findings(cli: CliRun, tmp_path: Path) -> None:
    archive = tmp_path / "levering.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(ROOT / "examples" / "WMO_H22025_voorbeeld.csv", "WMO_H22025_a.csv")
        z.writestr("../WMO_H22025_evil.csv", "x")
    code, out, _ = cli("check", "--format", "json", str(archive))
    assert code == 1
    files = json.loads(out)["files"]
    assert [(Path(f["path"]).name, f["verdict"]) for f in files] == [
        ("WMO_H22025_a.csv", "accepted"),
        ("WMO_H22025_evil.csv", "rejected"),
    ]
    assert files[1]["counts"] == {"L004": 1}
    assert files[1]["findings"][0]["severity"] == "reject"


def test_missing_file_after_good_file_writes_nothing(cli: CliRun) -> None:
    code, out, err = cli("check", "--format", "json", str(VALID), "nope.csv")
    assert code == 3
    assert out == ""
    assert one_line(err) == "gmsd-fast: bestand niet gevonden: nope.csv"


def test_permission_denied_exits_3(cli: CliRun, valid_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # root can read anything, so simulate the core's PermissionError
    def denied(sources: list[Source], *_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied", sources[0].path)

    monkeypatch.setattr(inputs_module, "_core_checks", denied)
    code, _, err = cli("check", "--lang", "en", str(valid_copy))
    assert code == 3
    assert one_line(err) == f"gmsd-fast: permission denied: cannot read {valid_copy}"


def test_unknown_rule_code_exits_2(cli: CliRun) -> None:
    code, out, err = cli("check", "--select", "F015,X999", str(VALID))
    assert code == 2
    assert out == ""
    assert one_line(err) == (
        'gmsd-fast: onbekende controle "X999" bij --select/--ignore;'
        " zie 'gmsd-fast rules' voor alle controles"
    )


def test_bad_period_exits_2(cli: CliRun) -> None:
    code, _, err = cli("check", "--period", "2025H2", "--lang", "en", str(VALID))
    assert code == 2
    assert one_line(err) == 'gmsd-fast: invalid period "2025H2": use H1YYYY or H2YYYY, e.g. H22025'


def test_bad_protocol_exits_2(cli: CliRun) -> None:
    code, _, err = cli("check", "--protocol", "H11999", str(VALID))
    assert code == 2
    assert one_line(err) == 'gmsd-fast: onbekende protocolversie "H11999"; bekend: H22025'


def test_parquet_without_output_exits_2(cli: CliRun) -> None:
    code, out, err = cli("check", "--format", "parquet", str(VALID))
    assert code == 2
    assert out == ""
    assert one_line(err).startswith("gmsd-fast: --format parquet schrijft een binair bestand")


def test_click_usage_errors_exit_2(cli: CliRun) -> None:
    code, _, err = cli("check", "--format", "xml", str(VALID))
    assert code == 2
    assert one_line(err).startswith(
        "gmsd-fast: Ongeldige waarde voor '--format': 'xml' is geen geldige keuze"
    )
    code, _, err = cli("check")
    assert code == 2
    assert one_line(err) == "gmsd-fast: Ontbrekend argument 'BESTAND...'. (hulp: gmsd-fast check --help)"
    code, _, err = cli("check", "--max-per-rule", "-1", str(VALID))
    assert code == 2
    assert one_line(err).startswith("gmsd-fast: Ongeldige waarde voor '--max-per-rule'")
    code, _, err = cli("frobnicate", "--lang", "en")
    assert code == 2
    assert one_line(err) == "gmsd-fast: No such command 'frobnicate'. (help: gmsd-fast --help)"


#: English words of click's that a Dutch user must not meet.
CLICK_ENGLISH = (
    *("Usage", "Options", "Commands", "Show ", "default:", "No such", "Missing", "Invalid"),
    *("Did you mean", "Error", "Try ", "is not", "required", "TEXT", "INTEGER", "FILE"),
)


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--formaat", "x.csv"],
        ["chek", "x.csv"],
        ["check"],
        ["check", "--format", "xml", "x.csv"],
        ["check", "--jobs", "veel", "x.csv"],
        ["check", "--max-per-rule", "-1", "x.csv"],
        ["check", "x.csv", "--period"],
        ["rules", "--lang", "fr"],
        ["report", "--max-change", "veel", "x.csv"],
        ["generate", "--rows", "1", "--gemeentecode", "12345", "x.csv"],
        ["explain"],
    ],
)
def test_usage_errors_speak_dutch_and_english(
    cli: CliRun, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = cli(*args)
    assert (code, out) == (2, "")
    line = one_line(err)
    assert line.startswith("gmsd-fast: ") and not line.startswith("gmsd-fast: Fout")
    assert not [w for w in CLICK_ENGLISH if w in line], line
    monkeypatch.setenv("GMSD_FAST_LANG", "en")
    code, _, err = cli(*args)
    assert code == 2
    assert any(w in one_line(err) for w in ("No such", "Missing", "Invalid", "requires", "not a command")), (
        err
    )
    assert "hulp" not in err and "Onbekend" not in err and "Ongeldig" not in err


@pytest.mark.parametrize("command", [[], ["check"], ["report"], ["rules"], ["explain"], ["generate"]])
def test_help_is_dutch_by_default_and_english_on_request(
    cli: CliRun, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = cli(*command, "--help")
    assert (code, err) == (0, "")
    assert out.startswith(f"Gebruik: gmsd-fast {' '.join(command)}".rstrip() + " [OPTIES]")
    assert "Opties:" in out and "Toon deze hulp en stop." in out
    assert not [w for w in CLICK_ENGLISH if w in out], out
    for english in (cli(*command, "--help", "--lang", "en"), cli("--lang=en", *command, "--help")):
        assert english[1].startswith("Usage: gmsd-fast") and "Options:" in english[1]
        assert "Gebruik" not in english[1] and "Toon " not in english[1]
    monkeypatch.setenv("GMSD_FAST_LANG", "en")
    assert cli(*command, "--help")[1] == cli(*command, "--help", "--lang", "en")[1]


def test_a_file_without_a_command_gets_the_command(cli: CliRun) -> None:
    code, out, err = cli(str(VALID))
    assert (code, out) == (2, "")
    assert one_line(err) == (
        f"gmsd-fast: {VALID} is geen opdracht van gmsd-fast; om het bestand te controleren:"
        f" gmsd-fast check {VALID}"
    )
    code, _, err = cli("--lang", "en", "levering.zip")
    assert code == 2 and "to check the file: gmsd-fast check levering.zip" in err


def test_version_speaks_the_language(cli: CliRun) -> None:
    code, out, _ = cli("--version")
    assert code == 0 and out.startswith("gmsd-fast, versie ")
    code, out, _ = cli("--lang", "en", "--version")
    assert code == 0 and out.startswith("gmsd-fast, version ")


def test_unexpected_exception_is_one_line(cli: CliRun, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("kapot")

    monkeypatch.setattr(inputs_module, "_core_checks", boom)
    code, _, err = cli("check", str(VALID))
    assert code == 2
    assert one_line(err) == "gmsd-fast: interne fout (RuntimeError: kapot); meld dit alstublieft"


# options


def _json(cli: CliRun, *args: str) -> dict[str, object]:
    code, out, err = cli("check", "--format", "json", *args)
    assert code in (0, 1), err
    doc: dict[str, object] = json.loads(out)
    return doc


def test_select_and_ignore_change_counts(cli: CliRun) -> None:
    full = _json(cli, str(ERRORS))["files"][0]["counts"]  # type: ignore[index]
    selected = _json(cli, "--select", "F015", "--select", "S007,S008", str(ERRORS))["files"][0]["counts"]  # type: ignore[index]
    assert selected == {"F015": 1, "S007": 1, "S008": 1}
    ignored = _json(cli, "--ignore", "F,D", str(ERRORS))["files"][0]["counts"]  # type: ignore[index]
    assert set(ignored) == {c for c in full if c[0] not in "FD"}
    assert all(ignored[c] == full[c] for c in ignored)


def test_max_per_rule_keeps_counts_exact(cli: CliRun) -> None:
    full = _json(cli, str(ERRORS))["files"][0]  # type: ignore[index]
    capped = _json(cli, "--max-per-rule", "1", str(ERRORS))["files"][0]  # type: ignore[index]
    assert capped["counts"] == full["counts"]
    assert capped["counts"]["F011"] == 4
    rules = [f["rule"] for f in capped["findings"]]
    assert sorted(rules) == sorted(set(rules)) == sorted(full["counts"])
    code, out, _ = cli("check", "--max-per-rule", "1", str(ERRORS))
    assert code == 1
    assert f"… en nog 3; alle meldingen: gmsd-fast check --select F011 --all {ERRORS}" in out


def test_every_finding_can_be_shown(cli: CliRun) -> None:
    """Three findings per rule by default, `--max-shown N`, or `--all`; the "… en nog" line
    gives the command that lists them all, and that command does."""
    code, out, _ = cli("check", str(ERRORS))
    assert code == 1
    f011 = out[out.index("\nF011 (4)") :].split("\nF012")[0]
    assert f011.count("  regel ") == 3
    more = f"… en nog 1; alle meldingen: gmsd-fast check --select F011 --all {ERRORS}"
    assert more in f011
    _, out, _ = cli("check", "--max-shown", "4", str(ERRORS))
    assert out[out.index("\nF011 (4)") :].split("\nF012")[0].count("  regel ") == 4
    _, out, _ = cli("check", "--select", "F011", "--all", "--period", "H22025", "--lang", "en", str(ERRORS))
    assert "All findings per rule:" in out
    assert out[out.index("\nF011 (4)") :].count("  line ") == 4 and "more" not in out
    _, out, _ = cli("check", "--max-per-rule", "1", "--max-shown", "1", "--period", "H22025", str(ERRORS))
    assert "gmsd-fast check --select F011 --all --period H22025 " in out


def test_period_option_changes_date_rules(cli: CliRun) -> None:
    counts = _json(cli, "--period", "H12026", str(ERRORS))["files"][0]["counts"]  # type: ignore[index]
    assert counts["D008"] == 1
    doc = _json(cli, "--period", "H22026", str(VALID))["files"][0]  # type: ignore[index]
    assert doc["verdict"] == "rejected"
    assert "N004" in doc["counts"]


def test_jobs_option_gives_same_result(cli: CliRun) -> None:
    assert _json(cli, "--jobs", "1", str(ERRORS)) == _json(cli, "--jobs", "0", str(ERRORS))


def test_output_option_writes_file(cli: CliRun, tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    code, out, _ = cli("check", "--output", str(target), str(ERRORS))
    assert code == 1
    assert out == ""
    assert "AFGEKEURD" in target.read_text(encoding="utf-8")


# rules and explain


def test_rules_lists_catalogue(cli: CliRun) -> None:
    code, out, _ = cli("rules")
    assert code == 0
    assert "F015" in out and "BSN voldoet niet aan de elfproef" in out and "afkeur" in out
    assert "Controle" in out and "Stap" in out and "…" not in out  # nothing is cut
    # Every description whole, however narrow the table.
    words = " ".join(out.split())
    assert "Het bestand is helemaal leeg: 0 bytes, zelfs geen rij met kolomkoppen." in words
    code, out, _ = cli("rules", "--lang", "en")
    assert "BSN fails the elfproef" in out and "bsn-elfproef" not in out
    code, out, _ = cli("rules", "--lang", "en", "--format", "markdown")
    assert code == 0
    assert out.startswith("# Rule catalogue")
    code, out, _ = cli("rules", "--format", "json")
    assert code == 0
    assert len(json.loads(out)) == 69


@pytest.mark.parametrize("name", ["F015", "f015", "bsn-elfproef", "BSN-Elfproef"])
def test_explain_by_code_or_name(cli: CliRun, name: str) -> None:
    code, out, err = cli("explain", name)
    assert code == 0, err
    # Not on a terminal: plain text, the title in words, the name as what --select takes.
    assert out.startswith("F015 BSN voldoet niet aan de elfproef\n\nStap 3 (veldspecificaties) · ")
    assert "naam voor --select en --ignore: bsn-elfproef\n" in out
    assert "\nWat: Het BSN (kolom 3)" in out
    assert not {"#", "*", "`"} & set(out)


def test_explain_in_english(cli: CliRun) -> None:
    code, out, _ = cli("explain", "--lang", "en", "S008")
    assert code == 0
    assert "\nWhat: " in out and "Wat" not in out and "**" not in out
    code, out, _ = cli("explain", "--lang", "en", "L001")
    assert out.startswith("L001 Two files for one municipality and period\n\nDelivery check · severity:")
    assert "step" not in out.lower().split("\n\n")[1]  # the delivery rules are no step of CBS


def test_explain_unknown_rule_exits_2(cli: CliRun) -> None:
    code, out, err = cli("explain", "Z123")
    assert code == 2
    assert out == ""
    assert one_line(err) == "gmsd-fast: onbekende controle 'Z123'; zie 'gmsd-fast rules' voor alle controles"


# the real entry point, in a subprocess


def _python_m(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "python")}
    return subprocess.run(
        [sys.executable, "-m", "gmsd_fast", *args], capture_output=True, text=True, env=env, check=False
    )


def test_subprocess_exit_codes() -> None:
    assert _python_m("check", str(VALID)).returncode == 0
    assert _python_m("check", str(ERRORS)).returncode == 1
    missing = _python_m("check", "--lang", "en", "nope.csv")
    assert missing.returncode == 3
    assert missing.stderr == "gmsd-fast: file not found: nope.csv\n"
    usage = _python_m("check", "--bogus")
    assert usage.returncode == 2
    assert usage.stderr.startswith("gmsd-fast: Onbekende optie '--bogus'")
    assert usage.stderr.count("\n") == 1
    assert _python_m("--help").returncode == 0


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_machine_formats_import_no_rich_report_or_parquet(fmt: str) -> None:
    # Memory: a check stays within 64 MiB whatever the file size; these are not needed here.
    probe = (
        "import sys\n"
        "from gmsd_fast.cli import run\n"
        f"code = run(['check', '--format', '{fmt}', '--output', {os.devnull!r}, {str(VALID)!r}])\n"
        "heavy = ('rich', 'gmsd_fast.report', 'gmsd_fast.output.text', 'pyarrow.parquet')\n"
        "print(code, sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "python")}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    assert done.stdout == "0 []\n"


def test_generate_writes_a_reproducible_checkable_file(cli: CliRun, tmp_path: Path) -> None:
    first, second = tmp_path / "WMO_H22025_a.csv", tmp_path / "WMO_H22025_b.csv"
    for path in (first, second):
        code, out, _ = cli("generate", str(path), "--rows", "500", "--seed", "7", "--faulty-share", "0.2")
        assert code == 0
        summary = json.loads(out)
        assert summary["rows"] == 500
        assert 40 <= summary["faulty_rows"] <= 160
    assert first.read_bytes() == second.read_bytes()
    code, out, _ = cli("check", "--format", "json", str(first))
    assert code == 1
    assert json.loads(out)["files"][0]["rows"] == 500


def test_generate_valid_file_is_accepted(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "WMO_H22025_ok.csv"
    assert cli("generate", str(path), "--rows", "2000", "--gemeentecode", "14")[0] == 0
    code, out, _ = cli("check", "--format", "json", str(path))
    assert code == 0
    assert json.loads(out)["files"][0]["counts"] == {}


def test_generate_bad_period_exits_2(cli: CliRun, tmp_path: Path) -> None:
    code, _, err = cli("generate", str(tmp_path / "x.csv"), "--period", "X")
    assert code == 2
    assert one_line(err).startswith("gmsd-fast: ")


def test_every_command_and_option_has_help_in_both_languages() -> None:
    """A command or option added without a help key would show English help to a Dutch user."""
    import click

    from gmsd_fast.cli import cli as group
    from gmsd_fast.clicklang import Command, Option
    from gmsd_fast.messages import t

    assert isinstance(group, click.Group)
    for name, command in {"": group, **group.commands}.items():
        assert isinstance(command, Command | type(group)) and getattr(command, "help_key", None), name
        for param in command.params:
            if isinstance(param, click.Option):
                assert isinstance(param, Option) and param.help_key, (name, param.name)
                assert t(f"help_{param.help_key}", "nl") != t(f"help_{param.help_key}", "en")
