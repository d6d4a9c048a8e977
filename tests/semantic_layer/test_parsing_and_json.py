"""`cdm query` option parsing (sqlglot, never SQL pass-through) and JSON-safe values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from data.errors import CdmError
from semantic_layer.cli_parsing import parse_query_options, parse_where
from semantic_layer.json_safe import to_json_safe


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("member_tier in ('Gold','Platinum')", [("member_tier", "in", ["Gold", "Platinum"])]),
        ("channel not in ('app')", [("channel", "not in", ["app"])]),
        ("rating <= 2 and city = 'Shanghai'", [("rating", "<=", 2), ("city", "=", "Shanghai")]),
        ("rating between 1 and 2", [("rating", "between", [1, 2])]),
        ("marketing_consent = true", [("marketing_consent", "=", True)]),
        ("city like 'S%'", [("city", "like", "S%")]),
        ("rating != 3", [("rating", "!=", 3)]),
        ("rating <> -1.5", [("rating", "!=", -1.5)]),
    ],
)
def test_where_becomes_filters(text: str, expected: list[tuple[str, str, object]]) -> None:
    assert [(f.dimension, f.op, f.value) for f in parse_where(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "city = 'a' or city = 'b'",
        "city = region",
        "upper(city) = 'A'",
        "city in (select city from customers)",
        "1 = 1",
        "orders.city = 'x'",
        "city = ",
        "not city like 'a'",
    ],
)
def test_where_rejects_anything_but_simple_conditions(text: str) -> None:
    with pytest.raises(CdmError):
        parse_where(text)


def test_options_become_a_semantic_query() -> None:
    query = parse_query_options(
        ["revenue,aov"],
        ["region", "metric_time__month"],
        "member_tier = 'Gold'",
        "2026-07-01",
        "2026-09-30",
        ["-revenue", "region"],
        5,
    )
    assert query.metrics == ("revenue", "aov") and query.group_by == ("region", "metric_time__month")
    assert [(o.field, o.desc) for o in query.order_by] == [("revenue", True), ("region", False)]
    assert query.time_range is not None and query.time_range.end == dt.date(2026, 9, 30) and query.limit == 5


def test_option_errors_are_cdm_errors() -> None:
    with pytest.raises(CdmError, match="not a date"):
        parse_query_options("revenue", start="yesterday")
    with pytest.raises(CdmError, match="invalid query"):
        parse_query_options("revenue", limit=0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("12.50"), 12.5),
        (Decimal("7"), 7),
        (dt.date(2026, 7, 1), "2026-07-01"),
        (dt.datetime(2026, 7, 1, 8, 30), "2026-07-01T08:30:00"),
        (float("nan"), None),
        ([Decimal("1.5"), None, True], [1.5, None, True]),
        ("文本", "文本"),
    ],
)
def test_json_safe_values(value: object, expected: object) -> None:
    assert to_json_safe(value) == expected
    assert type(to_json_safe(value)) is type(expected)
