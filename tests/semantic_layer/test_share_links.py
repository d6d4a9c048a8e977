"""`share_of:` links: each declared rate equals its count under the filter over the unfiltered count,
checked against the raw tables of the tiny warehouse; a broken link is a validation problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from semantic_layer.catalog import load_catalog
from semantic_layer.compiler import compile_query
from semantic_layer.model import Metric
from semantic_layer.query import SemanticQuery
from semantic_layer.share_links import share_link_problems


def _value(query: dict[str, Any], warehouse: Path) -> float:
    compiled = compile_query(SemanticQuery.model_validate(query))
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return float(connection.execute(compiled.sql).fetchall()[0][0])


def _raw(sql: str, warehouse: Path) -> float:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return float(connection.execute(sql).fetchall()[0][0])


@pytest.mark.parametrize(
    ("rate", "raw_sql"),
    [
        ("consent_rate", "SELECT avg(CASE WHEN marketing_consent THEN 1.0 ELSE 0 END) FROM customers"),
        (
            "return_rate",
            "SELECT count(DISTINCT order_id) FILTER (WHERE status = 'returned') * 1.0 / count(DISTINCT order_id) "
            "FROM orders WHERE status <> 'cancelled'",
        ),
        ("negative_review_share", "SELECT avg(CASE WHEN rating <= 2 THEN 1.0 ELSE 0 END) FROM reviews"),
    ],
)
def test_a_linked_rate_is_the_share_of_its_count_under_the_filter(
    rate: str, raw_sql: str, tiny_warehouse: Path
) -> None:
    link = load_catalog().metrics[rate].share_of
    assert link is not None
    filters = [
        {"dimension": d, "op": "=", "value": _typed(v[0])}
        if len(v) == 1
        else {"dimension": d, "op": "in", "value": [_typed(x) for x in v]}
        for d, v in link.filters
    ]
    part = _value({"metrics": [link.metric], "filters": filters}, tiny_warehouse)
    whole = _value({"metrics": [link.metric]}, tiny_warehouse)
    assert _value({"metrics": [rate]}, tiny_warehouse) == pytest.approx(part / whole)
    assert part / whole == pytest.approx(_raw(raw_sql, tiny_warehouse))


def _typed(value: str) -> Any:
    return value == "true" if value in ("true", "false") else int(value) if value.isdigit() else value


def test_a_link_to_a_metric_that_is_not_the_denominator_is_reported() -> None:
    catalog = load_catalog()
    metric: Metric = catalog.metrics["consent_rate"]
    broken = type(metric.share_of)("review_count", (("no_such_dimension", ("x",)),))  # type: ignore[misc]
    problems = share_link_problems(
        Metric(**{**metric.__dict__, "share_of": broken}), catalog.metrics, catalog.dimensions
    )
    assert any("not its denominator" in p for p in problems)
    assert any("unknown dimension 'no_such_dimension'" in p for p in problems)
    assert share_link_problems(metric, catalog.metrics, catalog.dimensions) == []
