"""Pain points and feedback search go to the feedback index, not to a metric (feedback_plan.py)."""

from __future__ import annotations

from assistant.planner.feedback_plan import cue_names_a_metric, feedback_plan
from assistant.planner.plan import Plan
from assistant.planner.rules.draft import Draft


def answer_from_feedback(draft: Draft) -> Draft | Plan:
    if cue_names_a_metric(draft.text, draft.result):  # "data quality issues by table" is a metric
        return draft
    plan = feedback_plan(
        draft.question, draft.text, draft.reading, draft.time, draft.context.as_of, draft.context.catalog
    )
    return draft if plan is None else plan
