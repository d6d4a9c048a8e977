"""Every catalog metric equals a hand-written reference SQL on the tiny warehouse:
ungrouped, grouped by a dimension, and by month where the metric has a time dimension."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from semantic_layer.catalog import Catalog

from .conftest import assert_same_rows, run_reference, run_semantic

NC = "o.status <> 'cancelled'"
MONTH_O = "CAST(date_trunc('month', o.order_ts) AS DATE)"
REVIEW_POINTS = "review_pain_points JOIN reviews r USING (review_id)"
TICKET_POINTS = "ticket_pain_points JOIN support_tickets t USING (ticket_id)"

# (metric, group_by, reference SQL). Written by hand from the definitions, not from the compiler.
CASES: list[tuple[str, list[str], str]] = [
    ("revenue", [], f"SELECT SUM(o.net_amount) FROM orders o WHERE {NC}"),
    (
        "revenue",
        ["region"],
        f"SELECT c.region, SUM(o.net_amount) FROM orders o JOIN customers c USING (customer_id) WHERE {NC} GROUP BY 1",
    ),
    ("revenue", ["metric_time__month"], f"SELECT {MONTH_O}, SUM(o.net_amount) FROM orders o WHERE {NC} GROUP BY 1"),
    ("gmv", [], f"SELECT SUM(o.gross_amount) FROM orders o WHERE {NC}"),
    ("gmv", ["channel"], f"SELECT o.channel, SUM(o.gross_amount) FROM orders o WHERE {NC} GROUP BY 1"),
    ("gmv", ["metric_time__month"], f"SELECT {MONTH_O}, SUM(o.gross_amount) FROM orders o WHERE {NC} GROUP BY 1"),
    ("discount_amount", [], f"SELECT SUM(o.discount_amount) FROM orders o WHERE {NC}"),
    (
        "discount_amount",
        ["payment_method"],
        f"SELECT payment_method, SUM(discount_amount) FROM orders o WHERE {NC} GROUP BY 1",
    ),
    (
        "discount_amount",
        ["metric_time__month"],
        f"SELECT {MONTH_O}, SUM(o.discount_amount) FROM orders o WHERE {NC} GROUP BY 1",
    ),
    ("discount_rate", [], f"SELECT SUM(discount_amount) / SUM(gross_amount) FROM orders o WHERE {NC}"),
    (
        "discount_rate",
        ["member_tier"],
        f"SELECT c.member_tier, SUM(o.discount_amount) / SUM(o.gross_amount) FROM orders o JOIN customers c USING (customer_id) WHERE {NC} GROUP BY 1",
    ),
    (
        "discount_rate",
        ["metric_time__month"],
        f"SELECT {MONTH_O}, SUM(discount_amount) / SUM(gross_amount) FROM orders o WHERE {NC} GROUP BY 1",
    ),
    ("order_count", [], f"SELECT COUNT(*) FROM orders o WHERE {NC}"),
    (
        "order_count",
        ["store_format"],
        f"SELECT coalesce(s.store_format, 'online, no store'), COUNT(*) FROM orders o LEFT JOIN stores s ON o.store_id = s.store_id WHERE {NC} GROUP BY 1",
    ),
    ("order_count", ["metric_time__month"], f"SELECT {MONTH_O}, COUNT(*) FROM orders o WHERE {NC} GROUP BY 1"),
    ("aov", [], f"SELECT SUM(net_amount) / COUNT(*) FROM orders o WHERE {NC}"),
    (
        "aov",
        ["region"],
        f"SELECT c.region, SUM(o.net_amount) / COUNT(*) FROM orders o JOIN customers c USING (customer_id) WHERE {NC} GROUP BY 1",
    ),
    (
        "aov",
        ["metric_time__month"],
        f"SELECT {MONTH_O}, SUM(net_amount) / COUNT(*) FROM orders o WHERE {NC} GROUP BY 1",
    ),
    ("active_customers", [], f"SELECT COUNT(DISTINCT customer_id) FROM orders o WHERE {NC}"),
    (
        "active_customers",
        ["channel"],
        f"SELECT channel, COUNT(DISTINCT customer_id) FROM orders o WHERE {NC} GROUP BY 1",
    ),
    (
        "active_customers",
        ["metric_time__month"],
        f"SELECT {MONTH_O}, COUNT(DISTINCT customer_id) FROM orders o WHERE {NC} GROUP BY 1",
    ),
    ("revenue_per_customer", [], f"SELECT SUM(net_amount) / COUNT(DISTINCT customer_id) FROM orders o WHERE {NC}"),
    (
        "revenue_per_customer",
        ["age_band"],
        f"SELECT p.age_band, SUM(o.net_amount) / COUNT(DISTINCT o.customer_id) FROM orders o JOIN customer_profile p USING (customer_id) WHERE {NC} GROUP BY 1",
    ),
    (
        "revenue_per_customer",
        ["metric_time__month"],
        f"SELECT {MONTH_O}, SUM(net_amount) / COUNT(DISTINCT customer_id) FROM orders o WHERE {NC} GROUP BY 1",
    ),
    ("item_revenue", [], f"SELECT SUM(i.line_amount) FROM order_items i JOIN orders o USING (order_id) WHERE {NC}"),
    (
        "item_revenue",
        ["category"],
        f"SELECT p.category, SUM(i.line_amount) FROM order_items i JOIN orders o USING (order_id) JOIN products p USING (product_id) WHERE {NC} GROUP BY 1",
    ),
    (
        "item_revenue",
        ["metric_time__month"],
        f"SELECT {MONTH_O}, SUM(i.line_amount) FROM order_items i JOIN orders o USING (order_id) WHERE {NC} GROUP BY 1",
    ),
    ("units_sold", [], f"SELECT SUM(i.quantity) FROM order_items i JOIN orders o USING (order_id) WHERE {NC}"),
    (
        "units_sold",
        ["brand"],
        f"SELECT p.brand, SUM(i.quantity) FROM order_items i JOIN orders o USING (order_id) JOIN products p USING (product_id) WHERE {NC} GROUP BY 1",
    ),
    (
        "units_sold",
        ["metric_time__month"],
        f"SELECT {MONTH_O}, SUM(i.quantity) FROM order_items i JOIN orders o USING (order_id) WHERE {NC} GROUP BY 1",
    ),
    ("return_rate", [], f"SELECT COUNT(*) FILTER (WHERE status = 'returned') / COUNT(*) FROM orders o WHERE {NC}"),
    (
        "return_rate",
        ["channel"],
        f"SELECT channel, COUNT(*) FILTER (WHERE status = 'returned') / COUNT(*) FROM orders o WHERE {NC} GROUP BY 1",
    ),
    (
        "return_rate",
        ["metric_time__month"],
        f"SELECT {MONTH_O}, COUNT(*) FILTER (WHERE status = 'returned') / COUNT(*) FROM orders o WHERE {NC} GROUP BY 1",
    ),
    ("refund_amount", [], "SELECT SUM(refund_amount) FROM returns"),
    ("refund_amount", ["return_reason"], "SELECT return_reason, SUM(refund_amount) FROM returns GROUP BY 1"),
    (
        "refund_amount",
        ["metric_time__month"],
        "SELECT CAST(date_trunc('month', return_ts) AS DATE), SUM(refund_amount) FROM returns GROUP BY 1",
    ),
    (
        "net_revenue",
        [],
        f"SELECT (SELECT SUM(net_amount) FROM orders o WHERE {NC}) - (SELECT SUM(refund_amount) FROM returns)",
    ),
    (
        "net_revenue",
        ["channel"],
        f"""
        WITH r AS (SELECT channel, SUM(net_amount) AS v FROM orders o WHERE {NC} GROUP BY 1),
             f AS (SELECT o.channel, SUM(x.refund_amount) AS v FROM returns x JOIN orders o USING (order_id) GROUP BY 1)
        SELECT COALESCE(r.channel, f.channel), COALESCE(r.v, 0) - COALESCE(f.v, 0) FROM r FULL OUTER JOIN f ON r.channel = f.channel""",
    ),
    (
        "net_revenue",
        ["metric_time__month"],
        f"""
        WITH r AS (SELECT {MONTH_O} AS m, SUM(net_amount) AS v FROM orders o WHERE {NC} GROUP BY 1),
             f AS (SELECT CAST(date_trunc('month', return_ts) AS DATE) AS m, SUM(refund_amount) AS v FROM returns GROUP BY 1)
        SELECT COALESCE(r.m, f.m), COALESCE(r.v, 0) - COALESCE(f.v, 0) FROM r FULL OUTER JOIN f ON r.m = f.m""",
    ),
    ("customer_count", [], "SELECT COUNT(*) FROM customers"),
    ("customer_count", ["gender"], "SELECT gender, COUNT(*) FROM customers GROUP BY 1"),
    (
        "customer_count",
        ["metric_time__month"],
        "SELECT CAST(date_trunc('month', signup_date) AS DATE), COUNT(*) FROM customers GROUP BY 1",
    ),
    ("churned_customers", [], "SELECT COUNT(*) FROM customer_profile WHERE lifecycle_stage = 'churned'"),
    (
        "churned_customers",
        ["region"],
        "SELECT c.region, COUNT(*) FROM customer_profile p JOIN customers c USING (customer_id) WHERE lifecycle_stage = 'churned' GROUP BY 1",
    ),
    (
        "churn_rate",
        [],
        "SELECT COUNT(*) FILTER (WHERE lifecycle_stage = 'churned') / COUNT(*) FILTER (WHERE order_count >= 1) FROM customer_profile",
    ),
    (
        "churn_rate",
        ["member_tier"],
        "SELECT c.member_tier, COUNT(*) FILTER (WHERE lifecycle_stage = 'churned') / COUNT(*) FILTER (WHERE order_count >= 1) FROM customer_profile p JOIN customers c USING (customer_id) GROUP BY 1",
    ),
    (
        "repeat_purchase_rate",
        [],
        "SELECT COUNT(*) FILTER (WHERE order_count >= 2) / COUNT(*) FILTER (WHERE order_count >= 1) FROM customer_profile",
    ),
    (
        "repeat_purchase_rate",
        ["preferred_channel"],
        "SELECT preferred_channel, COUNT(*) FILTER (WHERE order_count >= 2) / NULLIF(COUNT(*) FILTER (WHERE order_count >= 1), 0) FROM customer_profile GROUP BY 1",
    ),
    ("avg_clv", [], "SELECT AVG(lifetime_revenue) FROM customer_profile WHERE order_count >= 1"),
    (
        "avg_clv",
        ["rfm_segment"],
        "SELECT rfm_segment, AVG(lifetime_revenue) FROM customer_profile WHERE order_count >= 1 GROUP BY 1",
    ),
    ("consent_rate", [], "SELECT AVG(CASE WHEN marketing_consent THEN 1.0 ELSE 0.0 END) FROM customers"),
    (
        "consent_rate",
        ["signup_channel"],
        "SELECT signup_channel, AVG(CASE WHEN marketing_consent THEN 1.0 ELSE 0.0 END) FROM customers GROUP BY 1",
    ),
    (
        "consent_rate",
        ["metric_time__month"],
        "SELECT CAST(date_trunc('month', signup_date) AS DATE), AVG(CASE WHEN marketing_consent THEN 1.0 ELSE 0.0 END) FROM customers GROUP BY 1",
    ),
    (
        "omnichannel_share",
        [],
        "SELECT COUNT(*) FILTER (WHERE channel_count >= 2) / COUNT(*) FILTER (WHERE order_count >= 1) FROM customer_profile",
    ),
    (
        "omnichannel_share",
        ["lifecycle_stage"],
        "SELECT lifecycle_stage, COUNT(*) FILTER (WHERE channel_count >= 2) / NULLIF(COUNT(*) FILTER (WHERE order_count >= 1), 0) FROM customer_profile GROUP BY 1",
    ),
    ("ticket_count", [], "SELECT COUNT(*) FROM support_tickets"),
    ("ticket_count", ["ticket_category"], "SELECT ticket_category, COUNT(*) FROM support_tickets GROUP BY 1"),
    (
        "ticket_count",
        ["metric_time__month"],
        "SELECT CAST(date_trunc('month', created_ts) AS DATE), COUNT(*) FROM support_tickets GROUP BY 1",
    ),
    (
        "avg_resolution_hours",
        [],
        "SELECT AVG(epoch(resolved_ts - created_ts) / 3600) FROM support_tickets WHERE resolved_ts IS NOT NULL",
    ),
    (
        "avg_resolution_hours",
        ["ticket_channel"],
        "SELECT ticket_channel, AVG(epoch(resolved_ts - created_ts) / 3600) FROM support_tickets WHERE resolved_ts IS NOT NULL GROUP BY 1",
    ),
    (
        "avg_resolution_hours",
        ["metric_time__month"],
        "SELECT CAST(date_trunc('month', created_ts) AS DATE), AVG(epoch(resolved_ts - created_ts) / 3600) FROM support_tickets WHERE resolved_ts IS NOT NULL GROUP BY 1",
    ),
    ("csat", [], "SELECT AVG(csat_score) FROM support_tickets"),
    (
        "csat",
        ["province"],
        "SELECT c.province, AVG(t.csat_score) FROM support_tickets t JOIN customers c USING (customer_id) "
        "WHERE t.csat_score IS NOT NULL GROUP BY 1",
    ),
    (
        "csat",
        ["metric_time__month"],
        "SELECT CAST(date_trunc('month', created_ts) AS DATE), AVG(csat_score) FROM support_tickets GROUP BY 1",
    ),
    ("review_count", [], "SELECT COUNT(*) FROM reviews"),
    ("review_count", ["rating"], "SELECT rating, COUNT(*) FROM reviews GROUP BY 1"),
    (
        "review_count",
        ["metric_time__month"],
        "SELECT CAST(date_trunc('month', review_ts) AS DATE), COUNT(*) FROM reviews GROUP BY 1",
    ),
    ("avg_rating", [], "SELECT AVG(rating) FROM reviews"),
    (
        "avg_rating",
        ["category"],
        "SELECT p.category, AVG(r.rating) FROM reviews r JOIN products p USING (product_id) GROUP BY 1",
    ),
    (
        "avg_rating",
        ["metric_time__month"],
        "SELECT CAST(date_trunc('month', review_ts) AS DATE), AVG(rating) FROM reviews GROUP BY 1",
    ),
    ("negative_review_share", [], "SELECT AVG(CASE WHEN rating <= 2 THEN 1.0 ELSE 0.0 END) FROM reviews"),
    (
        "negative_review_share",
        ["store_name"],
        "SELECT coalesce(s.store_name, 'online, no store'), AVG(CASE WHEN r.rating <= 2 THEN 1.0 ELSE 0.0 END) FROM reviews r JOIN orders o USING (order_id) LEFT JOIN stores s ON o.store_id = s.store_id GROUP BY 1",
    ),
    (
        "negative_review_share",
        ["metric_time__month"],
        "SELECT CAST(date_trunc('month', review_ts) AS DATE), AVG(CASE WHEN rating <= 2 THEN 1.0 ELSE 0.0 END) FROM reviews GROUP BY 1",
    ),
    # pain points: empty on a fresh warehouse (tests/feedback/test_pain_point_metrics.py checks built ones)
    ("pain_point_reviews", [], "SELECT COUNT(*) FROM review_pain_points"),
    (
        "pain_point_reviews",
        ["region"],
        f"SELECT c.region, COUNT(*) FROM {REVIEW_POINTS} JOIN customers c USING (customer_id) GROUP BY 1",
    ),
    (
        "pain_point_reviews",
        ["metric_time__month"],
        f"SELECT CAST(date_trunc('month', r.review_ts) AS DATE), COUNT(*) FROM {REVIEW_POINTS} GROUP BY 1",
    ),
    ("pain_point_tickets", [], "SELECT COUNT(*) FROM ticket_pain_points"),
    (
        "pain_point_tickets",
        ["ticket_category"],
        f"SELECT t.ticket_category, COUNT(*) FROM {TICKET_POINTS} GROUP BY 1",
    ),
    (
        "pain_point_tickets",
        ["metric_time__month"],
        f"SELECT CAST(date_trunc('month', t.created_ts) AS DATE), COUNT(*) FROM {TICKET_POINTS} GROUP BY 1",
    ),
    (
        "pain_point_mentions",
        [],
        "SELECT (SELECT COUNT(*) FROM review_pain_points) + (SELECT COUNT(*) FROM ticket_pain_points)",
    ),
    (
        "pain_point_mentions",
        ["region"],
        f"SELECT c.region, COUNT(*) FROM (SELECT customer_id FROM {REVIEW_POINTS} UNION ALL "
        f"SELECT customer_id FROM {TICKET_POINTS}) JOIN customers c USING (customer_id) GROUP BY 1",
    ),
    (
        "pain_point_mentions",
        ["metric_time__month"],
        f"SELECT month, COUNT(*) FROM (SELECT CAST(date_trunc('month', r.review_ts) AS DATE) AS month FROM {REVIEW_POINTS} "
        f"UNION ALL SELECT CAST(date_trunc('month', t.created_ts) AS DATE) FROM {TICKET_POINTS}) GROUP BY 1",
    ),
    # data-quality metrics (quality_metrics.yml) over the quality_checks table
    ("data_quality_score", [], "SELECT COUNT(*) FILTER (WHERE passed) / COUNT(*) FROM quality_checks"),
    (
        "data_quality_score",
        ["quality_rule"],
        "SELECT quality_rule, COUNT(*) FILTER (WHERE passed) / COUNT(*) FROM quality_checks GROUP BY 1",
    ),
    (
        "data_completeness",
        [],
        "SELECT COUNT(*) FILTER (WHERE passed) / COUNT(*) FROM quality_checks WHERE quality_dimension = 'completeness'",
    ),
    (
        "data_completeness",
        ["check_column"],
        "SELECT check_column, COUNT(*) FILTER (WHERE passed) / COUNT(*) FROM quality_checks WHERE quality_dimension = 'completeness' GROUP BY 1",
    ),
    (
        "data_validity",
        [],
        "SELECT COUNT(*) FILTER (WHERE passed) / COUNT(*) FROM quality_checks WHERE quality_dimension = 'validity'",
    ),
    (
        "data_validity",
        ["region"],
        "SELECT c.region, COUNT(*) FILTER (WHERE passed) / COUNT(*) FROM quality_checks q JOIN customers c USING (customer_id) "
        "WHERE quality_dimension = 'validity' GROUP BY 1",
    ),
    (
        "data_uniqueness",
        [],
        "SELECT COUNT(*) FILTER (WHERE passed) / COUNT(*) FROM quality_checks WHERE quality_dimension = 'uniqueness'",
    ),
    (
        "data_uniqueness",
        ["check_table"],
        "SELECT check_table, COUNT(*) FILTER (WHERE passed) / COUNT(*) FROM quality_checks WHERE quality_dimension = 'uniqueness' GROUP BY 1",
    ),
    (
        "data_consistency",
        [],
        "SELECT COUNT(*) FILTER (WHERE passed) / COUNT(*) FROM quality_checks WHERE quality_dimension = 'consistency'",
    ),
    (
        "data_consistency",
        ["check_table"],
        "SELECT check_table, COUNT(*) FILTER (WHERE passed) / COUNT(*) FROM quality_checks WHERE quality_dimension = 'consistency' GROUP BY 1",
    ),
    ("quality_checks_count", [], "SELECT COUNT(*) FROM quality_checks"),
    (
        "quality_checks_count",
        ["quality_dimension"],
        "SELECT quality_dimension, COUNT(*) FROM quality_checks GROUP BY 1",
    ),
    ("quality_issues", [], "SELECT COUNT(*) FROM quality_checks WHERE NOT passed"),
    ("quality_issues", ["quality_issue"], "SELECT issue, COUNT(*) FROM quality_checks WHERE NOT passed GROUP BY 1"),
    (
        "duplicate_customers",
        [],
        "SELECT COUNT(*) FROM quality_checks WHERE quality_rule = 'customer_unique' AND NOT passed",
    ),
    (
        "duplicate_customers",
        ["region"],
        "SELECT c.region, COUNT(*) FROM quality_checks q JOIN customers c USING (customer_id) "
        "WHERE quality_rule = 'customer_unique' AND NOT passed GROUP BY 1",
    ),
    (
        "orphan_orders",
        [],
        "SELECT COUNT(*) FROM orders o LEFT JOIN customers c USING (customer_id) WHERE c.customer_id IS NULL",
    ),
    (
        "orphan_orders",
        ["check_table"],
        "SELECT 'orders', COUNT(*) FROM orders o LEFT JOIN customers c USING (customer_id) WHERE c.customer_id IS NULL",
    ),
    (
        "excess_refunds",
        [],
        "SELECT COUNT(*) FROM returns r JOIN orders o USING (order_id) WHERE r.refund_amount > o.net_amount",
    ),
    (
        "excess_refunds",
        ["member_tier"],
        "SELECT c.member_tier, COUNT(*) FROM returns r JOIN orders o USING (order_id) JOIN customers c "
        "ON c.customer_id = o.customer_id WHERE r.refund_amount > o.net_amount GROUP BY 1",
    ),
]


@pytest.mark.parametrize(
    ("metric", "group_by", "reference"), CASES, ids=[f"{m}-by-{'-'.join(g) or 'all'}" for m, g, _ in CASES]
)
def test_metric_matches_reference(
    metric: str,
    group_by: list[str],
    reference: str,
    catalog: Catalog,
    warehouse: Path,
    reference_db: duckdb.DuckDBPyConnection,
) -> None:
    actual = run_semantic({"metrics": [metric], "group_by": group_by}, catalog, warehouse)
    assert_same_rows(actual, run_reference(reference, reference_db))


def test_every_metric_is_covered_ungrouped_grouped_and_by_month(catalog: Catalog) -> None:
    for name, metric in catalog.metrics.items():
        groupings = [g for m, g, _ in CASES if m == name]
        assert [] in groupings, f"{name}: no ungrouped case"
        assert any(g and not g[0].startswith("metric_time") for g in groupings), f"{name}: no grouped case"
        assert (["metric_time__month"] in groupings) == metric.has_time, f"{name}: month case mismatch"
