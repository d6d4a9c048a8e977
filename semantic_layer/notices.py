"""Notes that travel with a compiled query so an answer can say how its numbers were counted.

They are `engines.notices.Notice`, the one notice type (re-exported for the compiler)."""

from __future__ import annotations

from engines.notices import Notice
from semantic_layer.catalog import Catalog
from semantic_layer.plan import ResolvedQuery

__all__ = ["Notice", "notices_for"]


def _time_label(reference: str) -> str:
    return reference.split(".", 1)[-1].replace("_ts", " time").replace("_", " ")


def notices_for(plan: ResolvedQuery, catalog: Catalog) -> tuple[Notice, ...]:
    notices: list[Notice] = []
    uses_time = plan.time_range is not None or any(key.grain for key in plan.group_by)
    for metric in plan.metrics:
        if not metric.has_time:
            notices.append(Notice("as_of", f"{metric.name} is measured as of the dataset's as-of date"))
        elif uses_time and len(metric.time_dimensions) > 1:
            parts = ", ".join(
                f"{m} by {_time_label(t)}" for m, t in zip(metric.measures, metric.time_dimensions, strict=False)
            )
            notices.append(Notice("mixed_time", f"{metric.name} combines {parts}"))
        elif uses_time and metric.time_dimensions[0] != "orders.order_ts":
            notices.append(
                Notice("time_dimension", f"{metric.name} is dated by {_time_label(metric.time_dimensions[0])}")
            )
    if len(plan.facts) > 1:
        notices.append(
            Notice(
                "multi_fact", f"combines {len(plan.facts)} facts, each aggregated on its own: {', '.join(plan.facts)}"
            )
        )
    return tuple(notices)
