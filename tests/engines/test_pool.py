"""The pool of hardened DuckDB databases: reuse, hardening on every hand-out, discarding after a
timeout, a rebuilt file picked up while requests run, and mixed roles in parallel never mixing rows."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from engines import duckdb_pool
from engines.base import RunLimits
from engines.duckdb_engine import execute
from engines.duckdb_hardening import HardeningLost, verify_cursor
from engines.duckdb_pool import ConnectionPool
from guards.principal import Principal
from guards.service import run_guarded

ANALYST = Principal("alice", "analyst", {})
EAST = Principal("erin", "regional_manager", {"region": "East"})
VIEWER = Principal(None, "viewer", {})

ESCAPES = (
    "SET enable_external_access = true",
    "SET lock_configuration = false",
    "SET max_execution_time = 100000",
    "SET memory_limit = '64GB'",
    "SELECT * FROM read_csv('/etc/passwd')",
    "ATTACH '/tmp/cdm-escape.duckdb' AS escape",
    "COPY (SELECT 1) TO '/tmp/cdm-escape.csv'",
    "INSTALL httpfs",
    "LOAD httpfs",
    "CREATE TABLE main.x AS SELECT 1",
    "DETACH warehouse",
    "USE memory",
)


@pytest.fixture
def warehouse_copy(tiny_warehouse: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(tiny_warehouse, copy)
    return copy


def test_one_database_serves_many_requests(tiny_warehouse: Path) -> None:
    pool = ConnectionPool()
    for _ in range(5):
        with pool.cursor(tiny_warehouse, 5) as cursor:
            assert cursor.execute("SELECT count(*) FROM customers").fetchone() == (2000,)
    with pool.cursor(tiny_warehouse, 10) as cursor:  # another time limit: another database
        cursor.execute("SELECT 1").fetchall()
    stats = pool.stats()
    assert (stats.opened, stats.handed_out) == (2, 6)


def test_a_reused_connection_is_still_hardened(tiny_warehouse: Path) -> None:
    pool = ConnectionPool()
    for attempt in range(3):
        with pool.cursor(tiny_warehouse, 5) as cursor:
            for statement in ESCAPES:
                with pytest.raises(duckdb.Error):
                    cursor.execute(statement)
            cursor.execute(f"CREATE TEMP TABLE scratch_{attempt} AS SELECT 1 AS one")
            temps = cursor.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()
            assert temps == [(f"scratch_{attempt}",)]  # nothing left by the previous request
            settings = dict(cursor.execute("SELECT name, value FROM duckdb_settings()").fetchall())
            assert settings["enable_external_access"] == "false" and settings["lock_configuration"] == "true"
            assert settings["max_execution_time"] == "5000" and settings["autoload_known_extensions"] == "false"
    assert pool.stats().opened == 1
    assert not Path("/tmp/cdm-escape.csv").exists() and not Path("/tmp/cdm-escape.duckdb").exists()


def test_a_database_whose_statement_timed_out_is_discarded(tiny_warehouse: Path) -> None:
    pool = ConnectionPool()
    slow = "SELECT count(*) FROM range(1000000) a, range(1000000) b WHERE a.range + b.range = 7"
    with pytest.raises(duckdb.InterruptException), pool.cursor(tiny_warehouse, 30) as cursor:
        execute(cursor, slow, RunLimits(10, 0.3))
    with pool.cursor(tiny_warehouse, 30) as cursor:
        assert cursor.execute("SELECT 42").fetchone() == (42,)
    assert (pool.stats().opened, pool.stats().closed) == (2, 1)


def test_an_ordinary_error_keeps_the_database(tiny_warehouse: Path) -> None:
    pool = ConnectionPool()
    with pytest.raises(duckdb.BinderException), pool.cursor(tiny_warehouse, 5) as cursor:
        cursor.execute("SELECT nope FROM customers")
    with pool.cursor(tiny_warehouse, 5) as cursor:
        cursor.execute("SELECT 1").fetchall()
    assert pool.stats().opened == 1


def _rebuilt(source: Path, target: Path) -> int:
    """Writes a changed copy of `source` beside `target` and renames it in, as `cdm data build` does."""
    staging = target.with_name(".rebuild.building")
    shutil.copy(source, staging)
    with duckdb.connect(str(staging)) as con:
        con.execute("DELETE FROM orders WHERE order_id % 2 = 0")
        (count,) = con.execute("SELECT count(*) FROM orders").fetchone()  # type: ignore[misc]
    os.replace(staging, target)
    return int(count)


def _in_threads(work: Callable[[], None], threads: int) -> None:
    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)


def test_a_rebuilt_warehouse_is_picked_up_while_requests_run(warehouse_copy: Path, tiny_warehouse: Path) -> None:
    def count() -> tuple[str, tuple[tuple[object, ...], ...]]:
        result = run_guarded("SELECT count(*) FROM orders", ANALYST, warehouse=warehouse_copy)
        return result.status, result.rows

    before = count()
    seen: list[tuple[str, tuple[tuple[object, ...], ...]]] = []
    stop = threading.Event()

    def ask_until_stopped() -> None:
        while not stop.is_set():
            seen.append(count())

    asking = threading.Thread(target=lambda: _in_threads(ask_until_stopped, 3))
    asking.start()
    after = _rebuilt(tiny_warehouse, warehouse_copy)
    threading.Event().wait(0.5)
    stop.set()
    asking.join(timeout=120)
    assert {status for status, _ in seen} == {"ok"}
    assert {rows for _, rows in seen} <= {before[1], ((after,),)}
    assert count() == ("ok", ((after,),)) and after < before[1][0][0]  # type: ignore[operator]


def test_mixed_roles_in_parallel_never_see_each_others_rows(tiny_warehouse: Path) -> None:
    sql = "SELECT region, count(*) AS n FROM customers GROUP BY region ORDER BY region"
    principals = (ANALYST, EAST, VIEWER)
    expected = {p.role: run_guarded(sql, p, warehouse=tiny_warehouse).rows for p in principals}
    assert len({rows for rows in expected.values()}) == 3  # the roles really see different rows
    mismatches: list[str] = []

    def ask_as_each() -> None:
        for _ in range(8):
            for principal in principals:
                rows = run_guarded(sql, principal, warehouse=tiny_warehouse).rows
                if rows != expected[principal.role]:
                    mismatches.append(principal.role)

    _in_threads(ask_as_each, 6)
    assert mismatches == []


WRITE = "import duckdb, sys\nduckdb.connect(sys.argv[1]).execute('CREATE TABLE IF NOT EXISTS w AS SELECT 1').close()"


def _writer_succeeds(path: Path) -> bool:
    return subprocess.run([sys.executable, "-c", WRITE, str(path)], capture_output=True, timeout=60).returncode == 0


def test_an_unused_database_is_closed_and_frees_the_file(warehouse_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(duckdb_pool, "IDLE_SECONDS", 0.5)
    pool = ConnectionPool()
    with pool.cursor(warehouse_copy, 5) as cursor:
        cursor.execute("SELECT 1").fetchall()
        assert not _writer_succeeds(warehouse_copy)  # another process cannot write while the pool holds it
    deadline = time.monotonic() + 10
    while pool.stats().closed == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert pool.stats().closed == 1 and _writer_succeeds(warehouse_copy)


def test_a_connection_without_its_hardening_is_never_handed_out() -> None:
    with duckdb.connect() as plain, pytest.raises(HardeningLost, match="lost its hardening"):
        verify_cursor(plain, 5)
