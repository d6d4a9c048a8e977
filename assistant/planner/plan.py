"""What the planner decided, as typed frozen objects: the first step of the one-way flow.

A plan is exactly one of: a semantic query (optionally a two-period comparison), a clarification
question, an unsupported question, a feedback question, or free SQL typed by an analyst.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from assistant.answer import ClarificationOption
from assistant.planner.periods import DateRange
from engines.notices import Notice
from semantic_layer.query import SemanticQuery


@dataclass(frozen=True)
class Comparison:
    """Two periods of the same query: change and percent change are computed per group."""

    current: DateRange
    baseline: DateRange


@dataclass(frozen=True)
class QueryPlan:
    query: SemanticQuery
    interpretation: str
    comparison: Comparison | None = None
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class Reason:
    """Why the planner asks or refuses, as data: the template key (`planner_<key>` in
    assistant/templates/<language>.yml) and the parts that fill it, so any language can word it."""

    key: str
    parts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class ClarifyPlan:
    message: str  # the reason in English (the agent's plans: in the question's language)
    options: tuple[ClarificationOption, ...]
    reason: Reason | None = None


@dataclass(frozen=True)
class UnsupportedPlan:
    message: str
    suggestions: tuple[str, ...] = ()
    reason: Reason | None = None


@dataclass(frozen=True)
class FeedbackPlan:
    """A question about what customers say: semantic search or pain-point counts."""

    mode: str  # "search" | "pain_points"
    text: str
    interpretation: str
    filters: dict[str, str] = field(default_factory=dict)
    period: DateRange | None = None
    baseline: DateRange | None = None
    by: str | None = None


@dataclass(frozen=True)
class SqlPlan:
    """SQL typed by a person: runs only through the guards, with the role's free-SQL permission."""

    sql: str


Plan = QueryPlan | ClarifyPlan | UnsupportedPlan | FeedbackPlan | SqlPlan
