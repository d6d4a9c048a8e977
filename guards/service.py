"""The one gate: guard a statement, run only the regenerated SQL, audit every request.

sql -> parse -> PASSES (guards.pipeline) -> GuardDecision -> execution backend of CDM_ENGINE
    (renders the tree for its engine, hardened run) -> the uniform "small groups are hidden" notice
    -> GuardedResult (with the SQL actually run) -> audit log (with the engine)
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlglot
from sqlglot import exp

from engines.base import QueryOutput
from engines.notice_figures import Threshold
from engines.status import Status
from guards.audit import AuditLog
from guards.backend import ExecutionBackend, ExecutionError, execution_backend
from guards.decision import GuardDecision, GuardedResult, GuardRejection, Notice
from guards.passes.context import GuardContext
from guards.passes.parse import TOO_COMPLEX, parse_statement
from guards.pipeline import run_passes
from guards.policy import role_policy
from guards.principal import Principal
from guards.privacy.answer import answer_with_noise
from guards.views import row_filter

_DUCKDB = sqlglot.Dialect.get_or_raise("duckdb")


def guard_sql(sql: str | exp.Expr, principal: Principal, *, origin: str = "sql") -> GuardDecision:
    """Checks and rewrites one statement for a principal; nothing runs."""
    original = sql if isinstance(sql, str) else sql.sql(dialect="duckdb")
    policy = role_policy(principal)
    try:
        tree = parse_statement(sql) if isinstance(sql, str) else sql.copy()
        ctx = run_passes(GuardContext(tree, principal, policy, origin))
        rewritten = _render_own_tree(ctx.expression)
    except GuardRejection as rejection:
        return GuardDecision(allowed=False, original_sql=original, notices=(rejection.notice,))
    except sqlglot.errors.SqlglotError:
        notice = Notice("rewrite_failed", "the query could not be rewritten safely")
        return GuardDecision(allowed=False, original_sql=original, notices=(notice,))
    except RecursionError:  # a backstop: parse_statement refuses deep trees before the passes run
        return GuardDecision(allowed=False, original_sql=original, notices=(Notice("too_complex", TOO_COMPLEX),))
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
        noise=ctx.noise,
    )


def _render_own_tree(tree: exp.Expr) -> str:
    """DuckDB SQL of the tree the passes built, without sqlglot's defensive copy of it (a third of
    the cost): the generator changes nothing in a tree the passes let through (no SELECT ... INTO;
    tests/guards/test_guard_speed.py checks the whole corpus)."""
    return _DUCKDB.generate(tree, copy=False)


def row_filter_sql(principal: Principal, table: str) -> str | None:
    """The predicate the role applies to a base table (e.g. for retrieval over review texts)."""
    condition = row_filter(principal, table)
    return condition.sql(dialect="duckdb") if condition is not None else None


def small_groups_notice(min_group_size: int) -> Notice:
    """The same words on every answer whose groups were size-checked, whether or not any was hidden:
    a notice that appears only when something was removed would tell whether 1-9 customers match."""
    message = f"small groups are hidden (values over fewer than {min_group_size} customers are not shown)"
    return Notice("small_groups_suppressed", message, figures=Threshold(min_group_size))


def _result_notices(decision: GuardDecision, output: QueryOutput) -> tuple[Notice, ...]:
    notices = list(decision.notices)
    if output.truncated or (decision.limit_enforced and len(output.rows) >= decision.max_rows):
        rows = decision.max_rows
        notices.append(Notice("row_limit", f"only the first {rows} rows are shown", figures=Threshold(rows)))
    if decision.suppression:
        notices.append(small_groups_notice(decision.suppression.min_group_size))
    return tuple(notices)


@dataclass(frozen=True)
class _Executed:
    output: QueryOutput
    notices: tuple[Notice, ...]
    sql: str
    privacy: dict[str, Any] | None = None


def _execute(decision: GuardDecision, backend: ExecutionBackend, principal: Principal, sql: str) -> _Executed:
    settings = role_policy(principal).privacy
    if decision.noise is not None and settings is not None:
        noisy = answer_with_noise(decision, backend, principal, settings)
        output = QueryOutput(noisy.columns, noisy.rows, truncated=len(noisy.rows) >= decision.max_rows)
        return _Executed(output, (*_result_notices(decision, output), *noisy.notices), noisy.sql, noisy.privacy)
    ran = backend.run(decision, sql)
    return _Executed(ran.output, (*_result_notices(decision, ran.output), *ran.notices), sql)


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
    status, notices = Status.BLOCKED, decision.notices
    executed = backend.render(decision) if decision.allowed else None
    ran = _Executed(QueryOutput((), (), False), notices, executed or "")
    if executed is not None:
        try:
            ran, status = _execute(decision, backend, principal, executed), Status.OK
            notices, executed = ran.notices, ran.sql
        except GuardRejection as rejection:
            notices = (*decision.notices, rejection.notice)
        except ExecutionError as error:
            status = Status.ERROR
            notices = (*decision.notices, Notice("db_error", error.message, figures=error.figures))
        except RecursionError:  # an engine's parser check on a tree deeper than the guard's limit
            notices = (*decision.notices, Notice("too_complex", TOO_COMPLEX))
    output = ran.output
    duration = (time.perf_counter() - started) * 1000
    audit_id = AuditLog().record(
        principal=principal, origin=origin, original_sql=decision.original_sql, rewritten_sql=executed,
        decision=status, notices=notices, row_count=len(output.rows), duration_ms=duration, question=question,
        provenance=provenance, engine=backend.engine, privacy=ran.privacy,
    )  # fmt: skip
    return GuardedResult(
        status=status, columns=output.columns, rows=output.rows, sql=executed,
        original_sql=decision.original_sql, notices=notices, row_count=len(output.rows), duration_ms=duration,
        audit_id=audit_id, privacy=ran.privacy,
    )  # fmt: skip
