"""Every attack is blocked, or its output carries no protected value and no row outside the filter."""

from __future__ import annotations

from pathlib import Path

import pytest
from attacks import ATTACKS, Attack
from conftest import Outside
from leaks import Protected, find_leak

from guards.principal import Principal
from guards.service import run_guarded


def _id(attack: Attack) -> str:
    return f"{attack.cls}:{attack.role}:{attack.sql[:60]}"


def test_red_team_covers_every_attack_class() -> None:
    classes = {a.cls for a in ATTACKS}
    assert len(ATTACKS) >= 80
    assert {"direct", "star", "function", "scope", "naming", "table_function", "statement"} <= classes
    assert {"dangerous_function", "row_filter", "aggregate_only", "no_free_sql"} <= classes


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
