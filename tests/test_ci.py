"""The CI formats (junit, sarif, gitlab, github), `--fail-on`, `--exit-zero` and the exit
codes that tell a usage error from an I/O error."""

from __future__ import annotations

import functools
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from gmsd_fast import validate

from .conftest import ERRORS, VALID, CliRun
from .wmo import HEADER, example_record

SCHEMAS = Path(__file__).parent / "schemas"


@functools.cache
def junit_schema() -> Any:
    """The JUnit schema of Jenkins' xUnit plugin. Its libraries are imported only here: the
    test process stays small for the tests that measure the memory of a child it starts."""
    import xmlschema

    return xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd")


@functools.cache
def sarif_schema() -> Any:
    """The OASIS SARIF 2.1.0 schema (draft 7)."""
    import jsonschema

    return jsonschema.Draft7Validator(json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text()))


@pytest.fixture
def optional_error(tmp_path: Path) -> Path:
    """A file whose only finding is an error in an optional column (F006): accepted."""
    path = tmp_path / VALID.name
    path.write_text("\n".join([HEADER, example_record(c16="-90")]) + "\n", encoding="utf-8")
    assert validate(path).severity_counts["error"] == 1 and validate(path).accepted
    return path


def test_the_vendored_schemas_can_fail() -> None:
    """The schemas the outputs are validated against refuse what the readers refuse."""
    assert not junit_schema().is_valid('<testsuites skipped="0"><testsuite tests="0"/></testsuites>')
    assert junit_schema().is_valid('<testsuites errors="0"><testsuite tests="0" skipped="0"/></testsuites>')
    assert not sarif_schema().is_valid({"version": "2.1.0", "runs": [{"results": []}]})  # no tool


def test_junit_missing_input_fails_and_the_report_is_written(cli: CliRun, tmp_path: Path) -> None:
    target = tmp_path / "gmsd.xml"
    missing = str(tmp_path / "weg.csv")
    code, out, err = cli("check", "--format", "junit", "-o", str(target), missing, str(VALID))
    assert (code, out) == (3, "")
    assert err == f"gmsd-fast: bestand niet gevonden: {missing}\n"
    root = ET.parse(target).getroot()
    junit_schema().validate(target)
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert list(cases) == [missing, str(VALID)]
    error = cases[missing].find("error")
    assert error is not None and error.get("message") == f"bestand niet gevonden: {missing}"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "0", "1")
    assert cases[str(VALID)].find("failure") is None


def test_junit_fail_on_error_fails_an_accepted_file(cli: CliRun, optional_error: Path) -> None:
    code, out, _ = cli("check", "--format", "junit", str(optional_error))
    assert code == 0 and "<failure" not in out
    code, out, _ = cli("check", "--format", "junit", "--fail-on", "fout", str(optional_error))
    assert code == 1
    root = ET.fromstring(out)
    junit_schema().validate(root)
    failure = root.find(".//failure")
    assert failure is not None and failure.get("type") == "error"
    assert failure.get("message", "").startswith("Meldingen vanaf de ernst fout (--fail-on).")
    assert "F006" in (failure.text or "")


