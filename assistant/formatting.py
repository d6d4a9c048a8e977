"""Numbers as business users read them: ¥1.23M, 12.5%, 1,234. One place, used by narrative and UI."""

from __future__ import annotations

from typing import Any


def format_value(value: Any, kind: str = "number") -> str:
    if value is None:
        return "–"
    if not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)
    if kind == "percent":
        return f"{value * 100:.1f}%"
    if kind == "currency":
        return "¥" + _compact(value)
    if kind == "integer":
        return f"{round(value):,}"
    return f"{value:,.2f}" if abs(value) < 1000 else _compact(value)


def _compact(value: float) -> str:
    magnitude = abs(value)
    for threshold, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if magnitude >= threshold:
            return f"{value / threshold:,.2f}{suffix}"
    return f"{value:,.2f}"


def format_change(current: float | None, baseline: float | None, kind: str = "number") -> str:
    """'up 5.2% (¥1.10M → ¥1.16M)' — the wording a reader expects for a change."""
    if current is None or baseline is None:
        return "no comparable value"
    if baseline == 0:
        return f"from {format_value(baseline, kind)} to {format_value(current, kind)}"
    change = (current - baseline) / abs(baseline)
    direction = "up" if change > 0 else "down" if change < 0 else "flat"
    if kind == "percent":
        points = (current - baseline) * 100
        return f"{direction} {abs(points):.1f} points ({format_value(baseline, kind)} → {format_value(current, kind)})"
    return f"{direction} {abs(change) * 100:.1f}% ({format_value(baseline, kind)} → {format_value(current, kind)})"


def percent_change(current: float | None, baseline: float | None) -> float | None:
    if current is None or baseline in (None, 0):
        return None
    assert baseline is not None
    return (current - baseline) / abs(baseline)
