"""Verdicts CBS would give and advice that names the likely cause (issue 21 items 1-3 and 6,
issue 23 item 7), through the command line: the finding, its words and the exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import gmsd_fast

from .conftest import ROOT, VALID, CliRun

HEADER, *RECORDS = VALID.read_text(encoding="utf-8").splitlines()


def _file(path: Path, records: list[str], header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *records]) + "\n", encoding="utf-8")
    return path


def _with(record: str, **fields: str) -> str:
    """`record` with fields replaced, by column number (`c2="0034"`)."""
    values = record.split(";")
    for key, value in fields.items():
        values[int(key[1:]) - 1] = value
    return ";".join(values)


def _check(cli: CliRun, *args: str) -> tuple[int, dict[str, Any]]:
    """`gmsd-fast check --format json ARGS`: the exit code and the first file's document."""
    code, out, _ = cli("check", "--format", "json", *args)
    return code, json.loads(out)["files"][0]


def _of(doc: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    """The findings of `rule` in a file's document."""
    return [f for f in doc["findings"] if f["rule"] == rule]


def _pipe(data: bytes, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`gmsd-fast check - ARGS` with `data` on standard input, in a subprocess."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "python"), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "gmsd_fast", "check", "-", *args],
        input=data.decode("utf-8"),
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


# Item 1: no verdict without a period.

#: The example with one record that ended before H2 2025: CBS rejects it (D008).
ENDED = [*RECORDS[:3], _with(RECORDS[3], c5="20250101", c6="20250331", c9="20250101", c10="20250331")]


def test_a_pipe_without_a_period_is_never_accepted(tmp_path: Path) -> None:
    data = _file(tmp_path / "WMO_H22025_x.csv", ENDED).read_bytes()
    done = _pipe(data)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[1] == (
        "NIET BEOORDEELD: de verslagperiode is onbekend, dus de datums zijn er niet aan getoetst;"
        " geef --name WMO_H22025_….csv of --period H22025 op."
    )
    assert "GOEDGEKEURD" not in done.stdout and "AFGEKEURD" not in done.stdout
    # On 3 December 2026 the window of H12026 is open: its uitvraag is the one to give.
    later = _pipe(data, "--lang", "en", env={"GMSD_FAST_DELIVERY_DATE": "2026-12-03"})
    assert later.returncode == 1
    assert later.stdout.splitlines()[1] == (
        "UNDECIDED: the reporting period is unknown, so the dates were not checked against it;"
        " give --name WMO_H12026_….csv or --period H12026."
    )
    # Either of them gives the verdict CBS would give.
    for args in (["--name", "WMO_H22025_x.csv"], ["--period", "H22025"]):
        given = _pipe(data, *args)
        assert given.returncode == 1
        assert "AFGEKEURD" in given.stdout and "D008" in given.stdout, args
    valid = _pipe(VALID.read_bytes(), "--name", VALID.name)
    assert valid.returncode == 0 and "GOEDGEKEURD" in valid.stdout


def test_undecided_in_every_output(cli: CliRun, tmp_path: Path) -> None:
    path = _file(tmp_path / "export.csv", RECORDS)
    result = gmsd_fast.validate(path, select=["F", "S", "D"])
    assert (result.verdict, result.accepted, result.period, result.uitvraag) == (
        "undecided",
        False,
        None,
        "H22025",
    )
    data = path.read_bytes()
    assert gmsd_fast.validate_bytes(data, "").verdict == "undecided"
    assert gmsd_fast.validate_bytes(data, "", period="H22025").verdict == "accepted"
    assert gmsd_fast.validate_bytes(data, VALID.name).verdict == "accepted"
    # A name without a period is refused (N001); with N001 ignored it is undecided.
    code, out, _ = cli("check", "--ignore", "N001", "--format", "json", str(path))
    assert code == 1
    assert json.loads(out)["files"][0]["verdict"] == "undecided"
    code, out, _ = cli("check", "--ignore", "N001", "--format", "junit", str(path))
    assert code == 1
    assert '<failure type="undecided" message="NIET BEOORDEELD: de verslagperiode is onbekend' in out
    sheet = tmp_path / "m.xlsx"
    code, _, _ = cli("check", "--ignore", "N001", "--format", "xlsx", "-o", str(sheet), str(path), str(VALID))
    assert code == 1
    rows = list(openpyxl.load_workbook(sheet)["Samenvatting"].iter_rows(values_only=True))
    assert [r[4] for r in rows[2:4]] == ["niet beoordeeld", "goedgekeurd"]
    code, out, _ = cli("check", "--ignore", "N001", str(path), str(VALID))
    assert code == 1
    assert "2 bestanden: 1 goedgekeurd, 0 afgekeurd, 1 niet beoordeeld." in out
    assert "niet beoordeeld" in out.split("Overzicht")[1]
    code, out, _ = cli("report", "--format", "json", str(path))
    doc = json.loads(out)
    assert code == 1
    assert doc["files"][0]["verdict"] == "rejected"  # N001: the name has no period
    # The report of a file read from a pipe without a period.
    pipe = subprocess.run(
        [sys.executable, "-m", "gmsd_fast", "report", "-"],
        input=data.decode(),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "python")},
        check=False,
    )
    assert pipe.returncode == 1
    assert "NIET BEOORDEELD: Van het bestand is de verslagperiode onbekend" in pipe.stdout
    assert "--period H22025" in pipe.stdout


