"""Answers questions about what customers say: pain points with counts, trends and quotes, or search.

The feedback layer enforces the role's row filters and free-text rights; quoted review text is
untrusted data and is only ever shown as text.
"""

from __future__ import annotations

from typing import Any

import duckdb

from assistant.answer import Answer, AnswerNotice, AnswerStatus, ChartKind, ChartSpec
from assistant.planner.plan import FeedbackPlan
from assistant.resources import Resources
from data.settings import chroma_path
from guards.principal import Principal

STATUS = {"ok": AnswerStatus.ANSWERED, "answered": AnswerStatus.ANSWERED, "blocked": AnswerStatus.BLOCKED}


def _notices(result: Any) -> tuple[AnswerNotice, ...]:
    return tuple(
        AnswerNotice(code=str(_get(n, "code")), message=str(_get(n, "message"))) for n in _get(result, "notices") or ()
    )


def _get(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def answer_feedback(plan: FeedbackPlan, question: str, principal: Principal, resources: Resources) -> Answer:
    if not feedback_index_ready(resources):
        return Answer(
            status=AnswerStatus.UNSUPPORTED,
            question=question,
            interpretation=plan.interpretation,
            summary="The customer-feedback index has not been built yet; an administrator can run `cdm feedback build`.",
            kind="pain_points" if plan.mode != "search" else "feedback_search",
        )
    if plan.mode == "search":
        return _search(plan, question, principal, resources)
    return _pain_points(plan, question, principal, resources)


def feedback_index_ready(resources: Resources) -> bool:
    """The index build writes feedback_topics into the warehouse and the vectors under CDM_HOME."""
    with duckdb.connect(str(resources.warehouse), read_only=True) as connection:
        tables = {row[0] for row in connection.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    return {"feedback_topics", "pain_points"} <= tables and chroma_path().exists()


def _search(plan: FeedbackPlan, question: str, principal: Principal, resources: Resources) -> Answer:
    from feedback.search import search_feedback

    result = search_feedback(plan.text, principal, filters=plan.filters or None, k=10, warehouse=resources.warehouse)
    payload = result.to_json_dict() if hasattr(result, "to_json_dict") else result
    status = STATUS.get(str(_get(payload, "status")), AnswerStatus.ERROR)
    hits = list(_get(payload, "results") or [])
    columns = ("source", "id", "score", "text")
    rows = tuple((_get(h, "source"), _get(h, "id"), round(float(_get(h, "score")), 3), _get(h, "text")) for h in hits)
    summary = f"{len(rows)} pieces of feedback match “{plan.text}”." if status == AnswerStatus.ANSWERED else ""
    notices = _notices(payload)
    return Answer(
        status=status,
        question=question,
        interpretation=plan.interpretation,
        columns=columns,
        rows=rows,
        summary=summary or "; ".join(n.message for n in notices) or "Feedback search is not available.",
        chart=ChartSpec(kind=ChartKind.TABLE),
        notices=notices,
        kind="feedback_search",
        extra={"results": [dict(h) if isinstance(h, dict) else h for h in hits]},
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
    )
    payload = result.to_json_dict() if hasattr(result, "to_json_dict") else result
    status = STATUS.get(str(_get(payload, "status")), AnswerStatus.ERROR)
    columns = tuple(_get(payload, "columns") or ())
    rows = tuple(tuple(r) for r in _get(payload, "rows") or ())
    chart = ChartSpec(kind=ChartKind.BAR, x=columns[0], y=(columns[1],)) if len(columns) >= 2 and rows else None
    return Answer(
        status=status,
        question=question,
        interpretation=plan.interpretation,
        sql=_get(payload, "sql"),
        columns=columns,
        rows=rows,
        summary=str(_get(payload, "summary") or ""),
        chart=chart,
        notices=_notices(payload),
        kind="pain_points",
        extra={k: _get(payload, k) for k in ("pain_points", "quotes", "trend") if _get(payload, k) is not None},
    )
