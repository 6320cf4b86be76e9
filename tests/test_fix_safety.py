"""The cases of issues 21 and 22 about repairs, as a user meets them on the command line: a file
of the shape described, the finding and its words, what `fix` writes and the exit code.

- 22, "Why" 1: one `;` too many inside a record is undone only as the only reading; `fix` never
  shifts columns into a record that says something else.
- 21, item 5: what `check` calls repairable is what `fix` repairs (a zero-filled start date is
  not emptied into R002).
- 21, item 4: what a spreadsheet leaves: rows of separators only, Excel date serials,
  non-breaking spaces.
"""

from __future__ import annotations

from pathlib import Path

from gmsd_fast import validate, validate_bytes

from .conftest import VALID, CliRun

NAME = "WMO_H22025_test.csv"
HEADER, *RECORDS = VALID.read_text(encoding="utf-8").splitlines()


def write(path: Path, records: list[str], ending: str = "\n") -> Path:
    path.write_text(ending.join([HEADER, *records]) + ending, encoding="utf-8")
    return path


def with_field(record: str, column: int, value: str) -> str:
    fields = record.split(";")
    fields[column - 1] = value
    return ";".join(fields)


def test_a_separator_too_many_inside_a_record_is_undone_or_left(cli: CliRun, tmp_path: Path) -> None:
    """Issue 22, "Why" 1: an empty field between columns 12 and 13 of every record. On the landed
    main, `fix` took the last `;` away, padded the shifted values and said GOEDGEKEURD for records
    that said something else (reden beëindiging `02` became reden wijziging `02`)."""
    damaged = []
    for record in RECORDS:
        fields = record.split(";")
        fields.insert(12, "")
        damaged.append(";".join(fields))
    source = write(tmp_path / NAME, damaged)
    code, stdout, _ = cli("check", str(source), "--all")
    assert code == 1
    # Line 2 ends in a `;` (its last column is empty), but that is not the one too many; in a
    # record whose columns 13-18 are all empty, the last one is as good as any of them.
    text = " ".join(stdout.split())
    line_2 = text[text.index("regel 2: ") : text.index("regel 3: ")]
    volume = "kolom 12 \u2018Intensiteit ondersteuning (beschikt volume)\u2019"
    assert f"alleen zonder de puntkomma na {volume}" in line_2
    assert "laatste puntkomma" not in line_2
    empty_tail = sum(1 for record in RECORDS if not record.split(";")[12:].count("") < 6)
    assert text.count("haal de laatste puntkomma weg") == empty_tail
    out = tmp_path / "WMO_H22025_hersteld.csv"
    code, stdout, _ = cli("fix", str(source), "-o", str(out))
    written = out.read_text(encoding="utf-8").splitlines()[1:]
    assert len(written) == len(RECORDS)
    for original, before, after in zip(RECORDS, damaged, written, strict=True):
        assert after in (original, before), (before, after)
    # Here every record has one reading: the file is the example again.
    assert written == RECORDS
    assert code == 0 and "GOEDGEKEURD" in stdout


def test_a_separator_too_many_that_can_be_read_two_ways_is_left(cli: CliRun, tmp_path: Path) -> None:
    """A record ending `…;;02;` with one `;` too many: the last, or the one after column 16?
    Both give a record whose every field fits: reden wijziging `02`, or reden beëindiging `02`
    (the issue's record that came out saying something else)."""
    damaged = with_field(RECORDS[4], 18, "02") + ";"
    source = write(tmp_path / NAME, [RECORDS[0], damaged, *RECORDS[1:3]])
    code, stdout, _ = cli("check", str(source), "--lang", "en")
    assert code == 1
    assert "Without the last semicolon every field fits its column, but also without another one" in " ".join(
        stdout.split()
    )
    out = tmp_path / "WMO_H22025_hersteld.csv"
    code, stdout, _ = cli("fix", str(source), "-o", str(out), "--lang", "en")
    assert code == 1 and "REJECTED" in stdout
    assert out.read_text(encoding="utf-8").splitlines()[2] == damaged


