"""Hardened execution, error mapping, semantic-layer SQL through the guard, the audit log, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from cdm.cli import app
from engines.base import EngineRejection, RunLimits
from engines.duckdb_engine import execute
from engines.duckdb_parser import check_with_duckdb_parser
from engines.duckdb_pool import hardened_cursor as hardened_connection
from guards.audit import AuditLog
from guards.engine_policy import engine_policy
from guards.principal import Principal
from guards.service import guard_sql, run_guarded

ANALYST = Principal("alice", "analyst", {})
EAST = Principal("erin", "regional_manager", {"region": "East"})
VIEWER = Principal(None, "viewer", {})


def test_hardened_connection_refuses_files_settings_and_writes(tiny_warehouse: Path) -> None:
    with hardened_connection(tiny_warehouse, 5) as con:
        settings = dict(con.execute("SELECT name, value FROM duckdb_settings()").fetchall())
        assert settings["enable_external_access"] == "false"
        assert settings["lock_configuration"] == "true"
        assert settings["autoload_known_extensions"] == "false"
        assert settings["max_execution_time"] == "5000"
        for statement in (
            "SET enable_external_access = true",
            "SELECT * FROM read_csv('/etc/passwd')",
            "CREATE TABLE x AS SELECT 1",
            "INSTALL httpfs",
        ):
            with pytest.raises(duckdb.Error):
                con.execute(statement)


def test_queries_are_interrupted_after_the_timeout(tiny_warehouse: Path) -> None:
    with hardened_connection(tiny_warehouse, 30) as con, pytest.raises(duckdb.InterruptException):
        execute(
            con,
            "SELECT count(*) FROM range(1000000) a, range(1000000) b WHERE a.range + b.range = 7",
            RunLimits(10, 0.5),
        )


def test_database_errors_do_not_echo_values(tiny_warehouse: Path) -> None:
    result = run_guarded("SELECT CAST(city AS INTEGER) FROM customers", ANALYST, warehouse=tiny_warehouse)
    assert result.status == "error"
    assert result.notices[-1].message == "a value could not be converted to the requested type"


def test_rows_are_capped_with_a_notice(tiny_warehouse: Path) -> None:
    result = run_guarded("SELECT order_id FROM orders", ANALYST, warehouse=tiny_warehouse)
    assert result.row_count == 5000
    assert [n.code for n in result.notices] == ["row_limit"]


def test_regional_manager_counts_only_their_region(tiny_warehouse: Path) -> None:
    with duckdb.connect(str(tiny_warehouse), read_only=True) as con:
        (expected,) = con.execute(
            "SELECT count(*) FROM orders JOIN customers USING (customer_id) WHERE region = 'East'"
        ).fetchone()  # type: ignore[misc]
    result = run_guarded("SELECT count(*) FROM orders", EAST, warehouse=tiny_warehouse)
    assert result.rows == ((expected,),)


def test_semantic_query_for_viewer_suppresses_small_groups(tiny_warehouse: Path) -> None:
    from semantic_layer.compiler import compile_query
    from semantic_layer.query import SemanticQuery

    query = SemanticQuery.model_validate(
        {
            "metrics": ["revenue"],
            "group_by": ["city"],
            "filters": [{"dimension": "member_tier", "op": "=", "value": "Platinum"}],
        }
    )
    compiled = compile_query(query)
    assert not guard_sql(compiled.expression, VIEWER, origin="sql").allowed
    result = run_guarded(compiled.expression, VIEWER, origin="semantic", warehouse=tiny_warehouse)
    assert result.status == "ok"
    with duckdb.connect(str(tiny_warehouse), read_only=True) as con:
        sizes = dict(
            con.execute(
                "SELECT city, count(DISTINCT customer_id) FROM orders JOIN customers USING (customer_id) "
                "WHERE member_tier = 'Platinum' AND status <> 'cancelled' GROUP BY city"
            ).fetchall()
        )
    shown = {row[0] for row in result.rows}
    assert shown == {city for city, n in sizes.items() if n >= 10}
    small = sum(1 for n in sizes.values() if n < 10)
    assert small > 0
    # issue 16: the notice no longer counts removed groups (an oracle); it is uniform
    hidden = [n for n in result.notices if n.code == "small_groups_suppressed"]
    assert len(hidden) == 1 and hidden[0].message.startswith("small groups are hidden")


def test_every_request_is_audited(tiny_warehouse: Path) -> None:
    ok = run_guarded("SELECT count(*) FROM customers", ANALYST, question="how many?", warehouse=tiny_warehouse)
    blocked = run_guarded("DROP TABLE orders", ANALYST, warehouse=tiny_warehouse)
    entries = {e.audit_id: e for e in AuditLog().tail(50)}
    assert entries[ok.audit_id or ""].decision == "ok"
    assert entries[ok.audit_id or ""].question == "how many?"
    assert entries[ok.audit_id or ""].rewritten_sql == ok.sql
    assert entries[blocked.audit_id or ""].decision == "blocked"
    assert entries[blocked.audit_id or ""].notices[0]["code"] == "not_a_query"
    assert entries[blocked.audit_id or ""].user == "alice"
    AuditLog().record_feedback(ok.audit_id or "", -1, "wrong number")
    assert AuditLog().feedback(ok.audit_id or "") == [(-1, "wrong number")]


APPEND_MANY = """
import sys
from pathlib import Path
from guards.audit import AuditLog
from guards.principal import Principal
log = AuditLog(Path(sys.argv[1]))
for i in range(5):
    log.record(principal=Principal("w", "analyst", {}), origin="sql", original_sql=f"SELECT {i}",
               rewritten_sql=None, decision="ok")
