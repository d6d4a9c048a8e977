"""SQL snippets from the definitions (measure expressions and filters), parsed once into sqlglot trees.

Snippets are written by catalog owners, never by users; the compiler qualifies their columns
with the table they belong to, so they can be placed in any join.
"""

from __future__ import annotations

from functools import cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError


@cache
def parse_snippet(text: str) -> exp.Expr:
    """Parse a definition snippet (DuckDB syntax); raises ValueError with a readable message."""
    try:
        parsed = sqlglot.parse_one(text, read="duckdb")
    except ParseError as error:
        raise ValueError(f"cannot parse SQL snippet {text!r}: {str(error).splitlines()[0]}") from error
    if parsed is None or isinstance(parsed, exp.Query):
        raise ValueError(f"SQL snippet {text!r} must be an expression, not a statement")
    return parsed


def referenced_columns(text: str, default_model: str) -> set[tuple[str, str]]:
    """(model, column) pairs a snippet reads; unqualified columns belong to `default_model`."""
    return {(column.table or default_model, column.name) for column in parse_snippet(text).find_all(exp.Column)}


def qualified(text: str, default_model: str, tables: dict[str, str]) -> exp.Expr:
    """The snippet with every column qualified by its table name (models map to tables)."""

    def qualify(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column):
            model = node.table or default_model
            return exp.column(node.name, table=tables.get(model, model))
        return node

    return parse_snippet(text).copy().transform(qualify)
