"""Byte budgets: a value longer than the cell budget is cut, an answer stops at its byte budget, both
with a notice, and a statement that grows values cannot fill the process's memory."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest

from guards.principal import Principal
from guards.service import run_guarded

ANALYST = Principal("alice", "analyst", {})


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def test_huge_values_are_cut_inside_the_statement(tiny_warehouse: Path) -> None:
    peak = _peak_mb()
    result = run_guarded("SELECT repeat('x', 1000000) AS blob, order_id FROM orders", ANALYST, warehouse=tiny_warehouse)
    assert result.status == "ok" and result.rows
    assert {len(row[0]) for row in result.rows} == {10_001}  # 10,000 bytes and the ellipsis
    assert "SUBSTRING" in (result.sql or "")  # the cap is part of the SQL shown and run
    codes = [n.code for n in result.notices]
    assert "cell_budget" in codes and "answer_budget" in codes
    assert _peak_mb() - peak < 600  # without the cap DuckDB builds 2,048 rows of 1 MB per chunk


def test_an_answer_stops_at_its_byte_budget(tiny_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    full = run_guarded("SELECT order_id, channel FROM orders ORDER BY order_id", ANALYST, warehouse=tiny_warehouse)
    monkeypatch.setenv("CDM_ANSWER_BYTES", "20000")
    cut = run_guarded("SELECT order_id, channel FROM orders ORDER BY order_id", ANALYST, warehouse=tiny_warehouse)
    assert 0 < cut.row_count < full.row_count and cut.rows == full.rows[: cut.row_count]
    (notice,) = [n for n in cut.notices if n.code == "answer_budget"]
    assert f"only the first {cut.row_count} rows" in notice.message


def test_long_review_texts_are_cut_to_the_cell_budget(tiny_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDM_CELL_BYTES", "20")
    result = run_guarded("SELECT review_text FROM reviews LIMIT 50", ANALYST, warehouse=tiny_warehouse)
    assert result.status == "ok" and max(len(row[0].encode()) for row in result.rows if row[0]) <= 20 + 3
    (notice,) = [n for n in result.notices if n.code == "cell_budget"]
    assert notice.message.endswith("longer than 20 bytes were cut short")


def test_ordinary_statements_run_exactly_as_the_guard_rewrote_them(tiny_warehouse: Path) -> None:
    result = run_guarded(
        "SELECT region, count(*) AS n FROM customers GROUP BY region", ANALYST, warehouse=tiny_warehouse
    )
    assert result.status == "ok" and "__capped" not in (result.sql or "")
    assert not [n for n in result.notices if n.code in ("cell_budget", "answer_budget")]


def test_a_nested_value_over_the_budget_is_nulled_and_counted(tiny_warehouse: Path) -> None:
    sql = "SELECT [repeat('x', 100000)] AS big, [1, 2] AS small, order_id FROM orders ORDER BY order_id LIMIT 3"
    result = run_guarded(sql, ANALYST, warehouse=tiny_warehouse)
    assert result.status == "ok" and result.columns == ("big", "small", "order_id")
    assert [row[:2] for row in result.rows] == [(None, [1, 2])] * 3
    (notice,) = [n for n in result.notices if n.code == "cell_budget"]
    assert notice.message.startswith("3 value(s)")
