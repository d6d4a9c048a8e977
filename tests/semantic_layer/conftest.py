"""Shared helpers for semantic-layer tests: the real catalog, the tiny warehouse, result comparison."""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from semantic_layer.catalog import Catalog, load_catalog
from semantic_layer.compiler import compile_query
from semantic_layer.execute import execute_compiled
from semantic_layer.json_safe import rows_to_json_safe
from semantic_layer.query import SemanticQuery

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


# Pain-point assignments as `cdm feedback build` would write them, taken from the generator's
# ground truth (reviews) and ticket categories, so pain-point metrics have rows to compare without
# building an embedding index: these tests check the compiler, not the clustering.
SYNTHETIC_PAIN_POINTS = (
    "INSERT INTO pain_points SELECT theme, replace(theme, '_', ' '), '', count(*), [] FROM truth_review_theme GROUP BY 1",
    "INSERT INTO review_pain_points SELECT review_id, theme, 1.0 FROM truth_review_theme",
    "INSERT INTO ticket_pain_points SELECT ticket_id, CASE ticket_category WHEN 'refund' THEN 'slow_refund' "
    "ELSE 'late_delivery' END, 1.0 FROM support_tickets WHERE ticket_category IN ('refund', 'delivery')",
)


@pytest.fixture(scope="session")
def warehouse(tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the tiny warehouse whose pain-point tables are filled (see SYNTHETIC_PAIN_POINTS)."""
    copy = tmp_path_factory.mktemp("semantic_warehouse") / "warehouse.duckdb"
    shutil.copy(tiny_warehouse, copy)
    with duckdb.connect(str(copy)) as connection:
        for statement in SYNTHETIC_PAIN_POINTS:
            connection.execute(statement)
    return copy


@pytest.fixture(scope="module")
def reference_db(warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


def run_semantic(query: dict[str, Any], catalog: Catalog, warehouse: Path) -> list[list[Any]]:
    compiled = compile_query(SemanticQuery.model_validate(query), catalog)
    return execute_compiled(compiled, warehouse)["rows"]


def run_reference(sql: str, connection: duckdb.DuckDBPyConnection) -> list[list[Any]]:
    return rows_to_json_safe(connection.execute(sql).fetchall())


def _sort_key(row: list[Any]) -> tuple[tuple[bool, str], ...]:
    return tuple((value is None, f"{value:.6f}" if isinstance(value, float) else str(value)) for value in row)


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, int | float) and isinstance(right, int | float) and not isinstance(left, bool):
        return math.isclose(float(left), float(right), rel_tol=1e-9, abs_tol=1e-6)
    return bool(left == right)


def assert_same_rows(actual: list[list[Any]], expected: list[list[Any]]) -> None:
    """Same multiset of rows, numbers compared with a tolerance (order ignored)."""
    assert len(actual) == len(expected), f"{len(actual)} rows, expected {len(expected)}"
    assert actual, "reference returned no rows: the test would prove nothing"
    for got, want in zip(sorted(actual, key=_sort_key), sorted(expected, key=_sort_key), strict=True):
        assert len(got) == len(want) and all(_same(a, b) for a, b in zip(got, want, strict=True)), (got, want)
