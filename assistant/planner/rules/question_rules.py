"""The rules that answer from the question text alone, before any reading: typed SQL, and a verified
query an owner checked for this very question."""

from __future__ import annotations

from collections.abc import Callable

from assistant.planner.context import PlannerContext
from assistant.planner.cues import is_followup
from assistant.planner.interpretation import describe_query
from assistant.planner.plan import Plan, QueryPlan, SqlPlan
from assistant.planner.rules.query_parts import as_dict
from assistant.planner.sql_detection import looks_like_sql
from assistant.planner.text import normalize
from assistant.planner.verified import find_verified
from engines.notices import Notice

QuestionRule = Callable[[str, PlannerContext], Plan | None]


def typed_sql(question: str, context: PlannerContext) -> Plan | None:
    return SqlPlan(question.strip().rstrip(";").strip()) if looks_like_sql(question) else None


def verified_query(question: str, context: PlannerContext) -> Plan | None:
    if is_followup(normalize(question)):
        return None
    verified = find_verified(question, context.catalog)
    if verified is None:
        return None
    interpretation = describe_query(as_dict(verified.query), context.lexicon.labels, context.as_of.isoformat())
    message = f"Answered with a verified query checked by {verified.verified_by or 'the metric owners'}."
    return QueryPlan(
        query=verified.query, interpretation=interpretation, notices=(Notice(code="verified_query", message=message),)
    )
