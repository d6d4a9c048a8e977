""" "the best-selling product in every store format": the ranking applies inside each group (group_ranking.py)."""

from __future__ import annotations

from assistant.planner.group_ranking import rank_within_groups
from assistant.planner.plan import Plan
from assistant.planner.rules.draft import Draft


def rank_per_group(draft: Draft) -> Draft | Plan:
    return draft.with_plan(rank_within_groups(draft.planned, draft.text, draft.reading.spans, draft.ranking))
