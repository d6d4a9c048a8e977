"""One fact's CTE: its measures aggregated at its own grain, with only the joins it needs.

Filters shared by every measure in the CTE go into WHERE; the rest stay inside the aggregate as
CASE WHEN, so several measures of one table share one scan without changing each other's rows.
"""

from __future__ import annotations

import datetime as dt

from sqlglot import exp

from semantic_layer.catalog import Catalog
from semantic_layer.day_of_week import DAY_OF_WEEK, day_of_week_expr, days_condition
from semantic_layer.joins import JoinStep, join_paths
from semantic_layer.model import Measure, SemanticModel, TimeDimension
from semantic_layer.plan import GroupKey, PlannedFilter, ResolvedQuery
from semantic_layer.snippets import qualified, referenced_columns

AGGREGATES = {"sum": exp.Sum, "average": exp.Avg, "count": exp.Count, "count_distinct": exp.Count}


def time_dimension(fact: SemanticModel, catalog: Catalog) -> tuple[str, TimeDimension]:
    """The fact's aggregation time dimension and the model that holds it (may be a joined one)."""
    owner, _, name = (fact.agg_time_dimension or "").rpartition(".")
    model = catalog.semantic_models[owner or fact.name]
    return model.name, next(t for t in model.time_dimensions if t.name == name)


def _table(model: str, catalog: Catalog) -> str:
    return catalog.semantic_models[model].table


def time_expr(fact: SemanticModel, catalog: Catalog) -> exp.Expr:
    owner, dim = time_dimension(fact, catalog)
    return exp.column(dim.column, table=_table(owner, catalog))


def grain_expr(column: exp.Expr, grain: str, data_type: str) -> exp.Expr:
    """metric_time at a grain, always a DATE so keys from different facts line up."""
    if grain == "day":
        return exp.cast(column, "date")
    if grain == DAY_OF_WEEK:
        return day_of_week_expr(column)
    unit = exp.Var(this=grain.upper())
    trunc = exp.DateTrunc(this=column, unit=unit) if data_type == "date" else exp.TimestampTrunc(this=column, unit=unit)
    return exp.cast(trunc, "date")


def key_expr(key: GroupKey, fact: SemanticModel, catalog: Catalog) -> exp.Expr:
    if key.dimension is None:
        _, dim = time_dimension(fact, catalog)
        return grain_expr(time_expr(fact, catalog), key.grain or "day", dim.data_type)
    column = exp.column(key.dimension.column or key.name, table=key.dimension.table)
    label = empty_label(catalog, key.dimension.model)
    return exp.Coalesce(this=column, expressions=[exp.Literal.string(label)]) if label else column


def empty_label(catalog: Catalog, model: str | None) -> str | None:
    """The label of the group of rows that have no `model` row (orders without a store)."""
    for source in catalog.semantic_models.values():
        for relationship in source.relationships:
            if relationship.to == model and relationship.empty_label:
                return relationship.empty_label
    return None


def filter_condition(planned: PlannedFilter) -> exp.Expr:
    """A user filter as a tree; the values only ever become literals."""
    flt, dim = planned.filter, planned.dimension
    column = exp.column(dim.column or dim.name, table=dim.table)
    values = flt.value if isinstance(flt.value, list) else [flt.value]
    literals = [exp.convert(v) for v in values]
    if flt.op in ("in", "not in"):
        condition: exp.Expr = column.isin(*literals)
        return exp.not_(condition) if flt.op == "not in" else condition
    if flt.op == "between":
        return exp.Between(this=column, low=literals[0], high=literals[1])
    builders = {"=": exp.EQ, "!=": exp.NEQ, ">": exp.GT, ">=": exp.GTE, "<": exp.LT, "<=": exp.LTE, "like": exp.Like}
    return builders[flt.op](this=column, expression=literals[0])


