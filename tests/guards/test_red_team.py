"""Every attack is blocked, or its output carries no protected value and no row outside the filter."""

from __future__ import annotations

from pathlib import Path

import pytest
from guard_attacks import ATTACKS, Attack
from guard_judges import Outside
from guard_leaks import Protected, find_leak

from guards.principal import Principal
from guards.service import run_guarded


def _id(attack: Attack) -> str:
    return f"{attack.cls}:{attack.role}:{attack.sql[:60]}"


def test_red_team_covers_every_attack_class() -> None:
    classes = {a.cls for a in ATTACKS}
    assert len(ATTACKS) >= 80
    assert {"direct", "star", "function", "scope", "naming", "table_function", "statement"} <= classes
    assert {"dangerous_function", "row_filter", "aggregate_only", "no_free_sql"} <= classes
    assert {"multi_metric_average", "notice_oracle", "privacy_shape", "depth"} <= classes


@pytest.mark.parametrize("attack", ATTACKS, ids=_id)
def test_attack_is_blocked_or_harmless(
    attack: Attack, tiny_warehouse: Path, protected: Protected, outside_east: Outside
) -> None:
    principal = Principal(None, attack.role, attack.attrs)
    result = run_guarded(attack.sql, principal, origin=attack.origin, warehouse=tiny_warehouse)
    if attack.must_block:
        assert result.status == "blocked", result.sql
        assert result.notices and result.notices[0].message
    assert result.status in ("ok", "blocked", "error")
    notice_texts = [(n.message,) for n in result.notices]
    assert find_leak(result.rows, protected) is None
    assert find_leak(notice_texts, protected) is None
    if attack.role == "regional_manager":
        assert outside_east.violation(result.rows) is None


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT phone FROM customers LIMIT 50",
        "SELECT substr(phone, 2, 8) FROM customers LIMIT 50",
        "SELECT email FROM customers LIMIT 50",
        "SELECT id_number FROM customers LIMIT 50",
        "SELECT full_name FROM customers LIMIT 50",
        "SELECT CAST(birth_date AS VARCHAR) FROM customers LIMIT 50",
        "SELECT to_json(c) FROM customers c LIMIT 50",
        "SELECT review_text FROM reviews WHERE review_text LIKE '%@%' LIMIT 50",
    ],
)
def test_the_leak_detector_catches_raw_values(sql: str, tiny_warehouse: Path, protected: Protected) -> None:
    """The judge must be able to fail: admin's unmasked output is flagged."""
    result = run_guarded(sql, Principal(None, "admin", {}), warehouse=tiny_warehouse)
    assert result.status == "ok" and find_leak(result.rows, protected) is not None


def test_the_region_judge_catches_other_regions(tiny_warehouse: Path, outside_east: Outside) -> None:
    for sql in ("SELECT region FROM customers", "SELECT store_name FROM stores", "SELECT phone FROM customers"):
        result = run_guarded(sql, Principal(None, "analyst", {}), warehouse=tiny_warehouse)
        assert outside_east.violation(result.rows) is not None, sql
