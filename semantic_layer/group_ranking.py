"""Rankings inside each group: "the top channel in every region", "各地区销售额最高的两个渠道".

`rank_within: [region]` with `order_by` and `limit` keeps the first `limit` rows of each region
(ROW_NUMBER over the partition), instead of the first `limit` rows overall. The partition keys
must be group-by keys; the ranking order is the query's own order_by.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlglot import exp

from semantic_layer.catalog import Catalog
from semantic_layer.errors import Issue, SemanticQueryError
from semantic_layer.plan import ResolvedQuery
from semantic_layer.query import SemanticQuery

RANKED, POSITION = "ranked", "position_in_group"


def check_group_ranking(query: SemanticQuery, plan: ResolvedQuery) -> None:
    keys, within = {key.name for key in plan.group_by}, query.rank_within or ()
    problems = [f"'{name}' is not a group_by key" for name in within if name not in keys]
    if not plan.order_by or plan.limit is None:
        problems.append("a ranking within groups needs order_by and limit")
    if len(keys) <= len(set(within)):
        problems.append("group_by needs a key to rank besides the rank_within keys")
    if problems:
        raise SemanticQueryError(tuple(Issue("bad_rank_within", p, "rank_within") for p in problems))


def with_group_ranking(
    query: SemanticQuery,
    plan: ResolvedQuery,
    catalog: Catalog,
    combine: Callable[[ResolvedQuery, Catalog], exp.Select],
    columns: tuple[str, ...],
) -> exp.Select:
    """SELECT columns FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY within ORDER BY ...) ...) WHERE n <= limit."""
    check_group_ranking(query, plan)
    within = query.rank_within or ()
    inner = combine(replace(plan, order_by=(), limit=None), catalog)
    ordering = [exp.Ordered(this=exp.column(o.field), desc=o.desc) for o in plan.order_by]
    ordering += [exp.Ordered(this=exp.column(k.name)) for k in plan.group_by if k.name not in within]
    window = exp.Window(
        this=exp.RowNumber(),
        partition_by=[exp.column(name) for name in within],
        order=exp.Order(expressions=ordering),
    )
    numbered = exp.select(exp.Star(), window.as_(POSITION)).from_(
        exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier(RANKED)))
    )
    outer = exp.select(*(exp.column(c) for c in columns)).from_(
        exp.Subquery(this=numbered, alias=exp.TableAlias(this=exp.to_identifier("numbered")))
    )
    outer = outer.where(exp.column(POSITION) <= exp.Literal.number(plan.limit or 1))
    final_order = [exp.Ordered(this=exp.column(name)) for name in within]
    return outer.order_by(*final_order, exp.column(POSITION))
