"""Named periods resolved against the as-of date: a month, a quarter, a half-year, "last quarter",
"the last 6 months", "the first 8 months of 2025". Every period ends no later than the as-of date.

Conventions (README): a bare month or quarter is the latest one that has started by the as-of date;
"this quarter" is to date; "last quarter" is the latest whole one; "the last 6 months" are six calendar
months up to the as-of date; "the last 30 days" end on it.
"""

from __future__ import annotations

from datetime import date, timedelta

from assistant.planner.periods import DateRange, label_for, last_complete_period, period_containing, shift
from assistant.planner.time_vocabulary import is_second_half

MONTHS_PER_UNIT = {"month": 1, "quarter": 3, "year": 12}


def latest_started(month: int, as_of: date) -> int:
    """The year of the latest occurrence of `month` that has started by the as-of date."""
    return as_of.year if month <= as_of.month else as_of.year - 1


def clip(start: date, end: date, as_of: date, label: str | None = None) -> DateRange:
    end = min(end, as_of)
    return DateRange(start, end, label or label_for(start, end))


def month_range(month: int, year: int | None, as_of: date) -> DateRange:
    start, end = period_containing(date(year or latest_started(month, as_of), month, 1), "month")
    return clip(start, end, as_of, _latest_note(start, end, year, as_of))


def quarter_range(quarter: int, year: int | None, as_of: date) -> DateRange:
    first_month = 3 * (quarter - 1) + 1
    start, end = period_containing(date(year or latest_started(first_month, as_of), first_month, 1), "quarter")
    return clip(start, end, as_of, _latest_note(start, end, year, as_of))


def year_range(year: int, as_of: date) -> DateRange:
    return clip(date(year, 1, 1), date(year, 12, 31), as_of)


def _latest_note(start: date, end: date, year: int | None, as_of: date) -> str | None:
    """ "October" asked in September 2026 is October 2025: the label says it is the most recent one."""
    if year is not None or start.year == as_of.year:
        return None
    label = label_for(start, end)
    name = label.rsplit(" ", 1)[0]
    return f"{label}, the most recent {name} ({name} {as_of.year} has not started yet)"


def relative_period(unit: str, which: str, as_of: date) -> DateRange:
    """ "this quarter" (to date), "last quarter" (the latest whole one), "the quarter before last"."""
    if which == "this":
        start, end = period_containing(as_of, unit)
        full_label = label_for(start, end)
        return clip(start, end, as_of, full_label if end <= as_of else f"{full_label} to date")
    start, end = last_complete_period(as_of, unit) if unit != "day" else (as_of, as_of)
    if which == "before_last":
        start, end = shift(start, unit, -1), start - timedelta(days=1)
    return clip(start, end, as_of)


def to_date(unit: str, as_of: date) -> DateRange:
    return clip(period_containing(as_of, unit)[0], as_of, as_of, f"{unit} to date")


def rolling(count: int, unit: str, as_of: date) -> DateRange:
    """The last `count` units up to the as-of date; months and longer align to calendar months."""
    if unit in ("day", "week"):
        start = as_of - timedelta(days=count * (7 if unit == "week" else 1) - 1)
    else:
        months = count * MONTHS_PER_UNIT[unit]
        start = shift(period_containing(as_of, "month")[0], "month", 1 - months)
    return DateRange(start, as_of, f"the last {count} {unit}{'s' if count > 1 else ''}")


def first_units(count: int, unit: str, year: int, as_of: date) -> DateRange:
    """ "the first 6 months of 2025", 今年前8个月: from 1 January for `count` units, inside that year."""
    months = count * {"month": 1, "quarter": 3}[unit]
    if not 1 <= months <= 12:
        raise ValueError("more than a year")
    start = date(year, 1, 1)
    end = shift(start, "month", months) - timedelta(days=1)
    label = f"the first {count} {unit}{'s' if count > 1 else ''} of {year}"
    return clip(start, end, as_of, label if end <= as_of else f"{label} (to date)")


def half(which: str, year: int | None, as_of: date) -> DateRange:
    """H1 / H2, 上半年 / 下半年; without a year, the latest that has started (H2 in spring is last year's)."""
    second = is_second_half(which)
    if year is None:
        year = as_of.year if not second or as_of.month >= 7 else as_of.year - 1
    start = date(year, 7 if second else 1, 1)
    end = date(year, 12, 31) if second else date(year, 6, 30)
    return clip(start, end, as_of, f"{'H2' if second else 'H1'} {year}")
