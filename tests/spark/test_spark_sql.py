"""Rendering canonical trees for Spark: each transform as a golden pair, then the meaning checked by
running the same guarded SQL on DuckDB and on Spark (local mode, the tiny warehouse's export)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlglot

from engines.spark_sql import java_replacement, to_spark_sql
from eval.scoring import compare_results
from guards.principal import Principal
from guards.service import run_guarded

ADMIN = Principal(None, "admin", {})

GOLDEN = [
    ("SELECT a FROM main.orders", "SELECT a FROM orders"),
    ("SELECT a / b FROM t", "SELECT TRY_DIVIDE(a, b) FROM t"),
    ("SELECT dayofweek(d), isodow(d) FROM t", "SELECT (DAYOFWEEK(d) - 1), EXTRACT(DAYOFWEEK_ISO FROM d) FROM t"),
    ("SELECT regexp_replace(s, 'a(b)', '<\\1$>', 'g') FROM t", "SELECT REGEXP_REPLACE(s, 'a(b)', '<$1\\\\$>') FROM t"),
    ("SELECT regexp_replace(s, 'a', 'b') FROM t", "SELECT REGEXP_REPLACE(s, '^(?s:(.*?))(?:a)', '$1b') FROM t"),
    ("SELECT regexp_matches(s, '[[:digit:]]+') FROM t", "SELECT s RLIKE '[\\\\p{Digit}]+' FROM t"),
    (
        "SELECT date_diff('hour', a, b) FROM t",
        "SELECT TIMESTAMPDIFF(HOUR, DATE_TRUNC('HOUR', a), DATE_TRUNC('HOUR', b)) FROM t",
    ),
    ("SELECT quantile_cont(x, 0.9), quantile(x, 0.5) FROM t",
     "SELECT PERCENTILE(x, 0.9), PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY x ASC NULLS LAST) FROM t"),
    ("SELECT dayname(d) FROM t", "SELECT DATE_FORMAT(d, 'EEEE') FROM t"),
    ("SELECT x FROM t ORDER BY x", "SELECT x FROM t ORDER BY x NULLS LAST"),
    ("SELECT /*+ BROADCAST(t) */ x FROM t", "SELECT x FROM t"),
]  # fmt: skip


@pytest.mark.parametrize(("duckdb_sql", "spark_sql"), GOLDEN, ids=[g[0][:50] for g in GOLDEN])
def test_golden_spark_rendering(duckdb_sql: str, spark_sql: str) -> None:
    assert to_spark_sql(sqlglot.parse_one(duckdb_sql, read="duckdb")) == spark_sql


def test_replacement_escapes_dollar_and_backslash() -> None:
    assert java_replacement("\\1-$-\\\\", shift=1) == "$2-\\$-\\\\"


SAME_MEANING = [
    "SELECT store_id, regexp_replace(store_name, '[aeiou]', '_') AS first_vowel FROM stores ORDER BY store_id",
    "SELECT store_id, regexp_replace(store_name, '([A-Z])', '<\\1>', 'g') AS caps FROM stores ORDER BY store_id",
    "SELECT store_id, regexp_replace(city, 'A', 'x', 'gi') AS ci FROM stores ORDER BY store_id",
    "SELECT dayofweek(order_ts) AS d, isodow(order_ts) AS i, extract(dow FROM order_ts) AS e, count(*) AS n "
    "FROM orders GROUP BY ALL ORDER BY ALL",
    "SELECT dayname(order_ts) AS d, monthname(order_ts) AS m, count(*) AS n FROM orders GROUP BY ALL ORDER BY ALL",
    "SELECT store_id, count(*) / 0 AS inf, 7 / 2 AS half, 7 // 2 AS whole FROM orders WHERE store_id IS NOT NULL "
    "GROUP BY 1 ORDER BY 1",
    "SELECT store_id, count(*) AS n FROM orders GROUP BY 1 ORDER BY 1 LIMIT 5",
    "SELECT store_id, count(*) AS n FROM orders GROUP BY 1 ORDER BY 1 DESC LIMIT 5",
    "SELECT date_trunc('month', order_ts) AS m, date_trunc('quarter', order_ts) AS q, count(*) AS n "
    "FROM orders GROUP BY ALL ORDER BY ALL LIMIT 8",
    "SELECT ticket_id, date_diff('hour', created_ts, resolved_ts) AS h, date_diff('day', created_ts, resolved_ts) AS d "
    "FROM support_tickets ORDER BY ticket_id LIMIT 200",
    "SELECT upper(city) AS u, lower(region) AS l, length(store_name) AS n, left(store_name, 3) AS p, "
    "split_part(store_name, ' ', 1) AS w, strpos(store_name, 'a') AS at, concat(city, NULL, '!') AS c "
    "FROM stores ORDER BY store_id",
    "SELECT count(*) AS n FROM customers WHERE city LIKE 'B%' OR region = 'east'",
    "SELECT ticket_id, EXTRACT(EPOCH FROM created_ts) AS s, epoch(resolved_ts) AS e FROM support_tickets "
    "ORDER BY ticket_id LIMIT 50",
    "SELECT category, median(unit_price) AS med, quantile_cont(unit_price, 0.25) AS q1, "
    "quantile_disc(unit_price, 0.5) AS qd FROM order_items JOIN products USING (product_id) GROUP BY 1 ORDER BY 1",
    "SELECT customer_id, order_id FROM orders QUALIFY row_number() OVER (PARTITION BY customer_id "
    "ORDER BY order_ts DESC) = 1 ORDER BY 1 LIMIT 20",
]


@pytest.mark.parametrize("sql", SAME_MEANING, ids=[s[:60] for s in SAME_MEANING])
def test_same_rows_on_duckdb_and_spark(sql: str, tiny_warehouse: Path, use_spark: Callable[[], Path]) -> None:
    duck = run_guarded(sql, ADMIN, warehouse=tiny_warehouse)
    use_spark()
    spark = run_guarded(sql, ADMIN, warehouse=tiny_warehouse)
    assert duck.status == spark.status == "ok", (duck.notices, spark.notices, spark.sql)
    assert duck.rows, "the comparison needs rows"
    match = compare_results(duck.rows, spark.rows, ordered=True, tolerance=1e-9)
    assert match.ok, (match.reason, duck.rows[:3], spark.rows[:3])
