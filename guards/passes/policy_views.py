"""Pass 6: replace every base-table reference with the principal's policy view.

Runs after table resolution, so each marked `exp.Table` is a real base table wherever it sits
(CTE body, subquery, join, lateral, set operation, PIVOT source). The view keeps the reference's
alias (or the table name), so the rest of the query binds to masked, filtered columns.
"""

from __future__ import annotations

from sqlglot import exp

from guards.passes.context import BASE_META, GuardContext
from guards.views import policy_view

CARRIED_ARGS = ("pivots", "sample", "joins", "laterals")


def _view_for(table: exp.Table, ctx: GuardContext) -> exp.Subquery:
    view = policy_view(ctx.principal, table.meta[BASE_META], table.alias_or_name)
    alias = table.args.get("alias")
    if alias is not None:
        view.set("alias", alias.copy())
    for key in CARRIED_ARGS:
        if table.args.get(key):
            view.set(key, table.args[key])
    return view


def apply_policy_views(ctx: GuardContext) -> GuardContext:
    bases = [t for t in ctx.expression.find_all(exp.Table) if BASE_META in t.meta]
    for table in bases:
        table.replace(_view_for(table, ctx))
    return ctx
