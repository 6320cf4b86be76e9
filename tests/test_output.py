from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.ipc as ipc
import pyarrow.parquet as pq
import pytest

import gmsd_fast
from gmsd_fast import _gmsd_fast, validate
from gmsd_fast.api import FINDINGS_SCHEMA
from gmsd_fast.cli import FAIL_ON
from gmsd_fast.output import OUTPUT_SCHEMA, PLAIN_NUMBER, SCHEMA_VERSION

from .conftest import ERRORS, VALID, CliRun
from .test_ci import junit_schema
from .wmo import HEADER, example_record

FINDING_KEYS = ["line", "column", "rule", "name", "severity", "pass", "message", "field", "value"]
COLUMNS = ["file", "line", "column", "field", "rule", "name", "severity", "pass", "message", "value", "scope"]
SCHEMAS = Path(gmsd_fast.__file__).parent / "schemas"


def validator(name: str) -> Any:
    """A validator of the packaged JSON Schema `name`, the others registered for its `$ref`s
    (jsonschema imported here: see `tests/test_ci.py`, `junit_schema`)."""
    import jsonschema
    from referencing import Registry, Resource

    schemas = {p.name: json.loads(p.read_text()) for p in SCHEMAS.glob("*.schema.json")}
    registry: Registry[Any] = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas.values()
    )
    jsonschema.Draft202012Validator.check_schema(schemas[name])
    return jsonschema.Draft202012Validator(schemas[name], registry=registry)


def test_json_matches_contract(cli: CliRun) -> None:
    code, out, _ = cli("check", "--format", "json", str(ERRORS), str(VALID))
    assert code == 1
    doc = json.loads(out)
    validator("check.schema.json").validate(doc)
    assert list(doc) == ["schema_version", "tool", "tool_version", "max_per_rule", "files", "delivery"]
    assert (doc["schema_version"], doc["tool"], doc["tool_version"]) == (
        "1.0",
        "gmsd-fast",
        gmsd_fast.__version__,
    )
    assert doc["max_per_rule"] is None  # every finding, by default
    bad, good = doc["files"]  # the delivery is no file
    delivery = doc["delivery"]  # both examples are 0014 H22025: L001
    assert list(delivery) == ["findings", "verdict", "protocol", "counts", "severity_counts"]
    assert delivery["counts"] == {"L001": 1} and delivery["verdict"] == "rejected"
    (l001,) = delivery["findings"]
    assert l001["pass"] == 4 and l001["files"] == [str(ERRORS), str(VALID)]
    for entry in (bad, good):
        assert list(entry) == [
            "path", "findings", "verdict", "rows", "period", "protocol", "counts", "severity_counts"
        ]  # fmt: skip
        assert entry["verdict"] in ("accepted", "rejected")
        assert isinstance(entry["rows"], int)
        assert entry["period"] == "H22025" and entry["protocol"] == "H22025"
        assert all(isinstance(k, str) and isinstance(v, int) for k, v in entry["counts"].items())
        assert set(entry["severity_counts"]) == {"reject", "error", "warning", "info"}
    assert (bad["path"], bad["verdict"], bad["rows"]) == (str(ERRORS), "rejected", 35)
    assert (good["verdict"], good["rows"], good["counts"], good["findings"]) == ("accepted", 25, {}, [])
    assert sum(bad["counts"].values()) == len(bad["findings"]) == 43
    for finding in bad["findings"]:
        assert list(finding) == FINDING_KEYS
        assert finding["line"] is None or isinstance(finding["line"], int)
        assert finding["column"] is None or 1 <= finding["column"] <= 18
        assert isinstance(finding["rule"], str) and isinstance(finding["pass"], int)
        assert finding["severity"] in ("reject", "error", "warning", "info")
        for key in ("field", "value"):
            assert finding[key] is None or isinstance(finding[key], str)
    first = bad["findings"][0]
    assert first == {
        "line": 1,
        "column": None,
        "rule": "S003",
        "name": "byte-order-mark",
        "severity": "warning",
        "pass": 2,
        "message": first["message"],
        "field": None,
        "value": None,
    }


