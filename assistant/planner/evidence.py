"""What a reading explained, for the meaning check: spans used, words left over, dimensions unused."""

from __future__ import annotations

import re

from assistant.planner.cues import Ranking
from assistant.planner.lexicon import planner_words
from assistant.planner.matching import MatchResult
from assistant.planner.meaning_words import meaning_words
from assistant.planner.plan import QueryPlan
from assistant.planner.reading import Reading
from assistant.planner.text import stem
from semantic_layer.catalog import Catalog

# "which month had the most orders", "the worst month for csat", "busiest day", 订单最多的月份, 哪个月:
# one period, ranked (polar words: meaning_words.yml; Chinese units: meaning_words.yml unit_question)
_UNIT_CUES = ("which", "what", *meaning_words().polarity.good, *meaning_words().polarity.bad)
_UNIT_CUES += (*planner_words().ranking.descending, *planner_words().ranking.ascending)
_UNIT_CUE_PATTERN = "|".join(re.escape(c) for c in _UNIT_CUES if c.isascii())
UNIT_QUESTION = re.compile(rf"\b(?:{_UNIT_CUE_PATTERN})\s+(day|week|month|quarter|year)\b")
_CHINESE_UNITS = meaning_words().unit_question.chinese_units
_CHINESE_CUES = "|".join(
    re.escape(c)
    for c in sorted(
        (*meaning_words().unit_question.chinese_cues, *(c for c in _UNIT_CUES if not c.isascii())),
        key=len,
        reverse=True,
    )
)
_CHINESE_UNIT_QUESTION = re.compile(
    rf"(?:{_CHINESE_CUES})的?({'|'.join(sorted(map(re.escape, _CHINESE_UNITS), key=len, reverse=True))})"
)


def unit_question(text: str) -> tuple[tuple[int, int], str] | None:
    """The span and grain of "which month" / 最多的月份 in the question, if it asks for one period."""
    english = UNIT_QUESTION.search(text)
    if english is not None:
        return english.span(), english.group(1)
    chinese = _CHINESE_UNIT_QUESTION.search(text)
    return (chinese.span(1), _CHINESE_UNITS[chinese.group(1)]) if chinese else None


def unexplained(
    words: tuple[str, ...], text: str, used: tuple[tuple[int, int], ...], labels: set[str]
) -> tuple[str, ...]:
    """Unknown words minus the words of spans a rule used (a negation cue, a share word) and of the
    chosen metrics' own labels ("average" in "average resolution time")."""
    cue_words = {word for start, end in used for word in re.findall(r"[a-z0-9']+", text[start:end])}
    return tuple(w for w in words if w not in cue_words and w not in labels and stem(w) not in labels)


def unused_dimensions(reading: Reading, result: MatchResult, plan: QueryPlan, catalog: Catalog) -> tuple[str, ...]:
    """Dimensions named but not used, except words the chosen metric's own definition already says
    ("score" in "customer satisfaction score" is CSAT's score, "rating" in "average star rating")."""
    words = label_words(plan, catalog, with_description=True)
    used = {
        m.of_kind("dimension")[0].target
        for m in result.matches
        if m.of_kind("dimension") and {stem(w) for w in m.text.split()} <= words
    }
    unused = [d for d in reading.mentioned_dimensions if d not in plan.query.group_by and d not in reading.filters]
    return tuple(d for d in unused if d not in used)


def label_words(plan: QueryPlan, catalog: Catalog, with_description: bool = False) -> set[str]:
    metrics = [catalog.metrics[m] for m in plan.query.metrics if m in catalog.metrics]
    texts = [m.label + (" " + m.description + " " + " ".join(m.synonyms) if with_description else "") for m in metrics]
    return {stem(word) for text in texts for word in re.findall(r"[a-z]+", text.lower())}


def unit_question_span(text: str, ranking: Ranking | None, group_by: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """ "which month had the most orders" is explained only when the answer is by month."""
    found = unit_question(text)
    used = found is not None and ranking is not None and f"metric_time__{found[1]}" in group_by
    return (found[0],) if found and used else ()