def test_check_counts_only_what_fix_repairs(cli: CliRun, tmp_path: Path) -> None:
    """Issue 21: "2 hiervan kunnen worden hersteld", and `fix` emptied two zero-filled cells
    after which the record was rejected for lacking a start date (R002)."""
    record = with_field(with_field(RECORDS[0], 5, "00000000"), 9, "00000000")
    source = write(tmp_path / NAME, [record, *RECORDS[1:3]])
    checked = validate(source)
    assert checked.counts == {"F011": 2} and checked.fixable == {}
    code, stdout, _ = cli("check", str(source))
    assert code == 1 and "hersteld" not in stdout
    out = tmp_path / "WMO_H22025_hersteld.csv"
    code, stdout, _ = cli("fix", str(source), "-o", str(out))
    assert code == 1
    assert out.read_bytes() == source.read_bytes()
    assert validate(out).counts == {"F011": 2}
    # With a start date beside it, the zero-filled one is an empty cell: emptied, and counted.
    record = with_field(RECORDS[0], 5, "00000000")
    source = write(tmp_path / NAME, [record])
    assert validate(source).fixable == {"F011": 1}
    code, _, _ = cli("fix", str(source), "-o", str(out))
    assert code == 0 and validate(out).counts == {}


def test_rows_of_separators_left_by_excel(cli: CliRun, tmp_path: Path) -> None:
    """Issue 21, item 4: three rows of only `;` gave 15 findings "is leeg, maar moet altijd
    gevuld zijn", and `fix` said there was nothing to repair."""
    source = write(tmp_path / NAME, [*RECORDS, ";" * 17, ";" * 17, ";" * 17], "\r\n")
    checked = validate(source)
    assert checked.counts == {"S015": 3} and checked.fixable == {"S015": 3}
    assert checked.rows == len(RECORDS)
    code, stdout, _ = cli("check", str(source))
    assert code == 1
    assert "Deze regel bevat alleen 17 puntkomma's en geen waarden" in stdout
    assert "moet altijd gevuld zijn" not in stdout
    code, stdout, _ = cli("check", str(source), "--lang", "en")
    assert "This line holds only 17 semicolons and no values" in stdout
    assert "3 of these can be repaired with `gmsd-fast fix`." in stdout
    out = tmp_path / "WMO_H22025_hersteld.csv"
    code, stdout, _ = cli("fix", str(source), "-o", str(out))
    assert code == 0 and "GOEDGEKEURD" in stdout
    assert out.read_bytes() == "\r\n".join([HEADER, *RECORDS, ""]).encode("utf-8")
    assert validate(out).rows == checked.rows


def test_an_excel_date_serial_names_its_date(cli: CliRun, tmp_path: Path) -> None:
    """Issue 21, item 4: `45748` for 1 April 2025 was "5 posities, moeten er 8 zijn"."""
    record = with_field(RECORDS[1], 5, "45748")
    source = write(tmp_path / NAME, [RECORDS[0], record])
    code, stdout, _ = cli("check", str(source))
    assert code == 1
    assert (
        "Kolom 5 \u2018Beoogde startdatum ondersteuning\u2019 (45748) is geen datum maar waarschijnlijk een "
        "datumgetal van Excel: daar staat 45748 voor 1 april 2025 (in het 1904-datumsysteem van "
        "oudere Mac-versies voor 2 april 2029). Schrijf de datum als 20250401"
    ) in " ".join(stdout.split())
    code, stdout, _ = cli("check", str(source), "--lang", "en")
    assert "there 45748 stands for 1 April 2025" in " ".join(stdout.split())
    # Converting is unsafe (a workbook may count from 1904): only with --unsafe-fixes.
    out = tmp_path / "WMO_H22025_hersteld.csv"
    code, _, _ = cli("fix", str(source), "-o", str(out))
    assert code == 1 and out.read_bytes() == source.read_bytes()
    code, _, _ = cli("fix", str(source), "-o", str(out), "--unsafe-fixes")
    assert code == 0
    assert out.read_text(encoding="utf-8").splitlines()[2] == RECORDS[1]


def test_a_non_breaking_space_is_shown_and_trimmed(cli: CliRun, tmp_path: Path) -> None:
    """Issue 21, item 4: a non-breaking space after a date was shown as an ordinary space and
    left by `fix`."""
    record = with_field(RECORDS[1], 9, "20250407\u00a0")
    source = write(tmp_path / NAME, [RECORDS[0], record])
    checked = validate_bytes(source.read_bytes(), NAME)
    (finding,) = checked.findings.to_pylist()
    assert (finding["rule"], finding["column"], finding["value"]) == ("F019", 9, "20250407\\u{a0}")
    assert "het teken U+00A0, dat eruitziet als een spatie" in finding["message"]
    code, stdout, _ = cli("check", str(source), "--lang", "en")
    assert code == 1 and "the character U+00A0" in " ".join(stdout.split())
    out = tmp_path / "WMO_H22025_hersteld.csv"
    code, stdout, _ = cli("fix", str(source), "-o", str(out))
    assert code == 0
    assert out.read_text(encoding="utf-8").splitlines()[2] == RECORDS[1]
