"""One renderer per SQL dialect, used both to show SQL and to run it.

The canonical tree is DuckDB's. Spark keeps DuckDB's meaning through the tree transforms of
`spark_sql.py`; the other dialects are sqlglot's plain transpilation (shown, never run here).
`cdm query --sql --dialect spark`, the audit and the Spark engine all call `render_sql`, so what
an analyst reads is byte-for-byte what ran (for the same tree and `pretty` setting).
"""

from __future__ import annotations

from collections.abc import Callable

import sqlglot
from sqlglot import exp

from data.errors import CdmError
from engines.spark_sql import spark_tree

DIALECTS: tuple[str, ...] = ("duckdb", "postgres", "snowflake", "bigquery", "spark")
_TREE_FOR: dict[str, Callable[[exp.Expr], exp.Expr]] = {"spark": spark_tree}


def render_sql(expression: exp.Expr, dialect: str = "duckdb", pretty: bool = False) -> str:
    """The dialect's SQL for a canonical tree; comments are dropped (a comment could become a hint)."""
    if dialect not in DIALECTS:
        raise CdmError(f"unknown SQL dialect '{dialect}'; use one of {', '.join(DIALECTS)}")
    tree = _TREE_FOR.get(dialect, lambda tree: tree)(expression)
    return tree.sql(dialect=dialect, pretty=pretty, comments=False)


def parse_sql(sql: str, dialect: str = "duckdb") -> list[exp.Expr]:
    """SQL text an engine ran, read back in the same dialect (for diffs that compare like with like)."""
    return [tree for tree in sqlglot.parse(sql, read=dialect) if tree is not None]
