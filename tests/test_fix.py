"""`gmsd-fast fix` and `gmsd_fast.fix`: repairs that are mechanical, never a guess, and say
what changed; files, folders, zips and standard input; outputs never onto inputs; the fix log
in every format; the properties (hypothesis): fixing twice equals fixing once, nothing safely
repairable is left, rows without findings are unchanged, no BSN is invented."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import gmsd_fast
from gmsd_fast import Stopped, StopToken, UsageError, validate, validate_bytes
from gmsd_fast.fixing import backup_name

from .conftest import ERRORS, ROOT, VALID, CliRun
from .wmo import example_record, make_zip

LIBREOFFICE = ROOT / "tests" / "fixtures" / "WMO_H22025_voorbeeld_libreoffice.csv"
NAME = "WMO_H22025_test.csv"
HEADER = VALID.read_bytes().split(b"\n", 1)[0]


def records(*lines: str) -> bytes:
    return b"\n".join([HEADER, *(line.encode() for line in lines)]) + b"\n"


def body(data: bytes) -> bytes:
    """The records of a file, without its header."""
    return data.split(b"\n", 1)[1]


# ---- the Python API ------------------------------------------------------------------------


def test_a_spreadsheet_round_trip_is_restored_to_an_accepted_file(tmp_path: Path) -> None:
    assert not validate(LIBREOFFICE, name=LIBREOFFICE.name).accepted
    out = tmp_path / "WMO_H22025_hersteld.csv"
    result = gmsd_fast.fix(LIBREOFFICE, out)
    assert result.check.accepted, result.check.counts
    assert result.check.counts == {"F016": 1}  # `02` became `2`: maybe an old code, unsafe
    assert result.counts == {"F003": 133, "F004": 19}
    assert result.lines_changed == 25 and result.unsafe_fixes == 0
    assert validate(out).counts == result.check.counts
    unsafe = gmsd_fast.fix(LIBREOFFICE, tmp_path / "WMO_H22025_ook_onveilig.csv", unsafe=True)
    assert unsafe.unsafe_fixes == 1 and unsafe.check.counts == {}
    assert body((tmp_path / "WMO_H22025_ook_onveilig.csv").read_bytes()) == body(VALID.read_bytes())


def test_the_log_is_a_table_with_masked_values(tmp_path: Path) -> None:
    data = records(example_record(c3="12345672", c4='"1"', c11="123456782"))
    source = tmp_path / NAME
    source.write_bytes(data)
    result = gmsd_fast.fix(source, tmp_path / "WMO_H22025_uit.csv")
    log = pa.table(result)
    assert log.column_names == [
        "file",
        "line",
        "column",
        "field",
        "rule",
        "name",
        "applicability",
        "title",
        "old",
        "new",
    ]
    rows = log.to_pylist()
    assert [(r["rule"], r["column"]) for r in rows] == [("F003", 3), ("F010", 4), ("F003", 4), ("F003", 11)]
    assert rows[0]["old"] == "******72" and rows[0]["new"] == "*******72"
    assert rows[3]["new"] == "0000000*******82"
    assert rows[1]["title"] == "Aanhalingstekens (en spaties) rond de waarde verwijderd"
    assert all(r["file"] == str(source) and r["line"] == 2 for r in rows)
    for secret in ("12345672", "123456782"):
        assert secret not in json.dumps(rows)
    assert result.counts == {"F003": 3, "F010": 1}


def test_streams_and_a_dry_run() -> None:
    data = records(example_record(c2="14"))
    out = io.BytesIO()
    result = gmsd_fast.fix(io.BytesIO(data), out, name=NAME)
    assert out.getvalue() == VALID.read_bytes().split(b"\n", 2)[0] + b"\n" + body(data).replace(
        b";14;", b";0014;"
    )
    assert result.output is None and result.counts == {"F003": 1}
    dry = gmsd_fast.fix(io.BytesIO(data), name=NAME)
    assert dry.counts == {"F003": 1} and dry.check.accepted


def test_encodings_are_written_as_utf8(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8")
    for encoded, rule in ((b"\xff\xfe" + text.encode("utf-16-le"), "S002"), (text.encode("cp1252"), "S014")):
        source = tmp_path / NAME
        source.write_bytes(encoded)
        checked = validate(source)
        assert checked.counts.get(rule) and checked.fixable.get(rule)
        out = tmp_path / "WMO_H22025_utf8.csv"
        result = gmsd_fast.fix(source, out)
        assert out.read_bytes() == VALID.read_bytes()
        assert rule in result.counts and result.check.counts == {}


def test_what_is_refused(tmp_path: Path) -> None:
    source = tmp_path / NAME
    source.write_bytes(VALID.read_bytes())
    with pytest.raises(UsageError) as same:
        gmsd_fast.fix(source, source)
    assert same.value.code == "output-is-input"
    with pytest.raises(UsageError) as needs:
        gmsd_fast.fix(source, aanmaakdatum="202601200915")
    assert needs.value.code == "aanmaakdatum-needs-unsafe"
    with pytest.raises(UsageError) as invalid:
        gmsd_fast.fix(source, unsafe=True, aanmaakdatum="202613200915")
    assert invalid.value.code == "invalid-aanmaakdatum"
    assert source.read_bytes() == VALID.read_bytes()


def test_the_users_aanmaakdatum(tmp_path: Path) -> None:
    data = records(example_record(c1="2,02601E+11"), example_record(c1="2,02601E+11"))
    source = tmp_path / NAME
    source.write_bytes(data)
    # No intact record to agree with: nothing is decided.
    assert gmsd_fast.fix(source, unsafe=True).counts == {}
    result = gmsd_fast.fix(source, tmp_path / "WMO_H22025_x.csv", unsafe=True, aanmaakdatum="202601200915")
    assert result.counts == {"F007": 2} and result.check.accepted


def test_a_stopped_fix_writes_nothing(tmp_path: Path) -> None:
    token = StopToken()
    token.request()
    out = tmp_path / "WMO_H22025_uit.csv"
    with pytest.raises(Stopped):
        gmsd_fast.fix(LIBREOFFICE, out, stop=token)
    assert not out.exists() and not list(tmp_path.iterdir())


def test_check_counts_what_fix_repairs() -> None:
    result = validate(ERRORS)
    assert result.fixable == {
        "S003": 1,
        "S008": 1,
        "S010": 1,
        "F003": 1,
        "F004": 2,
        "F006": 1,
        "F009": 1,
        "F010": 1,
        "F011": 3,
    }
    fixed = gmsd_fast.fix(ERRORS)
    assert all(fixed.counts[code] >= n for code, n in result.fixable.items())
    assert fixed.check.fixable == {}


# ---- the command line --------------------------------------------------------------------


def test_fix_writes_and_checks_the_output(cli: CliRun, tmp_path: Path) -> None:
    out = tmp_path / "WMO_H22025_hersteld.csv"
    code, stdout, _ = cli("fix", str(LIBREOFFICE), "-o", str(out), "--lang", "en")
    assert code == 0, stdout
    assert "Repaired: 152 repairs in 25 lines." in stdout
    assert "Leading zeros restored" in stdout and "What remains:" in stdout
    assert validate(out).accepted
    code, stdout, _ = cli("fix", str(ERRORS), "-o", str(tmp_path / "WMO_H22025_f.csv"))
    assert code == 1 and "AFGEKEURD" in stdout
    code, _, _ = cli("check", str(out))
    assert code == 0


def test_check_points_to_fix(cli: CliRun) -> None:
    _, stdout, _ = cli("check", "--lang", "en", str(LIBREOFFICE))
    assert "133 of these can be repaired with `gmsd-fast fix`." in stdout
    _, stdout, _ = cli("check", str(ERRORS))
    assert "3 hiervan kunnen worden hersteld met `gmsd-fast fix`." in stdout
    assert "1 hiervan kan worden hersteld met `gmsd-fast fix`." in stdout


def test_diff_alone_writes_nothing_and_masks_bsns(cli: CliRun, tmp_path: Path) -> None:
    source = tmp_path / NAME
    source.write_bytes(records(example_record(c3="12345672")))
    before = sorted(tmp_path.iterdir())
    code, stdout, _ = cli("fix", "--diff", str(source))
    assert code == 0
    assert sorted(tmp_path.iterdir()) == before
    assert f"--- {source}\n+++ {source}\n@@ -2 +2 @@\n-" in stdout
    assert ";******72;" in stdout and ";*******72;" in stdout
    assert "12345672" not in stdout


def test_the_diff_of_a_zip_shows_each_changed_line_once(cli: CliRun, tmp_path: Path) -> None:
    """A member is fixed twice when a zip is written (first to see whether it needs repairs,
    then into the zip): its changed lines are shown once, as without an output."""
    archive = make_zip(
        tmp_path / "levering.zip",
        {NAME: records(example_record(c3="12345672")), "WMO_H22025_b.csv": VALID.read_bytes()},
    )
    _, alone, _ = cli("fix", "--diff", str(archive))
    _, written, _ = cli("fix", "--diff", str(archive), "-o", str(tmp_path / "uit.zip"))
    for stdout in (alone, written):
        assert stdout.count("@@ -2 +2 @@") == 1, stdout
        assert stdout.count(";*******72;") == 1, stdout


def test_in_place_keeps_a_backup_and_leaves_a_good_file_alone(cli: CliRun, tmp_path: Path) -> None:
    source = tmp_path / "WMO_H22025_x.csv"
    original = LIBREOFFICE.read_bytes()
    source.write_bytes(original)
    code, stdout, _ = cli("fix", "--in-place", str(source), "--lang", "en")
    assert code == 0
    assert Path(backup_name(str(source))).name == "WMO_H22025_x.csv.2.bak"
    assert (tmp_path / "WMO_H22025_x.csv.bak").read_bytes() == original
    assert validate(source).accepted
    assert f"(replaced; the original is in {source}.bak)" in stdout
    stat = source.stat()
    code, stdout, _ = cli("fix", "--in-place", str(source), "--lang", "en")
    assert code == 0 and "(nothing to repair; left as it was)" in stdout
    assert source.stat().st_mtime_ns == stat.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["WMO_H22025_x.csv", "WMO_H22025_x.csv.bak"]
    # A folder input does not read the backup as a delivery file.
    code, stdout, _ = cli("check", "-q", str(tmp_path))
    assert code == 0 and ".bak" not in stdout


def test_a_device_or_pipe_is_refused_in_words(cli: CliRun, tmp_path: Path) -> None:
    """Not a file (a device, a FIFO no one writes to): one line in the user's language, before
    anything is read (a FIFO would otherwise wait for ever)."""
    fifo = tmp_path / NAME
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        for lang, words in (("nl", "geen gewoon bestand"), ("en", "not a regular file")):
            code, stdout, stderr = cli("fix", "--lang", lang, path, "-o", str(tmp_path / "uit.csv"))
            assert (code, stdout) == (3, "")
            assert stderr.startswith("gmsd-fast: ") and words in stderr and stderr.count("\n") == 1
            assert lang == "nl" or "bestand" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME]


def test_outputs_never_overwrite_inputs(cli: CliRun, tmp_path: Path) -> None:
    source = tmp_path / NAME
    source.write_bytes(LIBREOFFICE.read_bytes())
    for args in (["-o", str(source)], ["-o", str(tmp_path)]):
        code, _, stderr = cli("fix", str(source), *args)
        assert code == 2 and stderr.startswith("gmsd-fast: ")
    assert source.read_bytes() == LIBREOFFICE.read_bytes()
    code, _, stderr = cli("fix", str(source))
    assert code == 2 and "--output" in stderr
    code, _, stderr = cli("fix", str(source), "-o", str(tmp_path / "a.csv"), "--in-place")
    assert code == 2
    code, _, stderr = cli("fix", str(source), "--aanmaakdatum", "202601200915", "--diff")
    assert code == 2 and "--unsafe-fixes" in stderr
    for args in (["--diff"], ["-o", "-"]):
        code, _, stderr = cli("fix", str(tmp_path / "missing.csv"), *args)
        assert code == 3 and "niet gevonden" in stderr, stderr
    assert sorted(tmp_path.iterdir()) == [source]


def test_folders(cli: CliRun, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "WMO_H22025_a.csv").write_bytes(LIBREOFFICE.read_bytes())
    (inputs / "WMO_H22025_b.csv").write_bytes(VALID.read_bytes())
    (inputs / "notes.pdf").write_bytes(b"%PDF")
    out = tmp_path / "out"
    code, stdout, _ = cli("fix", str(inputs), "-o", str(out), "-q", "--lang", "en")
    # Both repaired files are accepted; two files of one gemeente reject the delivery (L001).
    assert code == 1 and "L001" in stdout
    assert sorted(p.name for p in out.iterdir()) == ["WMO_H22025_a.csv", "WMO_H22025_b.csv"]
    assert (out / "WMO_H22025_b.csv").read_bytes() == VALID.read_bytes()
    assert "2 files: 1 repaired, 2 accepted, 0 rejected." in stdout
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    code, _, stderr = cli("fix", str(inputs), "-o", str(not_a_folder))
    assert code == 2 and "file.txt" in stderr


def test_zip_in_zip_out(cli: CliRun, tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "levering.zip",
        {
            "gemeente/WMO_H22025_a.csv": LIBREOFFICE.read_bytes(),
            "LEESMIJ.txt.pdf": b"%PDF-1.4 not a delivery file",
            "WMO_H22025_b.csv": VALID.read_bytes(),
        },
    )
    out = tmp_path / "hersteld.zip"
    code, stdout, _ = cli("fix", str(archive), "-o", str(out), "--lang", "en")
    assert code == 1  # the pdf is no delivery file: L004, as check would say
    with zipfile.ZipFile(archive) as before, zipfile.ZipFile(out) as after:
        assert after.namelist() == before.namelist()
        assert after.read("LEESMIJ.txt.pdf") == before.read("LEESMIJ.txt.pdf")
        assert after.read("WMO_H22025_b.csv") == VALID.read_bytes()
        assert validate_bytes(after.read("gemeente/WMO_H22025_a.csv"), "WMO_H22025_a.csv").accepted
    assert f"{archive}/gemeente/WMO_H22025_a.csv → {out}/gemeente/WMO_H22025_a.csv" in stdout
    code, stdout, _ = cli("check", "-q", str(out))
    assert code == 1 and "LEESMIJ.txt.pdf" in stdout


def test_a_zip_keeps_what_needs_no_repair_as_it_is_stored(cli: CliRun, tmp_path: Path) -> None:
    """A member the fix leaves as it is, is copied as stored (method, packed size, CRC-32 as
    they were: not unpacked and packed again), a repaired one deflated anew; each keeps its
    name, time, attributes and comment, and every member its place."""
    archive = tmp_path / "levering.zip"
    members = [
        ("WMO_H22025_b.csv", VALID.read_bytes(), zipfile.ZIP_STORED),
        ("gemeente/", b"", zipfile.ZIP_STORED),
        ("gemeente/WMO_H22025_a.csv", LIBREOFFICE.read_bytes(), zipfile.ZIP_BZIP2),
        ("WMO_H22025_c.csv", VALID.read_bytes(), zipfile.ZIP_LZMA),
        ("LEESMIJ.txt", b"geen aanlevering\n", zipfile.ZIP_DEFLATED),
    ]
    with zipfile.ZipFile(archive, "w") as zf:
        for number, (name, data, method) in enumerate(members):
            info = zipfile.ZipInfo(name, date_time=(2025, 7, 14, 10, 30, 2 * number))
            info.compress_type = method
            info.external_attr = (0o40750 if name.endswith("/") else 0o100640) << 16
            info.comment = f"lid {number}".encode()
            zf.writestr(info, data)
    out = tmp_path / "hersteld.zip"
    code, _, _ = cli("fix", str(archive), "-o", str(out), "--lang", "en")
    assert code == 1  # LEESMIJ.txt is no delivery file (L004)
    with zipfile.ZipFile(archive) as before, zipfile.ZipFile(out) as after:
        assert after.testzip() is None
        pairs = list(zip(before.infolist(), after.infolist(), strict=True))
        for was, now in pairs:
            assert (now.filename, now.date_time, now.external_attr, now.comment) == (
                was.filename,
                was.date_time,
                was.external_attr,
                was.comment,
            )
        repaired = "gemeente/WMO_H22025_a.csv"
        for was, now in pairs:
            if was.filename in (repaired, "LEESMIJ.txt"):
                assert now.compress_type == zipfile.ZIP_DEFLATED
            else:
                assert (now.compress_type, now.compress_size, now.CRC) == (
                    was.compress_type,
                    was.compress_size,
                    was.CRC,
                )
            assert (after.read(now) == before.read(was)) == (was.filename != repaired)
        assert validate_bytes(after.read(repaired), "WMO_H22025_a.csv").accepted


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["valid", "repairable", "other"]),
            st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2]),
        ),
        min_size=1,
        max_size=6,
    ),
    st.booleans(),
)
def test_a_fixed_zip_holds_each_member_as_its_fix_writes_it(
    tmp_path: Path, members: list[tuple[str, int]], unsafe: bool
) -> None:
    """Any zip of delivery files, repairable or not, and other files: the fixed zip holds, in
    the same order under the same names, each delivery file as `fix` writes it alone and each
    other file as it was; a member with nothing to repair keeps its stored bytes. Fixed on
    several threads (the members' first fixes side by side), the zip is the same, byte for
    byte."""
    folder = tmp_path / f"case{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    contents = {
        "valid": VALID.read_bytes(),
        "repairable": LIBREOFFICE.read_bytes(),
        "other": b"%PDF-1.4 geen aanlevering",
    }
    archive = folder / "levering.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for number, (kind, method) in enumerate(members):
            name = f"WMO_H22025_{number}.csv" if kind != "other" else f"bijlage{number}.pdf"
            zf.writestr(name, contents[kind], compress_type=method)
    out, out_threads = folder / "uit.zip", folder / "uit-threads.zip"
    gmsd_fast.fix_delivery(archive, output=out, unsafe=unsafe)
    gmsd_fast.fix_delivery(archive, output=out_threads, unsafe=unsafe, jobs=3)
    assert out_threads.read_bytes() == out.read_bytes()
    with zipfile.ZipFile(archive) as before, zipfile.ZipFile(out) as after:
        assert after.namelist() == before.namelist()
        for (kind, _), was, now in zip(members, before.infolist(), after.infolist(), strict=True):
            data = before.read(was)
            if kind == "other":
                assert after.read(now) == data
                continue
            alone = folder / was.filename
            alone.write_bytes(data)
            fixed = folder / f"fixed-{was.filename}"
            gmsd_fast.fix(alone, fixed, unsafe=unsafe)
            assert after.read(now) == fixed.read_bytes()
            if kind == "valid":
                assert (now.compress_type, now.compress_size, now.CRC) == (
                    was.compress_type,
                    was.compress_size,
                    was.CRC,
                )


def test_a_zip_with_a_member_that_cannot_be_read_is_not_written(cli: CliRun, tmp_path: Path) -> None:
    archive = tmp_path / "levering.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("WMO_H22025_a.csv", LIBREOFFICE.read_bytes())
        zf.writestr("WMO_H22025_b.csv", b"0" * 50_000_000)  # a ratio beyond the zip-bomb limit
    out = tmp_path / "uit.zip"
    code, _, stderr = cli("fix", str(archive), "-o", str(out), "--lang", "en")
    assert code == 1
    assert "was not repaired" in stderr
    assert not out.exists()


def test_a_zip_fixed_into_a_pipe_streams_whole(cli: CliRun, tmp_path: Path) -> None:
    """A zip fixed into a FIFO (a reader at the other end, no seeking): the zip that arrives
    holds the repaired member and the valid one as it was stored."""
    archive = make_zip(
        tmp_path / "levering.zip",
        {"WMO_H22025_a.csv": LIBREOFFICE.read_bytes(), "WMO_H22025_b.csv": VALID.read_bytes()},
    )
    fifo = tmp_path / "hersteld.zip"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, _, stderr = cli("fix", str(archive), "-o", str(fifo), "--lang", "en")
    reader.join(timeout=60)
    assert code == 1, stderr  # both files are Groningen's: the delivery's L001
    with zipfile.ZipFile(archive) as before, zipfile.ZipFile(io.BytesIO(received[0])) as after:
        assert after.testzip() is None
        assert after.namelist() == before.namelist()
        was, now = before.getinfo("WMO_H22025_b.csv"), after.getinfo("WMO_H22025_b.csv")
        assert (now.compress_size, now.CRC) == (was.compress_size, was.CRC)
        assert validate_bytes(after.read("WMO_H22025_a.csv"), "WMO_H22025_a.csv").accepted


@pytest.mark.parametrize("stored", [False, True])
def test_a_zip_with_a_damaged_member_is_not_written(cli: CliRun, tmp_path: Path, stored: bool) -> None:
    """A member whose bytes were damaged (its CRC-32 no longer matches; a small one is
    unpacked whole before it is fixed) is found before anything is written."""
    archive = tmp_path / "levering.zip"
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(archive, "w", method) as zf:
        zf.writestr("WMO_H22025_a.csv", VALID.read_bytes())
        zf.writestr("WMO_H22025_b.csv", LIBREOFFICE.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("WMO_H22025_b.csv")
    data = bytearray(archive.read_bytes())
    at = info.header_offset + 30 + len(info.filename) + len(info.extra) + info.compress_size // 2
    data[at] ^= 0x01
    archive.write_bytes(bytes(data))
    out = tmp_path / "uit.zip"
    code, _, stderr = cli("fix", str(archive), "-o", str(out), "--lang", "en")
    assert code == 1
    assert "was not repaired" in stderr and "WMO_H22025_b.csv" in stderr
    assert not out.exists()


def test_the_fix_json_is_a_contract_as_checks_is(cli: CliRun, tmp_path: Path) -> None:
    """`fix --format json` says its schema and tool versions and the cap, the inputs it could
    not repair and the delivery of its outputs, and matches `schemas/fix.schema.json`."""
    from .test_output import validator

    folder = tmp_path / "levering"
    folder.mkdir()
    (folder / NAME).write_bytes(records(example_record(c2="14", c3="12345672")))
    (folder / "WMO_H22025_b.csv").write_bytes(records(example_record(c2="14")))
    archive = folder / "kapot.zip"
    archive.write_bytes(b"PK\x03\x04 no zip at all")
    code, stdout, _ = cli(
        "fix",
        str(folder),
        "-o",
        str(tmp_path / "out"),
        "--format",
        "json",
        "--log",
        "-",
        "--max-per-rule",
        "1",
    )
    assert code == 1
    document = json.loads(stdout)
    validator("fix.schema.json").validate(document)
    assert (document["schema_version"], document["tool"], document["max_per_rule"]) == ("1.0", "gmsd-fast", 1)
    assert [f["counts"] for f in document["files"]] == [{"F003": 1}, {"F003": 2}]
    assert [len(f["fixes"]) for f in document["files"]] == [1, 1]  # capped; the counts exact
    (not_fixed,) = document["not_fixed"]
    assert not_fixed["verdict"] == "rejected" and list(not_fixed["counts"]) == ["L004"]
    assert document["delivery"]["counts"] == {"L001": 1}  # both outputs are 0014 H22025


def test_the_fix_log_in_every_format(cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "=HYPERLINK(1)"
    folder.mkdir()
    source = folder / NAME
    source.write_bytes(records(example_record(c2="14", c3="12345672")))
    relative = os.path.join(folder.name, NAME)
    code, stdout, _ = cli("fix", relative, "--diff", "--format", "json")
    document = json.loads(stdout[stdout.index("{") :])
    (entry,) = document["files"]
    assert entry["counts"] == {"F003": 2} and entry["output"] is None
    assert entry["fixes"][1]["old"] == "******72"
    assert entry["check"]["verdict"] == "accepted"
    log = tmp_path / "log.csv"
    out = str(tmp_path / "WMO_H22025_o.csv")
    code, _, _ = cli("fix", relative, "-o", out, "--format", "csv", "--log", str(log))
    rows = list(csv.reader(log.open(encoding="utf-8")))
    assert rows[0][:5] == ["file", "line", "column", "field", "rule"]
    assert rows[1][0] == "'" + relative and rows[1][4] == "F003"
    code, stdout, _ = cli("fix", relative, "--diff", "--format", "jsonl")
    lines = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    assert [line["rule"] for line in lines] == ["F003", "F003"]
    parquet = tmp_path / "log.parquet"
    code, _, _ = cli("fix", relative, "--diff", "--format", "parquet", "--log", str(parquet))
    assert pq.read_table(parquet).num_rows == 2
    code, _, stderr = cli("fix", relative, "--diff", "--format", "parquet")
    assert code == 2 and "--log" in stderr


def _python_m(*args: str, data: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "python")}
    return subprocess.run(
        [sys.executable, "-m", "gmsd_fast", *args], input=data, capture_output=True, env=env, check=False
    )


def test_standard_input_and_output(tmp_path: Path) -> None:
    done = _python_m("fix", "-", "-o", "-", "--name", "WMO_H22025_x.csv", data=LIBREOFFICE.read_bytes())
    assert done.returncode == 0, done.stderr
    assert body(done.stdout) == body(VALID.read_bytes()).replace(b";02;\n", b";2;\n")
    assert b"152" in done.stderr  # the report goes to standard error
    out = tmp_path / "WMO_H22025_x.csv"
    done = _python_m("fix", "-", "-o", str(out), "--name", "WMO_H22025_x.csv", data=LIBREOFFICE.read_bytes())
    assert done.returncode == 0 and validate(out).accepted
    done = _python_m("fix", str(LIBREOFFICE), "-o", "-", "--diff")
    assert done.returncode == 2


# ---- properties -----------------------------------------------------------------------------

BASE = example_record().split(";")
#: What a spreadsheet, an export or a hand does to a field, per column (1-based).
MISTAKES = st.sampled_from(
    [
        (2, "14"),
        (3, "12345672"),
        (3, "12345678"),
        (3, '"111111110"'),
        (4, "1"),
        (4, "01"),
        (4, '"0001"'),
        (4, " 01"),
        (4, "'0001"),
        (5, "2024-01-01"),
        (5, "01-02-2024"),
        (5, "20240230"),
        (10, "00000000"),
        (11, "240001101"),
        (11, "0"),
        (12, "3"),
        (12, "2,5"),
        (13, "4"),
        (17, "2"),
        (17, "00"),
        (18, '"04"'),
        (1, "2,02601E+11"),
        (7, "5"),
        (2, "0000"),
    ]
)
LINE_MISTAKES = st.sampled_from(["", ";", "\r", " ", "\r;"])


@st.composite
def files(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        fields = list(BASE)
        for column, value in draw(st.lists(MISTAKES, max_size=3)):
            fields[column - 1] = value
        lines.append(";".join(fields) + draw(LINE_MISTAKES))
    data = records(*lines)
    if draw(st.booleans()):
        data = data[:-1]  # no final line break
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=files(), unsafe=st.booleans())
@example(  # a record before the first intact one restored: the first record as written changes
    data=records(
        ";".join(BASE) + ";",
        ";".join(["2,02601E+11", "14", *BASE[2:]]),
    ),
    unsafe=False,
)
def test_properties(data: bytes, unsafe: bool) -> None:
    out = io.BytesIO()
    result = gmsd_fast.fix(io.BytesIO(data), out, name=NAME, unsafe=unsafe, max_per_rule=10_000)
    fixed = out.getvalue()
    # Fixing twice equals fixing once.
    again = io.BytesIO()
    second = gmsd_fast.fix(io.BytesIO(fixed), again, name=NAME, unsafe=unsafe)
    assert again.getvalue() == fixed and second.counts == {}
    # Nothing safely repairable is left, and the check of the output is what was reported.
    checked = validate_bytes(fixed, NAME)
    assert checked.fixable == {} and checked.counts == result.check.counts
    # Rows without findings are unchanged, byte for byte.
    before = validate_bytes(data, NAME, max_per_rule=10_000)
    with_findings = {line for line in before.findings.column("line").to_pylist() if line is not None}
    lines_in, lines_out = data.split(b"\n"), fixed.split(b"\n")
    for number, (a, b) in enumerate(zip(lines_in, lines_out, strict=False), start=1):
        if number not in with_findings:
            assert a == b, number
    # No BSN is invented: every BSN in the output is its line's in the input, at most padded.
    for a, b in zip(lines_in, lines_out, strict=False):
        for value in re.findall(rb"(?<![0-9])[0-9]{9}(?![0-9])", b):
            assert value.lstrip(b"0") in a
    # Unsafe repairs only when asked.
    assert unsafe or result.unsafe_fixes == 0


def test_a_line_a_column_off_is_told_where_its_separators_go(cli: CliRun, tmp_path: Path) -> None:
    """A separator lost and one too many at the end (as a spreadsheet writes): `check` into a
    pipe names where the separators go (S016), in the user's language, instead of advising
    zeros for values in the wrong column; `fix` leaves the line as it is."""
    header, first, *rest = VALID.read_text(encoding="utf-8").splitlines()
    shifted = first.replace(";", "", 1) + ";"
    source = tmp_path / VALID.name
    source.write_text("\n".join([header, first, shifted, *rest]) + "\n", encoding="utf-8")
    said = {}
    for lang in ("nl", "en"):
        run = subprocess.run(
            [sys.executable, "-m", "gmsd_fast", "check", str(source), "--lang", lang],
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 1 and run.stderr == "", run.stderr
        said[lang] = [line for line in run.stdout.splitlines() if "line 3:" in line or "regel 3:" in line]
    assert any("een kolom verschoven" in line and "na 12 posities" in line for line in said["nl"]), said
    english = " ".join(said["en"])
    assert (
        "a column off" in english and "after 12 positions" in english and "without the semicolon" in english
    )
    assert "kolom" not in english and "puntkomma" not in english
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / VALID.name
    code, _, err = cli("fix", str(source), "-o", str(out), "--lang", "en")
    assert code in (0, 1), err
    assert shifted in out.read_text(encoding="utf-8").splitlines()


def test_a_zip_replaced_while_it_is_fixed_gives_no_zip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The zip is replaced by another of the same members, after the delivery files were found
    in it and before they are fixed: the members read are no longer those found, so nothing is
    written (the core compares the archive with the version whose directory it read)."""
    from gmsd_fast import FileChangedError, fixing

    members = {"WMO_H22025_a.csv": LIBREOFFICE.read_bytes(), "WMO_H22025_b.csv": VALID.read_bytes()}
    archive = make_zip(tmp_path / "levering.zip", members)
    real = fixing.expand

    def expand_then_replace(paths: list[str]) -> object:
        found = real(paths)
        make_zip(tmp_path / "ander.zip", {**members, "LEESMIJ.txt": b"later erbij"})
        os.replace(tmp_path / "ander.zip", archive)
        return found

    monkeypatch.setattr(fixing, "expand", expand_then_replace)
    out = tmp_path / "uit.zip"
    for jobs in (1, 2):
        token = StopToken()
        with pytest.raises(FileChangedError):
            gmsd_fast.fix_delivery(archive, output=out, jobs=jobs, stop=token)
        assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["levering.zip"]
        assert not token.requested  # the first fixes were stopped by a token of their own
        make_zip(archive, members)


def test_the_zip_directory_binding_refuses_misuse(tmp_path: Path) -> None:
    """`_gmsd_fast.ZipArchive` (the directory `fix` reads): a missing file, a file that is no
    zip, a member that is not there; a folder member is listed, not read."""
    from gmsd_fast import _gmsd_fast
    from gmsd_fast.exceptions import ZipMemberError

    with pytest.raises(FileNotFoundError):
        _gmsd_fast.ZipArchive(tmp_path / "er-niet.zip")
    (tmp_path / "geen.zip").write_bytes(b"PK\x03\x04 no zip at all")
    with pytest.raises(ZipMemberError):
        _gmsd_fast.ZipArchive(tmp_path / "geen.zip")
    archive = tmp_path / "levering.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("map/", b"")
        zf.writestr("map/WMO_H22025_a.csv", VALID.read_bytes())
    listed = _gmsd_fast.ZipArchive(archive)
    assert listed.members("x.zip") == [
        ("map/", "x.zip/map/", True, 0),
        ("map/WMO_H22025_a.csv", "x.zip/map/WMO_H22025_a.csv", False, len(VALID.read_bytes())),
    ]
    with listed.reader(1) as reader:
        assert reader.read() == VALID.read_bytes()
    with pytest.raises(ValueError, match="no member 2"):
        listed.reader(2)
    with pytest.raises(ZipMemberError):
        listed.reader(0)


def test_the_first_fixes_running_when_the_writing_fails_are_stopped() -> None:
    """The first fixes of a zip's members run ahead of its writing (`fixing._ahead`). When the
    writing fails (a full disk), the fixes not begun are dropped and those running are asked
    to stop through their own token: a large member ends at its next block, not at its end."""
    from gmsd_fast import fixing

    stop = StopToken()
    started: list[int] = []
    stopped: list[int] = []

    def work(item: int) -> int:
        started.append(item)
        if item > 0:  # a long member: it runs until its token is requested (or a hang)
            deadline = time.monotonic() + 60
            while not stop.requested:
                assert time.monotonic() < deadline, "never asked to stop"
                time.sleep(0.002)
            stopped.append(item)
        return item

    with pytest.raises(OSError, match="vol"), fixing._ahead(work, list(range(10)), 2, stop) as results:
        assert next(results) == 0
        deadline = time.monotonic() + 60
        while len(started) < 3:  # the two after it are running
            assert time.monotonic() < deadline
            time.sleep(0.002)
        raise OSError(28, "schijf vol")
    assert stop.requested
    assert sorted(started) == [0, 1, 2] and sorted(stopped) == [1, 2]
