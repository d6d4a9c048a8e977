"""Retention: threads whose last activity is older than CDM_HISTORY_DAYS are deleted with their
messages, ratings and element files; every run is audited with the count it deleted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from cdm.history.data_layer import HistoryDataLayer, open_history, run_sync
from cdm.history.schema import STEPS, THREADS
from cdm.history.settings import history_settings
from guards.audit import AuditLog
from guards.principal import Principal

PRUNE_ORIGIN = "history_prune"


def cutoff(days: int, now: dt.datetime | None = None) -> str:
    """The ISO timestamp before which a thread is old (Chainlit stores ISO strings ending in Z)."""
    moment = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days)
    return moment.replace(tzinfo=None).isoformat() + "Z"


async def old_thread_ids(layer: HistoryDataLayer, before: str) -> list[str]:
    last_step = select(STEPS.c.threadId, func.max(STEPS.c.createdAt).label("last")).group_by(STEPS.c.threadId)
    latest = last_step.subquery()
    activity = func.coalesce(latest.c["last"], THREADS.c.createdAt)
    query = select(THREADS.c.id).outerjoin(latest, latest.c.threadId == THREADS.c.id).where(activity < before)
    async with layer.engine.connect() as connection:
        return [str(row[0]) for row in await connection.execute(query)]


async def prune_threads(layer: HistoryDataLayer, days: int, now: dt.datetime | None = None) -> int:
    ids = await old_thread_ids(layer, cutoff(days, now))
    for thread_id in ids:
        await layer.delete_thread(thread_id)
    return len(ids)


async def _count_old(days: int) -> int:
    layer = open_history()
    try:
        return len(await old_thread_ids(layer, cutoff(days)))
    finally:
        await layer.close()


def count_inactive_threads(days: int) -> int:
    """How many threads `prune_history(days)` would delete now (a dry run)."""
    return run_sync(_count_old(days))


async def _prune(days: int, now: dt.datetime | None) -> int:
    layer = open_history()
    try:
        return await prune_threads(layer, days, now)
    finally:
        await layer.close()


def prune_history(days: int | None = None, *, now: dt.datetime | None = None, by: str = "cdm chat prune") -> int:
    """Deletes old threads and audits the count; returns it."""
    days = days if days is not None else history_settings().retention_days
    count = run_sync(_prune(days, now))
    AuditLog().record(
        principal=Principal(user=None, role="system"), origin=PRUNE_ORIGIN, original_sql="",
        rewritten_sql=None, decision="allowed", row_count=count,
        question=f"{by}: delete chat threads inactive for more than {days} days",
    )  # fmt: skip
    return count
