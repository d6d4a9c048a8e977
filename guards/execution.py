"""Hardened execution: defence in depth behind the guard, never a substitute for it.

DuckDB has no privileges of its own, so the connection is read-only, cannot load extensions or
touch files or the network, has its configuration locked, and every query is time- and
row-capped. Errors are mapped to fixed messages: DuckDB echoes data values in some errors.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from data.errors import CdmError

MEMORY_LIMIT = "1GB"
THREADS = 2


@dataclass(frozen=True)
class QueryOutput:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    truncated: bool


def hardened_config(timeout_seconds: float) -> dict[str, Any]:
    return {
        "access_mode": "READ_ONLY",
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "allow_unsigned_extensions": False,
        "enable_external_access": False,
        "python_enable_replacements": False,
        "memory_limit": MEMORY_LIMIT,
        "threads": THREADS,
        "max_execution_time": int(timeout_seconds * 1000),
        "lock_configuration": True,
    }


@contextmanager
def hardened_connection(warehouse: Path, timeout_seconds: float) -> Iterator[duckdb.DuckDBPyConnection]:
    if not warehouse.exists():
        raise CdmError(f"warehouse not found at {warehouse}; run `cdm data build` first")
    con = _connect_with_retry(warehouse, hardened_config(timeout_seconds))
    try:
        yield con
    finally:
        con.close()


CONNECT_ATTEMPTS = 40


def _connect_with_retry(warehouse: Path, config: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    """DuckDB refuses a second in-process connection with another configuration while one is open
    (a plain read-only reader elsewhere in a server process); such readers are short, so wait."""
    for attempt in range(CONNECT_ATTEMPTS):
        try:
            return duckdb.connect(str(warehouse), read_only=True, config=config)
        except duckdb.ConnectionException:
            if attempt == CONNECT_ATTEMPTS - 1:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


PLAIN_TYPES = frozenset({str, int, bool, type(None)})


def json_safe(value: Any) -> Any:
    """Values the CLI, the UI and the audit log can serialise without surprises."""
    if type(value) in PLAIN_TYPES:
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (dt.timedelta, uuid.UUID)):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    return value


_COLUMN_NOT_FOUND = re.compile(r'Referenced column "([^"]{1,64})" not found')


def error_message(error: duckdb.Error, timeout_seconds: float) -> str:
    """A fixed message per error class; only identifiers the user typed are ever echoed."""
    if isinstance(error, duckdb.InterruptException):
        return f"the query took longer than {timeout_seconds:g} s and was stopped"
    if isinstance(error, duckdb.OutOfMemoryException):
        return "the query needs more memory than allowed; aggregate or filter more"
    if isinstance(error, duckdb.BinderException):
        found = _COLUMN_NOT_FOUND.search(str(error))
        if found:
            return f"column {found.group(1)} does not exist or is not available to your role"
        return "the query refers to a column, table or type that does not exist or is not available to your role"
    if isinstance(error, duckdb.CatalogException):
        return "the query refers to a table or function that does not exist or is not available to your role"
    if isinstance(error, (duckdb.ConversionException, duckdb.OutOfRangeException, duckdb.TypeMismatchException)):
        return "a value could not be converted to the requested type"
    if isinstance(error, duckdb.ParserException):
        return "the database could not parse the rewritten query"
    return f"the database could not run this query ({type(error).__name__})"


def execute(con: duckdb.DuckDBPyConnection, sql: str, max_rows: int, timeout_seconds: float) -> QueryOutput:
    """Runs one guard-generated statement, interrupted after the timeout, capped at max_rows."""
    timer = threading.Timer(timeout_seconds, con.interrupt)
    timer.start()
    try:
        cursor = con.execute(sql)
        columns = tuple(d[0] for d in cursor.description or ())
        fetched = cursor.fetchmany(max_rows + 1)
    finally:
        timer.cancel()
    rows = tuple(tuple(json_safe(v) for v in row) for row in fetched[:max_rows])
    return QueryOutput(columns, rows, truncated=len(fetched) > max_rows)
