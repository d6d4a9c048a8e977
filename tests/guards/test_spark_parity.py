"""The same guarded SQL on Spark: every red-team attack gets the same block and leaks nothing there,
and the ordinary analyst queries give DuckDB's rows (the tree is rendered for Spark by the backend)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from guard_attacks import ATTACKS, Attack
from guard_judges import Outside
from guard_leaks import Protected, find_leak
from guard_ordinary import ORDINARY

from eval.scoring import compare_results
from guards.decision import GuardedResult
from guards.principal import Principal
from guards.service import run_guarded

ANALYST = Principal(None, "analyst", {})


def _id(attack: Attack) -> str:
    return f"{attack.cls}:{attack.role}:{attack.sql[:60]}"


def _both(
    sql: str, principal: Principal, origin: str, warehouse: Path, use_spark: Callable[[], Path]
) -> tuple[GuardedResult, GuardedResult]:
    duck = run_guarded(sql, principal, origin=origin, warehouse=warehouse)
    use_spark()
    return duck, run_guarded(sql, principal, origin=origin, warehouse=warehouse)


@pytest.mark.parametrize("attack", ATTACKS, ids=_id)
def test_attack_gets_the_same_block_on_spark(
    attack: Attack, tiny_warehouse: Path, protected: Protected, outside_east: Outside, use_spark: Callable[[], Path]
) -> None:
    principal = Principal(None, attack.role, attack.attrs)
    duck, spark = _both(attack.sql, principal, attack.origin, tiny_warehouse, use_spark)
    if duck.status == "blocked":
        assert spark.status == "blocked", (duck.notices, spark.notices, spark.sql)
    elif spark.status == "blocked":  # only DuckDB-only syntax, refused on Spark with a notice saying so
        assert spark.notices[-1].code == "engine_unsupported", (spark.notices, spark.sql)
    assert find_leak(spark.rows, protected) is None
    assert find_leak([(n.message,) for n in spark.notices], protected) is None
    if attack.role == "regional_manager":
        assert outside_east.violation(spark.rows) is None


@pytest.mark.parametrize(("sql", "masked"), ORDINARY, ids=[q[:70] for q, _ in ORDINARY])
def test_ordinary_query_gives_the_same_rows_on_spark(
    sql: str, masked: tuple[str, ...], tiny_warehouse: Path, use_spark: Callable[[], Path]
) -> None:
    duck, spark = _both(sql, ANALYST, "sql", tiny_warehouse, use_spark)
    if "COLUMNS(" in sql:  # DuckDB-only syntax: refused on Spark with a notice saying so
        assert spark.status == "blocked" and spark.notices[-1].code == "engine_unsupported", spark.notices
        return
    assert duck.status == spark.status == "ok", spark.notices
    assert spark.sql != duck.sql  # rendered for Spark
    match = compare_results(duck.rows, spark.rows, ordered="ORDER BY" in sql.upper(), tolerance=1e-6)
    assert match.ok, match.reason
