"""Follow-up questions refine the previous semantic query instead of starting over.

"and by channel?" adds a breakdown, "only Platinum" replaces the tier filter, "what about last
year?" replaces the period, "show it monthly" replaces the time grain; everything not mentioned
is kept from the previous question.
"""

from __future__ import annotations

from typing import Any


def is_time_dimension(name: str) -> bool:
    return name.startswith("metric_time")


def merge_group_by(previous: list[str], dimensions: list[str], grain: str | None, additive: bool) -> list[str]:
    kept_dimensions = [d for d in previous if not is_time_dimension(d)]
    kept_time = [d for d in previous if is_time_dimension(d)]
    if dimensions:
        kept_dimensions = (
            kept_dimensions + [d for d in dimensions if d not in kept_dimensions] if additive else dimensions
        )
    if grain:
        kept_time = [f"metric_time__{grain}"]
    return kept_dimensions + kept_time


def merge_filters(previous: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    replaced = {item["dimension"] for item in new}
    return [item for item in previous if item["dimension"] not in replaced] + new


def merge_query(previous: dict[str, Any], new: dict[str, Any], *, additive: bool, grain: str | None) -> dict[str, Any]:
    """The previous query with the parts the follow-up names replaced or added."""
    dimensions = [d for d in new.get("group_by", []) if not is_time_dimension(d)]
    group_by = merge_group_by(list(previous.get("group_by", [])), dimensions, grain, additive)
    merged = {
        "metrics": new.get("metrics") or previous["metrics"],
        "group_by": group_by,
        "filters": merge_filters(list(previous.get("filters", [])), list(new.get("filters", []))),
        "time_range": new.get("time_range") or previous.get("time_range"),
    }
    keeps_order = group_by == previous.get("group_by")
    order = new.get("order_by") or (previous.get("order_by") if keeps_order else None)
    order = [o for o in (order or []) if o["field"] in merged["metrics"]]
    if order:
        merged["order_by"] = order
        merged["limit"] = new.get("limit") if new.get("order_by") else previous.get("limit")
    return merged
