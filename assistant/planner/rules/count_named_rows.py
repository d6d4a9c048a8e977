"""No metric named, but the question says what to count: "payment method mix" counts the rows of that
dimension's own fact, "percentage of members who opted in" counts the filter's own rows (shares.py)."""

from __future__ import annotations

from assistant.planner.cues import has_phrase
from assistant.planner.plan import Plan
from assistant.planner.reachability import default_count_metric
from assistant.planner.rules.draft import Draft
from assistant.planner.shares import count_for_share
from assistant.planner.word_file import words_file


def count_by_distribution(draft: Draft) -> Draft | Plan:
    reading = draft.reading
    dimensions = reading.group_by or reading.mentioned_dimensions
    if draft.plan is not None or reading.metrics or not dimensions:
        return draft
    if has_phrase(draft.text, words_file().distribution_cues) is None:
        return draft
    metric = default_count_metric(dimensions[0], draft.context.catalog)
    if metric is None:
        return draft
    return draft.with_reading(reading.with_metric(metric).grouped(dimensions[0]))


def count_for_a_share(draft: Draft) -> Draft | Plan:
    if draft.plan is not None or draft.reading.metrics:
        return draft
    counted = count_for_share(draft.text, draft.reading, draft.context.catalog)
    return draft if counted is None else draft.with_reading(counted)
