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
    kind = node.get("type")
    if kind == "TABLE_FUNCTION":
        return "table function"
    if kind == "BASE_TABLE":
        schema, table, catalog = node.get("schema_name", ""), node.get("table_name", ""), node.get("catalog_name", "")
        base = schema == "main" and table in policy.tables
        if catalog or not (base or (schema == "" and table.startswith(CTE_PREFIX))):
            return f"table {schema}.{table}"
    if node.get("class") == "FUNCTION" and denied_pattern(policy.denied_functions).match(
        str(node.get("function_name", ""))
    ):
        return f"function {node.get('function_name')}"
    return None


def check_with_duckdb_parser(con: duckdb.DuckDBPyConnection, sql: str, policy: EnginePolicy) -> None:
    """Raises EngineRejection unless DuckDB parses `sql` as one safe SELECT over allowed tables.

    Every node is checked as the JSON decoder builds it (`object_hook`, one call per node): a
    generator walk over the decoded tree cost about a millisecond per answer."""
    row = con.execute("SELECT json_serialize_sql(?)", [sql]).fetchone()
    problems: list[str] = []

    def inspect(node: dict[str, Any]) -> dict[str, Any]:
        problem = _problem(node, policy)
        if problem is not None:
            problems.append(problem)
        return node

    parsed: dict[str, Any] = json.loads(row[0], object_hook=inspect) if row else {"error": True}
    statements: list[Any] = parsed.get("statements") or []
    if parsed.get("error") or len(statements) != 1:
        problems.insert(0, "not a single SELECT")
    if problems:
        raise EngineRejection("parser_check", f"the rewritten query failed the final check ({problems[0]})")
