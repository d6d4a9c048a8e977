"""No silent reinterpretation: a finished reading must account for every meaning-changing word.

Each check is a small rule over the question and the plan the planner built. A negation, a share,
a comparison, a growth, a per-group ranking, a polar ranking word without a polarity, a time word
the time parser did not read, a word nothing in the catalog explains, or a filter that contradicts
the metric's own definition: the planner says what it cannot do instead of answering the rest.
Word lists live in meaning_words.yml.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.planner.meaning_words import meaning_words
from assistant.planner.plan import QueryPlan, Reason, UnsupportedPlan
from assistant.planner.reasons import reason, worded
from engines.notice_figures import Timeless
from semantic_layer.catalog import Catalog
from semantic_layer.definition_facts import excluded_values
from semantic_layer.fan_out import reaches
from semantic_layer.period_change import period_change_problem

Span = tuple[int, int]


@dataclass(frozen=True)
class Evidence:
    """What the reading explained: character spans of the normalised question, and what it left."""

    text: str
    explained: tuple[Span, ...]
    unknown_words: tuple[str, ...]
    unused_negations: tuple[str, ...]
    time_comparison: str | None
    ranked: bool
    polar_unresolved: str | None  # a "best"/"worst" used on a metric without a polarity
    unused_dimensions: tuple[str, ...] = ()  # dimensions named but neither grouped nor filtered


def _free(explained: Sequence[Span], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e in explained)


def free_phrases(text: str, phrases: Sequence[str], explained: Sequence[Span]) -> list[str]:
    """The phrases of the list that occur outside every explained span."""
    found = []
    for phrase in sorted(phrases, key=len, reverse=True):
        pattern = rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])" if phrase.isascii() else re.escape(phrase)
        for match in re.finditer(pattern, text):
            if _free(explained, *match.span()):
                found.append(phrase)
                explained = (*explained, match.span())
                break
    return found


Check = Callable[[Evidence, QueryPlan, Any], Reason | None]


def _negation(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> Reason | None:
    if not evidence.unused_negations:
        return None
    return reason("negation_unused", cue=evidence.unused_negations[0])


def _share(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> Reason | None:
    words = free_phrases(evidence.text, meaning_words().share, evidence.explained)
    if not words:
        return None
    counted = [m for m in plan.query.metrics if m in catalog.metrics and catalog.metrics[m].type != "ratio"]
    if not counted:
        return None
    rates = ", ".join(m.name for m in catalog.metrics.values() if m.type == "ratio")
    return reason("share_not_computed", word=words[0], counted=", ".join(counted), rates=rates)


def _compares_groups(plan: QueryPlan) -> bool:
    """ "East vs South": two values of one dimension side by side."""
    return any(isinstance(f.value, list) and f.dimension in plan.query.group_by for f in plan.query.filters)


def _comparison(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> Reason | None:
    words = free_phrases(evidence.text, meaning_words().comparison, evidence.explained)
    compared_groups = _compares_groups(plan)
    if not words or plan.comparison is not None or compared_groups or plan.query.period_change is not None:
        return None  # a growth series compares each period with its baseline
    return reason("comparison_unread", word=words[0])


def _growth(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> Reason | None:
    if plan.query.period_change is not None:  # growth per period of a series (semantic_layer/period_change.py)
        problem = period_change_problem(plan.query, catalog)
        return None if problem is None else reason("period_change_problem", problem=problem)
    if evidence.time_comparison is None or plan.comparison is not None:
        return None
    return reason("growth_unread")


def _per_group_ranking(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> Reason | None:
    query = plan.query
    if not evidence.ranked or len(query.group_by) < 2 or plan.comparison is not None or query.rank_within:
        return None
    return reason("per_group_ranking")


def _unused_dimension(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> Reason | None:
    """ "the category with the most units in every region": a dimension named but not used."""
    if not evidence.unused_dimensions:
        return None
    name = evidence.unused_dimensions[0]
    return reason("dimension_unused", name=name.replace("_", " "), dimension_name=name)


def _ranking_unused(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> Reason | None:
    """ "worst performing store by revenue" read without a store breakdown: the ranking word was dropped."""
    if not evidence.ranked or plan.query.order_by or plan.comparison is not None:
        return None
    return reason("ranking_unused")


def _timeless(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> Reason | None:
    notice = next((n for n in plan.notices if n.code == "no_time_dimension"), None)
    if notice is None or not isinstance(notice.figures, Timeless):
        return None
    return reason("timeless", names=", ".join(notice.figures.metrics))  # the metrics the period was dropped for


def _polarity(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> Reason | None:
    word = evidence.polar_unresolved
    if word is None:
        return None
    duration = meaning_words().duration
    if word in (*duration.fast, *duration.slow):  # "fastest" on a metric not measured in time
        return reason("unknown_words", words=f"“{word}”")
    return reason("polarity_missing", word=word)


def _time(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> Reason | None:
    words = meaning_words().time
    found = free_phrases(evidence.text, words.english + words.chinese, evidence.explained)
    found += [
        m.group() for m in re.finditer(words.ordinal_pattern, evidence.text) if _free(evidence.explained, *m.span())
    ]
    if not found:
        return None
    return reason("time_unread", word=found[0])


def _unknown_words(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> Reason | None:
    compared = set(meaning_words().comparison_adjectives) if plan.comparison is not None else set()
    compares = plan.comparison is not None or _compares_groups(plan)  # "how does East stack up against South"
    compared_words = {w for p in meaning_words().comparison for w in p.split()} if compares else set()
    harmless = set(meaning_words().harmless) | compared | compared_words | _share_words_used(plan, catalog)
    pronoun = re.search(meaning_words().pronoun_one, evidence.text) is not None  # "which one is worst?"
    words = [w for w in evidence.unknown_words if len(w) > 2 and w not in harmless and not (pronoun and w == "one")]
    leftover = [w for w in _chinese_leftover(evidence) if w not in compared_words]  # 7月和6月的销售额对比
    if not words and not leftover:
        return None
    listed = ", ".join(f"“{w}”" for w in (words + leftover)[:3])
    return reason("unknown_words", words=listed)


def _share_words_used(plan: QueryPlan, catalog: Catalog) -> set[str]:
    """ "what percentage of buyers shop in two channels": a metric that is itself a percentage explains the word."""
    metrics = [catalog.metrics[m] for m in plan.query.metrics if m in catalog.metrics]
    if not metrics or any(m.format != "percent" for m in metrics):
        return set()
    return {w for phrase in meaning_words().share for w in phrase.split()}


def _chinese_leftover(evidence: Evidence) -> list[str]:
    filler = sorted(meaning_words().chinese_filler, key=len, reverse=True)
    left: list[str] = []
    for match in re.finditer(r"[\u4e00-\u9fff]+", evidence.text):
        chars = [
            match.start() + i
            for i in range(len(match.group()))
            if _free(evidence.explained, match.start() + i, match.start() + i + 1)
        ]
        run = "".join(evidence.text[i] for i in chars)
        for word in filler:
            run = run.replace(word, " ")
        left += run.split()
    return left


def _definition_conflict(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> Reason | None:
    for metric in plan.query.metrics:
        excluded = excluded_values(catalog, metric)
        for item in plan.query.filters:
            values = item.value if isinstance(item.value, list) else [item.value]
            clash = [v for v in values if str(v) in excluded.get(item.dimension, ()) and item.op in ("=", "in")]
            if clash:
                definition = catalog.metrics[metric]
                return reason(
                    "definition_conflict",
                    label=definition.label,
                    metric_name=metric,
                    dimension=item.dimension,
                    value=str(clash[0]),
                    description=definition.description,
                )
    return None


def _negated_across_grain(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> Reason | None:
    """ "customers who haven't returned an order": leaving out rows of a finer fact (orders) does not
    leave out the customers who have such rows; the planner cannot count "never did", so it refuses."""
    for item in plan.query.filters:
        dimension = catalog.dimensions.get(item.dimension)
        if item.op not in ("!=", "not in") or dimension is None:
            continue
        for name in plan.query.metrics:
            if name in catalog.metrics and not reaches(catalog.metrics[name], dimension, catalog):
                return reason(
                    "negated_across_grain",
                    label=catalog.metrics[name].label,
                    metric_name=name,
                    dimension_label=dimension.label,
                    dimension_label_lower=dimension.label.lower(),
                    dimension_name=item.dimension,
                    value=str(item.value),
                )
    return None


CHECKS: tuple[Check, ...] = (
    _definition_conflict,
    _negated_across_grain,
    _negation,
    _polarity,
    _per_group_ranking,
    _ranking_unused,
    _unused_dimension,
    _share,
    _growth,
    _timeless,
    _comparison,
    _time,
    _unknown_words,
)


def check_meaning(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> QueryPlan | UnsupportedPlan:
    """The plan itself, or the first reason it would answer a different question."""
    for check in CHECKS:
        found = check(evidence, plan, catalog)
        if found is not None:
            return UnsupportedPlan(worded(found, "en"), tuple(plan.query.metrics), found)
    return plan
