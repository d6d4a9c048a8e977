"""Defence in depth at the text level: DuckDB's own parser reads the SQL about to run.

The passes reason about sqlglot's tree; this check asks DuckDB (`json_serialize_sql`) how *it*
parses the regenerated text, so a disagreement between sqlglot's generator and DuckDB's parser
cannot smuggle in a second statement, a table function, a raw table or a dangerous function.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import duckdb

from guards.decision import GuardRejection, Notice
from guards.policy import allowed_tables

CTE_PREFIX = "__cte"
DENIED_FUNCTIONS = re.compile(
    r"^(getenv|query|query_table|glob|current_setting|getvariable|set_variable|json_execute_serialized_sql|error"
    r"|read_.*|.*_scan|duckdb_.*|pragma_.*|sqlite_.*|parquet_.*|iceberg_.*|delta_.*|http.*|load|install"
    r"|checkpoint|current_database|current_schema|current_user|user|version|nextval|currval|setseed|which_secret)$"
)


def json_nodes(tree: Any) -> Iterator[dict[str, Any]]:
    if isinstance(tree, dict):
        yield tree
        for value in tree.values():
            yield from json_nodes(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from json_nodes(value)


def _problem(node: dict[str, Any]) -> str | None:
    if node.get("type") == "TABLE_FUNCTION":
        return "table function"
    if node.get("type") == "BASE_TABLE":
        schema, table, catalog = node.get("schema_name", ""), node.get("table_name", ""), node.get("catalog_name", "")
        base = schema == "main" and table in allowed_tables()
        if catalog or not (base or (schema == "" and table.startswith(CTE_PREFIX))):
            return f"table {schema}.{table}"
    if node.get("class") == "FUNCTION" and DENIED_FUNCTIONS.match(str(node.get("function_name", ""))):
        return f"function {node.get('function_name')}"
    return None


def check_with_duckdb_parser(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Raises GuardRejection unless DuckDB parses `sql` as one safe SELECT over allowed tables."""
    row = con.execute("SELECT json_serialize_sql(?)", [sql]).fetchone()
    parsed: dict[str, Any] = json.loads(row[0]) if row else {"error": True}
    statements: list[Any] = parsed.get("statements") or []
    problems = ["not a single SELECT"] if parsed.get("error") or len(statements) != 1 else []
    problems += [p for p in map(_problem, json_nodes(statements)) if p]
    if problems:
        raise GuardRejection(Notice("parser_check", f"the rewritten query failed the final check ({problems[0]})"))
