"""Inputs: files, folders and zip archives turned into sources and problems."""

from __future__ import annotations

import io
import os
import struct
import threading
import time
import zipfile
from pathlib import Path

import pytest

from gmsd_fast import Stopped, StopToken, UsageError
from gmsd_fast.api import check_options
from gmsd_fast.inputs import (
    ZIP_BOMBS,
    Problem,
    Source,
    ZipLimits,
    ZipMemberError,
    check_all,
    expand,
    stream_all,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
VALID = (EXAMPLES / "WMO_H22025_voorbeeld.csv").read_bytes()
INVALID = (EXAMPLES / "WMO_H22025_fouten.csv").read_bytes()
LOCAL, CENTRAL = b"PK\x03\x04", b"PK\x01\x02"


def make_zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def write_symlink_member(zf: zipfile.ZipFile, name: str, target: bytes = b"/etc/passwd") -> None:
    """A member that unpacks as a Unix symlink (mode 0o120777) pointing at `target`."""
    link = zipfile.ZipInfo(name)
    link.create_system = 3
    link.external_attr = 0o120777 << 16
    zf.writestr(link, target)


def patch_headers(path: Path, offsets: tuple[int, int], fmt: str, change: object) -> None:
    """Rewrites one field in every local header (offsets[0]) and central header (offsets[1])."""
    data = bytearray(path.read_bytes())
    for sig, off in zip((LOCAL, CENTRAL), offsets, strict=True):
        pos = data.find(sig)
        while pos >= 0:
            (old,) = struct.unpack_from(fmt, data, pos + off)
            struct.pack_into(fmt, data, pos + off, change(old) if callable(change) else change)
            pos = data.find(sig, pos + 4)
    path.write_bytes(bytes(data))


def only_problem(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


# --- zip archives: the happy path -------------------------------------------------------


def test_zip_members_checked_in_archive_order_with_their_verdicts(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "regio.zip",
        {
            "WMO_H22025_Westerveld.csv": VALID,
            "WMO_H22025_Assen.txt": INVALID,
            "2025/WMO_H22025_Midden-Drenthe.CSV": VALID,
            "WMO_H22025_leeg.csv": b"",
        },
    )
    sources, problems = expand([archive])
    assert problems == []
    shown = [f"{archive}/{n}" for n in ("WMO_H22025_Westerveld.csv", "WMO_H22025_Assen.txt")]
    shown += [f"{archive}/2025/WMO_H22025_Midden-Drenthe.CSV", f"{archive}/WMO_H22025_leeg.csv"]
    assert [s.name for s in sources] == shown

    results, check_problems = check_all(sources, check_options(jobs=3))
    assert check_problems == []
    assert [r.path for r in results] == shown
    assert [r.verdict for r in results] == ["accepted", "rejected", "accepted", "rejected"]
    # the file-name rules saw the base name "WMO_H22025_Midden-Drenthe.CSV", not "2025/..."
    assert results[2].counts == {}
    assert results[0].rows == VALID.count(b"\n") - 1
    # findings carry the display name too
    assert set(results[1].findings.column("file").to_pylist()) == {shown[1]}
    # the same with one worker
    serial, _ = check_all(sources, check_options(jobs=1))
    assert [(r.path, r.verdict, r.counts) for r in serial] == [(r.path, r.verdict, r.counts) for r in results]


def test_member_check_equals_file_check(tmp_path: Path) -> None:
    plain = tmp_path / "WMO_H22025_Assen.csv"
    plain.write_bytes(INVALID)
    archive = make_zip(tmp_path / "a.zip", {"WMO_H22025_Assen.csv": INVALID})
    (member,), _ = expand([archive])
    (file,), _ = expand([plain])
    from_zip, from_file = (
        member.check(check_options(period="H22025", jobs=2)),
        file.check(check_options(period="H22025")),
    )
    assert from_zip.counts == from_file.counts
    assert from_zip.verdict == from_file.verdict == "rejected"
    assert from_zip.path == f"{archive}/WMO_H22025_Assen.csv"
    assert from_file.path == str(plain)


def test_directories_in_zip_are_skipped(tmp_path: Path) -> None:
    archive = tmp_path / "d.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("2025/", b"")
        zf.writestr("2025/WMO_H22025_x.csv", VALID)
    sources, problems = expand([archive])
    assert problems == []
    assert [s.member for s in sources] == ["2025/WMO_H22025_x.csv"]


def test_file_without_extension_but_zip_magic_is_a_zip(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "levering", {"WMO_H22025_x.csv": VALID})
    sources, problems = expand([archive])
    assert problems == []
    assert [s.name for s in sources] == [f"{archive}/WMO_H22025_x.csv"]


def test_csv_holding_a_zip_is_checked_as_file_and_gets_s002(tmp_path: Path) -> None:
    fake = make_zip(tmp_path / "WMO_H22025_x.csv", {"WMO_H22025_x.csv": VALID})
    sources, problems = expand([fake])
    assert problems == []
    assert sources == [Source(str(fake), str(fake))]
    (result,), _ = check_all(sources, check_options())
    assert result.verdict == "rejected"
    assert "S002" in result.counts


# --- folders and plain files -----------------------------------------------------------


def test_folder_gives_its_csv_txt_and_zip_files_sorted_not_recursive(tmp_path: Path) -> None:
    (tmp_path / "WMO_H22025_b.csv").write_bytes(VALID)
    (tmp_path / "WMO_H22025_a.TXT").write_bytes(INVALID)
    (tmp_path / "notes.docx").write_bytes(b"x")
    (tmp_path / ".WMO_H22025_hidden.csv").write_bytes(VALID)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "WMO_H22025_deep.csv").write_bytes(VALID)
    make_zip(tmp_path / "c.zip", {"WMO_H22025_c.csv": VALID, "readme.pdf": b"%PDF"})
    sources, problems = expand([tmp_path])
    assert [s.name for s in sources] == [
        str(tmp_path / "WMO_H22025_a.TXT"),
        str(tmp_path / "WMO_H22025_b.csv"),
        f"{tmp_path / 'c.zip'}/WMO_H22025_c.csv",
    ]
    assert [p.kind for p in problems] == ["not-csv-or-txt"]
    results, _ = check_all(sources, check_options())
    assert [r.verdict for r in results] == ["rejected", "accepted", "accepted"]


def test_plain_file_of_any_name_is_taken_as_given(tmp_path: Path) -> None:
    odd = tmp_path / "levering.xlsx"
    odd.write_bytes(VALID)
    sources, problems = expand([odd])
    assert problems == [] and [s.name for s in sources] == [str(odd)]


def test_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        expand([tmp_path / "nope.csv"])
    with pytest.raises(FileNotFoundError):
        expand([tmp_path / "nope.zip"])


def test_archive_vanishing_before_the_check_raises(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", {"WMO_H22025_x.csv": VALID})
    sources, _ = expand([archive])
    archive.unlink()
    with pytest.raises(FileNotFoundError):
        check_all(sources, check_options())


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_raises_permission_error(tmp_path: Path) -> None:
    """The core opens the file: one without read permission is the user's PermissionError,
    naming it."""
    target = tmp_path / "WMO_H22025_x.csv"
    target.write_bytes(VALID)
    target.chmod(0)
    try:
        with pytest.raises(PermissionError) as caught:
            expand([target])
        assert caught.value.filename == str(target)
    finally:
        target.chmod(0o644)


# --- members that are not checked ------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        ("WMO/../WMO_H22025_x.csv", "een map-pad met '..'"),
        ("../WMO_H22025_x.csv", "een map-pad met '..'"),
        ("/etc/WMO_H22025_x.csv", "een absoluut pad"),
        ("C:/WMO_H22025_x.csv", "een stationsletter"),
        ("map\\WMO_H22025_x.csv", "een backslash"),
    ],
)
def test_unsafe_member_paths_are_problems(tmp_path: Path, member: str, reason: str) -> None:
    archive = make_zip(tmp_path / "a.zip", {member: VALID, "WMO_H22025_ok.csv": VALID})
    sources, problems = expand([archive])
    assert [s.member for s in sources] == ["WMO_H22025_ok.csv"]
    problem = only_problem(problems)
    assert problem.kind.startswith("unsafe-path-")
    assert problem.path == f"{archive}/{member}"
    assert reason in problem.message("nl") and member in problem.message("nl")
    assert problem.message("nl").endswith("Dit bestand is niet gecontroleerd.")
    assert problem.message("en").endswith("This file was not checked.")


