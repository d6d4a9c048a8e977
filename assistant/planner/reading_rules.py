"""Small rules that adjust a reading before the query is assembled, in order.

Each rule reads the catalog matches and may move a dimension into the group-by or drop a filter
that is really part of a metric's name; none of them guesses: what they cannot settle is left for
the meaning check (meaning.py) to refuse.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import pairwise

from assistant.planner.cues import Ranking, has_phrase
from assistant.planner.lexicon import planner_words
from assistant.planner.matching import MatchResult
from assistant.planner.meaning_words import meaning_words
from assistant.planner.negation import ValueSpan
from assistant.planner.reachability import is_reachable
from assistant.planner.reading import Reading, rating_spans
from assistant.planner.text import stem
from semantic_layer.catalog import Catalog


@dataclass(frozen=True)
class RuleInput:
    result: MatchResult
    ranking: Ranking | None
    catalog: Catalog


def value_spans(result: MatchResult, text: str, reading: Reading) -> list[ValueSpan]:
    """Where each filter value the reading used sits (catalog values and "5 stars"), for negation."""
    spans = []
    for match in result.matches:
        targets = [e.target for e in match.of_kind("value") if e.target in reading.filters]
        if targets and not match.of_kind("metric"):
            spans.append(ValueSpan(targets[0], match.start, match.end))
    return spans + [ValueSpan("rating", start, end) for start, end in rating_spans(text)]


def values_inside_metric_names(reading: Reading, given: RuleInput) -> Reading:
    """ "new signups": "new" is part of the metric's own name ("new customers"), not lifecycle stage new."""
    for value, metric in zip(given.result.matches, given.result.matches[1:], strict=False):
        names = {e.target for e in metric.of_kind("metric")}
        if not value.of_kind("value") or len(names) != 1 or given.result.text[value.end : metric.start].strip():
            continue
        definition = given.catalog.metrics.get(next(iter(names)))
        phrases = [s.lower() for s in (definition.synonyms if definition else ())]
        if any(p.startswith(value.text + " ") for p in phrases):
            for entry in value.of_kind("value"):
                kept = tuple(v for v in reading.filters.get(entry.target, ()) if v != entry.value)
                reading = reading.with_filter(entry.target, kept)
    return reading


def group_before_breakdown(reading: Reading, given: RuleInput) -> Reading:
    """ "store type revenue breakdown", "工单类型分布": a dimension followed by a breakdown word is grouped."""
    cues = planner_words().distribution_cues
    for match in given.result.matches:
        names = [e.target for e in match.of_kind("dimension")]
        after = given.result.text[match.end :].split()
        following = " ".join(after[:3]) if after else given.result.text[match.end : match.end + 4]
        if names and names[0] in reading.mentioned_dimensions and has_phrase(following, cues) is not None:
            reading = reading.grouped(names[0])
    return reading


def group_ranked_dimension(reading: Reading, given: RuleInput) -> Reading:
    """ "tier with the best repeat rate", "the category with the most units in every region": the one
    dimension named but not grouped is what is ranked."""
    if given.ranking is not None and reading.metrics and len(reading.mentioned_dimensions) == 1:
        return reading.grouped(reading.mentioned_dimensions[0])
    return reading


def averaged_metric(dimension: str, catalog: Catalog) -> str | None:
    """The metric that averages the dimension's own column (avg_rating for rating), from the catalog."""
    target = catalog.dimensions.get(dimension)
    for metric in catalog.metrics.values():
        measures = [catalog.measures[m] for m in metric.measures if m in catalog.measures]
        averages = metric.type == "simple" and len(measures) == 1 and measures[0].agg == "average"
        if (
            averages
            and target is not None
            and (measures[0].model, measures[0].expr)
            == (
                target.model,
                target.column or target.name,
            )
        ):
            return str(metric.name)
    return None


