"""A ranking asked as a follow-up ranks the previous breakdown: "and the bottom 5?" turns the top 5
round, "which one is worst?" follows the metric's polarity (the lowest CSAT)."""

from __future__ import annotations

import pytest

from assistant.planner.plan import QueryPlan
from assistant.resources import Resources
from tests.assistant.conftest import follow_up_of


def _follow_up(first: str, second: str, resources: Resources) -> QueryPlan:
    follow_up = follow_up_of(first, second, resources)
    assert isinstance(follow_up, QueryPlan), follow_up
    return follow_up


@pytest.mark.parametrize(
    ("first", "second", "field", "descending", "limit"),
    [
        ("top 5 brands by item revenue", "and the bottom 5?", "item_revenue", False, 5),
        ("csat by support channel", "which one is worst?", "csat", False, 1),
        ("return rate by channel", "which is the worst one", "return_rate", True, 1),
        ("orders by region", "top 3?", "order_count", True, 3),
    ],
)
def test_a_follow_up_ranking_ranks_the_previous_breakdown(
    first: str, second: str, field: str, descending: bool, limit: int, resources: Resources
) -> None:
    query = _follow_up(first, second, resources).query
    assert [(o.field, o.desc) for o in query.order_by] == [(field, descending)]
    assert query.limit == limit
