"""An erasure stopped part-way says which stores are done, and the next run finishes the rest.

The stop is real: another steward command holds the warehouse's writer lock, so the last store
(the warehouse) cannot be rewritten. Retention rules run on the same private copy.
"""

from __future__ import annotations

import fcntl
import json
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from cdm.cli import app
from data.errors import CdmError
from guards.audit import AuditLog

RUNNER = CliRunner()


def _cdm(*args: str) -> tuple[int, str]:
    result = RUNNER.invoke(app, list(args))
    if isinstance(result.exception, CdmError):
        return result.exception.exit_code, result.exception.message
    return result.exit_code, result.output


def _journal(home: Path, customer_id: int) -> dict[str, object]:
    return json.loads((home / "privacy" / "erasures" / f"{customer_id}.json").read_text(encoding="utf-8"))


def test_a_stopped_erasure_reports_the_done_stores_and_resumes(steward_home):
    warehouse = steward_home / "warehouse.duckdb"
    lock_path = warehouse.with_name(f".{warehouse.name}.steward.lock")
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        code, message = _cdm("privacy", "erase", "--customer-id", "7", "--user", "admin", "--reason", "test")
        fcntl.flock(lock, fcntl.LOCK_UN)
    assert code != 0 and "another steward command" in message
    steps = _journal(steward_home, 7)["steps"]
    assert isinstance(steps, dict) and list(steps)[-1] == "parquet_export" and "warehouse" not in steps
    assert AuditLog(steward_home / "audit.duckdb").tail(1)[-1].decision == "incomplete"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM customers WHERE customer_id = 7").fetchone() == (1,)
    code, output = _cdm("privacy", "erase", "--customer-id", "7", "--user", "admin", "--reason", "test", "--json")
    assert code == 0 and json.loads(output)["status"] == "erased"
    assert _journal(steward_home, 7)["steps"]["warehouse"]["status"] == "done"  # type: ignore[index]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM customers WHERE customer_id = 7").fetchone() == (0,)


def test_an_unknown_customer_is_a_clear_error(steward_home):
    code, message = _cdm("privacy", "erase", "--customer-id", "123456789", "--user", "admin", "--reason", "x")
    assert code == 2 and message == "no customer 123456789 in the warehouse"


def test_retention_dry_run_counts_and_apply_redacts_old_texts(steward_home):
    warehouse = steward_home / "warehouse.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        old = con.execute(
            "SELECT count(*) FROM support_tickets WHERE created_ts < DATE '2026-09-30' - INTERVAL 730 DAY"
        ).fetchone()
    code, output = _cdm("privacy", "retention", "--dry-run", "--json")
    due = {r["store"]: r["affected"] for r in json.loads(output)}
    assert code == 0 and old is not None and due["support_tickets"] == old[0] > 0
    assert _cdm("privacy", "retention", "--apply", "--user", "alice")[0] != 0
    code, output = _cdm("privacy", "retention", "--apply", "--user", "admin", "--json")
    assert code == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        kept = con.execute(
            "SELECT count(*) FROM support_tickets WHERE created_ts < DATE '2026-09-30' - INTERVAL 730 DAY "
            "AND description <> '[removed: retention]'"
        ).fetchone()
    assert kept == (0,)
    _, output = _cdm("privacy", "retention", "--dry-run", "--json")
    assert {r["store"]: r["affected"] for r in json.loads(output)}["support_tickets"] == 0


def test_a_name_other_customers_share_does_not_pick_chat_threads(steward_home):
    from stewardship.erasure_target import load_target

    warehouse = steward_home / "warehouse.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        row = con.execute(
            "SELECT min(customer_id), full_name FROM customers GROUP BY full_name HAVING count(*) > 1 LIMIT 1"
        ).fetchone()
    assert row is not None
    target = load_target(warehouse, row[0])
    assert row[1] in target.values  # still scrubbed from the audit log and the reason
    assert row[1] not in target.identifying_values and target.identifying_values  # phone, email, ID number
