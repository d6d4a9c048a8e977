"""`cdm privacy erase` on a private CDM_HOME holding every store: warehouse with pain points,
feedback index (Chroma + document table), audit log, chat history (SQLite), a standardization
backup and a Parquet export. Judged by searching every store for the customer's original values."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from chainlit.context import init_http_context
from chainlit.user import User
from typer.testing import CliRunner

from cdm.cli import app
from cdm.history.data_layer import open_history
from data.errors import CdmError
from data.export import export_warehouse
from feedback.store import SEARCH_COLLECTION, open_collection
from guards.audit import AuditLog
from guards.principal import Principal
from guards.service import run_guarded
from stewardship.erasure_journal import journal_folder

sys.path.insert(0, str(Path(__file__).parent))
from store_homes import home_with_every_store

RUNNER = CliRunner()


def _cdm(*args: str) -> tuple[int, str]:
    result = RUNNER.invoke(app, list(args))
    if isinstance(result.exception, CdmError):
        return result.exception.exit_code, result.exception.message
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


async def _thread(user: str, text: str) -> str:
    init_http_context()
    layer = open_history()
    try:
        persisted = await layer.create_user(User(identifier=user, metadata={"role": "admin"}))
        assert persisted is not None
        thread_id = str(uuid.uuid4())
        await layer.update_thread(thread_id, name=text[:40], user_id=persisted.id)
        step = {"id": str(uuid.uuid4()), "threadId": thread_id, "name": user, "type": "user_message",
                "output": text, "streaming": False, "createdAt": "2026-09-29T10:00:00Z", "metadata": {}}  # fmt: skip
        await layer.create_step(step)  # type: ignore[arg-type]
        return thread_id
    finally:
        await layer.close()


def _customer(warehouse: Path) -> dict[str, Any]:
    """A clean customer with at least one review (ideally quoted in a pain point) and one ticket."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        row = con.execute(
            "SELECT c.customer_id, c.full_name, c.phone, c.email, c.id_number FROM customers c "
            "WHERE c.customer_id IN (SELECT customer_id FROM reviews) AND c.customer_id IN (SELECT customer_id FROM support_tickets) "
            "AND c.customer_id NOT IN (SELECT record_id FROM truth_quality_defects) "
            "AND c.customer_id NOT IN (SELECT related_id FROM truth_quality_defects WHERE related_id IS NOT NULL) "
            "ORDER BY (SELECT count(*) FROM reviews r WHERE r.customer_id = c.customer_id AND r.rating <= 2) DESC, c.customer_id LIMIT 1"
        ).fetchone()
    assert row is not None
    return dict(zip(("customer_id", "full_name", "phone", "email", "id_number"), row, strict=True))


def _totals(warehouse: Path) -> tuple[Any, ...]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        total = con.execute("SELECT sum(net_amount), count(*) FROM orders").fetchone()
        by_region = con.execute(
            "SELECT c.region, sum(o.net_amount) FROM orders o JOIN customers c USING (customer_id) GROUP BY 1 ORDER BY 1"
        ).fetchall()
    return total, tuple(by_region)


