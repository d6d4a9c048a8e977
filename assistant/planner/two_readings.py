"""Two close readings become a clarification with both, never a silent pick.

"how many customers have we lost": "lost" is a value (RFM segment Lost) and, with "customers", the
metric churned_customers ("lost customers"). When a filter value's word and a population noun of the
question together form another metric's synonym, the planner offers both readings.
"""

from __future__ import annotations

from assistant.answer import ClarificationOption
from assistant.planner.lexicon import planner_words
from assistant.planner.matching import MatchResult
from assistant.planner.plan import ClarifyPlan, QueryPlan
from assistant.planner.reasons import clarification
from semantic_layer.catalog import Catalog


def _metric_named_by(value_word: str, nouns: set[str], catalog: Catalog) -> str | None:
    for metric in catalog.metrics.values():
        for synonym in metric.synonyms:
            words = synonym.lower().split()
            if len(words) == 2 and value_word in words and (set(words) - {value_word}) <= nouns:
                return str(metric.name)
    return None


def two_readings(question: str, result: MatchResult, plan: QueryPlan, catalog: Catalog) -> ClarifyPlan | None:
    nouns = set(planner_words().population_nouns) & set(result.text.split())
    filtered = {f.dimension for f in plan.query.filters}
    named = {e.target for m in result.matches for e in m.of_kind("dimension")}  # "Lost segment": said outright
    for match in result.matches:
        values = [e for e in match.of_kind("value") if e.target in filtered]
        values = [e for e in values if e.target not in named]
        other = _metric_named_by(match.text, nouns, catalog) if values and nouns else None
        if other is None or other in plan.query.metrics:
            continue
        value = values[0]
        metric = catalog.metrics[other]
        label = catalog.dimensions[value.target].label
        options = (
            ClarificationOption(
                label=f"{metric.label}: {metric.description}", question=f"{metric.label.lower()}", value=other
            ),
            ClarificationOption(
                label=f"{', '.join(plan.query.metrics)} for {label.lower()} {value.value}",
                question=question,
                value=str(value.target),
            ),
        )
        return clarification(
            "value_or_metric",
            options,
            term=match.text,
            metric=metric.label.lower(),
            metric_name=other,
            dimension=label.lower(),
            dimension_name=value.target,
            value=str(value.value),
        )
    return None
