"""The guard as an ordered tuple of passes (like sqlglot's optimizer RULES): read it top to bottom."""

from __future__ import annotations

from collections.abc import Callable

from guards.passes.aggregate_only import enforce_aggregate_only
from guards.passes.context import GuardContext
from guards.passes.denied_columns import check_denied_columns
from guards.passes.functions import check_functions
from guards.passes.permission import check_permission
from guards.passes.policy_views import apply_policy_views
from guards.passes.privacy_noise import plan_privacy_noise
from guards.passes.row_limit import enforce_row_limit
from guards.passes.statement import check_statement
from guards.passes.tables import resolve_tables
from guards.passes.verify import verify_rewrite

Pass = Callable[[GuardContext], GuardContext]

PASSES: tuple[Pass, ...] = (
    check_permission,
    check_statement,
    check_functions,
    resolve_tables,
    check_denied_columns,
    apply_policy_views,
    enforce_aggregate_only,
    enforce_row_limit,
    verify_rewrite,
    plan_privacy_noise,
)


def run_passes(ctx: GuardContext) -> GuardContext:
    for guard_pass in PASSES:
        ctx = guard_pass(ctx)
    return ctx
