"""The false-positive suite: ordinary analyst questions in SQL. Each must be allowed for analyst and
return the same result as for admin (masked columns, listed by name, are compared for shape only)."""

from __future__ import annotations

ORDINARY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("SELECT count(*) FROM orders", ()),
    ("SELECT channel, count(*) AS n, sum(net_amount) AS revenue FROM orders GROUP BY channel ORDER BY channel", ()),
    ("SELECT status, avg(net_amount) FROM orders GROUP BY ALL ORDER BY ALL", ()),
    ("SELECT region, count(*) FROM customers GROUP BY ALL ORDER BY 1", ()),
    ("SELECT member_tier, count(*) FILTER (WHERE marketing_consent) FROM customers GROUP BY 1 ORDER BY 1", ()),
    ("SELECT date_trunc('month', order_ts) AS m, sum(net_amount) FROM orders GROUP BY 1 ORDER BY 1", ()),
    ("SELECT year(order_ts) AS y, quarter(order_ts) AS q, count(*) FROM orders GROUP BY ALL ORDER BY ALL", ()),
    ("SELECT strftime(order_ts, '%Y-%m') AS ym, count(*) FROM orders GROUP BY 1 ORDER BY 1 LIMIT 12", ()),
    (
        "SELECT c.region, sum(o.net_amount) AS revenue FROM orders o JOIN customers c ON o.customer_id = c.customer_id "
        "WHERE o.status <> 'cancelled' GROUP BY c.region ORDER BY revenue DESC",
        (),
    ),
    (
        "SELECT p.category, sum(i.line_amount) FROM order_items i JOIN products p USING (product_id) "
        "GROUP BY 1 ORDER BY 2 DESC",
        (),
    ),
    (
        "WITH monthly AS (SELECT date_trunc('month', order_ts) AS m, sum(net_amount) AS rev FROM orders GROUP BY 1) "
        "SELECT m, rev, rev - lag(rev) OVER (ORDER BY m) AS delta FROM monthly ORDER BY m",
        (),
    ),
    (
        "SELECT customer_id, net_amount, row_number() OVER (PARTITION BY customer_id ORDER BY order_ts) AS k "
        "FROM orders QUALIFY k = 1 ORDER BY customer_id LIMIT 50",
        (),
    ),
    (
        "SELECT channel, CASE WHEN net_amount >= 500 THEN 'large' WHEN net_amount >= 100 THEN 'medium' ELSE 'small' END "
        "AS size, count(*) FROM orders GROUP BY ALL ORDER BY ALL",
        (),
    ),
    ("SELECT rfm_segment, count(*), avg(lifetime_revenue) FROM customer_profile GROUP BY 1 ORDER BY 1", ()),
    ("SELECT lifecycle_stage, count(*) FROM customer_profile GROUP BY ALL ORDER BY ALL", ()),
    ("SELECT age_band, avg(order_count) FROM customer_profile GROUP BY 1 ORDER BY 1", ()),
    ("SELECT ticket_category, avg(csat_score), count(*) FROM support_tickets GROUP BY 1 ORDER BY 1", ()),
    (
        "SELECT ticket_channel, avg(date_diff('hour', created_ts, resolved_ts)) FROM support_tickets "
        "WHERE resolved_ts IS NOT NULL GROUP BY 1 ORDER BY 1",
        (),
    ),
    ("SELECT rating, count(*) FROM reviews GROUP BY rating ORDER BY rating", ()),
    ("SELECT return_reason, sum(refund_amount) FROM returns GROUP BY 1 ORDER BY 1", ()),
    ("SELECT store_format, count(*) FROM stores GROUP BY 1 ORDER BY 1", ()),
    (
        "SELECT s.store_name, count(*) AS n FROM orders o JOIN stores s USING (store_id) GROUP BY 1 "
        "ORDER BY n DESC, 1 LIMIT 10",
        (),
    ),
    ("SELECT brand, min(list_price), max(list_price) FROM products GROUP BY brand ORDER BY brand", ()),
    ("SELECT key, value FROM dataset_info WHERE key = 'as_of_date'", ()),
    (
        "SELECT customer_id, count(*) FROM orders WHERE order_ts >= DATE '2026-07-01' GROUP BY 1 "
        "HAVING count(*) > 2 ORDER BY 2 DESC, 1 LIMIT 20",
        (),
    ),
    ("SELECT count(DISTINCT customer_id) FROM orders WHERE status = 'returned'", ()),
    (
        "SELECT c.city, count(DISTINCT o.customer_id) FROM customers c LEFT JOIN orders o USING (customer_id) "
        "GROUP BY 1 ORDER BY 1",
        (),
    ),
    (
        "SELECT * FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id "
        "AND o.channel = 'live_stream') ORDER BY customer_id LIMIT 5",
        ("full_name", "phone", "email"),
    ),
    (
        "SELECT customer_id, full_name, phone, email, city FROM customers ORDER BY customer_id LIMIT 20",
        ("full_name", "phone", "email"),
    ),
    (
        "SELECT channel FROM orders WHERE store_id IS NULL UNION SELECT 'store' ORDER BY 1",
        (),
    ),
    ("SELECT member_tier FROM customers EXCEPT SELECT 'Bronze' ORDER BY 1", ()),
    (
        "SELECT o.order_id, sum(i.quantity) AS units FROM orders o JOIN order_items i USING (order_id) "
        "GROUP BY 1 ORDER BY units DESC, 1 LIMIT 10",
        (),
    ),
    (
        "SELECT category, median(unit_price), quantile_cont(unit_price, 0.9) FROM order_items "
        "JOIN products USING (product_id) GROUP BY 1 ORDER BY 1",
        (),
    ),
    (
        "SELECT region, sum(CASE WHEN marketing_consent THEN 1 ELSE 0 END)::DOUBLE / count(*) AS consent_rate "
        "FROM customers GROUP BY 1 ORDER BY 1",
        (),
    ),
    (
        "SELECT channel, sum(net_amount) / sum(gross_amount) AS paid_share FROM orders "
        "WHERE status IN ('completed', 'returned') GROUP BY 1 ORDER BY 1",
        (),
    ),
    (
        "SELECT dayname(order_ts) AS d, count(*) FROM orders GROUP BY 1 ORDER BY 2 DESC, 1",
        (),
    ),
    (
        "SELECT t.customer_id, t.n FROM (SELECT customer_id, count(*) AS n FROM reviews GROUP BY 1) t "
        "WHERE t.n >= 3 ORDER BY t.n DESC, 1 LIMIT 10",
        (),
    ),
    (
        "SELECT signup_channel, count(*) FROM customers WHERE signup_date BETWEEN DATE '2024-01-01' AND "
        "DATE '2024-12-31' GROUP BY 1 ORDER BY 1",
        (),
    ),
    (
        "SELECT p.category, r.rating, count(*) FROM reviews r JOIN products p ON p.product_id = r.product_id "
        "WHERE r.rating <= 2 GROUP BY ALL ORDER BY ALL",
        (),
    ),
    ("FROM orders SELECT channel, count(*) GROUP BY channel ORDER BY channel", ()),
    (
        "SELECT gender, round(avg(lifetime_revenue), 2) FROM customers JOIN customer_profile USING (customer_id) "
        "GROUP BY 1 ORDER BY 1",
        (),
    ),
    ("SELECT coalesce(CAST(store_id AS VARCHAR), 'online') AS s, count(*) FROM orders GROUP BY 1 ORDER BY 1", ()),
    ("SELECT lower(review_text) LIKE '%late%' AS late, count(*) FROM reviews GROUP BY 1 ORDER BY 1", ()),
    (
        "SELECT payment_method, count(*) FROM orders o WHERE o.customer_id IN "
        "(SELECT customer_id FROM customers WHERE member_tier = 'Platinum') GROUP BY 1 ORDER BY 1",
        (),
    ),
    (
        "SELECT COLUMNS('.*amount'), order_id FROM orders ORDER BY order_id LIMIT 5",
        (),
    ),
    ("SELECT * EXCLUDE (full_name, phone, email) FROM customers ORDER BY customer_id LIMIT 10", ()),
)
