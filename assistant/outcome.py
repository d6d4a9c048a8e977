"""The one outcome type: what running a question produced, before it is worded as an `Answer`.

The offline path (assistant/execution.py, sql_answers.py) and the LLM agent's tools both produce an
`Outcome`; `assistant/presenting.py::answer_from_outcome` is the one function that turns it into
the `Answer` (narrative, chart, partial periods, follow-ups).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.answer import AnswerKind
from engines.notices import Notice
from engines.status import Status
from semantic_layer.query import SemanticQuery


@dataclass(frozen=True)
class Outcome:
    status: Status
    query: SemanticQuery | None = None
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    sql: str | None = None
    generated_sql: str | None = None
    notices: tuple[Notice, ...] = ()
    audit_id: str | None = None
    message: str = ""
    kind: AnswerKind = AnswerKind.METRIC
    overall: Mapping[str, Any] = field(default_factory=dict)  # metric -> its value over every group (averages, ratios)

    @property
    def answered(self) -> bool:
        return self.status == Status.ANSWERED

    @property
    def metrics(self) -> tuple[str, ...]:
        return tuple(self.query.metrics) if self.query is not None else ()
