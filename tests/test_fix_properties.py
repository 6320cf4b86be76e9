"""Properties of `gmsd-fast fix` (issue 22, item 2): valid records, damaged the ways files
really get damaged, fixed; then

- a safe fix either restores a damaged record exactly or leaves it as it is, never turns it into
  a record that says something else;
- a record without a finding is not changed;
- the records are kept, in their order (a row of separators only is no record, and goes);
- no line of the fixed file has a finding it did not have;
- what the check calls repairable is what disappears (issue 21, item 5);
- fixing twice equals fixing once.

Seeded (`derandomize`) and bounded, so that `scripts/test` stays quick:
`GMSD_FAST_PROPERTY_EXAMPLES` sets the number of examples (default 200), and
`GMSD_FAST_PROPERTY_RANDOM=1` draws new ones for a longer fuzzing session (see
fuzz/README.md). A failure found so is kept as an `@example` below.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections import Counter
from dataclasses import dataclass

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

import gmsd_fast
from gmsd_fast import ValidationResult, validate_bytes

from .test_properties import HEADER, WIDTHS, valid_rows

NAME = "WMO_H22025_test.csv"
AANMAAK = "202601200915"
DATES = {5, 6, 9, 10}  # 1-based date columns (column 1 is a date and time)
EXAMPLES = int(os.environ.get("GMSD_FAST_PROPERTY_EXAMPLES", "200"))
RANDOM = os.environ.get("GMSD_FAST_PROPERTY_RANDOM") == "1"
PROPERTIES = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not RANDOM,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: What the runs found, per kind of damage: restored, left, changed (printed with `-s`).
FOUND: Counter[tuple[str, str]] = Counter()

#: Ways a record gets damaged, one per damaged record.
RECORD_DAMAGE = [
    "separator added",
    "separator lost",
    "leading zeros lost",
    "quoted",
    "apostrophe",
    "spaces",
    "non-breaking space",
    "zero-width space",
    "scientific aanmaakdatum",
    "scientific number",
    "date serial",
    "date with dashes",
    "date day first",
    "zero-filled",
    "excel formula",
    "thousands separators",
    "error value",
]
#: Ways a whole file gets damaged.
FILE_DAMAGE = ["none", "separator rows", "cut off", "trailing separator", "ansi", "utf-16", "bom", "crlf"]


def excel_scientific(digits: str) -> str:
    """How Excel shows a long number in a Dutch locale: `2,02601E+11`."""
    mantissa = f"{int(digits) / 10 ** (len(digits) - 1):.5f}".rstrip("0").rstrip(".")
    return f"{mantissa.replace('.', ',')}E+{len(digits) - 1}"


def excel_serial(yyyymmdd: str) -> str:
    """The day number Excel's 1900 date system gives a date."""
    day = dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    return str((day - dt.date(1899, 12, 30)).days)


@dataclass
class Damage:
    kind: str
    column: int  # 1-based, where the damage is in a field
    at: int  # a place in the line, where the damage is a separator


def damage_record(fields: list[str], damage: Damage) -> str | None:
    """The record with the damage, or None when it does not apply to this record."""
    fields = list(fields)
    i = damage.column - 1
    value = fields[i]
    line = ";".join(fields)
    kind = damage.kind
    if kind == "separator added":
        at = damage.at % (len(line) + 1)
        return line[:at] + ";" + line[at:]
    if kind == "separator lost":
        places = [k for k, c in enumerate(line) if c == ";"]
        at = places[damage.at % len(places)]
        return line[:at] + line[at + 1 :]
    if kind == "leading zeros lost":
        if not value or not value.startswith("0") or damage.column in DATES | {1}:
            return None
        fields[i] = str(int(value))
    elif kind == "quoted":
        fields[i] = f'"{value}"'
    elif kind == "apostrophe":
        if not value:
            return None
        fields[i] = "'" + value
    elif kind == "spaces":
        fields[i] = [" " + value, value + " ", f" {value} "][damage.at % 3]
    elif kind == "non-breaking space":
        fields[i] = [value + "\u00a0", "\u00a0" + value, value + "\u202f"][damage.at % 3]
    elif kind == "zero-width space":
        fields[i] = "\u200b" + value
    elif kind == "scientific aanmaakdatum":
        fields[0] = excel_scientific(fields[0])
    elif kind == "scientific number":
        if not fields[10]:
            return None
        fields[10] = excel_scientific(fields[10])
    elif kind in ("date serial", "date with dashes", "date day first"):
        dates = [c for c in sorted(DATES) if fields[c - 1]]
        column = dates[damage.at % len(dates)]
        date = fields[column - 1]
        fields[column - 1] = {
            "date serial": excel_serial(date),
            "date with dashes": f"{date[:4]}-{date[4:6]}-{date[6:]}",
            "date day first": f"{int(date[6:])}-{int(date[4:6])}-{date[:4]}",
        }[kind]
    elif kind == "excel formula":
        fields[i] = f'="{value}"'
    elif kind == "thousands separators":
        if damage.column not in (12, 16) or not value:
            return None
        fields[i] = f"{int(value):,}".replace(",", ".")
    elif kind == "error value":
        fields[i] = ["#N/B", "#WAARDE!", "#VALUE!"][damage.at % 3]
    elif kind == "zero-filled":
        if value or damage.column in (12, 16):  # a volume of zeros is a value
            return None
        fields[i] = "0" * WIDTHS[i]
    damaged = ";".join(fields)
    return None if damaged == line else damaged


