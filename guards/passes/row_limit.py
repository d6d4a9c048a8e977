"""Pass 8: the result never exceeds the role's max rows (LIMIT added or lowered)."""

from __future__ import annotations

from sqlglot import exp

from guards.passes.context import GuardContext


def _current_limit(root: exp.Expr) -> int | None:
    limit = root.args.get("limit")
    if not isinstance(limit, exp.Limit) or not isinstance(limit.expression, exp.Literal):
        return None
    text = limit.expression.this
    return int(text) if not limit.expression.is_string and str(text).isdigit() else None


def enforce_row_limit(ctx: GuardContext) -> GuardContext:
    root, maximum = ctx.expression, ctx.policy.max_rows
    current = _current_limit(root)
    if current is not None and current <= maximum:
        return ctx
    root.set("limit", exp.Limit(expression=exp.Literal.number(maximum)))
    return ctx.evolve(limit_enforced=True)
