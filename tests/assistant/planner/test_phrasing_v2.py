"""Planner v2 phrasings (#13): speed words on a metric measured in time, counts of the rows a value
names, shares of a Chinese row noun, trends, money terms and "up or down" as a period comparison.
Wordings are this file's own (held-out eval cases are never copied here)."""

from __future__ import annotations

from assistant.conversation import Conversation
from assistant.planner.plan import ClarifyPlan, QueryPlan, UnsupportedPlan
from assistant.resources import Resources
from assistant.service import plan_turn
from tests.assistant.conftest import clarification_of, plan_of, query_of, refusal_of

ASCENDING = [{"field": "avg_resolution_hours", "desc": False}]
DESCENDING = [{"field": "avg_resolution_hours", "desc": True}]


def test_fastest_is_the_lowest_of_a_metric_measured_in_time(resources: Resources) -> None:
    query = query_of("quickest contact channel", resources)
    assert (query["metrics"], query["group_by"], query["order_by"], query["limit"]) == (
        ["avg_resolution_hours"],
        ["ticket_channel"],
        ASCENDING,
        1,
    )
    assert query_of("which support channel is slowest", resources)["order_by"] == DESCENDING
    assert query_of("ticket category with the longest resolution time", resources)["order_by"] == DESCENDING


def test_a_verb_of_the_timed_metric_names_it_in_place_of_the_rows_it_acts_on(resources: Resources) -> None:
    query = query_of("which contact channel resolved tickets quickest last quarter", resources)
    assert (query["metrics"], query["order_by"]) == (["avg_resolution_hours"], ASCENDING)
    assert query["time_range"] == {"start": "2026-07-01", "end": "2026-09-30"}


def test_speed_words_in_chinese(resources: Resources) -> None:
    query = query_of("哪个客服渠道解决得最快", resources)
    assert (query["metrics"], query["group_by"], query["order_by"]) == (
        ["avg_resolution_hours"],
        ["ticket_channel"],
        ASCENDING,
    )
    assert query_of("解决时间最短的工单类型", resources)["order_by"] == ASCENDING
    assert query_of("工单渠道里解决最慢的是哪个", resources)["order_by"] == DESCENDING


def test_speed_words_are_never_read_on_a_metric_not_measured_in_time(resources: Resources) -> None:
    assert "quickest" in refusal_of("quickest channel by aov", resources)
    assert "最快" in refusal_of("收入最快的渠道", resources) or refusal_of("收入最快的渠道", resources)
    refusal_of("fastest city", resources)  # nothing says what is timed: no guess at resolution time


def test_how_many_of_a_value_counts_the_rows_it_describes(resources: Resources) -> None:
    query = query_of("how many bronze members are there", resources)
    assert (query["metrics"], query["filters"]) == (
        ["customer_count"],
        [{"dimension": "member_tier", "op": "=", "value": "Bronze"}],
    )
    query = query_of("number of silver members in Beijing", resources)
    assert query["metrics"] == ["customer_count"] and len(query["filters"]) == 2


def test_how_many_of_a_value_in_chinese(resources: Resources) -> None:
    query = query_of("金卡会员一共有多少人", resources)
    assert (query["metrics"], query["filters"]) == (
        ["customer_count"],
        [{"dimension": "member_tier", "op": "=", "value": "Gold"}],
    )
    assert query_of("铜卡会员有几个", resources)["metrics"] == ["customer_count"]


def test_a_count_cue_does_not_count_values_of_different_rows(resources: Resources) -> None:
    refusal_of("how many gold app", resources)  # customers or orders: not one row kind


def test_chinese_orders_as_a_row_noun_in_a_share(resources: Resources) -> None:
    query = query_of("各渠道订单占比", resources)
    assert (query["metrics"], query["group_by"], query.get("share_of_total")) == (["order_count"], ["channel"], True)


def test_forms_of_trend_ask_for_the_monthly_series(resources: Resources) -> None:
    query = query_of("how has gmv been trending in 2025", resources)
    assert (query["metrics"], query["group_by"]) == (["gmv"], ["metric_time__month"])
    assert query["time_range"] == {"start": "2025-01-01", "end": "2025-12-31"}
    assert query_of("revenue trending by region", resources)["group_by"] == ["region", "metric_time__month"]


def test_trended_month_over_month_is_a_monthly_series_not_one_month(resources: Resources) -> None:
    query = query_of("how has order count trended month over month", resources)
    assert query["group_by"] == ["metric_time__month"] and "time_range" not in query


def test_up_or_down_against_a_named_period_compares_the_current_one_with_it(resources: Resources) -> None:
    plan = plan_of("aov up or down versus last month", resources)
    assert isinstance(plan, QueryPlan) and plan.comparison is not None
    assert (plan.comparison.current.start.isoformat(), plan.comparison.baseline.start.isoformat()) == (
        "2026-09-01",
        "2026-08-01",
    )
    plan = plan_of("is gmv higher or lower than last year", resources)
    assert isinstance(plan, QueryPlan) and plan.comparison is not None
    assert plan.comparison.baseline.start.isoformat() == "2025-01-01"


def test_chinese_change_words_ask_for_a_comparison(resources: Resources) -> None:
    for question in ("订单数比上个月涨了还是跌了", "GMV的增减", "各渠道退货率涨跌"):
        plan = plan_of(question, resources)
        assert isinstance(plan, QueryPlan) and plan.comparison is not None, question


