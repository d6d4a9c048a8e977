"""What the guard's speed work relies on, checked so a change that breaks it fails here:

- the rewritten tree is rendered in place (no defensive copy): rendering changes nothing in it;
- denied and masked columns are cached per principal and tables: principals never share an entry;
- the release reads the noisy stages as CTEs over list parameters: same values and types as the
  TEMP tables it replaced, whatever Python types the engine returns.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import duckdb
import pytest
from guard_attacks import ATTACKS
from guard_ordinary import ORDINARY
from sqlglot import exp

from guards.passes.denied_columns import _table_columns
from guards.principal import Principal
from guards.privacy.release import _release_statement, _sql_type, _stage_cte
from guards.service import guard_sql
from semantic_layer.catalog import load_catalog
from semantic_layer.compiler import compile_query

ROLES = (
    Principal(None, "analyst"),
    Principal(None, "regional_manager", {"region": "East"}),
    Principal("m", "marketing"),
    Principal("v", "viewer"),
)


def _guarded_trees() -> list[tuple[str, Any]]:
    decisions = []
    for principal in ROLES:
        for sql, _ in ORDINARY:
            decisions.append((sql, guard_sql(sql, principal)))
        for verified in load_catalog().verified_queries:
            tree = compile_query(verified.query).expression
            decisions.append((verified.question, guard_sql(tree, principal, origin="semantic")))
    for attack in ATTACKS:
        decisions.append(
            (attack.sql, guard_sql(attack.sql, Principal(None, attack.role, attack.attrs), origin=attack.origin))
        )
    return [(label, d) for label, d in decisions if d.allowed]


def test_rendering_in_place_leaves_every_guarded_tree_as_it_was() -> None:
    guarded = _guarded_trees()
    assert len(guarded) > 300
    for label, decision in guarded:
        before = decision.expression.copy()
        assert decision.expression.sql(dialect="duckdb") == decision.sql, label  # a fresh, copying render agrees
        assert decision.expression == before, label


def test_column_actions_are_cached_per_principal() -> None:
    tables = frozenset({"customers"})
    analyst = _table_columns(Principal(None, "analyst"), tables)
    marketing = _table_columns(Principal(None, "marketing"), tables)
    assert "phone" in {name for _, name, _ in analyst.changed} and "phone" not in analyst.denied
    assert marketing.denied["phone"] == "customers" and "phone" not in {name for _, name, _ in marketing.changed}
    # the same statement, one role after the other: each gets its own notice, none the other's
    masked = guard_sql("SELECT phone FROM customers", Principal(None, "analyst"))
    denied = guard_sql("SELECT phone FROM customers", Principal(None, "marketing"))
    assert [n.code for n in masked.notices] == ["masked"] and masked.allowed
    assert [n.code for n in denied.notices] == ["no_free_sql"] and not denied.allowed
    denied_semantic = guard_sql("SELECT phone FROM customers", Principal(None, "marketing"), origin="semantic")
    assert [n.code for n in denied_semantic.notices] == ["column_denied"]


COLUMNS: dict[str, list[Any]] = {
    "text": ["a", None, "b'c", "中文"],
    "date": [dt.date(2026, 7, 1), dt.date(2026, 8, 1), None, dt.date(2026, 9, 1)],
    "timestamp": [dt.datetime(2026, 7, 1, 1, 2, 3, 500000), dt.datetime(2026, 7, 1), None, dt.datetime(2026, 1, 2)],
    "decimal": [Decimal("1.5"), Decimal("10.25"), Decimal("3"), None],  # a list would give them one scale
    "integer": [1, 2**40, None, -3],
    "double": [1.5, 0.1, 1e300, None],
    "boolean": [True, False, None, True],
    "list": [[1, 2], None, [3], []],
}


def _through_temp_table(con: duckdb.DuckDBPyConnection, values: list[Any], numeric: bool) -> list[Any]:
    """The previous release: a TEMP table of the column's type, one parameter per value."""
    cursor = con.cursor()
    cursor.execute(f"CREATE TEMP TABLE t (x {_sql_type(values, numeric)})")
    cursor.execute("INSERT INTO t VALUES " + ", ".join(["(?)"] * len(values)), values)
    rows = cursor.execute("SELECT x FROM t").fetchall()
    cursor.close()
    return rows


@pytest.mark.parametrize("name", sorted(COLUMNS))
@pytest.mark.parametrize("numeric", [False, True])
def test_release_ctes_keep_the_values_and_types_of_a_table(name: str, numeric: bool) -> None:
    values = COLUMNS[name]
    if numeric and name not in ("integer", "double"):
        return  # only stage values (numbers) are declared numeric
    con = duckdb.connect(":memory:")
    cte = _stage_cte("stage", ["x"], [(v,) for v in values], {"x"} if numeric else set())
    sql, parameters = _release_statement(exp.select("x").from_("stage"), [cte])
    released = con.execute(sql, parameters).fetchall()
    expected = _through_temp_table(con, values, numeric)
    assert [(type(v), v) for (v,) in released] == [(type(v), v) for (v,) in expected]


def test_release_of_an_empty_stage_keeps_its_column() -> None:
    con = duckdb.connect(":memory:")
    cte = _stage_cte("stage", ["region", "revenue"], [], {"revenue"})
    sql, parameters = _release_statement(exp.select("region", "revenue").from_("stage"), [cte])
    cursor = con.execute(sql, parameters)
    assert [d[0] for d in cursor.description] == ["region", "revenue"] and cursor.fetchall() == []
