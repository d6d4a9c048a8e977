"""The plain-words reading of a semantic query, always shown with the answer.

"Revenue by region, 2026-07-01 to 2026-09-30, Gold and Platinum members" lets the user check that
the question was understood before trusting the number.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.planner.lexicon import planner_words


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _label(labels: Mapping[str, str], name: str) -> str:
    return labels.get(name, name.replace("_", " "))


def describe_filters(filters: list[dict[str, Any]], labels: Mapping[str, str]) -> list[str]:
    phrases = planner_words().filter_phrases
    described = []
    for item in filters:
        dimension, op, value = item["dimension"], item["op"], item["value"]
        values = [str(v).replace("_", " ") for v in (value if isinstance(value, list) else [value])]
        if op in ("=", "in") and dimension in phrases:
            described.append(phrases[dimension].format(values=_join(values)))
        elif op in ("=", "in"):
            described.append(f"{_label(labels, dimension).lower()} {_join(values)}")
        elif op in ("!=", "not in"):
            described.append(f"excluding {_label(labels, dimension).lower()} {_join(values)}")
        else:
            described.append(f"{_label(labels, dimension).lower()} {op} {_join(values)}")
    return described


def describe_query(
    query: Mapping[str, Any], labels: Mapping[str, str], as_of: str, period_label: str = "", by_change: bool = False
) -> str:
    metrics = _join([_label(labels, m) for m in query["metrics"]])
    dimensions = [d for d in query.get("group_by", []) if not d.startswith("metric_time")]
    grains = [d.split("__")[1] for d in query.get("group_by", []) if d.startswith("metric_time__")]
    by = [_label(labels, d).lower() for d in dimensions] + [grain for grain in grains]
    head = metrics + (f" by {_join(by)}" if by else "")
    parts = [head, _describe_time(query.get("time_range"), as_of, period_label)]
    parts += describe_filters(list(query.get("filters", [])), labels)
    parts += _describe_order(query, labels, by_change)
    return ", ".join(p for p in parts if p)


def _describe_time(time_range: Mapping[str, str] | None, as_of: str, period_label: str) -> str:
    if not time_range or not (time_range.get("start") or time_range.get("end")):
        return f"all dates through {as_of}"  # a days-of-week-only range: the days are described with the time parts
    start, end = time_range.get("start") or "the first date", time_range.get("end") or as_of
    span = str(start) if start == end else f"{start} to {end}"  # "sept 15": one day
    if period_label and not period_label.startswith(str(time_range["start"])):
        return f"{period_label} ({span})"
    return span


def _describe_order(query: Mapping[str, Any], labels: Mapping[str, str], by_change: bool) -> list[str]:
    order = list(query.get("order_by") or [])
    if not order:
        return []
    field, descending = order[0]["field"], order[0].get("desc", False)
    if by_change:
        size = "largest" if descending else "smallest"
        count = query.get("limit")
        return [
            f"the {count if count and count > 1 else ''} {size} change in {_label(labels, field)}".replace("  ", " ")
        ]
    limit = query.get("limit")
    direction = "top" if descending else "bottom"
    if limit == 1:
        return [f"the {'highest' if descending else 'lowest'} {_label(labels, field)}"]
    if limit:
        return [f"{direction} {limit} by {_label(labels, field)}"]
    return [f"sorted by {_label(labels, field)} ({'highest' if descending else 'lowest'} first)"]
