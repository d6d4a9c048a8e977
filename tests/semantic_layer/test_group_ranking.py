"""Rankings within groups: the first N rows of each partition, ordered by the query's own order."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from semantic_layer.compiler import compile_query
from semantic_layer.errors import SemanticQueryError
from semantic_layer.query import SemanticQuery


def _rows(query: dict, warehouse: Path) -> list[tuple]:  # type: ignore[type-arg]
    compiled = compile_query(SemanticQuery.model_validate(query))
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(compiled.sql).fetchall()


def test_top_two_channels_in_each_region(tiny_warehouse: Path) -> None:
    base = {"metrics": ["revenue"], "group_by": ["region", "channel"]}
    every = _rows(base, tiny_warehouse)
    ranked = _rows(
        {**base, "order_by": [{"field": "revenue", "desc": True}], "limit": 2, "rank_within": ["region"]},
        tiny_warehouse,
    )
    expected = []
    for region in sorted({r[0] for r in every}, key=lambda v: (v is None, v)):
        expected += sorted((r for r in every if r[0] == region), key=lambda r: -r[2])[:2]
    assert ranked == expected


def test_the_strongest_month_of_each_quarter(tiny_warehouse: Path) -> None:
    query = {
        "metrics": ["order_count"],
        "group_by": ["metric_time__quarter", "metric_time__month"],
        "time_range": {"start": "2025-01-01", "end": "2025-12-31"},
        "order_by": [{"field": "order_count", "desc": True}],
        "limit": 1,
        "rank_within": ["metric_time__quarter"],
    }
    rows = _rows(query, tiny_warehouse)
    assert [r[0].month for r in rows] == [1, 4, 7, 10]
    assert all(r[0] <= r[1] for r in rows)


def test_rank_within_needs_a_key_order_and_limit() -> None:
    with pytest.raises(SemanticQueryError, match="order_by and limit"):
        compile_query(SemanticQuery(metrics=("revenue",), group_by=("region", "channel"), rank_within=("region",)))
    with pytest.raises(SemanticQueryError, match="not a group_by key"):
        compile_query(
            SemanticQuery(
                metrics=("revenue",),
                group_by=("channel",),
                rank_within=("region",),
                limit=1,
                order_by=({"field": "revenue", "desc": True},),
            )
        )  # type: ignore[arg-type]
