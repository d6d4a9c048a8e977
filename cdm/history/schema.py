"""The tables Chainlit's SQLAlchemy data layer reads and writes (its documented schema, with the
columns Chainlit 2.12's Step and Element dictionaries carry), created with SQLAlchemy Core.

Identifiers and JSON are TEXT on every database: Chainlit binds them as strings, so SQLite and
PostgreSQL store and return the same values.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, MetaData, Table, Text
from sqlalchemy.ext.asyncio import AsyncEngine

METADATA = MetaData()


def _text(name: str, **kwargs: object) -> Column[str]:
    return Column(name, Text, **kwargs)  # type: ignore[arg-type]


USERS = Table(
    "users", METADATA,
    _text("id", primary_key=True), _text("identifier", nullable=False, unique=True),
    _text("metadata", nullable=False), _text("createdAt"),
)  # fmt: skip
THREADS = Table(
    "threads", METADATA,
    _text("id", primary_key=True), _text("createdAt"), _text("name"), _text("userId"),
    _text("userIdentifier"), _text("tags"), _text("metadata"),
    Index("threads_user", "userId"), Index("threads_created", "createdAt"),
)  # fmt: skip
STEPS = Table(
    "steps", METADATA,
    _text("id", primary_key=True), _text("name", nullable=False), _text("type", nullable=False),
    _text("threadId", nullable=False), _text("parentId"), Column("streaming", Boolean, nullable=False),
    Column("waitForAnswer", Boolean), Column("isError", Boolean), _text("metadata"), _text("tags"),
    _text("input"), _text("output"), _text("createdAt"), _text("command"), _text("modes"), _text("start"),
    _text("end"), _text("generation"), _text("showInput"), _text("language"), Column("indent", Integer),
    Column("defaultOpen", Boolean), Column("autoCollapse", Boolean), _text("icon"),
    Index("steps_thread", "threadId"),
)  # fmt: skip
ELEMENTS = Table(
    "elements", METADATA,
    _text("id", primary_key=True), _text("threadId"), _text("type"), _text("url"), _text("chainlitKey"),
    _text("name", nullable=False), _text("display"), _text("objectKey"), _text("size"), Column("page", Integer),
    _text("language"), _text("forId"), _text("mime"), _text("props"), Column("autoPlay", Boolean),
    _text("playerConfig"),
    Index("elements_thread", "threadId"),
)  # fmt: skip
FEEDBACKS = Table(
    "feedbacks", METADATA,
    _text("id", primary_key=True), _text("forId", nullable=False), _text("threadId"),
    Column("value", Integer, nullable=False), _text("comment"),
    Index("feedbacks_step", "forId"),
)  # fmt: skip


async def create_schema(engine: AsyncEngine) -> None:
    """Creates missing tables and indexes; existing ones are left as they are."""
    async with engine.begin() as connection:
        await connection.run_sync(METADATA.create_all)
