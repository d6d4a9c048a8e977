"""The period before a to-date period starts the unit before and has as many days (like-for-like), so
"this year 环比" on 30 September compares 1 Jan-30 Sep 2026 with 1 Jan-30 Sep 2025, not with the
273 days just before (3 Apr-31 Dec 2025)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.planner.periods import DateRange, previous_period


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 1, 1), date(2026, 9, 30), (date(2025, 1, 1), date(2025, 9, 30))),  # year to date
        (date(2026, 7, 1), date(2026, 8, 15), (date(2026, 4, 1), date(2026, 5, 16))),  # quarter to date, 46 days each
        (date(2026, 3, 1), date(2026, 3, 30), (date(2026, 2, 1), date(2026, 2, 28))),  # longer than February
        (date(2026, 7, 1), date(2026, 9, 30), (date(2026, 4, 1), date(2026, 6, 30))),  # a whole quarter
        (date(2026, 9, 10), date(2026, 9, 20), (date(2026, 8, 30), date(2026, 9, 9))),  # no calendar shape
    ],
)
def test_the_period_before(start: date, end: date, expected: tuple[date, date]) -> None:
    before = previous_period(DateRange(start, end, ""))
    assert (before.start, before.end) == expected
    assert before.described().count(before.start.isoformat()) == 1  # the dates are never shown twice
