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
from assistant.planner.plan import QueryPlan, UnsupportedPlan
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


Check = Callable[[Evidence, QueryPlan, Any], str | None]


def _negation(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> str | None:
    if not evidence.unused_negations:
        return None
    cue = evidence.unused_negations[0]
    return f"I can't tell what “{cue}” excludes here, so I won't answer without it. Name the value to leave out, e.g. “revenue excluding marketplace”."


def _share(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> str | None:
    words = free_phrases(evidence.text, meaning_words().share, evidence.explained)
    if not words:
        return None
    counted = [m for m in plan.query.metrics if m in catalog.metrics and catalog.metrics[m].type != "ratio"]
    if not counted:
        return None
    rates = ", ".join(m.name for m in catalog.metrics.values() if m.type == "ratio")
    return f"You asked for a {words[0]}, but I only found a count or total ({', '.join(counted)}); I can't compute that share yet. Rates I can answer: {rates}."


def _compares_groups(plan: QueryPlan) -> bool:
    """ "East vs South": two values of one dimension side by side."""
    return any(isinstance(f.value, list) and f.dimension in plan.query.group_by for f in plan.query.filters)


def _comparison(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> str | None:
    words = free_phrases(evidence.text, meaning_words().comparison, evidence.explained)
    compared_groups = _compares_groups(plan)
    if not words or plan.comparison is not None or compared_groups or plan.query.period_change is not None:
        return None  # a growth series compares each period with its baseline
    return f"I couldn't tell which two things “{words[0]}” compares, so I won't answer only half of it. Try e.g. “revenue Q3 vs Q2”."


def _growth(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> str | None:
    if plan.query.period_change is not None:  # growth per period of a series (semantic_layer/period_change.py)
        problem = period_change_problem(plan.query, catalog)
        return None if problem is None else f"You asked for the change in each period, but {problem}."
    if evidence.time_comparison is None or plan.comparison is not None:
        return None
    return "You asked how a figure changed, but I can only compare two whole periods (e.g. “revenue Q3 vs Q2”), not a change for each period of a series or a figure without a time dimension."


def _per_group_ranking(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> str | None:
    query = plan.query
    if not evidence.ranked or len(query.group_by) < 2 or plan.comparison is not None or query.rank_within:
        return None
    return "You asked for a ranking inside each group (e.g. the top channel in every region); I can't rank within groups yet, only across all rows."


def _unused_dimension(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> str | None:
    """ "the category with the most units in every region": a dimension named but not used."""
    if not evidence.unused_dimensions:
        return None
    name = evidence.unused_dimensions[0]
    return f"I read “{name.replace('_', ' ')}” in the question but couldn't tell how to use it (break down by it, or filter on one of its values), so I won't answer without it."


def _ranking_unused(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> str | None:
    """ "worst performing store by revenue" read without a store breakdown: the ranking word was dropped."""
    if not evidence.ranked or plan.query.order_by or plan.comparison is not None:
        return None
    return "You asked for a ranking, but I couldn't tell what to rank (e.g. “top 5 stores by revenue”), so I won't answer without it."


def _timeless(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> str | None:
    notice = next((n for n in plan.notices if n.code == "no_time_dimension"), None)
    return None if notice is None else f"{notice.message} I won't answer without the period you asked for."


def _polarity(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> str | None:
    if evidence.polar_unresolved is None:
        return None
    return f"“{evidence.polar_unresolved}” has no direction for this metric (neither higher nor lower is better); ask for the highest or the lowest instead."


def _time(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> str | None:
    words = meaning_words().time
    found = free_phrases(evidence.text, words.english + words.chinese, evidence.explained)
    found += [
        m.group() for m in re.finditer(words.ordinal_pattern, evidence.text) if _free(evidence.explained, *m.span())
    ]
    if not found:
        return None
    return f"I couldn't read the period in “{found[0]}”, so I won't answer for a different one. Try e.g. “last quarter”, “2026-03-03 to 2026-04-09” or “H1 2026”."


def _unknown_words(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> str | None:
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
    return f"I don't know what {listed} means here, and a guess could give the wrong number. Rephrase with a metric or dimension from the catalog."


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


def _definition_conflict(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> str | None:
    for metric in plan.query.metrics:
        excluded = excluded_values(catalog, metric)
        for item in plan.query.filters:
            values = item.value if isinstance(item.value, list) else [item.value]
            clash = [v for v in values if str(v) in excluded.get(item.dimension, ()) and item.op in ("=", "in")]
            if clash:
                label = catalog.metrics[metric].label
                return (
                    f"{label} already leaves out {item.dimension} {clash[0]} by definition "
                    f"({catalog.metrics[metric].description}), so it can't be reported for {clash[0]} orders; "
                    "no governed metric counts them."
                )
    return None


def _negated_across_grain(evidence: Evidence, plan: QueryPlan, catalog: Catalog) -> str | None:
    """ "customers who haven't returned an order": leaving out rows of a finer fact (orders) does not
    leave out the customers who have such rows; the planner cannot count "never did", so it refuses."""
    for item in plan.query.filters:
        dimension = catalog.dimensions.get(item.dimension)
        if item.op not in ("!=", "not in") or dimension is None:
            continue
        for name in plan.query.metrics:
            if name in catalog.metrics and not reaches(catalog.metrics[name], dimension, catalog):
                label = catalog.metrics[name].label
                return (
                    f"You asked for {label} leaving out {dimension.label.lower()} {item.value}, but {dimension.label} is "
                    f"recorded on finer rows than {label} (one can have several), so the rest would still count those "
                    "that also have it; I can't answer that exclusion."
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
        message = check(evidence, plan, catalog)
        if message is not None:
            return UnsupportedPlan(message, tuple(plan.query.metrics))
    return plan
