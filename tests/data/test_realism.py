"""The patterns the assistant's answers will show, checked on the tiny warehouse."""

from __future__ import annotations

import statistics
from datetime import date


def test_double_11_and_618_peaks(wh):
    daily = dict(wh.rows("SELECT order_ts::DATE, count(*) FROM orders GROUP BY 1"))
    median = statistics.median(daily.values())
    for year in (2024, 2025):
        nov11 = next(n for d, n in daily.items() if (d.year, d.month, d.day) == (year, 11, 11))
        jun18 = next(n for d, n in daily.items() if (d.year, d.month, d.day) == (year, 6, 18))
        assert nov11 > 5 * median and jun18 > 3 * median, (year, nov11, jun18, median)


def test_mini_program_and_live_stream_grow_year_over_year(wh):
    shares = wh.rows(
        "SELECT CASE WHEN order_ts < DATE '2024-10-01' THEN 1 WHEN order_ts < DATE '2025-10-01' THEN 2 ELSE 3 END y, "
        "avg((channel = 'mini_program')::INT), avg((channel = 'live_stream')::INT) FROM orders GROUP BY 1 ORDER BY 1"
    )
    mini = [s[1] for s in shares]
    live = [s[2] for s in shares]
    assert mini[0] < mini[1] < mini[2] and live[0] < live[1] < live[2], shares


def test_spend_rises_with_member_tier(wh):
    spend = dict(
        wh.rows(
            "SELECT member_tier, avg(lifetime_revenue) FROM customers "
            "JOIN customer_profile USING (customer_id) GROUP BY 1"
        )
    )
    assert spend["Bronze"] < spend["Silver"] < spend["Gold"] < spend["Platinum"]


def test_regions_differ(wh):
    values = dict(
        wh.rows(
            "SELECT region, avg(net_amount) FROM orders JOIN customers USING (customer_id) "
            "WHERE status <> 'cancelled' GROUP BY 1"
        )
    )
    assert len(values) == 7 and max(values.values()) > 1.08 * min(values.values())
    live = dict(
        wh.rows(
            "SELECT region, avg((channel = 'live_stream')::INT) FROM orders "
            "JOIN customers USING (customer_id) GROUP BY 1"
        )
    )
    assert live["Southwest"] > live["East"]


def test_sizeable_churn(wh):
    stages = dict(wh.rows("SELECT lifecycle_stage, count(*) / sum(count(*)) OVER () FROM customer_profile GROUP BY 1"))
    assert set(stages) == {"prospect", "new", "active", "at_risk", "churned"}
    assert 0.2 < stages["churned"] < 0.6


def test_returns_more_common_in_some_categories(wh):
    rate = dict(
        wh.rows(
            "SELECT p.category, avg((o.status = 'returned')::INT) FROM orders o JOIN order_items i USING (order_id) "
            "JOIN products p USING (product_id) WHERE o.status <> 'cancelled' GROUP BY 1"
        )
    )
    for category in ("Makeup", "Fragrance", "Home"):
        assert rate[category] > 1.3 * rate["Snacks"], (category, rate)


def test_delivery_tickets_spike_in_peak_weeks(wh):
    """Delivery tickets per calendar day: Nov 5-20 (double-11 fulfilment) against the rest of the window."""
    peak, rest = wh.rows(
        "SELECT count(*) FILTER (month(created_ts) = 11 AND day(created_ts) BETWEEN 5 AND 20), "
        "count(*) FILTER (NOT (month(created_ts) = 11 AND day(created_ts) BETWEEN 5 AND 20)) "
        "FROM support_tickets WHERE ticket_category = 'delivery'"
    )[0]
    peak_days = 3 * 16  # Nov 2023, 2024, 2025
    rest_days = (date(2026, 9, 30) - date(2023, 10, 1)).days + 1 - peak_days
    assert peak / peak_days > 3 * rest / rest_days, (peak, rest)


def test_csat_lower_for_unresolved_and_slow_tickets(wh):
    csat = dict(
        wh.rows(
            "SELECT CASE WHEN resolved_ts IS NULL THEN 'unresolved' "
            "WHEN resolved_ts - created_ts > INTERVAL 72 HOUR THEN 'slow' ELSE 'fast' END, avg(csat_score) "
            "FROM support_tickets GROUP BY 1"
        )
    )
    assert csat["unresolved"] < csat["slow"] < csat["fast"] - 0.5, csat


def test_ratings_skew_positive(wh):
    mean, negative = wh.rows("SELECT avg(rating), avg((rating <= 2)::INT) FROM reviews")[0]
    assert mean > 3.6 and 0.1 < negative < 0.35


def test_tiny_scale_size(wh):
    assert wh.value("SELECT count(*) FROM customers") == 2000
    assert 24_000 < wh.value("SELECT count(*) FROM orders") < 36_000
