"""Vocabulary, shares, polarity, negation and Chinese reasons (English and Chinese).

Wordings here are the planner's own unit cases; the held-out eval cases use other wordings
(tests/eval/test_suite.py keeps the two apart).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.planner.plan import ClarifyPlan, QueryPlan, UnsupportedPlan
from assistant.planner.reasons import reason_in, refusal
from assistant.planner.text import stem
from assistant.resources import Resources
from assistant.service import ask
from guards.principal_resolution import resolve_principal
from tests.assistant.conftest import clarification_of, plan_of, query_of


@pytest.mark.parametrize(
    ("forms", "same"),
    [
        (["rated", "rating", "ratings"], True),
        (["joined", "joins", "join"], True),
        (["churning", "churned", "churn"], True),
        (["bought", "buying", "buy"], True),
        (["shopping", "shop"], True),
        (["typical", "average"], True),
        (["rate", "rating"], False),
        (["returned", "returns"], False),
    ],
)
def test_inflections_fold_onto_one_key(forms: list[str], same: bool) -> None:
    assert (len({stem(w) for w in forms}) == 1) is same


@pytest.mark.parametrize(
    ("question", "metric", "filters"),
    [
        ("percent of customers opted in, by city", "consent_rate", []),
        ("proportion of reviews that are bad by brand", "negative_review_share", []),
        ("which tier has the largest percentage of returned orders", "return_rate", []),
        ("客户中同意营销的占比", "consent_rate", []),
        ("各品牌差评的比例", "negative_review_share", []),
    ],
)
def test_a_share_of_a_filtered_count_is_the_linked_rate(
    question: str, metric: str, filters: list[Any], resources: Resources
) -> None:
    query = query_of(question, resources)
    assert query["metrics"] == [metric]
    assert query["filters"] == filters
    assert "share_of_total" not in query or not query["share_of_total"]


@pytest.mark.parametrize(
    ("question", "dimension"), [("share of tickets per category", "ticket_category"), ("各渠道订单数占比", "channel")]
)
def test_a_share_without_a_linked_rate_is_a_share_of_total(question: str, dimension: str, resources: Resources) -> None:
    query = query_of(question, resources)
    assert query["group_by"] == [dimension]
    assert query["share_of_total"] is True


@pytest.mark.parametrize(
    ("question", "descending", "group_by"),
    [
        ("the lowest rated brand", False, ["brand"]),
        ("best rated categories", True, ["category"]),
        ("which brand gets the poorest ratings", False, ["brand"]),
    ],
)
def test_rated_ranks_by_the_average_of_the_rated_column(
    question: str, descending: bool, group_by: list[str], resources: Resources
) -> None:
    query = query_of(question, resources)
    assert query["metrics"] == ["avg_rating"]
    assert query["group_by"] == group_by
    assert query["order_by"][0]["desc"] is descending


def test_worst_store_by_revenue_is_the_lowest_and_leaves_out_online_orders(resources: Resources) -> None:
    plan = plan_of("weakest performing store on revenue", resources)
    assert isinstance(plan, QueryPlan), plan
    query = plan.query.model_dump(mode="json", exclude_none=True)
    assert query["order_by"] == [{"field": "revenue", "desc": False}]
    assert {"dimension": "store_name", "op": "!=", "value": "online, no store"} in query["filters"]
    assert any(n.code == "empty_group_left_out" for n in plan.notices)


@pytest.mark.parametrize(
    ("question", "dimension", "value"),
    [
        ("support tickets apart from billing ones by category", "ticket_category", "billing"),
        ("tickets other than refunds", "ticket_category", "refund"),
        ("除了退款类以外的工单数", "ticket_category", "refund"),
    ],
)
def test_a_negated_value_that_also_names_a_metric_is_the_value(
    question: str, dimension: str, value: str, resources: Resources
) -> None:
    assert {"dimension": dimension, "op": "!=", "value": value} in query_of(question, resources)["filters"]


def test_a_negated_metric_word_the_others_cannot_be_filtered_by_is_refused(resources: Resources) -> None:
    assert isinstance(plan_of("gmv other than refunds", resources), UnsupportedPlan)


@pytest.mark.parametrize(
    ("question", "dimension"),
    [
        ("customers who signed up through app", "signup_channel"),
    ],
)
def test_a_cue_picks_which_channel_a_value_belongs_to(question: str, dimension: str, resources: Resources) -> None:
    assert {"dimension": dimension, "op": "=", "value": "app"} in query_of(question, resources)["filters"]


def test_a_customer_metric_by_the_order_channel_is_still_refused(tiny_warehouse: Path) -> None:
    answer = ask("number of customers by sales channel", resolve_principal(role="admin"), warehouse=tiny_warehouse)
    assert answer.status.value == "unsupported"
    assert answer.suggestions, "a refusal says what can be asked instead"


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("how many people bought anything in August", "active_customers"),
        ("how many new members signed up in Q2", "customer_count"),
        ("typical resolution time by ticket channel", "avg_resolution_hours"),
        ("returns by reason this year", None),
    ],
)
def test_everyday_words_reach_the_governed_metric(question: str, metric: str | None, resources: Resources) -> None:
    plan = plan_of(question, resources)
    if metric is None:  # "returns" names two metrics: asked, never guessed
        assert isinstance(plan, ClarifyPlan)
        return
    assert query_of(question, resources)["metrics"] == [metric]


def test_every_reason_has_a_chinese_template() -> None:
    english = {k for k in _template_keys("en") if k.startswith("planner_")}
    assert len(english) >= 15 and english <= _template_keys("zh")


def _template_keys(language: str) -> set[str]:
    path = Path(__file__).parents[3] / "assistant" / "templates" / f"{language}.yml"
    return set(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("按天气统计销售额", "不知道"),
        ("预测明年的订单数", "不能预测未来"),
    ],
)
def test_a_chinese_refusal_gives_the_specific_reason_in_chinese(
    question: str, expected: str, tiny_warehouse: Path
) -> None:
    answer = ask(question, resolve_principal(role="admin"), warehouse=tiny_warehouse)
    assert answer.status.value == "unsupported"
    assert expected in answer.summary
    assert "找到可以回答的指标" not in answer.summary


def test_a_reason_is_worded_from_its_parts_in_each_language() -> None:
    plan = refusal("unknown_grouping", ("region",), word="weather", hint="region")
    assert plan.message == "I can't break results down by “weather”. Dimensions I know include: region."
    assert reason_in("en", plan) is None  # the English message is the plan's own
    assert reason_in("zh", plan) == "我不能按“weather”拆分结果。我知道的维度包括：region。"
    assert reason_in("zh", UnsupportedPlan("已是中文的理由")) is None  # the agent's plans carry no reason


@pytest.mark.parametrize(
    ("question", "metric"),
    [("share of customers who have marketing consent", "consent_rate"), ("有营销同意的客户占比", "consent_rate")],
)
def test_a_yes_no_dimension_named_as_a_property_keeps_the_rows_where_it_holds(
    question: str, metric: str, resources: Resources
) -> None:
    assert query_of(question, resources)["metrics"] == [metric]


def test_a_negated_yes_no_dimension_is_refused_not_read_as_true(resources: Resources) -> None:
    assert isinstance(plan_of("orders of customers without marketing consent", resources), UnsupportedPlan)


def test_a_chinese_rating_before_the_ranking_word_ranks_by_the_average(resources: Resources) -> None:
    query = query_of("哪个品牌的评分最高", resources)
    assert query["metrics"] == ["avg_rating"]
    assert query["order_by"] == [{"field": "avg_rating", "desc": True}]


@pytest.mark.parametrize(
    ("question", "status"),
    [("how many returned orders in August", "returned"), ("completed orders in Q2", "completed")],
)
def test_a_status_word_before_orders_filters_the_order_count(question: str, status: str, resources: Resources) -> None:
    query = query_of(question, resources)
    assert query["metrics"] == ["order_count"]
    assert {"dimension": "order_status", "op": "=", "value": status} in query["filters"]


def test_spend_is_revenue(resources: Resources) -> None:
    assert query_of("how much did Platinum members spend in July", resources)["metrics"] == ["revenue"]


def test_items_named_as_what_was_counted_are_not_a_breakdown(resources: Resources) -> None:
    query = query_of("refunds for products damaged in transit", resources)
    assert query["metrics"] == ["refund_amount"]
    assert query["group_by"] == []


def test_a_product_breakdown_is_never_fitted_to_another_name_dimension(resources: Resources) -> None:
    assert query_of("order revenue by product", resources)["group_by"] == ["product_name"]


@pytest.mark.parametrize("question", ["percentage of churned customers in each region", "各地区流失客户的占比"])
def test_a_share_of_a_rates_numerator_offers_both_readings(question: str, resources: Resources) -> None:
    plan = clarification_of(question, resources)
    assert [o.value for o in plan.options] == ["churn_rate", "churned_customers_share"]
    for option in plan.options:  # each option is a question the planner answers as offered
        assert isinstance(plan_of(option.question, resources), QueryPlan)


def test_a_share_said_to_be_of_the_whole_is_the_share_of_total(resources: Resources) -> None:
    assert query_of("share of all churned customers by region", resources)["share_of_total"] is True


def test_leave_out_is_a_negation(resources: Resources) -> None:
    assert {"dimension": "channel", "op": "!=", "value": "web"} in query_of("orders, leave out web", resources)[
        "filters"
    ]
