"""Questions about the future are refused: the warehouse only knows what happened up to the as-of date."""

from __future__ import annotations

from assistant.planner.cues import has_phrase
from assistant.planner.plan import Plan
from assistant.planner.reasons import refusal
from assistant.planner.rules.draft import Draft
from assistant.planner.word_file import words_file


def refuse_forecasts(draft: Draft) -> Draft | Plan:
    forecast = has_phrase(draft.text, words_file().forecast_words)
    if forecast is None:
        return draft
    return refusal("forecast", tuple(draft.reading.metrics), as_of=draft.context.as_of.isoformat(), word=forecast)
