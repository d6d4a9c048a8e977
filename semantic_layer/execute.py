"""Running a compiled query read-only against the warehouse (for tests, and until the guards land).

The result is the JSON payload the rest of the product passes around: {"columns", "rows", "sql"}.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypedDict

import duckdb

from data.errors import CdmError
from semantic_layer.compiler import CompiledQuery
from semantic_layer.json_safe import rows_to_json_safe


class QueryPayload(TypedDict):
    columns: list[str]
    rows: list[list[Any]]
    sql: str


def connect_read_only(warehouse: Path) -> duckdb.DuckDBPyConnection:
    if not Path(warehouse).exists():
        raise CdmError(f"no warehouse at {warehouse}; build one with `cdm data build`")
    return duckdb.connect(str(warehouse), read_only=True)


def execute_compiled(compiled: CompiledQuery, warehouse: Path) -> QueryPayload:
    """Execute the DuckDB rendering of a compiled query; database errors become one-line CdmErrors."""
    sql = compiled.render("duckdb")
    with connect_read_only(warehouse) as connection:
        try:
            cursor = connection.execute(sql)
            rows = cursor.fetchall()
        except duckdb.Error as error:
            first = (str(error).splitlines() or ["database error"])[0]
            raise CdmError(f"the warehouse could not run the query: {first}") from error
    return {"columns": list(compiled.columns), "rows": rows_to_json_safe(rows), "sql": sql}