"""


def test_audit_log_is_safe_under_concurrent_writers(tmp_path: Path) -> None:
    path = tmp_path / "audit.duckdb"
    workers = [subprocess.Popen([sys.executable, "-c", APPEND_MANY, str(path)]) for _ in range(4)]
    assert [w.wait(timeout=120) for w in workers] == [0, 0, 0, 0]
    assert len(AuditLog(path).tail(100)) == 20


APPEND_AND_INGEST = """
import sys
from pathlib import Path
import guards.audit as audit
audit.JOURNAL_BYTES = 2_000  # ingest every few records, racing the other writers
from guards.principal import Principal
log = audit.AuditLog(Path(sys.argv[1]))
for i in range(40):
    log.record(principal=Principal("w", "analyst", {}), origin="sql", original_sql=f"SELECT {i}",
               rewritten_sql=None, decision="ok")
    if i % 13 == 0:
        log.tail(1)
"""


def test_the_journal_loses_and_duplicates_nothing_while_writers_ingest(tmp_path: Path) -> None:
    path = tmp_path / "audit.duckdb"
    workers = [subprocess.Popen([sys.executable, "-c", APPEND_AND_INGEST, str(path)]) for _ in range(3)]
    assert [w.wait(timeout=120) for w in workers] == [0, 0, 0]
    entries = AuditLog(path).tail(500)
    assert len(entries) == 120 and len({e.audit_id for e in entries}) == 120
    assert AuditLog(path).journal.stat().st_size == 0


def test_a_journal_left_by_a_crash_after_the_insert_is_not_counted_twice(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.duckdb")
    first = log.record(principal=ANALYST, origin="sql", original_sql="SELECT 1", rewritten_sql=None, decision="ok")
    pending = log.journal.read_text(encoding="utf-8")
    assert [e.audit_id for e in log.tail(5)] == [first]  # ingested and the journal emptied
    log.journal.write_text(pending, encoding="utf-8")  # as if the process died before emptying it
    second = log.record(principal=ANALYST, origin="sql", original_sql="SELECT 2", rewritten_sql=None, decision="ok")
    assert [e.audit_id for e in log.tail(5)] == [first, second]


def test_audit_keeps_provenance(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.duckdb")
    audit_id = log.record(
        principal=VIEWER, origin="semantic", original_sql="SELECT 1", rewritten_sql="SELECT 1", decision="ok",
        provenance={"definitions": "abc", "policy": "def", "as_of": "2026-09-30"},
    )  # fmt: skip
    (entry,) = log.tail(1)
    assert entry.audit_id == audit_id and entry.provenance == {
        "definitions": "abc",
        "policy": "def",
        "as_of": "2026-09-30",
    }


def test_cli_contracts(tiny_warehouse: Path) -> None:
    runner = CliRunner()
    guarded = runner.invoke(app, ["guard", "SELECT phone FROM customers", "--role", "analyst", "--json"])
    payload = json.loads(guarded.output)
    assert guarded.exit_code == 0 and payload["allowed"] is True and "main.customers" in payload["sql"]
    blocked = runner.invoke(app, ["guard", "SELECT id_number FROM customers", "--role", "analyst", "--json"])
    assert json.loads(blocked.output) == {
        "allowed": False,
        "sql": None,
        "notices": [
            {
                "code": "column_denied",
                "message": "customers.id_number is not available to role analyst",
                "table": "customers",
                "column": "id_number",
            }
        ],
    }
    ran = runner.invoke(
        app, ["sql", "SELECT region, count(*) AS n FROM customers GROUP BY ALL", "--user", "sam", "--json"]
    )
    result = json.loads(ran.output)
    assert result["status"] == "ok" and result["columns"] == ["region", "n"] and result["rows"][0][0] == "South"
    tail = runner.invoke(app, ["audit", "tail", "-n", "2", "--json"])
    assert [e["original_sql"] for e in json.loads(tail.output)][-1].startswith("SELECT region")


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1; SELECT 2",
        "SELECT * FROM read_csv('x.csv')",
        "SELECT getenv('HOME')",
        "SELECT * FROM main.truth_review_theme",
        "SELECT * FROM customers",
        "SELECT * FROM other.main.customers",
        "SELECT current_setting('threads')",
        "DROP TABLE customers",
    ],
)
def test_duckdb_parser_check_rejects_unsafe_text(sql: str, tiny_warehouse: Path) -> None:
    with hardened_connection(tiny_warehouse, 5) as con, pytest.raises(EngineRejection):
        check_with_duckdb_parser(con, sql, engine_policy("duckdb"))


def test_duckdb_parser_check_accepts_guard_output(tiny_warehouse: Path) -> None:
    decision = guard_sql(
        "WITH x AS (SELECT * FROM customers) SELECT phone FROM x JOIN orders USING (customer_id)", EAST
    )
    with hardened_connection(tiny_warehouse, 5) as con:
        check_with_duckdb_parser(con, decision.sql or "", engine_policy("duckdb"))


def test_comments_never_reach_the_database() -> None:
    decision = guard_sql("SELECT phone -- */ FROM main.customers /*\nFROM customers /* note */", ANALYST)
    assert decision.allowed and decision.sql and "/*" not in decision.sql and "--" not in decision.sql
