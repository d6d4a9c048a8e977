"""Share of total: each row's value over the same metric for the whole period, unfiltered; additive metrics only."""

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


def test_a_filtered_share_divides_by_the_unfiltered_total(tiny_warehouse: Path) -> None:
    query = {"metrics": ["ticket_count"], "filters": [{"dimension": "ticket_category", "op": "=", "value": "billing"}]}
    ((count, share),) = _rows({**query, "share_of_total": True}, tiny_warehouse)
    ((total,),) = _rows({"metrics": ["ticket_count"]}, tiny_warehouse)
    assert count == _rows(query, tiny_warehouse)[0][0]
    assert share == pytest.approx(count / total)


def test_grouped_shares_add_up_to_one_and_keep_the_ranking(tiny_warehouse: Path) -> None:
    rows = _rows({"metrics": ["revenue"], "group_by": ["channel"], "share_of_total": True}, tiny_warehouse)
    assert sum(row[2] for row in rows) == pytest.approx(1.0)
    top = _rows(
        {
            "metrics": ["revenue"],
            "group_by": ["channel"],
            "share_of_total": True,
            "order_by": [{"field": "revenue", "desc": True}],
            "limit": 2,
        },
        tiny_warehouse,
    )
    assert [row[0] for row in top] == [row[0] for row in sorted(rows, key=lambda r: -r[1])[:2]]
    assert compile_query(SemanticQuery(metrics=("revenue",), share_of_total=True)).columns == (
        "revenue",
        "revenue_share",
    )


def test_a_rate_has_no_share_of_total() -> None:
    with pytest.raises(SemanticQueryError, match="rate or an average"):
        compile_query(SemanticQuery(metrics=("aov",), group_by=("channel",), share_of_total=True))


def test_orders_without_a_store_are_labelled_not_blank(tiny_warehouse: Path) -> None:
    rows = dict(_rows({"metrics": ["order_count"], "group_by": ["store_format"]}, tiny_warehouse))
    assert None not in rows and rows["online, no store"] > 0
    assert set(rows) == {"online, no store", "flagship", "outlet", "standard"}
