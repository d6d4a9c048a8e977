"""The one loader of words.yml: the planner's cue words, stopwords and inflections, as a typed model.

Unknown keys fail loading (a misspelt list name cannot silently switch a rule off), and
tests/assistant/planner/test_word_files.py fails on a key no planner code reads. Kept apart from
lexicon.py so that text.py (which lexicon.py imports) can read the inflection lists without a cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

WORDS_FILE = Path(__file__).with_name("words.yml")

Words = tuple[str, ...]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RankingWords(_Frozen):
    descending: Words
    ascending: Words
    singular_cues: Words
    default_top_n: int
    top_n_words: Words  # the ranking words that mean "the top N" when no N is given ("top cities")


class FollowUpWords(_Frozen):
    starters: Words
    additive: Words


class FeedbackWords(_Frozen):
    pain_points: Words
    search: Words
    topic_prefixes: Words
    growth: Words
    pain_point_dimension: str  # the catalog dimension the feedback index's pain points are


class InflectionWords(_Frozen):
    irregular: Mapping[str, str]
    keep: Words


class FuzzyWords(_Frozen):
    common_words: Words


class PlannerWords(_Frozen):
    ranking: RankingWords
    grouping_cues: Words
    grouping_prepositions: Words  # "by X", "per X": an unknown word after one is an unknown breakdown
    followup: FollowUpWords
    feedback: FeedbackWords
    stopwords: Words
    filter_phrases: Mapping[str, str]
    value_priority: Words
    model_words: Mapping[str, Words]  # a semantic model's dimensions are read only when it is named
    verb_uses: Words
    rating_pattern: str
    population_nouns: Words
    population_verbs: Words
    row_nouns: Words
    population_prepositions: Words
    verified_filler: Words
    distribution_cues: Words
    complaint_words: Words
    counting_cues: Words
    verb_terms: Mapping[str, str]  # "sell" asks what "sales" asks (ambiguous_terms.yml)
    money_terms: Words  # "in money terms": only a currency metric answers
    count_questions: Words
    count_row_words: Mapping[
        str, Words
    ]  # a model's rows named in a count question by breakdown only  # "how many platinum members": the rows of the named value's model are counted
    trend_forms: Words  # "trended", "trending": the monthly series "trend" asks for
    forecast_words: Words
    versus_words: Words
    inflections: InflectionWords
    value_dimension_cues: Mapping[str, Words]
    grouping_skip_words: Words
    fuzzy: FuzzyWords
    popular_metrics: Words  # suggested when a question names no metric the catalog has


@cache
def words_file() -> PlannerWords:
    with WORDS_FILE.open(encoding="utf-8") as handle:
        return PlannerWords.model_validate(yaml.safe_load(handle))
