"""Fan-out safety: measures aggregate at their own grain; unsafe group-bys are refused with the alternative."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from semantic_layer.catalog import Catalog
from semantic_layer.compiler import compile_query
from semantic_layer.errors import SemanticQueryError
from semantic_layer.query import SemanticQuery

from .conftest import assert_same_rows, run_reference, run_semantic


def _error(query: dict[str, object], catalog: Catalog) -> SemanticQueryError:
    with pytest.raises(SemanticQueryError) as raised:
        compile_query(SemanticQuery.model_validate(query), catalog)
    return raised.value


def test_revenue_by_region_is_not_multiplied_by_items(catalog: Catalog, warehouse: Path) -> None:
    total = run_semantic({"metrics": ["revenue"]}, catalog, warehouse)[0][0]
    by_region = run_semantic({"metrics": ["revenue", "item_revenue"], "group_by": ["region"]}, catalog, warehouse)
    assert sum(row[1] for row in by_region) == pytest.approx(total)
    item_total = run_semantic({"metrics": ["item_revenue"]}, catalog, warehouse)[0][0]
    assert sum(row[2] for row in by_region) == pytest.approx(item_total)


def test_order_and_item_metrics_together_match_their_own_references(
    catalog: Catalog, warehouse: Path, reference_db: duckdb.DuckDBPyConnection
) -> None:
    actual = run_semantic({"metrics": ["order_count", "units_sold"], "group_by": ["channel"]}, catalog, warehouse)
    reference = """
        WITH o AS (SELECT channel, COUNT(*) AS n FROM orders WHERE status <> 'cancelled' GROUP BY 1),
             i AS (SELECT o.channel, SUM(i.quantity) AS u FROM order_items i JOIN orders o USING (order_id)
                   WHERE o.status <> 'cancelled' GROUP BY 1)
        SELECT o.channel, o.n, i.u FROM o JOIN i USING (channel)"""
    assert_same_rows(actual, run_reference(reference, reference_db))


def test_facts_with_null_keys_line_up(catalog: Catalog, warehouse: Path) -> None:
    """store_name is NULL for online orders; the key spine must still join those rows (null-safe)."""
    together = run_semantic({"metrics": ["revenue", "refund_amount"], "group_by": ["store_name"]}, catalog, warehouse)
    revenue = dict(map(tuple, run_semantic({"metrics": ["revenue"], "group_by": ["store_name"]}, catalog, warehouse)))
    refunds = dict(
        map(tuple, run_semantic({"metrics": ["refund_amount"], "group_by": ["store_name"]}, catalog, warehouse))
    )
    assert "online, no store" in revenue and len(together) == len(set(revenue) | set(refunds))  # empty_label
    for store, revenue_value, refund_value in together:
        assert revenue_value == pytest.approx(revenue.get(store, 0))
        assert refund_value == pytest.approx(refunds.get(store, 0))


def test_time_range_applies_to_each_metrics_own_time_dimension(
    catalog: Catalog, warehouse: Path, reference_db: duckdb.DuckDBPyConnection
) -> None:
    span = {"start": "2026-07-01", "end": "2026-09-30"}
    actual = run_semantic(
        {"metrics": ["revenue", "refund_amount", "net_revenue"], "time_range": span}, catalog, warehouse
    )
    reference = """
        SELECT r, f, r - f FROM
          (SELECT SUM(net_amount) AS r FROM orders WHERE status <> 'cancelled'
             AND order_ts >= DATE '2026-07-01' AND order_ts < DATE '2026-10-01'),
          (SELECT SUM(refund_amount) AS f FROM returns WHERE return_ts >= DATE '2026-07-01' AND return_ts < DATE '2026-10-01')"""
    assert_same_rows(actual, run_reference(reference, reference_db))


def test_metrics_on_different_time_dimensions_share_months(catalog: Catalog, warehouse: Path) -> None:
    rows = run_semantic(
        {"metrics": ["revenue", "customer_count"], "group_by": ["metric_time__month"]}, catalog, warehouse
    )
    signups = dict(
        map(
            tuple, run_semantic({"metrics": ["customer_count"], "group_by": ["metric_time__month"]}, catalog, warehouse)
        )
    )
    assert sum(row[2] for row in rows) == sum(signups.values())
    assert all(row[2] == signups.get(row[0], 0) for row in rows)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"metrics": ["revenue"], "group_by": ["category"]},
            "revenue is recorded per order and category per item; use item_revenue",
        ),
        ({"metrics": ["gmv"], "group_by": ["brand"]}, "gmv is recorded per order and brand per item; use item_revenue"),
        (
            {"metrics": ["order_count"], "group_by": ["product_name"]},
            "order_count is recorded per order and product_name per item; use units_sold",
        ),
        (
            {"metrics": ["aov"], "group_by": ["category"]},
            "aov is recorded per order and category per item; aov cannot be split by category",
        ),
        (
            {"metrics": ["customer_count"], "group_by": ["channel"]},
            "customer_count is recorded per customer and channel per order",
        ),
        (
            {"metrics": ["revenue"], "group_by": ["return_reason"]},
            "revenue is recorded per order and return_reason per return",
        ),
        ({"metrics": ["ticket_count"], "group_by": ["rating"]}, "ticket_count is recorded per ticket and rating per"),
        (
            {"metrics": ["revenue"], "filters": [{"dimension": "category", "op": "=", "value": "Skincare"}]},
            "category per item; use item_revenue",
        ),
    ],
)
def test_fanning_group_bys_are_rejected_with_the_alternative(
    query: dict[str, object], message: str, catalog: Catalog
) -> None:
    error = _error(query, catalog)
    assert any(issue.code == "fan_out" and message in issue.message for issue in error.issues), error.issues


def test_only_the_fanning_metric_is_reported(catalog: Catalog) -> None:
    error = _error({"metrics": ["item_revenue", "revenue"], "group_by": ["category"]}, catalog)
    assert [issue.message.split(" ")[0] for issue in error.issues] == ["revenue"]
    assert "\n" not in error.message and error.message.startswith("group_by: revenue is recorded per order")
