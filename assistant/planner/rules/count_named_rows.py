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
    """ "how many platinum members", "有多少白金会员", "how many members in each tier": a count question
    with values or a breakdown and no metric counts the rows of their own model, when they all name
    the same one (else it stays refused)."""
    reading = draft.reading
    named = (*reading.filters, *reading.group_by)  # "how many members in each tier" counts them by tier
    if draft.plan is not None or reading.metrics or not named:
        return draft
    cue = has_phrase(draft.text, words_file().count_questions)
    counted = {default_count_metric(dimension, draft.context.catalog) for dimension in named}
    if cue is None or len(counted) != 1 or None in counted:
        return draft
    if not reading.filters and not _rows_named(draft, str(next(iter(counted)))):
        return draft  # "how many per channel" does not say what is counted
    start = draft.text.find(cue)  # 多少人: the cue says what is counted, so it is explained here
    explained = (*draft.explained, (start, start + len(cue)))
    return replace(draft.with_reading(reading.with_metric(str(counted.pop()))), explained=explained)


def _rows_named(draft: Draft, metric: str) -> bool:
    """A word for the counted rows is in the question ("members" for customers, words.yml count_row_words)."""
    measures = draft.context.catalog.metrics[metric].measures
    models = {draft.context.catalog.measures[m].model for m in measures if m in draft.context.catalog.measures}
    words = [w for model in models for w in words_file().count_row_words.get(model, ())]
    return has_phrase(draft.text, words) is not None