@st.composite
def damaged_files(draw: st.DrawFn) -> tuple[list[str], list[str], str]:
    """Valid records, the same records with some damaged (one damage each), and a damage of
    the whole file."""
    rows = [";".join(r) for r in draw(st.lists(valid_rows(), min_size=1, max_size=6))]
    damaged = list(rows)
    for index in draw(st.lists(st.integers(0, len(rows) - 1), max_size=3, unique=True)):
        damage = Damage(
            kind=draw(st.sampled_from(RECORD_DAMAGE)),
            column=draw(st.integers(1, 18)),
            at=draw(st.integers(0, 10_000)),
        )
        line = damage_record(rows[index].split(";"), damage)
        if line is not None:
            damaged[index] = line
            event(damage.kind)
    return rows, damaged, draw(st.sampled_from(FILE_DAMAGE))


def encode(lines: list[str], whole: str, cut: int) -> bytes:
    newline = "\r\n" if whole == "crlf" else "\n"
    text = newline.join([HEADER, *lines]) + newline
    if whole == "cut off":
        text = text[: len(text) - 1 - cut % max(1, len(lines[-1]))]
    if whole == "ansi":
        try:
            return text.encode("cp1252")
        except UnicodeEncodeError:  # a narrow or zero-width space: ANSI has none
            return text.encode("utf-8")
    if whole == "utf-16":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if whole == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.encode("utf-8")


def decoded(data: bytes) -> list[str]:
    """The lines of a file as text, after the header: UTF-16 decoded, each other line read as
    UTF-8 or else as ANSI (Windows-1252)."""
    if data.startswith(b"\xff\xfe"):
        data = data[2:].decode("utf-16-le").encode("utf-8")
    lines = []
    pieces = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    for k, raw in enumerate(pieces[1:], start=2):
        if k < len(pieces):  # ended by a line break: LF or CR LF
            raw = raw.removesuffix(b"\r")
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252"))
    return lines


#: The findings that relate a record to the first one.
RELATIONS = {"R003", "R004", "D010"}


def on_lines(result: ValidationResult, left_out: set[str]) -> dict[int, Counter[tuple[str, int | None]]]:
    lines: dict[int, Counter[tuple[str, int | None]]] = {}
    for f in result.findings.to_pylist():
        if f["line"] is not None and f["rule"] not in left_out:
            lines.setdefault(f["line"], Counter())[(f["rule"], f["column"])] += 1
    return lines


def votes(lines: list[str]) -> list[tuple[int, str, str]]:
    """The lines that split into the 18 columns (without a CR inside), as their place,
    aanmaakdatum and gemeentecode: what decides the value every record must repeat."""
    out = []
    for k, line in enumerate(lines):
        fields = line.split(";")
        if len(fields) == 18 and "\r" not in line:
            out.append((k, fields[0], fields[1]))
    return out


