"""Each API request (and MCP tool call) as the `Answer` the CLI prints with `--json`.

Nothing here talks to a database itself: questions go through `assistant.service.ask`, semantic
queries through `answer_query` (compile, guard, run, narrate), typed SQL through `answer_sql`
(the guards decide, as for SQL typed into the chat), feedback search through `answer_feedback`,
and the audit log through `AuditLog.tail` (the admin role only). The principal always comes from
the caller's token, never from the request.
"""

from __future__ import annotations

from typing import Any

from assistant.answer import Answer, AnswerKind
from assistant.conversation import Conversation
from assistant.feedback_answers import answer_feedback
from assistant.planner.plan import FeedbackPlan, QueryPlan, SqlPlan
from assistant.resources import load_resources
from assistant.router import ask
from assistant.service import answer_query, provenance, redescribe
from assistant.sql_answers import answer_sql
from cdm.api.messages import message
from data.errors import CdmError
from engines.notices import Notice
from engines.status import Status
from guards.audit import AuditLog
from guards.principal import Principal
from semantic_layer.model import Metric
from semantic_layer.query import SemanticQuery

AUDIT_COLUMNS = ("ts", "user", "role", "origin", "decision", "row_count", "question", "original_sql", "audit_id")
METRIC_COLUMNS = ("name", "label", "type", "format", "status", "time_dimensions", "description")


def _error(error: CdmError, question: str = "") -> Answer:
    return Answer(status=Status.ERROR, question=question, summary=error.message)


def ask_question(question: str, principal: Principal, conversation: Conversation, engine: str = "auto") -> Answer:
    """The chat's path (assistant.router): the offline planner or the LLM agent, guard, run, narrate."""
    return ask(question, principal, conversation, engine=engine)


def run_query(query: SemanticQuery, principal: Principal, question: str = "") -> Answer:
    """A semantic query as given, with the governed substitutions and notices of the chat."""
    try:
        resources = load_resources()
        plan = QueryPlan(query=query, interpretation=redescribe(QueryPlan(query, ""), query, resources))
        answer = answer_query(plan, question or plan.interpretation, principal, resources)
    except CdmError as error:
        return _error(error, question)
    return answer.model_copy(update={"provenance": provenance(resources)})


def run_sql(sql: str, principal: Principal) -> Answer:
    """SQL typed by a person: allowed only for roles with free SQL, rewritten and run by the guards."""
    try:
        resources = load_resources()
        answer = answer_sql(SqlPlan(sql=sql), sql, principal, resources)
    except CdmError as error:
        return _error(error, sql)
    return answer.model_copy(update={"provenance": provenance(resources)})


def search_feedback(text: str, principal: Principal, filters: dict[str, str] | None = None) -> Answer:
    """Semantic search over redacted reviews and tickets, within the role's rows and text rights."""
    question = f"feedback search: {text}"
    interpretation = f"Customer feedback about “{text}”"
    plan = FeedbackPlan(mode="search", text=text, interpretation=interpretation, filters=dict(filters or {}))
    try:
        resources = load_resources()
        return answer_feedback(plan, question, principal, resources)
    except CdmError as error:
        return _error(error, question)


def _metric_row(metric: Metric) -> tuple[Any, ...]:
    return (
        metric.name, metric.label, metric.type, metric.format, metric.status,
        list(metric.time_dimensions), metric.description,
    )  # fmt: skip


def list_metrics() -> Answer:
    from semantic_layer.catalog import load_catalog

    rows = tuple(_metric_row(m) for m in load_catalog().metrics.values())
    summary = message("metrics_summary", count=len(rows))
    return Answer(
        status=Status.ANSWERED,
        columns=METRIC_COLUMNS,
        rows=rows,
        summary=summary,
        kind=AnswerKind.TEXT,
        extra={"resource": "metrics"},
    )


def describe_metric(name: str) -> Answer | None:
    """One metric's definition, or None when there is no such metric."""
    from semantic_layer.catalog import load_catalog

    metric = load_catalog().metrics.get(name)
    if metric is None:
        return None
    details = {
        "synonyms": list(metric.synonyms), "owner": metric.owner, "privacy_classes": dict(metric.privacy_classes),
        "alternatives": list(metric.alternatives), "inputs": list(metric.inputs), "expr": metric.expr,
    }  # fmt: skip
    return Answer(
        status=Status.ANSWERED, question=name, columns=METRIC_COLUMNS, rows=(_metric_row(metric),),
        summary=f"{metric.label}: {metric.description}", kind=AnswerKind.TEXT, extra={"resource": "metric", "metric": details},
    )  # fmt: skip


def audit_tail(principal: Principal, n: int) -> Answer:
    """The latest requests (as `cdm audit tail`); the admin role only, like the audit files."""
    if principal.role != "admin":
        refusal = message("admin_only")
        return Answer(
            status=Status.BLOCKED,
            summary=refusal,
            notices=(Notice(code="admin_only", message=refusal),),
            kind=AnswerKind.TEXT,
            extra={"resource": "audit"},
        )
    entries = AuditLog().tail(n)
    rows = tuple(tuple(e.as_json()[c] for c in AUDIT_COLUMNS) for e in entries)
    summary = message("audit_summary", count=len(rows))
    extra = {"resource": "audit", "entries": [e.as_json() for e in entries]}
    return Answer(
        status=Status.ANSWERED,
        columns=AUDIT_COLUMNS,
        rows=rows,
        summary=summary,
        kind=AnswerKind.TEXT,
        extra=extra,
    )
