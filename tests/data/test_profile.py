"""customer_profile recomputed independently in Python from the facts and the dictionary's rules."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest

from data.dictionary import load_dictionary

AS_OF = date(2026, 9, 30)


@pytest.fixture(scope="module")
def facts(wh):
    orders = wh.rows("SELECT customer_id, order_ts::DATE, channel, net_amount FROM orders WHERE status <> 'cancelled'")
    by_customer: dict[int, list[tuple[date, str, Decimal]]] = defaultdict(list)
    for customer_id, day, channel, net in orders:
        by_customer[customer_id].append((day, channel, net))
    columns = [d[0] for d in wh.con.execute("SELECT * FROM customer_profile LIMIT 0").description]
    profiles = {row[0]: dict(zip(columns, row, strict=True)) for row in wh.rows("SELECT * FROM customer_profile")}
    return by_customer, profiles


def _stage(first: date, last: date) -> str:
    if (AS_OF - first).days <= 90:
        return "new"
    recency = (AS_OF - last).days
    return "active" if recency <= 90 else "at_risk" if recency <= 180 else "churned"


def test_aggregates_and_lifecycle_match_the_orders(facts):
    by_customer, profiles = facts
    for customer_id, profile in profiles.items():
        orders = by_customer.get(customer_id, [])
        if not orders:
            assert (profile["lifecycle_stage"], profile["order_count"], profile["channel_count"]) == ("prospect", 0, 0)
            continue
        days = [o[0] for o in orders]
        counts = Counter(o[1] for o in orders)
        preferred = min(counts, key=lambda c: (-counts[c], c))
        assert profile["order_count"] == len(orders)
        assert profile["lifetime_revenue"] == sum(o[2] for o in orders)
        assert (profile["first_order_date"], profile["last_order_date"]) == (min(days), max(days))
        assert profile["recency_days"] == (AS_OF - max(days)).days
        assert profile["lifecycle_stage"] == _stage(min(days), max(days))
        assert (profile["preferred_channel"], profile["channel_count"]) == (preferred, len(counts))


def test_rfm_segment_follows_the_rule_table(facts):
    dictionary = load_dictionary()
    _, profiles = facts
    scored = [p for p in profiles.values() if p["order_count"] > 0]
    for p in scored:
        assert p["rfm_segment"] == dictionary.rfm_segment(p["rfm_r"], p["rfm_f"], p["rfm_m"])
    assert len({p["rfm_segment"] for p in scored}) == 8


def test_rfm_scores_are_quintiles_in_the_right_direction(facts):
    _, profiles = facts
    scored = [p for p in profiles.values() if p["order_count"] > 0]
    sizes = Counter(p["rfm_r"] for p in scored)
    assert max(sizes.values()) - min(sizes.values()) <= 1
    recency = {r: [p["recency_days"] for p in scored if p["rfm_r"] == r] for r in range(1, 6)}
    assert max(recency[5]) <= min(recency[1])
    revenue = {m: [p["lifetime_revenue"] for p in scored if p["rfm_m"] == m] for m in range(1, 6)}
    assert max(revenue[1]) <= min(revenue[5])


def test_age_band_from_birth_date_at_the_as_of_date(wh):
    rows = wh.rows(
        "SELECT c.birth_date, p.age_band FROM customers c JOIN customer_profile p USING (customer_id) "
        "WHERE customer_id NOT IN (SELECT record_id FROM truth_quality_defects WHERE defect = 'birth_date_out_of_range')"
    )
    for birth, band in rows:
        age = AS_OF.year - birth.year - ((AS_OF.month, AS_OF.day) < (birth.month, birth.day))
        expected = (
            "18-24" if age < 25 else "25-34" if age < 35 else "35-44" if age < 45 else "45-54" if age < 55 else "55+"
        )
        assert band == expected and age >= 18, (birth, band)


def test_rule_table_covers_every_score_combination():
    dictionary = load_dictionary()
    segments = {dictionary.rfm_segment(r, f, m) for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)}
    assert segments == {
        "Champions",
        "Loyal",
        "Potential Loyalist",
        "New Customers",
        "At Risk",
        "Cannot Lose Them",
        "Hibernating",
        "Lost",
    }
