"""No metric found: the unknown words may name one (recalled), else the question is refused with the
closest metric names or the popular ones (words.yml `popular_metrics`)."""

from __future__ import annotations

import difflib

from assistant.planner.plan import Plan, UnsupportedPlan
from assistant.planner.reasons import refusal
from assistant.planner.rules.draft import Draft
from assistant.planner.rules.recalling import recall_metric
from assistant.planner.word_file import words_file


def refuse_without_metric(draft: Draft) -> Draft | Plan:
    if draft.plan is not None or draft.reading.metrics:
        return draft
    return recall_metric(draft) or _unsupported(draft)


def _unsupported(draft: Draft) -> UnsupportedPlan:
    names = list(draft.context.lexicon.metric_names)
    close: list[str] = []
    for word in draft.result.unknown_words:
        close += [n for n in difflib.get_close_matches(word, names, n=3, cutoff=0.6) if n not in close]
    suggestions = tuple(close or [m for m in words_file().popular_metrics if m in names])
    return refusal("no_metric", suggestions, question=draft.question.strip(), suggestions=", ".join(suggestions))
