"""The one answer type shared by the CLI, the chat UI and the eval suite.

An `Answer` is the end of the one-way flow question -> plan -> semantic query -> SQL -> guard ->
execute -> answer. It carries everything needed to show, check and replay it: the interpretation
in plain words, the semantic query, the SQL as executed, rows, a templated narrative, a chart spec
(data only: our code draws it, nothing in it is ever executed), notices, options for a
clarification, timings and provenance. `partial_periods` lists the time-key values whose period
is incomplete ("to date"); `suggestions` are follow-up questions shown as buttons; `feedback` the
typed pain points, trend and search hits of a feedback answer; `suggested_metrics` the metrics an
unsupported answer proposes instead. `extra` holds only what has no type of its own: the API's
resource payloads (a metric's details, audit entries) and the agent's narrative and tool calls.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_serializer, field_validator

from assistant.feedback_details import FeedbackDetails
from engines.notices import Notice
from engines.status import Status
from semantic_layer.query import SemanticQuery


class AnswerKind(StrEnum):
    METRIC = "metric"
    COMPARISON = "comparison"
    SQL = "sql"
    PAIN_POINTS = "pain_points"
    FEEDBACK_SEARCH = "feedback_search"
    TEXT = "text"


class ChartKind(StrEnum):
    LINE = "line"
    BAR = "bar"
    KPI = "kpi"
    TABLE = "table"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SuggestedQuestion(Frozen):
    """A button after an answer: a follow-up, a governed alternative or a close answerable question."""

    label: str
    question: str


class PartialPeriod(Frozen):
    """A time-key value whose period the data covers only in part: "to date" (cut by the as-of date
    or the range's end) or "partial" (the range starts inside it)."""

    value: str
    marker: str  # "to_date" | "partial"
    covered_days: int
    days: int


class ClarificationOption(Frozen):
    """One choice offered when a word maps to several catalog entries."""

    label: str
    question: str
    value: str


class ChartSpec(Frozen):
    """What to draw, chosen from the result's shape; rendered by our own code."""

    kind: ChartKind
    x: str | None = None
    y: tuple[str, ...] = ()
    series: str | None = None
    title: str = ""


class Provenance(Frozen):
    """Enough to replay and audit an answer later."""

    definitions_fingerprint: str = ""
    policy_fingerprint: str = ""
    as_of_date: str = ""
    engine: str = "offline"  # kept for the --json contract: the planner, as "offline" or "llm:<model>"
    planner: str = "offline"  # "offline" (the scoring planner) or "llm" (the agent)
    sql_engine: str = ""  # the engine that ran the SQL: "duckdb" or "spark"


class Timings(Frozen):
    plan_ms: float = 0.0
    compile_ms: float = 0.0
    guard_and_execute_ms: float = 0.0
    total_ms: float = 0.0


class Answer(Frozen):
    status: Status
    question: str = ""
    interpretation: str = ""
    semantic_query: SemanticQuery | None = None  # in JSON: the query without its unset (None) parts
    sql: str | None = None
    generated_sql: str | None = None
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    summary: str = ""
    chart: ChartSpec | None = None
    notices: tuple[Notice, ...] = ()
    options: tuple[ClarificationOption, ...] = ()
    kind: AnswerKind = AnswerKind.METRIC
    language: str = "en"
    sql_dialect: str = "duckdb"
    partial_periods: tuple[PartialPeriod, ...] = ()
    suggestions: tuple[SuggestedQuestion, ...] = ()
    feedback: FeedbackDetails | None = None  # pain points and trend, or search hits (feedback answers only)
    suggested_metrics: tuple[str, ...] = ()  # an unsupported answer's metrics to try instead, by label
    extra: dict[str, Any] = Field(default_factory=dict)  # untyped extras: the API's resource payloads, the agent's text
    timings: Timings = Field(default_factory=Timings)
    provenance: Provenance = Field(default_factory=Provenance)
    audit_id: str | None = None

    @field_validator("status")
    @classmethod
    def _an_answer_status(cls, status: Status) -> Status:
        if status is Status.OK:
            raise ValueError("an answer is ANSWERED, not OK (Status.as_answer)")
        return status

    @field_serializer("semantic_query")
    def _query_without_unset_parts(self, query: SemanticQuery | None) -> dict[str, Any] | None:
        return self.query_json()

    def query_json(self) -> dict[str, Any] | None:
        """The semantic query as the JSON contract has it: without its unset (None) parts."""
        query = self.semantic_query
        return None if query is None else query.model_dump(mode="json", exclude_none=True)

    def to_json_dict(self) -> dict[str, Any]:
        """The CLI's `--json` contract: plain JSON types only."""
        payload = self.model_dump(mode="json")
        payload["rows"] = [list(row) for row in self.rows]
        payload["columns"] = list(self.columns)
        return payload
