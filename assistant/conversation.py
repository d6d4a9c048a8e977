"""A conversation remembers the last answered query so follow-ups can refine it."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.planner.plan import ClarifyPlan, Plan, QueryPlan


@dataclass
class Conversation:
    """Mutable on purpose: one per chat session; the planner only ever reads a snapshot of it."""

    last_query: QueryPlan | None = None
    pending_clarification: ClarifyPlan | None = None
    questions: list[str] = field(default_factory=list)

    def remember(self, question: str, plan: Plan, answered: bool) -> None:
        self.questions.append(question)
        if isinstance(plan, QueryPlan) and answered:
            self.last_query = plan
        self.pending_clarification = plan if isinstance(plan, ClarifyPlan) else None

    def resolve_option(self, reply: str) -> str | None:
        """A reply of "1", "2" or an option's name picks that clarification option."""
        pending = self.pending_clarification
        if pending is None:
            return None
        text = reply.strip().lower()
        for index, option in enumerate(pending.options, start=1):
            if text in (str(index), option.value.lower(), option.value.replace("_", " ").lower()):
                return option.question
        return None
