""" "revenue by loyalty level": an unknown word after "by" may be a dimension (recalled), else it is refused
with the closest dimension names."""

from __future__ import annotations

import difflib
import re

from assistant.planner.plan import Plan, UnsupportedPlan
from assistant.planner.reachability import is_reachable
from assistant.planner.reasons import refusal
from assistant.planner.recall import english_phrases
from assistant.planner.rules.draft import Draft
from assistant.planner.rules.recalling import recall_for
from assistant.planner.word_file import words_file


def refuse_unknown_breakdown(draft: Draft) -> Draft | Plan:
    missing = _unknown_grouping(draft)
    if missing is None:
        return draft
    unknown = english_phrases(draft.question, draft.result.unknown_words)
    return recall_for(draft, unknown, kinds=("dimension",)) or missing


def _unknown_grouping(draft: Draft) -> UnsupportedPlan | None:
    cues = "|".join(re.escape(w) for w in words_file().grouping_prepositions)
    for word in draft.result.unknown_words:
        if re.search(rf"\b(?:{cues})\s+{re.escape(word)}\b", draft.text):
            close = difflib.get_close_matches(word, draft.context.lexicon.dimension_names, n=5, cutoff=0.5)
            hint = ", ".join(close or _dimensions_for(draft)[:8])
            return refusal("unknown_grouping", tuple(close), word=word, hint=hint)
    return None


def _dimensions_for(draft: Draft) -> list[str]:
    """The dimensions the question's metrics can be broken down by (every dimension if it names none)."""
    metrics = [entry.target for m in draft.result.matches for entry in m.of_kind("metric")]
    names = draft.context.lexicon.dimension_names
    return [d for d in names if is_reachable(d, metrics, draft.context.catalog)] if metrics else list(names)
