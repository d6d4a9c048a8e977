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
from assistant.labels import Labels
from assistant.notice_words import worded
from assistant.planner.plan import FeedbackPlan
from assistant.resources import Resources
from assistant.templates import language_of, phrase
from data.settings import chroma_path
from engines.notices import Notice
from engines.status import Status
from guards.principal import Principal

PAIN_POINT = "pain_point"  # the semantic layer's dimension (feedback/pain_points.py DIMENSION)

if TYPE_CHECKING:
    from feedback.pain_points import PainPointResult
    from feedback.search import FeedbackSearchResult


def _notices(result: PainPointResult | FeedbackSearchResult, labels: Labels) -> tuple[Notice, ...]:
    """The feedback layer's notices (one Notice type, its figures kept), in the reply language;
    the pain-point trend's own notices keep saying they are about the trend."""
    from feedback.pain_points import TREND_PREFIX

    shown = []
    for notice in result.notices:
        if not notice.message.startswith(TREND_PREFIX):
            shown.append(worded(notice, labels))
            continue
        inner = replace(notice, message=notice.message.removeprefix(TREND_PREFIX))
        words = worded(inner, labels)
        shown.append(replace(words, message=phrase(labels.language, "trend_notice", message=words.message)))
    return tuple(dict.fromkeys(shown))


def headline(result: PainPointResult, labels: Labels) -> str:
    """The pain-point summary from its figures (`PainPointResult.headline`), in the reply language."""
    found = result.headline
    if found is None:
        return result.summary
    point = str(labels.value(PAIN_POINT, found.pain_point))
    growth = f"{found.growth:+.0%}" if found.growth is not None else ""
    return phrase(labels.language, f"pain_points_{found.kind}", pain_point=point, growth=growth,
                  mentions=_count(found.mentions), rows=found.rows)  # fmt: skip


def _count(value: float) -> str:
    return f"{value:,.0f}" if isinstance(value, float) else f"{value:,}"


def answer_feedback(plan: FeedbackPlan, question: str, principal: Principal, resources: Resources) -> Answer:
    language = language_of(question)
    if language != "en":  # the planner's reading is English; the reply language gets its own
        plan = replace(plan, interpretation=describe_feedback(plan, resources.labels(language)))
    if not feedback_index_ready(resources):
        return Answer(
            status=Status.UNSUPPORTED,
            question=question,
            interpretation=plan.interpretation,
            summary=phrase(language, "feedback_index_missing"),
            kind=AnswerKind.PAIN_POINTS if plan.mode != "search" else AnswerKind.FEEDBACK_SEARCH,
            language=language,
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
    status, labels = result.status.as_answer(), resources.labels(language_of(question))
    rows = tuple((hit.source, hit.id, round(hit.score, 3), hit.text) for hit in result.results)
    notices = _notices(result, labels)
    found = "feedback_search_one" if len(rows) == 1 else "feedback_search_found"
    summary = phrase(labels.language, found, count=len(rows), topic=plan.text) if status == Status.ANSWERED else ""
    return Answer(
        status=status,
        question=question,
        interpretation=plan.interpretation,
        columns=("source", "id", "score", "text"),
        rows=rows,
        summary=summary or _joined(notices, labels) or phrase(labels.language, "feedback_search_unavailable"),
        chart=ChartSpec(kind=ChartKind.TABLE),
        notices=notices,
        kind=AnswerKind.FEEDBACK_SEARCH,
        language=labels.language,
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
    status, labels = result.status.as_answer(), resources.labels(language_of(question))
    columns, rows = result.columns, result.rows
    value = columns[-1] if columns else ""
    chart = ChartSpec(kind=ChartKind.BAR, x=columns[0], y=(value,)) if len(columns) == 2 and rows else None
    if len(columns) == 3 and rows and columns[1] != "current_count":
        chart = ChartSpec(kind=ChartKind.BAR, x=columns[0], y=(value,), series=columns[1])
    notices = _notices(result, labels)
    summary = headline(result, labels) if status == Status.ANSWERED else _joined(notices, labels) or result.summary
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
        language=labels.language,
        audit_id=result.audit_id,
        feedback=pain_point_details(result.pain_points, result.trend),
    )


def _joined(notices: tuple[Notice, ...], labels: Labels) -> str:
    return phrase(labels.language, "notice_join").join(n.message for n in notices)
