"""`gmsd-fast report`: counts, verdicts, delivery findings, --previous signals, formats."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from .chromium import find as find_chromium
from .conftest import ERRORS, ROOT, CliRun
from .wmo import UNKNOWN, bsns, make_zip, record, simple, wmo_file, write

# --- the merge steps: counts equal a hand computation ----------------------------------


def merge_file(tmp_path: Path) -> Path:
    a, b, c = (next(bsns(n)) for n in (20_000_000, 30_000_000, 40_000_000))
    records = [
        # A, 0002 ZIN: Jul 1-31 and Aug 3-31 merge (start <= end + 3 days: Aug 3 <= Jul 31 + 3);
        # Sep 4-30 starts 4 days after Aug 31 and stays apart -> 2 voorzieningen
        record("0014", a, "0002", "20250701", "20250731", "4", 1),
        record("0014", a, "0002", "20250803", "20250831", "4", 2),
        record("0014", a, "0002", "20250904", "20250930", "4", 3),
        # B, 0003, the same toewijzingsnummer and dates but ZIN vs PGB -> 2 voorzieningen
        record("0014", b, "0003", "20250701", "20250801", "4", 5),
        record("0014", b, "0003", "20250701", "20250801", "2", 5),
        # C, 0001: an open end absorbs the later Nov record -> 1 voorziening, open-ended
        record("0014", c, "0001", "20250701", "", "4", 7),
        record("0014", c, "0001", "20251101", "20251130", "4", 8),
        # unknown BSN: no client, each record its own voorziening -> 2
        record("0014", UNKNOWN, "0007", "20250701", "20250815", "4", 9),
        record("0014", UNKNOWN, "0007", "20250701", "20250815", "4", 9),
    ]
    return write(tmp_path / "WMO_H22025_Groningen.csv", records)


def report_json(cli: CliRun, *args: str) -> tuple[int, dict[str, Any]]:
    code, out, err = cli("report", "--format", "json", *args)
    assert err == "" or code != 2, err
    return code, json.loads(out)


def test_merge_counts_equal_hand_computation(cli: CliRun, tmp_path: Path) -> None:
    code, doc = report_json(cli, str(merge_file(tmp_path)))
    assert code == 0
    (f,) = doc["files"]
    assert (f["verdict"], f["gemeentecode"], f["gemeente"], f["rows"]) == ("accepted", "0014", "Groningen", 9)
    c = f["counts"]
    assert c["clients"] == 3  # A, B, C; the unknown BSN is counted apart
    assert c["unknown_bsn_rows"] == 2
    assert c["voorzieningen"] == 2 + 2 + 1 + 2
    assert c["voorzieningen_per_type"] == {"0001": 1, "0002": 2, "0003": 2, "0007": 2}
    assert c["voorzieningen_per_group"] == {
        "hulp_bij_het_huishouden": 1,
        "ondersteuning_thuis": 6,
        "hulpmiddelen_en_diensten": 0,
        "verblijf_en_opvang": 0,
        "overig": 0,
    }
    assert c["clients_per_group"]["ondersteuning_thuis"] == 2 and c["clients_per_group"]["overig"] == 0
    assert c["voorzieningen_per_leveringsvorm"] == {"2": 1, "4": 6}
    assert (c["started_in_period"], c["ended_in_period"], c["open_ended"]) == (7, 6, 1)
    # merged starts: six on Jul 1, A's second voorziening on Sep 4
    assert c["starts_per_month"] == {"2025-07": 6, "2025-09": 1}
    # merged ends: A Aug 31 and Sep 30, B twice Aug 1, unknown twice Aug 15; C is open
    assert c["ends_per_month"] == {"2025-08": 5, "2025-09": 1}
    assert doc["total"]["voorzieningen"] == 7 and doc["total"]["clients"] == 3
    assert doc["verdict"] == "accepted" and doc["delivery_findings"] == []


def test_text_report_is_dutch_with_group_names(cli: CliRun, tmp_path: Path) -> None:
    code, out, err = cli("report", str(merge_file(tmp_path)))
    assert (code, err) == (0, "")
    assert "GOEDGEKEURD: CBS zal deze levering accepteren." in out
    for group in ("Hulp bij het huishouden", "Ondersteuning thuis", "Hulpmiddelen en diensten"):
        assert group in out
    assert "Verblijf en opvang" in out and "Overig" in out
    assert "0014 Groningen" in out and "PGB" in out and "ZIN" in out
    assert "(controle L003) is niet gecontroleerd" in out
    assert "\x1b[" not in out
    code, out, _ = cli("report", "--lang", "en", str(merge_file(tmp_path)))
    assert "ACCEPTED: CBS will accept this delivery." in out
    assert "(rule L003) was not checked" in out


# --- a zip with several municipalities -------------------------------------------------


def delivery_zip(tmp_path: Path) -> Path:
    rotterdam = simple("0599", 4, first=50_000_000)
    rotterdam.append(record("0599", next(bsns(51_000_000)), "0002", "20250701", "20251130", "4", 99))
    rotterdam.append(record("0014", next(bsns(52_000_000)), "0002", "20250701", "20251130", "4", 98))
    amsterdam = simple("0363", 5, first=60_000_000)
    amsterdam.append(record("0363", next(bsns(61_000_000)), "0015", "20250701", "20251130", "4", 77))
    return make_zip(
        tmp_path / "regio.zip",
        {
            "WMO_H22025_Groningen.csv": wmo_file(simple("0014", 3)),
            "WMO_H22025_Amsterdam.csv": wmo_file(amsterdam),
            "WMO_H22025_Rotterdam.csv": wmo_file(rotterdam),  # a row of 0014: R004, L002
            "WMO_H22025_Groningen_v2.csv": wmo_file(simple("0014", 2)),  # L001
        },
    )


def test_zip_of_municipalities(cli: CliRun, tmp_path: Path) -> None:
    archive = delivery_zip(tmp_path)
    code, doc = report_json(cli, str(archive))
    assert code == 1
    files = {Path(f["path"]).name: f for f in doc["files"]}
    assert {n: f["verdict"] for n, f in files.items()} == {
        "WMO_H22025_Groningen.csv": "accepted",
        "WMO_H22025_Amsterdam.csv": "accepted",
        "WMO_H22025_Rotterdam.csv": "rejected",
        "WMO_H22025_Groningen_v2.csv": "accepted",
    }
    assert files["WMO_H22025_Amsterdam.csv"]["gemeente"] == "Amsterdam"
    assert files["WMO_H22025_Rotterdam.csv"]["gemeente"] == "Rotterdam"
    assert files["WMO_H22025_Rotterdam.csv"]["gemeenten"] == {"0014": 1, "0599": 5}
    assert files["WMO_H22025_Amsterdam.csv"]["counts"]["clients"] == 6
    assert files["WMO_H22025_Amsterdam.csv"]["counts"]["voorzieningen_per_group"]["verblijf_en_opvang"] == 1
    assert [d["rule"] for d in doc["delivery_findings"]] == ["L001", "L002"]
    l001, l002 = doc["delivery_findings"]
    assert "0014" in l001["message"] and "H22025" in l001["message"] and len(l001["files"]) == 2
    assert l002["files"] == [f"{archive}/WMO_H22025_Rotterdam.csv"] and l002["value"] == "0014, 0599"
    assert doc["summary"] == {
        "files": 4,
        "accepted": 3,
        "rejected": 1,
        "undecided": 0,
        "delivery_rejects": 2,
        "signals": 0,
    }
    # Groningen_v2 replaces Groningen (L001), as at CBS: the 3 records of the first are not counted.
    assert doc["total"]["rows"] == 6 + 6 + 2
    assert files["WMO_H22025_Groningen.csv"]["replaced_by"] == f"{archive}/WMO_H22025_Groningen_v2.csv"
    assert files["WMO_H22025_Groningen_v2.csv"]["replaced_by"] is None
    rules = {r["rule"]: r for r in doc["findings_per_rule"]}
    assert rules["R004"]["severity"] == "reject" and rules["L001"]["count"] == 1
    assert doc["centrumgemeenten_checked"] is False


def test_centrumgemeenten_enable_l003(cli: CliRun, tmp_path: Path) -> None:
    centrum = tmp_path / "centrum.txt"
    centrum.write_text("# centrumgemeenten\n14 Groningen\n0599;Rotterdam\n\n", encoding="utf-8")
    code, doc = report_json(cli, "--centrumgemeenten", str(centrum), str(delivery_zip(tmp_path)))
    assert code == 1
    l003 = [d for d in doc["delivery_findings"] if d["rule"] == "L003"]
    assert len(l003) == 1 and l003[0]["severity"] == "warning" and l003[0]["value"] == "0015: 1"
    assert "Gemeente 0363 is geen centrumgemeente" in l003[0]["message"]
    assert doc["centrumgemeenten_checked"] is True
    assert "2 centrumgemeenten" in doc["notes"][0]


# --- --previous --------------------------------------------------------------------------


def test_previous_flags_group_to_zero_and_large_change(cli: CliRun, tmp_path: Path) -> None:
    before = tmp_path / "vorige"
    before.mkdir()
    hbh = [
        record("0014", next(bsns(70_000_000 + i * 10)), "0001", "20250101", "20250630", "4", 500 + i)
        for i in range(4)
    ]
    write(before / "WMO_H12025_Groningen.csv", [*simple("0014", 8), *hbh])
    write(before / "WMO_H12025_Amsterdam.csv", simple("0363", 10, first=60_000_000))
    now = tmp_path / "nu"
    now.mkdir()
    write(now / "WMO_H22025_Groningen.csv", simple("0014", 8))  # 12 -> 8 clients, no 0001
    write(now / "WMO_H22025_Amsterdam.csv", simple("0363", 11, first=60_000_000))  # +10%
    code, doc = report_json(cli, "--previous", str(before), str(now))
    assert code == 0, "signals never change the exit code"
    kinds = [(s["kind"], s["gemeentecode"]) for s in doc["signals"]]
    assert ("group_zero", "0014") in kinds
    assert ("type_zero", "0014") not in kinds  # 0001 is covered by its group's signal
    assert ("clients_change", "0014") in kinds and ("voorzieningen_change", "0014") in kinds
    assert not [k for k in kinds if k[1] == "0363"]  # 10% stays under 25%
    change = next(s for s in doc["signals"] if s["kind"] == "clients_change")
    assert (change["previous"], change["current"], change["change"]) == (12, 8, -0.3333)
    assert "ging van 12 naar 8 (-33,3%)" in change["message"]
    group = next(s for s in doc["signals"] if s["kind"] == "group_zero")
    assert "Hulp bij het huishouden had vorige keer 4 voorzieningen, nu geen enkele" in group["message"]
    cmp = {row["gemeentecode"]: row for row in doc["comparison"]}
    assert cmp["0014"]["previous"]["clients"] == 12 and cmp["0014"]["current"]["clients"] == 8
    # a stricter limit flags Amsterdam's +10% too
    _, doc = report_json(cli, "--previous", str(before), "--max-change", "0.05", str(now))
    assert ("clients_change", "0363") in [(s["kind"], s["gemeentecode"]) for s in doc["signals"]]


def test_large_municipality_with_one_client(cli: CliRun, tmp_path: Path) -> None:
    before = write(tmp_path / "WMO_H12025_Rotterdam.csv", simple("0599", 120))
    one = next(bsns(80_000_000))
    records = [record("0599", one, "0002", "20250701", "20251130", "4", i + 1) for i in range(100)]
    now = write(tmp_path / "WMO_H22025_Rotterdam.csv", records)
    code, doc = report_json(cli, "--previous", str(before), str(now))
    assert code == 0
    kinds = [s["kind"] for s in doc["signals"]]
    assert "few_clients_previous" in kinds and "few_clients_rows" in kinds
    assert "clients_change" not in kinds  # said once, as the stronger signal
    rows_signal = next(s for s in doc["signals"] if s["kind"] == "few_clients_rows")
    assert "100 records, maar slechts 1 cliënt." in rows_signal["message"]


def test_gemeente_missing_from_this_delivery(cli: CliRun, tmp_path: Path) -> None:
    before = make_zip(
        tmp_path / "vorige.zip",
        {"WMO_H12025_a.csv": wmo_file(simple("0014", 2)), "WMO_H12025_b.csv": wmo_file(simple("0363", 2))},
    )
    now = write(tmp_path / "WMO_H22025_a.csv", simple("0014", 2))
    _, doc = report_json(cli, "--previous", str(before), str(now))
    assert [(s["kind"], s["gemeentecode"]) for s in doc["signals"]] == [("missing", "0363")]


# --- records read (check) against records counted (CBS) --------------------------------


def test_report_adds_up_with_check(cli: CliRun, tmp_path: Path) -> None:
    good = simple("0014", 5)
    bad = [
        good[0] + ";",  # S008: a field too many, the line is not split into fields
        good[1].rsplit(";", 1)[0],  # S007: a column short
        record("0014", "123456789", "0002", "20250701", "20251130", "4", 90),  # F015: no valid BSN
        record("0014", next(bsns(90_000_000)), "", "20250701", "20251130", "4", 91),  # R001: no type
    ]
    path = write(tmp_path / "WMO_H22025_Groningen.csv", [*good, *bad])
    code, out, _ = cli("check", str(path))
    assert code == 1 and "Gelezen: 9 records" in out
    sentence = (
        "Van de 9 gelezen records telt CBS er 5: de andere 4 hebben een regel die niet in de kolommen"
        " van het protocol past of geen geldig BSN, type maatwerkvoorziening of startdatum, en staan"
        " bij de meldingen."
    )
    _, doc = report_json(cli, str(path))
    assert doc["files"][0]["records"] == {"read": 9, "counted": 5, "explanation": sentence}
    assert doc["records"] == doc["files"][0]["records"] and doc["total"]["rows"] == 5
    _, out, _ = cli("report", str(path))
    assert sentence in " ".join(out.split())
    # Piped, the table is plain text, a line per row, every heading and name whole.
    assert re.search(r"Records gelezen +Records geteld", out) and re.search(r"afgekeurd +9 +5 ", out)
    html = tmp_path / "r.html"
    cli("report", "--format", "html", "--output", str(html), str(path))
    page = html.read_text(encoding="utf-8")
    assert 'data-figure="rows_read">9<' in page and 'data-figure="rows">5<' in page
    assert f'data-figure="records_explained">{sentence}<' in page
    _, doc = report_json(cli, "--lang", "en", str(path))
    assert doc["records"]["explanation"].startswith("Of the 9 records read, CBS counts 5: the other 4 have")
    clean = write(tmp_path / "WMO_H22025_a.csv", good)
    _, doc = report_json(cli, str(clean))
    assert doc["records"] == {"read": 5, "counted": 5, "explanation": None}
    assert "gelezen records telt" not in cli("report", str(clean))[1]


def test_totals_count_a_replaced_file_once(cli: CliRun, tmp_path: Path) -> None:
    """Two files for one gemeente and period (L001): CBS keeps the one received later, so the
    totals count that one alone, and the report says which file was left out and why."""
    folder = tmp_path / "levering"
    folder.mkdir()
    write(folder / "WMO_H22025_Groningen_a.csv", simple("0014", 3))
    write(folder / "WMO_H22025_Groningen_b.csv", simple("0014", 2, first=70_000_000))
    write(folder / "WMO_H22025_Amsterdam.csv", simple("0363", 4, first=60_000_000))
    code, doc = report_json(cli, str(folder))
    assert code == 1 and [d["rule"] for d in doc["delivery_findings"]] == ["L001"]
    replaced = {Path(f["path"]).name: f["replaced_by"] for f in doc["files"]}
    assert replaced == {
        "WMO_H22025_Amsterdam.csv": None,
        "WMO_H22025_Groningen_a.csv": str(folder / "WMO_H22025_Groningen_b.csv"),
        "WMO_H22025_Groningen_b.csv": None,
    }
    assert doc["total"]["clients"] == doc["total"]["rows"] == 4 + 2
    assert doc["records"] == {"read": 6, "counted": 6, "explanation": None}
    sentence = (
        f"{folder / 'WMO_H22025_Groningen_a.csv'} telt niet mee in het totaal:"
        f" {folder / 'WMO_H22025_Groningen_b.csv'} staat er in de levering na en vervangt het"
        " (controle L001: bij CBS vervangt het later ontvangen bestand het eerdere)."
    )
    assert doc["table_notes"] == [sentence]
    code, out, _ = cli("report", str(folder))
    assert code == 1 and sentence in out
    total = next(line for line in out.splitlines() if line.startswith("Hele levering"))
    assert total.split()[3:8] == ["6", "6", "6", "0", "6"]  # read, counted, clients, unknown, voorz.
    _, doc = report_json(cli, "--lang", "en", str(folder))
    assert doc["table_notes"][0].endswith(
        "comes after it in the delivery and replaces it (rule L001: at CBS the file received later"
        " replaces the earlier one)."
    )
    html = tmp_path / "r.html"
    assert cli("report", "--format", "html", "-o", str(html), str(folder))[0] == 1
    page = html.read_text(encoding="utf-8")
    assert 'data-figure="clients">6<' in page and sentence in unescape(page)


def test_the_delivery_rejected_as_a_whole_is_said_so(cli: CliRun, tmp_path: Path) -> None:
    """Every file accepted and L001 rejecting: no "0 of the 2 files"."""
    write(tmp_path / "WMO_H22025_a.csv", simple("0014", 2))
    write(tmp_path / "WMO_H22025_b.csv", simple("0014", 2, first=70_000_000))
    code, out, _ = cli("report", str(tmp_path))
    assert code == 1 and "0 van de 2" not in out
    assert "AFGEKEURD: CBS zal de levering als geheel weigeren; de bestanden zelf zijn in orde." in out


def test_tables_stay_whole_in_a_pipe(tmp_path: Path) -> None:
    """Through a pipe (not a terminal) the tables are plain text: one line per row and every
    name, heading and word whole, however long the names are."""
    names = [f"WMO_H22025_gemeente_{i}_{'met_een_heel_lange_naam_' * 3}{i}.csv" for i in range(3)]
    for i, name in enumerate(names):
        write(tmp_path / name, simple(f"{14 + i:04d}", 2, first=10_000_000 + i * 1_000_000))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "python"), "COLUMNS": "80"}
    for command in (["report"], ["check", "-q"], ["check"]):
        piped = subprocess.run(
            [sys.executable, "-m", "gmsd_fast", *command, str(tmp_path)],
            capture_output=True,  # pipes: stdout is no terminal
            text=True,
            env=env,
            check=False,
        )
        assert piped.stderr == "", command
        lines = piped.stdout.splitlines()
        for name in names:
            assert any(name in line for line in lines), (command, name)
        assert not set("│┃━╇─") & set(piped.stdout), command  # no box drawing
        assert all(line == line.rstrip() for line in lines), command
        if command == ["report"]:
            head = next(line for line in lines if line.startswith("Bestand"))
            assert head.split() == [
                "Bestand", "Gemeente", "Oordeel", "Records", "gelezen", "Records", "geteld", "Cliënten",
                "Onbekend", "BSN", "Voorzieningen", "Gestart", "Beëindigd",
            ]  # fmt: skip
            assert any(line.startswith("Hele levering ") for line in lines)


# --- structure, exit codes, privacy -----------------------------------------------------


def test_json_structure(cli: CliRun, tmp_path: Path) -> None:
    _, doc = report_json(cli, str(delivery_zip(tmp_path)))
    assert list(doc) == [
        "schema", "tool", "generated", "lang", "inputs", "periods", "verdict", "uitvraag", "summary",
        "records", "total", "files", "table_notes", "findings_per_rule", "delivery_findings",
        "centrumgemeenten_checked", "previous", "comparison", "signals", "notes",
    ]  # fmt: skip
    assert doc["schema"] == 1 and doc["tool"]["name"] == "gmsd-fast" and doc["periods"] == ["H22025"]
    for f in doc["files"]:
        assert list(f) == [
            "path", "gemeentecode", "gemeente", "period", "verdict", "failing_pass", "rows", "records",
            "gemeenten", "severity_counts", "findings_per_rule", "counts", "replaced_by",
        ]  # fmt: skip
        assert list(f["records"]) == ["read", "counted", "explanation"]
        assert set(f["counts"]) == set(doc["total"])
    assert list(doc["total"]["voorzieningen_per_group"]) == [
        "hulp_bij_het_huishouden", "ondersteuning_thuis", "hulpmiddelen_en_diensten",
        "verblijf_en_opvang", "overig",
    ]  # fmt: skip
    for d in doc["delivery_findings"]:
        assert list(d) == ["rule", "name", "severity", "pass", "message", "value", "files"]
    assert doc["previous"] is None and doc["comparison"] is None


def test_exit_codes(cli: CliRun, tmp_path: Path) -> None:
    good = write(tmp_path / "WMO_H22025_a.csv", simple("0014", 2))
    assert cli("report", str(good))[0] == 0
    assert cli("report", str(ERRORS))[0] == 1
    code, out, err = cli("report", "--format", "html", str(good))
    assert (code, out) == (
        2,
        "",
    ) and err == "gmsd-fast: --format html schrijft een bestand; geef het doel op met --output PAD\n"
    code, _, err = cli("report", "--max-change", "0", str(good))
    assert code == 2 and "--max-change" in err
    bad = tmp_path / "centrum.txt"
    bad.write_text("0363\nAmsterdam\n", encoding="utf-8")
    code, _, err = cli("report", "--centrumgemeenten", str(bad), "--lang", "en", str(good))
    assert (
        code == 2
        and err
        == f"gmsd-fast: {bad}, line 2: 'Amsterdam' is not a gemeentecode; put one code per line, e.g. 0363\n"
    )
    code, _, err = cli("report", str(tmp_path / "nope.csv"))
    assert code == 3 and "niet gevonden" in err


def test_no_bsn_in_any_report(cli: CliRun, tmp_path: Path) -> None:
    archive = delivery_zip(tmp_path)
    with_bsns = ERRORS.read_text(encoding="utf-8-sig")
    numbers = set(re.findall(r"(?<!\d)\d{9}(?!\d)", with_bsns))
    html = tmp_path / "r.html"
    outputs = [cli("report", "--format", fmt, str(archive), str(ERRORS))[1] for fmt in ("text", "json")]
    cli("report", "--format", "html", "--output", str(html), str(archive), str(ERRORS))
    outputs.append(html.read_text(encoding="utf-8"))
    all_bsns = {b for b in numbers if b != "999999999"}
    from zipfile import ZipFile

    with ZipFile(archive) as zf:
        for name in zf.namelist():
            all_bsns |= {line.split(";")[2] for line in zf.read(name).decode().splitlines()[1:]}
    assert all_bsns
    for out in outputs:
        for bsn in all_bsns:
            assert bsn not in out
            assert f"*******{bsn[-2:]}" not in out  # not even masked: the report needs none


# --- HTML, rendered in headless Chromium ------------------------------------------------


def chromium() -> str:
    found = find_chromium()
    if found is None:
        pytest.fail("Chromium is not installed; the test command (scripts/test) installs it")
    return found


def test_html_report_renders_in_chromium(cli: CliRun, tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    before = write(tmp_path / "WMO_H12025_Groningen.csv", simple("0014", 6))
    code, out, err = cli(
        "report",
        "--format",
        "html",
        "--output",
        str(html),
        "--previous",
        str(before),
        str(delivery_zip(tmp_path)),
    )
    assert (code, out, err) == (1, "", "")
    source = html.read_text(encoding="utf-8")
    assert "<script" not in source.lower()
    assert not re.search(r"(src|href)\s*=|@import|url\(", source)  # nothing from elsewhere
    assert source.count("<svg") >= 4  # groups, types, findings per rule, months
    browser = chromium()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
    shot = tmp_path / "report.png"
    dom = subprocess.run(
        [browser, *flags, "--dump-dom", html.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    subprocess.run(
        [browser, *flags, f"--screenshot={shot}", "--window-size=1280,2400", html.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 10_000
    text = re.sub(r"<[^>]+>", " ", dom)
    assert "AFGEKEURD" in text and "CBS zal 1 van de 4 bestanden weigeren" in text
    # Groningen_v2 replaces Groningen (L001), as at CBS: 6 + 6 + 2, and says so under the table.
    assert re.search(r'data-figure="clients">14<', dom)
    assert re.search(r'data-figure="voorzieningen">14<', dom)
    assert "WMO_H22025_Groningen.csv telt niet mee in het totaal" in text
    assert re.search(r'data-figure="files">4<', dom)
    assert "Hulp bij het huishouden" in text and "Verblijf en opvang" in text
    assert "L001" in text and "L002" in text and "0363 Amsterdam" in text
    assert "afgekeurd" in text and "goedgekeurd" in text
    assert "het aantal cliënten ging van 6 naar 2" in text  # Groningen_v2, the last file, counts


# --- no text leaves its chart: every SVG <text> measured in headless Chromium -------------

#: Injected into a copy of the page: every <text>'s box (user units) against its <svg>'s
#: viewBox, and against every other <text> of its chart (an axis whose labels run into each
#: other: "eerderjan 2025feb 2025"); what sticks out or overlaps is written into the page as
#: JSON for `--dump-dom`.
MEASURE = """<script>
const out = [], overlaps = [];
for (const svg of document.querySelectorAll("svg")) {
  const vb = svg.viewBox.baseVal;
  const boxes = [];
  for (const text of svg.querySelectorAll("text")) {
    const b = text.getBBox();
    if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5
        || b.y + b.height > vb.y + vb.height + 0.5) {
      out.push({chart: svg.getAttribute("aria-label"), text: text.textContent,
                box: [b.x, b.y, b.width, b.height].map(Math.round), svg: [vb.width, vb.height]});
    }
    for (const [other, o] of boxes) {
      const w = Math.min(b.x + b.width, o.x + o.width) - Math.max(b.x, o.x);
      const h = Math.min(b.y + b.height, o.y + o.height) - Math.max(b.y, o.y);
      if (w > 1 && h > 1) {
        overlaps.push({chart: svg.getAttribute("aria-label"), texts: [other, text.textContent]});
      }
    }
    boxes.push([text.textContent, b]);
  }
}
const pre = document.createElement("pre");
pre.id = "measured";
pre.textContent = JSON.stringify(
  {texts: document.querySelectorAll("svg text").length, out: out, overlaps: overlaps});
