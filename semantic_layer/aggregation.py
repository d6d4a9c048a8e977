"""How a metric's values combine across the groups of an answer: additive, average, ratio, distinct count.

Only additive metrics may be summed across groups ("total across the regions shown"); an average
order value or a return rate of several groups is not the sum (nor the mean) of the group values,
and a customer can be active in two channels, so distinct counts do not add up either. The kind is
derived from the definitions (a simple metric takes its measure's aggregation, a ratio is a ratio,
a derived metric is additive only when all its inputs are), with overrides in
`definitions/presentation/aggregation.yml` (a subfolder: the catalog loader reads only the top level).
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path

import yaml

from semantic_layer.catalog import Catalog
from semantic_layer.model import Metric

OVERRIDES = Path(__file__).resolve().parent / "definitions" / "presentation" / "aggregation.yml"


class AggregationKind(StrEnum):
    ADDITIVE = "additive"
    AVERAGE = "average"
    RATIO = "ratio"
    DISTINCT_COUNT = "distinct_count"

    @property
    def summable(self) -> bool:
        return self is AggregationKind.ADDITIVE


MEASURE_KINDS = {
    "sum": AggregationKind.ADDITIVE,
    "count": AggregationKind.ADDITIVE,
    "count_distinct": AggregationKind.DISTINCT_COUNT,
    "average": AggregationKind.AVERAGE,
}


@cache
def overrides(path: Path = OVERRIDES) -> dict[str, AggregationKind]:
    """Metric name -> kind from the YAML file; an unknown kind fails loudly (a definition bug)."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(name): AggregationKind(str(kind)) for name, kind in (data.get("overrides") or {}).items()}


def derived_kind(metric: Metric, catalog: Catalog) -> AggregationKind:
    """The kind from the definitions alone (no overrides)."""
    if metric.type == "ratio":
        return AggregationKind.RATIO
    if metric.type == "derived":
        inputs = [aggregation_kind(catalog.metrics[name], catalog) for name in metric.inputs if name in catalog.metrics]
        additive = inputs and all(kind.summable for kind in inputs)
        return AggregationKind.ADDITIVE if additive else AggregationKind.RATIO
    measure = catalog.measures.get(metric.measures[0]) if metric.measures else None
    return MEASURE_KINDS.get(measure.agg, AggregationKind.RATIO) if measure else AggregationKind.RATIO


def aggregation_kind(metric: Metric, catalog: Catalog) -> AggregationKind:
    return overrides().get(metric.name) or derived_kind(metric, catalog)


def aggregation_kinds(catalog: Catalog) -> dict[str, AggregationKind]:
    """Every metric's kind, by name."""
    return {name: aggregation_kind(metric, catalog) for name, metric in catalog.metrics.items()}
