"""Read-only access to the session's tiny warehouse for the data tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest


class Warehouse:
    """A thin read-only query helper so tests read as questions about the data."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, params or []).fetchall()

    def value(self, sql: str, params: list[Any] | None = None) -> Any:
        row = self.con.execute(sql, params or []).fetchone()
        assert row is not None
        return row[0]


@pytest.fixture(scope="module")
def wh(tiny_warehouse: Path) -> Iterator[Warehouse]:
    con = duckdb.connect(str(tiny_warehouse), read_only=True)
    yield Warehouse(con)
    con.close()
