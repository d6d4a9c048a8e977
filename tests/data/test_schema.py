"""The pinned schema, exactly as the issue states it: other parts of the product code against it."""

from __future__ import annotations

import pytest

from data.dictionary import load_dictionary

V, B, INT, D, TS = "VARCHAR", "BIGINT", "INTEGER", "DATE", "TIMESTAMP"
PINNED: dict[str, list[tuple[str, str]]] = {
    "customers": [
        ("customer_id", B),
        ("full_name", V),
        ("gender", V),
        ("birth_date", D),
        ("phone", V),
        ("email", V),
        ("id_number", V),
        ("city", V),
        ("province", V),
        ("region", V),
        ("signup_date", D),
        ("signup_channel", V),
        ("member_tier", V),
        ("marketing_consent", "BOOLEAN"),
    ],
    "stores": [
        ("store_id", INT),
        ("store_name", V),
        ("city", V),
        ("province", V),
        ("region", V),
        ("store_format", V),
        ("opened_date", D),
    ],
    "products": [
        ("product_id", INT),
        ("product_name", V),
        ("category", V),
        ("brand", V),
        ("list_price", "DECIMAL(10,2)"),
    ],
    "orders": [
        ("order_id", B),
        ("customer_id", B),
        ("order_ts", TS),
        ("channel", V),
        ("store_id", INT),
        ("status", V),
        ("payment_method", V),
        ("gross_amount", "DECIMAL(12,2)"),
        ("discount_amount", "DECIMAL(12,2)"),
        ("net_amount", "DECIMAL(12,2)"),
    ],
    "order_items": [
        ("order_id", B),
        ("line_no", INT),
        ("product_id", INT),
        ("quantity", INT),
        ("unit_price", "DECIMAL(10,2)"),
        ("line_amount", "DECIMAL(12,2)"),
    ],
    "returns": [
        ("return_id", B),
        ("order_id", B),
        ("return_ts", TS),
        ("return_reason", V),
        ("refund_amount", "DECIMAL(12,2)"),
    ],
    "support_tickets": [
        ("ticket_id", B),
        ("customer_id", B),
        ("order_id", B),
        ("ticket_channel", V),
        ("ticket_category", V),
        ("created_ts", TS),
        ("resolved_ts", TS),
        ("csat_score", INT),
        ("description", V),
    ],
    "reviews": [
        ("review_id", B),
        ("customer_id", B),
        ("order_id", B),
        ("product_id", INT),
        ("review_ts", TS),
        ("rating", INT),
        ("review_text", V),
    ],
    "customer_profile": [
        ("customer_id", B),
        ("first_order_date", D),
        ("last_order_date", D),
        ("order_count", INT),
        ("lifetime_revenue", "DECIMAL(14,2)"),
        ("recency_days", INT),
        ("rfm_r", INT),
        ("rfm_f", INT),
        ("rfm_m", INT),
        ("rfm_segment", V),
        ("lifecycle_stage", V),
        ("preferred_channel", V),
        ("channel_count", INT),
        ("age_band", V),
    ],
    "truth_review_theme": [("review_id", B), ("theme", V)],
    "truth_quality_defects": [("defect", V), ("record_table", V), ("record_id", B), ("related_id", B)],
    "quality_checks": [
        ("check_id", B),
        ("check_table", V),
        ("check_column", V),
        ("quality_dimension", V),
        ("quality_rule", V),
        ("record_id", B),
        ("customer_id", B),
        ("passed", "BOOLEAN"),
        ("issue", V),
        ("related_id", B),
    ],
    # written by `cdm feedback build`; the generator creates them empty
    "pain_points": [("pain_point", V), ("label", V), ("keywords", V), ("size", INT), ("quotes", "VARCHAR[]")],
    "review_pain_points": [("review_id", B), ("pain_point", V), ("centrality", "DOUBLE")],
    "ticket_pain_points": [("ticket_id", B), ("pain_point", V), ("centrality", "DOUBLE")],
    "feedback_topics": [("source", V), ("source_id", B), ("pain_point", V), ("centrality", "DOUBLE")],
    "dataset_info": [("key", V), ("value", V)],
}
FEEDBACK_TABLES = ("pain_points", "review_pain_points", "ticket_pain_points", "feedback_topics")
CHANNELS = {"web", "app", "mini_program", "marketplace", "live_stream", "store"}
REGIONS = {"North", "Northeast", "East", "Central", "South", "Southwest", "Northwest"}
VALUE_SETS: list[tuple[str, str, set[object]]] = [
    ("customers", "gender", {"F", "M", "U"}),
    ("customers", "member_tier", {"Bronze", "Silver", "Gold", "Platinum"}),
    ("customers", "region", REGIONS),
    ("stores", "region", REGIONS),
    ("stores", "store_format", {"flagship", "standard", "outlet"}),
    (
        "products",
        "category",
        {"Skincare", "Makeup", "Haircare", "Fragrance", "Baby Care", "Snacks", "Beverages", "Home"},
    ),
    ("orders", "channel", CHANNELS),
    ("orders", "status", {"completed", "cancelled", "returned"}),
    ("support_tickets", "ticket_channel", {"phone", "chat", "email", "social"}),
    ("support_tickets", "ticket_category", {"delivery", "refund", "product_quality", "account", "billing", "other"}),
    ("support_tickets", "csat_score", {1, 2, 3, 4, 5, None}),
    ("reviews", "rating", {1, 2, 3, 4, 5}),
    (
        "customer_profile",
        "rfm_segment",
        {
            "Champions",
            "Loyal",
            "Potential Loyalist",
            "New Customers",
            "At Risk",
            "Cannot Lose Them",
            "Hibernating",
            "Lost",
            None,
        },
    ),
    ("customer_profile", "lifecycle_stage", {"prospect", "new", "active", "at_risk", "churned"}),
    ("customer_profile", "age_band", {"18-24", "25-34", "35-44", "45-54", "55+"}),
    ("customer_profile", "rfm_r", {1, 2, 3, 4, 5, None}),
    (
        "truth_review_theme",
        "theme",
        {
            "damaged_packaging",
            "late_delivery",
            "wrong_item",
            "shade_size_mismatch",
            "skin_irritation",
            "app_crash_checkout",
            "slow_refund",
            "poor_customer_service",
            "coupon_price_issue",
            "expired_product",
            "missing_gift_sample",
            "live_stream_mismatch",
        },
    ),
]
# Columns the issue allows to be NULL; everything else must be filled.
NULLABLE = {
    ("orders", "store_id"),
    ("support_tickets", "order_id"),
    ("support_tickets", "resolved_ts"),
    ("support_tickets", "csat_score"),
    ("truth_quality_defects", "related_id"),
    ("quality_checks", "customer_id"),  # NULL for orders whose customer does not exist
    ("quality_checks", "issue"),
    ("quality_checks", "related_id"),
}
PROFILE_NULL_FOR_PROSPECTS = {
    "first_order_date",
    "last_order_date",
    "recency_days",
    "rfm_r",
    "rfm_f",
    "rfm_m",
    "rfm_segment",
    "preferred_channel",
}


