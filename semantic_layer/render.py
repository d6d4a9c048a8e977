"""Rendering a compiled tree for a dialect: DuckDB by default; postgres, snowflake, bigquery, spark too."""

from __future__ import annotations

from sqlglot import exp

DIALECTS: tuple[str, ...] = ("duckdb", "postgres", "snowflake", "bigquery", "spark")


def render(expression: exp.Expr, dialect: str = "duckdb", pretty: bool = True) -> str:
    if dialect not in DIALECTS:
        from data.errors import CdmError

        raise CdmError(f"unknown SQL dialect '{dialect}'; use one of {', '.join(DIALECTS)}")
    return expression.sql(dialect=dialect, pretty=pretty)
