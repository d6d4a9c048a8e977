"""Shares and percentages: "what fraction of tickets were about billing", "各渠道销售额占比".

A share word over a count with a filter becomes the catalog's rate when a ratio metric declares it
is that share (`share_of:` in metrics.yml: consent_rate is the share of customers with marketing
consent); two metrics named become the ratio of the two ("percentage of GMV that goes to discounts");
otherwise an additive metric (a sum or a count) with a filter or a breakdown becomes the semantic
layer's governed share of total (`share_of_total`). Any other share word stays unexplained, and the
meaning check refuses the question: a count is never returned where a share was asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.answer import ClarificationOption
from assistant.planner.interpretation import describe_filters
from assistant.planner.meaning_words import meaning_words
from assistant.planner.plan import ClarifyPlan, QueryPlan
from assistant.planner.reachability import default_count_metric
from assistant.planner.reading import Reading
from assistant.planner.reasons import clarification
from semantic_layer.catalog import Catalog
from semantic_layer.query import Filter, SemanticQuery
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


def _additive(metric: str, catalog: Catalog) -> bool:
    definition = catalog.metrics.get(metric)
    if definition is None or definition.type != "simple":
        return False
    return all(catalog.measures[m].agg in ADDITIVE for m in definition.measures if m in catalog.measures)


def rate_for(metrics: Sequence[str], catalog: Catalog) -> str | None:
    """ "what percentage of GMV goes to discounts": the ratio metric whose numerator and denominator
    are the two metrics named (discount_amount / gmv = discount_rate)."""
    if len(metrics) != 2 or not all(m in catalog.metrics for m in metrics):
        return None
    measures = {catalog.metrics[m].measures[0] for m in metrics if catalog.metrics[m].type == "simple"}
    for metric in catalog.metrics.values():
        if metric.type == "ratio" and {metric.numerator, metric.denominator} == measures:
            return str(metric.name)
    return None


def count_for_share(text: str, reading: Reading, catalog: Catalog) -> Reading | None:
    """ "percentage of members who opted in": a share asked of one filter with no metric named counts
    the rows of that filter's own model (customers), so the share can be read from the catalog."""
    if reading.metrics or len(reading.filters) != 1 or not share_spans(text, ()):
        return None
    metric = default_count_metric(next(iter(reading.filters)), catalog)
    return None if metric is None else reading.with_metric(metric)


def _filter_values(item: Filter) -> set[str]:
    values = item.value if isinstance(item.value, list) else [item.value]
    return {str(v).lower() if isinstance(v, bool) else str(v) for v in values}


def linked_rate(query: SemanticQuery, catalog: Catalog) -> tuple[str, tuple[Filter, ...]] | None:
    """ "what share of customers opted in": the rate the catalog declares (`share_of`) as the share of
    the asked-for count under the asked-for filter, and the filters it already contains."""
    if len(query.metrics) != 1:
        return None
    for metric in catalog.metrics.values():
        link = metric.share_of
        if link is None or link.metric != query.metrics[0] or not link.filters:
            continue
        used = tuple(
            f
            for f in query.filters
            if f.op in ("=", "in") and any(f.dimension == d and _filter_values(f) == set(v) for d, v in link.filters)
        )
        if len(used) == len(link.filters):
            return str(metric.name), used
    return None


def _with_linked_rate(plan: QueryPlan, catalog: Catalog) -> QueryPlan | None:
    found = linked_rate(plan.query, catalog)
    if found is None:
        return None
    rate, used = found
    count = plan.query.metrics[0]
    order = tuple(o.model_copy(update={"field": rate}) if o.field == count else o for o in plan.query.order_by)
    query = plan.query.model_copy(
        update={"metrics": (rate,), "filters": tuple(f for f in plan.query.filters if f not in used), "order_by": order}
    )
    interpretation = plan.interpretation.replace(catalog.metrics[count].label, catalog.metrics[rate].label, 1)
    for phrase in describe_filters([f.model_dump(mode="json") for f in used], {}):
        interpretation = interpretation.replace(", " + phrase, "")
    note = f" (the governed rate: the share of {catalog.metrics[count].label.lower()} that are {', '.join(describe_filters([f.model_dump(mode='json') for f in used], {}))})"
    return replace(plan, query=query, interpretation=interpretation + note)


def apply_share(
    plan: QueryPlan, text: str, explained: Sequence[Span], catalog: Catalog
) -> tuple[QueryPlan, list[Span]]:
    """The plan with a share of total when the question asks for one it can have, and the words used."""
    spans = share_spans(text, explained)
    query = plan.query
    linked = _with_linked_rate(plan, catalog) if spans and plan.comparison is None else None
    if linked is not None:
        return linked, spans
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


def free_of_total(text: str) -> bool:
    return any(re.search(rf"(?<![a-z]){re.escape(p)}(?![a-z])", text) for p in meaning_words().share_of_total)


def rival_rate(query: SemanticQuery, catalog: Catalog) -> str | None:
    """The percentage whose numerator is the shared count itself: "percent of churned customers by
    region" may be each region's share of all churned customers, or the churn rate in each region."""
    metric = catalog.metrics.get(query.metrics[0]) if query.share_of_total and len(query.metrics) == 1 else None
    if metric is None or metric.type != "simple" or not metric.measures:
        return None
    rates = [
        str(m.name)
        for m in catalog.metrics.values()
        if m.type == "ratio" and m.numerator == metric.measures[0] and m.format == "percent"
    ]
    return rates[0] if len(rates) == 1 else None


def _asked(query: SemanticQuery, metric: str, catalog: Catalog) -> str:
    """A question the planner reads back as `query` with `metric` in place of the shared count."""
    parts = [metric.replace("_", " ")]
    dimensions = [catalog.dimensions[g].label.lower() for g in query.group_by if g in catalog.dimensions]
    parts += [f"by {' and '.join(dimensions)}"] if dimensions else []
    for item in query.filters:
        values = item.value if isinstance(item.value, list) else [item.value]
        words = " or ".join(str(v).replace("_", " ") for v in values)
        parts.append(f"excluding {words}" if item.op in ("!=", "not in") else f"for {words}")
    span = query.time_range
    if span is not None and span.start is not None and span.end is not None:
        parts.append(f"from {span.start.isoformat()} to {span.end.isoformat()}")
    return " ".join(parts)


def two_share_readings(plan: QueryPlan, text: str, catalog: Catalog) -> ClarifyPlan | None:
    """Both readings of a share whose count is also a rate's numerator, as a clarification (unless the
    question says the share is of the whole: "share of all discounts by channel")."""
    rate = rival_rate(plan.query, catalog)
    if rate is None or (share_spans(text, ()) and free_of_total(text)):
        return None
    count = catalog.metrics[plan.query.metrics[0]]
    shared = f"share of all {_asked(plan.query, count.name, catalog)}"
    options = (
        ClarificationOption(
            label=f"{catalog.metrics[rate].label}: {catalog.metrics[rate].description}",
            question=_asked(plan.query, rate, catalog),
            value=rate,
        ),
        ClarificationOption(
            label=f"Share of all {count.label.lower()}: each row's part of the total",
            question=shared,
            value=f"{count.name}_share",
        ),
    )
    return clarification(
        "share_could_mean",
        options,
        count=count.label.lower(),
        count_name=count.name,
        rate=catalog.metrics[rate].label.lower(),
        rate_name=rate,
    )
