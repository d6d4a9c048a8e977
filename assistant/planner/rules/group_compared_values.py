""" "men vs women": two values of one dimension compared side by side are a breakdown by that dimension."""

from __future__ import annotations

from assistant.planner.cues import has_phrase
from assistant.planner.plan import Plan
from assistant.planner.rules.draft import Draft
from assistant.planner.word_file import words_file


def group_compared_values(draft: Draft) -> Draft | Plan:
    if has_phrase(draft.text, words_file().versus_words) is None:
        return draft
    reading = draft.reading
    for dimension, values in draft.reading.filters.items():
        if len(values) >= 2 and dimension not in reading.group_by:
            reading = reading.grouped(dimension)
    return draft.with_reading(reading)
