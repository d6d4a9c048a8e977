"""How people phrase questions: side-by-side comparisons, casual exclusions, abbreviations, metric
wordings, Chinese follow-ups, and typo matching that never mistakes an everyday word for a catalog one.

Wordings here are the planner's own unit cases; eval/suites/phrasing.yml and the held-out cases use
other wordings.
"""

from __future__ import annotations

from typing import Any

import pytest

from assistant.conversation import Conversation
from assistant.planner.lexicon import Lexicon
from assistant.planner.matching import find_matches
from assistant.planner.plan import ClarifyPlan, QueryPlan, UnsupportedPlan
from assistant.planner.text import stem
from assistant.resources import Resources
from tests.assistant.conftest import plan_of, query_of, refusal_of


def _targets(question: str, lexicon: Lexicon) -> set[str]:
    return {entry.target for match in find_matches(question, lexicon).matches for entry in match.entries}


@pytest.mark.parametrize(
    ("question", "not_read_as"),
    [
        ("stack revenue by brand", "Snacks"),
        ("the shape of revenue", "store"),
        ("stock revenue", "Snacks"),
    ],
)
def test_everyday_words_are_never_typos_of_catalog_words(question: str, not_read_as: str, resources: Resources) -> None:
    assert not_read_as not in _targets(question, resources.lexicon)


@pytest.mark.parametrize(
    ("question", "target"),
    [("revnue by region", "revenue"), ("avrage order value", "aov"), ("refund amout", "refund_amount")],
)
def test_plausible_typos_still_match(question: str, target: str, resources: Resources) -> None:
    assert target in _targets(question, resources.lexicon)


def test_a_different_first_letter_is_no_typo(resources: Resources) -> None:
    assert "revenue" not in _targets("bevenue by region", resources.lexicon)


@pytest.mark.parametrize(
    ("short", "long"), [("cnt", "count"), ("amt", "amount"), ("qty", "quantity"), ("avg", "average")]
)
def test_abbreviations_fold_onto_the_word(short: str, long: str) -> None:
    assert stem(short) == stem(long)


@pytest.mark.parametrize(
    ("question", "metric", "group_by"),
    [
        ("order cnt per channel", "order_count", ["channel"]),
        ("refund amt per region", "refund_amount", ["region"]),
        ("qty sold per brand", "units_sold", ["brand"]),
        ("avg csat per ticket channel", "csat", ["ticket_channel"]),
        ("refund dollars per channel", "refund_amount", ["channel"]),
        ("repeat customer percentage for each tier", "repeat_purchase_rate", ["member_tier"]),
        ("what percentage of customers shop in more than one channel", "omnichannel_share", []),
    ],
)
def test_abbreviations_and_metric_wordings(
    question: str, metric: str, group_by: list[str], resources: Resources
) -> None:
    query = query_of(question, resources)
    assert query["metrics"] == [metric]
    assert query.get("group_by", []) == group_by


@pytest.mark.parametrize("question", ["avg per channel", "average per region"])
def test_an_aggregation_word_alone_is_never_recalled_as_a_metric(question: str, resources: Resources) -> None:
    plan = plan_of(question, resources)
    assert not isinstance(plan, QueryPlan)
    if isinstance(plan, ClarifyPlan):
        assert all(o.value != "avg_rating" for o in plan.options)


@pytest.mark.parametrize(
    ("question", "dimension", "values"),
    [
        ("how do Gold members' aov stack up against Silver", "member_tier", ["Gold", "Silver"]),
        ("web orders relative to app orders", "channel", ["web", "app"]),
        ("female revenue measures up against male revenue how", "gender", ["F", "M"]),
    ],
)
def test_side_by_side_wordings_compare_two_values(
    question: str, dimension: str, values: list[str], resources: Resources
) -> None:
    query = query_of(question, resources)
    assert dimension in query["group_by"]
    assert {"dimension": dimension, "op": "in", "value": values} in query["filters"]


@pytest.mark.parametrize("question", ["how does aov stack up", "revenue relative to"])
def test_a_comparison_with_one_side_is_refused(question: str, resources: Resources) -> None:
    assert isinstance(plan_of(question, resources), UnsupportedPlan)


