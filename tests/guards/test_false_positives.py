"""Ordinary analyst SQL is allowed and gives admin's answer, apart from masked columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from guard_ordinary import ORDINARY

from guards.principal import Principal
from guards.service import run_guarded

ADMIN = Principal(None, "admin", {})
ANALYST = Principal(None, "analyst", {})


def _comparable(
    columns: tuple[str, ...], rows: tuple[tuple[object, ...], ...], names: list[str]
) -> list[tuple[object, ...]]:
    keep = [columns.index(name) for name in names]
    return [tuple(row[i] for i in keep) for row in rows]


def test_false_positive_suite_is_large_enough() -> None:
    assert len(ORDINARY) >= 40


@pytest.mark.parametrize(("sql", "masked"), ORDINARY, ids=[q[:70] for q, _ in ORDINARY])
def test_ordinary_query_matches_admin(sql: str, masked: tuple[str, ...], tiny_warehouse: Path) -> None:
    analyst = run_guarded(sql, ANALYST, warehouse=tiny_warehouse)
    admin = run_guarded(sql, ADMIN, warehouse=tiny_warehouse)
    assert analyst.status == "ok", analyst.notices
    assert admin.status == "ok", admin.notices
    assert set(analyst.columns) <= set(admin.columns)  # a star leaves denied columns out, nothing else
    assert analyst.row_count == admin.row_count > 0
    names = [c for c in analyst.columns if c not in masked]
    assert _comparable(analyst.columns, analyst.rows, names) == _comparable(admin.columns, admin.rows, names)
    if masked:
        assert analyst.rows != admin.rows  # the masks really changed something
