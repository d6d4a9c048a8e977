"""A grain named inside a list of breakdowns ("by month and region", "by region and month") groups by
both; separately named periods joined without a comparison ("this year and last year") are refused,
never summed into one period."""

from __future__ import annotations

import pytest

from assistant.planner.plan import QueryPlan
from assistant.resources import Resources
from tests.assistant.conftest import plan_of


@pytest.mark.parametrize(
    ("question", "dimension", "grain"),
    [
        ("orders by month and region this year", "region", "month"),
        ("orders by region and month this year", "region", "month"),
        ("revenue by quarter, channel", "channel", "quarter"),
        ("aov by channel and week", "channel", "week"),
    ],
)
def test_a_grain_in_a_list_of_breakdowns_groups_by_both(
    question: str, dimension: str, grain: str, resources: Resources
) -> None:
    plan = plan_of(question, resources)
    assert isinstance(plan, QueryPlan), plan
    assert set(plan.query.group_by) == {dimension, f"metric_time__{grain}"}


@pytest.mark.parametrize(
    "question", ["revenue this year and last year", "revenue in march and april", "orders q1 and q2 2026"]
)
def test_separately_named_periods_are_not_summed_into_one(question: str, resources: Resources) -> None:
    plan = plan_of(question, resources)  # a refusal or clarification, or a comparison of the two
    assert not isinstance(plan, QueryPlan) or plan.comparison is not None, plan.interpretation
