"""Fits a named dimension to the metrics asked for: "tickets by category" means the ticket category.

When a dimension cannot be reached from a metric's fact, a sibling dimension with the same last word
("ticket_category" for "category", "ticket_channel" for "channel") that can be reached is used, and
the answer says so. Several reachable siblings are a question for the user, not a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.planner.text import stem
from semantic_layer.catalog import Catalog
from semantic_layer.fan_out import reaches


@dataclass(frozen=True)
class DimensionFit:
    name: str
    candidates: tuple[str, ...]  # empty when `name` fits; one when substituted; several when ambiguous


def is_reachable(dimension: str, metrics: list[str], catalog: Catalog) -> bool:
    """Whether every one of `metrics` can be grouped by `dimension` (time always can)."""
    target = catalog.dimensions.get(dimension)
    if target is None or target.kind == "time":
        return True
    return all(reaches(catalog.metrics[m], target, catalog) for m in metrics if m in catalog.metrics)


def _siblings(dimension: str, catalog: Catalog) -> list[str]:
    last_word = dimension.split("_")[-1]
    return [name for name in catalog.dimensions if name != dimension and name.split("_")[-1] == last_word]


def _native_sibling(dimension: str, metrics: list[str], catalog: Catalog) -> str | None:
    """A sibling on the metrics' own fact ("ticket_channel" for tickets) beats one reached by a join."""
    facts = {
        catalog.measures[m].model for name in metrics if name in catalog.metrics for m in catalog.metrics[name].measures
    }
    if len(facts) != 1 or catalog.dimensions[dimension].model in facts:
        return None
    native = [s for s in _siblings(dimension, catalog) if catalog.dimensions[s].model in facts]
    return native[0] if len(native) == 1 else None


def fit_dimension(dimension: str, metrics: list[str], catalog: Catalog, said: str = "") -> DimensionFit:
    """`said` is the question's words for the dimension: "preferred channel" names exactly one, so
    only a bare "channel" or "category" is fitted to the metrics' own fact."""
    if dimension not in catalog.dimensions or not metrics:
        return DimensionFit(dimension, ())
    specific = len(said.split()) > 1
    generic = not said or stem(said.split()[-1]) == stem(dimension.split("_")[-1])  # "category", not "product"
    if (specific or not generic) and not is_reachable(dimension, metrics, catalog):
        return DimensionFit(dimension, ())  # "customers by sales channel" names the order channel: refused
    native = (
        None if specific and is_reachable(dimension, metrics, catalog) else _native_sibling(dimension, metrics, catalog)
    )
    if native is not None:
        return DimensionFit(native, (native,))
    if is_reachable(dimension, metrics, catalog):
        return DimensionFit(dimension, ())
    fitting = tuple(s for s in _siblings(dimension, catalog) if is_reachable(s, metrics, catalog))
    return DimensionFit(fitting[0] if len(fitting) == 1 else dimension, fitting)


def default_count_metric(dimension: str, catalog: Catalog) -> str | None:
    """The count metric recorded on the dimension's own model (orders for payment method, ...)."""
    model = catalog.dimensions[dimension].model if dimension in catalog.dimensions else None
    for metric in catalog.metrics.values():
        measures = [catalog.measures[m] for m in metric.measures]
        if (
            metric.type == "simple"
            and measures
            and all(m.model == model and m.agg.startswith("count") for m in measures)
        ):
            return str(metric.name)
    return None
