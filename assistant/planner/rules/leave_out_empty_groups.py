"""Dimensions that do not apply to every row (store on online orders): the empty group is left out with a
notice, never ranked first as a blank (empty_groups.py)."""

from __future__ import annotations

from assistant.planner.empty_groups import leave_out_empty_groups
from assistant.planner.plan import Plan
from assistant.planner.rules.draft import Draft


def leave_out_blank_groups(draft: Draft) -> Draft | Plan:
    return draft.with_plan(leave_out_empty_groups(draft.planned, draft.context.catalog))
