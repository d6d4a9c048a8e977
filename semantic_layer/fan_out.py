"""Explaining group-bys and filters that would fan a measure out, or that have no join path at all."""

from __future__ import annotations

from semantic_layer.catalog import Catalog
from semantic_layer.errors import Issue
from semantic_layer.joins import fan_out_grain, join_paths
from semantic_layer.model import Dimension, Metric


def reaches(metric: Metric, dimension: Dimension, catalog: Catalog) -> bool:
    """True when every fact of the metric reaches the dimension's model without multiplying rows."""
    models = catalog.semantic_models
    facts = {catalog.measures[m].model for m in metric.measures}
    return all(dimension.model in join_paths(models, fact, safe_only=True) for fact in facts)


def _blocking_fact(metric: Metric, dimension: Dimension, catalog: Catalog) -> str | None:
    for name in metric.measures:
        fact = catalog.measures[name].model
        if dimension.model not in join_paths(catalog.semantic_models, fact, safe_only=True):
            return fact
    return None


def reach_issue(metric: Metric, dimension: Dimension, role: str, catalog: Catalog) -> Issue | None:
    """None when safe; else an issue naming the grains and the metric to use instead."""
    fact = _blocking_fact(metric, dimension, catalog)
    if fact is None or dimension.model is None:
        return None
    verb = "group" if role == "group_by" else "filter"
    grain = fan_out_grain(catalog.semantic_models, fact, dimension.model)
    if grain is None:
        message = f"cannot {verb} {metric.name} by {dimension.name}: no join path from {fact} to {dimension.model}"
        return Issue("no_join_path", message, role)
    entity = catalog.semantic_models[fact].entity
    usable = [name for name in metric.alternatives if name in catalog.metrics]
    usable = [name for name in usable if reaches(catalog.metrics[name], dimension, catalog)]
    advice = f"use {' or '.join(usable)}" if usable else f"{metric.name} cannot be split by {dimension.name}"
    message = f"{metric.name} is recorded per {entity} and {dimension.name} per {grain}; {advice}"
    return Issue("fan_out", message, role)
