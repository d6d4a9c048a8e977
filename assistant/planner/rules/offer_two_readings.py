"""Two readings that score close (a value word that also names a metric) are offered, not picked (two_readings.py)."""

from __future__ import annotations

from assistant.planner.plan import Plan
from assistant.planner.rules.draft import Draft
from assistant.planner.two_readings import two_readings


def offer_two_readings(draft: Draft) -> Draft | Plan:
    two = two_readings(draft.question, draft.result, draft.planned, draft.context.catalog)
    return draft if two is None else two
