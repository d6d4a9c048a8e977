"""Accounting identities and the rules that tie the tables together."""

from __future__ import annotations

from datetime import date

AS_OF = date(2026, 9, 30)


def test_net_is_gross_minus_discount(wh):
    assert wh.value("SELECT count(*) FROM orders WHERE net_amount <> gross_amount - discount_amount") == 0
    assert wh.value("SELECT count(*) FROM orders WHERE discount_amount < 0 OR discount_amount > gross_amount") == 0


def test_gross_is_the_sum_of_line_amounts(wh):
    mismatched = wh.value(
        "SELECT count(*) FROM orders o JOIN (SELECT order_id, sum(line_amount) AS s FROM order_items GROUP BY 1) i "
        "USING (order_id) WHERE o.gross_amount <> i.s"
    )
    assert mismatched == 0
    assert wh.value("SELECT count(*) FROM orders WHERE order_id NOT IN (SELECT order_id FROM order_items)") == 0


def test_line_amount_is_quantity_times_unit_price(wh):
    assert wh.value("SELECT count(*) FROM order_items WHERE line_amount <> quantity * unit_price OR quantity < 1") == 0
    lines = wh.rows("SELECT min(line_no), count(*) = count(DISTINCT (order_id, line_no)) FROM order_items")
    assert lines == [(1, True)]


def test_store_id_set_exactly_for_store_orders(wh):
    assert wh.value("SELECT count(*) FROM orders WHERE (channel = 'store') <> (store_id IS NOT NULL)") == 0
    assert wh.value("SELECT count(*) FROM orders WHERE channel = 'store'") > 0


def test_returns_exist_exactly_for_returned_orders(wh):
    returned = {r for (r,) in wh.rows("SELECT order_id FROM orders WHERE status = 'returned'")}
    with_return = [r for (r,) in wh.rows("SELECT order_id FROM returns")]
    assert returned and sorted(returned) == sorted(with_return)


def test_refunds_and_return_times_are_plausible(wh):
    bad = wh.value(
        "SELECT count(*) FROM returns r JOIN orders o USING (order_id) "
        "WHERE (r.refund_amount <= 0 OR r.refund_amount > o.net_amount OR r.return_ts < o.order_ts) "
        "AND r.return_id NOT IN (SELECT record_id FROM truth_quality_defects WHERE defect = 'refund_exceeds_order')"
    )
    assert bad == 0


def test_order_dates_inside_the_window(wh):
    first, last = wh.rows("SELECT min(order_ts)::DATE, max(order_ts)::DATE FROM orders")[0]
    assert first >= date(2023, 10, 1) and last <= AS_OF
    for table, column in (("returns", "return_ts"), ("reviews", "review_ts"), ("support_tickets", "created_ts")):
        assert wh.value(f"SELECT max({column})::DATE FROM {table}") <= AS_OF, table


def test_ticket_times_and_csat_range(wh):
    assert wh.value("SELECT count(*) FROM support_tickets WHERE resolved_ts < created_ts") == 0
    assert wh.value("SELECT count(*) FROM support_tickets WHERE csat_score NOT BETWEEN 1 AND 5") == 0


def test_reviews_follow_their_order(wh):
    bad = wh.value(
        "SELECT count(*) FROM reviews r JOIN orders o USING (order_id) WHERE r.review_ts < o.order_ts "
        "OR o.status = 'cancelled'"
    )
    assert bad == 0
