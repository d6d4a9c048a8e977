"""Compiled SQL renders to five dialects, uses plain table names and allowlistable functions,
and is snapshot-tested (regenerate on purpose with CDM_REGENERATE=1, then review the diff)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from semantic_layer.catalog import Catalog, load_catalog
from semantic_layer.compiler import CompiledQuery, compile_query
from semantic_layer.query import SemanticQuery
from semantic_layer.render import DIALECTS

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("CDM_REGENERATE") == "1"  # one switch for goldens and snapshots
PLAIN_FUNCTIONS = {"sum", "count", "avg", "coalesce", "nullif", "cast", "extract", "date_trunc", "timestamp_trunc"}
EXTRA_CASES: dict[str, dict[str, object]] = {
    "multi_fact_by_month": {
        "metrics": ["net_revenue", "customer_count", "ticket_count"],
        "group_by": ["metric_time__month"],
    },
    "multi_fact_no_keys": {"metrics": ["revenue", "churn_rate", "avg_rating"]},
    "items_and_orders_by_region": {"metrics": ["revenue", "item_revenue", "units_sold"], "group_by": ["region"]},
    "all_filter_ops": {
        "metrics": ["review_count"],
        "filters": [
            {"dimension": "rating", "op": "between", "value": [1, 2]},
            {"dimension": "channel", "op": "not in", "value": ["store"]},
            {"dimension": "city", "op": "like", "value": "S%"},
            {"dimension": "marketing_consent", "op": "!=", "value": False},
        ],
        "time_range": {"start": "2026-01-01"},
    },
}


def _cases() -> dict[str, SemanticQuery]:
    cases = {f"vq{i:02d}": vq.query for i, vq in enumerate(load_catalog().verified_queries, start=1)}
    cases.update({name: SemanticQuery.model_validate(query) for name, query in EXTRA_CASES.items()})
    return cases


CASES = _cases()


def _compiled(name: str, catalog: Catalog) -> CompiledQuery:
    return compile_query(CASES[name], catalog)


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("dialect", DIALECTS)
def test_renders_and_parses_in_every_dialect(name: str, dialect: str, catalog: Catalog) -> None:
    sql = _compiled(name, catalog).render(dialect)
    parsed = sqlglot.parse_one(sql, read=dialect)
    assert isinstance(parsed, exp.Query)
    assert {table.name for table in parsed.find_all(exp.Table)} <= {
        *catalog.semantic_models,
        *(c.alias for c in parsed.find_all(exp.CTE)),
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_uses_only_plain_functions_and_base_tables(name: str, catalog: Catalog) -> None:
    tree = _compiled(name, catalog).expression
    syntax = (exp.Case, exp.If, exp.Connector, exp.Binary)  # syntax, though sqlglot models it as Func
    functions = {node.sql_name().lower() for node in tree.find_all(exp.Func) if not isinstance(node, syntax)}
    assert functions <= PLAIN_FUNCTIONS, functions - PLAIN_FUNCTIONS
    tables = {t.name for t in tree.find_all(exp.Table)} - {cte.alias for cte in tree.find_all(exp.CTE)}
    assert tables <= {m.table for m in catalog.semantic_models.values()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_compiled_sql_matches_snapshot(name: str, catalog: Catalog) -> None:
    sql = _compiled(name, catalog).sql + "\n"
    header = f"-- {CASES[name].to_json()}\n"
    path = SNAPSHOTS / f"{name}.sql"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(header + sql, encoding="utf-8")
    assert path.exists(), f"missing snapshot {path.name}; run with CDM_REGENERATE=1 and review it"
    assert path.read_text(encoding="utf-8") == header + sql


def test_no_stale_snapshots() -> None:
    assert {p.stem for p in SNAPSHOTS.glob("*.sql")} == set(CASES)


def test_rendering_is_stable_and_readable(catalog: Catalog) -> None:
    compiled = _compiled("items_and_orders_by_region", catalog)
    assert compiled.render() == compiled.sql
    assert re.findall(r"(\w+_agg) AS \(", compiled.sql) == ["orders_agg", "order_items_agg"]
    assert "group_keys" in compiled.sql and "IS NOT DISTINCT FROM" in compiled.sql
