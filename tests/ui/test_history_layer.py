"""The history's data layer on real databases: SQLite in a temporary CDM_HOME and PostgreSQL on
loopback. Threads, steps, elements persist and read back; delete removes rows and files;
retention and erasure find the right threads; hostile ids and Chainlit's unchecked feedback
endpoint are refused."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from chainlit.context import init_http_context
from chainlit.element import File
from chainlit.types import Feedback
from chainlit.user import User

from assistant.conversation import Conversation
from assistant.planner.plan import QueryPlan
from cdm.history.conversation_state import METADATA_KEY, dump_conversation, load_conversation
from cdm.history.data_layer import HistoryDataLayer, open_history
from cdm.history.erasure import adelete_threads, afind_threads_mentioning
from cdm.history.retention import PRUNE_ORIGIN, prune_history, prune_threads
from cdm.history.settings import HistorySettings
from cdm.history.storage import LocalStorageClient
from guards.audit import AuditLog
from semantic_layer.query import SemanticQuery

NOW = dt.datetime(2026, 9, 30, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> HistorySettings:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'history.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    return HistorySettings(database_url=url, files_dir=tmp_path / "files", retention_days=30)


def in_thread(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """asyncio.run on a thread of its own (Playwright's sync API may keep a loop running here)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def run(settings: HistorySettings, scenario: Callable[[HistoryDataLayer], Awaitable[Any]]) -> Any:
    """Runs a scenario on a fresh data layer inside a Chainlit HTTP context, then empties the
    database (the PostgreSQL one is shared by the session)."""

    async def main() -> Any:
        init_http_context()
        layer = open_history(settings)
        try:
            return await scenario(layer)
        finally:
            for table in ("feedbacks", "elements", "steps", "threads", "users"):
                await layer.execute_sql(f"DELETE FROM {table}", {})
            await layer.close()

    return in_thread(main())


async def make_thread(layer: HistoryDataLayer, user: str, question: str, when: str = "2026-09-29T10:00:00Z") -> str:
    persisted = await layer.create_user(User(identifier=user, metadata={"role": "analyst"}))
    assert persisted is not None
    thread_id = str(uuid.uuid4())
    await layer.update_thread(thread_id, name=question, user_id=persisted.id)
    for kind, text in (("user_message", question), ("assistant_message", f"Answer to {question}")):
        step = {"id": str(uuid.uuid4()), "threadId": thread_id, "name": user, "type": kind, "output": text,
                "streaming": False, "createdAt": when, "metadata": {}}  # fmt: skip
        await layer.create_step(step)  # type: ignore[arg-type]
    csv = File(name="../../answer.csv", content=f"question\n{question}\n".encode(), mime="text/csv",
               thread_id=thread_id, for_id=step["id"])  # fmt: skip
    await layer.create_element(csv)
    return thread_id


def test_a_thread_reads_back_as_written_with_its_element(settings: HistorySettings) -> None:
    async def scenario(layer: HistoryDataLayer) -> None:
        thread_id = await make_thread(layer, "alice", "revenue by region")
        thread = await layer.get_thread(thread_id)
        assert thread is not None and thread["userIdentifier"] == "alice" and thread["name"] == "revenue by region"
        assert [s["output"] for s in thread["steps"]] == ["revenue by region", "Answer to revenue by region"]
        (element,) = thread["elements"]
        assert element["url"] == "data:text/csv;base64,cXVlc3Rpb24KcmV2ZW51ZSBieSByZWdpb24K"
        assert await layer.get_thread_author(thread_id) == "alice"
        alice = await layer.get_user("alice")
        assert alice is not None
        listed = await layer.get_all_user_threads(user_id=alice.id)
        assert [t["id"] for t in listed or []] == [thread_id]

    run(settings, scenario)


def test_delete_removes_the_rows_and_the_element_files(settings: HistorySettings) -> None:
    async def scenario(layer: HistoryDataLayer) -> None:
        kept, gone = await make_thread(layer, "alice", "orders"), await make_thread(layer, "alice", "revenue")
        assert len(list(settings.files_dir.iterdir())) == 4  # two files, two MIME notes
        await layer.delete_thread(gone)
        assert await layer.get_thread(gone) is None and await layer.get_thread(kept) is not None
        for table in ("steps", "elements"):
            rows = await layer.execute_sql(f'SELECT count(*) AS n FROM {table} WHERE "threadId" = :id', {"id": gone})
            assert rows == [{"n": 0}]
        assert len(list(settings.files_dir.iterdir())) == 2

    run(settings, scenario)


def test_thread_ids_that_are_not_uuids_are_refused(settings: HistorySettings) -> None:
    """The browser proposes a new thread's id, and Chainlit splices stored ids into a query."""

    async def scenario(layer: HistoryDataLayer) -> None:
        await make_thread(layer, "alice", "revenue")
        hostile = "x') OR 1=1 --"
        with pytest.raises(ValueError, match="UUID"):
            await layer.update_thread(hostile, name="sneaky")
        assert await layer.get_thread(hostile) is None and await layer.get_thread_author(hostile) == ""
        assert await layer.get_thread_author(str(uuid.uuid4())) == ""  # unknown: 404, not 500

    run(settings, scenario)


def test_chainlits_unchecked_feedback_endpoint_is_refused(settings: HistorySettings) -> None:
    async def scenario(layer: HistoryDataLayer) -> None:
        with pytest.raises(ValueError, match="own buttons"):
            await layer.upsert_feedback(Feedback(forId=str(uuid.uuid4()), value=1))

    run(settings, scenario)


def test_retention_deletes_only_threads_idle_past_the_limit(settings: HistorySettings) -> None:
    async def scenario(layer: HistoryDataLayer) -> None:
        old = await make_thread(layer, "erin", "orders in spring", when="2026-07-01T09:00:00Z")
        recent = await make_thread(layer, "erin", "orders this week", when="2026-09-28T09:00:00Z")
        assert await prune_threads(layer, 30, now=NOW) == 1
        assert await layer.get_thread(old) is None and await layer.get_thread(recent) is not None
        assert await prune_threads(layer, 30, now=NOW) == 0

    run(settings, scenario)


def test_erasure_finds_threads_by_message_or_element_text_for_every_user(settings: HistorySettings) -> None:
    async def scenario(layer: HistoryDataLayer) -> None:
        by_question = await make_thread(layer, "alice", "orders of Jane Doe")
        by_other_user = await make_thread(layer, "erin", "what did JANE DOE buy")
        unrelated = await make_thread(layer, "alice", "revenue by region")
        found = await afind_threads_mentioning("jane doe", layer)
        assert {t.thread_id for t in found} == {by_question, by_other_user}
        assert {t.user for t in found} == {"alice", "erin"}
        assert await afind_threads_mentioning("100%_", layer) == []  # LIKE wildcards are literal
        assert await adelete_threads([t.thread_id for t in found] + ["not-a-uuid"], layer) == 2
        assert await layer.get_thread(unrelated) is not None
        assert await afind_threads_mentioning("jane doe", layer) == []

    run(settings, scenario)


def test_the_conversation_state_survives_the_thread_metadata() -> None:
    plan = QueryPlan(SemanticQuery(metrics=("revenue",), group_by=("region",)), "Revenue by region")
    conversation = Conversation(last_query=plan, questions=["revenue by region"])
    stored = {METADATA_KEY: dump_conversation(conversation), "chat_settings": {}}
    assert load_conversation(stored) == conversation
    assert load_conversation(__import__("json").dumps(stored)) == conversation  # SQLite returns text
    assert load_conversation({METADATA_KEY: '{"last_query": 42}'}) == Conversation()  # unreadable: fresh
    assert load_conversation(None) == Conversation()


def test_element_keys_never_become_paths(tmp_path: Path) -> None:
    storage = LocalStorageClient(tmp_path / "files")
    in_thread(storage.upload_file("user/element/../../../escape.csv", b"x", "text/csv"))
    assert not (tmp_path / "escape.csv").exists()
    assert all(p.parent == tmp_path / "files" for p in (tmp_path / "files").iterdir())
    assert (tmp_path / "files").stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in (tmp_path / "files").iterdir())


def test_prune_history_uses_the_settings_and_audits_the_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDM_HOME", str(tmp_path))
    monkeypatch.delenv("CDM_DATABASE_URL", raising=False)
    monkeypatch.setenv("CDM_HISTORY_DAYS", "30")
    settings = HistorySettings(
        f"sqlite+aiosqlite:///{(tmp_path / 'history.sqlite3').resolve()}", tmp_path / "history-files", 30
    )

    async def seed() -> None:
        init_http_context()
        layer = open_history(settings)
        await make_thread(layer, "mia", "old question", when="2020-01-01T00:00:00Z")
        await layer.close()

    in_thread(seed())
    assert prune_history() == 1
    entry = AuditLog().tail(1)[-1]
    assert (entry.origin, entry.row_count, entry.decision) == (PRUNE_ORIGIN, 1, "allowed")
    assert "30 days" in (entry.question or "")
    database = tmp_path / "history.sqlite3"
    assert database.stat().st_mode & 0o777 == 0o600
    assert sqlite3.connect(database).execute("SELECT count(*) FROM threads").fetchone() == (0,)
