"""The overall value of an average or ratio by groups (semantic_layer/overall.py): computed in the
same statement as the groups from their numerators and denominators, checked against raw SQL on
the tiny warehouse, for each aggregation kind and role; aggregate-only roles never get it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from assistant.execution import execute_query
from assistant.resources import Resources
from assistant.service import ask
from guards.principal_resolution import resolve_principal
from semantic_layer.catalog import load_catalog
from semantic_layer.compiler import compile_query
from semantic_layer.overall import overall_column, split_overall, with_overall
from semantic_layer.query import SemanticQuery

ADMIN = resolve_principal(role="admin")
ANALYST = resolve_principal(role="analyst")
EAST = resolve_principal(role="regional_manager", attrs={"region": "East"})
VIEWER = resolve_principal(role="viewer")
MARKETING = resolve_principal(role="marketing")
EAST_ORDERS = "customer_id IN (SELECT customer_id FROM customers WHERE region = 'East')"

RAW = {  # the overall value straight from the tables, by hand (no semantic layer)
    "aov": "SELECT sum(net_amount) / count(DISTINCT order_id) FROM orders WHERE status <> 'cancelled' AND {rows}",
    "return_rate": "SELECT count(DISTINCT order_id) FILTER (WHERE status = 'returned') / count(DISTINCT order_id) "
    "FROM orders WHERE status <> 'cancelled' AND {rows}",
    "csat": "SELECT avg(csat_score) FROM support_tickets WHERE csat_score IS NOT NULL AND {rows}",
}


def raw(warehouse: Path, metric: str, rows: str = "true") -> float:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        found = connection.execute(RAW[metric].format(rows=rows)).fetchone()
    assert found is not None
    return float(found[0])


def outcome(metric: str, by: str, principal: Any, resources: Resources, **query: Any) -> Any:
    return execute_query(SemanticQuery(metrics=(metric,), group_by=(by,), **query), principal, "test", resources)


@pytest.mark.parametrize(
    ("metric", "by", "kind"),
    [("aov", "channel", "ratio"), ("return_rate", "region", "ratio"), ("csat", "ticket_channel", "average")],
)
def test_averages_and_ratios_get_the_overall_value_of_the_raw_data(
    metric: str, by: str, kind: str, resources: Resources, tiny_warehouse: Path
) -> None:
    assert resources.aggregation_kinds()[metric].value == kind
    for principal in (ADMIN, ANALYST):
        got = outcome(metric, by, principal, resources)
        assert got.overall[metric] == pytest.approx(raw(tiny_warehouse, metric), rel=1e-9)
        values = [row[1] for row in got.rows]
        assert got.overall[metric] != pytest.approx(sum(values) / len(values), rel=1e-6)  # not a mean of means
        assert got.columns == (by, metric) and "OVER ()" in (got.sql or "")  # one statement, no extra column shown


def test_a_regional_managers_overall_value_covers_only_their_region(resources: Resources, tiny_warehouse: Path) -> None:
    got = outcome("aov", "channel", EAST, resources)
    assert got.overall["aov"] == pytest.approx(raw(tiny_warehouse, "aov", EAST_ORDERS), rel=1e-9)
    assert got.overall["aov"] != pytest.approx(raw(tiny_warehouse, "aov"), rel=1e-6)


def test_the_overall_value_is_over_every_group_not_only_the_top_ones(
    resources: Resources, tiny_warehouse: Path
) -> None:
    query = {"order_by": ({"field": "aov", "desc": True},), "limit": 2}
    got = outcome("aov", "channel", ANALYST, resources, **query)
    assert len(got.rows) == 2 and got.overall["aov"] == pytest.approx(raw(tiny_warehouse, "aov"), rel=1e-9)


@pytest.mark.parametrize(("metric", "by"), [("revenue", "channel"), ("active_customers", "channel")])
def test_additive_and_distinct_counts_get_no_overall_value(metric: str, by: str, resources: Resources) -> None:
    """A sum gets its total; distinct customers do not add up across channels, so no overall from the groups."""
    assert outcome(metric, by, ADMIN, resources).overall == {}


@pytest.mark.parametrize("principal", [VIEWER, MARKETING])
def test_aggregate_only_roles_get_the_range_and_no_overall_release(principal: Any, resources: Resources) -> None:
    got = outcome("aov", "channel", principal, resources)
    assert got.overall == {} and "OVER ()" not in (got.sql or "") and got.rows
    answer = ask("average order value by channel", principal, warehouse=resources.warehouse)
    assert "overall" not in answer.summary and "do not add up" in answer.summary


def test_the_narrative_says_the_overall_value_then_the_range(resources: Resources) -> None:
    english = ask("average order value by channel", ANALYST, warehouse=resources.warehouse)
    overall = outcome("aov", "channel", ANALYST, resources).overall["aov"]
    assert english.summary.startswith(f"Average order value overall: ¥{overall:,.2f}; highest ")
    assert ", lowest " in english.summary and "Total" not in english.summary
    chinese = ask("各渠道的客单价", ANALYST, warehouse=resources.warehouse)
    assert chinese.summary.startswith(f"客单价总体为 ¥{overall:,.2f}；最高为") and "最低为" in chinese.summary


def test_growth_shares_rankings_and_series_keep_their_shape() -> None:
    catalog = load_catalog()
    for query in (
        SemanticQuery(
            metrics=("aov",),
            group_by=("region", "channel"),
            order_by=({"field": "aov", "desc": True},),
            limit=1,
            rank_within=("region",),
        ),
        SemanticQuery(metrics=("aov",), group_by=("metric_time__month",)),
        SemanticQuery(metrics=("aov",)),
    ):
        compiled = compile_query(query, catalog)
        assert with_overall(compiled, catalog) == compiled
    columns, rows, overall = split_overall(("channel", "aov", overall_column("aov")), (("app", 1.0, 2.0),))
    assert (columns, rows, overall) == (("channel", "aov"), (("app", 1.0),), {"aov": 2.0})
