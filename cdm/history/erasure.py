"""Finding and erasing chat threads, for a data-subject request (a customer's erasure).

    from cdm.history.erasure import find_threads_mentioning, delete_threads
    threads = find_threads_mentioning("Jane Doe")      # every user's threads, for an operator
    deleted = delete_threads([t.thread_id for t in threads])

A thread matches when its name, a message (question or answer text) or one of its element files
(CSV, chart JSON) contains the text, compared case-insensitively. Deleting removes the thread's
rows (thread, steps, elements, ratings) and its element files. Both have `a...` coroutine forms
for async callers; the sync forms also work from inside a running event loop.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from cdm.history.data_layer import HistoryDataLayer, is_thread_id, open_history, run_sync
from cdm.history.schema import ELEMENTS, STEPS, THREADS


@dataclass(frozen=True)
class ThreadMatch:
    thread_id: str
    user: str | None
    name: str | None
    created_at: str | None


def _pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def _ids_by_text(layer: HistoryDataLayer, text: str) -> set[str]:
    pattern = _pattern(text)
    in_steps = select(STEPS.c.threadId).where(
        or_(func.lower(STEPS.c.output).like(pattern, escape="\\"), func.lower(STEPS.c.input).like(pattern, escape="\\"))
    )
    in_names = select(THREADS.c.id).where(func.lower(THREADS.c.name).like(pattern, escape="\\"))
    async with layer.engine.connect() as connection:
        found = {str(row[0]) for row in await connection.execute(in_steps)}
        found |= {str(row[0]) for row in await connection.execute(in_names)}
        elements = await connection.execute(select(ELEMENTS.c.threadId, ELEMENTS.c.objectKey))
        for thread_id, object_key in elements:
            content = layer.storage.read(object_key) if object_key else None
            if content is not None and text.lower() in content.decode("utf-8", "replace").lower():
                found.add(str(thread_id))
    return found


async def afind_threads_mentioning(text: str, layer: HistoryDataLayer | None = None) -> list[ThreadMatch]:
    if not text.strip():
        return []
    own = layer is None
    layer = layer or open_history()
    try:
        ids = await _ids_by_text(layer, text)
        query = select(THREADS.c.id, THREADS.c.userIdentifier, THREADS.c.name, THREADS.c.createdAt)
        async with layer.engine.connect() as connection:
            rows = await connection.execute(query.where(THREADS.c.id.in_(ids)).order_by(THREADS.c.createdAt))
            return [ThreadMatch(str(r[0]), r[1], r[2], r[3]) for r in rows]
    finally:
        if own:
            await layer.close()


async def adelete_threads(thread_ids: Iterable[str], layer: HistoryDataLayer | None = None) -> int:
    """Deletes each thread with its steps, ratings, element rows and files; returns how many existed."""
    own = layer is None
    layer = layer or open_history()
    try:
        wanted = [thread_id for thread_id in thread_ids if is_thread_id(thread_id)]
        async with layer.engine.connect() as connection:
            rows = await connection.execute(select(THREADS.c.id).where(THREADS.c.id.in_(wanted)))
            existing = [str(row[0]) for row in rows]
        for thread_id in existing:
            await layer.delete_thread(thread_id)
        return len(existing)
    finally:
        if own:
            await layer.close()


def find_threads_mentioning(text: str) -> list[ThreadMatch]:
    return run_sync(afind_threads_mentioning(text))


def delete_threads(thread_ids: Iterable[str]) -> int:
    return run_sync(adelete_threads(list(thread_ids)))


def delete_thread(thread_id: str) -> bool:
    """Deletes one thread with its elements; False when there was no such thread."""
    return delete_threads([thread_id]) == 1
