"""Semantic query -> ResolvedQuery: every name resolved, every value type-checked, every join proven safe.

All user-fixable problems are collected as issues and raised together as one SemanticQueryError,
so the compiler after this step only builds SQL and never has to explain anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from semantic_layer.catalog import Catalog
from semantic_layer.day_of_week import DAY_OF_WEEK
from semantic_layer.errors import Issue, SemanticQueryError
from semantic_layer.fan_out import reach_issue
from semantic_layer.filter_values import check_filter
from semantic_layer.model import GRAINS, METRIC_TIME, Dimension, Metric
from semantic_layer.query import Filter, OrderBy, SemanticQuery, TimeRange
from semantic_layer.suggest import closest


@dataclass(frozen=True)
class GroupKey:
    """One output key: a dimension, or metric_time at a grain (dimension None)."""

    name: str
    dimension: Dimension | None
    grain: str | None


@dataclass(frozen=True)
class PlannedFilter:
    filter: Filter
    dimension: Dimension


@dataclass(frozen=True)
class ResolvedQuery:
    """A semantic query with every name resolved to its catalog object and every fact listed: what
    the compiler builds SQL from (the assistant's planner has its own, earlier `QueryPlan`)."""

    metrics: tuple[Metric, ...]
    group_by: tuple[GroupKey, ...]
    filters: tuple[PlannedFilter, ...]
    time_range: TimeRange | None
    order_by: tuple[OrderBy, ...]
    limit: int | None
    facts: dict[str, tuple[str, ...]]

    @property
    def columns(self) -> tuple[str, ...]:
        return (*(key.name for key in self.group_by), *(metric.name for metric in self.metrics))


def _metrics(query: SemanticQuery, catalog: Catalog, issues: list[Issue]) -> list[Metric]:
    found = []
    for name in dict.fromkeys(query.metrics):
        if name in catalog.metrics:
            found.append(catalog.metrics[name])
        elif name in catalog.dimensions:
            issues.append(Issue("not_a_metric", f"'{name}' is a dimension; put it in group_by", "metrics"))
        else:
            hint = closest(name, catalog.metrics)
            issues.append(Issue("unknown_metric", f"unknown metric '{name}'{hint}", "metrics"))
    return found


def _group_key(name: str, catalog: Catalog, issues: list[Issue]) -> GroupKey | None:
    base, _, grain = name.partition("__")
    if base == METRIC_TIME:
        grain = grain or "day"
        if grain in GRAINS:
            return GroupKey(f"{METRIC_TIME}__{grain}", None, grain)
        issues.append(Issue("unknown_grain", f"unknown time grain '{grain}'; use one of {', '.join(GRAINS)}", name))
        return None
    if name == DAY_OF_WEEK:  # each metric's own time dimension by ISO weekday (semantic_layer/day_of_week.py)
        return GroupKey(name, None, DAY_OF_WEEK)
    if name in catalog.dimensions:
        return GroupKey(name, catalog.dimensions[name], None)
    if name in catalog.metrics:
        issues.append(Issue("not_a_dimension", f"'{name}' is a metric; put it in metrics", "group_by"))
        return None
    choices = [*catalog.dimensions, DAY_OF_WEEK, *(f"{METRIC_TIME}__{g}" for g in GRAINS)]
    issues.append(Issue("unknown_dimension", f"unknown dimension '{name}'{closest(name, choices)}", "group_by"))
    return None


def _facts(metrics: list[Metric], catalog: Catalog) -> dict[str, tuple[str, ...]]:
    facts: dict[str, list[str]] = {}
    for metric in metrics:
        for name in metric.measures:
            measures = facts.setdefault(catalog.measures[name].model, [])
            if name not in measures:
                measures.append(name)
    return {model: tuple(names) for model, names in facts.items()}


def _check_time(metrics: list[Metric], query: SemanticQuery, keys: list[GroupKey], issues: list[Issue]) -> None:
    wants_time = any(key.grain for key in keys) or query.time_range is not None
    timeless = [metric.name for metric in metrics if not metric.has_time]
    if wants_time and timeless:
        what = "grouping by time" if any(key.grain for key in keys) else "a time range"
        message = f"{', '.join(timeless)} has no time dimension (it is measured as of the dataset date); remove {what}"
        issues.append(Issue("no_time_dimension", message, "group_by" if "grouping" in what else "time_range"))
    span = query.time_range
    if span and span.start and span.end and span.start > span.end:
        issues.append(
            Issue("bad_time_range", f"time_range starts ({span.start}) after it ends ({span.end})", "time_range")
        )


def _check_order(query: SemanticQuery, columns: tuple[str, ...], issues: list[Issue]) -> None:
    for order in query.order_by:
        if order.field not in columns:
            hint = closest(order.field, columns)
            issues.append(
                Issue("bad_order_by", f"cannot order by '{order.field}': not an output column{hint}", "order_by")
            )


def plan_query(query: SemanticQuery, catalog: Catalog) -> ResolvedQuery:
    """Resolve and check a semantic query; raises SemanticQueryError listing every problem."""
    issues: list[Issue] = []
    metrics = _metrics(query, catalog, issues)
    keys = [key for name in dict.fromkeys(query.group_by) if (key := _group_key(name, catalog, issues))]
    filters = [
        PlannedFilter(f, catalog.dimensions[f.dimension]) for f in query.filters if f.dimension in catalog.dimensions
    ]
    for flt in query.filters:
        check_filter(flt, catalog, issues)
    _check_time(metrics, query, keys, issues)
    facts = _facts(metrics, catalog)
    for metric in metrics:
        for dimension, role in [
            *((k.dimension, "group_by") for k in keys),
            *((f.dimension, "filters") for f in filters),
        ]:
            issue = reach_issue(metric, dimension, role, catalog) if dimension else None
            issues.extend([issue] if issue else [])
    plan = ResolvedQuery(
        tuple(metrics), tuple(keys), tuple(filters), query.time_range, query.order_by, query.limit, facts
    )
    _check_order(query, plan.columns, issues)
    if issues:
        raise SemanticQueryError(tuple(dict.fromkeys(issues)))
    return plan
