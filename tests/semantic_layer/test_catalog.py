"""The catalog contract: required names, governance fields, synonyms, fingerprints, values, privacy."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from semantic_layer.catalog import DEFINITIONS, Catalog, load_catalog
from semantic_layer.errors import SemanticQueryError
from semantic_layer.values import distinct_values

REQUIRED_METRICS = [
    "revenue",
    "gmv",
    "discount_amount",
    "discount_rate",
    "order_count",
    "aov",
    "active_customers",
    "revenue_per_customer",
    "item_revenue",
    "units_sold",
    "return_rate",
    "refund_amount",
    "net_revenue",
    "customer_count",
    "churned_customers",
    "churn_rate",
    "repeat_purchase_rate",
    "avg_clv",
    "consent_rate",
    "omnichannel_share",
    "ticket_count",
    "avg_resolution_hours",
    "csat",
    "review_count",
    "avg_rating",
    "negative_review_share",
]
REQUIRED_DIMENSIONS = [
    "region",
    "province",
    "city",
    "gender",
    "age_band",
    "member_tier",
    "signup_channel",
    "marketing_consent",
    "lifecycle_stage",
    "rfm_segment",
    "preferred_channel",
    "channel",
    "payment_method",
    "order_status",
    "store_name",
    "store_format",
    "store_region",
    "store_city",
    "category",
    "brand",
    "product_name",
    "return_reason",
    "ticket_category",
    "ticket_channel",
    "rating",
    "metric_time",
]
TIMELESS = {"churned_customers", "churn_rate", "repeat_purchase_rate", "avg_clv", "omnichannel_share"}
TIMELESS |= {"data_quality_score", "data_completeness", "data_validity", "data_uniqueness", "data_consistency"}
TIMELESS |= {"quality_checks_count", "quality_issues", "duplicate_customers", "orphan_orders", "excess_refunds"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_required_names_exist(catalog: Catalog) -> None:
    assert set(REQUIRED_METRICS) <= set(catalog.metrics)
    assert set(REQUIRED_DIMENSIONS) <= set(catalog.dimensions)
    assert not set(catalog.metrics) & set(catalog.dimensions)


@pytest.mark.parametrize("name", REQUIRED_METRICS + REQUIRED_DIMENSIONS)
def test_every_item_is_governed(name: str, catalog: Catalog) -> None:
    item = catalog.resolve(name)
    assert item.description and item.owner and item.status in ("certified", "draft")
    assert any(CJK.search(s) for s in item.synonyms) and any(not CJK.search(s) for s in item.synonyms)


def test_time_dimensions_follow_the_definitions(catalog: Catalog) -> None:
    assert {name for name, m in catalog.metrics.items() if not m.has_time} == TIMELESS
    assert catalog.metrics["net_revenue"].time_dimensions == ("orders.order_ts", "returns.return_ts")
    assert catalog.metrics["units_sold"].time_dimensions == ("orders.order_ts",)
    assert catalog.metrics["customer_count"].time_dimensions == ("customers.signup_date",)
    assert catalog.metrics["ticket_count"].time_dimensions == ("support_tickets.created_ts",)


def test_privacy_classes_come_from_the_data_dictionary(catalog: Catalog) -> None:
    from data.dictionary import load_dictionary

    dictionary = load_dictionary()
    for dimension in catalog.dimensions.values():
        if dimension.table and dimension.column:
            assert dimension.privacy_class == dictionary.privacy_class(dimension.table, dimension.column)
    assert catalog.metrics["revenue"].privacy_classes == {"orders.net_amount": "public", "orders.status": "public"}
    assert catalog.dimensions["region"].privacy_class == "quasi_identifier"


def test_synonym_index_serves_the_planner(catalog: Catalog) -> None:
    index = catalog.synonym_index()
    assert index["销售额"] == ["revenue"] and index["turnover"] == ["revenue"]
    assert index["new customers"] == ["customer_count"] and index["客单价"] == ["aov"]
    assert index["member tier"] == ["member_tier"] and index["按月"] == ["metric_time"]
    assert all(key == key.lower() for key in index)


def test_resolve_finds_names_and_suggests(catalog: Catalog) -> None:
    assert catalog.resolve("metric_time__quarter").name == "metric_time"
    assert catalog.resolve("aov").type == "ratio"
    with pytest.raises(SemanticQueryError, match="did you mean 'churn_rate'"):
        catalog.resolve("churn_rat")


def test_categorical_dimensions_are_indexed(catalog: Catalog) -> None:
    indexed = {d.name for d in catalog.dimensions.values() if d.index_values}
    assert {"member_tier", "region", "category", "channel"} <= indexed
    assert not {"metric_time", "marketing_consent", "rating"} & indexed


def test_distinct_values_for_the_planner(catalog: Catalog, warehouse: Path) -> None:
    values = distinct_values(catalog, warehouse)
    assert values["member_tier"] == ["Bronze", "Gold", "Platinum", "Silver"]
    assert "Skincare" in values["category"] and "live_stream" in values["channel"]
    assert set(values) == {d.name for d in catalog.dimensions.values() if d.index_values}


def test_default_catalog_is_cached_and_frozen(catalog: Catalog) -> None:
    assert load_catalog() is load_catalog()
    with pytest.raises(AttributeError):
        catalog.metrics["revenue"].name = "sales"  # type: ignore[misc]


def test_fingerprints_track_definition_changes(tmp_path: Path, catalog: Catalog) -> None:
    folder = tmp_path / "defs"
    shutil.copytree(DEFINITIONS, folder)
    models = folder / "semantic_models.yml"
    models.write_text(
        models.read_text(encoding="utf-8").replace("filters: [rating <= 2]", "filters: [rating <= 1]"), encoding="utf-8"
    )
    changed = load_catalog(folder)
    assert changed.fingerprint() != catalog.fingerprint()
    before, after = catalog.metric_fingerprints(), changed.metric_fingerprints()
    assert {name for name in before if before[name] != after[name]} == {"negative_review_share"}


def test_verified_queries_are_plentiful_and_varied(catalog: Catalog) -> None:
    questions = [vq.question for vq in catalog.verified_queries]
    assert len(questions) >= 25 and len(set(questions)) == len(questions)
    assert sum(bool(CJK.search(q)) for q in questions) >= 5
    used = {m for vq in catalog.verified_queries for m in vq.query.metrics}
    assert len(used) >= 20


def test_every_verified_query_runs_and_answers(catalog: Catalog, warehouse: Path) -> None:
    from semantic_layer.compiler import compile_query
    from semantic_layer.execute import execute_compiled

    for verified in catalog.verified_queries:
        payload = execute_compiled(compile_query(verified.query, catalog), warehouse)
        assert payload["rows"], verified.question
        assert payload["columns"] == [*verified.query.group_by, *verified.query.metrics]
