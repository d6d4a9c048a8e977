"""Chainlit's SQLAlchemy data layer, opened on our settings, with three safety changes:

- thread ids must be UUIDs (the browser proposes the id of a new thread, and Chainlit splices
  thread ids read back from the table into one of its queries);
- an unknown thread has no author (`""`, so Chainlit answers 404 instead of failing with 500);
- Chainlit's own thumbs widget is refused: its endpoint does not check whose message is rated.
  Ratings go through the answer's buttons into the audit log, and their confirmation is a message
  of the thread.
"""

from __future__ import annotations

import asyncio
import os
import threading
import uuid
from collections.abc import Coroutine
from typing import Any, TypeVar

from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.types import Feedback, ThreadDict
from sqlalchemy import event

from cdm.history.schema import create_schema
from cdm.history.settings import HistorySettings, history_settings
from cdm.history.storage import LocalStorageClient

T = TypeVar("T")
SQLITE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA busy_timeout=10000", "PRAGMA foreign_keys=ON")


def is_thread_id(value: object) -> bool:
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


class HistoryDataLayer(SQLAlchemyDataLayer):
    def __init__(self, settings: HistorySettings) -> None:
        self.settings = settings
        self.storage = LocalStorageClient(settings.files_dir)
        super().__init__(conninfo=settings.database_url, storage_provider=self.storage)
        if settings.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)

    async def update_thread(self, thread_id: str, *args: Any, **kwargs: Any) -> None:
        if not is_thread_id(thread_id):
            raise ValueError("a thread id must be a UUID")
        await super().update_thread(thread_id, *args, **kwargs)

    async def get_thread(self, thread_id: str) -> ThreadDict | None:
        return await super().get_thread(thread_id) if is_thread_id(thread_id) else None

    async def get_thread_author(self, thread_id: str) -> str:
        if not is_thread_id(thread_id):
            return ""
        try:
            return await super().get_thread_author(thread_id)
        except ValueError:
            return ""

    async def upsert_feedback(self, feedback: Feedback) -> str:
        raise ValueError("rate an answer with its own buttons")


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
    """Runs a coroutine to completion from sync code, even when an event loop is running here
    (Chainlit builds its data layer from inside one): on a thread with a loop of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    result: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(coroutine))
        except BaseException as error:  # re-raised on the caller's thread
            errors.append(error)

    worker = threading.Thread(target=target, name="cdm-history-sync")
    worker.start()
    worker.join()
    if errors:
        raise errors[0]
    return result[0]


async def _prepare(settings: HistorySettings) -> None:
    layer = HistoryDataLayer(settings)
    try:
        await create_schema(layer.engine)
    finally:
        await layer.engine.dispose()


def prepare_history(settings: HistorySettings | None = None) -> HistorySettings:
    """Creates the tables (once per database; safe to repeat) and the private element folder."""
    settings = settings or history_settings()
    run_sync(_prepare(settings))
    if settings.is_sqlite:
        database = settings.database_url.split(":///", 1)[1]
        if os.path.exists(database):
            os.chmod(database, 0o600)
    settings.files_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(settings.files_dir, 0o700)
    return settings


def open_history(settings: HistorySettings | None = None) -> HistoryDataLayer:
    """A data layer over the prepared database (the chat's `@cl.data_layer`, the CLI's prune)."""
    return HistoryDataLayer(prepare_history(settings))
