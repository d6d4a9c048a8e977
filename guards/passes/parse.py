"""Pass 0: text to exactly one sqlglot tree (DuckDB dialect); anything else is rejected."""

from __future__ import annotations

import sqlglot
from sqlglot import exp

from guards.passes.context import reject

MAX_SQL_CHARS = 20_000


def parse_statement(sql: str) -> exp.Expr:
    if len(sql) > MAX_SQL_CHARS:
        raise reject("too_long", f"the query is longer than {MAX_SQL_CHARS} characters")
    try:
        statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
    except sqlglot.errors.SqlglotError as error:
        first = (str(error).splitlines() or ["syntax error"])[0][:200]
        raise reject("parse_error", f"the query could not be parsed: {first}") from None
    if len(statements) != 1:
        raise reject("one_statement", f"exactly one statement is allowed, got {len(statements)}")
    return statements[0]
