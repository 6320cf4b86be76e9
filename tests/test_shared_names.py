"""Several inputs with one name (issue 21, item 6): a zip may hold two members of the same
name, and a file may be given twice. Each is a file of its own, with its own row, verdict and
findings in every output; their names are numbered in input order, `… (1)`, `… (2)`."""

from __future__ import annotations

import json
import warnings
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pyarrow.parquet as pq

from gmsd_fast import _gmsd_fast
from gmsd_fast.inputs import distinct_names, expand, shared_names

from .conftest import CliRun
from .test_xlsx import sheets
from .wmo import record, simple, wmo_file

NAME = "WMO_H22025_a.csv"
#: A record whose BSN fails the elfproef (F015, a reject), after one valid record.
REJECTED = wmo_file([*simple("0014", 1), record("0014", "123456789", "0002", "20250701", "20251130", "4", 9)])
VALID = wmo_file(simple("0014", 2))


def same_names(tmp_path: Path) -> Path:
    """A zip of a rejected and then a valid file, both named `WMO_H22025_a.csv`."""
    path = tmp_path / "levering.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name, and writes it
        zf.writestr(NAME, REJECTED)
        zf.writestr(NAME, VALID)
    return path


def test_members_of_one_name_are_numbered_in_archive_order(tmp_path: Path) -> None:
    archive = same_names(tmp_path)
    sources, problems = expand([archive])
    assert problems == [] and [s.name for s in sources] == [f"{archive}/{NAME} (1)", f"{archive}/{NAME} (2)"]
    assert [s.index for s in sources] == [0, 1] and {s.base_name for s in sources} == {NAME}
    # `fix` lists them under its output's name, numbered alike.
    assert _gmsd_fast.ZipArchive(archive).members("uit.zip") == [
        (NAME, f"uit.zip/{NAME} (1)", False, len(REJECTED)),
        (NAME, f"uit.zip/{NAME} (2)", False, len(VALID)),
    ]
    twice = distinct_names([*sources[:1], *sources[:1]])
    assert [s.name for s in twice] == [f"{archive}/{NAME} (1) (1)", f"{archive}/{NAME} (1) (2)"]
    assert shared_names([f"{archive}/{NAME} (1)", "x.csv", f"{archive}/{NAME} (2)"]) == {
        f"{archive}/{NAME}": 2
    }
    assert shared_names(["WMO_H22025_x.csv (2)"]) == {}  # one such name is no shared name


def test_check_text_shows_each_member_with_its_own_verdict(cli: CliRun, tmp_path: Path) -> None:
    archive = same_names(tmp_path)
    code, out, err = cli("check", str(archive))
    assert (code, err) == (1, "")
    first, second = f"{archive}/{NAME} (1)", f"{archive}/{NAME} (2)"
    assert f"{first}\nAFGEKEURD: CBS zal dit bestand weigeren." in out
    assert f"{second}\nGOEDGEKEURD: CBS zal dit bestand accepteren; er zijn geen meldingen." in out
    assert "F015 (1)\n  regel 3: " in out  # the rejected member's findings are shown
    overview = out[out.index("Overzicht van de levering") :].splitlines()
    assert overview[3].split()[:2] == [f"{NAME}", "(1)"] and overview[3].split()[-4:] == [
        "afgekeurd",
        "1",
        "0",
        "0",
    ]
    assert overview[4].split()[:2] == [f"{NAME}", "(2)"] and overview[4].split()[-4:] == [
        "goedgekeurd",
        "0",
        "0",
        "0",
    ]
    assert overview[5] == (
        f"{archive}/{NAME} is de naam van 2 bestanden; het getal tussen haakjes is hun volgorde in de invoer."
    )
    assert f"meer dan één bestand: {first}, {second}." in out  # L001 names each
    assert out.rstrip().endswith("2 bestanden: 1 goedgekeurd, 1 afgekeurd.")
    code, out, _ = cli("check", "-q", "--lang", "en", str(archive))
    assert code == 1 and "is the name of 2 files; the number in brackets is their order in the input." in out
    assert "2 files: 1 accepted, 1 rejected." in out