def time_conditions(plan: ResolvedQuery, fact: SemanticModel, catalog: Catalog) -> list[exp.Expr]:
    """Inclusive calendar dates: start <= t < end + 1 day, on this fact's own time dimension."""
    span, column = plan.time_range, time_expr(fact, catalog) if fact.agg_time_dimension else None
    if span is None or column is None:
        return []
    conditions: list[exp.Expr] = []
    if span.start:
        conditions.append(column.copy() >= exp.cast(exp.Literal.string(span.start.isoformat()), "date"))
    if span.end:
        day_after = (span.end + dt.timedelta(days=1)).isoformat()
        conditions.append(column.copy() < exp.cast(exp.Literal.string(day_after), "date"))
    if span.days_of_week:
        conditions.append(days_condition(column.copy(), span.days_of_week))
    return conditions


def _needed_models(plan: ResolvedQuery, fact: SemanticModel, measures: list[Measure], catalog: Catalog) -> list[str]:
    needed = [key.dimension.model for key in plan.group_by if key.dimension and key.dimension.model]
    needed += [f.dimension.model for f in plan.filters if f.dimension.model]
    for measure in measures:
        for snippet in (measure.expr, *measure.filters):
            needed += sorted(model for model, _ in referenced_columns(snippet, measure.model))
    if fact.agg_time_dimension and (plan.time_range or any(key.grain for key in plan.group_by)):
        needed.append(time_dimension(fact, catalog)[0])
    return list(dict.fromkeys(needed))


def join_steps(plan: ResolvedQuery, fact: SemanticModel, measures: list[Measure], catalog: Catalog) -> list[JoinStep]:
    paths = join_paths(catalog.semantic_models, fact.name, safe_only=True)
    steps = [step for model in _needed_models(plan, fact, measures, catalog) for step in paths[model]]
    return list(dict.fromkeys(steps))


def _aggregate(measure: Measure, filters: list[str], catalog: Catalog) -> exp.Expr:
    tables = {name: model.table for name, model in catalog.semantic_models.items()}
    value = qualified(measure.expr, measure.model, tables)
    conditions = [qualified(f, measure.model, tables) for f in filters]
    if conditions:
        value = exp.Case(ifs=[exp.If(this=exp.and_(*conditions), true=value)])
    if measure.agg == "count_distinct":
        value = exp.Distinct(expressions=[value])
    return AGGREGATES[measure.agg](this=value)


def fact_cte(plan: ResolvedQuery, fact_name: str, catalog: Catalog) -> exp.Select:
    """SELECT keys, aggregated measures FROM fact LEFT JOIN (only what is needed) WHERE ... GROUP BY keys."""
    fact = catalog.semantic_models[fact_name]
    measures = [catalog.measures[name] for name in plan.facts[fact_name]]
    shared = [f for f in measures[0].filters if all(f in m.filters for m in measures)]
    tables = {name: model.table for name, model in catalog.semantic_models.items()}
    keys = [key_expr(key, fact, catalog) for key in plan.group_by]
    aliased = [k.copy().as_(key.name, copy=False) for k, key in zip(keys, plan.group_by, strict=True)]
    select = exp.select(*aliased).from_(exp.to_table(fact.table), copy=False)
    for step in join_steps(plan, fact, measures, catalog):
        on = exp.column(step.left_key, table=tables[step.left]).eq(exp.column(step.right_key, table=tables[step.right]))
        select = select.join(exp.to_table(tables[step.right]), on=on, join_type="left", copy=False)
    for measure in measures:
        rest = [f for f in measure.filters if f not in shared]
        select = select.select(_aggregate(measure, rest, catalog).as_(measure.name, copy=False), copy=False)
    conditions = [filter_condition(f) for f in plan.filters] + [qualified(f, fact.name, tables) for f in shared]
    conditions += time_conditions(plan, fact, catalog)
    if conditions:
        select = select.where(exp.and_(*conditions, copy=False), copy=False)
    return select.group_by(*keys, copy=False) if keys else select
