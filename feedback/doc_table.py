"""Per-document records beside the vector index: which texts belong to which review or ticket.

Feedback is repetitive (many customers write the same sentence), so Chroma holds one vector per
distinct redacted text and this small DuckDB file maps every review and ticket (source + id,
its content hash and its metadata) to it. Search expands the nearest texts into documents here,
applying metadata filters as SQL literals. It lives in the index folder, not in the warehouse.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
from sqlglot import exp

from feedback.documents import FeedbackDocument

FILE_NAME = "documents.duckdb"
PAGE_ROWS = 256
TEXT_COLUMNS = (
    "source", "region", "province", "city", "member_tier", "channel", "category", "brand", "ticket_category",
    "date", "month", "content_hash", "theme_hash",
)  # fmt: skip
INTEGER_COLUMNS = ("source_id", "rating")
FILTER_COLUMNS = (
    "source", "region", "province", "city", "member_tier", "channel", "category", "brand", "ticket_category",
    "rating", "month",
)  # fmt: skip
SHOWN_COLUMNS = ("region", "province", "city", "member_tier", "channel", "category", "brand", "ticket_category",
                 "rating", "date", "month")  # fmt: skip


def table_path(chroma_dir: Path) -> Path:
    return chroma_dir / FILE_NAME


def write_documents(chroma_dir: Path, documents: Sequence[FeedbackDocument], theme_hashes: Mapping[str, str]) -> None:
    """Replace the table in one transaction; columns are passed as lists (no per-row inserts)."""
    columns: dict[str, list[Any]] = {name: [] for name in (*TEXT_COLUMNS, *INTEGER_COLUMNS)}
    for d in documents:
        for name in columns:
            columns[name].append(d.metadata.get(name))
        columns["theme_hash"][-1] = theme_hashes.get(d.key)
    names = list(columns)
    types = ["BIGINT" if n in INTEGER_COLUMNS else "VARCHAR" for n in names]
    select = ", ".join(f"unnest(${i + 1}::{t}[]) AS {n}" for i, (n, t) in enumerate(zip(names, types, strict=True)))
    chroma_dir.mkdir(parents=True, exist_ok=True)
    staging = table_path(chroma_dir).with_suffix(".staging")
    staging.unlink(missing_ok=True)
    with duckdb.connect(str(staging)) as con:
        con.execute(f"CREATE TABLE documents AS SELECT {select}", [columns[n] for n in names])
    # A new file swapped in: searchers holding the old one keep reading it until they notice.
    os.replace(staging, table_path(chroma_dir))


def documents_for(
    chroma_dir: Path, content_hashes: Sequence[str], filters: Mapping[str, str | int]
) -> Iterator[dict[str, Any]]:
    """Documents whose text is one of `content_hashes`, in that order, matching every filter.

    Rows stream in pages: a popular sentence can belong to thousands of documents and the
    caller usually stops after k. Values travel as query parameters, never inside the SQL text.
    """
    if not content_hashes:
        return
    names = tuple(sorted(filters))
    path = table_path(chroma_dir)
    cursor = _connection(str(path), path.stat().st_mtime_ns).cursor()
    try:
        cursor.execute(_documents_sql(names), [list(content_hashes), *[filters[n] for n in names]])
        columns = [d[0] for d in cursor.description or ()]
        while page := cursor.fetchmany(PAGE_ROWS):
            yield from (dict(zip(columns, row, strict=True)) for row in page)
    finally:
        cursor.close()


@lru_cache(maxsize=64)
def _documents_sql(filter_names: tuple[str, ...]) -> str:
    """The lookup for one set of filter columns ($1 = ranked hashes, $2.. = filter values)."""
    hashes = exp.cast(exp.Placeholder(this="1"), "VARCHAR[]")
    query = (
        exp.select("source", "source_id", "content_hash", *SHOWN_COLUMNS)
        .from_("documents")
        .where(exp.func("list_contains", hashes, exp.column("content_hash")))
    )
    for position, name in enumerate(filter_names, start=2):
        query = query.where(exp.EQ(this=exp.column(name), expression=exp.Placeholder(this=str(position))))
    ordered = query.order_by(
        exp.func("list_position", hashes.copy(), exp.column("content_hash")), "source", "source_id"
    )
    return ordered.sql(dialect="duckdb")


@lru_cache(maxsize=2)
def _connection(path: str, stamp: int) -> duckdb.DuckDBPyConnection:
    """A read-only connection kept per file version (opening one costs more than a search)."""
    return duckdb.connect(path, read_only=True)
