"""Share of total: a governed derived column, never free SQL.

`share_of_total: true` adds `<metric>_share` = the row's value / the same metric over the same
period with no group-by and no dimension filters ("what fraction of tickets were about billing",
"revenue share by region"). Only additive metrics (sums and counts) have a share; a rate or an
average is refused with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlglot import exp

from semantic_layer.catalog import Catalog
from semantic_layer.errors import Issue, SemanticQueryError
from semantic_layer.plan import ResolvedQuery, plan_query
from semantic_layer.query import SemanticQuery

ADDITIVE = ("sum", "count", "count_distinct")
MAIN, TOTAL = "shown", "all_rows"


def share_column(metric: str) -> str:
    return f"{metric}_share"


def check_additive(plan: ResolvedQuery, catalog: Catalog) -> None:
    for metric in plan.metrics:
        aggs = [catalog.measures[m].agg for m in metric.measures if m in catalog.measures]
        if metric.type != "simple" or not aggs or any(a not in ADDITIVE for a in aggs):
            message = f"'{metric.name}' is a rate or an average; a share of its total means nothing"
            raise SemanticQueryError((Issue("share_not_additive", message, "share_of_total"),))


def with_shares(
    query: SemanticQuery, plan: ResolvedQuery, catalog: Catalog, combine: Callable[[ResolvedQuery, Catalog], exp.Select]
) -> exp.Select:
    """SELECT shown.*, shown.m / all_rows.m AS m_share FROM (query) shown CROSS JOIN (total) all_rows."""
    check_additive(plan, catalog)
    shown = combine(replace(plan, order_by=(), limit=None), catalog)
    total = combine(plan_query(SemanticQuery(metrics=query.metrics, time_range=query.time_range), catalog), catalog)
    columns = [exp.column(name, MAIN) for name in plan.columns]
    shares = [
        exp.Div(
            this=exp.cast(exp.column(m.name, MAIN), "double"),
            expression=exp.Nullif(this=exp.column(m.name, TOTAL), expression=exp.Literal.number(0)),
        ).as_(share_column(m.name))
        for m in plan.metrics
    ]
    outer = exp.select(*columns, *shares).from_(
        exp.Subquery(this=shown, alias=exp.TableAlias(this=exp.to_identifier(MAIN)))
    )
    outer = outer.join(exp.Subquery(this=total, alias=exp.TableAlias(this=exp.to_identifier(TOTAL))), join_type="cross")
    chosen = {o.field for o in plan.order_by}
    ordering = [exp.Ordered(this=exp.column(o.field, MAIN), desc=o.desc) for o in plan.order_by]
    ordering += [exp.Ordered(this=exp.column(k.name, MAIN)) for k in plan.group_by if k.name not in chosen]
    outer = outer.order_by(*ordering) if ordering else outer
    return outer.limit(plan.limit) if plan.limit else outer
