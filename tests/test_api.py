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
        ({"period": "2025"}, "invalid-period", "invalid period"),
        ({"select": ["X999"]}, "unknown-rule", "unknown rule"),
        ({"protocol": "H11999"}, "unknown-protocol", "unknown protocol"),
        ({"max_per_rule": -1}, "negative-number", "max_per_rule"),
        ({"jobs": -1}, "negative-number", "jobs"),
        ({"lang": "de"}, "unknown-language", "onbekende taal"),
    ],
)
def test_bad_arguments_raise_usage_error(kwargs: dict[str, object], code: str, fragment: str) -> None:
    # Typed: a code and the value given; the message in the language asked for (English here).
    with pytest.raises(UsageError, match=fragment) as err:
        validate(VALID, **{"lang": "en", **kwargs})  # type: ignore[arg-type]
    assert err.value.code == code
    assert str(err.value.value) in str(err.value)


def test_validate_functions_share_the_core_defaults() -> None:
    # The keyword options are spelled out in each public signature (help() shows them); the
    # core's CheckOptions holds the same defaults (`...` where its signature cannot show one).
    core = inspect.signature(_gmsd_fast.CheckOptions).parameters
    for fn in (validate, validate_bytes, validate_stream):
        keywords = {
            name: p.default
            for name, p in inspect.signature(fn).parameters.items()
            if p.kind is p.KEYWORD_ONLY and name not in ("name", "options")
        }
        assert set(keywords) == set(core) - ({"jobs"} if fn is not validate else set()), fn
        for name, default in keywords.items():
            assert core[name].default in (default, Ellipsis), (fn, name)


def test_catalogue_functions() -> None:
    codes = [r["code"] for r in gmsd_fast.rules()]
    assert len(codes) == len(set(codes)) == 68
    assert len(gmsd_fast.columns()) == 18
    assert "H22025" in gmsd_fast.protocols()


def test_one_severity_order_from_the_core() -> None:
    from gmsd_fast.messages import SEVERITIES

    assert SEVERITIES == tuple(_gmsd_fast.severities()) == ("reject", "error", "warning", "info")
    for rule in _gmsd_fast.rules():
        assert rule["severities"] == sorted(rule["severities"], key=SEVERITIES.index), rule["code"]
