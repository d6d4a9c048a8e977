"""No silent reinterpretation: meaning-changing words are used or the planner refuses (English and Chinese).

Wordings here are the planner's own unit cases; the held-out eval cases use other wordings
(tests/eval/test_suite.py keeps the two apart).
"""

from __future__ import annotations

import pytest

from assistant.planner.plan import QueryPlan, UnsupportedPlan
from assistant.resources import Resources
from tests.assistant.conftest import clarification_of, plan_of, query_of, refusal_of


@pytest.mark.parametrize(
    ("question", "dimension", "op", "value"),
    [
        ("gmv excluding the live stream channel", "channel", "!=", "live_stream"),
        ("order count except Gold members", "member_tier", "!=", "Gold"),
        ("revenue from non-bronze members", "member_tier", "!=", "Bronze"),
        ("units sold without Makeup or Skincare", "category", "not in", ["Makeup", "Skincare"]),
        ("除了小程序之外的订单数", "channel", "!=", "mini_program"),
        ("不含华南的客户数", "region", "!=", "South"),
        ("非白金会员的销售额", "member_tier", "!=", "Platinum"),
    ],
)
def test_negation_becomes_an_exclusion_filter(
    question: str, dimension: str, op: str, value: object, resources: Resources
) -> None:
    filters = query_of(question, resources)["filters"]
    assert {"dimension": dimension, "op": op, "value": value} in filters


@pytest.mark.parametrize("question", ["revenue not including what we sold last", "除了以外的销售额"])
def test_a_negation_that_negates_nothing_is_refused(question: str, resources: Resources) -> None:
    assert isinstance(plan_of(question, resources), UnsupportedPlan)


@pytest.mark.parametrize(
    ("question", "metric", "descending"),
    [
        ("the region with the worst churn rate", "churn_rate", True),
        ("best csat by ticket category", "csat", True),
        ("worst csat by ticket category", "csat", False),
        ("the best resolution time per ticket channel", "avg_resolution_hours", False),
        ("流失率最好的地区", "churn_rate", False),
        ("平均评分最差的品类", "avg_rating", False),
    ],
)
def test_best_and_worst_follow_the_metric_polarity(
    question: str, metric: str, descending: bool, resources: Resources
) -> None:
    query = query_of(question, resources)
    assert query["order_by"] == [{"field": metric, "desc": descending}]
    assert query["limit"] == 1


@pytest.mark.parametrize("question", ["the worst discount rate per channel", "折扣率最差的渠道"])
def test_best_or_worst_without_polarity_is_refused(question: str, resources: Resources) -> None:
    assert "no direction" in refusal_of(question, resources)


@pytest.mark.parametrize("question", ["top channel and region pairs by revenue", "按地区和渠道的销售额最高的组合"])
def test_a_ranking_over_two_keys_without_a_group_cue_is_refused(question: str, resources: Resources) -> None:
    assert isinstance(plan_of(question, resources), UnsupportedPlan)


@pytest.mark.parametrize(
    ("question", "filters", "group_by"),
    [
        (
            "proportion of orders paid by wechat pay",
            [{"dimension": "payment_method", "op": "=", "value": "wechat_pay"}],
            [],
        ),
        ("what percentage of revenue is from the app", [{"dimension": "channel", "op": "=", "value": "app"}], []),
        ("units sold share per brand", [], ["brand"]),
        ("华北客户的销售额占比", [{"dimension": "region", "op": "=", "value": "North"}], []),
        ("各支付方式订单数的比例", [], ["payment_method"]),
    ],
)
def test_a_share_of_a_count_or_total_is_the_governed_share(
    question: str,
    filters: list[dict],
    group_by: list[str],
    resources: Resources,  # type: ignore[type-arg]
) -> None:
    query = query_of(question, resources)
    assert query["share_of_total"] is True
    assert query["filters"] == filters and query["group_by"] == group_by
    plan = plan_of(question, resources)
    assert isinstance(plan, QueryPlan)
    ignored = " ".join(n.message for n in plan.notices if n.code == "ignored_words")
    assert not any(word in ignored for word in ("share", "proportion", "percentage", "占比", "比例"))


@pytest.mark.parametrize("question", ["aov share by channel", "what share of revenue", "客单价占比"])
def test_a_share_that_means_nothing_is_refused(question: str, resources: Resources) -> None:
    assert isinstance(plan_of(question, resources), UnsupportedPlan)


def test_a_rate_metric_answers_a_share_question(resources: Resources) -> None:
    assert query_of("discount percentage by channel", resources)["metrics"] == ["discount_rate"]