def rank_by_rated_dimension(reading: Reading, given: RuleInput) -> Reading:
    """ "worst rated category", "which category has the best ratings": a ranking word right before a
    dimension whose column a metric averages ranks by that average, not by the dimension."""
    ranking = given.ranking
    if ranking is None or reading.metrics:
        return reading
    text = given.result.text
    for match in given.result.matches:
        names = [e.target for e in match.of_kind("dimension")]
        after = match.start >= ranking.end and len(text[ranking.end : match.start].split()) <= 1
        before = match.end <= ranking.start and text[match.end : ranking.start].strip() in ("", "的")  # 评分最低的品类
        metric = averaged_metric(names[0], given.catalog) if names and (after or before) else None
        if metric is not None:
            group_by = tuple(d for d in reading.group_by if d != names[0])
            return replace(reading.with_metric(metric, match.start).unmentioned(names[0]), group_by=group_by)
    return reading


def boolean_dimension_as_value(reading: Reading, given: RuleInput) -> Reading:
    """ "share of customers with marketing consent", "营销同意客户的比例": a yes/no dimension named as a
    property (not a breakdown) keeps the rows where it holds; a negation of it stays unread and is refused."""
    for name in list(reading.mentioned_dimensions):
        dimension = given.catalog.dimensions.get(name)
        if dimension is not None and dimension.kind == "boolean" and name not in reading.filters:
            reading = reading.unmentioned(name).with_filter(name, ("true",))
    return reading


def terse_metric_then_dimension(reading: Reading, given: RuleInput) -> Reading:
    """ "aov tier q3", "csat ticket channel": a dimension named right after the metric, with nothing
    between them, is the breakdown (a dimension word of the metric's own definition is not)."""
    matches = given.result.matches
    for metric, dimension in pairwise(matches):
        names = [e.target for e in dimension.of_kind("dimension")]
        metrics = [e.target for e in metric.of_kind("metric")]
        if len(names) != 1 or dimension.of_kind("value") or len(metrics) != 1 or tuple(metrics) != reading.metrics:
            continue
        gap = given.result.text[metric.end : dimension.start]
        if gap.strip() or names[0] not in reading.mentioned_dimensions or names[0] in reading.filters:
            continue
        if is_reachable(names[0], metrics, given.catalog) and not _names_itself(dimension.text, metrics[0], given):
            reading = reading.grouped(names[0])
    return reading


def _names_itself(words: str, metric: str, given: RuleInput) -> bool:
    definition = given.catalog.metrics[metric]
    own = " ".join((definition.label, definition.description, *definition.synonyms)).lower()
    return any(stem(w) in {stem(o) for o in re.findall(r"[a-z]+", own)} for w in words.split())


Rule = Callable[[Reading, RuleInput], Reading]
READING_RULES: tuple[Rule, ...] = (
    values_inside_metric_names,
    boolean_dimension_as_value,
    rank_by_rated_dimension,
    group_ranked_dimension,
    group_before_breakdown,
    terse_metric_then_dimension,
)


def apply_reading_rules(reading: Reading, given: RuleInput) -> Reading:
    for rule in READING_RULES:
        reading = rule(reading, given)
    return reading


def ranked_metric(reading: Reading, ranking: Ranking) -> str:
    return min(reading.metrics, key=lambda m: abs(reading.metric_positions.get(m, 0) - ranking.start))


def orient(ranking: Ranking | None, reading: Reading, catalog: Catalog) -> tuple[Ranking | None, str | None]:
    """ "worst return rate" is the highest one: best / worst follow the ranked metric's polarity."""
    if ranking is None or ranking.polar is None or not reading.metrics:
        return ranking, None
    descending = polar_direction(ranking, ranked_metric(reading, ranking), catalog)
    if descending is None:
        return ranking, ranking.word
    return replace(ranking, descending=descending), None


def polar_direction(ranking: Ranking, metric_name: str, catalog: Catalog) -> bool | None:
    """Whether a polar ranking word ranks the metric highest first: "best" / "worst" by the metric's
    polarity, "fastest" / "slowest" only on a metric measured in time (its format is a unit of time)."""
    metric = catalog.metrics.get(metric_name)
    if metric is None or ranking.polar is None:
        return None
    if ranking.polar in ("fast", "slow"):
        timed = metric.format in meaning_words().duration.formats
        return (ranking.polar == "slow") if timed else None
    better = metric.higher_is_better
    return None if better is None else better == (ranking.polar == "good")
