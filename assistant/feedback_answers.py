"""Answers questions about what customers say: pain points with counts, trends and quotes, or search.

The feedback layer enforces the role's row filters and free-text rights; quoted review text is
untrusted data and is only ever shown as text.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import duckdb

from assistant.answer import Answer, AnswerKind, ChartKind, ChartSpec
from assistant.describing import describe_feedback
from assistant.feedback_details import pain_point_details, search_details
from assistant.planner.plan import FeedbackPlan
from assistant.resources import Resources
from assistant.templates import language_of
from data.settings import chroma_path
from engines.notices import Notice
from engines.status import Status
from guards.principal import Principal

if TYPE_CHECKING:
    from feedback.pain_points import PainPointResult
    from feedback.search import FeedbackSearchResult


def _notices(result: PainPointResult | FeedbackSearchResult) -> tuple[Notice, ...]:
    """The feedback layer's notices as they are: one Notice type, its privacy figures kept."""
    return tuple(result.notices)


def answer_feedback(plan: FeedbackPlan, question: str, principal: Principal, resources: Resources) -> Answer:
    language = language_of(question)
    if language != "en":  # the planner's reading is English; the reply language gets its own
        plan = replace(plan, interpretation=describe_feedback(plan, resources.labels(language)))
    if not feedback_index_ready(resources):
        return Answer(
            status=Status.UNSUPPORTED,
            question=question,
            interpretation=plan.interpretation,
            summary="The customer-feedback index has not been built yet; an administrator can run `cdm feedback build`.",
            kind=AnswerKind.PAIN_POINTS if plan.mode != "search" else AnswerKind.FEEDBACK_SEARCH,
        )
    if plan.mode == "search":
        return _search(plan, question, principal, resources)
    return _pain_points(plan, question, principal, resources)


def feedback_index_ready(resources: Resources) -> bool:
    """The index build fills the pain-point tables (which `cdm data build` creates empty) and
    writes the vectors under CDM_HOME."""
    with duckdb.connect(str(resources.warehouse), read_only=True) as connection:
        tables = {row[0] for row in connection.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        built = "pain_points" in tables and connection.execute("SELECT count(*) FROM pain_points").fetchone()
    return bool(built and built[0]) and chroma_path().exists()


def _search(plan: FeedbackPlan, question: str, principal: Principal, resources: Resources) -> Answer:
    from feedback.search import search_feedback

    result = search_feedback(
        plan.text, principal, filters=plan.filters or None, k=10, warehouse=resources.warehouse, question=question
    )
    status = result.status.as_answer()
    rows = tuple((hit.source, hit.id, round(hit.score, 3), hit.text) for hit in result.results)
    notices = _notices(result)
    summary = f"{len(rows)} pieces of feedback match “{plan.text}”." if status == Status.ANSWERED else ""
    return Answer(
        status=status,
        question=question,
        interpretation=plan.interpretation,
        columns=("source", "id", "score", "text"),
        rows=rows,
        summary=summary or "; ".join(n.message for n in notices) or "Feedback search is not available.",
        chart=ChartSpec(kind=ChartKind.TABLE),
        notices=notices,
        kind=AnswerKind.FEEDBACK_SEARCH,
        audit_id=result.audit_id,
        feedback=search_details(hit.to_json_dict() for hit in result.results),
    )


def _pain_points(plan: FeedbackPlan, question: str, principal: Principal, resources: Resources) -> Answer:
    from feedback.pain_points import pain_point_summary

    result = pain_point_summary(
        principal,
        by=plan.by,
        start=plan.period.start if plan.period else None,
        end=plan.period.end if plan.period else None,
        baseline_start=plan.baseline.start if plan.baseline else None,
        baseline_end=plan.baseline.end if plan.baseline else None,
        filters=plan.filters or None,
        warehouse=resources.warehouse,
        question=question,
    )
    status = result.status.as_answer()
    columns, rows = result.columns, result.rows
    value = columns[-1] if columns else ""
    chart = ChartSpec(kind=ChartKind.BAR, x=columns[0], y=(value,)) if len(columns) == 2 and rows else None
    if len(columns) == 3 and rows and columns[1] != "current_count":
        chart = ChartSpec(kind=ChartKind.BAR, x=columns[0], y=(value,), series=columns[1])
    notices = _notices(result)
    summary = result.summary or "; ".join(n.message for n in notices)
    return Answer(
        status=status,
        question=question,
        interpretation=plan.interpretation,
        sql=result.sql,
        columns=columns,
        rows=rows,
        summary=summary,
        chart=chart,
        notices=notices,
        kind=AnswerKind.PAIN_POINTS,
        audit_id=result.audit_id,
        feedback=pain_point_details(result.pain_points, result.trend),
    )
