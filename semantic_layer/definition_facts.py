"""Facts read off the metric definitions themselves, for callers that must not contradict them.

`excluded_values(catalog, "revenue")` -> {"order_status": ("cancelled",)}: the measure filters say
revenue never counts cancelled orders, so "revenue of cancelled orders" is a contradiction to
report, not a query whose answer is a confident 0.
"""

from __future__ import annotations

from sqlglot import exp

from semantic_layer.catalog import Catalog
from semantic_layer.snippets import parse_snippet


def _dimension_for(catalog: Catalog, model: str, column: exp.Column) -> str | None:
    table = column.table or model
    for dimension in catalog.dimensions.values():
        if dimension.model == table and (dimension.column or dimension.name) == column.name:
            return str(dimension.name)
    return None


def _exclusions(catalog: Catalog, measure_name: str) -> dict[str, set[str]]:
    measure = catalog.measures[measure_name]
    found: dict[str, set[str]] = {}
    for condition in measure.filters:
        for node in parse_snippet(condition).find_all(exp.NEQ):
            column, literal = node.find(exp.Column), node.find(exp.Literal)
            dimension = _dimension_for(catalog, measure.model, column) if column is not None else None
            if dimension is not None and literal is not None and literal.is_string:
                found.setdefault(dimension, set()).add(literal.this)
    return found


def _excluded(catalog: Catalog, metric: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    definition = catalog.metrics.get(metric)
    if definition is None:
        return ()
    # a ratio's numerator and denominator both exclude a value only when each of them does
    per_measure = [_exclusions(catalog, m) for m in definition.measures if m in catalog.measures]
    if not per_measure:
        return ()
    common = set.intersection(*(set(e) for e in per_measure))
    return tuple((d, tuple(sorted(set.intersection(*(e[d] for e in per_measure))))) for d in sorted(common))


_CACHE: dict[tuple[int, str], dict[str, tuple[str, ...]]] = {}


def excluded_values(catalog: Catalog, metric: str) -> dict[str, tuple[str, ...]]:
    """Dimension values the metric's definition never counts (cached per catalog object)."""
    key = (id(catalog), metric)
    if key not in _CACHE:
        _CACHE[key] = dict(_excluded(catalog, metric))
    return _CACHE[key]
