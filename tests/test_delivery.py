"""Delivery-level rules L001-L003 over several results, and how `check` shows them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gmsd_fast import validate_bytes
from gmsd_fast.api import check_options
from gmsd_fast.delivery import (
    CentrumgemeentenError,
    delivery_findings,
    delivery_result,
    read_centrumgemeenten,
)

from .conftest import CliRun
from .wmo import bsns, make_zip, record, simple, wmo_file, write


def result(name: str, records: list[str], count: bool = False):  # type: ignore[no-untyped-def]
    return validate_bytes(wmo_file(records), name, count=count)


def findings(results, centrum, lang="nl"):  # type: ignore[no-untyped-def]
    """The delivery findings (the core's rules) as dicts, each with its `files`."""
    return delivery_findings(delivery_result(results, centrum, check_options(lang=lang)))


def test_l001_same_gemeente_and_period() -> None:
    a = result("WMO_H22025_a.csv", simple("0014", 2))
    b = result("WMO_H22025_b.csv", simple("0014", 1))
    other_period = result(
        "WMO_H12025_c.csv", [record("0014", "111111110", "0002", "20250101", "20250630", "4", 1)]
    )
    (f,) = findings([a, b, other_period], None, "nl")
    assert (f["rule"], f["severity"], f["pass"], f["files"]) == ("L001", "reject", 4, [a.path, b.path])
    assert f["message"] == (
        "Gemeente 0014 levert voor H22025 meer dan één bestand: WMO_H22025_a.csv, WMO_H22025_b.csv."
        " Het later ontvangen bestand vervangt het eerdere, en wat alleen in het eerdere staat, gaat"
        " verloren: voeg ze samen tot één bestand per gemeente en periode."
    )
    assert findings([a, other_period], None, "nl") == []


def test_l002_several_gemeenten_in_one_file() -> None:
    mixed = result("WMO_H22025_regio.csv", [*simple("0363", 2), *simple("0437", 1, first=30_000_000)])
    (f,) = findings([mixed], None, "en")
    assert f["rule"] == "L002" and f["value"] == "0363, 0437"
    assert f["message"] == (
        "The file WMO_H22025_regio.csv holds 2 municipality codes (0363, 0437);"
        " deliver one file per municipality."
    )


def test_l003_only_with_a_list_and_counts() -> None:
    bw = [record("0437", next(bsns(40_000_000)), code, "20250701", "20251130", "4", i + 1)
          for i, code in enumerate(("0015", "0215", "0215"))]  # fmt: skip
    r = result("WMO_H22025_oa.csv", bw, count=True)
    assert findings([r], None) == []  # no list: not checked
    assert findings([r], {"0437"}) == []  # a centrumgemeente itself
    (f,) = findings([r], {"0363"})
    # voorzieningen after merging: the two equal 0215 records of one person are one
    assert (f["rule"], f["severity"], f["value"]) == ("L003", "warning", "0015: 1, 0215: 1")
    assert (
        "Gemeente 0437 is geen centrumgemeente, maar levert 2 voorzieningen beschermd wonen" in f["message"]
    )


def test_delivery_result_is_rejected_only_for_a_reject() -> None:
    a, b = result("WMO_H22025_a.csv", simple("0014", 1)), result("WMO_H22025_b.csv", simple("0014", 1))
    pseudo = delivery_result([a, b], None, check_options(lang="en"))
    assert pseudo is not None and pseudo.path == "(delivery)" and pseudo.verdict == "rejected"
    assert pseudo.counts == {"L001": 1} and pseudo.findings.column("file").to_pylist() == ["(delivery)"]
    assert delivery_result([a], None, check_options()) is None


def test_read_centrumgemeenten() -> None:
    assert read_centrumgemeenten(["\ufeff# lijst\n", "363 Amsterdam\n", "0014;Groningen\n", "\n"]) == {
        "0363",
        "0014",
    }
    with pytest.raises(CentrumgemeentenError) as err:
        read_centrumgemeenten(["0363", "Amsterdam"])
    assert (err.value.line, err.value.token) == (2, "Amsterdam")


def test_check_shows_delivery_entry_and_exits_1(cli: CliRun, tmp_path: Path) -> None:
    a = write(tmp_path / "WMO_H22025_a.csv", simple("0014", 2))
    b = write(tmp_path / "WMO_H22025_b.csv", simple("0014", 2))
    assert cli("check", str(a))[0] == 0
    code, out, _ = cli("check", str(a), str(b))
    assert code == 1, "both files are accepted, but L001 rejects the delivery"
    assert "(levering)\nAFGEKEURD: Lever deze levering zo niet aan; zie de meldingen hieronder." in out
    assert "L001 afkeur: Gemeente 0014 levert voor H22025 meer dan één bestand" in out
    assert "2 bestanden: 2 goedgekeurd, 0 afgekeurd." in out
    code, out, _ = cli("check", "--format", "json", "--lang", "en", str(a), str(b))
    doc = json.loads(out)
    assert [f["path"] for f in doc["files"]] == [str(a), str(b)]  # the delivery is no file
    assert doc["delivery"]["counts"] == {"L001": 1} and doc["delivery"]["findings"][0]["files"] == [
        str(a),
        str(b),
    ]


def test_check_l003_warning_keeps_exit_0(cli: CliRun, tmp_path: Path) -> None:
    f = write(
        tmp_path / "WMO_H22025_oa.csv", [record("0437", next(bsns()), "0015", "20250701", "20251130", "4", 1)]
    )
    centrum = tmp_path / "centrum.txt"
    centrum.write_text("0363\n", encoding="utf-8")
    code, out, _ = cli("check", "--centrumgemeenten", str(centrum), str(f))
    assert code == 0
    assert "L003 waarschuwing: Gemeente 0437 is geen centrumgemeente" in out
    assert cli("check", str(f)) == cli("check", str(f))  # without the list: nothing about L003
    assert "L003" not in cli("check", str(f))[1]


def test_gemeente_names_come_from_the_core_list() -> None:

    from gmsd_fast.gemeenten import gemeente_name

    assert gemeente_name("0014") == "Groningen"
    assert gemeente_name("0457") == "Weesp"  # ended 2022-03-24: still named
    assert gemeente_name("0457", "H22025") == "Weesp"  # no other holder: latest name
    assert gemeente_name("9999") is None


# --- check on a delivery: the overview at the end, and --quiet ---------------------------


def twenty_municipalities(tmp_path: Path) -> tuple[Path, list[tuple[str, str]]]:
    """A zip of 20 files, one per current municipality, each with one faulty record (F015)
    and the last one twice for its gemeente (L001)."""
    from gmsd_fast import _gmsd_fast

    current = [(g["code"], g["name"]) for g in _gmsd_fast.gemeenten() if g["valid_to"] is None]
    chosen = [(str(code), str(name)) for code, name in current[:20]]
    members = {}
    for i, (code, name) in enumerate(chosen):
        records = simple(code, 3, first=10_000_000 + i * 1000)
        records.append(record(code, "123456789", "0002", "20250701", "20251130", "4", 50))  # F015
        members[f"WMO_H22025_{name}.csv"] = wmo_file(records)
    members["WMO_H22025_extra.csv"] = wmo_file(simple(chosen[-1][0], 2))
    return make_zip(tmp_path / "regio.zip", members), chosen


def test_check_ends_with_the_delivery_at_a_glance(cli: CliRun, tmp_path: Path) -> None:
    archive, chosen = twenty_municipalities(tmp_path)
    code, out, err = cli("check", str(archive))
    assert (code, err) == (1, "")
    overview = out[out.index("Overzicht van de levering\n") :]
    assert out.count("Overzicht van de levering") == 1 and "Eerste meldingen" not in overview
    lines = overview.splitlines()
    assert lines[1] == f"Bestanden in {archive}/"
    lines.pop(1)
    assert lines[1].split() == ["Bestand", "Gemeente", "Records", "Oordeel", "Afkeur", "Fout", "Waarschuwing"]
    rows = lines[2:23]
    for (code_, name), row in zip(chosen, rows, strict=False):
        assert row.startswith(f"WMO_H22025_{name}.csv "), name
        assert f"{code_} {name}" in row
        assert row.split()[-5:] == ["4", "afgekeurd", "1", "0", "0"]  # records, verdict, F015
    assert rows[-1].split()[-6:] == [chosen[-1][1], "2", "goedgekeurd", "0", "0", "0"]
    rest = "\n".join(lines[23:])
    assert "(levering)\nAFGEKEURD" in rest and "L001 afkeur: Gemeente" in rest
    assert rest.rstrip().endswith("21 bestanden: 1 goedgekeurd, 20 afgekeurd.")


def test_quiet_prints_the_overview_alone(cli: CliRun, tmp_path: Path) -> None:
    archive, _ = twenty_municipalities(tmp_path)
    full = cli("check", str(archive))[1]
    code, out, err = cli("check", "-q", str(archive))
    assert (code, err) == (1, "")
    assert out == full[full.index("Overzicht van de levering\n") :]
    assert len(out.splitlines()) < 32  # 1,870 lines without it for 20 municipalities (issue 10)
    assert "Gelezen:" not in out and "F015" not in out
    code, out, _ = cli("check", "--quiet", "--lang", "en", str(archive))
    assert (
        out.startswith(f"Delivery overview\nFiles in {archive}/\nFile")
        and "Municipality" in out
        and "rejected" in out
    )
    assert "afgekeurd" not in out and "(delivery)\nREJECTED" in out
    one = write(tmp_path / "WMO_H22025_a.csv", simple("0014", 2))
    code, out, _ = cli("check", "-q", str(one))
    assert code == 0 and out.splitlines()[3].split()[-6:] == ["Groningen", "2", "goedgekeurd", "0", "0", "0"]