def test_dotdot_message_reads_as_specified(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", {"WMO/../x.csv": VALID})
    _, problems = expand([archive])
    assert only_problem(problems).message("nl") == (
        "Het zip-bestand bevat een bestandsnaam met een map-pad met '..' (WMO/../x.csv);"
        " zo'n pad kan buiten de uitpakmap terechtkomen. Dit bestand is niet gecontroleerd."
    )


def test_nested_zip_is_a_problem(tmp_path: Path) -> None:
    inner = make_zip(tmp_path / "inner.zip", {"WMO_H22025_x.csv": VALID}).read_bytes()
    archive = make_zip(tmp_path / "outer.zip", {"gemeenten/inner.ZIP": inner})
    sources, problems = expand([archive])
    assert sources == []
    assert only_problem(problems).kind == "nested-zip"


def test_encrypted_member_is_a_problem(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", {"WMO_H22025_x.csv": VALID}, zipfile.ZIP_STORED)
    patch_headers(archive, (6, 8), "<H", lambda bits: bits | 0x1)  # general purpose flag bit 0
    with zipfile.ZipFile(archive) as zf:
        assert zf.infolist()[0].flag_bits & 0x1
    sources, problems = expand([archive])
    assert sources == []
    problem = only_problem(problems)
    assert problem.kind == "encrypted" and "wachtwoord" in problem.message("nl")


def test_symlink_member_is_a_problem(tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        write_symlink_member(zf, "WMO_H22025_x.csv")
        zf.writestr("WMO_H22025_y.csv", VALID)
    sources, problems = expand([archive])
    assert [s.member for s in sources] == ["WMO_H22025_y.csv"]
    assert only_problem(problems).kind == "symlink"


def test_member_that_is_not_csv_or_txt_is_a_problem(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", {"WMO_H22025_x.xlsx": b"PK\x03\x04xl", "WMO_H22025_y.txt": VALID})
    sources, problems = expand([archive])
    assert [s.member for s in sources] == ["WMO_H22025_y.txt"]
    problem = only_problem(problems)
    assert problem.kind == "not-csv-or-txt"
    assert problem.path == f"{archive}/WMO_H22025_x.xlsx"
    assert ".csv" in problem.message("nl") and "§4.1.1" in problem.message("en")


def test_unsupported_compression_is_a_problem(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", {"WMO_H22025_x.csv": VALID})
    patch_headers(archive, (8, 10), "<H", 9)  # Deflate64: Python cannot read it
    sources, problems = expand([archive])
    assert sources == []
    assert only_problem(problems).kind == "unsupported-compression"


def test_too_many_members_refuses_the_archive(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", {f"WMO_H22025_{i}.csv": VALID for i in range(4)})
    sources, problems = expand([archive], ZipLimits(max_members=3))
    assert sources == []
    problem = only_problem(problems)
    assert problem.kind == "too-many-members" and problem.path == str(archive)
    assert "4 bestanden" in problem.message("nl")
    assert len(expand([archive], ZipLimits(max_members=4))[0]) == 4


def test_empty_zip_is_a_problem(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", {})
    assert archive.read_bytes().startswith(b"PK\x05\x06")
    sources, problems = expand([archive])
    assert sources == [] and only_problem(problems).kind == "empty-zip"


# --- corrupt archives ------------------------------------------------------------------


def test_corrupt_zip_is_a_problem_for_the_archive(tmp_path: Path) -> None:
    good = make_zip(tmp_path / "good.zip", {"WMO_H22025_x.csv": VALID}).read_bytes()
    truncated = tmp_path / "kapot.zip"
    truncated.write_bytes(good[: len(good) // 2])
    sources, problems = expand([truncated])
    assert sources == []
    problem = only_problem(problems)
    assert problem.kind == "corrupt-zip" and problem.path == str(truncated)
    assert "beschadigd" in problem.message("nl")


def test_zip_extension_without_zip_content_is_a_problem(tmp_path: Path) -> None:
    fake = tmp_path / "levering.zip"
    fake.write_bytes(VALID)
    sources, problems = expand([fake])
    assert sources == [] and only_problem(problems).kind == "not-a-zip"


def test_damaged_member_data_ends_as_problem(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "a.zip", {"WMO_H22025_x.csv": VALID, "WMO_H22025_y.csv": VALID}, zipfile.ZIP_STORED
    )
    data = bytearray(archive.read_bytes())
    data[data.find(b"202601200915")] ^= 0x01  # first member's data: the CRC no longer matches
    archive.write_bytes(bytes(data))
    sources, problems = expand([archive])
    assert problems == [] and len(sources) == 2
    results, check_problems = check_all(sources, check_options(jobs=2))
    assert [r.path for r in results] == [sources[1].name]
    problem = only_problem(check_problems)
    assert problem.kind == "damaged" and problem.path == sources[0].name
    with pytest.raises(ZipMemberError) as caught:
        sources[0].check(check_options())
    assert caught.value.problem == problem


# --- zip bombs -------------------------------------------------------------------------


def test_bomb_by_declared_ratio_is_refused_before_decompressing(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "bom.zip", {"WMO_H22025_x.csv": bytes(50_000_000)})
    assert archive.stat().st_size < 100_000
    start = time.monotonic()
    sources, problems = expand([archive])
    assert time.monotonic() - start < 1.0
    assert sources == []
    problem = only_problem(problems)
    assert problem.kind in ZIP_BOMBS and "zip-bom" in problem.message("nl")
    assert "(grens: 200 keer)" in problem.message("nl")


def test_bomb_by_declared_member_size(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", {"WMO_H22025_x.csv": VALID}, zipfile.ZIP_STORED)
    sources, problems = expand([archive], ZipLimits(max_member_bytes=len(VALID) - 1))
    assert sources == []
    problem = only_problem(problems)
    assert problem.kind in ZIP_BOMBS and "meer dan de grens van" in problem.message("nl")


def test_bomb_by_declared_total_refuses_the_archive(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", {f"WMO_H22025_{i}.csv": VALID for i in range(3)})
    limits = ZipLimits(max_total_bytes=2 * len(VALID) + 1)
    sources, problems = expand([archive], limits)
    assert sources == []
    problem = only_problem(problems)
    assert problem.kind in ZIP_BOMBS and problem.path == str(archive)
    assert "samen" in problem.message("nl")


#: The declared unpacked size in a local header and in the central directory.
SIZE_AT = (22, 24)


def test_member_reader_stops_at_member_size(tmp_path: Path) -> None:
    """The sizes declared lie (a member of 1 MB says 99 KB): the core's reader stops it at
    the limit while it unpacks, whatever it declared."""
    archive = make_zip(tmp_path / "a.zip", {"WMO_H22025_x.csv": bytes(1_000_000)}, zipfile.ZIP_STORED)
    patch_headers(archive, SIZE_AT, "<I", 99_000)
    sources, problems = expand([archive], ZipLimits(max_member_bytes=100_000))
    assert problems == [] and len(sources) == 1
    with sources[0].reader() as reader:
        assert reader.readable() and reader.read(65_536) == bytes(65_536)
        with pytest.raises(ZipMemberError) as caught:
            while reader.read(65_536):
                pass
    assert isinstance(caught.value, OSError)
    problem = caught.value.problem
    assert problem.kind in ZIP_BOMBS and problem.is_zip_bomb and problem.path == sources[0].name
    assert "groter dan de grens van 97,7 KB" in problem.message("nl")


def test_member_reader_stops_past_its_declared_size_and_bounds_read_all(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", {"WMO_H22025_x.csv": bytes(20_000_000)})
    with zipfile.ZipFile(archive) as zf:
        compressed = zf.getinfo("WMO_H22025_x.csv").compress_size
    patch_headers(archive, SIZE_AT, "<I", 2 * compressed)  # a ratio of 2 declared
    sources, problems = expand([archive])
    assert problems == []
    with pytest.raises(ZipMemberError) as caught:
        sources[0].reader().read()  # read-all stops once past the size declared, not at 20 MB
    assert caught.value.problem.kind == "damaged"
    assert "beschadigd" in caught.value.problem.message("nl")


def test_member_reader_passes_honest_members_through(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", {"WMO_H22025_x.csv": VALID})
    sources, _ = expand([archive])
    reader = sources[0].reader()
    assert reader.read(10) + reader.read() == VALID
    assert reader.read(10) == b""
    reader.close()
    with pytest.raises(ValueError):
        reader.read(1)


def test_bomb_caught_while_checking_ends_as_problem(tmp_path: Path) -> None:
    """Declared sizes passed (they lied); the core's reader stops the check, check_all reports it."""
    big = VALID + VALID.split(b"\n", 1)[1] * 400
    archive = make_zip(
        tmp_path / "a.zip", {"WMO_H22025_x.csv": big, "WMO_H22025_y.csv": VALID}, zipfile.ZIP_STORED
    )
    patch_headers(archive, SIZE_AT, "<I", lambda old: min(old, len(VALID)))
    sources, problems = expand([archive], ZipLimits(max_member_bytes=len(VALID) + 1))
    assert problems == [] and len(sources) == 2
    results, check_problems = check_all(sources, check_options(jobs=2))
    assert [r.path for r in results] == [sources[1].name]
    problem = only_problem(check_problems)
    assert problem.kind in ZIP_BOMBS and problem.path == sources[0].name
    assert "de controle is afgebroken" in problem.message("nl")


# --- check_all -------------------------------------------------------------------------


def test_check_all_keeps_source_order_across_files_and_members(tmp_path: Path) -> None:
    names = [f"WMO_H22025_{i:02}.csv" for i in range(12)]
    archive = make_zip(tmp_path / "a.zip", {n: VALID if i % 3 else INVALID for i, n in enumerate(names)})
    plain = tmp_path / "WMO_H22025_plain.csv"
    plain.write_bytes(INVALID)
    sources, _ = expand([plain, archive])
    results, problems = check_all(sources, check_options(jobs=4))
    assert problems == []
    assert [r.path for r in results] == [s.name for s in sources]
    assert [r.verdict for r in results] == ["rejected"] + [
        "accepted" if i % 3 else "rejected" for i in range(12)
    ]


def _slow_first(tmp_path: Path) -> tuple[list[Source], int]:
    """A pipe that sends nothing until written to (a check that takes as long as the test
    wants), then three files; and the pipe's writing end."""
    read_end, write_end = os.pipe()
    slow = Source("slow", "-", fd=read_end, given_name="WMO_H22025_slow.csv")
    files = []
    for i in range(3):
        path = tmp_path / f"WMO_H22025_{i}.csv"
        path.write_bytes(VALID)
        files += expand([path])[0]
    return [slow, *files], write_end


def read_end(sources: list[Source]) -> int:
    assert sources[0].fd is not None
    return sources[0].fd


def test_check_all_goes_on_past_a_long_first_source_and_keeps_input_order(tmp_path: Path) -> None:
    """The core's pool starts the next file as any check ends: the later files are all done
    while the first still waits (two threads); the results come in input order all the
    same, and `progress` is told once per source, as each ends."""
    sources, write_end = _slow_first(tmp_path)
    done: list[str] = []

    def feed() -> None:
        deadline = time.monotonic() + 10
        while len(done) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.write(write_end, VALID)
        os.close(write_end)

    feeder = threading.Thread(target=feed)
    feeder.start()
    try:
        results, problems = check_all(sources, check_options(jobs=2), lambda s: done.append(s.name))
    finally:
        feeder.join()
        os.close(read_end(sources))
    assert problems == []
    assert [r.path for r in results] == [s.name for s in sources]
    assert [r.verdict for r in results] == ["accepted"] * 4
    assert done == [s.name for s in sources[1:]] + ["slow"], "ended in that order, told once each"


def test_check_all_ends_with_stopped_and_starts_nothing_more(tmp_path: Path) -> None:
    sources, write_end = _slow_first(tmp_path)
    token = StopToken()
    done: list[str] = []
    timer = threading.Timer(0.3, token.request)
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(Stopped):
            check_all(sources * 3, check_options(jobs=1, stop=token), lambda s: done.append(s.name))
    finally:
        timer.cancel()
        os.close(write_end)
        os.close(read_end(sources))
    assert time.monotonic() - started < 5
    assert done == ["slow"], "the waiting check stopped, no other started"


def test_check_all_raises_what_a_streams_read_raised(tmp_path: Path) -> None:
    class Broken(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            raise ValueError("kapot")

    sources = [Source("#1", "", data=Broken(), given_name="WMO_H22025_x.csv")]
    with pytest.raises(ValueError, match="kapot"):
        check_all(sources, check_options())
    held = [Source("#1", "", data=VALID, given_name="WMO_H22025_x.csv")]
    (result,), _ = check_all(held, check_options())
    assert (result.path, result.verdict) == ("#1", "accepted")


def test_stream_all_yields_in_input_order_and_tells_progress_once_read(tmp_path: Path) -> None:
    sources, write_end = _slow_first(tmp_path)
    os.write(write_end, VALID)
    os.close(write_end)
    read: list[str] = []
    names = []
    for outcome in stream_all(sources, check_options(jobs=2, max_per_rule=0), lambda s: read.append(s.name)):
        assert not isinstance(outcome, Problem)
        names.append(outcome.path)
        assert len(read) == len(names) - 1, "told once read, not before"
        outcome.read_all()
    os.close(read_end(sources))
    assert names == read == [s.name for s in sources]


def test_check_all_arguments(tmp_path: Path) -> None:
    assert check_all([], check_options()) == ([], [])
    # The options are one object, checked by the core when built: wrong ones never reach a check.
    with pytest.raises(UsageError):
        check_all([Source("x", "x")], check_options(jobs=-1))
    with pytest.raises(UsageError):
        check_all([], check_options(select=["NOPE999"]))
