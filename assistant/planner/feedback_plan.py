"""Questions about what customers say: semantic search over feedback, or pain-point counts.

A feedback cue ("complaining about", "reviews mentioning", 吐槽) makes a feedback plan unless the
question names a metric (a pain-point metric, a metric grouped by pain point, or a metric whose own
name holds the cue word: "data quality issues").
"""

from __future__ import annotations

from datetime import date

from assistant.planner.cues import has_phrase
from assistant.planner.lexicon import planner_words
from assistant.planner.matching import MatchResult
from assistant.planner.periods import DateRange
from assistant.planner.plan import FeedbackPlan
from assistant.planner.reading import Reading
from assistant.planner.time_expressions import TimeReading, read_time
from semantic_layer.catalog import Catalog


def default_current(time: TimeReading, as_of: date) -> DateRange:
    """ "growth" with no period compares the last whole quarter; "vs last year" this year to date."""
    phrase = "this year" if time.comparison == "previous_year" else "last quarter"
    return read_time(phrase, as_of).ranges[0]


def cue_names_a_metric(text: str, result: MatchResult) -> bool:
    """ "data quality issues by table": the pain-point cue "issues" is part of a metric's own name."""
    words = planner_words().feedback
    cue = has_phrase(text, words.pain_points)
    return cue is not None and any(m.of_kind("metric") and cue in m.text for m in result.matches)


def _complaints_without_counting(text: str) -> str | None:
    words = planner_words()
    complaint = has_phrase(text, words.complaint_words)
    return complaint if complaint and has_phrase(text, words.counting_cues) is None else None


def _search_topic(rest: str, prefixes: tuple[str, ...]) -> str:
    """What to search for: the words after the cue, without a leading "about" or "mentioning"."""
    topic = rest.strip(" ?.!")
    for prefix in sorted(prefixes, key=len, reverse=True):
        if topic.lower().startswith(prefix + " "):
            return topic[len(prefix) :].strip()
    return topic


def _about(metric: str, dimension: str, catalog: Catalog) -> bool:
    """Whether the metric is recorded on a fact linked to the dimension's model (pain-point mentions)."""
    target = catalog.dimensions[dimension].model if dimension in catalog.dimensions else None
    definition = catalog.metrics.get(metric)
    models = {catalog.measures[m].model for m in definition.measures if m in catalog.measures} if definition else set()
    return any(r.to == target for m in models for r in catalog.semantic_models[m].relationships)


def feedback_plan(
    question: str, text: str, reading: Reading, time: TimeReading, as_of: date, catalog: Catalog
) -> FeedbackPlan | None:
    words = planner_words().feedback
    search_cue = has_phrase(text, words.search)
    pain_cue = has_phrase(text, words.pain_points) or _complaints_without_counting(text)
    # "review count by pain point" is a metric grouped by the pain_point dimension, and "pain point
    # mentions by region" names a pain-point metric; "which pain point grew fastest?" names no
    # metric and is a pain-point question
    pain_point = words.pain_point_dimension
    pain_point_metric = any(_about(metric, pain_point, catalog) for metric in reading.metrics)
    grouped = pain_point in reading.group_by or pain_point in reading.filters
    about_a_metric = pain_point_metric or (bool(reading.metrics) and grouped)
    if (search_cue is None and pain_cue is None) or about_a_metric:
        return None
    filters = {dimension: values[0] for dimension, values in reading.filters.items()}
    growth = has_phrase(text, words.growth) is not None
    pair = time.comparison_ranges(default_current(time, as_of)) if growth else None
    period = pair[0] if pair else (time.ranges[0] if time.ranges else None)
    breakdowns = [dimension for dimension in reading.group_by if dimension != pain_point]
    by = breakdowns[0] if breakdowns else ("month" if time.grain == "month" else None)
    if search_cue is not None:
        topic = _search_topic(text.split(search_cue, 1)[1], words.topic_prefixes) or question
        source = next((s for s in ("review", "ticket") if s in search_cue), None)
        filters = {**filters, "source": source} if source else filters
        described = "".join(f", {k} {v}" for k, v in filters.items())
        return FeedbackPlan("search", topic, f"Feedback mentioning “{topic}”{described}", filters, period, None, by)
    baseline = pair[1] if pair else None
    parts = [f"{k} {v}" for k, v in filters.items()] + ([f"by {by}"] if by else [])
    parts += [period.label] if period else []
    parts += [f"growth against {baseline.label}"] if baseline else []
    interpretation = "Pain points in negative feedback" + "".join(f", {part}" for part in parts)
    return FeedbackPlan("pain_points", question, interpretation, filters, period, baseline, by)
