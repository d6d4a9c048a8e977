"""No metric named, but the question says what to count: "payment method mix" counts the rows of that
dimension's own fact, "percentage of members who opted in" counts the filter's own rows (shares.py),
"how many platinum members" counts the rows the named values describe (customers)."""

from __future__ import annotations

from dataclasses import replace

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


def count_for_a_filter(draft: Draft) -> Draft | Plan:
    """ "how many platinum members", "有多少白金会员": a count question with values and no metric counts
    the rows of the values' own model, when every value names the same one (else it stays refused)."""
    reading = draft.reading
    if draft.plan is not None or reading.metrics or not reading.filters:
        return draft
    cue = has_phrase(draft.text, words_file().count_questions)
    counted = {default_count_metric(dimension, draft.context.catalog) for dimension in reading.filters}
    if cue is None or len(counted) != 1 or None in counted:
        return draft
    start = draft.text.find(cue)  # 多少人: the cue says what is counted, so it is explained here
    explained = (*draft.explained, (start, start + len(cue)))
    return replace(draft.with_reading(reading.with_metric(str(counted.pop()))), explained=explained)