def test_machine_formats_tell_the_members_apart(cli: CliRun, tmp_path: Path) -> None:
    archive = same_names(tmp_path)
    first, second = f"{archive}/{NAME} (1)", f"{archive}/{NAME} (2)"
    code, out, _ = cli("check", "--format", "json", str(archive))
    doc = json.loads(out)
    assert code == 1
    assert [(f["path"], f["verdict"]) for f in doc["files"]] == [(first, "rejected"), (second, "accepted")]
    assert doc["delivery"]["verdict"] == "rejected" and doc["delivery"]["findings"][0]["files"] == [
        first,
        second,
    ]
    assert [f["rule"] for f in doc["files"][0]["findings"]] == ["F015"] and doc["files"][1]["findings"] == []
    code, out, _ = cli("check", "--format", "jsonl", str(archive))
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and [(o["kind"], o["file"]) for o in lines] == [
        ("finding", first), ("summary", first), ("summary", second), ("finding", None), ("summary", None)
    ]  # fmt: skip
    code, out, _ = cli("check", "--format", "csv", str(archive))
    assert code == 1 and f'"{first}"' in out and f'"{second}"' not in out
    parquet = tmp_path / "m.parquet"
    assert cli("check", "--format", "parquet", "-o", str(parquet), str(archive))[0] == 1
    assert pq.read_table(parquet).column("file").to_pylist() == [first, None]
    assert pq.read_table(parquet).column("scope").to_pylist() == ["file", "delivery"]
    code, out, _ = cli("check", "--format", "junit", str(archive))
    cases = ET.fromstring(out).iter("testcase")
    assert code == 1 and [(c.get("name"), c.find("failure") is not None) for c in cases] == [
        (first, True),
        (second, False),
        ("(levering)", True),
    ]
    book = tmp_path / "m.xlsx"
    assert cli("check", "--format", "xlsx", "-o", str(book), str(archive))[0] == 1
    summary = sheets(book)["Samenvatting"]
    files = [row[:5] for row in summary[2:5]]
    assert files == [
        (first, "0014 Groningen", "H22025", 2, "afgekeurd"),
        (second, "0014 Groningen", "H22025", 2, "goedgekeurd"),
        ("(levering)", None, None, None, "afgekeurd"),
    ]
    per_rule = [row[:6] for row in summary if row[1] in ("F015", "L001")]
    assert per_rule == [
        (first, "F015", "BSN voldoet niet aan de elfproef", "afkeur", 1, 1),
        ("(levering)", "L001", "Twee bestanden voor één gemeente en periode", "afkeur", 1, 1),
    ]


def test_report_shows_each_member_and_counts_the_later_one(cli: CliRun, tmp_path: Path) -> None:
    archive = same_names(tmp_path)
    first, second = f"{archive}/{NAME} (1)", f"{archive}/{NAME} (2)"
    code, out, err = cli("report", "--format", "json", str(archive))
    doc = json.loads(out)
    assert (code, err) == (1, "")
    assert [(f["path"], f["verdict"], f["replaced_by"]) for f in doc["files"]] == [
        (first, "rejected", second),
        (second, "accepted", None),
    ]
    assert doc["total"]["rows"] == doc["files"][1]["counts"]["rows"] == 2  # the later one, as CBS
    assert doc["summary"]["rejected"] == 1
    code, out, _ = cli("report", str(archive))
    assert code == 1
    assert f"{first} (vervangen)" in out and f"{first} telt niet mee in het totaal: {second} staat er" in out


def test_fix_repairs_each_member_into_a_zip_of_the_same_names(cli: CliRun, tmp_path: Path) -> None:
    archive = same_names(tmp_path)
    out_zip = tmp_path / "hersteld.zip"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code, out, err = cli("fix", str(archive), "-o", str(out_zip))
    assert (code, err) == (1, "")  # the elfproef cannot be repaired
    assert [str(w.message) for w in caught] == []  # no "Duplicate name" of zipfile's
    first, second = f"{out_zip}/{NAME} (1)", f"{out_zip}/{NAME} (2)"
    assert f"{archive}/{NAME} (1) → {first}\n" in out and f"{archive}/{NAME} (2) → {second}\n" in out
    assert f"{first}\nAFGEKEURD" in out and f"{second}\nGOEDGEKEURD" in out
    with zipfile.ZipFile(out_zip) as zf:
        assert [i.filename for i in zf.infolist()] == [NAME, NAME]
        assert [zf.read(i) for i in zf.infolist()] == [REJECTED, VALID]  # nothing to repair
    code, out, _ = cli("fix", "--format", "json", str(archive), "--diff")
    doc = json.loads(out[out.index("{") :])
    assert [(f["path"], f["check"]["verdict"]) for f in doc["files"]] == [
        (f"{archive}/{NAME} (1)", "rejected"),
        (f"{archive}/{NAME} (2)", "accepted"),
    ]


def test_a_file_given_twice_is_two_rows(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(REJECTED)
    code, out, _ = cli("check", "--format", "json", str(path), str(path))
    doc = json.loads(out)
    assert code == 1 and [f["path"] for f in doc["files"]] == [f"{path} (1)", f"{path} (2)"]
    assert [len(f["findings"]) for f in doc["files"]] == [1, 1] and doc["delivery"]["counts"] == {"L001": 1}
