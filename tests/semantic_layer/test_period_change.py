"""Growth as a series and the day of the week, checked against values computed from the raw tables.

Each compiled query runs on the tiny warehouse and is compared with sums computed here in Python
from plain per-day rows (no window function, no date arithmetic in SQL), so a wrong shift, a
baseline taken from the wrong period or a weekday off by one fails.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from guards.principal import Principal
from guards.service import run_guarded
from semantic_layer.compiler import compile_query
from semantic_layer.errors import SemanticQueryError
from semantic_layer.query import SemanticQuery

ORDERS = "SELECT CAST(order_ts AS DATE), channel, net_amount FROM orders WHERE status <> 'cancelled'"


def _run(query: dict[str, Any], warehouse: Path) -> list[tuple[Any, ...]]:
    compiled = compile_query(SemanticQuery.model_validate(query))
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute(compiled.sql).fetchall()
    return [tuple(float(v) if isinstance(v, Decimal) else v for v in row) for row in rows]


def _raw(warehouse: Path, sql: str = ORDERS) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def _by(rows: list[tuple[Any, ...]], key: Any) -> dict[Any, float]:
    totals: dict[Any, float] = defaultdict(float)
    for row in rows:
        totals[key(row)] += float(row[-1])
    return dict(totals)


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _growth(now: float | None, then: float | None) -> float | None:
    return None if now is None or not then else (now - then) / abs(then)


def test_monthly_growth_compares_each_month_with_the_one_before(tiny_warehouse: Path) -> None:
    query = {
        "metrics": ["revenue"],
        "group_by": ["metric_time__month"],
        "time_range": {"start": "2026-01-01", "end": "2026-09-30"},
        "period_change": "previous_period",
    }
    rows = _run(query, tiny_warehouse)
    months = _by(_raw(tiny_warehouse), lambda r: _month(r[0]))
    assert [r[0] for r in rows] == [dt.date(2026, m, 1) for m in range(1, 10)]  # December 2025 only as a baseline
    for month, revenue, previous, growth in rows:
        before = (month - dt.timedelta(days=1)).replace(day=1)
        assert revenue == pytest.approx(months[month])
        assert previous == pytest.approx(months[before])
        assert growth == pytest.approx(_growth(months[month], months[before]))


def test_year_over_year_per_quarter_and_channel(tiny_warehouse: Path) -> None:
    query = {
        "metrics": ["revenue"],
        "group_by": ["metric_time__quarter", "channel"],
        "time_range": {"start": "2025-01-01", "end": "2025-12-31"},
        "period_change": "year_over_year",
    }
    rows = _run(query, tiny_warehouse)
    quarters = _by(_raw(tiny_warehouse), lambda r: (dt.date(r[0].year, 3 * ((r[0].month - 1) // 3) + 1, 1), r[1]))
    assert rows and all(r[0].year == 2025 for r in rows)
    for quarter, channel, revenue, previous, growth in rows:
        year_ago = quarters.get((quarter.replace(year=2024), channel))
        assert revenue == pytest.approx(quarters[(quarter, channel)])
        assert previous == pytest.approx(year_ago) if year_ago is not None else previous is None
        assert growth == pytest.approx(_growth(revenue, year_ago)) if year_ago else growth is None


def test_the_first_period_without_data_before_it_has_an_empty_growth_not_zero(tiny_warehouse: Path) -> None:
    ((first,),) = _raw(tiny_warehouse, "SELECT min(CAST(order_ts AS DATE)) FROM orders")
    query = {"metrics": ["order_count"], "group_by": ["metric_time__month"], "period_change": "previous_period"}
    rows = _run(query, tiny_warehouse)
    assert rows[0][0] == _month(first)
    assert rows[0][2] is None and rows[0][3] is None
    assert all(r[3] is not None for r in rows[1:])


def test_a_month_without_rows_is_never_another_months_baseline(tiny_warehouse: Path) -> None:
    """Weekend live-stream refunds leave months empty: the month after such a gap has no baseline."""
    query = {
        "metrics": ["refund_amount"],
        "group_by": ["metric_time__month"],
        "time_range": {"start": "2025-01-01", "end": "2026-09-30", "days_of_week": [7]},
        "filters": [{"dimension": "channel", "op": "=", "value": "live_stream"}],
        "period_change": "previous_period",
    }
    rows = _run(query, tiny_warehouse)
    present = {r[0] for r in rows}
    for month, _, previous, _ in rows:
        before = (month - dt.timedelta(days=1)).replace(day=1)
        if before not in present and before >= dt.date(2025, 1, 1):
            assert previous is None


def test_day_of_week_groups_in_week_order_and_weekend_filter_matches_raw(tiny_warehouse: Path) -> None:
    september = [r for r in _raw(tiny_warehouse) if dt.date(2026, 9, 1) <= r[0] <= dt.date(2026, 9, 30)]
    by_day = _by(september, lambda r: r[0].isoweekday())
    span = {"start": "2026-09-01", "end": "2026-09-30"}
    rows = _run({"metrics": ["revenue"], "group_by": ["day_of_week"], "time_range": span}, tiny_warehouse)
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert {r[0]: r[1] for r in rows} == pytest.approx(by_day)
    ((weekend,),) = _run({"metrics": ["revenue"], "time_range": {**span, "days_of_week": [6, 7]}}, tiny_warehouse)
    assert weekend == pytest.approx(by_day[6] + by_day[7])


def test_problems_are_refused_with_a_reason() -> None:
    def refused(query: dict[str, Any], words: str) -> None:
        with pytest.raises(SemanticQueryError, match=words):
            compile_query(SemanticQuery.model_validate({"metrics": ["revenue"], **query}))

    refused({"group_by": ["channel"], "period_change": "previous_period"}, "exactly one metric_time grain")
    refused({"group_by": ["metric_time__week"], "period_change": "year_over_year"}, "not defined for the grain")
    start = {"start": "2026-03-15", "end": "2026-09-30"}
    refused({"group_by": ["metric_time__month"], "time_range": start, "period_change": "previous_period"}, "first day")
    refused(
        {"group_by": ["metric_time__month", "channel"], "period_change": "previous_period", "rank_within": ["channel"]},
        "cannot be combined",
    )
    with pytest.raises(ValueError, match="ISO days"):
        SemanticQuery.model_validate({"metrics": ["revenue"], "time_range": {"days_of_week": [0]}})


GROWTH = {
    "metrics": ["revenue"],
    "group_by": ["metric_time__month"],
    "time_range": {"start": "2026-04-01", "end": "2026-09-30"},
    "period_change": "previous_period",
}


def _guarded(principal: Principal, warehouse: Path) -> Any:
    compiled = compile_query(SemanticQuery.model_validate(GROWTH))
    return run_guarded(compiled.expression, principal, origin="semantic", warehouse=warehouse)


def test_growth_under_the_guards_analyst_and_regional_manager(tiny_warehouse: Path) -> None:
    analyst = _guarded(Principal("growth-analyst", "analyst"), tiny_warehouse)
    assert analyst.status == "ok" and len(analyst.rows) == 6
    east = _guarded(Principal("growth-erin", "regional_manager", {"region": "East"}), tiny_warehouse)
    sql = (
        "SELECT CAST(o.order_ts AS DATE), o.channel, o.net_amount FROM orders o JOIN customers c USING (customer_id) "
        "WHERE o.status <> 'cancelled' AND c.region = 'East'"
    )
    months = _by(_raw(tiny_warehouse, sql), lambda r: _month(r[0]))
    for month, revenue, previous, _ in east.rows:
        month = dt.date.fromisoformat(str(month)[:10])
        assert revenue == pytest.approx(months[month])
        assert previous == pytest.approx(months[(month - dt.timedelta(days=1)).replace(day=1)])


@pytest.mark.parametrize("role", ["viewer", "marketing"])
def test_growth_for_aggregate_only_roles_is_noisy_and_size_checked(role: str, tiny_warehouse: Path) -> None:
    exact = {r[0]: r[1] for r in _guarded(Principal("growth-admin", "admin"), tiny_warehouse).rows}
    noisy = _guarded(Principal(f"growth-{role}", role), tiny_warehouse)
    assert noisy.status == "ok", noisy.notices
    codes = {n.code for n in noisy.notices}
    assert "small_groups_suppressed" in codes and any("privacy noise" in n.message for n in noisy.notices)
    assert any(row[1] != exact.get(row[0]) for row in noisy.rows)  # noise on the released values
    by_month = {str(r[0])[:10]: r for r in noisy.rows}
    for month, revenue, previous, growth in noisy.rows:
        before = str((dt.date.fromisoformat(str(month)[:10]) - dt.timedelta(days=1)).replace(day=1))
        if before in by_month:  # the baseline is the released (noisy) value of the month before
            assert previous == pytest.approx(by_month[before][1])
        assert growth is None or growth == pytest.approx(_growth(revenue, previous))


@pytest.mark.parametrize("role", ["viewer", "marketing"])
def test_weekday_shapes_for_aggregate_only_roles_are_noisy_and_size_checked(role: str, tiny_warehouse: Path) -> None:
    span = {"start": "2026-07-01", "end": "2026-09-30"}
    for query in (
        {"metrics": ["revenue"], "time_range": {**span, "days_of_week": [6, 7]}},
        {"metrics": ["revenue"], "group_by": ["day_of_week"], "time_range": span},
    ):
        compiled = compile_query(SemanticQuery.model_validate(query))
        exact = run_guarded(
            compiled.expression, Principal("dow-admin", "admin"), origin="semantic", warehouse=tiny_warehouse
        )
        noisy = run_guarded(
            compiled.expression, Principal(f"dow-{role}", role), origin="semantic", warehouse=tiny_warehouse
        )
        assert noisy.status == "ok", noisy.notices
        assert {n.code for n in noisy.notices} >= {"small_groups_suppressed"}
        assert any("privacy noise" in n.message for n in noisy.notices)
        assert noisy.rows != exact.rows
