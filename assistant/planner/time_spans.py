"""Periods written as days or as a span: "sept 15", "3 March to 9 April", "the 10th through the 20th",
"jan thru mar 2025", "Q2-Q3", 9月上旬. A year written once at the end is shared by both ends."""

from __future__ import annotations

import re
from datetime import date

from assistant.planner.periods import DateRange, label_for, period_containing, shift
from assistant.planner.time_periods import clip, latest_started, month_range, quarter_range
from assistant.planner.time_vocabulary import month_number, relative_year

TEN_DAY_STARTS = {"上旬": 1, "中旬": 11, "下旬": 21}


class UnreadPeriod(ValueError):
    """A phrase shaped like a date that names none ("feb 30"): it stays unread, so it is refused."""


def day_in(month: int, day: int, year: int | None, as_of: date) -> date:
    return date(year or latest_started(month, as_of), month, day)


def day_range(m1: str, d1: str, m2: str, d2: str, as_of: date) -> DateRange:
    """ "3 March to 9 April": the first day in its latest started year, the second after it."""
    first_month, last_month = month_number(m1), month_number(m2)
    start = day_in(first_month, int(d1), None, as_of)
    end = date(start.year + (last_month < first_month), last_month, int(d2))
    return clip(start, end, as_of)


def single_day(month: str, day: str, year: str | None, as_of: date) -> DateRange:
    """ "sept 15", "15 September 2025": that one day; without a year, the latest one that has started."""
    number = month_number(month)
    try:
        start = date(int(year), number, int(day)) if year else day_in(number, int(day), None, as_of)
    except ValueError as error:  # "feb 30": no such day; the period stays unread and is refused
        raise UnreadPeriod(f"{month} {day}") from error
    if not year and start > as_of:
        start = start.replace(year=start.year - 1)
    return DateRange(start, start, label_for(start, start))


def previous_occurrence(month: int, as_of: date) -> int:
    """ "last October": the latest October before the as-of month."""
    return as_of.year if month < as_of.month else as_of.year - 1


def since_last(month_word: str, as_of: date) -> DateRange:
    """ "since last October": from the first of the latest October before the as-of month."""
    month = month_number(month_word)
    year = previous_occurrence(month, as_of)
    return clip(date(year, month, 1), as_of, as_of, f"since {month_word.title()} {year}")


def days_of_month(d1: str, d2: str, as_of: date) -> DateRange:
    """ "the 10th through the 20th": in the as-of month, or the month before when not yet reached."""
    month_start = period_containing(as_of, "month")[0]
    if int(d2) > as_of.day:
        month_start = shift(month_start, "month", -1)
    return clip(month_start.replace(day=int(d1)), month_start.replace(day=int(d2)), as_of)


def ten_days(month: int, part: str, year: int | None, as_of: date) -> DateRange:
    """9月上旬 / 中旬 / 下旬: days 1-10, 11-20, 21 to the month's end."""
    month_start, month_end = period_containing(date(year or latest_started(month, as_of), month, 1), "month")
    first_day = TEN_DAY_STARTS[part]
    end = month_start.replace(day=first_day + 9) if part != "下旬" else month_end
    return clip(month_start.replace(day=first_day), end, as_of)


def month_span(m: re.Match[str], as_of: date) -> DateRange:
    """ "jan thru mar 2025", "from March to May last year": a year written once at the end is shared."""
    if m["joiner"] == "and" and not m["between"]:
        raise ValueError("two months joined by 'and' are two periods")  # left to the combination step
    first_month, last_month = month_number(m["m1"]), month_number(m["m2"])
    last_year = int(m["y2"]) if m["y2"] else relative_year(m["r2"], as_of)
    first_year = int(m["y1"]) if m["y1"] else relative_year(m["r1"], as_of)
    if first_year is None and last_year is not None:
        first_year = last_year - (first_month > last_month)
    first = month_range(first_month, first_year, as_of)
    if last_year is None:
        last_year = first.start.year + (last_month < first.start.month)
    return clip(first.start, month_range(last_month, last_year, as_of).end, as_of)


def quarter_span(m: re.Match[str], as_of: date) -> DateRange:
    """ "Q2-Q3 2025", "between q1 and q3": both quarters and the ones between, in one year."""
    if m["joiner"] == "and" and not m["between"]:
        raise ValueError("two quarters joined by 'and' are two periods")  # left to the combination step
    first, last = int(m["q1"]), int(m["q2"])
    if last < first:
        raise ValueError("a quarter range must run forwards")
    year = int(m["year"]) if m["year"] else relative_year(m["rel"], as_of)
    start = quarter_range(first, year, as_of).start
    return clip(start, quarter_range(last, start.year, as_of).end, as_of)
