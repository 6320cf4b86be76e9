"""No BSN in any form leaks: numbers that pass the elfproef, written with separators
(`123.456.782`, `123 456 782`, `123-456-782`, non-breaking spaces), in scientific notation
(`1,23456782E+08`, `1.23456782E8`, rounded `1,23457E+08`) or as a spreadsheet writes them,
planted in every column, go through every output (check text, json, jsonl, csv, parquet,
xlsx, junit; report text, json, html; the fix log in each format and `--diff`), and none
comes out unmasked. Every number is generated (elfproef-valid, nobody's)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pyarrow.parquet as pq
import pytest

from .conftest import CliRun
from .wmo import bsns, example_record, wmo_file

NAME = "WMO_H22025_vormen.csv"
#: What may stand between the groups of digits of one number.
SEPARATORS = ".,' _\u00a0\u202f\u2009-"
CHAIN = re.compile(rf"\d+(?:[{re.escape(SEPARATORS)}]\d+)*")


def forms(bsn: str) -> list[str]:
    """A BSN as people, spreadsheets and exports write it."""
    a, b, c = bsn[:3], bsn[3:6], bsn[6:]
    return [
        bsn,
        f"{a}.{b}.{c}",
        f"{a} {b} {c}",
        f"{a}-{b}-{c}",
        f"{a},{b},{c}",
        f"{a}\u00a0{b}\u00a0{c}",
        f"{a}\u202f{b}\u202f{c}",
        f"{bsn[0]},{bsn[1:]}E+08",
        f"{bsn[0]}.{bsn[1:]}E8",
        f"{bsn}.0",
        f'"{a}.{b}.{c}"',  # quoted: fix removes the quotes, and logs before and after
        f" {a} {b} {c} ",
    ]


def rounded(bsn: str) -> str:
    """As Excel shows a BSN in a narrow column: its first six digits, the rest lost."""
    return f"{bsn[0]},{bsn[1:6]}E+08"


def planted() -> tuple[bytes, list[str], list[str]]:
    """A file with every form of a fresh BSN in every column, and the BSNs and rounded forms
    planted. Column 3 holds a valid BSN of its own in every record, and every record has a
    gemeentecode that `fix` repairs (`14`), so that `--diff` shows every line. Then forms
    that `fix` repairs, to be logged before and after: quoted, with spaces, without zeros."""
    numbers = bsns(12_345_000)
    records, planted_bsns, planted_rounded = [], [], []
    for column in range(1, 19):
        for index in range(len(forms("123456782")) + 1):
            own, bsn = next(numbers), next(numbers)
            value = rounded(bsn) if index == len(forms(bsn)) else forms(bsn)[index]
            columns = {"c2": "14", "c3": own, f"c{column}": value} if column != 3 else {"c3": value}
            records.append(example_record(**columns))
            planted_bsns += [own, bsn]
            if index == len(forms(bsn)):
                planted_rounded.append(value)
    for column in (11, 16):
        for form in ('"{}"', " {} ", "{}", '" {} "'):
            own, bsn = next(numbers), next(numbers)
            records.append(example_record(c3=own, **{f"c{column}": form.format(bsn)}))
            planted_bsns += [own, bsn]
    return wmo_file(records), planted_bsns, planted_rounded


DATA, PLANTED, ROUNDED = planted()


def leaks(text: str) -> list[str]:
    """The planted BSNs (and rounded forms) that `text` shows: as digits, with separators
    between their digits, or in scientific notation."""
    found = [form for form in ROUNDED if form in text]
    for chain in CHAIN.findall(text):
        digits = re.sub(r"\D", "", chain)
        found += [bsn for bsn in PLANTED if bsn in digits]
    return found


def strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)
    elif value is not None:
        yield str(value)


def xml_text(data: bytes) -> Iterator[str]:
    for element in ElementTree.fromstring(data).iter():
        yield from (element.text or "", element.tail or "", *element.attrib.values())


def text_of(path: Path, kind: str) -> str:
    """Everything an output says, decoded as its reader would decode it."""
    data = path.read_bytes()
    if kind == "parquet":
        return "\n".join(strings(pq.read_table(path).to_pylist()))
    if kind == "xlsx":
        with zipfile.ZipFile(path) as zf:
            return "\n".join(s for n in zf.namelist() if n.endswith(".xml") for s in xml_text(zf.read(n)))
    if kind == "junit":
        return "\n".join(xml_text(data))
    text = data.decode("utf-8")
    if kind == "json":
        return "\n".join(strings(json.loads(text[text.index("{") :])))
    if kind == "jsonl":
        return "\n".join(s for line in text.splitlines() if line.strip() for s in strings(json.loads(line)))
    if kind == "csv":
        return "\n".join(s for row in csv.reader(io.StringIO(text)) for s in row)
    if kind == "html":
        import html

        return html.unescape(text)
    return text


@pytest.fixture(scope="module")
def delivery(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("vormen") / NAME
    path.write_bytes(DATA)
    return path


def test_the_file_holds_every_form_and_the_check_sees_them(delivery: Path) -> None:
    assert len(PLANTED) == 2 * (18 * 13 + 8)
    assert leaks(DATA.decode("utf-8")), "the scan finds what was planted"
    assert leaks(forms(PLANTED[1])[7]) == [PLANTED[1]]
    assert leaks("*******82 ***.***.*82 *,******82E+08 *,*****E+08") == []


CHECK = ["text", "json", "jsonl", "csv", "parquet", "xlsx", "junit"]
REPORT = ["text", "json", "html"]
FIX_LOG = ["text", "json", "jsonl", "csv", "parquet"]


@pytest.mark.parametrize(
    ("command", "kind"),
    [*(("check", f) for f in CHECK), *(("report", f) for f in REPORT), *(("fix", f) for f in FIX_LOG)],
)
def test_no_form_of_a_bsn_leaks_from_any_output(
    cli: CliRun, delivery: Path, tmp_path: Path, command: str, kind: str
) -> None:
    out = tmp_path / f"uit.{kind}"
    if command == "check":
        code, _, err = cli("check", "--all", "--format", kind, "-o", str(out), str(delivery))
    elif command == "report":
        code, _, err = cli("report", "--format", kind, "-o", str(out), str(delivery))
    else:
        fixed = tmp_path / NAME
        code, _, err = cli(
            "fix", str(delivery), "-o", str(fixed), "--format", kind, "--log", str(out), "--max-per-rule", "0"
        )
        assert leaks(fixed.read_text(encoding="utf-8")), "the repaired file itself keeps its values"
    assert code == 1 and err == "", err
    shown = text_of(out, kind)
    assert "vormen" in shown, "the output is about the file"
    assert leaks(shown) == []


def test_no_form_of_a_bsn_leaks_from_the_diff(cli: CliRun, delivery: Path) -> None:
    code, out, err = cli("fix", str(delivery), "--diff", "--format", "json", "--max-per-rule", "0")
    assert code == 1 and err == ""
    assert out.count("\n-") > 18 and out.count("\n+") > 18, "the diff shows changed lines"
    assert leaks(out) == []


def test_revealed_on_request(cli: CliRun, delivery: Path) -> None:
    """`--reveal-bsn` shows them: the masking above is what hides them."""
    code, out, _ = cli("check", "--all", "--reveal-bsn", "--format", "jsonl", str(delivery))
    assert code == 1 and leaks(out)
