"""Metrics from YAML: simple (one measure), ratio (measure / measure) and derived (expression over metrics)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from sqlglot import exp

from semantic_layer.fields import Node
from semantic_layer.model import Measure, Metric, SemanticModel
from semantic_layer.privacy import privacy_class
from semantic_layer.share_links import share_link
from semantic_layer.snippets import parse_snippet, referenced_columns

METRIC_KEYS = {"name", "label", "type", "measure", "numerator", "denominator", "expr", "metrics", "description"}
METRIC_KEYS |= {"synonyms", "owner", "status", "format", "alternatives", "higher_is_better", "share_of"}


def build_metric(node: Node) -> Metric:
    node.unknown_keys(METRIC_KEYS)
    name = node.text("name")
    kind = node.choice("type", ("simple", "ratio", "derived"))
    fields = {"simple": ("measure",), "ratio": ("numerator", "denominator"), "derived": ("expr", "metrics")}
    for key in fields.get(kind, ()):
        if key not in node.data:
            node.log.add("missing_field", f"{kind} metric '{name}' needs '{key}'", node.where)
    simple = node.optional("measure")
    numerator, denominator = node.optional("numerator"), node.optional("denominator")
    return Metric(
        name=name,
        label=node.text("label", name),
        description=node.text("description"),
        synonyms=node.texts("synonyms"),
        owner=node.text("owner"),
        status=cast(Any, node.choice("status", ("certified", "draft"))),
        type=cast(Any, kind),
        measures=tuple(m for m in (simple, numerator, denominator) if m),
        numerator=numerator,
        denominator=denominator,
        expr=node.optional("expr"),
        inputs=node.texts("metrics"),
        alternatives=node.texts("alternatives"),
        format=node.text("format", "number"),
        where=node.where,
        higher_is_better=_polarity(node),
        share_of=share_link(node),
    )


def _polarity(node: Node) -> bool | None:
    """`higher_is_better: true|false`; absent when "best" means nothing for the metric."""
    value = node.data.get("higher_is_better")
    if value is None or isinstance(value, bool):
        return value
    node.log.add("bad_field", "field 'higher_is_better' must be true or false", node.where)
    return None


def check_derived(metric: Metric, metrics: Mapping[str, Metric], node: Node) -> None:
    """A derived metric reads only its declared input metrics, which exist and are not derived in a loop."""
    for name in metric.inputs:
        if name not in metrics:
            node.log.add("unknown_reference", f"metric '{metric.name}' uses unknown metric '{name}'", metric.where)
        elif metrics[name].type == "derived":
            node.log.add(
                "bad_reference", f"metric '{metric.name}' may only combine simple or ratio metrics", node.where
            )
    try:
        used = {column.name for column in parse_snippet(metric.expr or "0").find_all(exp.Column)}
    except ValueError as error:
        node.log.add("bad_sql", f"metric '{metric.name}': {error}", metric.where)
        return
    for name in sorted(used - set(metric.inputs)):
        node.log.add("unknown_reference", f"metric '{metric.name}' expr uses '{name}', not in its metrics", node.where)


def measures_of(metric: Metric, metrics: Mapping[str, Metric]) -> tuple[str, ...]:
    if metric.type != "derived":
        return metric.measures
    found = [m for name in metric.inputs if name in metrics for m in metrics[name].measures]
    return tuple(dict.fromkeys(found))


def time_dimensions_of(
    measures: tuple[str, ...], all_measures: Mapping[str, Measure], models: Mapping[str, SemanticModel]
) -> tuple[str, ...]:
    """Each measure's time dimension as `model.time_dimension`; empty unless every measure has one."""
    found: list[str] = []
    for name in measures:
        model = models.get(all_measures[name].model) if name in all_measures else None
        if model is None or not model.agg_time_dimension:
            return ()
        reference = model.agg_time_dimension
        found.append(reference if "." in reference else f"{model.name}.{reference}")
    return tuple(dict.fromkeys(found))


def privacy_of(
    measures: tuple[str, ...], all_measures: Mapping[str, Measure], models: Mapping[str, SemanticModel]
) -> dict[str, str]:
    """`table.column` -> privacy class for every column the metric's measures read."""
    classes: dict[str, str] = {}
    for name in measures:
        measure = all_measures.get(name)
        if measure is None:
            continue
        for snippet in (measure.expr, *measure.filters):
            try:
                columns = referenced_columns(snippet, measure.model)
            except ValueError:
                continue
            for model_name, column in sorted(columns):
                table = models[model_name].table if model_name in models else model_name
                classes[f"{table}.{column}"] = privacy_class(table, column)
    return classes