@pytest.mark.parametrize(
    "question",
    [
        "orders last saturday",
        "orders in the fortnight after launch",
        "上周六的订单数",
        "ticket count every month vs the month before",
    ],
)
def test_time_words_the_parser_did_not_read_are_refused(question: str, resources: Resources) -> None:
    assert isinstance(plan_of(question, resources), UnsupportedPlan)


@pytest.mark.parametrize("question", ["weekly gmv growth year over year in 2025", "2025年每周订单数的同比增长"])
def test_growth_per_period_the_layer_cannot_compute_is_refused_not_answered_as_levels(
    question: str, resources: Resources
) -> None:
    assert "change" in refusal_of(question, resources)


@pytest.mark.parametrize("question", ["gmv of the cancelled orders in 2025", "取消订单的客单价"])
def test_a_filter_the_metric_definition_excludes_is_refused_with_the_reason(
    question: str, resources: Resources
) -> None:
    assert "by definition" in refusal_of(question, resources)


def test_a_consistent_status_filter_is_answered(resources: Resources) -> None:
    filters = query_of("gmv of returned orders", resources)["filters"]
    assert filters == [{"dimension": "order_status", "op": "=", "value": "returned"}]


# 各城市的复购周期 is asked about instead (复购率 is close): tests/assistant/planner/test_recall.py
@pytest.mark.parametrize("question", ["gross margin per brand", "revenue from loyal whales", "各城市的坪效"])
def test_unknown_words_are_refused_not_ignored(question: str, resources: Resources) -> None:
    assert isinstance(plan_of(question, resources), UnsupportedPlan)


def test_store_rankings_leave_out_orders_without_a_store(resources: Resources) -> None:
    plan = plan_of("the 2 stores with the highest gmv", resources)
    assert isinstance(plan, QueryPlan)
    assert {"dimension": "store_name", "op": "!=", "value": "online, no store"} in plan.query.model_dump(mode="json")[
        "filters"
    ]
    assert any(n.code == "empty_group_left_out" for n in plan.notices)


def test_a_plain_breakdown_is_still_answered(resources: Resources) -> None:
    assert query_of("gmv by payment method in 2025", resources)["group_by"] == ["payment_method"]


@pytest.mark.parametrize(
    ("question", "within", "limit"),
    [
        ("highest aov channel in every tier", ["member_tier"], 1),
        ("top 3 cities by orders per region", ["region"], 3),
        ("for each ticket channel the ticket category with the most tickets", ["ticket_channel"], 1),
        ("各渠道订单数最多的三个地区", ["channel"], 3),
        ("每个地区客单价最高的会员等级", ["region"], 1),
    ],
)
def test_a_ranking_inside_each_group_ranks_within_that_group(
    question: str, within: list[str], limit: int, resources: Resources
) -> None:
    query = query_of(question, resources)
    assert query["rank_within"] == within and query["limit"] == limit


@pytest.mark.parametrize(
    "question", ["how many customers did we lose... sorry, have we lost per region", "customers we lost by gender"]
)
def test_two_close_readings_are_offered_both(question: str, resources: Resources) -> None:
    plan = clarification_of(question, resources)
    assert {o.value for o in plan.options} == {"churned_customers", "rfm_segment"}


def test_a_value_named_with_its_dimension_is_not_ambiguous(resources: Resources) -> None:
    query = query_of("revenue from the Lost rfm segment", resources)
    assert query["filters"] == [{"dimension": "rfm_segment", "op": "=", "value": "Lost"}]


@pytest.mark.parametrize(
    ("question", "rate"),
    [("discounts as a share of gmv by channel", "discount_rate"), ("折扣金额占GMV的比例", "discount_rate")],
)
def test_a_share_of_one_metric_in_another_is_the_catalog_rate(question: str, rate: str, resources: Resources) -> None:
    plan = plan_of(question, resources)
    assert isinstance(plan, QueryPlan) and plan.query.metrics == (rate,)
    assert "Discount rate" in plan.interpretation


@pytest.mark.parametrize("question", ["the best revenue", "最高的销售额"])
def test_a_ranking_word_with_nothing_to_rank_is_refused(question: str, resources: Resources) -> None:
    assert "rank" in refusal_of(question, resources)


def test_an_unknown_breakdown_lists_dimensions_the_metric_can_use(resources: Resources) -> None:
    message = refusal_of("gmv per warehouse", resources)
    assert "warehouse" in message
    listed = message.split("include:")[1]
    assert "region" in listed and "quality" not in listed and "checked table" not in listed
