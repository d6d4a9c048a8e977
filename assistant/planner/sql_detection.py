"""Tells SQL typed into the chat from a question, so SQL goes to the guards as free SQL.

Statement keywords that can only be SQL (ATTACH, COPY, PRAGMA, ...) always count, so that they are
blocked by the guards with a policy message rather than misread as a question.
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot.errors import ParseError

ALWAYS_SQL = (
    "attach", "detach", "copy", "pragma", "summarize", "describe", "explain", "install", "load", "set",
    "create", "drop", "delete", "insert", "update", "call", "checkpoint", "export", "import", "vacuum",
    "alter", "truncate", "reset", "use", "grant", "revoke", "merge", "begin", "commit", "rollback",
)  # fmt: skip
QUERY_STARTS = ("select", "with", "from", "(", "values", "table")


def looks_like_sql(question: str) -> bool:
    stripped = question.strip().lower()
    first = re.split(r"[\s(;]", stripped, maxsplit=1)[0] if stripped else ""
    if first in ALWAYS_SQL and re.match(rf"{first}\s+[\w'\"(*]", stripped):
        return _parses(question) or ";" in question or first in ("attach", "copy", "pragma", "install", "load")
    if first in QUERY_STARTS or stripped.startswith("("):
        return _parses(question)
    return False


def _parses(sql: str) -> bool:
    try:
        return bool(sqlglot.parse(sql, read="duckdb"))
    except (ParseError, Exception):
        return False
