"""The query plan of a new question (not a follow-up): the reading's parts, fitted and finished."""

from __future__ import annotations

from assistant.planner.plan import Plan, QueryPlan
from assistant.planner.rules.draft import Draft
from assistant.planner.rules.finish import fit_then_finish
from assistant.planner.rules.query_parts import query_parts


def assemble_query(draft: Draft) -> Draft | Plan:
    if draft.plan is not None:
        return draft
    ignored = tuple(w for w in draft.result.unknown_words if len(w) > 2)
    plan = fit_then_finish(draft, query_parts(draft), ignored)
    return draft.with_plan(plan) if isinstance(plan, QueryPlan) else plan
