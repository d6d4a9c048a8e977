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
    # half-years
    ("orders in the first half of 2025", "2025-01-01", "2025-06-30"),
    ("gmv h2 of last year", "2025-07-01", "2025-12-31"),
    ("the second half", "2026-07-01", "2026-09-30"),
    ("去年上半年的营收", "2025-01-01", "2025-06-30"),
    ("2024年下半年的订单", "2024-07-01", "2024-12-31"),
    # explicit ranges
    ("units from 12 January to 2 February", "2026-01-12", "2026-02-02"),
    ("units from Feb 2 to Mar 5", "2026-02-02", "2026-03-05"),
    ("orders since last november", "2025-11-01", "2026-09-30"),
    ("reviews since july 4th", "2026-07-04", "2026-09-30"),
    ("tickets from the 1st to the 15th", "2026-09-01", "2026-09-15"),
    ("revenue before 2024", "2000-01-01", "2023-12-31"),
    ("2月1日到3月15日的订单", "2026-02-01", "2026-03-15"),
    ("6月到8月的工单", "2026-06-01", "2026-08-31"),
    ("8月5号到12号的销售额", "2026-08-05", "2026-08-12"),
    ("今年3月以来的订单数", "2026-03-01", "2026-09-30"),
    ("去年一季度的营收", "2025-01-01", "2025-03-31"),
    # abbreviations and "so far"
    ("gmv last qtr", "2026-07-01", "2026-09-30"),
    ("orders prev mth", "2026-09-01", "2026-09-30"),
    ("tickets past 3 wks", "2026-09-10", "2026-09-30"),
    ("revenue this month so far", "2026-09-01", "2026-09-30"),
    ("本月到目前为止的营收", "2026-09-01", "2026-09-30"),
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


@pytest.mark.parametrize(
    ("question", "current", "baseline"),
    [
        ("gmv august vs july", ("2026-08-01", "2026-08-31"), ("2026-07-01", "2026-07-31")),
        ("orders june this year against june last year", ("2026-06-01", "2026-06-30"), ("2025-06-01", "2025-06-30")),
        ("refunds in may compare to april", ("2026-05-01", "2026-05-31"), ("2026-04-01", "2026-04-30")),
        ("今年二季度和去年二季度的订单对比", ("2026-04-01", "2026-06-30"), ("2025-04-01", "2025-06-30")),
        ("8月和7月的营收相比", ("2026-08-01", "2026-08-31"), ("2026-07-01", "2026-07-31")),
    ],
)
def test_two_named_months_or_quarters_compare(
    question: str, current: tuple[str, str], baseline: tuple[str, str]
) -> None:
    reading = read_time(question, AS_OF)
    pair = reading.comparison_ranges()
    assert reading.comparison == "explicit" and pair is not None
    assert (pair[0].start.isoformat(), pair[0].end.isoformat()) == current
    assert (pair[1].start.isoformat(), pair[1].end.isoformat()) == baseline


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
