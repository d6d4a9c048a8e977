"""`cdm privacy retention --apply` reaches every copy of an expired text and the chat history:
the feedback index forgets the replaced texts' documents, the Parquet export (which holds them) is
removed, and chat threads inactive past the policy's days are deleted while recent ones stay."""

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
from data.export import export_warehouse

sys.path.insert(0, str(Path(__file__).parent))
from store_homes import home_with_every_store

RUNNER = CliRunner()


def _retention(*args: str) -> dict[str, int]:
    result = RUNNER.invoke(app, ["privacy", "retention", *args, "--json"])
    assert result.exit_code == 0, result.output
    return {r["store"]: r["affected"] for r in json.loads(result.output)}


async def _thread(last_activity: str) -> str:
    init_http_context()
    layer = open_history()
    try:
        persisted = await layer.create_user(User(identifier="alice", metadata={"role": "analyst"}))
        assert persisted is not None
        thread_id = str(uuid.uuid4())
        await layer.update_thread(thread_id, name="revenue by region", user_id=persisted.id)
        step = {"id": str(uuid.uuid4()), "threadId": thread_id, "name": "alice", "type": "user_message",
                "output": "revenue by region", "streaming": False, "createdAt": last_activity, "metadata": {}}  # fmt: skip
        await layer.create_step(step)  # type: ignore[arg-type]
        return thread_id
    finally:
        await layer.close()


@pytest.fixture(scope="module")
def retained(feedback_index, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    with home_with_every_store(feedback_index, tmp_path_factory.mktemp("retention_home")) as home:
        with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
            expired = con.execute(
                "SELECT 'ticket', ticket_id FROM support_tickets "
                "WHERE created_ts < DATE '2026-09-30' - INTERVAL 730 DAY"
            ).fetchall()
        old = asyncio.run(_thread("2020-01-01T10:00:00Z"))
        recent = asyncio.run(_thread("2099-01-01T10:00:00Z"))
        export_warehouse(home / "warehouse.duckdb", home / "parquet")
        due = _retention("--dry-run")
        applied = _retention("--apply", "--user", "admin")
        yield {"home": home, "expired": set(expired), "old": old, "recent": recent, "due": due, "applied": applied}


def test_the_dry_run_counts_inactive_threads_and_the_documents_to_drop(retained):
    assert retained["due"]["chat_threads"] == 1
    assert retained["due"]["feedback_index"] == len(retained["expired"]) > 0


def test_the_feedback_index_forgets_the_expired_texts(retained):
    with duckdb.connect(str(retained["home"] / "chroma" / "documents.duckdb"), read_only=True) as con:
        documents = set(con.execute("SELECT source, source_id FROM documents").fetchall())
    assert documents and not documents & retained["expired"]
    assert retained["applied"]["feedback_index"] > 0


def test_the_export_holding_the_old_texts_is_removed(retained):
    assert retained["applied"]["parquet_export"] == 1 and not (retained["home"] / "parquet").exists()


def test_inactive_threads_go_recent_ones_stay(retained):
    with sqlite3.connect(retained["home"] / "history.sqlite3") as con:
        ids = {r[0] for r in con.execute("SELECT id FROM threads").fetchall()}
    assert retained["applied"]["chat_threads"] == 1
    assert retained["old"] not in ids and retained["recent"] in ids
