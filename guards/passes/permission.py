"""Pass 1: free SQL (typed by a person or written by an LLM) needs the role's free_sql permission."""

from __future__ import annotations

from guards.passes.context import GuardContext, reject

ORIGINS = ("sql", "semantic")


def check_permission(ctx: GuardContext) -> GuardContext:
    if ctx.origin not in ORIGINS:
        raise reject("bad_origin", f"unknown query origin {ctx.origin!r}")
    if ctx.origin == "sql" and not ctx.policy.free_sql:
        raise reject(
            "no_free_sql",
            f"role {ctx.principal.role} may not run free SQL; ask a question or use a governed metric instead",
        )
    return ctx
