"""A follow-up ("and by channel?", "only Gold", "and the bottom 5?") refines the previous query (followup.py)."""

from __future__ import annotations

from typing import Any

from assistant.planner.cues import asks_for_one, is_additive, is_followup
from assistant.planner.followup import merge_query
from assistant.planner.plan import Plan, QueryPlan
from assistant.planner.reading_rules import polar_direction, ranked_metric
from assistant.planner.rules.draft import Draft
from assistant.planner.rules.finish import fit_then_finish
from assistant.planner.rules.query_parts import as_dict, default_limit, grain_of, query_parts


def refine_previous(draft: Draft) -> Draft | Plan:
    previous = draft.context.previous
    if previous is None or not refines(draft) or not (is_followup(draft.text) or not draft.reading.metrics):
        return draft
    new, before = query_parts(draft), as_dict(previous.query)
    _rank_previous(new, before, draft)
    merged = merge_query(before, new, additive=is_additive(draft.text), grain=grain_of(draft))
    plan = fit_then_finish(draft, merged, ())
    return draft.with_plan(plan) if isinstance(plan, QueryPlan) else plan


def refines(draft: Draft) -> bool:
    """The question says something to change: a metric, breakdown, filter, period, grain or ranking."""
    reading = draft.reading
    return bool(
        reading.metrics or reading.group_by or reading.filters or draft.time.ranges or grain_of(draft) or draft.ranking
    )


def _rank_previous(new: dict[str, Any], previous: dict[str, Any], draft: Draft) -> None:
    """ "and the bottom 5?" after "top 5 brands by revenue", "which one is worst?" after "csat by channel":
    the ranking applies to the previous breakdown and metric."""
    ranking, reading = draft.ranking, draft.reading
    if ranking is None or new.get("order_by") or not previous.get("group_by"):
        return
    old = (previous.get("order_by") or [{}])[0]
    field = ranked_metric(reading, ranking) if reading.metrics else old.get("field") or previous["metrics"][0]
    descending = ranking.descending
    if ranking.polar is not None:  # "worst" follows the metric's polarity; without one it stays unread
        direction = polar_direction(ranking, field, draft.context.catalog)
        if direction is None:
            return
        descending = direction
    one = asks_for_one(draft.text, ranking) or ranking.polar is not None
    new["order_by"] = [{"field": field, "desc": descending}]
    new["limit"] = ranking.limit or (1 if one else previous.get("limit") or default_limit(draft.text, ranking))
