"""Quality questions in the chat: governed metrics under the usual guards.

An analyst gets the counts and rates the checks found; the duplicates' values stay masked when
listed through SQL; an aggregate-only role never sees a group of fewer than 10 customers.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from assistant.service import ask
from engines.status import Status
from guards.principal import Principal
from guards.service import run_guarded

ALICE = Principal("alice", "analyst")


def _truth(warehouse: Path, sql: str) -> object:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        row = con.execute(sql).fetchone()
    assert row is not None
    return row[0]


def test_how_many_duplicate_customers(tiny_warehouse):
    answer = ask("how many duplicate customers do we have?", ALICE, warehouse=tiny_warehouse)
    planted = _truth(tiny_warehouse, "SELECT count(*) FROM truth_quality_defects WHERE defect LIKE 'duplicate_%'")
    assert answer.status == Status.ANSWERED and answer.rows == ((planted,),)


def test_how_complete_are_customer_phone_numbers(tiny_warehouse):
    answer = ask("how complete are customer phone numbers?", ALICE, warehouse=tiny_warehouse)
    customers = _truth(tiny_warehouse, "SELECT count(*) FROM customers")
    gaps = _truth(
        tiny_warehouse,
        "SELECT count(*) FROM truth_quality_defects WHERE defect IN ('phone_missing', 'phone_placeholder')",
    )
    assert answer.status == Status.ANSWERED
    assert answer.rows[0][-1] == pytest.approx((customers - gaps) / customers)  # type: ignore[operator]


def test_data_quality_in_chinese_breaks_down_by_dimension(tiny_warehouse):
    answer = ask("数据质量怎么样", ALICE, warehouse=tiny_warehouse)
    assert answer.status == Status.ANSWERED
    assert {row[0] for row in answer.rows} == {"completeness", "validity", "uniqueness", "consistency"}


def test_listing_duplicates_shows_masked_values_only(tiny_warehouse):
    sql = (
        "SELECT q.record_id, c.phone, d.phone FROM quality_checks q JOIN customers c ON c.customer_id = q.record_id "
        "JOIN customers d ON d.customer_id = q.related_id WHERE q.quality_rule = 'customer_unique' AND NOT q.passed"
    )
    result = run_guarded(sql, ALICE, origin="sql", warehouse=tiny_warehouse)
    with duckdb.connect(str(tiny_warehouse), read_only=True) as con:
        raw = {p for (p,) in con.execute("SELECT phone FROM customers WHERE length(trim(phone)) >= 8").fetchall()}
    assert result.status == "ok" and len(result.rows) == 6
    assert not {v for row in result.rows for v in row[1:]} & raw


def test_an_aggregate_only_role_never_sees_a_small_group(tiny_warehouse):
    answer = ask("how many duplicate customers do we have?", Principal("mia", "marketing"), warehouse=tiny_warehouse)
    assert answer.rows == ()  # 6 duplicates: fewer than marketing's 10 customers per group
    assert any("small groups are hidden" in n.message for n in answer.notices)
