from __future__ import annotations

import inspect
import io

import polars
import pyarrow as pa
import pytest

import gmsd_fast
from gmsd_fast import UsageError, _gmsd_fast, validate, validate_bytes, validate_stream

from .conftest import ERRORS, VALID

SCHEMA = pa.schema(
    [
        pa.field("file", pa.string(), nullable=False),
        pa.field("line", pa.uint64()),
        pa.field("column", pa.uint8()),
        pa.field("field", pa.string()),
        pa.field("rule", pa.string(), nullable=False),
        pa.field("name", pa.string(), nullable=False),
        pa.field("severity", pa.string(), nullable=False),
        pa.field("pass", pa.uint8(), nullable=False),
        pa.field("message", pa.string(), nullable=False),
        pa.field("value", pa.string()),
    ]
)


def test_validate_returns_table_with_documented_schema() -> None:
    result = validate(ERRORS)
    assert isinstance(result.findings, pa.Table)
    assert result.findings.schema.equals(SCHEMA)
    assert result.verdict == "rejected"
    assert result.rows == 35
    assert sum(result.counts.values()) == result.findings.num_rows == 43


def test_valid_file_is_accepted_without_findings() -> None:
    result = validate(VALID)
    assert result.accepted
    assert result.counts == {}
    assert result.findings.num_rows == 0
    assert result.findings.schema.equals(SCHEMA)


def test_arrow_stream_and_polars() -> None:
    result = validate(ERRORS)
    table = pa.RecordBatchReader.from_stream(result).read_all()
    assert table.equals(result.findings)
    frame = polars.DataFrame(result)
    assert frame.columns == SCHEMA.names
    assert frame.height == result.findings.num_rows
    assert frame["rule"].to_list() == result.findings.column("rule").to_pylist()


def test_validate_stream_equals_validate_bytes() -> None:
    data = ERRORS.read_bytes()
    from_bytes = validate_bytes(data, ERRORS.name)
    from_stream = validate_stream(io.BytesIO(data), ERRORS.name)
    assert from_stream.counts == from_bytes.counts
    assert from_stream.severity_counts == from_bytes.severity_counts
    assert from_stream.rows == from_bytes.rows
    assert from_stream.verdict == from_bytes.verdict
    assert from_stream.findings.equals(from_bytes.findings)


def test_max_per_rule_caps_details_not_counts() -> None:
    full = validate(ERRORS)
    capped = validate(ERRORS, max_per_rule=1)
    assert capped.counts == full.counts
    rules = capped.findings.column("rule").to_pylist()
    assert len(rules) == len(set(rules)) == len(full.counts)


@pytest.mark.parametrize(
    ("kwargs", "code", "fragment"),
    [
        ({"period": "2025"}, "invalid-period", "period: invalid period"),
        ({"select": ["X999"]}, "unknown-rule", "select: unknown rule"),
        ({"ignore": "X999"}, "unknown-rule", "ignore: unknown rule"),
        ({"protocol": "H11999"}, "unknown-protocol", "protocol: unknown protocol"),
        ({"max_per_rule": -1}, "negative-number", "max_per_rule must be 0 or more"),
        ({"jobs": -1}, "negative-number", "jobs must be 0 or more"),
        ({"lang": "de"}, "unknown-language", "lang must be 'nl' or 'en'"),
        ({"delivery_date": "2026-13-01"}, "invalid-delivery-date", "delivery_date: invalid delivery date"),
    ],
)
def test_bad_arguments_raise_usage_error(kwargs: dict[str, object], code: str, fragment: str) -> None:
    # Typed: a code and the value given; the message in English whatever `lang` (which is the
    # language of the findings), naming the function and the parameter, no CLI flag.
    for lang in ("nl", "en"):
        with pytest.raises(UsageError, match=f"^validate\\(\\): {fragment}") as err:
            validate(VALID, **{"lang": lang, **kwargs})  # type: ignore[arg-type]
        assert err.value.code == code
        assert str(err.value.value) in str(err.value)
        assert "--" not in str(err.value)


def test_validate_functions_share_one_options_type() -> None:
    # One typed set of options (`Options`) for every function of the API, the core's
    # CheckOptions' parameters exactly; the functions take them as keywords.
    core = inspect.signature(_gmsd_fast.CheckOptions).parameters
    assert set(gmsd_fast.Options.__annotations__) == set(core)
    for fn in (validate, validate_bytes, validate_stream, gmsd_fast.fix, gmsd_fast.check_delivery):
        kinds = {p.kind for p in inspect.signature(fn).parameters.values()}
        assert inspect.Parameter.VAR_KEYWORD in kinds, fn


def test_catalogue_functions() -> None:
    codes = [r["code"] for r in gmsd_fast.rules()]
    assert len(codes) == len(set(codes)) == 69
    assert len(gmsd_fast.columns()) == 18
    assert "H22025" in gmsd_fast.protocols()


def test_one_severity_order_from_the_core() -> None:
    from gmsd_fast.messages import SEVERITIES

    assert SEVERITIES == tuple(_gmsd_fast.severities()) == ("reject", "error", "warning", "info")
    for rule in _gmsd_fast.rules():
        assert rule["severities"] == sorted(rule["severities"], key=SEVERITIES.index), rule["code"]
