"""What a tool hands back: a result object for our code and a quoted text for the model.

Tools never raise into the agent (Vanna's `ToolResult(success, result_for_llm, error)`): problems
become results the model can read. Data tools also carry a `DataResult`, the governed rows exactly
as the guards returned them, from which our code (not the model) builds the final `Answer`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.answer import AnswerKind
from assistant.feedback_details import FeedbackDetails
from assistant.llm.instructions import data_block
from engines.notices import Notice
from engines.status import Status
from semantic_layer.query import SemanticQuery

MAX_ROWS_FOR_MODEL = 50


@dataclass(frozen=True)
class DataResult:
    """Rows from the warehouse or the feedback index, after the guards; the source of the answer."""

    tool: str
    status: Status
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    sql: str | None = None
    generated_sql: str | None = None
    query: SemanticQuery | None = None  # the semantic query as run (after governed substitutions)
    metrics: tuple[str, ...] = ()
    interpretation: str = ""
    notices: tuple[Notice, ...] = ()
    audit_id: str | None = None
    message: str = ""
    kind: AnswerKind = AnswerKind.METRIC
    feedback: FeedbackDetails | None = None  # a pain-point tool's typed pain points and trend

    @property
    def answered(self) -> bool:
        return self.status == Status.ANSWERED


@dataclass(frozen=True)
class ToolResult:
    success: bool
    result_for_llm: str
    error: str | None = None
    data: DataResult | None = None


def failure(tool: str, message: str) -> ToolResult:
    return ToolResult(success=False, result_for_llm=f"{tool} failed: {message}", error=message)


def text_result(tool: str, payload: dict[str, Any]) -> ToolResult:
    """Catalog facts (our own YAML): trusted, but still sent as JSON for a uniform shape."""
    return ToolResult(success=True, result_for_llm=data_block(tool, payload))


def _rows_for_model(rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    return [list(row) for row in rows[:MAX_ROWS_FOR_MODEL]]


def data_payload(data: DataResult) -> dict[str, Any]:
    payload: dict[str, Any] = {"status": data.status.value}
    if data.interpretation:
        payload["interpretation"] = data.interpretation
    if data.answered:
        payload["columns"] = list(data.columns)
        payload["rows"] = _rows_for_model(data.rows)
        payload["row_count"] = len(data.rows)
        if len(data.rows) > MAX_ROWS_FOR_MODEL:
            payload["rows_truncated_to"] = MAX_ROWS_FOR_MODEL
    else:
        payload["message"] = data.message or "This request was not allowed."
    if data.sql:
        payload["sql_as_executed"] = data.sql
    if data.notices:
        payload["notices"] = [{"code": n.code, "message": n.message} for n in data.notices]
    return payload


def data_result(data: DataResult) -> ToolResult:
    """Rows and retrieved texts are untrusted: they reach the model only inside a quoted data block."""
    error = None if data.answered else (data.message or data.status.value)
    return ToolResult(
        success=data.answered, result_for_llm=data_block(data.tool, data_payload(data)), error=error, data=data
    )
