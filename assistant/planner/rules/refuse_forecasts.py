"""Questions about the future are refused: the warehouse only knows what happened up to the as-of date."""

from __future__ import annotations

from assistant.planner.cues import has_phrase
from assistant.planner.plan import Plan, UnsupportedPlan
from assistant.planner.rules.draft import Draft
from assistant.planner.word_file import words_file


def refuse_forecasts(draft: Draft) -> Draft | Plan:
    forecast = has_phrase(draft.text, words_file().forecast_words)
    if forecast is None:
        return draft
    message = (
        f"I report what happened up to the data's as-of date ({draft.context.as_of.isoformat()}); "
        f"I can't {forecast} the future. Try asking for the trend, e.g. “monthly revenue this year”."
    )
    return UnsupportedPlan(message, tuple(draft.reading.metrics))