@PROPERTIES
@given(case=damaged_files(), cut=st.integers(0, 1000), unsafe=st.booleans())
@example(  # issue 22, "Why" 1: an empty field too many between columns 12 and 13
    case=(
        [
            "202601200915;0014;111111110;0001;20240101;20261231;4;0001;20240108;;0000000240001101;00000003;04;2;04;00000078;;"
        ],
        [
            "202601200915;0014;111111110;0001;20240101;20261231;4;0001;20240108;;0000000240001101;00000003;;04;2;04;00000078;;"
        ],
        "none",
    ),
    cut=0,
    unsafe=False,
)
@example(  # a repair makes another record the first: R003 moves from the third line to the second
    case=(
        ["202601200915;0014;000000012;0001;20251231;;2;;;;;;;;;;;"] * 3,
        [
            ";202601200915;0014;000000012;0001;20251231;;2;;;;;;;;;;;",
            "2,02601E+11;0014;000000012;0001;20251231;;2;;;;;;;;;;;",
            "202601200915;0014;000000012;0001;20251231;;2;;;;;;;;;;;",
        ],
        "none",
    ),
    cut=0,
    unsafe=False,
)
@example(  # a separator lost and one too many at the end: the count of columns is right, the
    # fields between stand a column off, where zeros or an emptied cell would change the record
    case=(
        ["202601200915;0014;999999999;0001;20251231;;2;;;;;00000000;01;1;;;;"]
        + ["202601200915;0014;000000012;0001;20251231;;2;;;;;;;;;;;"] * 5,
        ["2026012009150014;999999999;0001;20251231;;2;;;;;00000000;01;1;;;;"]
        + ["202601200915;0014;000000012;0001;20251231;;2;;;;;;;;;;;"] * 5,
        "trailing separator",
    ),
    cut=0,
    unsafe=False,
)
@example(  # a lone CR on a last line without a line break: no line break that would hide it
    case=(
        [
            "202601200915;0014;111111110;0001;20240101;20261231;4;0001;20240108;;0000000240001101;00000003;04;2;04;00000078;;"
        ],
        [
            "202601200915;14;111111110;0001;20240101;20261231;4;0001;20240108;;0000000240001101;00000003;04;2;04;00000078;;\r"
        ],
        "cut off",
    ),
    cut=0,
    unsafe=False,
)
def test_a_fix_restores_a_record_or_leaves_it(
    case: tuple[list[str], list[str], str], cut: int, unsafe: bool
) -> None:
    originals, damaged, whole = case
    if whole == "trailing separator":
        damaged = [line + ";" for line in damaged]
    if whole == "separator rows":
        damaged = [*damaged, ";" * 17, ";" * 17]
    data = encode(damaged, whole, cut)
    out = io.BytesIO()
    aanmaakdatum = AANMAAK if unsafe else None
    result = gmsd_fast.fix(
        io.BytesIO(data), out, name=NAME, unsafe=unsafe, aanmaakdatum=aanmaakdatum, max_per_rule=0
    )
    fixed = out.getvalue()

    lines_in, lines_out = decoded(data), decoded(fixed)
    if lines_in and lines_in[-1] == "":
        lines_in.pop()
    if lines_out and lines_out[-1] == "":
        lines_out.pop()
    # A row of separators only is no record: it goes; the records stay, in their order.
    kept_in = [line for line in lines_in if line.strip(";")]
    assert len(lines_out) == len(kept_in)
    if whole == "cut off" and originals:
        # The last line lost its end: what can be restored is the original as far as it goes.
        lost = cut % max(1, len(damaged[-1]))
        originals = [*originals[:-1], originals[-1][: len(originals[-1]) - lost]]
    for original, before, after in zip(originals, kept_in, lines_out, strict=False):
        if before == original:
            assert after == original, "a record without damage changed"
            continue
        outcome = "restored" if after == original else "left" if after == before else "changed"
        FOUND[(whole, outcome)] += 1
        event(f"record {outcome}")
        assert outcome != "changed", (before, after, original)

    every = {"max_per_rule": 0}
    checked = validate_bytes(data, NAME, **every)
    after_fix = validate_bytes(fixed, NAME, **every)
    # The relations of a record to the others (R003, R004 against the value most records hold;
    # D010 on the reference's aanmaakdatum) stay where they were, unless a repair changed the
    # votes: a line that could not be read as a record and can once repaired, or a repaired
    # aanmaakdatum or gemeentecode (docs/fix.md).
    same_votes = votes(kept_in) == votes(lines_out)
    left_out = set() if same_votes else RELATIONS
    # No line has a finding it did not have (the lines of the fixed file, less the rows dropped).
    numbers_in = [n for n, line in enumerate(lines_in, start=2) if line.strip(";")]
    was, now = on_lines(checked, left_out), on_lines(after_fix, left_out)
    for n_out, n_in in enumerate(numbers_in, start=2):
        gained = now.get(n_out, Counter()) - was.get(n_in, Counter())
        assert not gained, (n_in, gained)
        if n_in not in on_lines(checked, set()):
            assert lines_out[n_out - 2] == lines_in[n_in - 2], "a line without a finding changed"
    # What the check calls repairable is what disappears.
    if not unsafe:
        gone = Counter(checked.counts) - Counter(after_fix.counts)
        fixable = Counter(checked.fixable)
        for rule in left_out:
            gone.pop(rule, None)
            fixable.pop(rule, None)
        assert gone == fixable, (checked.counts, after_fix.counts, checked.fixable)
    assert after_fix.fixable == {}
    assert result.check.counts == after_fix.counts
    # Fixing twice equals fixing once.
    again = io.BytesIO()
    second = gmsd_fast.fix(io.BytesIO(fixed), again, name=NAME, unsafe=unsafe, aanmaakdatum=aanmaakdatum)
    assert again.getvalue() == fixed and second.counts == {}


def test_what_the_properties_found() -> None:
    """Runs after the property (same module): says, with `-s`, what the fixes made of the
    damaged records; none was changed into another record."""
    total = Counter[str]()
    for (_, outcome), n in FOUND.items():
        total[outcome] += n
    print(f"\nfix properties: {sum(total.values())} damaged records, {dict(total)}")
    assert total["changed"] == 0
