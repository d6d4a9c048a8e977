"""Distinct values of categorical dimensions, for the planner's value index ("Gold" -> member_tier)."""

from __future__ import annotations

from pathlib import Path

from sqlglot import exp

from semantic_layer.catalog import Catalog
from semantic_layer.execute import connect_read_only


def distinct_values_sql(table: str, column: str) -> str:
    col = exp.column(column, table=table)
    select = exp.select(col.copy()).distinct().from_(table).where(col.copy().is_(exp.null()).not_())
    return select.order_by(col.copy()).sql(dialect="duckdb")


def distinct_values(catalog: Catalog, warehouse_path: Path) -> dict[str, list[str]]:
    """Dimension name -> its sorted distinct non-null values (as text), for dimensions marked index_values."""
    indexed = [d for d in catalog.dimensions.values() if d.index_values and d.table and d.column]
    values: dict[str, list[str]] = {}
    with connect_read_only(warehouse_path) as connection:
        for dimension in indexed:
            rows = connection.execute(distinct_values_sql(dimension.table or "", dimension.column or "")).fetchall()
            values[dimension.name] = [str(row[0]) for row in rows]
    return values