def test_change_words_never_leave_one_periods_number(resources: Resources) -> None:
    plan = plan_of("revenue this quarter vs last quarter: higher or lower?", resources)
    assert isinstance(plan, QueryPlan) and plan.comparison is not None
    assert isinstance(plan_of("revenue up or down by vibe", resources), (UnsupportedPlan, ClarifyPlan))


def test_money_words_keep_only_currency_metrics_and_never_pick_between_two(resources: Resources) -> None:
    plan = clarification_of("what did we sell last quarter in monetary terms", resources)
    assert [o.value for o in plan.options] == ["revenue", "item_revenue"]
    plan = clarification_of("sales by region in value terms", resources)
    assert [o.value for o in plan.options] == ["revenue", "item_revenue"]


def test_a_sales_verb_without_money_words_offers_every_sales_metric(resources: Resources) -> None:
    plan = clarification_of("how much did we sell in august", resources)
    assert [o.value for o in plan.options] == ["revenue", "item_revenue", "units_sold"]
    for option in plan.options:  # every option is a question the planner answers
        assert query_of(option.question, resources)["metrics"] == [option.value]


def test_money_words_on_a_metric_are_harmless_or_refused(resources: Resources) -> None:
    assert query_of("gmv in money terms by channel", resources)["metrics"] == ["gmv"]
    assert "money" in refusal_of("order count in money terms", resources)


def test_money_words_in_chinese(resources: Resources) -> None:
    plan = clarification_of("上季度卖了多少钱", resources)
    assert [o.value for o in plan.options] == ["revenue", "item_revenue"]
    assert query_of(plan.options[0].question, resources)["metrics"] == ["revenue"]


def test_chinese_province_and_city_names_with_their_suffix(resources: Resources) -> None:
    for question, dimension, value in (
        ("浙江省的订单数", "province", "Zhejiang"),
        ("四川的客单价", "province", "Sichuan"),
        ("杭州市的收入", "city", "Hangzhou"),
    ):
        assert query_of(question, resources)["filters"] == [{"dimension": dimension, "op": "=", "value": value}]


def test_rev_is_revenue(resources: Resources) -> None:
    assert query_of("rev by tier last month", resources)["metrics"] == ["revenue"]


def test_a_bare_up_or_down_after_the_metric_or_a_verb_asks_for_a_change(resources: Resources) -> None:
    for question in ("are orders down this quarter", "has gmv gone up since last month", "did csat move up in q3"):
        plan = plan_of(question, resources)
        assert isinstance(plan, (QueryPlan, UnsupportedPlan, ClarifyPlan)), question
        assert not isinstance(plan, QueryPlan) or plan.comparison is not None, question
    plan = plan_of("is gmv up this quarter", resources)
    assert isinstance(plan, QueryPlan) and plan.comparison is not None


def test_up_in_a_phrasal_verb_or_before_to_is_no_change(resources: Resources) -> None:
    assert query_of("make up revenue by channel", resources)["filters"] == [
        {"dimension": "category", "op": "=", "value": "Makeup"}
    ]
    plan = plan_of("customers who signed up in august", resources)
    assert isinstance(plan, QueryPlan) and plan.comparison is None


def test_chinese_rise_and_fall_words_compare_with_the_period_before(resources: Resources) -> None:
    for question in ("本季度GMV下滑了吗", "上个月客单价涨了多少"):
        plan = plan_of(question, resources)
        assert isinstance(plan, QueryPlan) and plan.comparison is not None, question


def test_chinese_which_period_ranks_one_period_of_that_unit(resources: Resources) -> None:
    query = query_of("今年哪个月订单数最多", resources)
    assert (query["group_by"], query["order_by"], query["limit"]) == (
        ["metric_time__month"],
        [{"field": "order_count", "desc": True}],
        1,
    )
    query = query_of("GMV最低的季度", resources)
    assert (query["group_by"], query["order_by"]) == (["metric_time__quarter"], [{"field": "gmv", "desc": False}])


def test_busiest_and_quietest_are_most_and_least(resources: Resources) -> None:
    assert query_of("busiest channel by tickets", resources)["order_by"] == [{"field": "ticket_count", "desc": True}]
    assert query_of("quietest region by orders", resources)["order_by"] == [{"field": "order_count", "desc": False}]


def test_how_many_members_by_a_breakdown_counts_customers_but_not_without_the_rows_named(
    resources: Resources,
) -> None:
    query = query_of("how many members per region", resources)
    assert (query["metrics"], query["group_by"]) == (["customer_count"], ["region"])
    assert query_of("各会员等级分别有多少人", resources)["metrics"] == ["customer_count"]
    refusal_of("how many by region", resources)


def test_a_year_to_date_is_compared_with_the_same_days_of_a_named_year(resources: Resources) -> None:
    plan = plan_of("orders up or down against 2024", resources)
    assert isinstance(plan, QueryPlan) and plan.comparison is not None
    baseline = plan.comparison.baseline
    assert (baseline.start.isoformat(), baseline.end.isoformat()) == ("2024-01-01", "2024-09-30")


def test_a_speed_word_in_a_follow_up_ranks_the_previous_metric_or_is_refused(resources: Resources) -> None:
    conversation = Conversation()
    question, plan = plan_turn("average resolution time by support channel", conversation, resources)
    conversation.remember(question, plan, True)
    assert query_of("which one is quickest?", resources, conversation)["order_by"] == ASCENDING
    conversation = Conversation()
    question, plan = plan_turn("gmv by channel", conversation, resources)
    conversation.remember(question, plan, True)
    assert not isinstance(plan_of("and the quickest?", resources, conversation), QueryPlan)  # gmv is not timed