def test_json_file_level_finding_has_null_line(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "wmo_h22025.csv"  # lower case: N001
    path.write_bytes(VALID.read_bytes())
    code, out, _ = cli("check", "--format", "json", str(path))
    assert code == 1
    findings = json.loads(out)["files"][0]["findings"]
    assert findings[0]["rule"] == "N001"
    assert findings[0]["line"] is None and findings[0]["column"] is None


def test_json_capped_says_so(cli: CliRun) -> None:
    code, out, _ = cli("check", "--format", "json", "--max-per-rule", "1", str(ERRORS))
    assert code == 1
    doc = json.loads(out)
    validator("check.schema.json").validate(doc)
    (entry,) = doc["files"]
    assert doc["max_per_rule"] == 1 and doc["delivery"] is None
    assert len(entry["findings"]) == len(entry["counts"]) < sum(entry["counts"].values()) == 43


def test_json_schema_refuses_what_is_not_the_contract() -> None:
    """The schema can fail: a delivery among the files, an unknown verdict, a missing key."""
    check = validator("check.schema.json")
    none = {"reject": 0, "error": 0, "warning": 0, "info": 0}
    file = {
        "path": "a.csv", "findings": [], "verdict": "accepted", "rows": 1, "period": None,
        "protocol": "H22025", "counts": {}, "severity_counts": none,
    }  # fmt: skip
    doc = {"schema_version": "1.0", "tool": "gmsd-fast", "tool_version": "1", "max_per_rule": None}
    check.validate({**doc, "files": [file], "delivery": None})
    assert not check.is_valid({**doc, "files": [{**file, "verdict": "maybe"}], "delivery": None})
    assert not check.is_valid({**doc, "files": [{**file, "scope": "delivery"}], "delivery": None})
    assert not check.is_valid({**doc, "files": [file]})
    assert not check.is_valid({**doc, "schema_version": "2.0", "files": [], "delivery": None})


def test_jsonl_findings_then_a_summary_per_file(cli: CliRun) -> None:
    code, out, _ = cli("check", "--format", "jsonl", str(ERRORS), str(VALID))
    assert code == 1
    objects = [json.loads(line) for line in out.splitlines()]
    line = validator("jsonl.schema.json")
    for o in objects:
        line.validate(o)
    assert not line.is_valid({**objects[0], "scope": "delivery"})  # a delivery finding has no file
    findings = [o for o in objects if o["kind"] == "finding"]
    summaries = [o for o in objects if o["kind"] == "summary"]
    assert len(findings) == 44 and len(summaries) == 3  # two files and the delivery
    assert all(list(o) == ["kind", *COLUMNS] for o in findings)
    assert [o["kind"] for o in objects[43:]] == ["summary", "summary", "finding", "summary"]
    assert all(o["file"] == str(ERRORS) and o["scope"] == "file" for o in findings[:43])
    assert (findings[43]["file"], findings[43]["rule"], findings[43]["scope"]) == (None, "L001", "delivery")
    bad, good, delivery = summaries
    assert (bad["file"], bad["verdict"], bad["rows"], bad["findings_written"]) == (
        str(ERRORS),
        "rejected",
        35,
        43,
    )
    assert bad["counts"] == validate(ERRORS).counts and bad["period"] == bad["protocol"] == "H22025"
    assert (good["verdict"], good["counts"], good["findings_written"]) == ("accepted", {}, 0)
    assert (delivery["scope"], delivery["file"], delivery["counts"]) == ("delivery", None, {"L001": 1})
    for summary in summaries:
        assert (summary["schema_version"], summary["tool_version"]) == (SCHEMA_VERSION, gmsd_fast.__version__)
        assert summary["max_per_rule"] is None


def test_csv_is_findings_table(cli: CliRun) -> None:
    code, out, _ = cli("check", "--format", "csv", str(ERRORS))
    assert code == 1
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == COLUMNS
    assert len(rows) == 44
    table = validate(ERRORS).findings
    assert [r[4] for r in rows[1:]] == table.column("rule").to_pylist()
    assert rows[1][1:4] == ["1", "", ""]  # S003: line 1, no column, no field
    assert {r[-1] for r in rows[1:]} == {"file"}


def test_csv_tells_null_from_empty_text(cli: CliRun) -> None:
    """A null is an unquoted empty cell, a text always quoted: a reader told so gets nulls back."""
    import pyarrow.csv as pa_csv

    code, out, _ = cli("check", "--format", "csv", str(ERRORS), str(VALID))
    assert code == 1
    assert ',"",' not in out  # no text is empty here: every empty cell is a null
    options = pa_csv.ConvertOptions(strings_can_be_null=True, quoted_strings_can_be_null=False)
    table = pa_csv.read_csv(io.BytesIO(out.encode()), convert_options=options)
    s003 = table.filter(pc.equal(table["rule"], "S003")).to_pylist()[0]
    assert (s003["line"], s003["column"], s003["field"], s003["value"]) == (1, None, None, None)
    last = table.to_pylist()[-1]
    assert (last["file"], last["rule"], last["scope"]) == (None, "L001", "delivery")


def test_csv_of_valid_file_is_header_only(cli: CliRun) -> None:
    code, out, _ = cli("check", "--format", "csv", str(VALID))
    assert code == 0
    assert out == ",".join(f'"{c}"' for c in COLUMNS) + "\n"


def test_csv_plain_numbers_are_no_formula(cli: CliRun, tmp_path: Path) -> None:
    """-90 is a number, written as it is ('-90 was shown as text with a quote in Excel)."""
    path = tmp_path / VALID.name
    records = [example_record(c16="-90"), example_record(c16="-2+3"), example_record(c16="+1,5")]
    path.write_text("\n".join([HEADER, *records]) + "\n", encoding="utf-8")
    code, out, _ = cli("check", "--format", "csv", str(path))
    assert code == 0  # F006 in an optional column: an error, no reject
    values = {r[COLUMNS.index("value")] for r in list(csv.reader(io.StringIO(out)))[1:]}
    assert {"-90", "'-2+3", "+1,5"} <= values and "'-90" not in values


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_csv_cells_never_start_a_formula(
    cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Formula-like values in several columns and in file names come back as text (OWASP)."""
    records = [
        example_record(c11='=HYPERLINK("http://x")', c12="+1", c13="-1", c14="@SUM(A1)"),
        example_record(c4="-0002", c16="\t00000025", c17="=1+1"),
    ]
    data = "\n".join([HEADER, *records]) + "\n"
    monkeypatch.chdir(tmp_path)
    names = ["=WMO_H22025.csv", "+WMO_H22025.csv", "-WMO_H22025.csv", "@WMO_H22025.csv"]
    names += ["\tWMO_H22025.csv", "\rWMO_H22025.csv"]
    for name in names:
        Path(name).write_text(data, encoding="utf-8")
    code, out, err = cli("check", "--format", "csv", "--", *names)
    assert (code, err) == (1, "")
    lines = [line for line in out.split("\n") if line]
    assert all(line.startswith('"') for line in lines if not line.endswith('"delivery"')), "cells quoted"
    rows = list(csv.reader(io.StringIO(out)))[1:]
    cells = [c for r in rows for c in r]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(c)]
    values = {r[COLUMNS.index("value")] for r in rows}
    for value in ('=HYPERLINK("http://x")', "@SUM(A1)", "=1+1"):
        assert "'" + value in values, value
    for value in ("+1", "-1", "-0002"):  # plain numbers: no formula
        assert value in values, value
    # A tab or CR in a file name is shown as its picture (␉, ␍), which starts no formula.
    assert {r[0] for r in rows} >= {"'" + name for name in names[:4]} | {
        "\u2409WMO_H22025.csv",
        "\u240dWMO_H22025.csv",
    }
    assert [r[-1] for r in rows if r[0] == ""] == ["delivery"]  # L001: six files, one gemeente
    messages = [r[COLUMNS.index("message")] for r in rows]
    assert any('=HYPERLINK("http://x")' in m for m in messages)  # inside a message: harmless


def test_parquet_written_to_output(cli: CliRun, tmp_path: Path) -> None:
    target = tmp_path / "findings.parquet"
    code, out, _ = cli("check", "--format", "parquet", "--output", str(target), str(ERRORS), str(VALID))
    assert code == 1
    assert out == ""
    table = pq.read_table(target)
    expected = validate(ERRORS).findings
    assert table.column_names == COLUMNS
    assert table.num_rows == expected.num_rows + 1  # + L001: both files are 0014 H22025
    assert table.column("message").to_pylist()[:-1] == expected.column("message").to_pylist()
    assert table.column("rule").to_pylist()[-1] == "L001"
    assert table.schema.equals(OUTPUT_SCHEMA)
    findings = table.drop_columns(["scope"]).slice(0, expected.num_rows)
    assert findings.cast(FINDINGS_SCHEMA).equals(expected.cast(FINDINGS_SCHEMA))
    assert table.column("scope").to_pylist() == ["file"] * expected.num_rows + ["delivery"]
    assert table.column("file").to_pylist()[-1] is None
    metadata = pq.read_metadata(target).metadata
    assert metadata[b"gmsd_fast.schema_version"] == SCHEMA_VERSION.encode()
    assert metadata[b"gmsd_fast.tool_version"] == gmsd_fast.__version__.encode()
    assert metadata[b"gmsd_fast.max_per_rule"] == b"null"
    summary = json.loads(metadata[b"gmsd_fast.summary"])
    validator("summary.schema.json").validate(summary)
    assert [f["file"] for f in summary["files"]] == [str(ERRORS), str(VALID)]
    assert summary["files"][0]["counts"] == validate(ERRORS).counts
    assert summary["delivery"]["counts"] == {"L001": 1}
    # Written to be small: repeating columns as dictionaries, line numbers as deltas.
    chunks = pq.ParquetFile(target).metadata.row_group(0)
    by_name = {chunks.column(i).path_in_schema: chunks.column(i) for i in range(chunks.num_columns)}
    assert "DELTA_BINARY_PACKED" in by_name["line"].encodings
    assert by_name["message"].has_dictionary_page and by_name["rule"].has_dictionary_page
    assert by_name["message"].statistics is None and by_name["line"].statistics is not None


def test_arrow_written_to_output_with_its_summary(cli: CliRun, tmp_path: Path) -> None:
    target, sidecar = tmp_path / "findings.arrow", tmp_path / "summary.json"
    args = ("--format", "arrow", "-o", str(target), "--summary", str(sidecar), "--max-per-rule", "2")
    code, out, _ = cli("check", *args, str(ERRORS), str(VALID))
    assert (code, out) == (1, "")
    reader = ipc.open_file(target)
    table = reader.read_all()
    assert table.schema.equals(OUTPUT_SCHEMA) and table.column_names == COLUMNS
    counts = validate(ERRORS).counts
    assert table.num_rows == sum(min(n, 2) for n in counts.values()) + 1
    assert reader.schema.metadata[b"gmsd_fast.max_per_rule"] == b"2"
    last = reader.get_batch_with_custom_metadata(reader.num_record_batches - 1)
    assert last.batch.num_rows == 0
    summary = json.loads(last.custom_metadata[b"gmsd_fast.summary"])
    assert summary == json.loads(sidecar.read_text())
    validator("summary.schema.json").validate(summary)
    bad = summary["files"][0]
    assert (bad["counts"], bad["findings_written"], bad["verdict"]) == (
        counts,
        table.num_rows - 1,
        "rejected",
    )
    assert summary["max_per_rule"] == 2


def test_every_finding_by_default_in_the_data_formats(cli: CliRun, tmp_path: Path) -> None:
    """21,453 findings of a 200k-row file came out as 1,400 in the issue: now every one,
    unless capped; the CI formats keep 100 per rule."""
    path = tmp_path / "WMO_H22025_veel.csv"
    _gmsd_fast.generate(str(path), 3000, seed=5, faulty_share=0.5)
    counts = validate(path, max_per_rule=1).counts
    total = sum(counts.values())
    assert max(counts.values()) > 100
    _, out, _ = cli("check", "--format", "jsonl", str(path))
    assert sum(1 for line in out.splitlines() if '"kind":"finding"' in line) == total
    _, out, _ = cli("check", "--format", "csv", str(path))
    assert len(out.splitlines()) == total + 1
    _, out, _ = cli("check", "--format", "sarif", str(path))
    assert out.count('"ruleId"') == sum(min(n, 100) for n in counts.values())


def test_summary_needs_a_data_format(cli: CliRun, tmp_path: Path) -> None:
    code, _, err = cli("check", "--format", "junit", "--summary", str(tmp_path / "s.json"), str(VALID))
    assert code == 2 and "--summary" in err
    target = str(tmp_path / "o.csv")
    code, _, err = cli("check", "--format", "csv", "-o", target, "--summary", target, str(VALID))
    assert code == 2 and "--summary" in err  # two outputs that are one file
    code, out, _ = cli("check", "--format", "csv", "-o", target, "--summary", "-", str(VALID))
    assert code == 0 and json.loads(out)["files"][0]["verdict"] == "accepted"


# privacy: no BSN leaves the tool unless --reveal-bsn


def elfproef(bsn: str) -> bool:
    digits = [int(c) for c in bsn]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return len(bsn) == 9 and total % 11 == 0


def test_elfproef_helper() -> None:
    assert elfproef("111222333") and elfproef("123456782") and not elfproef("123456783")


def generated_bsns(n: int) -> list[str]:
    found = []
    candidate = 246813570
    while len(found) < n:
        candidate += 7
        if elfproef(str(candidate)):
            found.append(str(candidate))
    return found


@pytest.fixture
def leaky_file(tmp_path: Path) -> tuple[Path, list[str]]:
    extra = generated_bsns(3)
    bsns = ["111222333", "123456782", *extra]
    assert all(elfproef(b) for b in bsns)
    base = example_record().split(";")
    row = example_record
    records = [
        row(c3="0" + bsns[0]),  # column 3, 10 positions: F002
        row(c3=bsns[1][:-1] + str((int(bsns[1][-1]) + 1) % 10)),  # elfproef neighbour: F015
        row(c3=f'"{bsns[1]}"'),  # quoted: F010
        row(c3=bsns[2] + " "),  # trailing space: F009
        row(c12=bsns[0]),  # shifted into the volume (8 positions): F002
        row(c1=bsns[3]),  # shifted into the aanmaakdatum: F002 and R003
        row(c11="A" + bsns[4]),  # inside the toewijzingsnummer: F006
        row(c16=bsns[2]),  # shifted into the geleverd volume
        ";".join([bsns[3], *base[3:]]),  # columns 1-2 lost: the BSN lands in column 1, S007
    ]
    path = tmp_path / VALID.name
    path.write_text("\n".join([HEADER, *records]) + "\n", encoding="utf-8")
    neighbour = records[1].split(";")[2]
    return path, [*bsns, neighbour]


def all_outputs(cli: CliRun, path: Path, tmp_path: Path, *extra: str) -> dict[str, str]:
    outputs: dict[str, str] = {}
    for fmt in ("text", "json", "jsonl", "csv", "junit", "sarif", "gitlab", "github"):
        for lang in ("nl", "en"):
            code, out, err = cli("check", "--format", fmt, "--lang", lang, *extra, str(path))
            assert code == 1, err
            outputs[f"{fmt}-{lang}"] = out + err
    target = tmp_path / "out.parquet"
    code, _, _ = cli("check", "--format", "parquet", "--output", str(target), *extra, str(path))
    assert code == 1
    outputs["parquet"] = json.dumps(pq.read_table(target).to_pylist()) + str(
        pq.read_metadata(target).metadata
    )
    arrow = tmp_path / "out.arrow"
    code, _, _ = cli("check", "--format", "arrow", "--output", str(arrow), *extra, str(path))
    assert code == 1
    outputs["arrow"] = json.dumps(ipc.open_file(arrow).read_all().to_pylist())
    return outputs


def test_no_bsn_leaks_without_reveal(cli: CliRun, leaky_file: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, secrets = leaky_file
    counts = validate(path).counts
    for rule in ("F002", "F015", "F010", "F009", "R003", "F006", "S007"):
        assert rule in counts, counts  # the BSNs really are in findings
    for name, output in all_outputs(cli, path, tmp_path).items():
        assert output
        for secret in secrets:
            assert secret not in output, f"{secret} leaks in {name}"


def test_bsns_shown_with_reveal(cli: CliRun, leaky_file: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, secrets = leaky_file
    outputs = all_outputs(cli, path, tmp_path, "--reveal-bsn")
    for name, output in outputs.items():
        assert "0" + secrets[0] in output, name  # column 3 with 10 positions
        assert f'"{secrets[1]}"' in output or f'\\"{secrets[1]}\\"' in output, name
        assert secrets[-1] in output, name  # the elfproef neighbour


# --format junit: JUnit XML for CI servers


def junit(cli: CliRun, *args: str) -> tuple[int, ET.Element, str]:
    code, out, err = cli("check", "--format", "junit", *args)
    assert err == ""
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return code, ET.fromstring(out), out


def assert_junit_conventions(root: ET.Element) -> None:
    """What CI servers read (the Ant/Jenkins JUnit schema): counts that add up, required
    attributes, only known children."""
    assert root.tag == "testsuites"
    suites = list(root)
    assert [s.tag for s in suites] == ["testsuite"]
    cases = [c for s in suites for c in s]
    failures = [f for c in cases for f in c.iter("failure")]
    for element in (root, *suites):
        assert int(element.get("tests", "x")) == len(cases)
        assert int(element.get("failures", "x")) == len(failures)
        assert int(element.get("errors", "x")) == len([e for c in cases for e in c.iter("error")])
        assert element.get("name")
    assert "skipped" not in root.attrib  # not in the Jenkins xUnit schema
    junit_schema().validate(root)  # the JUnit schema of Jenkins' xUnit plugin (tests/schemas/README.md)
    for suite in suites:
        assert set(suite.attrib) <= {"name", "tests", "failures", "errors", "skipped", "timestamp"}
        assert suite.get("timestamp", "")[:2] == "20" and "T" in suite.get("timestamp", "")
        assert all(child.tag == "testcase" for child in suite)
    for case in cases:
        assert case.get("name") and case.get("classname") == "gmsd-fast.check"
        assert [child.tag for child in case] in (
            ["failure", "system-out"],
            ["system-out"],
            ["failure"],
            [],
            ["error"],
        )
        for failure in case.iter("failure"):
            assert failure.get("type") in ("rejected", "undecided", *FAIL_ON.values()) and failure.get(
                "message"
            )


def test_junit_one_testcase_per_file(cli: CliRun) -> None:
    code, root, _ = junit(cli, str(ERRORS), str(VALID))
    assert code == 1
    assert_junit_conventions(root)
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert list(cases) == [str(ERRORS), str(VALID), "(levering)"]
    bad, good, delivery = cases.values()
    assert good.find("failure") is None
    assert (good.findtext("system-out") or "").startswith("Gelezen: 25 records (26 regels)")
    failure = bad.find("failure")
    assert failure is not None and failure.text is not None
    assert failure.get("message") == (
        "CBS zal dit bestand weigeren."
        " 43 meldingen: 26 leiden tot afkeur, 11 fouten, 3 waarschuwingen, 3 adviezen."
    )
    counts = validate(ERRORS).counts
    assert (
        "F015 BSN voldoet niet aan de elfproef, 1 melding: " in failure.text
        and "regel 3, afkeur: BSN *******89" in failure.text
    )
    # Reject and error findings; each rule by its code and its title in the run's language.
    assert f"F011 Gevuld met nullen, {counts['F011']} meldingen: " in failure.text
    out = bad.findtext("system-out") or ""
    assert out.startswith("Gelezen: 35 records") and "D002 Start vóór de beoogde start" in out
    assert "S003 Bestand begint met een BOM" in out and "F015" not in out  # warnings and advice, not rejects
    for code_ in counts:
        assert f"{code_} " in failure.text + out, code_
    delivery_failure = delivery.find("failure")
    assert delivery_failure is not None and "L001 Twee bestanden voor één gemeente en periode, 1 melding" in (
        delivery_failure.text or ""
    )
    assert delivery_failure.get("message", "").startswith(
        "Lever deze levering zo niet aan; zie de meldingen hieronder."
    )
    _, root, _ = junit(cli, "--lang", "en", str(VALID))
    assert_junit_conventions(root)
    assert [c.get("name") for c in root.iter("testcase")] == [str(VALID)]
    assert root.get("failures") == "0" and "Read: 25 records" in (root.findtext(".//system-out") or "")


def test_junit_escapes_everything(cli: CliRun, tmp_path: Path) -> None:
    record = example_record(c11='"<a&b>]]></failure><script>\x01\x1b')
    name = tmp_path / 'WMO_H22025_<&>"]]>\x01.csv'
    name.write_text(f"{HEADER}\n{record}\n", encoding="utf-8")
    code, root, raw = junit(cli, str(name))
    assert code == 1
    assert_junit_conventions(root)
    (case,) = root.iter("testcase")
    assert case.get("name") == str(name).replace("\x01", "\u2401")  # a control character's picture
    assert "<script>" not in raw and "&lt;script&gt;" in raw and "\x01" not in raw
    everything = "".join(root.itertext()) + "".join(v for e in root.iter() for v in e.attrib.values())
    assert '"<a&b>]]></failure><script>\\x01\\x1b' in everything  # as the core shows it


def test_junit_in_a_file(cli: CliRun, tmp_path: Path) -> None:
    target = tmp_path / "gmsd.xml"
    code, out, _ = cli("check", "--format", "junit", "--output", str(target), str(VALID))
    assert (code, out) == (0, "")
    assert_junit_conventions(ET.parse(target).getroot())


def test_the_catalogue_never_starts_a_csv_formula() -> None:
    """The CSV leaves the columns of the catalogue's own identifiers as they are."""
    from gmsd_fast import columns, rules
    from gmsd_fast.output.csv import CATALOGUE_COLUMNS

    assert {"field", "rule", "name", "severity", "scope"} == CATALOGUE_COLUMNS
    words = [c["key"] for c in columns()] + ["reject", "error", "warning", "info"]
    words += [r[key] for r in rules() for key in ("code", "name")]
    assert not [w for w in words if w.startswith(FORMULA_STARTS)]
