"""The time parts of a semantic query that go beyond a date range: days of the week and growth per period.

"weekend revenue last month" keeps ISO days 6 and 7 (`time_range.days_of_week`), "revenue by day of
week" groups by `day_of_week`, and "revenue growth each month this year" / 今年每个月的环比增长 asks
the semantic layer for `period_change` at the question's grain (previous period, or the same period
a year earlier for 同比 / "year over year"), never a single figure for the whole range.
"""

from __future__ import annotations

from typing import Any

from assistant.planner.time_expressions import TimeReading
from semantic_layer.day_of_week import DAY_OF_WEEK, WEEKEND, WORKDAYS
from semantic_layer.query import SemanticQuery

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def add_day_parts(parts: dict[str, Any], time: TimeReading) -> None:
    """Group by the day of the week, and keep only the days named, in the query's time range."""
    if time.by_day_of_week and DAY_OF_WEEK not in parts["group_by"]:
        parts["group_by"].append(DAY_OF_WEEK)
    if time.days_of_week:
        parts["time_range"] = {**parts.get("time_range", {}), "days_of_week": list(time.days_of_week)}


def days_part(parts: dict[str, Any]) -> dict[str, Any]:
    days = (parts.get("time_range") or {}).get("days_of_week")
    return {"days_of_week": days} if days else {}


def add_period_change(parts: dict[str, Any], time: TimeReading) -> None:
    """A change word with a time grain ("growth each month") is a growth series, not one comparison."""
    grains = [key for key in parts["group_by"] if key.startswith("metric_time__")]
    if time.comparison in ("previous_period", "previous_year") and grains:
        parts["period_change"] = "year_over_year" if time.comparison == "previous_year" else "previous_period"


def describe_days(days: tuple[int, ...]) -> str:
    if days == WEEKEND:
        return "weekends only (Saturday and Sunday)"
    if days == WORKDAYS:
        return "weekdays only (Monday to Friday)"
    return f"{' and '.join(DAY_NAMES[d - 1] for d in days)} only"


def describe_time_parts(query: SemanticQuery) -> str:
    """What the interpretation adds for these parts, e.g. ", weekends only (Saturday and Sunday)"."""
    extra = []
    if query.time_range is not None and query.time_range.days_of_week:
        extra.append(describe_days(query.time_range.days_of_week))
    grain = next((key.split("__")[1] for key in query.group_by if key.startswith("metric_time__")), None)
    if query.period_change == "previous_period" and grain:
        extra.append(f"each {grain} compared with the {grain} before (growth per {grain})")
    elif query.period_change == "year_over_year" and grain:
        extra.append(f"each {grain} compared with the same {grain} a year earlier (growth per {grain})")
    return "".join(f", {part}" for part in extra)
