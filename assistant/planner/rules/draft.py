"""The frozen draft a question becomes before the rules: what was read, and the query plan once built."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from assistant.planner.context import PlannerContext
from assistant.planner.cues import Ranking
from assistant.planner.matching import MatchResult
from assistant.planner.negation import NegationReading, Span
from assistant.planner.plan import Plan, QueryPlan
from assistant.planner.reading import Reading
from assistant.planner.time_expressions import TimeReading

Replan = Callable[[str, PlannerContext], Plan]


@dataclass(frozen=True)
class Draft:
    question: str
    text: str  # the question normalized (text.normalize)
    context: PlannerContext
    replan: Replan  # plans another question (a recalled option's rewording) with the same rules
    time: TimeReading
    ranking: Ranking | None
    polar_unresolved: str | None  # a "best"/"worst" the ranked metric's polarity could not orient
    result: MatchResult
    reading: Reading
    negation: NegationReading
    explained: tuple[Span, ...]  # read before matching: time, the ranking word, "5 stars"
    plan: QueryPlan | None = None
    share_spans: tuple[Span, ...] = ()  # share words a share-of-total used

    @property
    def planned(self) -> QueryPlan:
        """The query plan; only rules placed after assembly (planner.PLANNER_RULES) read it."""
        if self.plan is None:
            raise ValueError("no query plan yet: this rule must come after the query is assembled")
        return self.plan

    def with_plan(self, plan: QueryPlan) -> Draft:
        return replace(self, plan=plan)

    def with_reading(self, reading: Reading) -> Draft:
        return replace(self, reading=reading)

    @property
    def matched_spans(self) -> tuple[Span, ...]:
        return tuple((m.start, m.end) for m in self.result.matches)

    @property
    def read_spans(self) -> tuple[Span, ...]:
        """Every span a reading step used: time, ranking, ratings, catalog matches, negation cues."""
        return self.explained + self.matched_spans + tuple(self.negation.used)


Rule = Callable[[Draft], "Draft | Plan"]
