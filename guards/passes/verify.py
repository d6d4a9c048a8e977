"""Pass 9 (defence in depth): after rewriting, the only tables left are inside policy views or are
our renamed CTEs. If a future change to another pass lets a raw reference through, this stops it.
"""

from __future__ import annotations

from sqlglot import exp

from guards.passes.context import CTE_META, GuardContext, reject
from guards.views import SOURCE_ALIAS, VIEW_META


def _inside_view(table: exp.Expr) -> bool:
    parent = table.parent
    while parent is not None:
        if isinstance(parent, exp.Subquery) and parent.meta_get(VIEW_META) is not None:
            return True
        parent = parent.parent
    return False


def _is_view_source(table: exp.Table) -> bool:
    return table.db == "main" and not table.catalog and _inside_view(table)


def verify_rewrite(ctx: GuardContext) -> GuardContext:
    for table in ctx.expression.find_all(exp.Table):
        if table.meta_get(CTE_META) is not None and not table.db and not table.catalog:
            continue
        if not _is_view_source(table):
            raise reject("internal", "the query could not be rewritten safely")
    if any(c.table == SOURCE_ALIAS and not _inside_view(c) for c in ctx.expression.find_all(exp.Column)):
        raise reject("internal", "the query could not be rewritten safely")
    return ctx
