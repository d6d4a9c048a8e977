""" "revenue 2027", 今年11月: a period that starts after the data's as-of date has no data yet; it is
refused in words, not sent on as a reversed date range."""

from __future__ import annotations

from assistant.planner.plan import Plan
from assistant.planner.reasons import refusal
from assistant.planner.rules.draft import Draft


def refuse_future_periods(draft: Draft) -> Draft | Plan:
    as_of = draft.context.as_of
    future = next((r for r in draft.time.ranges if r.start > as_of), None)
    if future is None:
        return draft
    start = future.start.isoformat()
    return refusal("future_period", tuple(draft.reading.metrics), start=start, as_of=as_of.isoformat())
