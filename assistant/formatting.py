"""Numbers and dates as business users read them: -¥4.71M, 12.5%, 1,234, "Sep 2026", "Q3 2026".

One place, used by the narrative, the CLI and the UI. The sign comes before the currency symbol,
percentages are shown as percentages, every number has thousands separators, and a period reads
by its grain in the reader's language (patterns in templates/<language>.yml).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from assistant.periods import as_date, period_end
from assistant.templates import phrase


def format_value(value: Any, kind: str = "number") -> str:
    if value is None:
        return "–"
    if not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if kind == "percent":
        return f"{sign}{magnitude * 100:,.1f}%"
    if kind == "currency":
        return f"{sign}¥{_compact(magnitude)}"
    if kind == "integer":
        return f"{sign}{round(magnitude):,}"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{sign}{magnitude:,.2f}" if magnitude < 1000 else f"{sign}{_compact(magnitude)}"


def format_signed(value: Any, kind: str = "number") -> str:
    """A change: '+¥1.20K', '-3.5%', '+12'."""
    text = format_value(value, kind)
    return f"+{text}" if isinstance(value, int | float) and not isinstance(value, bool) and value > 0 else text


def _compact(magnitude: float) -> str:
    for threshold, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if magnitude >= threshold:
            return f"{magnitude / threshold:,.2f}{suffix}"
    return f"{magnitude:,.2f}"


def format_period(value: Any, grain: str | None, language: str = "en") -> str:
    """'2026-09-01' at month grain -> 'Sep 2026' (en) or '2026年9月' (zh)."""
    day = as_date(value)
    if day is None or grain is None:
        return str(value)
    pattern = phrase(language, f"period_{grain}") or phrase(language, "period_day")
    return pattern.format(
        year=day.year,
        month=day.month,
        day=day.day,
        month_name=_month_name(day, language),
        quarter=(day.month - 1) // 3 + 1,
    )


def format_span(start: date, end: date, language: str = "en") -> str:
    """A date range as one period when it is one ("Q3 2026", "2026年9月"), else "start to end"."""
    for grain in ("year", "quarter", "month"):
        if period_end(start, grain) == end and _starts(start, grain):
            return format_period(start, grain, language)
    return phrase(language, "interp_span", start=start.isoformat(), end=end.isoformat())


def _starts(day: date, grain: str) -> bool:
    months = {"year": (1,), "quarter": (1, 4, 7, 10), "month": tuple(range(1, 13))}[grain]
    return day.day == 1 and day.month in months


def _month_name(day: date, language: str) -> str:
    names = phrase(language, "month_names").split()
    return names[day.month - 1] if len(names) == 12 else str(day.month)


def format_change(current: float | None, baseline: float | None, kind: str = "number", language: str = "en") -> str:
    """'up 5.2% (¥1.10M → ¥1.16M)' — the wording a reader expects for a change."""
    if current is None or baseline is None:
        return phrase(language, "no_comparable_value")
    before, after = format_value(baseline, kind), format_value(current, kind)
    if baseline == 0:
        return phrase(language, "change_from_zero").format(before=before, after=after)
    change = (current - baseline) / abs(baseline)
    direction = phrase(language, "up" if change > 0 else "down" if change < 0 else "flat")
    if kind == "percent":
        amount = phrase(language, "points").format(points=f"{abs(current - baseline) * 100:.1f}")
    else:
        amount = f"{abs(change) * 100:.1f}%"
    return phrase(language, "change").format(direction=direction, amount=amount, before=before, after=after)


def percent_change(current: float | None, baseline: float | None) -> float | None:
    if current is None or baseline in (None, 0):
        return None
    assert baseline is not None
    return (current - baseline) / abs(baseline)
