"""Answers SQL typed into the chat: the guards decide, rewrite and run it; nothing else executes it."""

from __future__ import annotations

from assistant.answer import Answer, AnswerKind
from assistant.outcome import Outcome
from assistant.planner.plan import SqlPlan
from assistant.presenting import Wording, answer_from_outcome
from assistant.resources import Resources
from assistant.role_names import role_label
from assistant.sql_hints import did_you_mean
from assistant.templates import language_of, phrase
from engines.status import Status
from guards.principal import Principal
from guards.service import run_guarded


def answer_sql(plan: SqlPlan, question: str, principal: Principal, resources: Resources) -> Answer:
    result = run_guarded(plan.sql, principal, origin="sql", question=question, warehouse=resources.warehouse)
    status = result.status.as_answer()
    notices = result.notices
    rows = tuple(tuple(r) for r in result.rows)
    message = "; ".join(n.message for n in notices) or "This SQL was not allowed."
    message += did_you_mean(message, plan.sql, principal)
    outcome = Outcome(
        status=status,
        columns=tuple(result.columns),
        rows=rows,
        sql=result.sql,
        generated_sql=plan.sql,
        notices=notices,
        audit_id=result.audit_id,
        message=message if status != Status.ANSWERED else "",
        kind=AnswerKind.SQL,
    )
    language = language_of(question)
    summary = phrase(
        language,
        "sql_row_returned" if len(rows) == 1 else "sql_rows_returned",
        count=len(rows),
        role=role_label(principal.role, language),
    )
    interpretation = phrase(language, "interp_sql_typed", role=role_label(principal.role, language))
    wording = Wording(question=question, interpretation=interpretation, language=language)
    return answer_from_outcome(outcome, wording, resources, summary=summary)
