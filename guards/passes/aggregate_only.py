"""Pass 7: aggregate-only roles see groups of at least `min_group_size` customers, nothing finer.

Every SELECT that reads a customer-linked policy view directly must aggregate (IN/EXISTS subqueries excepted:
they only feed a predicate of a scope that is itself checked). Each such SELECT gets
`HAVING count(DISTINCT <view>.__cdm_key) >= N` for every customer-linked view it reads, the
way Snowflake aggregation policies drop small groups, and, per released value, the same check over
the customers that contribute to it: `AVG(CASE WHEN tier = 'Gold' THEN x END)` counts only the
customers whose rows pass its own filter (`count(DISTINCT CASE WHEN <argument> IS NOT NULL THEN key
END)`), so one metric's filter cannot narrow a "10+" group to two customers. ROLLUP/CUBE/GROUPING
SETS and PIVOT are rejected. Nothing counts the groups removed: the notice is the same whether a
filter matches 0 or 1-9 customers (no oracle).
"""

from __future__ import annotations

from sqlglot import exp

from guards.decision import GroupSuppression
from guards.passes.context import GuardContext, direct_sources, own_nodes, reject
from guards.views import ENTITY_KEY, VIEW_META, has_entity_key

GROUPING_TYPES = (exp.Cube, exp.Rollup, exp.GroupingSets)
SIZE_CHECK_META = "cdm_size_check"  # marks the condition this pass adds to a HAVING


def _is_aggregate(select: exp.Select, aggregates: list[exp.AggFunc]) -> bool:
    group = select.args.get("group")
    if group is not None:
        if any(group.args.get(k) for k in ("cube", "rollup", "grouping_sets")) or group.find(*GROUPING_TYPES):
            raise reject("grouping_sets", "ROLLUP, CUBE and GROUPING SETS are not available to aggregate-only roles")
        return True
    return bool(aggregates)


def _feeds_checked_predicate(select: exp.Select) -> bool:
    """An IN/EXISTS subquery whose enclosing SELECT itself reads a customer-linked view (and so gets
    the group-size HAVING): its rows only decide membership in groups that are checked."""
    parent = select.parent
    while isinstance(parent, (exp.Subquery, exp.Paren)):
        parent = parent.parent
    if not isinstance(parent, (exp.In, exp.Exists)):
        return False
    enclosing = parent.find_ancestor(exp.Select)
    return enclosing is not None and any(_has_entity_key(v) for v in _views(enclosing))


def _views(select: exp.Select) -> list[exp.Subquery]:
    return [s for s in direct_sources(select) if isinstance(s, exp.Subquery) and s.meta_get(VIEW_META) is not None]


def _has_entity_key(view: exp.Subquery) -> bool:
    return has_entity_key(view)


def _is_null_or_zero(value: exp.Expr | None) -> bool:
    return (
        value is None or isinstance(value, exp.Null) or (isinstance(value, exp.Literal) and value.this in ("0", "0.0"))
    )


def _contribution(aggregate: exp.AggFunc) -> exp.Expr | None:
    """When a row contributes to an aggregate: its argument is not NULL (a CASE whose other branch
    is NULL or 0 contributes only when one of its conditions holds) and its FILTER clause holds."""
    argument = aggregate.this
    if isinstance(argument, exp.Distinct):
        argument = argument.expressions[0] if len(argument.expressions) == 1 else None
    conditions: list[exp.Expr] = []
    if isinstance(argument, exp.Case) and argument.this is None and _is_null_or_zero(argument.args.get("default")):
        conditions.append(exp.or_(*(branch.this.copy() for branch in argument.args["ifs"]), copy=False))
    elif argument is not None and not isinstance(argument, exp.Star):
        conditions.append(exp.Not(this=exp.Is(this=argument.copy(), expression=exp.Null())))
    if isinstance(aggregate.parent, exp.Filter):
        conditions.append(aggregate.parent.expression.this.copy())
    return exp.and_(*conditions, copy=False) if conditions else None


def _aggregates(select: exp.Select) -> list[exp.AggFunc]:
    return [n for n in own_nodes(select) if isinstance(n, exp.AggFunc) and not n.find_ancestor(exp.Window)]


def at_least(count: exp.Expr, minimum: int) -> exp.Expr:
    """`count >= minimum` without copying `count` (the `>=` operator of sqlglot copies its operand)."""
    return exp.GTE(this=count, expression=exp.Literal.number(minimum))


def _size_condition(aggregates: list[exp.AggFunc], views: list[exp.Subquery], minimum: int) -> exp.Expr | None:
    keys = [exp.column(ENTITY_KEY, table=v.alias_or_name) for v in views]
    populations: list[exp.Expr] = [exp.Distinct(expressions=[key]) for key in keys]
    for aggregate in aggregates:
        condition = _contribution(aggregate)
        if condition is not None:
            last = len(keys) - 1  # the condition is a fresh tree: the last case takes it, the others copies
            cases = [exp.Case(ifs=[exp.If(this=condition if i == last else condition.copy(), true=key.copy())])
                     for i, key in enumerate(keys)]  # fmt: skip
            populations += [exp.Distinct(expressions=[case]) for case in cases]
    unique = {p: p for p in populations}  # structural equality: the same check once
    checks = [at_least(exp.Count(this=population), minimum) for population in unique.values()]
    return exp.and_(*checks, copy=False) if checks else None


def _guard_select(select: exp.Select, ctx: GuardContext) -> None:
    customer_views = [v for v in _views(select) if _has_entity_key(v)]
    if not customer_views:
        return  # products, stores, dataset_info, pain points: no customer behind the rows
    aggregates = _aggregates(select)
    if not _is_aggregate(select, aggregates):
        if _feeds_checked_predicate(select):
            return
        raise reject("aggregate_only", f"role {ctx.principal.role} may only see aggregated results (use GROUP BY)")
    condition = _size_condition(aggregates, customer_views, ctx.policy.min_group_size)
    if condition is None:
        return
    condition.meta[SIZE_CHECK_META] = True
    having = select.args.get("having")
    select.set("having", exp.Having(this=exp.and_(having.this, condition, copy=False) if having else condition))


def enforce_aggregate_only(ctx: GuardContext) -> GuardContext:
    if not ctx.policy.aggregate_only:
        return ctx
    nodes = list(ctx.expression.find_all(exp.Select, exp.Pivot))  # one walk for both
    if any(isinstance(n, exp.Pivot) for n in nodes):
        raise reject("aggregate_only", "PIVOT and UNPIVOT are not available to aggregate-only roles")
    selects = [n for n in nodes if isinstance(n, exp.Select)]
    for select in selects:
        _guard_select(select, ctx)
    checked = any(s.args.get("having") and s.args["having"].find(exp.Count) for s in selects)
    return ctx.evolve(suppression=GroupSuppression(ctx.policy.min_group_size) if checked else None)