def test_exactly_the_pinned_tables(wh):
    tables = {name for (name,) in wh.rows("SELECT table_name FROM information_schema.tables")}
    assert tables == set(PINNED)


@pytest.mark.parametrize("table", sorted(PINNED))
def test_columns_and_types_as_pinned(wh, table):
    described = [(name, kind) for name, kind, *_ in wh.rows(f'DESCRIBE "{table}"')]
    assert described == PINNED[table]


@pytest.mark.parametrize(("table", "column", "allowed"), VALUE_SETS, ids=[f"{t}.{c}" for t, c, _ in VALUE_SETS])
def test_value_sets(wh, table, column, allowed):
    seen = {value for (value,) in wh.rows(f'SELECT DISTINCT "{column}" FROM "{table}"')}
    assert seen <= allowed
    assert len(seen) >= min(len(allowed - {None}), 3), "a value set should be exercised, not collapsed"


@pytest.mark.parametrize("table", sorted(PINNED))
def test_no_nulls_outside_the_allowed_columns(wh, table):
    for column, _ in PINNED[table]:
        if (table, column) in NULLABLE or (table == "customer_profile" and column in PROFILE_NULL_FOR_PROSPECTS):
            continue
        nulls = wh.value(f'SELECT count(*) FROM "{table}" WHERE "{column}" IS NULL')
        assert nulls == 0, f"{table}.{column} has {nulls} NULLs"


def test_profile_nulls_only_for_prospects(wh):
    odd = wh.value(
        "SELECT count(*) FROM customer_profile WHERE (lifecycle_stage = 'prospect') <> (rfm_segment IS NULL)"
    )
    assert odd == 0


def test_dictionary_describes_the_schema_exactly():
    dictionary = load_dictionary()
    documented = {t.name: [(c.name, c.type.replace(", ", ",")) for c in t.columns] for t in dictionary.tables}
    assert documented == PINNED


@pytest.mark.parametrize("table", FEEDBACK_TABLES)
def test_feedback_tables_start_empty(wh, table):
    assert wh.value(f'SELECT count(*) FROM "{table}"') == 0


def test_dataset_info(wh):
    info = dict(wh.rows("SELECT key, value FROM dataset_info"))
    assert set(info) == {"as_of_date", "seed", "scale", "generator_version", "built_at"}
    assert (info["as_of_date"], info["seed"], info["scale"]) == ("2026-09-30", "42", "tiny")
