"""Time constructs of planner v2, English and Chinese: growth as a series, days of the week, baselines
named relative to the period asked ("the month before"), bare months across a year boundary.

Planner cases check the semantic query; the answered ones also run end to end on the tiny warehouse.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.planner.plan import QueryPlan, UnsupportedPlan
from assistant.planner.time_expressions import read_time
from assistant.resources import Resources
from assistant.service import ask
from guards.principal import Principal
from tests.assistant.conftest import follow_up_of, plan_of, query_of

AS_OF = date(2026, 9, 30)


@pytest.mark.parametrize(
    ("question", "metric", "grain", "start", "change"),
    [
        ("revenue growth for every month of 2025", "revenue", "month", "2025-01-01", "previous_period"),
        ("quarterly order growth this year", "order_count", "quarter", "2026-01-01", "previous_period"),
        ("monthly revenue growth year over year in 2025", "revenue", "month", "2025-01-01", "year_over_year"),
        ("revenue by quarter this year vs the same quarter last year", "revenue", "quarter", "2026-01-01",
         "year_over_year"),
        ("去年每个月订单数的环比增长", "order_count", "month", "2025-01-01", "previous_period"),
        ("今年每个季度销售额的同比增长率", "revenue", "quarter", "2026-01-01", "year_over_year"),
    ],
)  # fmt: skip
def test_growth_asked_per_period_is_a_growth_series(
    question: str, metric: str, grain: str, start: str, change: str, resources: Resources
) -> None:
    query = query_of(question, resources)
    assert query["metrics"] == [metric] and query["group_by"] == [f"metric_time__{grain}"]
    assert query["time_range"]["start"] == start and query["period_change"] == change


def test_a_growth_series_answers_with_each_periods_baseline_and_growth(resources: Resources) -> None:
    answer = ask("order growth each month in 2025", principal=Principal("t", "analyst"), warehouse=resources.warehouse)
    assert answer.status.value == "answered", answer.summary
    columns = list(answer.columns)
    assert columns == ["metric_time__month", "order_count", "order_count_previous", "order_count_change_pct"]
    assert len(answer.rows) == 12 and "compared with the month before" in answer.interpretation
    for _month, count, previous, growth in answer.rows:
        assert growth == pytest.approx((count - previous) / previous)
    december_2024 = answer.rows[0][2]
    assert december_2024 is not None  # the range was extended so January has its baseline


def test_chinese_growth_series_interpretation_says_month_on_month(resources: Resources) -> None:
    answer = ask("2025年每月工单数的环比增长", principal=Principal("t", "analyst"), warehouse=resources.warehouse)
    assert answer.status.value == "answered" and "环比" in answer.interpretation


@pytest.mark.parametrize(
    "question",
    [
        "weekly revenue growth year over year in 2025",
        "2025年每周销售额的同比增长",
        "weekly orders growth in the last 8 weeks",
    ],
)
def test_a_growth_series_the_semantic_layer_cannot_build_is_refused_with_the_reason(
    question: str, resources: Resources
) -> None:
    plan = plan_of(question, resources)
    assert isinstance(plan, UnsupportedPlan) and "change in each period" in plan.message


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("revenue on weekends in august", [6, 7]),
        ("tickets on working days last quarter", [1, 2, 3, 4, 5]),
        ("gmv on saturdays and sundays this year", [6, 7]),
        ("orders on fridays in 2025", [5]),
        ("今年周末的订单数", [6, 7]),
        ("上季度工作日的销售额", [1, 2, 3, 4, 5]),
    ],
)
def test_weekends_and_weekdays_filter_the_days_of_the_period(
    question: str, days: list[int], resources: Resources
) -> None:
    assert query_of(question, resources)["time_range"]["days_of_week"] == days


@pytest.mark.parametrize("question", ["orders by day of the week in 2025", "2025年按星期几的销售额", "gmv per weekday"])
def test_a_day_of_week_breakdown_groups_in_week_order(question: str, resources: Resources) -> None:
    assert "day_of_week" in query_of(question, resources)["group_by"]


def test_weekend_answer_and_its_day_labels(resources: Resources) -> None:
    weekend = ask("weekend orders in august", principal=Principal("t", "analyst"), warehouse=resources.warehouse)
    by_day = ask(
        "orders by day of the week in august", principal=Principal("t", "analyst"), warehouse=resources.warehouse
    )
    assert "weekends only" in weekend.interpretation
    rows = {row[0]: row[1] for row in by_day.rows}
    assert list(rows) == [1, 2, 3, 4, 5, 6, 7]
    assert weekend.rows[0][0] == rows[6] + rows[7]
    chinese = ask("8月周末的订单数", principal=Principal("t", "analyst"), warehouse=resources.warehouse)
    assert "周六" in chinese.interpretation and chinese.rows[0][0] == rows[6] + rows[7]


@pytest.mark.parametrize("question", ["orders last saturday", "revenue on monday", "上周六的订单数"])
def test_a_single_day_named_without_a_date_is_refused_not_read_as_every_such_day(
    question: str, resources: Resources
) -> None:
    assert isinstance(plan_of(question, resources), UnsupportedPlan)


@pytest.mark.parametrize(
    ("question", "current", "baseline"),
    [
        ("gmv last month vs the month before", "2026-09-01", "2026-08-01"),
        ("refunds last quarter compared with the previous quarter", "2026-07-01", "2026-04-01"),
        ("orders in july versus the prior month", "2026-07-01", "2026-06-01"),
        ("revenue in Q2 against the quarter before", "2026-04-01", "2026-01-01"),
        ("上个月的订单数和前一个月相比", "2026-09-01", "2026-08-01"),
        ("revenue this month vs last month", "2026-09-01", "2026-08-01"),
    ],
)
def test_a_baseline_named_relative_to_the_asked_period(
    question: str, current: str, baseline: str, resources: Resources
) -> None:
    plan = plan_of(question, resources)
    assert isinstance(plan, QueryPlan) and plan.comparison is not None, plan
    assert plan.comparison.current.start.isoformat() == current
    assert plan.comparison.baseline.start.isoformat() == baseline


@pytest.mark.parametrize("question", ["revenue this year vs the month before", "orders vs the week before"])
def test_a_relative_baseline_that_does_not_fit_the_period_is_refused(question: str, resources: Resources) -> None:
    assert isinstance(plan_of(question, resources), UnsupportedPlan)


def test_a_bare_month_not_yet_reached_this_year_is_the_most_recent_one_and_says_so(resources: Resources) -> None:
    december = read_time("revenue in December", date(2026, 2, 15)).ranges[0]
    assert (december.start, december.end) == (date(2025, 12, 1), date(2025, 12, 31))
    plan = plan_of("orders in november", resources)
    assert isinstance(plan, QueryPlan) and plan.query.time_range is not None
    assert plan.query.time_range.start == date(2025, 11, 1)
    assert "the most recent November" in plan.interpretation
    same_year = read_time("revenue in march", date(2026, 9, 30)).ranges[0]
    assert same_year.start == date(2026, 3, 1) and "most recent" not in same_year.label


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("gmv in the second half of last year", "2025-07-01", "2025-12-31"),
        ("去年上半年的订单数", "2025-01-01", "2025-06-30"),
        ("refunds from 5 June to 20 July", "2026-06-05", "2026-07-20"),
        ("orders between march and may", "2026-03-01", "2026-05-31"),
        ("gmv since last november", "2025-11-01", "2026-09-30"),
        ("tickets the 5th through the 15th", "2026-09-05", "2026-09-15"),
        ("revenue prev qtr", "2026-07-01", "2026-09-30"),
        ("orders ytd", "2026-01-01", "2026-09-30"),
        ("gmv so far this month", "2026-09-01", "2026-09-30"),
        ("revenue over the last 4 weeks", "2026-09-03", "2026-09-30"),
        ("6月5日到7月20日的退款金额", "2026-06-05", "2026-07-20"),
        ("最近4周的销售额", "2026-09-03", "2026-09-30"),
    ],
)
def test_other_time_items_still_read_in_english_and_chinese(
    question: str, start: str, end: str, resources: Resources
) -> None:
    span = query_of(question, resources)["time_range"]
    assert (span["start"], span["end"]) == (start, end)


@pytest.mark.parametrize(
    ("question", "baseline"),
    [
        ("orders Q2 this year against Q2 last year", "2025-04-01"),
        ("今年二季度的订单数同比", "2025-04-01"),
        ("上季度的订单数环比", "2026-04-01"),
    ],
)
def test_whole_period_comparisons_still_compare_two_periods(question: str, baseline: str, resources: Resources) -> None:
    plan = plan_of(question, resources)
    assert isinstance(plan, QueryPlan) and plan.comparison is not None and plan.query.period_change is None
    assert plan.comparison.baseline.start.isoformat() == baseline


def test_the_growth_of_an_incomplete_period_is_withheld_with_the_reason(resources: Resources) -> None:
    """The week of 28 Sep 2026 has 3 of its 7 days (as-of Wednesday): no growth against a whole week."""
    answer = ask("weekly order growth since 2026-08-03", Principal("t", "analyst"), warehouse=resources.warehouse)
    assert answer.status.value == "answered"
    last = answer.rows[-1]
    assert str(last[0]).startswith("2026-09-28") and last[3] is None and last[2] is not None
    assert all(row[3] is not None for row in answer.rows[:-1])
    assert any(n.code == "partial_period_growth" and "2026-09-28" in n.message for n in answer.notices)


@pytest.mark.parametrize(
    ("question", "grain"),
    [
        ("orders month over month in 2025", "month"),
        ("gmv qoq this year", "quarter"),
        ("去年订单数的季度环比", "quarter"),
    ],
)
def test_a_change_phrase_naming_a_grain_over_a_longer_range_is_a_growth_series(
    question: str, grain: str, resources: Resources
) -> None:
    query = query_of(question, resources)
    assert query["group_by"] == [f"metric_time__{grain}"] and query["period_change"] == "previous_period"


@pytest.mark.parametrize(
    ("question", "current", "baseline"),
    [("gmv mom", "2026-09-01", "2026-08-01"), ("orders qoq", "2026-07-01", "2026-04-01")],
)
def test_a_change_phrase_without_a_range_compares_the_latest_whole_period_of_its_grain(
    question: str, current: str, baseline: str, resources: Resources
) -> None:
    plan = plan_of(question, resources)
    assert isinstance(plan, QueryPlan) and plan.comparison is not None
    assert (plan.comparison.current.start.isoformat(), plan.comparison.baseline.start.isoformat()) == (
        current,
        baseline,
    )


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("gmv jan thru mar 2025", "2025-01-01", "2025-03-31"),
        ("orders from June to August last year", "2025-06-01", "2025-08-31"),
        ("revenue between march and may 2025", "2025-03-01", "2025-05-31"),
        ("revenue nov to feb", "2025-11-01", "2026-02-28"),
        ("gmv Q2–Q3 2025", "2025-04-01", "2025-09-30"),
        ("orders between q1 and q3", "2026-01-01", "2026-09-30"),
        ("revenue 1st half", "2026-01-01", "2026-06-30"),
        ("revenue back half of 2024", "2024-07-01", "2024-12-31"),
        ("gmv 2nd quarter", "2026-04-01", "2026-06-30"),
        ("gmv 3rd quarter last year", "2025-07-01", "2025-09-30"),
        ("orders for the first 4 months of 2025", "2025-01-01", "2025-04-30"),
        ("revenue the past fortnight", "2026-09-17", "2026-09-30"),
        ("revenue in 2025 in march", "2025-03-01", "2025-03-31"),
        ("gmv 2025 march", "2025-03-01", "2025-03-31"),
        ("orders last year in march", "2025-03-01", "2025-03-31"),
        ("上上个月的订单数", "2026-08-01", "2026-08-31"),
        ("上上周的GMV", "2026-09-14", "2026-09-20"),
        ("去年前两个季度的订单数", "2025-01-01", "2025-06-30"),
        ("今年前8个月的收入", "2026-01-01", "2026-08-31"),
        ("9月上旬的GMV", "2026-09-01", "2026-09-10"),
        ("2025年3月下旬的订单数", "2025-03-21", "2025-03-31"),
        ("2025年的3月订单数", "2025-03-01", "2025-03-31"),
    ],
)
def test_ranges_halves_ordinals_and_a_month_bound_to_the_named_year(
    question: str, start: str, end: str, resources: Resources
) -> None:
    span = query_of(question, resources)["time_range"]
    assert (span["start"], span["end"]) == (start, end)


def test_a_span_of_months_states_the_period_read(resources: Resources) -> None:
    plan = plan_of("orders for the first 4 months of 2025", resources)
    assert isinstance(plan, QueryPlan) and "the first 4 months of 2025" in plan.interpretation


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("国庆期间的GMV", "国庆"),
        ("orders over the thanksgiving weekend", "thanksgiving"),
        ("gmv in february and may", "may"),  # two months with a gap are not one period
        ("revenue q1 and q3", "q1"),
    ],
)
def test_holidays_and_gapped_periods_are_refused_naming_the_phrase(
    question: str, named: str, resources: Resources
) -> None:
    plan = plan_of(question, resources)
    assert isinstance(plan, UnsupportedPlan), f"{question!r} -> {plan}"
    assert named in plan.message.lower()


def test_a_month_span_joined_by_and_without_between_is_two_months() -> None:
    assert read_time("revenue in march and june", AS_OF).ranges == ()


@pytest.mark.parametrize(
    ("first", "second", "start", "end"),
    [
        ("orders by region last quarter", "what about the quarter before that?", "2026-04-01", "2026-06-30"),
        ("orders by region last month", "and the month before?", "2026-08-01", "2026-08-31"),
        ("上个月各地区的订单数", "再前一个月呢", "2026-08-01", "2026-08-31"),
    ],
)
def test_a_follow_up_naming_the_period_before_moves_the_asked_period_back(
    first: str, second: str, start: str, end: str, resources: Resources
) -> None:
    plan = follow_up_of(first, second, resources)
    assert isinstance(plan, QueryPlan), f"{second!r} -> {plan}"
    query = plan.query.model_dump(mode="json", exclude_none=True)
    assert (query["time_range"]["start"], query["time_range"]["end"]) == (start, end)
    assert query.get("limit") is None and query["group_by"] == ["region"]


@pytest.mark.parametrize(
    ("first", "second"),
    [("orders by region in 2025", "and the month before?"), ("orders last quarter", "what about the year before?")],
)
def test_a_period_before_that_does_not_fit_the_asked_period_is_refused(
    first: str, second: str, resources: Resources
) -> None:
    assert isinstance(follow_up_of(first, second, resources), UnsupportedPlan)


@pytest.mark.parametrize(
    "question", ["revenue 2025 march vs april", "gmv march vs april 2025", "orders 2025 vs 2024 vs 2023"]
)
def test_a_comparison_whose_years_are_unclear_is_refused(question: str, resources: Resources) -> None:
    assert isinstance(plan_of(question, resources), UnsupportedPlan)
