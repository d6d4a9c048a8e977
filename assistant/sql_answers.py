"""Answers SQL typed into the chat: the guards decide, rewrite and run it; nothing else executes it."""

from __future__ import annotations

from assistant.answer import Answer, AnswerStatus
from assistant.charts import choose_chart, numeric_columns
from assistant.execution import guard_notices
from assistant.planner.plan import SqlPlan
from assistant.resources import Resources
from guards.principal import Principal
from guards.service import run_guarded

STATUS = {"ok": AnswerStatus.ANSWERED, "blocked": AnswerStatus.BLOCKED}


def answer_sql(plan: SqlPlan, question: str, principal: Principal, resources: Resources) -> Answer:
    result = run_guarded(plan.sql, principal, origin="sql", question=question, warehouse=resources.warehouse)
    status = STATUS.get(result.status, AnswerStatus.ERROR)
    notices = guard_notices(result)
    columns, rows = tuple(result.columns), tuple(tuple(r) for r in result.rows)
    if status == AnswerStatus.ANSWERED:
        summary = f"{len(rows)} row{'s' if len(rows) != 1 else ''} returned under the {principal.role} policy."
    else:
        summary = "; ".join(n.message for n in notices) or "This SQL was not allowed."
    measures = numeric_columns(columns, rows)
    return Answer(
        status=status,
        question=question,
        interpretation=f"SQL you typed, checked and run under the privacy policy of role {principal.role}",
        sql=result.sql,
        generated_sql=plan.sql,
        columns=columns,
        rows=rows,
        summary=summary,
        chart=choose_chart(columns, rows, measures) if status == AnswerStatus.ANSWERED else None,
        notices=notices,
        kind="sql",
        audit_id=result.audit_id,
    )
