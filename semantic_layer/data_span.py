"""Where each fact's data begins: the first day its time dimension covers.

A period that starts before a metric's first day is incomplete, just as one that ends after the
as-of date is: "revenue 2024 vs 2023" must not report +300% when the orders begin in October 2023.
The first days are read once per warehouse (one aggregate statement over the facts' own time
columns, a fixed query built here, never user input).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path

from sqlglot import exp

from engines.selection import warehouse_backend
from semantic_layer.catalog import Catalog
from semantic_layer.fact_sql import time_dimension


def _time_owners(catalog: Catalog) -> dict[str, tuple[str, str]]:
    """Fact model -> (the model holding its time column, that column); facts without time are left out."""
    owners = {}
    for model in catalog.semantic_models.values():
        if model.agg_time_dimension:
            owner, dimension = time_dimension(model, catalog)
            owners[model.name] = (owner, dimension.column)
    return owners


def first_dates_query(catalog: Catalog) -> exp.Expr | None:
    """(model, first day) for every model that holds a fact's time column, as one statement."""
    holders = sorted(set(_time_owners(catalog).values()))
    branches: list[exp.Expr] = []
    for owner, column in holders:
        first = exp.cast(exp.Min(this=exp.column(column)), "DATE")
        name = exp.alias_(exp.Literal.string(owner), "model")
        branches.append(exp.select(name, exp.alias_(first, "first_day")).from_(catalog.semantic_models[owner].table))
    if not branches:
        return None
    union = branches[0]
    for branch in branches[1:]:
        union = exp.union(union, branch, distinct=False)
    return union


def first_dates(catalog: Catalog, warehouse_path: Path | None = None) -> dict[str, date]:
    """Fact model -> the first day its data covers (facts with no rows are left out)."""
    query = first_dates_query(catalog)
    if query is None:
        return {}
    by_holder = {str(model): _as_date(first) for model, first in warehouse_backend(warehouse_path).fetch(query)}
    found = {fact: by_holder.get(owner) for fact, (owner, _) in _time_owners(catalog).items()}
    return {fact: first for fact, first in found.items() if first is not None}


def data_start(catalog: Catalog, firsts: Mapping[str, date], metrics: Iterable[str]) -> date | None:
    """The first day every one of `metrics` has data for: the latest first day of their facts."""
    facts = {
        catalog.measures[m].model
        for name in metrics
        if name in catalog.metrics
        for m in catalog.metrics[name].measures
        if m in catalog.measures
    }
    days = [firsts[fact] for fact in facts if fact in firsts]
    return max(days) if days else None


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10]) if value else None
