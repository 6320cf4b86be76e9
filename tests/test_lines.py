"""`output.lines`: into a pipe or file the lines and tables are written as rich wrote them there
(without rich), in a terminal they are still rich's, styled."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len as rich_cell_len
from rich.console import Console

from gmsd_fast.output.lines import NOT_A_TERMINAL, Line, Out, Table, _single_cells, cell_len, is_terminal

from .conftest import VALID, CliRun

ESC = "\x1b["


@pytest.fixture(autouse=True)
def _no_terminal_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)


def _as_rich_wrote_it(line: Line) -> str:
    """What our console for pipes and files wrote before `output.lines`: rich's, told that it is
    no terminal, with no colour and no line broken."""
    file = io.StringIO()
    Console(file=file, **NOT_A_TERMINAL).print(line.rich())
    return file.getvalue()


@pytest.mark.parametrize(
    "line",
    [
        Line("GOEDGEKEURD", style="bold green").append(": geen meldingen", style=""),
        Line("  regel 5: " + "lang " * 60),  # longer than rich's width of 120
        Line("kolom\tmet tab", style="bold"),
        Line("twee\nregels"),
        Line("los\rCR, bel\x07 en escape\x1b[31m"),
        Line("日本🙂 Súdwest-Fryslân …"),
        Line(),
    ],
)
def test_a_line_into_a_pipe_is_written_as_rich_wrote_it(line: Line) -> None:
    file = io.StringIO()
    Out(file).print(line)
    assert file.getvalue() == _as_rich_wrote_it(line)


def test_cells_are_counted_as_rich_counts_them() -> None:
    """The fast path's characters are one cell for rich too; wide ones go to rich's tables."""
    assert all(rich_cell_len(char) == 1 for char in _single_cells())
    for text in ("regels 2, 3, 4 …", "0014 Groningen", "日本🙂.csv", "e\u0301", "", "esc\x1b", "a\x7f"):
        assert cell_len(text) == rich_cell_len(text), text


def test_a_table_into_a_pipe_is_rows_of_whole_cells() -> None:
    table = Table(show_edge=False, box=None)
    table.add_column("Bestand", overflow="fold")
    table.add_column("Aantal", justify="right", no_wrap=True)
    table.add_column("Oordeel")
    table.add_row("日本.csv", Line("12", style="red"), Line("afgekeurd", style="bold red"))
    table.add_row(Line("een heel  lange\tnaam.csv"), "3")  # a cell too few: empty
    table.add_row(None, "1000", "goedgekeurd")
    file = io.StringIO()
    Out(file).table(table)
    assert file.getvalue() == (
        "Bestand                  Aantal  Oordeel\n"
        "日本.csv                     12  afgekeurd\n"  # 日 and 本 two cells each
        "een heel lange naam.csv       3\n"
        "                           1000  goedgekeurd\n"
    )


def test_a_table_without_header() -> None:
    table = Table(show_header=False)
    table.add_column("a")
    table.add_row("x")
    file = io.StringIO()
    Out(file).table(table)
    assert file.getvalue() == "x\n"


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"FORCE_COLOR": "1"},
        {"FORCE_COLOR": ""},
        {"TTY_COMPATIBLE": "1"},
        {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"},
    ],
)
def test_a_terminal_is_what_rich_takes_for_one(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    file = io.StringIO()
    assert is_terminal(file) == Console(file=file).is_terminal


def test_in_a_terminal_the_check_is_rich_styled(cli: CliRun, monkeypatch: pytest.MonkeyPatch) -> None:
    """FORCE_COLOR makes rich take standard output for a terminal: the verdict in colour and
    the table drawn by rich, as on a screen."""
    code, plain, _ = cli("check", str(VALID))
    assert ESC not in plain
    monkeypatch.setenv("FORCE_COLOR", "1")
    code, styled, _ = cli("check", str(VALID))
    assert code == 0
    assert ESC in styled
    assert "\x1b[1;32mGOEDGEKEURD" in styled
    # Without the codes the words are the same.
    assert re.sub(r"\x1b\[[0-9;]*m", "", styled).split() == plain.split()


def test_in_a_terminal_the_report_and_rules_are_rich_styled(
    cli: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, report, _ = cli("report", str(VALID), "--lang", "en")
    assert ESC in report and "\x1b[1;4m" in report  # a heading, bold and underlined
    _, rules, _ = cli("rules", "--lang", "en")
    assert ESC in rules and "F003" in rules