def test_fix_reports_undecided(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "python")}
    done = subprocess.run(
        # The output is checked under its own name, which has no period: N001, ignored here.
        [sys.executable, "-m", "gmsd_fast", "fix", "-", "--ignore", "N001", "-o", str(tmp_path / "out.csv")],
        input=VALID.read_text(),
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert "NIET BEOORDEELD: de verslagperiode is onbekend" in done.stdout


# Item 2: the delivery window.


def test_the_readme_example_is_accepted_on_3_december_2026(cli: CliRun) -> None:
    code, out, _ = cli("check", "--delivery-date", "2026-12-03", str(VALID))
    assert code == 0 and "GOEDGEKEURD" in out


def test_a_file_for_a_closed_window_is_refused(cli: CliRun, tmp_path: Path) -> None:
    old = _file(tmp_path / "WMO_H12025_0014.csv", RECORDS[:1])
    code, doc = _check(cli, "--delivery-date", "2026-12-03", str(old))
    assert code == 1
    [n004] = _of(doc, "N004")
    assert n004["message"] == (
        "Het bestand gaat over H12025, maar op 3 december 2026 loopt de aanleverperiode van"
        " uitvraag H12026, waarin CBS alleen H12026 en H22025 aanneemt: de aanleverperiode voor"
        " H12025 is voorbij. Klopt de code uitvraag in de naam niet, verbeter hem dan; controleert"
        " u een oud bestand, geef dan met --delivery-date de dag op waarop het werd aangeleverd."
    )
    # In its own window (the suite's day, 2 February 2026), or with --period pinning one
    # that accepts it, it is not refused for it.
    for args in ([], ["--period", "H22025", "--delivery-date", "2026-12-03"]):
        code, out, _ = cli("check", "--format", "json", *args, str(old))
        assert "N004" not in json.loads(out)["files"][0]["counts"], args
    # Between a close and the next opening the next window applies.
    code, out, _ = cli("check", "--lang", "en", "--delivery-date", "2026-03-01", str(old))
    assert code == 1
    assert "the delivery window of period code H12026 is open" in out


def test_the_day_comes_from_the_environment_in_a_subprocess(tmp_path: Path) -> None:
    old = _file(tmp_path / "WMO_H12025_0014.csv", RECORDS[:1]).read_bytes()
    name = ["--name", "WMO_H12025_0014.csv", "--format", "json"]
    on = {
        day: json.loads(_pipe(old, *name, env={"GMSD_FAST_DELIVERY_DATE": day}).stdout)
        for day in ("2026-02-02", "2026-12-03")
    }
    assert "N004" not in on["2026-02-02"]["files"][0]["counts"]
    assert on["2026-12-03"]["files"][0]["counts"]["N004"] == 1
    bad = _pipe(old, "--delivery-date", "3-12-2026")
    assert bad.returncode == 2
    assert bad.stderr == (
        'gmsd-fast: ongeldige aanleverdatum "3-12-2026": gebruik JJJJ-MM-DD, bijvoorbeeld 2026-02-02\n'
    )


def test_a_period_the_protocol_is_not_for_gets_one_warning(cli: CliRun, tmp_path: Path) -> None:
    # Running in H2 2025 and H1 2026, made in August 2026.
    fields = [r.split(";") for r in RECORDS]
    running = [_with(";".join(f), c1="202608150900") for f in fields if f[9] == "" and f[5] >= "20260630"]
    later = _file(tmp_path / "WMO_H12026_0014.csv", running)
    code, out, _ = cli("check", "--format", "json", "--delivery-date", "2026-12-03", str(later))
    doc = json.loads(out)["files"][0]
    assert code == 0, doc["findings"]
    assert doc["counts"] == {"N007": 1}
    assert doc["findings"][0]["message"] == (
        "Het bestand gaat over H12026, maar het meegeleverde protocol is dat van uitvraag H22025"
        " (voor H22025 en H12025). gmsd-fast heeft het bestand daarmee gecontroleerd; wat het"
        " protocol voor H12026 anders zegt, is niet meegenomen. Controleer het opnieuw met een"
        " versie van gmsd-fast die het protocol van H12026 kent."
    )


# Item 3: name the likely cause.


def test_a_wrong_half_year_in_the_name_is_named(cli: CliRun, tmp_path: Path) -> None:
    wrong = tmp_path / "WMO_H22024_0014.csv"
    wrong.write_bytes(VALID.read_bytes())
    code, doc = _check(cli, "--all", str(wrong))
    assert code == 1
    # The counts stay exact: one finding per record and date, as before.
    assert doc["counts"]["D001"] == 19 and doc["counts"]["D003"] == 16
    [n008] = _of(doc, "N008")
    assert n008["message"] == (
        "Van de 25 records vallen er 19 buiten H22024, de verslagperiode uit de bestandsnaam, en"
        " 19 daarvan in H22025. Waarschijnlijk is de naam fout, niet de records: laat ze niet weg,"
        " maar controleer of dit de export over H22025 is en noem het bestand dan"
        " WMO_H22025_0014.csv."
    )
    assert not [f for f in doc["findings"] if "laat het record weg" in f["message"]]
    d001 = _of(doc, "D001")[0]
    assert "verbeter dan de code uitvraag in de naam" in d001["message"]


@pytest.mark.parametrize(("column", "value", "rule"), [(2, "0034", "R004"), (1, "202601200916", "R003")])
def test_one_odd_first_record_is_one_finding(
    cli: CliRun, tmp_path: Path, column: int, value: str, rule: str
) -> None:
    records = [_with(RECORDS[0], **{f"c{column}": value}), *RECORDS[1:]]
    path = _file(tmp_path / VALID.name, records)
    code, doc = _check(cli, str(path))
    assert code == 1
    odd = _of(doc, rule)
    assert [(f["line"], f["value"]) for f in odd] == [(2, value)]
    assert doc["counts"][rule] == 1
    field = "gemeentecode" if rule == "R004" else "aanmaakdatum"
    expected = "0014" if rule == "R004" else "202601200915"
    assert odd[0]["message"].startswith(
        f"{field.capitalize()} {value} wijkt af van {expected}, de {field} van 24 van de 25 records"
        " (voor het eerst op regel 3)"
    )


def test_a_header_split_otherwise_is_one_finding(cli: CliRun, tmp_path: Path) -> None:
    header_commas = _file(tmp_path / VALID.name, RECORDS, header=HEADER.replace(";", ","))
    code, out, _ = cli("check", "--format", "json", str(header_commas))
    assert code == 1
    assert json.loads(out)["files"][0]["counts"] == {"S005": 1}
    records_commas = _file(tmp_path / "WMO_H22025_b.csv", [r.replace(";", ",") for r in RECORDS])
    code, out, _ = cli("check", "--format", "json", str(records_commas))
    assert code == 1
    doc = json.loads(out)["files"][0]
    assert doc["counts"] == {"S013": 1}
    assert doc["findings"][0]["line"] == 2
    assert doc["findings"][0]["message"].startswith("De records gebruiken komma's als scheidingsteken")


# Item 6 (the words this branch owns): D006 on a running voorziening, F007 is step 2.


def test_d006_on_a_running_voorziening_speaks_of_an_extension(cli: CliRun, tmp_path: Path) -> None:
    running = _with(RECORDS[0], c6="20250531")  # no actual end date
    path = _file(tmp_path / VALID.name, [running, *RECORDS[1:]])
    code, doc = _check(cli, str(path))
    assert code == 1
    [d006] = _of(doc, "D006")
    assert d006["message"] == (
        "Beoogde einddatum 20250531 (31 mei 2025) ligt vóór de eerste dag van de verslagperiode"
        " H22025 (1 juli 2025), maar er is geen daadwerkelijke einddatum: loopt de voorziening"
        " nog, dan is de toewijzing waarschijnlijk verlengd en hoort hier de beoogde einddatum van"
        " de verlenging. Is de voorziening vóór 1 juli 2025 geëindigd, vul dan de daadwerkelijke"
        " einddatum in: dan stond hij in de periode niet open."
    )
    assert "laat het record weg" not in d006["message"]


def test_scientific_notation_stops_cbs_at_step_2(cli: CliRun, tmp_path: Path) -> None:
    records = [_with(r, c1="2,02601E+11") for r in RECORDS]
    path = _file(tmp_path / VALID.name, records)
    code, out, _ = cli("check", str(path))
    assert code == 1
    assert "CBS stopt bij stap 2 van 3" in out
    f007 = _of(_check(cli, str(path))[1], "F007")[0]
    assert f007["pass"] == 2
