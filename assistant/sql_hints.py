"""Did-you-mean for typed SQL: an unknown column gets the closest names the role may read."""

from __future__ import annotations

import difflib
import re

import sqlglot
from sqlglot import exp

from guards.policy import allowed_tables, column_action, table_spec
from guards.principal import Principal

UNKNOWN_COLUMN = re.compile(r"column \"?([A-Za-z_][\w]*)\"? (?:does not exist|not found)", re.IGNORECASE)
MAX_HINTS = 3


def readable_columns(sql: str, principal: Principal) -> list[str]:
    """Columns of the tables the SQL names that the role is not denied."""
    try:
        trees = [t for t in sqlglot.parse(sql, read="duckdb") if t]
    except sqlglot.errors.SqlglotError:
        return []
    tables = {t.name.lower() for tree in trees for t in tree.find_all(exp.Table)} & set(allowed_tables())
    names: list[str] = []
    for table in sorted(tables):
        spec = table_spec(table)
        for column in spec.columns if spec else ():
            if column_action(principal, table, column.name).kind != "deny":
                names.append(column.name)
    return list(dict.fromkeys(names))


def did_you_mean(message: str, sql: str, principal: Principal) -> str:
    """; did you mean city, country?" for an unknown-column message; '' otherwise."""
    found = UNKNOWN_COLUMN.search(message)
    if found is None:
        return ""
    close = difflib.get_close_matches(found.group(1).lower(), readable_columns(sql, principal), n=MAX_HINTS, cutoff=0.5)
    return f"; did you mean {', '.join(close)}?" if close else ""
