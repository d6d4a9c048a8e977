"""Where each fact's data begins, read from the warehouse (semantic_layer/data_span.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from semantic_layer.catalog import load_catalog
from semantic_layer.data_span import data_start, first_dates


def test_each_fact_begins_on_its_first_recorded_day(tiny_warehouse: Path) -> None:
    catalog = load_catalog()
    firsts = first_dates(catalog, tiny_warehouse)
    with duckdb.connect(str(tiny_warehouse), read_only=True) as con:
        (orders,) = con.execute("SELECT CAST(min(order_ts) AS DATE) FROM orders").fetchone() or (None,)
        (tickets,) = con.execute("SELECT CAST(min(created_ts) AS DATE) FROM support_tickets").fetchone() or (None,)
    assert firsts["orders"] == orders and firsts["support_tickets"] == tickets
    assert firsts["order_items"] == orders  # its time is the order's (orders.order_ts)
    assert data_start(catalog, firsts, ["revenue"]) == orders
    assert data_start(catalog, firsts, ["revenue", "ticket_count"]) == max(orders, tickets)
    assert data_start(catalog, firsts, ["no_such_metric"]) is None


def test_no_data_means_no_first_day() -> None:
    assert data_start(load_catalog(), {}, ["revenue"]) is None
    assert data_start(load_catalog(), {"orders": date(2024, 1, 1)}, ["revenue"]) == date(2024, 1, 1)
