"""Semantic query -> SQL tree, fan-out safe (the MetricFlow shape, small enough to read in one go).

    plan_query      names, types and join paths checked; facts and their measures listed
    fact_cte        one CTE per fact: its measures at its own grain, only the joins it needs
    _combine        facts joined on the group-by keys (a key spine), metrics computed on top

The tree is canonical (DuckDB); `render` turns it into any dialect's SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import exp

from semantic_layer.catalog import Catalog, load_catalog
from semantic_layer.fact_sql import fact_cte
from semantic_layer.group_ranking import with_group_ranking
from semantic_layer.metric_sql import metric_expr
from semantic_layer.notices import Notice, notices_for
from semantic_layer.period_change import baseline_column, growth_column, with_period_change
from semantic_layer.plan import ResolvedQuery, plan_query
from semantic_layer.query import SemanticQuery
from semantic_layer.render import render
from semantic_layer.share import share_column, with_shares

KEYS_CTE = "group_keys"


@dataclass(frozen=True)
class CompiledQuery:
    query: SemanticQuery
    expression: exp.Query
    sql: str
    dialect: str
    columns: tuple[str, ...]
    notices: tuple[Notice, ...]
    metrics: tuple[str, ...]
    dimensions: tuple[str, ...]

    def render(self, dialect: str = "duckdb", pretty: bool = True) -> str:
        return render(self.expression, dialect, pretty)


def cte_name(fact: str) -> str:
    return f"{fact}_agg"


def _key_spine(plan: ResolvedQuery) -> exp.Expr:
    """Every key combination that any fact has: the rows of the result."""
    columns = [exp.column(key.name) for key in plan.group_by]
    selects = [exp.select(*columns).from_(exp.to_table(cte_name(fact))) for fact in plan.facts]
    spine: exp.Query = selects[0]
    for select in selects[1:]:
        spine = exp.union(spine, select, distinct=True)
    return spine


def _from_clause(plan: ResolvedQuery, query: exp.Select) -> tuple[exp.Select, str | None]:
    """FROM the single fact; or the key spine LEFT JOIN each fact; or facts CROSS JOINed (no keys)."""
    facts = [cte_name(fact) for fact in plan.facts]
    if len(facts) == 1:
        return query.from_(exp.to_table(facts[0]), copy=False), facts[0]
    if not plan.group_by:
        query = query.from_(exp.to_table(facts[0]), copy=False)
        for fact in facts[1:]:
            query = query.join(exp.to_table(fact), join_type="cross", copy=False)
        return query, None
    query = query.from_(exp.to_table(KEYS_CTE), copy=False)
    for fact in facts:
        on = [
            exp.NullSafeEQ(this=exp.column(k.name, KEYS_CTE), expression=exp.column(k.name, fact))
            for k in plan.group_by
        ]
        query = query.join(exp.to_table(fact), on=exp.and_(*on, copy=False), join_type="left", copy=False)
    return query, KEYS_CTE


def _order(plan: ResolvedQuery) -> list[exp.Ordered]:
    """The user's order, then the group-by keys as tie-breakers so results are reproducible."""
    chosen = {o.field for o in plan.order_by}
    ordering = [exp.Ordered(this=exp.column(o.field), desc=o.desc) for o in plan.order_by]
    return ordering + [exp.Ordered(this=exp.column(key.name)) for key in plan.group_by if key.name not in chosen]


def _combine(plan: ResolvedQuery, catalog: Catalog) -> exp.Select:
    query, key_source = _from_clause(plan, exp.select())
    multi = len(plan.facts) > 1
    keys = [
        exp.column(key.name, key_source).as_(key.name) if key_source else exp.column(key.name) for key in plan.group_by
    ]
    values = [metric_expr(metric, catalog, cte_name, multi).as_(metric.name) for metric in plan.metrics]
    query = query.select(*keys, *values, copy=False)
    for fact in plan.facts:
        query = query.with_(cte_name(fact), as_=fact_cte(plan, fact, catalog), copy=False)
    if multi and plan.group_by:
        query = query.with_(KEYS_CTE, as_=_key_spine(plan), copy=False)
    ordering = _order(plan)
    query = query.order_by(*ordering, copy=False) if ordering else query
    return query.limit(plan.limit, copy=False) if plan.limit else query


def _ranking_source(query: SemanticQuery, shares: object) -> Callable[[ResolvedQuery, Catalog], exp.Select]:
    """What the per-group ranking numbers: the combined metrics, with their shares when asked."""
    if shares is None:
        return _combine
    return lambda plan, catalog: with_shares(query, plan, catalog, _combine)


def compile_query(query: SemanticQuery, catalog: Catalog | None = None, dialect: str = "duckdb") -> CompiledQuery:
    """Check and compile a semantic query; raises SemanticQueryError for anything the user can fix."""
    catalog = catalog or load_catalog()
    plan = plan_query(query, catalog)
    if query.period_change:
        return _compiled(query, plan, catalog, dialect, with_period_change(query, plan, catalog, _combine))
    expression = with_shares(query, plan, catalog, _combine) if query.share_of_total else _combine(plan, catalog)
    shares = tuple(share_column(m.name) for m in plan.metrics) if query.share_of_total else ()
    if query.rank_within:
        ranked = with_shares if query.share_of_total else None
        expression = with_group_ranking(query, plan, catalog, _ranking_source(query, ranked), plan.columns + shares)
    return CompiledQuery(
        query=query,
        expression=expression,
        sql=render(expression, dialect),
        dialect=dialect,
        columns=plan.columns + shares,
        notices=notices_for(plan, catalog),
        metrics=tuple(m.name for m in plan.metrics),
        dimensions=tuple(key.name for key in plan.group_by) + tuple(f.dimension.name for f in plan.filters),
    )


def _compiled(
    query: SemanticQuery, plan: ResolvedQuery, catalog: Catalog, dialect: str, tree: exp.Select
) -> CompiledQuery:
    """A growth series: each metric followed by its baseline and its change (semantic_layer/period_change.py)."""
    columns = tuple(key.name for key in plan.group_by) + tuple(
        column for m in plan.metrics for column in (m.name, baseline_column(m.name), growth_column(m.name))
    )
    return CompiledQuery(
        query=query,
        expression=tree,
        sql=render(tree, dialect),
        dialect=dialect,
        columns=columns,
        notices=notices_for(plan, catalog),
        metrics=tuple(m.name for m in plan.metrics),
        dimensions=tuple(key.name for key in plan.group_by) + tuple(f.dimension.name for f in plan.filters),
    )
