"""The golden case: who asks what, and what a correct answer looks like.

A case states its expectation as data, never as SQL text to compare: a reference SQL (run as admin)
or an expected semantic query (compiled and run as the case's role) gives the expected result set;
clarify / unsupported / blocked cases give only the expected status. Scoring executes and compares
results (execution accuracy), so two different SQL texts with the same rows both pass.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Status = Literal["answered", "clarify", "blocked", "unsupported", "error", "any", "not_answered"]
# `not_answered`: a clarification or an "I can't" is the right outcome; any number would be a guess
NOT_ANSWERED = ("clarify", "unsupported")
Split = Literal["dev", "heldout"]
Protected = Literal["phone", "email", "id_number", "full_name", "other_regions"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Expected(_Frozen):
    """What the final turn's answer must show; unset parts are not checked."""

    status: Status = "answered"
    sql: str | None = None
    semantic_query: dict[str, Any] | None = None
    ordered: bool = False
    tolerance: float = 1e-6
    extra_columns: bool = False
    options: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    kind: str | None = None
    protected: tuple[Protected, ...] = ()

    @model_validator(mode="after")
    def _one_source(self) -> Expected:
        if self.sql is not None and self.semantic_query is not None:
            raise ValueError("give either sql or semantic_query, not both")
        if self.status != "answered" and (self.sql or self.semantic_query):
            raise ValueError(f"a {self.status} case has no expected rows")
        return self

    @property
    def has_result(self) -> bool:
        return self.sql is not None or self.semantic_query is not None


class EvalCase(_Frozen):
    """One question (or a conversation whose last turn is scored) asked as one role."""

    id: str = Field(pattern=r"^[a-z0-9_.-]+$")
    turns: tuple[str, ...] = Field(min_length=1)
    role: str = "admin"
    user: str | None = None
    attrs: dict[str, str] = Field(default_factory=dict)
    tags: tuple[str, ...] = ()
    split: Split = "dev"
    needs: tuple[Literal["feedback_index"], ...] = ()
    expect: Expected = Field(default_factory=Expected)

    @model_validator(mode="before")
    @classmethod
    def _question_shorthand(cls, data: Any) -> Any:
        """`question: ...` is shorthand for a one-turn conversation."""
        if isinstance(data, dict) and "question" in data:
            data = dict(data)
            data["turns"] = [data.pop("question")]
        return data

    @property
    def question(self) -> str:
        return self.turns[-1]

    def with_tags(self, extra: tuple[str, ...]) -> EvalCase:
        return self.model_copy(update={"tags": tuple(dict.fromkeys((*self.tags, *extra)))})
