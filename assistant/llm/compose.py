"""Turns a finished agent run into the one `Answer` type.

The numbers come from our tool results, never from the model's text: the answer's status, columns,
rows, SQL as executed and notices are those of the last successful data tool call, exactly as the
guards returned them. The model contributes only its short final text as the summary; everything
else comes from `assistant.presenting.answer_from_outcome`, the same function the offline path uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.answer import Answer, AnswerKind
from assistant.llm.results import DataResult, ToolResult
from assistant.outcome import Outcome
from assistant.presenting import Wording, answer_from_outcome, narrative
from assistant.resources import Resources
from assistant.templates import language_of
from engines.notices import Notice
from engines.status import Status

MAX_SUMMARY_CHARS = 1500
TEXT_ONLY = Notice(
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


def outcome_of(data: DataResult) -> Outcome:
    """A data tool's result as the one outcome type."""
    return Outcome(
        status=data.status,
        query=data.query,
        columns=data.columns,
        rows=data.rows,
        sql=data.sql,
        generated_sql=data.generated_sql,
        notices=data.notices,
        audit_id=data.audit_id,
        message=data.message,
        kind=data.kind,
    )


def _blocked_attempts(results: Sequence[DataResult], chosen: DataResult) -> tuple[Notice, ...]:
    """Earlier calls the guards refused stay visible, so a refused attempt is never silent."""
    return tuple(
        Notice(code="llm_blocked_attempt", message=f"An earlier {r.tool} call was refused: {r.message}")
        for r in results
        if r is not chosen and r.status == Status.BLOCKED
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
            status=Status.ANSWERED if text else Status.ERROR,
            question=question,
            summary=text or "The language model gave no answer.",
            notices=(TEXT_ONLY,),
            kind=AnswerKind.TEXT,
        )
    outcome = outcome_of(chosen)
    wording = Wording(question=question, interpretation=chosen.interpretation, language=language_of(question))
    told = narrative(outcome, wording, resources)
    answer = answer_from_outcome(
        outcome, wording, resources, notices=_blocked_attempts(data_results, chosen), summary=text or told
    )
    extra = {"narrative": told, "tool_calls": [r.tool for r in data_results]}
    return answer.model_copy(update={"extra": extra, "feedback": chosen.feedback})
