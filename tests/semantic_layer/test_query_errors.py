"""Problems a user can fix get one clear issue each, never a database error."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from data.errors import CdmError
from semantic_layer.catalog import Catalog
from semantic_layer.compiler import compile_query
from semantic_layer.errors import SemanticQueryError
from semantic_layer.query import SemanticQuery


def _issues(query: dict[str, Any], catalog: Catalog) -> list[tuple[str, str]]:
    with pytest.raises(SemanticQueryError) as raised:
        compile_query(SemanticQuery.model_validate(query), catalog)
    assert isinstance(raised.value, CdmError)
    return [(issue.code, issue.message) for issue in raised.value.issues]


@pytest.mark.parametrize(
    ("query", "code", "fragment"),
    [
        ({"metrics": ["revenu"]}, "unknown_metric", "did you mean 'revenue'"),
        ({"metrics": ["region"]}, "not_a_metric", "'region' is a dimension"),
        ({"metrics": ["revenue"], "group_by": ["regoin"]}, "unknown_dimension", "did you mean 'region'"),
        ({"metrics": ["revenue"], "group_by": ["aov"]}, "not_a_dimension", "'aov' is a metric"),
        (
            {"metrics": ["revenue"], "group_by": ["metric_time__fortnight"]},
            "unknown_grain",
            "day, week, month, quarter, year",
        ),
        (
            {"metrics": ["churn_rate"], "group_by": ["metric_time__month"]},
            "no_time_dimension",
            "churn_rate has no time dimension",
        ),
        (
            {"metrics": ["avg_clv", "revenue"], "time_range": {"start": "2026-01-01"}},
            "no_time_dimension",
            "remove a time range",
        ),
        (
            {"metrics": ["revenue"], "time_range": {"start": "2026-02-01", "end": "2026-01-01"}},
            "bad_time_range",
            "after it ends",
        ),
        ({"metrics": ["revenue"], "order_by": [{"field": "aov"}]}, "bad_order_by", "not an output column"),
        (
            {"metrics": ["revenue"], "filters": [{"dimension": "rating", "op": "=", "value": "five"}]},
            "bad_filter_value",
            "holds integer values",
        ),
        (
            {"metrics": ["revenue"], "filters": [{"dimension": "member_tier", "op": "=", "value": 3}]},
            "bad_filter_value",
            "holds string values",
        ),
        (
            {"metrics": ["revenue"], "filters": [{"dimension": "marketing_consent", "op": "=", "value": "yes"}]},
            "bad_filter_value",
            "holds boolean",
        ),
        (
            {"metrics": ["revenue"], "filters": [{"dimension": "marketing_consent", "op": ">", "value": True}]},
            "bad_filter_value",
            "use = or !=",
        ),
        (
            {"metrics": ["revenue"], "filters": [{"dimension": "channel", "op": "in", "value": "app"}]},
            "bad_filter_value",
            "non-empty list",
        ),
        (
            {"metrics": ["revenue"], "filters": [{"dimension": "channel", "op": "=", "value": ["app"]}]},
            "bad_filter_value",
            "single value",
        ),
        (
            {"metrics": ["review_count"], "filters": [{"dimension": "rating", "op": "between", "value": [1]}]},
            "bad_filter_value",
            "two values",
        ),
        (
            {"metrics": ["review_count"], "filters": [{"dimension": "rating", "op": "like", "value": "1%"}]},
            "bad_filter_value",
            "text dimensions",
        ),
        (
            {"metrics": ["revenue"], "filters": [{"dimension": "metric_time", "op": "=", "value": "2026-01-01"}]},
            "unknown_dimension",
            "time_range",
        ),
        (
            {"metrics": ["revenue"], "filters": [{"dimension": "tier", "op": "=", "value": "Gold"}]},
            "unknown_dimension",
            "cannot filter",
        ),
    ],
)
def test_user_errors_are_explained(query: dict[str, Any], code: str, fragment: str, catalog: Catalog) -> None:
    issues = _issues(query, catalog)
    assert any(c == code and fragment in m for c, m in issues), issues


def test_all_problems_are_reported_at_once(catalog: Catalog) -> None:
    issues = _issues({"metrics": ["revenu", "churn_rate"], "group_by": ["regoin", "metric_time__month"]}, catalog)
    assert {code for code, _ in issues} == {"unknown_metric", "unknown_dimension", "no_time_dimension"}


@pytest.mark.parametrize(
    "payload",
    [
        {"metrics": []},
        {"metrics": ["revenue"], "filters": [{"dimension": "channel", "op": "~", "value": "app"}]},
        {"metrics": ["revenue"], "group_by": "region", "extra": 1},
        {"metrics": ["revenue"], "limit": 0},
        {"metrics": ["revenue"], "time_range": {"start": "July"}},
    ],
)
def test_malformed_queries_are_rejected_by_the_model(payload: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        SemanticQuery.model_validate(payload)


def test_query_json_shape_round_trips() -> None:
    payload = {
        "metrics": ["revenue"],
        "group_by": ["region", "metric_time__month"],
        "filters": [{"dimension": "member_tier", "op": "in", "value": ["Gold", "Platinum"]}],
        "time_range": {"start": "2026-07-01", "end": "2026-09-30"},
        "order_by": [{"field": "revenue", "desc": True}],
        "limit": 10,
    }
    query = SemanticQuery.model_validate(payload)
    assert query.model_dump(mode="json", exclude_none=True) == payload
    assert SemanticQuery.model_validate_json(query.to_json()) == query
    assert (
        SemanticQuery.model_validate({"metrics": ["x"], "filters": [{"dimension": "d", "op": "NOT  IN", "value": [1]}]})
        .filters[0]
        .op
        == "not in"
    )


def test_values_are_literals_never_sql(catalog: Catalog) -> None:
    nasty = "x'; DROP TABLE orders; --"
    compiled = compile_query(
        SemanticQuery.model_validate(
            {"metrics": ["revenue"], "filters": [{"dimension": "city", "op": "=", "value": nasty}]}
        ),
        catalog,
    )
    assert "'x''; DROP TABLE orders; --'" in compiled.sql
