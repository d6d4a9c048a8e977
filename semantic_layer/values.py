"""Distinct values of categorical dimensions, for the planner's value index ("Gold" -> member_tier).

One UNION ALL query over every indexed dimension, read through the configured engine's trusted
path (engines.selection): one round trip on DuckDB, one job on Spark.
"""

from __future__ import annotations

from pathlib import Path

from sqlglot import exp

from engines.selection import warehouse_backend
from semantic_layer.catalog import Catalog
from semantic_layer.model import Dimension


def distinct_values_query(dimensions: list[Dimension]) -> exp.Expr:
    """(dimension name, distinct non-null value) for each dimension, as one statement."""
    branches: list[exp.Expr] = []
    for dimension in dimensions:
        column = exp.column(dimension.column or "", table=dimension.table)
        name = exp.alias_(exp.Literal.string(dimension.name), "dimension")
        select = exp.select(name, exp.alias_(column.copy(), "item")).distinct().from_(dimension.table or "")
        branches.append(select.where(column.copy().is_(exp.null()).not_()))
    union = branches[0]
    for branch in branches[1:]:
        union = exp.union(union, branch, distinct=False)
    return union


def distinct_values(catalog: Catalog, warehouse_path: Path | None = None) -> dict[str, list[str]]:
    """Dimension name -> its sorted distinct non-null values (as text), for dimensions marked index_values."""
    indexed = [d for d in catalog.dimensions.values() if d.index_values and d.table and d.column]
    values: dict[str, list[str]] = {d.name: [] for d in indexed}
    if not indexed:
        return values
    for name, value in warehouse_backend(warehouse_path).fetch(distinct_values_query(indexed)):
        values[str(name)].append(str(value))
    return {name: sorted(found) for name, found in values.items()}
