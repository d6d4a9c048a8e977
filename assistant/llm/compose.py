"""Turns a finished agent run into the one `Answer` type.

The numbers come from our tool results, never from the model's text: the answer's status, columns,
rows, SQL as executed and notices are those of the last successful data tool call, exactly as the
guards returned them. The model contributes only its short final text as the summary, and the
chart is chosen by our own rules from the result's shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.answer import Answer, AnswerNotice, AnswerStatus
from assistant.charts import choose_chart, numeric_columns
from assistant.llm.results import DataResult, ToolResult
from assistant.narrative import NarrativeInput, narrate
from assistant.resources import Resources

MAX_SUMMARY_CHARS = 1500
TEXT_ONLY = AnswerNotice(
    code="llm_text",
    message="The language model wrote this answer without running a query; it contains no governed numbers.",
)


def tool_results(messages: Sequence[Any]) -> list[ToolResult]:
    """Our `ToolResult` artifacts, in call order (the model cannot forge these: it only sees text)."""
    return [m.artifact for m in messages if getattr(m, "type", "") == "tool" and isinstance(m.artifact, ToolResult)]


def final_text(messages: Sequence[Any]) -> str:
    """The model's last reply that is not a tool call, trimmed to a short summary."""
    for message in reversed(messages):
        if getattr(message, "type", "") == "ai" and not getattr(message, "tool_calls", None):
            return str(message.text).strip()[:MAX_SUMMARY_CHARS]
    return ""


def narrative(data: DataResult, resources: Resources) -> str:
    """Our templated sentence with the actual numbers, kept even when the model writes a summary."""
    if not data.answered:
        return data.message or "This request was not allowed."
    if data.metrics:
        labels, formats = resources.lexicon.labels, resources.formats()
        return narrate(NarrativeInput(data.columns, data.rows, list(data.metrics), labels, formats))
    count = len(data.rows)
    return f"{count} row{'s' if count != 1 else ''} returned."


def _chart_measures(data: DataResult) -> list[str]:
    return list(data.metrics) or numeric_columns(data.columns, data.rows)


def _blocked_attempts(results: Sequence[DataResult], chosen: DataResult) -> tuple[AnswerNotice, ...]:
    """Earlier calls the guards refused stay visible, so a refused attempt is never silent."""
    return tuple(
        AnswerNotice(code="llm_blocked_attempt", message=f"An earlier {r.tool} call was refused: {r.message}")
        for r in results
        if r is not chosen and r.status == AnswerStatus.BLOCKED
    )


def _choose(results: Sequence[DataResult]) -> DataResult | None:
    answered = [r for r in results if r.answered]
    return answered[-1] if answered else (results[-1] if results else None)


def compose_answer(question: str, messages: Sequence[Any], resources: Resources) -> Answer:
    data_results = [r.data for r in tool_results(messages) if r.data is not None]
    text = final_text(messages)
    chosen = _choose(data_results)
    if chosen is None:
        return Answer(
            status=AnswerStatus.ANSWERED if text else AnswerStatus.ERROR,
            question=question,
            summary=text or "The language model gave no answer.",
            notices=(TEXT_ONLY,),
            kind="text",
        )
    told = narrative(chosen, resources)
    chart = choose_chart(chosen.columns, chosen.rows, _chart_measures(chosen), chosen.interpretation)
    return Answer(
        status=chosen.status,
        question=question,
        interpretation=chosen.interpretation,
        semantic_query=chosen.semantic_query,
        sql=chosen.sql,
        generated_sql=chosen.generated_sql,
        columns=chosen.columns,
        rows=chosen.rows,
        summary=text or told,
        chart=chart if chosen.answered else None,
        notices=_blocked_attempts(data_results, chosen) + chosen.notices,
        kind=chosen.kind,
        extra={**dict(chosen.extra), "narrative": told, "tool_calls": [r.tool for r in data_results]},
        audit_id=chosen.audit_id,
    )
