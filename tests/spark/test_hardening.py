"""Spark-specific attacks and the hardened session: blocked by the guard, by Spark's own parser
before anything runs, and by the session itself (no files as tables, no reflection); time and row
caps; errors that echo no data value; the audit names the engine and the SQL Spark ran."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from engines.base import EngineRejection, ExecutionError, RunLimits
from engines.spark_engine import check_with_spark_parser, execute_spark
from engines.spark_session import SparkWarehouse, spark_warehouse
from guards.audit import AuditLog
from guards.engine_policy import engine_policy
from guards.principal import Principal
from guards.service import run_guarded

ADMIN = Principal(None, "admin", {})
ANALYST = Principal(None, "analyst", {})

SPARK_ATTACKS = [
    "SELECT * FROM parquet.`/etc/passwd`",
    "SELECT * FROM csv.`/etc/passwd`",
    "SELECT * FROM text.`/etc/hostname`",
    "SELECT reflect('java.lang.System', 'getenv', 'HOME')",
    "SELECT java_method('java.lang.System', 'getProperty', 'user.home')",
    "SELECT input_file_name() FROM orders",
    "SELECT current_user()",
    "SET spark.sql.runSQLOnFiles=true",
    "ADD JAR /tmp/evil.jar",
    "CACHE TABLE orders",
    "UNCACHE TABLE orders",
    "CREATE TEMPORARY VIEW v AS SELECT * FROM customers",
    "INSERT INTO orders SELECT * FROM orders",
    "SELECT * FROM range(10)",
    "SELECT * FROM spark_catalog.default.orders",
    "SELECT * FROM global_temp.orders",
    "REFRESH TABLE orders",
    "SELECT 1; SELECT 2",
]


@pytest.fixture
def spark(use_spark: Callable[[], Path]) -> SparkWarehouse:
    return spark_warehouse(use_spark().resolve(), engine_policy("spark").denied_functions)


@pytest.mark.parametrize("sql", SPARK_ATTACKS)
def test_spark_attack_is_blocked_through_the_guard(sql: str, use_spark: Callable[[], Path]) -> None:
    use_spark()
    for principal in (ADMIN, ANALYST):
        result = run_guarded(sql, principal)
        assert result.status == "blocked", (result.sql, result.notices)


@pytest.mark.parametrize("sql", [*SPARK_ATTACKS, "SELECT /*+ BROADCAST(o) */ * FROM orders o", "DROP VIEW orders"])
def test_sparks_own_parser_check_refuses_raw_spark_statements(sql: str, spark: SparkWarehouse) -> None:
    """Defence in depth: even text that bypassed the guard never reaches session.sql."""
    with pytest.raises(EngineRejection):
        check_with_spark_parser(spark, sql, engine_policy("spark"))


def test_the_parser_check_lets_a_plain_query_through(spark: SparkWarehouse) -> None:
    check_with_spark_parser(
        spark,
        "WITH __cte_a AS (SELECT customer_id FROM customers) SELECT count(*) FROM __cte_a",
        engine_policy("spark"),
    )


def test_hints_never_reach_spark(use_spark: Callable[[], Path]) -> None:
    use_spark()
    result = run_guarded("SELECT /*+ BROADCAST(o) */ count(*) AS n FROM orders o", ADMIN)
    assert result.status == "ok" and result.sql and "BROADCAST" not in result.sql


def test_the_session_reads_no_files_and_has_no_reflection(spark: SparkWarehouse, spark_export: Path) -> None:
    for sql in (
        f"SELECT * FROM parquet.`{spark_export / 'customers'}`",
        "SELECT reflect('java.lang.Thread', 'currentThread')",
    ):
        with pytest.raises(
            Exception, match=r"UNSUPPORTED_DATASOURCE_FOR_DIRECT_QUERY|UNRESOLVED_ROUTINE|runSQLOnFiles|TABLE_OR_VIEW"
        ):
            spark.session.sql(sql).collect()
    assert "order_month" not in spark.session.table("orders").columns  # the partition column stays hidden


def test_row_cap_fetches_one_row_more_than_allowed(spark: SparkWarehouse) -> None:
    output = execute_spark(
        spark, "SELECT order_id FROM orders ORDER BY order_id", RunLimits(max_rows=5, timeout_seconds=60)
    )
    assert len(output.rows) == 5 and output.truncated
    assert [r[0] for r in output.rows] == sorted(r[0] for r in output.rows)


def test_time_cap_interrupts_a_long_query(spark: SparkWarehouse) -> None:
    sql = "SELECT count(*) FROM orders a CROSS JOIN order_items b CROSS JOIN customers c WHERE a.net_amount > b.line_amount"
    started = time.perf_counter()
    with pytest.raises(ExecutionError, match="took longer than 1 s"):
        execute_spark(spark, sql, RunLimits(max_rows=1, timeout_seconds=1))
    assert time.perf_counter() - started < 30


def test_errors_echo_no_values(use_spark: Callable[[], Path], tiny_warehouse: Path) -> None:
    use_spark()
    cast = run_guarded("SELECT CAST(full_name AS INTEGER) FROM customers", ADMIN)
    assert cast.status == "error" and cast.notices[-1].message == "a value could not be converted to the requested type"
    missing = run_guarded("SELECT nope FROM customers", ADMIN)
    assert missing.status == "error"
    assert missing.notices[-1].message == "column nope does not exist or is not available to your role"


def test_the_audit_records_the_engine_and_the_sql_spark_ran(use_spark: Callable[[], Path]) -> None:
    use_spark()
    result = run_guarded("SELECT region, count(*) AS n FROM customers GROUP BY region ORDER BY region", ANALYST)
    entry = AuditLog().tail(1)[0]
    assert entry.audit_id == result.audit_id and entry.engine == "spark"
    assert (
        entry.rewritten_sql == result.sql and "NULLS LAST" in (result.sql or "") and "main." not in (result.sql or "")
    )
