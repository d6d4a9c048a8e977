"""What a principal may retrieve from feedback, decided by the guards' policy (the one source of truth).

Free text is readable only by roles whose policy shows `reviews.review_text` and that are not
aggregate-only. Row filters are the guards' predicates over `reviews` and `support_tickets`,
evaluated on a read-only connection into the set of retrievable document keys.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb
import sqlglot
from sqlglot import exp

from feedback.documents import document_key
from guards.policy import column_action, role_policy
from guards.principal import Principal
from guards.service import row_filter_sql

SOURCE_TABLES = (
    ("review", "reviews", "review_id", "review_text"),
    ("ticket", "support_tickets", "ticket_id", "description"),
)


def can_read_text(principal: Principal) -> bool:
    if role_policy(principal).aggregate_only:
        return False
    return all(column_action(principal, table, column).visible for _, table, _, column in SOURCE_TABLES)


def allowed_keys(principal: Principal, warehouse: Path) -> frozenset[str] | None:
    """Document keys the principal may retrieve; None when no row filter applies."""
    filters = tuple(row_filter_sql(principal, table) for _, table, _, _ in SOURCE_TABLES)
    if all(f is None for f in filters):
        return None
    stamp = warehouse.stat().st_mtime_ns
    return _allowed_keys(filters, str(warehouse), stamp)


@lru_cache(maxsize=32)
def _allowed_keys(filters: tuple[str | None, ...], warehouse: str, stamp: int) -> frozenset[str]:
    keys: set[str] = set()
    with duckdb.connect(warehouse, read_only=True) as con:
        for (source, table, id_column, _), predicate in zip(SOURCE_TABLES, filters, strict=True):
            query = exp.select(exp.column(id_column)).from_(table)
            if predicate is not None:
                query = query.where(sqlglot.parse_one(predicate, dialect="duckdb"))
            rows = con.execute(query.sql(dialect="duckdb")).fetchall()
            keys.update(document_key(source, int(row[0])) for row in rows)
    return frozenset(keys)