def test_sarif_is_valid_and_complete(cli: CliRun, tmp_path: Path) -> None:
    missing = str(tmp_path / "weg.csv")
    code, out, err = cli("check", "--format", "sarif", "--lang", "en", missing, str(ERRORS), str(VALID))
    assert code == 3 and err == f"gmsd-fast: file not found: {missing}\n"
    log = json.loads(out)
    sarif_schema().validate(log)
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "gmsd-fast"
    rules = {r["id"] for r in run["tool"]["driver"]["rules"]}
    counts = validate(ERRORS).counts
    results = run["results"]
    assert {r["ruleId"] for r in results} == set(counts) | {"L001"} and set(counts) <= rules
    assert len(results) == sum(counts.values()) + 1
    f015 = next(r for r in results if r["ruleId"] == "F015")
    assert f015["level"] == "error" and f015["properties"]["severity"] == "reject"
    location = f015["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == str(ERRORS) and location["region"] == {"startLine": 3}
    assert "*******89" in f015["message"]["text"]  # masked
    l001 = results[-1]
    assert l001["properties"]["scope"] == "delivery"
    assert [x["physicalLocation"]["artifactLocation"]["uri"] for x in l001["locations"]] == [
        str(ERRORS),
        str(VALID),
    ]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == f"file not found: {missing}"
    summary = run["properties"]["gmsd_fast"]
    assert [f["verdict"] for f in summary["files"]] == ["rejected", "accepted"]
    assert summary["delivery"]["counts"] == {"L001": 1}
    levels = {r["level"] for r in results}
    assert levels <= {"error", "warning", "note"} and "note" in levels  # info is a note


def test_gitlab_code_quality(cli: CliRun, tmp_path: Path) -> None:
    missing = str(tmp_path / "weg.csv")
    code, out, _ = cli("check", "--format", "gitlab", missing, str(ERRORS), str(VALID))
    assert code == 3
    issues = json.loads(out)
    assert issues[0]["check_name"] == "not-read" and issues[0]["location"]["path"] == missing
    counts = validate(ERRORS).counts
    assert len(issues) == 1 + sum(counts.values()) + 1
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["lines"]["begin"] >= 1 and issue["location"]["path"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    f015 = next(i for i in issues if i["check_name"] == "F015")
    assert (f015["severity"], f015["location"]) == ("blocker", {"path": str(ERRORS), "lines": {"begin": 3}})
    assert issues[-1]["check_name"] == "L001" and issues[-1]["location"]["path"] == str(ERRORS)
    _, again, _ = cli("check", "--format", "gitlab", str(ERRORS))
    assert [i["fingerprint"] for i in json.loads(again)] == [i["fingerprint"] for i in issues[1:-1]]


def test_github_annotations(cli: CliRun, tmp_path: Path) -> None:
    name = tmp_path / "WMO_H22025_a,b:c%.csv"
    name.write_text(VALID.read_text(encoding="utf-8").replace("\n", "\r\n", 1), encoding="utf-8")
    code, out, _ = cli("check", "--format", "github", "--lang", "en", str(ERRORS), str(name))
    assert code == 1
    lines = out.splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    f015 = next(line for line in lines if "F015" in line)
    assert f015.startswith(f"::error file={ERRORS},line=3,title=F015 ")
    assert "::BSN *******89 " in f015
    assert "::error file=" + str(ERRORS) + ",title=" in out  # the verdict of the failing file
    escaped = str(name).replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
    assert f"file={escaped}" in out and str(name) not in out.replace(f"file={escaped}", "")
    assert any(line.startswith("::error title=L001 ") for line in lines)  # the delivery: no file


@pytest.mark.parametrize("word", ["fout", "error", "FOUT", "waarschuwing", "warning", "advies", "info"])
def test_fail_on_error_or_less(cli: CliRun, optional_error: Path, word: str) -> None:
    assert cli("check", "--fail-on", word, str(optional_error))[0] == 1
    assert cli("check", "--format", "json", "--fail-on", word, str(optional_error))[0] == 1


@pytest.mark.parametrize("word", ["afkeur", "reject"])
def test_fail_on_reject_is_the_default(cli: CliRun, optional_error: Path, word: str) -> None:
    assert cli("check", str(optional_error))[0] == 0
    assert cli("check", "--fail-on", word, str(optional_error))[0] == 0
    assert cli("check", "--fail-on", word, str(ERRORS))[0] == 1


def test_fail_on_unknown_is_a_usage_error(cli: CliRun) -> None:
    code, _, err = cli("check", "--fail-on", "ernstig", str(VALID))
    assert code == 2 and "--fail-on" in err


def test_exit_zero(cli: CliRun, tmp_path: Path) -> None:
    assert cli("check", "--exit-zero", str(ERRORS))[0] == 0
    assert cli("check", "--exit-zero", "--format", "junit", "--fail-on", "info", str(ERRORS))[0] == 0
    assert cli("check", "--exit-zero", str(tmp_path / "weg.csv"))[0] == 3  # an I/O error stays one
    assert cli("check", "--exit-zero", "--bogus", str(ERRORS))[0] == 2


def test_exit_codes_tell_usage_from_io(cli: CliRun, tmp_path: Path) -> None:
    assert cli("check", "--format", "nope", str(VALID))[0] == 2  # usage
    assert cli("check", "--period", "H32025", str(VALID))[0] == 2  # usage: a bad value
    assert cli("check", str(tmp_path / "weg.csv"))[0] == 3  # an input that is not there
    assert cli("check", "--format", "json", str(tmp_path / "weg.csv"))[0] == 3
    code, _, err = cli("check", "-o", str(tmp_path / "no" / "such" / "out.txt"), str(VALID))
    assert code == 3 and "out.txt" in err  # an output that cannot be written
    assert cli("check", str(VALID))[0] == 0
    assert cli("check", str(ERRORS))[0] == 1
