"""Time periods of a result: where each starts and ends, and whether it is complete.

A period is incomplete ("to date") when the data stops inside it: the as-of date falls before its
last day, or the question's time range starts after its first day or ends before its last. Such a
period is marked in the table and the chart and is never the basis of an up/down headline unless
it is compared with a period covering the same number of days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from semantic_layer.period_change import baseline_start
from semantic_layer.query import TimeRange

TIME_PREFIX = "metric_time__"


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    grain: str
    covered_start: date
    covered_end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def covered_days(self) -> int:
        return max((self.covered_end - self.covered_start).days + 1, 0)

    @property
    def partial(self) -> bool:
        return self.covered_start > self.start or self.covered_end < self.end

    @property
    def marker(self) -> str:
        """ "to_date" when the data stops inside the period, "partial" when it starts inside it."""
        return "to_date" if self.covered_end < self.end else "partial"


def grain_of(column: str) -> str | None:
    """'metric_time__week' -> 'week'; None for other columns."""
    return column.removeprefix(TIME_PREFIX) if column.startswith(TIME_PREFIX) else None


def as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def period_end(start: date, grain: str) -> date:
    """The last day of the period that starts on `start`."""
    if grain == "day":
        return start
    if grain == "week":
        return start + timedelta(days=6)
    months = {"month": 1, "quarter": 3, "year": 12}.get(grain, 1)
    total = start.year * 12 + start.month - 1 + months
    return date(total // 12, total % 12 + 1, 1) - timedelta(days=1)


def period_of(value: Any, grain: str, as_of: date, time_range: TimeRange | None = None) -> Period | None:
    """The period a time-key value stands for, with the part of it the data covers."""
    start = as_date(value)
    if start is None:
        return None
    end = period_end(start, grain)
    covered_start = max(start, time_range.start) if time_range and time_range.start else start
    last = min(end, as_of)
    covered_end = min(last, time_range.end) if time_range and time_range.end else last
    return Period(start, end, grain, covered_start, covered_end)


def partial_periods_of(
    values: Iterable[Any], grain: str, as_of: date, time_range: TimeRange | None
) -> dict[str, Period]:
    """The time-key values (as text) whose periods are incomplete, with their periods."""
    found = {}
    for value in values:
        period = period_of(value, grain, as_of, time_range)
        if period is not None and period.partial:
            found[str(value)] = period
    return found


def like_for_like(first: Period | None, second: Period | None) -> bool:
    """Two periods may be compared in a headline: both complete, or covering the same number of days."""
    if first is None or second is None:
        return False
    if not first.partial and not second.partial:
        return True
    return first.covered_days == second.covered_days


GROWTH_SUFFIX = "_change_pct"


def covered(time_range: TimeRange | None, data_start: date | None) -> TimeRange | None:
    """The asked range as the data covers it: it starts no earlier than the data's first day."""
    if data_start is None or (time_range is not None and time_range.start and time_range.start >= data_start):
        return time_range
    return TimeRange(start=data_start) if time_range is None else time_range.model_copy(update={"start": data_start})


def withhold_partial_growth(
    columns: tuple[str, ...],
    rows: tuple[tuple[Any, ...], ...],
    time_range: TimeRange | None,
    as_of: date,
    data_start: date | None = None,
    change: str | None = None,
) -> tuple[tuple[tuple[Any, ...], ...], tuple[str, ...]]:
    """A growth series' growth of an incomplete period ("to date", or begun before the data) or against
    an incomplete baseline is not shown: the cells are emptied and the periods returned, so the answer
    can say why (never a fake rise or drop). `change` is the query's period_change kind."""
    time_key = next((c for c in columns if grain_of(c)), None)
    growth = [i for i, c in enumerate(columns) if c.endswith(GROWTH_SUFFIX)]
    if time_key is None or not growth:
        return rows, ()
    index, grain = columns.index(time_key), grain_of(time_key) or ""
    span = covered(time_range, data_start)
    partial = set(partial_periods_of([row[index] for row in rows], grain, as_of, span))
    partial |= {str(row[index]) for row in rows if _baseline_partial(row[index], grain, as_of, data_start, change)}
    if not partial:
        return rows, ()
    kept = tuple(
        tuple(None if i in growth else v for i, v in enumerate(row)) if str(row[index]) in partial else row
        for row in rows
    )
    shown = {str(row[index]) for row in rows if any(row[i] is not None for i in growth)}  # emptied, not empty
    return kept, tuple(sorted(partial & shown))


def _baseline_partial(value: Any, grain: str, as_of: date, data_start: date | None, change: str | None) -> bool:
    """Whether the period a growth is measured against begins before the data (2023 from October only)."""
    start = as_date(value)
    if start is None or data_start is None or change is None:
        return False
    base = baseline_start(start, grain, change)
    period = period_of(base, grain, as_of, TimeRange(start=data_start)) if base is not None else None
    return period is not None and period.covered_days > 0 and period.partial
