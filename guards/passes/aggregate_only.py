"""Pass 7: aggregate-only roles see groups of at least `min_group_size` customers, nothing finer.

Every SELECT that reads a customer-linked policy view directly must aggregate (IN/EXISTS subqueries excepted:
they only feed a predicate of a scope that is itself checked). Each such SELECT gets
`HAVING count(DISTINCT <view>.__cdm_key) >= N` for every customer-linked view it reads, the
way Snowflake aggregation policies drop small groups. ROLLUP/CUBE/GROUPING SETS and PIVOT are
rejected. For the root and each CTE body the pass also builds a probe query that counts the
groups removed, so the user gets a notice saying how many.
"""

from __future__ import annotations

from sqlglot import exp

from guards.decision import GroupSuppression
from guards.passes.context import GuardContext, direct_sources, own_nodes, reject
from guards.views import ENTITY_KEY, VIEW_META

GROUPING_TYPES = (exp.Cube, exp.Rollup, exp.GroupingSets)


def _is_aggregate(select: exp.Select) -> bool:
    group = select.args.get("group")
    if group is not None:
        if any(group.args.get(k) for k in ("cube", "rollup", "grouping_sets")) or group.find(*GROUPING_TYPES):
            raise reject("grouping_sets", "ROLLUP, CUBE and GROUPING SETS are not available to aggregate-only roles")
        return True
    nodes = own_nodes(select)
    return any(isinstance(n, exp.AggFunc) and not n.find_ancestor(exp.Window) for n in nodes)


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
    return [s for s in direct_sources(select) if isinstance(s, exp.Subquery) and VIEW_META in s.meta]


def _has_entity_key(view: exp.Subquery) -> bool:
    return any(s.alias_or_name == ENTITY_KEY for s in view.this.expressions)


def _size_condition(select: exp.Select, views: list[exp.Subquery], minimum: int) -> exp.Expr | None:
    checks = [
        exp.Count(this=exp.Distinct(expressions=[exp.column(ENTITY_KEY, table=v.alias_or_name)])) >= minimum
        for v in views
        if _has_entity_key(v)
    ]
    return exp.and_(*checks) if checks else None


def _probe(select: exp.Select, condition: exp.Expr, root: exp.Expr) -> exp.Expr:
    """SQL counting the groups `condition` removes from `select` (same CTEs, same user HAVING)."""
    body = select.copy()
    having = body.args.get("having")
    removed = exp.not_(condition.copy())
    body.set("having", exp.Having(this=exp.and_(having.this, removed) if having else removed))
    for key in ("order", "limit", "offset"):
        body.set(key, None)
    probe = exp.select(exp.Count(this=exp.Star())).from_(body.subquery("__groups"))
    if select is not root and root.args.get("with_") is not None:
        probe.set("with_", root.args["with_"].copy())
    return probe


def _guard_select(select: exp.Select, ctx: GuardContext, probes: list[exp.Expr]) -> None:
    views = _views(select)
    if not any(_has_entity_key(v) for v in views):
        return  # products, stores, dataset_info, pain points: no customer behind the rows
    if not _is_aggregate(select):
        if _feeds_checked_predicate(select):
            return
        raise reject("aggregate_only", f"role {ctx.principal.role} may only see aggregated results (use GROUP BY)")
    condition = _size_condition(select, views, ctx.policy.min_group_size)
    if condition is None:
        return
    if select is ctx.expression or isinstance(select.parent, exp.CTE):
        probes.append(_probe(select, condition, ctx.expression))
    having = select.args.get("having")
    select.set("having", exp.Having(this=exp.and_(having.this, condition) if having else condition))


def enforce_aggregate_only(ctx: GuardContext) -> GuardContext:
    if not ctx.policy.aggregate_only:
        return ctx
    if ctx.expression.find(exp.Pivot):
        raise reject("aggregate_only", "PIVOT and UNPIVOT are not available to aggregate-only roles")
    probes: list[exp.Expr] = []
    for select in list(ctx.expression.find_all(exp.Select)):
        _guard_select(select, ctx, probes)
    suppression = GroupSuppression(ctx.policy.min_group_size, tuple(probes))
    return ctx.evolve(suppression=suppression)