document.body.appendChild(pre);
</script>"""


def biggest_report(lang: str, tmp_path: Path) -> dict[str, Any]:
    """A report model of a delivery of two files, blown up to the longest type names, every
    rule and 7-digit values everywhere."""
    from gmsd_fast import validate
    from gmsd_fast.docs import catalogue, short_title
    from gmsd_fast.report import build_report
    from gmsd_fast.report.texts import GROUPS, TYPES

    paths = [
        write(tmp_path / "WMO_H22025_Groningen.csv", simple("0014", 3)),
        write(tmp_path / "WMO_H22025_Súdwest-Fryslân.csv", simple("1900", 3)),
    ]
    results = [validate(p, count=True) for p in paths]
    model = build_report(results, [], lang=lang, inputs=[str(p) for p in paths])
    months = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2024-{m:02d}" for m in (1, 2)]
    big = 1_393_676
    for counts in [model["total"], *(f["counts"] for f in model["files"])]:
        for key in ("rows", "clients", "unknown_bsn_rows", "voorzieningen", "open_ended"):
            counts[key] = big + 1
        counts["voorzieningen_per_type"] = {code: big + i for i, code in enumerate(sorted(TYPES))}
        counts["voorzieningen_per_group"] = {key: big * (i + 1) for i, (key, _, _) in enumerate(GROUPS)}
        counts["voorzieningen_per_leveringsvorm"] = {"2": big, "4": 9_999_999, "6": big, "0": 1}
        counts["starts_per_month"] = {m: 9_999_999 - i for i, m in enumerate(months)}
        counts["ends_per_month"] = {m: big + i for i, m in enumerate(months)}
    model["findings_per_rule"] = [
        {
            "rule": r["code"],
            "name": r["name"],
            "label": short_title(r, lang),
            "severity": r["severities"][0],
            "count": 9_999_999,
            "title": "",
        }
        for r in catalogue()
    ]
    return model


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_text_leaves_its_chart(lang: str, tmp_path: Path) -> None:
    from gmsd_fast.report import html as html_report
    from gmsd_fast.report.texts import TYPES

    page = html_report.render(biggest_report(lang, tmp_path))
    names = {code: nl_en[1] if lang == "en" else nl_en[0] for code, nl_en in TYPES.items()}
    code, longest = max(names.items(), key=lambda item: len(item[1]))
    assert "9.999.999" in page or "9,999,999" in page
    assert f">{code} {longest}<" in page  # the longest type name, whole, in a tooltip
    measured = tmp_path / "measured.html"
    measured.write_text(page.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
    dom = subprocess.run(
        [chromium(), *flags, "--dump-dom", measured.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert found, "the measuring script did not run"
    result = json.loads(unescape(found.group(1)))
    assert result["texts"] > 100  # groups, types, rules, months: every label and value
    assert result["out"] == [], f"{len(result['out'])} texts stick out of their chart"
    assert result["overlaps"] == [], f"texts run into each other: {result['overlaps'][:5]}"


def test_every_label_in_the_report_is_in_its_language(tmp_path: Path) -> None:
    """The rule chart names rules in the report's language, and the empty leveringsvorm is
    no code: a Dutch report says "F011 Gevuld met nullen", not "F011 zero-filled"."""
    from gmsd_fast.report import html as html_report

    for lang, label, other in (
        ("nl", "F011 Gevuld met nullen", "zero-filled"),
        ("en", "F011 Filled with zeros", "Gevuld"),
    ):
        page = html_report.render(biggest_report(lang, tmp_path))
        assert label in page and f"F011 {other}" not in page
        assert ">0 Leeg of ongeldig<" not in page and ">0 Empty or invalid<" not in page


def test_the_parts_made_while_checking_make_the_same_report(tmp_path: Path) -> None:
    """`gmsd-fast report` makes each file's part of the report (its model and, as text, its
    details) as its check ends, while the later files are still checked: the report is the
    one made after the last check, in the model and in the text."""
    import io
    from datetime import datetime

    from gmsd_fast.api import check_options
    from gmsd_fast.deliveries import check_sources
    from gmsd_fast.delivery import delivery_findings, delivery_result
    from gmsd_fast.inputs import expand
    from gmsd_fast.output.lines import Out
    from gmsd_fast.report import FileParts, build_report
    from gmsd_fast.report import text as text_report

    sources, problems = expand([delivery_zip(tmp_path)])
    options = check_options(count=True, lang="en")
    details: dict[int, str] = {}

    def detailed(part: dict[str, Any]) -> None:
        details[id(part)] = text_report.file_details(part, "en")

    parts = FileParts("en", then=detailed)
    results = check_sources(sources, problems, options, on_result=parts)
    assert len(details) == len(results) == 4
    found = delivery_findings(delivery_result(results, None, options))
    now = datetime(2026, 1, 1)
    ahead = build_report(results, found, lang="en", now=now, parts=parts)
    after = build_report(results, found, lang="en", now=now)
    assert ahead == after

    def text(model: dict[str, Any], made: dict[int, str] | None) -> str:
        buffer = io.StringIO()
        text_report.render(model, Out(buffer, terminal=False), made)
        return buffer.getvalue()

    assert text(ahead, details) == text(after, None)
    assert "WMO_H22025_Amsterdam.csv" in text(ahead, details)
    # The details made ahead are what is written (not made again).
    assert text(ahead, dict.fromkeys(details, "@@\n")).count("@@") == len(ahead["files"])


def test_in_a_terminal_no_details_are_made_ahead(
    cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a terminal rich draws each file's details at the end: the plain text of them is not
    made ahead, only to be thrown away; into a pipe it is, once per file."""
    from gmsd_fast.report import text as text_report

    made: list[str] = []
    original = text_report.file_details

    def counted(part: dict[str, Any], lang: str) -> str:
        made.append(part["path"])
        return original(part, lang)

    monkeypatch.setattr(text_report, "file_details", counted)
    archive = delivery_zip(tmp_path)
    monkeypatch.setenv("FORCE_COLOR", "1")
    code, out, err = cli("report", str(archive), "--lang", "en")
    assert code == 1 and "Amsterdam" in out, err
    assert made == []
    monkeypatch.delenv("FORCE_COLOR")
    code, out, err = cli("report", str(archive), "--lang", "en")
    assert code == 1 and "Amsterdam" in out, err
    assert len(made) == 4
