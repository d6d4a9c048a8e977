"""Keys: primary keys unique, no orphan foreign keys (read from the data dictionary)."""

from __future__ import annotations

import pytest

from data.dictionary import load_dictionary

DICTIONARY = load_dictionary()
FOREIGN_KEYS = DICTIONARY.foreign_keys


def test_the_dictionary_declares_the_core_relationships():
    pairs = {(fk.table, fk.column, fk.ref_table, fk.ref_column) for fk in FOREIGN_KEYS}
    assert {
        ("orders", "customer_id", "customers", "customer_id"),
        ("orders", "store_id", "stores", "store_id"),
        ("order_items", "order_id", "orders", "order_id"),
        ("order_items", "product_id", "products", "product_id"),
        ("returns", "order_id", "orders", "order_id"),
        ("reviews", "order_id", "orders", "order_id"),
        ("support_tickets", "order_id", "orders", "order_id"),
        ("truth_review_theme", "review_id", "reviews", "review_id"),
    } <= pairs


@pytest.mark.parametrize("fk", FOREIGN_KEYS, ids=[f"{fk.table}.{fk.column}" for fk in FOREIGN_KEYS])
def test_no_orphans(wh, fk):
    """Apart from the orders the generator planted as orphans (data/README.md)."""
    orphans = wh.value(
        f'SELECT count(*) FROM "{fk.table}" c LEFT JOIN "{fk.ref_table}" p ON c."{fk.column}" = p."{fk.ref_column}" '
        f'WHERE c."{fk.column}" IS NOT NULL AND p."{fk.ref_column}" IS NULL'
    )
    planted = wh.value("SELECT count(*) FROM truth_quality_defects WHERE defect = 'order_orphan_customer'")
    assert orphans == (planted if (fk.table, fk.column) == ("orders", "customer_id") else 0)


@pytest.mark.parametrize("table", [t.name for t in DICTIONARY.tables], ids=str)
def test_primary_keys_unique(wh, table):
    key = ", ".join(f'"{c}"' for c in DICTIONARY.table(table).primary_key)
    duplicates = wh.value(f'SELECT count(*) FROM (SELECT {key} FROM "{table}" GROUP BY ALL HAVING count(*) > 1)')
    assert duplicates == 0


def test_every_customer_has_a_profile(wh):
    assert wh.value("SELECT count(*) FROM customers") == wh.value("SELECT count(*) FROM customer_profile")


def test_review_product_is_a_line_of_its_order(wh):
    missing = wh.value(
        "SELECT count(*) FROM reviews r LEFT JOIN order_items i USING (order_id, product_id) WHERE i.order_id IS NULL"
    )
    assert missing == 0


def test_reviews_and_tickets_belong_to_the_orders_customer(wh):
    for table in ("reviews", "support_tickets"):
        wrong = wh.value(
            f"SELECT count(*) FROM {table} t JOIN orders o USING (order_id) WHERE t.customer_id <> o.customer_id"
        )
        assert wrong == 0, table
