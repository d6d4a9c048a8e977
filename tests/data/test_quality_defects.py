"""The planted data-quality problems (data/README.md) are found exactly by the product's checks.

The generator records what it planted in truth_quality_defects; the checks (data/quality.yml,
data/quality_checks.sql) never read that table, so a rule that misses a planted record, or flags a
clean one, fails here.
"""

from __future__ import annotations

import pytest

from data.quality_rules import load_rules

# planted defect -> the rule that must fail for exactly those records
RULE_OF_DEFECT = {
    "phone_missing": "phone_complete",
    "phone_placeholder": "phone_complete",
    "phone_invalid": "phone_valid",
    "email_missing": "email_complete",
    "email_placeholder": "email_complete",
    "email_invalid": "email_valid",
    "id_number_invalid": "id_number_valid",
    "birth_date_out_of_range": "birth_date_in_range",
    "duplicate_phone": "customer_unique",
    "duplicate_email": "customer_unique",
    "duplicate_name_birth_city": "customer_unique",
    "city_variant": "city_standard",
    "province_variant": "province_standard",
    "order_orphan_customer": "order_customer_exists",
    "refund_exceeds_order": "refund_within_order",
}


def _planted(wh, rule: str) -> set[int]:
    defects = [d for d, r in RULE_OF_DEFECT.items() if r == rule]
    return {i for (i,) in wh.rows("SELECT record_id FROM truth_quality_defects WHERE defect IN ?", [defects])}


def _failed(wh, rule: str) -> set[int]:
    return {i for (i,) in wh.rows("SELECT record_id FROM quality_checks WHERE quality_rule = ? AND NOT passed", [rule])}


def test_each_kind_is_planted_the_documented_number_of_times(wh):
    n = max(2, wh.value("SELECT count(*) FROM customers") // 1000)
    counts = dict(wh.rows("SELECT defect, count(*) FROM truth_quality_defects GROUP BY ALL"))
    assert counts == dict.fromkeys(RULE_OF_DEFECT, n)


# customer_unique flags the later customer of a pair, which may be the copied one: checked by pairs below.
@pytest.mark.parametrize("rule", [r.name for r in load_rules().rules if r.name != "customer_unique"])
def test_checks_find_exactly_the_planted_records(wh, rule):
    assert _failed(wh, rule) == _planted(wh, rule)


def test_duplicates_point_at_the_copied_customer(wh):
    planted = {
        frozenset(pair)
        for pair in wh.rows("SELECT record_id, related_id FROM truth_quality_defects WHERE defect LIKE 'duplicate_%'")
    }
    found = {
        frozenset(pair)
        for pair in wh.rows(
            "SELECT record_id, related_id FROM quality_checks WHERE quality_rule = 'customer_unique' AND NOT passed"
        )
    }
    assert found == planted
    issues = dict(
        wh.rows(
            "SELECT t.defect, min(q.issue) FROM truth_quality_defects t JOIN quality_checks q "
            "ON q.quality_rule = 'customer_unique' AND NOT q.passed AND q.record_id IN (t.record_id, t.related_id) "
            "WHERE t.defect LIKE 'duplicate_%' GROUP BY ALL"
        )
    )
    assert issues == {
        "duplicate_phone": "same_phone",
        "duplicate_email": "same_email",
        "duplicate_name_birth_city": "same_name_birth_city",
    }


def test_every_record_is_checked_once_per_rule(wh):
    customers = wh.value("SELECT count(*) FROM customers")
    per_rule = dict(wh.rows("SELECT quality_rule, count(*) FROM quality_checks GROUP BY ALL"))
    assert per_rule["phone_complete"] == per_rule["customer_unique"] == customers
    assert per_rule["order_customer_exists"] == wh.value("SELECT count(*) FROM orders")
    assert per_rule["refund_within_order"] == wh.value("SELECT count(*) FROM returns")
    # validity is judged on filled-in values only
    assert per_rule["phone_valid"] == customers - len(_planted(wh, "phone_complete"))
