"""A short templated narrative with the actual numbers: the total, the top item, the change.

Offline and deterministic: every sentence is built from the result rows, so it can be checked
against the table shown beside it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.formatting import format_change, format_value


@dataclass(frozen=True)
class NarrativeInput:
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    metrics: Sequence[str]
    labels: Mapping[str, str]
    formats: Mapping[str, str]
    period: str = ""
    baseline_period: str = ""


def _column(data: NarrativeInput, name: str) -> list[Any]:
    index = list(data.columns).index(name)
    return [row[index] for row in data.rows]


def _fmt(data: NarrativeInput, metric: str, value: Any) -> str:
    return format_value(value, data.formats.get(metric, "number"))


def _label(data: NarrativeInput, name: str) -> str:
    return data.labels.get(name, name.replace("_", " "))


def narrate(data: NarrativeInput) -> str:
    if not data.rows:
        return "No data matched this question (after the privacy rules for your role were applied)."
    keys = [c for c in data.columns if c not in data.metrics and not _is_derived(c, data.metrics)]
    if data.baseline_period:
        return _narrate_comparison(data, keys)
    if not keys:
        return _narrate_single(data)
    time_keys = [k for k in keys if k.startswith("metric_time")]
    if time_keys and len(keys) == 1:
        return _narrate_series(data, time_keys[0])
    return _narrate_groups(data, keys)


def _is_derived(column: str, metrics: Sequence[str]) -> bool:
    return any(
        column.startswith(f"{m}_") and column[len(m) + 1 :] in ("previous", "change", "change_pct") for m in metrics
    )


def _period_suffix(data: NarrativeInput) -> str:
    return f" for {data.period}" if data.period else ""


def _narrate_single(data: NarrativeInput) -> str:
    parts = [f"{_label(data, m)} was {_fmt(data, m, _column(data, m)[0])}" for m in data.metrics if m in data.columns]
    return "; ".join(parts) + _period_suffix(data) + "."


def _narrate_series(data: NarrativeInput, time_key: str) -> str:
    metric = data.metrics[0]
    points = [(t, v) for t, v in zip(_column(data, time_key), _column(data, metric), strict=True) if v is not None]
    if not points:
        return f"No {_label(data, metric)} values in this period."
    points.sort(key=lambda p: str(p[0]))
    (first_t, first_v), (last_t, last_v) = points[0], points[-1]
    peak_t, peak_v = max(points, key=lambda p: p[1])
    kind = data.formats.get(metric, "number")
    start, end = _fmt(data, metric, first_v), _fmt(data, metric, last_v)
    sentence = f"{_label(data, metric)} went from {start} ({first_t}) to {end} ({last_t})"
    sentence += f"; the peak was {_fmt(data, metric, peak_v)} in {peak_t}."
    if len(points) >= 2:
        sentence += f" Latest period vs the one before: {format_change(last_v, points[-2][1], kind)}."
    return sentence


def group_name(row: tuple[Any, ...], key_index: list[int]) -> str:
    """The group's key values; a NULL key (reviews without a pain point, say) reads "(none)"."""
    return " / ".join("(none)" if row[i] is None else str(row[i]) for i in key_index)


def _narrate_groups(data: NarrativeInput, keys: list[str]) -> str:
    metric = data.metrics[0]
    values = _column(data, metric)
    rows = [(row, value) for row, value in zip(data.rows, values, strict=True) if value is not None]
    if not rows:
        return f"No {_label(data, metric)} values for these groups."
    key_index = [list(data.columns).index(k) for k in keys]
    top_row, top_value = max(rows, key=lambda item: item[1])
    low_row, low_value = min(rows, key=lambda item: item[1])
    name = lambda row: group_name(row, key_index)  # noqa: E731
    sentence = f"{name(top_row)} has the highest {_label(data, metric)} ({_fmt(data, metric, top_value)})"
    if len(rows) > 1:
        sentence += f"; {name(low_row)} the lowest ({_fmt(data, metric, low_value)})"
    if data.formats.get(metric) in ("currency", "integer") and len(rows) > 1:
        sentence += f". Total across the {len(rows)} groups shown: {_fmt(data, metric, sum(v for _, v in rows))}"
    return sentence + _period_suffix(data) + "."


def _narrate_comparison(data: NarrativeInput, keys: list[str]) -> str:
    metric = data.metrics[0]
    kind = data.formats.get(metric, "number")
    current, previous = _column(data, metric), _column(data, f"{metric}_previous")
    head = f"{_label(data, metric)}, {data.period} compared with {data.baseline_period}"
    if not keys:
        return f"{head}: {format_change(current[0], previous[0], kind)}."
    changes = _column(data, f"{metric}_change_pct")
    key_index = [list(data.columns).index(k) for k in keys]
    ranked = sorted(
        ((row, change) for row, change in zip(data.rows, changes, strict=True) if change is not None),
        key=lambda item: item[1],
        reverse=True,
    )
    if not ranked:
        return f"{head}: no group has values in both periods."
    best_row, _ = ranked[0]
    worst_row, _ = ranked[-1]
    label = lambda row: group_name(row, key_index)  # noqa: E731
    index = list(data.columns).index
    best = format_change(best_row[index(metric)], best_row[index(f"{metric}_previous")], kind)
    sentence = f"{head}: {label(best_row)} grew most ({best})"
    if len(ranked) > 1:
        worst = format_change(worst_row[index(metric)], worst_row[index(f"{metric}_previous")], kind)
        sentence += f"; {label(worst_row)} changed least ({worst})"
    return sentence + "."