@pytest.mark.parametrize(
    ("question", "dimension", "value"),
    [
        ("orders by tier but exclude live stream", "channel", "live_stream"),
        ("customers who hasn't opted in", "marketing_consent", True),
        ("units sold by region, leaving out Haircare", "category", "Haircare"),
        ("不属于白金卡的订单数", "member_tier", "Platinum"),
        ("除华北以外的客单价", "region", "North"),
    ],
)
def test_casual_exclusions_keep_everything_else(
    question: str, dimension: str, value: Any, resources: Resources
) -> None:
    query = query_of(question, resources)
    assert {"dimension": dimension, "op": "!=", "value": value} in query["filters"]


def test_completed_orders_in_chinese_filter_on_status(resources: Resources) -> None:
    query = query_of("已完成订单的销售额按品类", resources)
    assert query["metrics"] == ["revenue"]
    assert query["filters"] == [{"dimension": "order_status", "op": "=", "value": "completed"}]


@pytest.mark.parametrize(
    "question", ["revenue seasonality by region", "各渠道GMV的波动"]
)  # trending, 涨跌: test_phrasing_v2.py
def test_words_the_planner_cannot_read_yet_are_refused_not_dropped(question: str, resources: Resources) -> None:
    assert isinstance(plan_of(question, resources), UnsupportedPlan)


@pytest.mark.parametrize(
    ("first", "followup", "metrics", "group_by"),
    [
        ("订单数按渠道", "换成客单价", ["aov"], ["channel"]),
        ("revenue by region", "改为退货率", ["return_rate"], ["region"]),
        ("gmv by channel", "再按品类分", ["gmv"], ["channel", "category"]),
    ],
)
def test_chinese_followups_keep_the_rest_of_the_question(
    first: str, followup: str, metrics: list[str], group_by: list[str], resources: Resources
) -> None:
    conversation = Conversation()
    conversation.remember(first, plan_of(first, resources), True)
    query = query_of(followup, resources, conversation)
    assert query["metrics"] == metrics
    assert query["group_by"] == group_by


@pytest.mark.parametrize(
    ("question", "grain", "desc"),
    [
        ("worst quarter for return rate", "quarter", True),  # a high return rate is bad
        ("poorest week for csat in Q3", "week", False),
        ("strongest month for gmv", "month", True),
    ],
)
def test_a_polar_word_before_a_period_ranks_the_periods(
    question: str, grain: str, desc: bool, resources: Resources
) -> None:
    query = query_of(question, resources)
    assert query["group_by"] == [f"metric_time__{grain}"]
    assert query["limit"] == 1
    assert query["order_by"][0]["desc"] is desc


@pytest.mark.parametrize(
    ("question", "dimension", "op", "value"),
    [
        ("tickets via the hotline", "ticket_channel", "=", "phone"),
        ("ticket count without live chat", "ticket_channel", "!=", "chat"),
        ("customers who opted into marketing", "marketing_consent", "=", True),
    ],
)
def test_everyday_names_of_values(question: str, dimension: str, op: str, value: Any, resources: Resources) -> None:
    assert {"dimension": dimension, "op": op, "value": value} in query_of(question, resources)["filters"]


@pytest.mark.parametrize(
    ("question", "group_by"),
    [("gmv region q2", ["region"]), ("avg rating brand", ["brand"]), ("csat support channel", ["ticket_channel"])],
)
def test_a_terse_metric_then_dimension_is_a_breakdown(question: str, group_by: list[str], resources: Resources) -> None:
    assert query_of(question, resources)["group_by"] == group_by


def test_a_dimension_word_of_the_metrics_own_name_is_no_breakdown(resources: Resources) -> None:
    assert query_of("csat score", resources)["group_by"] == []


@pytest.mark.parametrize(
    "question", ["customers who have not returned an order", "order count excluding Skincare", "不含护肤品的订单数"]
)
def test_leaving_out_rows_of_a_finer_fact_is_refused(question: str, resources: Resources) -> None:
    """An order with a Skincare item and another item is still counted when Skincare lines are left out."""
    assert "finer rows" in refusal_of(question, resources)
