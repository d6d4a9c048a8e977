"""Calendar arithmetic for the planner: periods that contain a day, shifts, and clipping.

The dataset's as-of date is the last day with data; a period "ends" at its last day, clipped to
the as-of date, so "this year" is year to date and answers stay reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

UNITS = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date
    label: str

    def days(self) -> int:
        return (self.end - self.start).days + 1

    def described(self) -> str:
        """ "Q2 2026 (2026-04-01 to 2026-06-30)", or the dates alone when the label is only them."""
        span = f"{self.start.isoformat()} to {self.end.isoformat()}"
        return span if self.label in ("", span) else f"{self.label} ({span})"


def add_months(day: date, months: int) -> date:
    """The same day-of-month `months` later, clamped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, _month_length(year, month + 1)))


def _month_length(year: int, month: int) -> int:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def period_start(day: date, unit: str) -> date:
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def shift(day: date, unit: str, count: int) -> date:
    if unit == "day":
        return day + timedelta(days=count)
    if unit == "week":
        return day + timedelta(weeks=count)
    months = {"month": 1, "quarter": 3, "year": 12}[unit] * count
    return add_months(day, months)


def period_containing(day: date, unit: str) -> tuple[date, date]:
    start = period_start(day, unit)
    return start, shift(start, unit, 1) - timedelta(days=1)


def last_complete_period(as_of: date, unit: str) -> tuple[date, date]:
    """The latest whole period ending on or before the as-of date."""
    start, end = period_containing(as_of, unit)
    if end == as_of:
        return start, end
    previous_start = shift(start, unit, -1)
    return previous_start, start - timedelta(days=1)


def quarter_label(start: date) -> str:
    return f"Q{(start.month - 1) // 3 + 1} {start.year}"


def label_for(start: date, end: date) -> str:
    """A short human label: 'Q3 2026', 'September 2026', '2025', or the two dates."""
    for unit in ("year", "quarter", "month"):
        if period_containing(start, unit) == (start, end):
            if unit == "year":
                return str(start.year)
            if unit == "quarter":
                return quarter_label(start)
            return start.strftime("%B %Y")
    return f"{start.isoformat()} to {end.isoformat()}"


def previous_period(current: DateRange) -> DateRange:
    """The period just before, of the same calendar shape where there is one."""
    for unit in ("year", "quarter", "month", "week"):
        if period_containing(current.start, unit) == (current.start, current.end):
            start = shift(current.start, unit, -1)
            end = current.start - timedelta(days=1)
            return DateRange(start, end, label_for(start, end))
    for unit in ("year", "quarter", "month"):  # "this year" to date: the same days of the year before
        unit_start, unit_end = period_containing(current.start, unit)
        if unit_start == current.start and current.end < unit_end:
            start = shift(current.start, unit, -1)
            end = min(start + (current.end - current.start), current.start - timedelta(days=1))
            return DateRange(start, end, label_for(start, end))
    length = current.days()
    end = current.start - timedelta(days=1)
    start = end - timedelta(days=length - 1)
    return DateRange(start, end, label_for(start, end))


def same_period_last_year(current: DateRange) -> DateRange:
    start, end = add_months(current.start, -12), add_months(current.end, -12)
    if period_containing(current.end, "month")[1] == current.end:
        end = period_containing(end, "month")[1]
    return DateRange(start, end, label_for(start, end))
