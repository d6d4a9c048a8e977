"""Shares and percentages: "what fraction of tickets were about billing", "各渠道销售额占比".

A share word over an additive metric (a sum or a count) with a filter or a breakdown becomes the
semantic layer's governed share of total (`share_of_total`); a rate metric already is a share. Any
other share word stays unexplained, and the meaning check refuses the question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from assistant.planner.meaning_words import meaning_words
from assistant.planner.plan import QueryPlan
from semantic_layer.share import ADDITIVE

Span = tuple[int, int]


def share_spans(text: str, explained: Sequence[Span]) -> list[Span]:
    spans: list[Span] = []
    for phrase in sorted(meaning_words().share, key=len, reverse=True):
        pattern = rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])" if phrase.isascii() else re.escape(phrase)
        for match in re.finditer(pattern, text):
            if all(match.end() <= s or match.start() >= e for s, e in (*explained, *spans)):
                spans.append(match.span())
    return spans


def _additive(metric: str, catalog: Any) -> bool:
    definition = catalog.metrics.get(metric)
    if definition is None or definition.type != "simple":
        return False
    return all(catalog.measures[m].agg in ADDITIVE for m in definition.measures if m in catalog.measures)


def rate_for(metrics: Sequence[str], catalog: Any) -> str | None:
    """ "what percentage of GMV goes to discounts": the ratio metric whose numerator and denominator
    are the two metrics named (discount_amount / gmv = discount_rate)."""
    if len(metrics) != 2 or not all(m in catalog.metrics for m in metrics):
        return None
    measures = {catalog.metrics[m].measures[0] for m in metrics if catalog.metrics[m].type == "simple"}
    for metric in catalog.metrics.values():
        if metric.type == "ratio" and {metric.numerator, metric.denominator} == measures:
            return str(metric.name)
    return None


def apply_share(plan: QueryPlan, text: str, explained: Sequence[Span], catalog: Any) -> tuple[QueryPlan, list[Span]]:
    """The plan with a share of total when the question asks for one it can have, and the words used."""
    spans = share_spans(text, explained)
    query = plan.query
    rate = rate_for(query.metrics, catalog) if spans else None
    if rate is not None:
        rated = query.model_copy(update={"metrics": (rate,), "order_by": ()})
        named = " and ".join(catalog.metrics[m].label for m in query.metrics)
        label = catalog.metrics[rate].label
        interpretation = plan.interpretation.replace(named, label, 1)
        return replace(plan, query=rated, interpretation=f"{interpretation} (the governed rate for “{named}”)"), spans
    if not spans or plan.comparison is not None or not (query.filters or query.group_by):
        return plan, []
    if not all(_additive(m, catalog) for m in query.metrics):
        return plan, []
    shared = query.model_copy(update={"share_of_total": True})
    interpretation = (
        plan.interpretation
        + ", as a share of all "
        + " and ".join(catalog.metrics[m].label.lower() for m in query.metrics)
    )
    return replace(plan, query=shared, interpretation=interpretation), spans
