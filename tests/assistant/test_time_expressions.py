"""Time expressions resolve against the dataset's as-of date (2026-09-30), never the wall clock."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.planner.time_expressions import read_time

AS_OF = date(2026, 9, 30)

RANGE_CASES = [
    ("revenue last quarter", "2026-07-01", "2026-09-30"),
    ("revenue this year", "2026-01-01", "2026-09-30"),
    ("orders in 2025", "2025-01-01", "2025-12-31"),
    ("aov in Q2 2026", "2026-04-01", "2026-06-30"),
    ("aov in 2026 Q1", "2026-01-01", "2026-03-31"),
    ("tickets in the past 30 days", "2026-09-01", "2026-09-30"),
    ("revenue for the last 6 months", "2026-04-01", "2026-09-30"),
    ("revenue year to date", "2026-01-01", "2026-09-30"),
    ("revenue YTD", "2026-01-01", "2026-09-30"),
    ("reviews since March", "2026-03-01", "2026-09-30"),
    ("revenue between May and July", "2026-05-01", "2026-07-31"),
    ("revenue from November 2025 to February 2026", "2025-11-01", "2026-02-28"),
    ("revenue in October", "2025-10-01", "2025-10-31"),
    ("上个月的销售额", "2026-09-01", "2026-09-30"),
    ("去年营收", "2025-01-01", "2025-12-31"),
    ("今年的订单数", "2026-01-01", "2026-09-30"),
    ("最近30天的工单数", "2026-09-01", "2026-09-30"),
    ("2025年第二季度的营收", "2025-04-01", "2025-06-30"),
    ("revenue from 2026-01-15 to 2026-02-15", "2026-01-15", "2026-02-15"),
    ("revenue last year", "2025-01-01", "2025-12-31"),
    ("revenue in the last 2 quarters", "2026-04-01", "2026-09-30"),
    ("revenue last month", "2026-09-01", "2026-09-30"),
    ("revenue in Q4", "2025-10-01", "2025-12-31"),
]


@pytest.mark.parametrize(("question", "start", "end"), RANGE_CASES)
def test_period_is_resolved_against_the_as_of_date(question: str, start: str, end: str) -> None:
    reading = read_time(question, AS_OF)
    assert len(reading.ranges) == 1
    assert (reading.ranges[0].start.isoformat(), reading.ranges[0].end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    ("question", "grain"),
    [
        ("revenue by month", "month"),
        ("monthly revenue", "month"),
        ("weekly trend of orders", "week"),
        ("revenue by quarter in 2025", "quarter"),
        ("daily orders last month", "day"),
        ("按月的营收", "month"),
        ("revenue by region", None),
    ],
)
def test_grain(question: str, grain: str | None) -> None:
    assert read_time(question, AS_OF).grain == grain


def test_two_named_periods_are_an_explicit_comparison() -> None:
    reading = read_time("revenue Q3 vs Q2", AS_OF)
    current, baseline = reading.comparison_ranges()  # type: ignore[misc]
    assert reading.comparison == "explicit"
    assert (current.start, baseline.start) == (date(2026, 7, 1), date(2026, 4, 1))


def test_growth_compares_with_the_previous_period() -> None:
    reading = read_time("which region grew most last quarter", AS_OF)
    current, baseline = reading.comparison_ranges()  # type: ignore[misc]
    assert (current.start, current.end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert (baseline.start, baseline.end) == (date(2026, 4, 1), date(2026, 6, 30))


def test_compared_with_last_year_shifts_the_current_period_one_year() -> None:
    reading = read_time("revenue this year compared with last year", AS_OF)
    current, baseline = reading.comparison_ranges()  # type: ignore[misc]
    assert (current.start, current.end) == (date(2026, 1, 1), date(2026, 9, 30))
    assert (baseline.start, baseline.end) == (date(2025, 1, 1), date(2025, 9, 30))


def test_no_time_words_means_no_period() -> None:
    reading = read_time("revenue by region for gold members", AS_OF)
    assert reading.ranges == () and reading.grain is None and reading.comparison is None
