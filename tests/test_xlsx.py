"""`--format xlsx`: a workbook that opens, read back with openpyxl (read-only, as a spreadsheet
program would read it): a summary and the findings, Dutch by default, every text a string
(no formulas, zeros kept), BSNs masked, filters and widths; and the writer streams."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow as pa
import pytest

from gmsd_fast import validate
from gmsd_fast.output import xlsx as xlsx_output

from .conftest import ERRORS, VALID, CliRun
from .wmo import HEADER, example_record


def sheets(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    finally:
        book.close()


def sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/worksheets/")}


def test_workbook_in_dutch(cli: CliRun, tmp_path: Path) -> None:
    target = tmp_path / "meldingen.xlsx"
    code, out, err = cli("check", "--format", "xlsx", "--output", str(target), str(ERRORS), str(VALID))
    assert (code, out, err) == (1, "", "")
    book = sheets(target)
    assert list(book) == ["Samenvatting", "Meldingen"]
    summary, findings = book["Samenvatting"], book["Meldingen"]
    assert findings[0] == (
        "Bestand",
        "Regel",
        "Kolom",
        "Veldnaam",
        "Controle",
        "Titel",
        "Ernst",
        "Melding",
        "Waarde",
    )
    rows = [dict(zip(findings[0], r, strict=True)) for r in findings[1:]]
    _, out, _ = cli("check", "--format", "json", str(ERRORS), str(VALID))
    doc = json.loads(out)
    expected = [f for file in doc["files"] for f in file["findings"]] + doc["delivery"]["findings"]
    assert len(rows) == len(expected) == 43 + 1  # every finding of the example, and L001
    assert {r["Ernst"] for r in rows} == {"afkeur", "fout", "waarschuwing", "advies"}
    zero = next(r for r in rows if r["Controle"] == "F011" and r["Kolom"] == 3)
    assert (
        zero["Veldnaam"] == "BSN" and zero["Waarde"] == "*******00" and zero["Titel"] == "Gevuld met nullen"
    )
    assert zero["Melding"].startswith("Kolom 3 \u2018BSN\u2019 is gevuld met nullen")
    assert isinstance(zero["Regel"], int) and isinstance(zero["Kolom"], int)
    codes = {r["Waarde"] for r in rows if r["Controle"] == "R004"}
    assert codes == {"0457"}, "a code keeps its leading zero"
    # The summary: one row per file with exact counts per severity, then per file and rule.
    assert summary[0][0] == "Bestanden" and summary[1][:5] == (
        "Bestand",
        "Gemeente",
        "Verslagperiode",
        "Records",
        "Oordeel",
    )
    files = {r[0]: r for r in summary[2:5]}
    assert files[str(ERRORS)][1:6] == ("0014 Groningen", "H22025", 35, "afgekeurd", "2 (kolommen en tekens)")
    assert files[str(ERRORS)][6:] == (26, 11, 3, 3)
    assert files[str(VALID)][4] == "goedgekeurd" and files["(levering)"][4] == "afgekeurd"
    per_rule = [
        r for r in summary if r and r[0] == str(ERRORS) and isinstance(r[4], int) and r[1] != "0014 Groningen"
    ]
    assert {r[1]: r[4] for r in per_rule} == doc["files"][0]["counts"]
    assert ("F011", "Gevuld met nullen", "afkeur/fout", 4, 4) in [r[1:6] for r in per_rule]
    # Filters on every column of the findings, the header frozen, widths set.
    xml = sheet_xml(target)
    findings_xml = xml["xl/worksheets/sheet2.xml"]
    assert re.search(r'<autoFilter ref="A1:I45"/>', findings_xml), findings_xml[-400:]
    assert '<pane ySplit="1"' in findings_xml and "<cols>" in findings_xml


def test_workbook_in_english(cli: CliRun, tmp_path: Path) -> None:
    target = tmp_path / "findings.xlsx"
    code, _, _ = cli("check", "--lang", "en", "--format", "xlsx", "-o", str(target), str(ERRORS))
    assert code == 1
    book = sheets(target)
    assert list(book) == ["Summary", "Findings"]
    assert book["Findings"][0] == (
        "File",
        "Line",
        "Column",
        "Field name",
        "Rule",
        "Title",
        "Severity",
        "Message",
        "Value",
    )
    words = {r[6] for r in book["Findings"][1:]}
    assert words == {"reject", "error", "warning", "advice"}
    assert not any("Kolom" in str(r[7]) for r in book["Findings"][1:])


def test_xlsx_needs_an_output(cli: CliRun) -> None:
    code, out, err = cli("check", "--format", "xlsx", str(VALID))
    assert (code, out) == (2, "")
    assert err.startswith(
        "gmsd-fast: --format xlsx schrijft een Excel-werkmap; geef het doel op met --output"
    )


def test_no_cell_is_a_formula(cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Formula-like file names and values are strings in the workbook, never formulas, links or
    numbers (OWASP's CSV injection applies to anything a spreadsheet opens)."""
    records = [
        example_record(c11='=HYPERLINK("http://x")', c12="+1", c13="-1", c14="@SUM(A1)"),
        example_record(c4="-0002", c17="=1+1", c18="http://x"),
    ]
    monkeypatch.chdir(tmp_path)
    names = ["=WMO_H22025.csv", "+WMO_H22025.csv", "@WMO_H22025.csv"]
    for name in names:
        Path(name).write_text("\n".join([HEADER, *records]) + "\n", encoding="utf-8")
    code, _, err = cli("check", "--format", "xlsx", "-o", "uit.xlsx", "--", *names)
    assert (code, err) == (1, "")
    for name, xml in sheet_xml(tmp_path / "uit.xlsx").items():
        assert "<f>" not in xml and "<hyperlink" not in xml, name
    findings = sheets(tmp_path / "uit.xlsx")["Meldingen"][1:]
    assert {r[0] for r in findings} == {*names, "(levering)"}  # three files of one gemeente: L001
    values = {r[8] for r in findings}
    assert {'=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "-0002", "=1+1"} <= values


def batches_of(rows: int) -> Iterator[pa.RecordBatch]:
    """`rows` findings of one file, as a stream of small batches, generated as it is read."""
    result = validate(ERRORS)
    one = result.findings.slice(1, 1)  # a finding with a line and column (F015)
    for start in range(0, rows, 7):
        yield from pa.concat_tables([one] * min(7, rows - start)).to_batches()


def test_findings_continue_on_a_next_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet holds a limited number of rows; the writer consumes the batches as a stream and
    goes on in a sheet "Meldingen 2". Here the limit is made small to try it."""
    monkeypatch.setattr(xlsx_output, "SHEET_ROWS", 11)
    target = tmp_path / "veel.xlsx"
    result = validate(ERRORS)
    xlsx_output.write(str(target), batches_of(25), [result], "nl")
    book = sheets(target)
    assert list(book) == ["Samenvatting", "Meldingen", "Meldingen 2", "Meldingen 3"]
    assert [len(book[s]) - 1 for s in list(book)[1:]] == [10, 10, 5]
    assert all(book[s][0][0] == "Bestand" for s in list(book)[1:])
    shown = {r[1]: r[5] for r in book["Samenvatting"] if r and r[0] == str(ERRORS) and isinstance(r[5], int)}
    assert shown["F015"] == 25


def test_all_puts_every_finding_in_the_workbook(cli: CliRun, tmp_path: Path) -> None:
    capped, every = tmp_path / "capped.xlsx", tmp_path / "all.xlsx"
    cli("check", "--max-per-rule", "1", "--format", "xlsx", "-o", str(capped), str(ERRORS))
    cli("check", "--max-per-rule", "1", "--all", "--format", "xlsx", "-o", str(every), str(ERRORS))
    assert len(sheets(capped)["Meldingen"]) - 1 == 36  # one per rule
    assert len(sheets(every)["Meldingen"]) - 1 == 43
    note = [r[0] for r in sheets(capped)["Samenvatting"] if r and str(r[0]).startswith("Het werkblad")]
    assert note == [
        "Het werkblad Meldingen toont per controle hooguit 1 melding; de aantallen hier zijn exact."
        " Alle meldingen: gmsd-fast check --all --format xlsx."
    ]
    assert not [r for r in sheets(every)["Samenvatting"] if r and str(r[0]).startswith("Het werkblad")]


def test_workbook_of_a_large_file_opens(cli: CliRun, big_file: Path, tmp_path: Path) -> None:
    """5 million records, every one with a mistake: the workbook (capped, as by default) is
    written and read back whole, its counts the exact counts of the check."""
    target = tmp_path / "groot.xlsx"
    code, out, err = cli("check", "--format", "xlsx", "-o", str(target), str(big_file))
    assert (code, out, err) == (1, "", "")
    book = sheets(target)
    counts = validate(big_file).counts
    per_rule = {r[1]: r[4:6] for r in book["Samenvatting"][6:] if r and r[0] == str(big_file)}
    assert {code: n for code, (n, _) in per_rule.items()} == counts
    assert all(shown == min(n, 100) for n, shown in per_rule.values())
    assert len(book["Meldingen"]) - 1 == sum(min(n, 100) for n in counts.values())
    assert sum(counts.values()) >= 5_000_000
