"""The one gate: guard a statement, run only the regenerated SQL, audit every request.

sql -> parse -> PASSES (guards.pipeline) -> GuardDecision -> execution backend of CDM_ENGINE
    (renders the tree for its engine, hardened run, probes) -> small-group suppression notice
    -> GuardedResult (with the SQL actually run) -> audit log (with the engine)
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlglot
from sqlglot import exp

from guards.audit import AuditLog
from guards.backend import ExecutionBackend, ExecutionError, execution_backend
from guards.decision import GuardDecision, GuardedResult, GuardRejection, Notice
from guards.execution import QueryOutput
from guards.passes.context import GuardContext
from guards.passes.parse import parse_statement
from guards.pipeline import run_passes
from guards.policy import role_policy
from guards.principal import Principal
from guards.views import row_filter


def guard_sql(sql: str | exp.Expr, principal: Principal, *, origin: str = "sql") -> GuardDecision:
    """Checks and rewrites one statement for a principal; nothing runs."""
    original = sql if isinstance(sql, str) else sql.sql(dialect="duckdb")
    policy = role_policy(principal)
    try:
        tree = parse_statement(sql) if isinstance(sql, str) else sql.copy()
        ctx = run_passes(GuardContext(tree, principal, policy, origin))
        rewritten = ctx.expression.sql(dialect="duckdb")
    except GuardRejection as rejection:
        return GuardDecision(allowed=False, original_sql=original, notices=(rejection.notice,))
    except sqlglot.errors.SqlglotError:
        notice = Notice("rewrite_failed", "the query could not be rewritten safely")
        return GuardDecision(allowed=False, original_sql=original, notices=(notice,))
    return GuardDecision(
        allowed=True,
        original_sql=original,
        sql=rewritten,
        expression=ctx.expression,
        notices=ctx.notices,
        suppression=ctx.suppression,
        max_rows=policy.max_rows,
        limit_enforced=ctx.limit_enforced,
        timeout_seconds=policy.timeout_seconds,
    )


def row_filter_sql(principal: Principal, table: str) -> str | None:
    """The predicate the role applies to a base table (e.g. for retrieval over review texts)."""
    condition = row_filter(principal, table)
    return condition.sql(dialect="duckdb") if condition is not None else None


def _result_notices(decision: GuardDecision, output: QueryOutput, suppressed: int) -> tuple[Notice, ...]:
    notices = list(decision.notices)
    if output.truncated or (decision.limit_enforced and len(output.rows) >= decision.max_rows):
        notices.append(Notice("row_limit", f"only the first {decision.max_rows} rows are shown"))
    if suppressed and decision.suppression:
        size = decision.suppression.min_group_size
        message = f"{suppressed} group(s) with fewer than {size} customers were removed to protect privacy"
        notices.append(Notice("small_groups_suppressed", message))
    return tuple(notices)


def _execute(decision: GuardDecision, backend: ExecutionBackend, sql: str) -> tuple[QueryOutput, tuple[Notice, ...]]:
    ran = backend.run(decision, sql)
    return ran.output, _result_notices(decision, ran.output, ran.suppressed_groups)


def run_guarded(
    sql: str | exp.Expr,
    principal: Principal,
    *,
    origin: str = "sql",
    question: str | None = None,
    warehouse: Path | None = None,
    provenance: Mapping[str, Any] | None = None,
) -> GuardedResult:
    """Guards, runs only the regenerated SQL on the configured engine's hardened backend, audits.

    On DuckDB `warehouse` is the warehouse file; on Spark a folder is an export and a file means the
    configured export (see data.backend.engine_location).
    """
    started = time.perf_counter()
    backend = execution_backend(warehouse)
    decision = guard_sql(sql, principal, origin=origin)
    status, output, notices = "blocked", QueryOutput((), (), False), decision.notices
    executed = backend.render(decision) if decision.allowed else None
    if executed is not None:
        try:
            output, notices = _execute(decision, backend, executed)
            status = "ok"
        except GuardRejection as rejection:
            notices = (*decision.notices, rejection.notice)
        except ExecutionError as error:
            status = "error"
            notices = (*decision.notices, Notice("db_error", error.message))
    duration = (time.perf_counter() - started) * 1000
    audit_id = AuditLog().record(
        principal=principal, origin=origin, original_sql=decision.original_sql, rewritten_sql=executed,
        decision=status, notices=notices, row_count=len(output.rows), duration_ms=duration, question=question,
        provenance=provenance, engine=backend.engine,
    )  # fmt: skip
    return GuardedResult(
        status=status, columns=output.columns, rows=output.rows, sql=executed,
        original_sql=decision.original_sql, notices=notices, row_count=len(output.rows), duration_ms=duration,
        audit_id=audit_id,
    )  # fmt: skip