@pytest.fixture(scope="module")
def home(feedback_index, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with home_with_every_store(feedback_index, tmp_path_factory.mktemp("erase_home")) as home:
        yield home


@pytest.fixture(scope="module")
def erased(home: Path) -> dict[str, Any]:
    """Seeds every store with the customer, takes the totals, erases once."""
    warehouse = home / "warehouse.duckdb"
    who = _customer(warehouse)
    with duckdb.connect(str(warehouse)) as con:  # a planted-looking variant, so standardize backs up this customer
        con.execute("UPDATE customers SET phone = '+86 ' || phone WHERE customer_id = ?", [who["customer_id"]])
    admin = Principal("admin", "admin")
    run_guarded(f"SELECT * FROM customers WHERE phone = '{who['phone']}'", admin, origin="sql", warehouse=warehouse)
    who["thread"] = asyncio.run(_thread("alice", f"why did {who['email']} get two refunds?"))
    who["other_thread"] = asyncio.run(_thread("alice", "revenue by region last quarter"))
    assert _cdm("quality", "standardize", "--apply", "--user", "admin")[0] == 0
    export_warehouse(warehouse, home / "parquet")
    who["before"] = _totals(warehouse)
    code, output = _cdm("privacy", "erase", "--customer-id", str(who["customer_id"]), "--user", "admin",
                        "--reason", f"PIPL request from {who['full_name']}", "--json")  # fmt: skip
    assert code == 0, output
    who["report"] = json.loads(output)
    return who


def _values(who: dict[str, Any]) -> list[str]:
    return [who["phone"], who["email"], who["id_number"]]


def test_every_store_was_reached(erased):
    stores = erased["report"]["stores"]
    assert erased["report"]["status"] == "erased"
    assert {s: v["status"] for s, v in stores.items()} == dict.fromkeys(stores, "done")
    assert stores["chat_history"]["count"] == 1 and stores["feedback_index"]["count"] >= 2


def test_no_table_of_the_warehouse_holds_the_values(erased, home):
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        tables = [t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        for table in tables:
            for value in _values(erased):
                hits = con.execute(f'SELECT count(*) FROM "{table}" t WHERE contains(CAST(t AS VARCHAR), ?)', [value])
                assert hits.fetchone() == (0,), (table, value)
        assert con.execute(
            "SELECT count(*) FROM customers WHERE customer_id = ?", [erased["customer_id"]]
        ).fetchone() == (0,)
        names = con.execute("SELECT count(*) FROM customers WHERE full_name = '[erased]'").fetchone()
    assert names == (1,)


def test_order_facts_stay_and_totals_are_unchanged(erased, home):
    assert _totals(home / "warehouse.duckdb") == erased["before"]


def test_the_feedback_index_forgets_their_texts(erased, home):
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        theirs = con.execute(
            "SELECT 'review', review_id FROM reviews WHERE review_text = '[erased]' UNION ALL "
            "SELECT 'ticket', ticket_id FROM support_tickets WHERE description = '[erased]'"
        ).fetchall()
    with duckdb.connect(str(home / "chroma" / "documents.duckdb"), read_only=True) as con:
        documents = set(con.execute("SELECT source, source_id FROM documents").fetchall())
        hashes = {h for (h,) in con.execute("SELECT DISTINCT content_hash FROM documents").fetchall()}
    assert len(theirs) >= 2 and not documents & set(theirs)
    stored = open_collection(home / "chroma", SEARCH_COLLECTION, create=False).get(include=[])["ids"]
    assert set(stored) == hashes  # a vector stays exactly while some document still uses its text


def test_the_audit_log_keeps_the_request_but_not_the_values(erased, home):
    AuditLog(home / "audit.duckdb").tail(1)  # moves the journal into the database
    with duckdb.connect(str(home / "audit.duckdb"), read_only=True) as con:
        for value in [*_values(erased), erased["full_name"]]:
            assert con.execute(
                "SELECT count(*) FROM audit_log t WHERE contains(CAST(t AS VARCHAR), ?)", [value]
            ).fetchone() == (0,)
        erasures = con.execute(
            "SELECT user_name, decision, question FROM audit_log WHERE origin = 'privacy_erase'"
        ).fetchall()
    assert erasures and erasures[-1][:2] == ("admin", "erased") and "PIPL request" in erasures[-1][2]


def test_chat_threads_that_mention_them_are_gone_others_stay(erased, home):
    with sqlite3.connect(home / "history.sqlite3") as con:
        ids = {r[0] for r in con.execute("SELECT id FROM threads").fetchall()}
    assert erased["thread"] not in ids and erased["other_thread"] in ids


def test_backups_and_exports_hold_no_copy(erased, home):
    for file in (home / "quality" / "standardize").glob("*/*.parquet"):
        with duckdb.connect() as con:
            assert con.execute(
                "SELECT count(*) FROM read_parquet(?) WHERE customer_id = ?", [str(file), erased["customer_id"]]
            ).fetchone() == (0,)
    assert not (home / "parquet").exists()


def test_a_second_run_is_a_no_op(erased, home):
    before = (home / "warehouse.duckdb").stat().st_mtime_ns
    code, output = _cdm(
        "privacy",
        "erase",
        "--customer-id",
        str(erased["customer_id"]),
        "--user",
        "admin",
        "--reason",
        "again",
        "--json",
    )
    assert code == 0 and json.loads(output)["status"] == "already_erased"
    assert (home / "warehouse.duckdb").stat().st_mtime_ns == before
    journal = json.loads((journal_folder() / f"{erased['customer_id']}.json").read_text())
    assert journal["new_key"] is None and journal["completed_at"]


def test_only_a_steward_may_erase_and_refusals_are_audited(home):
    code, message = _cdm("privacy", "erase", "--customer-id", "3", "--user", "alice", "--reason", "x")
    assert code != 0 and "steward role" in message
    last = AuditLog(home / "audit.duckdb").tail(1)[-1]
    assert (last.user, last.origin, last.decision) == ("alice", "privacy_erase", "refused")
