"""A share asked where both a governed rate and a share of total fit is offered as two readings (shares.py)."""

from __future__ import annotations

from assistant.planner.plan import Plan
from assistant.planner.rules.draft import Draft
from assistant.planner.shares import two_share_readings


def offer_share_readings(draft: Draft) -> Draft | Plan:
    two = two_share_readings(draft.planned, draft.text, draft.context.catalog)
    return draft if two is None else two
