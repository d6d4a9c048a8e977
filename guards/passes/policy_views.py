"""Pass 6: replace every base-table reference with the principal's policy view.

Runs after table resolution, so each marked `exp.Table` is a real base table wherever it sits
(CTE body, subquery, join, lateral, set operation, PIVOT source). The view keeps the reference's
alias (or the table name), so the rest of the query binds to masked, filtered columns.
"""

from __future__ import annotations

from sqlglot import exp

from guards.grants import GRANTS_META, grant_notice
from guards.passes.context import BASE_META, GuardContext
from guards.passes.tables import ALLOWED_SCHEMAS
from guards.views import policy_view

CARRIED_ARGS = ("pivots", "sample", "joins", "laterals")


def _view_for(table: exp.Table, ctx: GuardContext) -> exp.Subquery:
    view = policy_view(ctx.principal, table.meta_get(BASE_META), table.alias_or_name)
    alias = table.args.get("alias")
    if alias is not None:
        view.set("alias", alias.copy())
    for key in CARRIED_ARGS:
        if table.args.get(key):
            view.set(key, table.args[key])
    return view


def _unqualify_columns(root: exp.Expr, names: set[str]) -> None:
    """`main.customers.city` names the view now aliased `customers`: keep only `customers.city`."""
    for column in root.find_all(exp.Column):
        schema = column.args.get("db")
        if schema is not None and column.db.lower() in ALLOWED_SCHEMAS and column.table.lower() in names:
            column.set("db", None)
            column.set("catalog", None)


def apply_policy_views(ctx: GuardContext) -> GuardContext:
    bases = [t for t in ctx.expression.find_all(exp.Table) if t.meta_get(BASE_META) is not None]
    _unqualify_columns(ctx.expression, {t.name.lower() for t in bases if not t.alias})
    used: set[str] = set()
    for table in bases:
        view = _view_for(table, ctx)
        used.update(view.meta_get(GRANTS_META))
        table.replace(view)
    return ctx.with_notice(grant_notice(used)) if used else ctx
