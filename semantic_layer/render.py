"""Rendering a compiled tree for a dialect: DuckDB by default; postgres, snowflake, bigquery, spark too.

The engines' renderer (engines/render.py) is the one used to run SQL, so Spark SQL shown here
keeps DuckDB's meaning exactly as the Spark engine runs it.
"""

from __future__ import annotations

from sqlglot import exp

from engines.render import DIALECTS, render_sql

__all__ = ["DIALECTS", "render"]


def render(expression: exp.Expr, dialect: str = "duckdb", pretty: bool = True) -> str:
    return render_sql(expression, dialect, pretty)
