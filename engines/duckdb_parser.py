"""Defence in depth at the text level: DuckDB's own parser reads the SQL about to run.

The guard passes reason about sqlglot's tree; this check asks DuckDB (`json_serialize_sql`) how
*it* parses the regenerated text, so a disagreement between sqlglot's generator and DuckDB's
parser cannot smuggle in a second statement, a table function, a raw table or a denied function.
Which tables and functions are allowed is the guards' policy (`EnginePolicy`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import duckdb

from engines.base import EnginePolicy, EngineRejection

CTE_PREFIX = "__cte"


def json_nodes(tree: Any) -> Iterator[dict[str, Any]]:
    if isinstance(tree, dict):
        yield tree
        for value in tree.values():
            yield from json_nodes(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from json_nodes(value)


@cache
def denied_pattern(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """The policy's function-name patterns as one anchored regular expression."""
    return re.compile("^(" + "|".join(patterns) + ")$") if patterns else re.compile(r"(?!)")


def _problem(node: dict[str, Any], policy: EnginePolicy) -> str | None:
    if node.get("type") == "TABLE_FUNCTION":
        return "table function"
    if node.get("type") == "BASE_TABLE":
        schema, table, catalog = node.get("schema_name", ""), node.get("table_name", ""), node.get("catalog_name", "")
        base = schema == "main" and table in policy.tables
        if catalog or not (base or (schema == "" and table.startswith(CTE_PREFIX))):
            return f"table {schema}.{table}"
    name = str(node.get("function_name", ""))
    if node.get("class") == "FUNCTION" and denied_pattern(policy.denied_functions).match(name):
        return f"function {node.get('function_name')}"
    return None


def check_with_duckdb_parser(con: duckdb.DuckDBPyConnection, sql: str, policy: EnginePolicy) -> None:
    """Raises EngineRejection unless DuckDB parses `sql` as one safe SELECT over allowed tables."""
    row = con.execute("SELECT json_serialize_sql(?)", [sql]).fetchone()
    parsed: dict[str, Any] = json.loads(row[0]) if row else {"error": True}
    statements: list[Any] = parsed.get("statements") or []
    problems = ["not a single SELECT"] if parsed.get("error") or len(statements) != 1 else []
    problems += [p for p in (_problem(node, policy) for node in json_nodes(statements)) if p]
    if problems:
        raise EngineRejection("parser_check", f"the rewritten query failed the final check ({problems[0]})")
