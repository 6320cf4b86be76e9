"""The public API a vendor builds on (issue 23): a delivery checked and fixed from Python with
the delivery rules and a result per file, the same results as the command line; options
checked at the call in English naming the parameter; every public exception exported; a
consumed result refused at the call; verdicts, severities and rules typed."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import polars
import pytest

import gmsd_fast
from gmsd_fast import (
    DeliveryResult,
    FixError,
    ResultConsumedError,
    UsageError,
    _gmsd_fast,
    check_delivery,
    fix,
    fix_delivery,
    validate,
)

from .conftest import ERRORS, VALID, CliRun

OTHER = "WMO_H22025_andere.csv"


@pytest.fixture
def delivery(tmp_path: Path) -> Path:
    """A zip of a regional coordinator: two files of one municipality (L001), and a member that
    is no delivery file (L004)."""
    path = tmp_path / "levering.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(VALID, VALID.name)
        archive.write(ERRORS, ERRORS.name)
        archive.writestr("leesmij.pdf", b"%PDF")
    return path


def summary(results: list[gmsd_fast.ValidationResult]) -> list[tuple[str, str, dict[str, int]]]:
    return [(r.path, r.verdict, r.counts) for r in results]


def test_validate_takes_one_code_as_a_str() -> None:
    assert validate(ERRORS, select="F015").counts == {"F015": 1}
    assert set(validate(ERRORS, select="F015, S010").counts) == {"F015", "S010"}
    assert validate(ERRORS, ignore="F").counts == validate(ERRORS, select=["S", "N", "D", "C", "R"]).counts


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"select": 5}, "select must be a rule code"),
        ({"select": [b"F015"]}, "select must be rule codes"),
        ({"period": 20252}, "period must be a str"),
        ({"jobs": "2"}, "jobs must be an int"),
        ({"reveal_bsn": 1}, "reveal_bsn must be a bool"),
        ({"delivery_date": 20260120}, "delivery_date must be a str"),
        ({"selct": ["F015"]}, "unexpected keyword argument 'selct'"),
    ],
)
def test_options_of_the_wrong_type_raise_type_error_naming_the_parameter(
    kwargs: dict[str, object], fragment: str
) -> None:
    for function in (validate, gmsd_fast.check_delivery, fix):
        with pytest.raises(TypeError, match=fragment) as err:
            function(VALID, **kwargs)  # type: ignore[operator]
        assert str(err.value).startswith(f"{function.__name__}()")


def test_options_object_and_keywords_are_one_or_the_other() -> None:
    options = gmsd_fast.check_options(select="F015", lang="en")
    assert validate(ERRORS, options=options).counts == {"F015": 1}
    with pytest.raises(TypeError, match="not both"):
        validate(ERRORS, options=options, period="H22025")


def test_exceptions_of_the_api_are_english_by_default() -> None:
    with pytest.raises(UsageError) as err:
        validate(VALID, period="H32025")
    assert str(err.value) == 'validate(): period: invalid period "H32025": use H1YYYY or H2YYYY, e.g. H22025'
    with pytest.raises(UsageError, match=r"aanmaakdatum is .* with unsafe=True") as fixed:
        fix(VALID, None, aanmaakdatum="202601200915")
    assert "--" not in str(fixed.value)


def test_validate_of_a_folder_or_a_zip_names_check_delivery(tmp_path: Path, delivery: Path) -> None:
    for path, kind in ((tmp_path, "a folder"), (delivery, "a zip archive")):
        with pytest.raises(UsageError, match=f"is {kind}: use gmsd_fast.check_delivery") as err:
            validate(path)
        assert err.value.code == "not-one-file"


def test_fix_of_a_zip_does_not_copy_it_but_names_fix_delivery(tmp_path: Path, delivery: Path) -> None:
    out = tmp_path / "uit.zip"
    with pytest.raises(UsageError, match=r"is a zip archive: use gmsd_fast\.fix_delivery"):
        fix(delivery, out)
    assert not out.exists()


def test_check_delivery_of_a_zip_gives_each_member_and_the_delivery_rules(delivery: Path) -> None:
    result = check_delivery(delivery, lang="en")
    assert isinstance(result, DeliveryResult)
    assert [(f.path, f.archive, f.member, f.verdict) for f in result.files] == [
        (f"{delivery}/{VALID.name}", str(delivery), VALID.name, "accepted"),
        (f"{delivery}/{ERRORS.name}", str(delivery), ERRORS.name, "rejected"),
        (f"{delivery}/leesmij.pdf", str(delivery), "leesmij.pdf", "rejected"),
    ]
    assert result.files[2].counts == {"L004": 1}
    (finding,) = result.delivery_findings
    assert finding["rule"] == "L001"
    assert finding["files"] == [f"{delivery}/{VALID.name}", f"{delivery}/{ERRORS.name}"]
    assert result.verdict == "rejected" and not result.accepted
    assert result.findings.num_rows == sum(r.findings.num_rows for r in result.results)


def test_check_delivery_gives_the_results_of_the_cli(cli: CliRun, delivery: Path, tmp_path: Path) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    (folder / VALID.name).write_bytes(VALID.read_bytes())
    inputs = [str(delivery), str(folder), str(ERRORS)]
    code, out, _ = cli("check", *inputs, "--format", "json", "--lang", "en")
    shown = [(f["path"], f["verdict"], f["counts"]) for f in json.loads(out)["files"]]
    result = check_delivery(*inputs, lang="en", jobs=2)
    assert summary(list(result.results)) == shown
    assert code == (0 if result.accepted else 1) == 1


def test_check_delivery_of_files_held_in_memory_and_streams(delivery: Path) -> None:
    data = VALID.read_bytes()
    result = check_delivery(
        (VALID.name, data),
        (ERRORS.name, io.BytesIO(ERRORS.read_bytes())),
        ("levering.zip", delivery.read_bytes()),
        data,
    )
    names = [f.path for f in result.files]
    assert names == [
        VALID.name,
        ERRORS.name,
        f"levering.zip/{VALID.name}",
        f"levering.zip/{ERRORS.name}",
        "#4",
        "levering.zip/leesmij.pdf",
    ]
    from_disk = check_delivery(delivery)
    assert [f.counts for f in result.files[2:4]] == [f.counts for f in from_disk.files[:2]]
    assert result.files[0].counts == {} and result.files[1].counts == validate(ERRORS).counts
    assert "N006" in result.files[4].counts  # unnamed: no file name to check
    assert result.delivery is not None


def test_check_delivery_with_centrumgemeenten_checks_l003() -> None:
    without = check_delivery(VALID)
    assert without.delivery is None and without.accepted
    assert check_delivery(VALID, centrumgemeenten=["0363"]).files[0].cbs_counts is not None
    with pytest.raises(UsageError, match="centrumgemeenten: 'Amsterdam' is not a gemeentecode"):
        check_delivery(VALID, centrumgemeenten=["Amsterdam"])


def test_fix_delivery_repairs_a_zip_into_a_zip(tmp_path: Path, delivery: Path) -> None:
    out = tmp_path / "hersteld.zip"
    result = fix_delivery(delivery, output=out, lang="en")
    assert [f.output for f in result.files] == [f"{out}/{VALID.name}", f"{out}/{ERRORS.name}"]
    assert result.total == sum(f.total for f in result.files) > 0
    assert [p.path for p in result.problems] == [f"{out}/leesmij.pdf"]
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == [VALID.name, ERRORS.name, "leesmij.pdf"]
    checked = check_delivery(out, lang="en")
    assert [f.counts for f in checked.files] == [f.check.counts for f in result.files] + [{"L004": 1}]
    assert result.verdict == checked.verdict


def test_fix_delivery_of_a_folder_into_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / ERRORS.name).write_bytes(ERRORS.read_bytes())
    (folder / VALID.name).write_bytes(VALID.read_bytes())
    out = tmp_path / "hersteld"
    result = fix_delivery(folder, output=out)
    assert sorted(p.name for p in out.iterdir()) == sorted([ERRORS.name, VALID.name])
    assert result.files[0].changed and not result.files[1].changed
    with pytest.raises(UsageError, match=r"fix_delivery\(\): .*output"):
        fix_delivery(folder, output=folder / ERRORS.name)


def test_a_consumed_result_raises_at_the_call(tmp_path: Path) -> None:
    path = tmp_path / "WMO_H22025_veel.csv"
    _gmsd_fast.generate(str(path), 30_000, seed=5, faulty_share=1.0)
    result = validate(path, max_per_rule=0)
    assert polars.DataFrame(result).height == sum(result.counts.values())
    with pytest.raises(ResultConsumedError, match="read already"):
        polars.DataFrame(result)
    with pytest.raises(ResultConsumedError):
        result.batches()
    with pytest.raises(ResultConsumedError):
        result.read_all()
    kept = validate(ERRORS)  # ended when returned: its findings are kept, read as often as asked
    assert polars.DataFrame(kept).height == polars.DataFrame(kept).height == 43


def test_an_error_names_the_target_not_a_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "geen-map" / "uit.csv"
    with pytest.raises(OSError) as err:
        fix(ERRORS, target)
    assert str(target) in str(err.value) and ".tmp" not in str(err.value)


def test_every_public_exception_is_exported() -> None:
    for name in ("GmsdError", "UsageError", "Stopped", "FileChangedError", "FixError", "ResultConsumedError"):
        assert name in gmsd_fast.__all__ and issubclass(getattr(gmsd_fast, name), gmsd_fast.GmsdError)
    assert "NotARegularFileError" in gmsd_fast.__all__
    assert FixError is gmsd_fast.fixing.FixError


def test_rules_and_columns_are_typed_dicts_of_the_core() -> None:
    rules = gmsd_fast.rules()
    assert rules == _gmsd_fast.rules()
    assert set(rules[0]) == set(gmsd_fast.Rule.__annotations__)
    assert set(gmsd_fast.columns()[0]) == set(gmsd_fast.Column.__annotations__)
    severities = {s for rule in rules for s in rule["severities"]}
    assert severities <= set(gmsd_fast.Severity.__args__)  # type: ignore[attr-defined]


def test_a_zip_stream_is_read_within_the_zip_limits(delivery: Path) -> None:
    tight = gmsd_fast.ZipLimits(max_total_bytes=1000)
    with open(delivery, "rb") as stream:
        result = check_delivery(("levering.zip", stream), zip_limits=tight)
    (only,) = result.files
    assert only.path == "levering.zip" and only.counts == {"L004": 1} and only.verdict == "rejected"
