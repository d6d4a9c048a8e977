"""Several periods in one question: the one inside the others ("2025 ... in march 2025"), a bare month
bound to the one year named ("last year in march"), or a comparison whose years are clear.

Separate periods named without a comparison ("march and april", "this year and last year") may mean
each, both together or a comparison: not one period, so they stay unread and are refused.
"""

from __future__ import annotations

import re
from datetime import date

from assistant.planner.periods import DateRange
from assistant.planner.time_periods import month_range
from assistant.planner.time_rules import FoundPeriod
from assistant.planner.time_vocabulary import grammar


def combine(ranges: tuple[DateRange, ...]) -> DateRange | None:
    """The innermost period when every other one contains it and they end together; otherwise None."""
    inner = max(ranges, key=lambda r: r.start)
    if all(r.start <= inner.start and inner.end <= r.end for r in ranges) and min(r.end for r in ranges) == inner.end:
        return inner
    return None


def bind_bare_month(found: tuple[FoundPeriod, ...], text: str, as_of: date) -> tuple[FoundPeriod, ...]:
    """ "revenue in 2025 in march", "2025 march", "last year in march": the month of the one year named."""
    if len(found) != 2:
        return found
    years = [item for item in found if is_whole_year(item[1])]
    months = [item for item in found if is_bare_month(text[item[0][0] : item[0][1]], item[1])]
    if len(years) != 1 or len(months) != 1 or years[0] is months[0]:
        return found
    year, (span, month) = years[0][1].start.year, months[0]
    bound = month_range(month.start.month, year, as_of)
    return tuple(sorted([years[0], (span, bound)], key=lambda item: item[0]))


def clear_comparison(found: tuple[FoundPeriod, ...], text: str) -> bool:
    """Two periods compared, and a bare month is not set against a period whose year is written."""
    if len(found) != 2:
        return False
    bare = [is_bare_month(text[s:e], r) for (s, e), r in found]
    return all(bare) or not any(bare)


def share_written_year(found: tuple[FoundPeriod, ...], text: str, as_of: date) -> tuple[FoundPeriod, ...] | None:
    """Two whole months compared with the year written once after the first, as Chinese writes it
    (2026年8月和9月对比): the second takes that year. None when the months are not shaped so, or the month
    would not have started by the as-of date. English "aug vs sep 2026" stays unread (see the README)."""
    if len(found) != 2 or not all(_is_whole_month(period) for _, period in found):
        return None
    first, second = (text[start:end] for (start, end), _ in found)
    if not (re.search(r"\d{4}年", first) and is_bare_month(second, found[1][1])):
        return None
    year, (span, period) = found[0][1].start.year, found[1]
    if date(year, period.start.month, 1) > as_of:
        return None
    return found[0], (span, month_range(period.start.month, year, as_of))


def _is_whole_month(period: DateRange) -> bool:
    return period.start.day == 1 and period.end == month_range(period.start.month, period.start.year, period.end).end


def is_whole_year(period: DateRange) -> bool:
    return period.start == date(period.start.year, 1, 1) and period.end.year == period.start.year and (
        period.end.month, period.end.day) == (12, 31)  # fmt: skip


def is_bare_month(phrase: str, period: DateRange) -> bool:
    """A month named without any year ("march", "in march", "3月")."""
    if re.search(r"\d{4}|year|yr|年", phrase) or not re.search(rf"\b{grammar().month}\b|\d月", phrase):
        return False
    return period.start.day == 1 and (period.start.year, period.start.month) == (period.end.year, period.end.month)
