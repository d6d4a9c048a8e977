"""Issue 16: every compiled shape that releases customer values gets noise, or is refused.

A share of the total is compiled as two subqueries (`shown` and `all_rows`), each with its own WITH.
Its aggregations must be planned stages like any other; an aggregation the plan cannot see (inside a
derived table) must be refused, never released exactly. Judged by value against the raw warehouse.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from sqlglot import exp, parse_one

from engines.status import Status
from guards.principal import Principal
from guards.service import run_guarded
from semantic_layer.compiler import compile_query
from semantic_layer.query import SemanticQuery

RAW_REVENUE_BY_CHANNEL = (
    "SELECT channel, sum(net_amount) FROM orders WHERE status <> 'cancelled' GROUP BY channel ORDER BY channel"
)


def _raw(warehouse: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def _share_query() -> exp.Expr:
    query = SemanticQuery.model_validate({"metrics": ["revenue"], "group_by": ["channel"], "share_of_total": True})
    return compile_query(query).expression


def test_a_share_of_the_total_is_noisy_for_aggregate_only_roles(tiny_warehouse: Path) -> None:
    result = run_guarded(
        _share_query(), Principal("share-viewer", "viewer"), origin="semantic", warehouse=tiny_warehouse
    )
    assert result.status == Status.OK, result.notices
    exact = dict(_raw(tiny_warehouse, RAW_REVENUE_BY_CHANNEL))
    columns = list(result.columns)
    revenue, share = columns.index("revenue"), columns.index("revenue_share")
    shown = {row[0]: row for row in result.rows}
    assert shown and all(
        float(row[revenue]) != pytest.approx(float(exact[key]), abs=0.01) for key, row in shown.items()
    )
    exact_total = sum(float(v) for v in exact.values())
    assert all(
        float(row[share]) != pytest.approx(float(exact[key]) / exact_total, abs=1e-9) for key, row in shown.items()
    )
    assert result.privacy and result.privacy["epsilon_spent"] > 0
    approximate = next(n for n in result.notices if n.code == "approximate")
    assert "revenue ± about" in approximate.message  # the margin reads through the `shown` subquery


def test_the_same_share_is_exact_for_an_analyst(tiny_warehouse: Path) -> None:
    result = run_guarded(
        _share_query(), Principal("share-analyst", "analyst"), origin="semantic", warehouse=tiny_warehouse
    )
    exact = dict(_raw(tiny_warehouse, RAW_REVENUE_BY_CHANNEL))
    revenue = list(result.columns).index("revenue")
    assert {row[0]: float(row[revenue]) for row in result.rows} == pytest.approx(
        {k: float(v) for k, v in exact.items()}
    )


def test_an_aggregation_hidden_in_a_derived_table_is_refused_not_released_exactly(tiny_warehouse: Path) -> None:
    hidden = parse_one("SELECT t.r FROM (SELECT sum(net_amount) AS r FROM orders WHERE status <> 'cancelled') AS t")
    result = run_guarded(hidden, Principal("hiding-viewer", "viewer"), origin="semantic", warehouse=tiny_warehouse)
    exact = float(_raw(tiny_warehouse, "SELECT sum(net_amount) FROM orders WHERE status <> 'cancelled'")[0][0])
    released = [float(v) for row in result.rows for v in row if isinstance(v, (int, float))]
    assert exact not in released
    assert result.status != Status.OK or result.privacy, result.notices
