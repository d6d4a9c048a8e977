"""The DuckDB engine: guarded statements on pooled hardened cursors, within their budgets.

The statement runs exactly as rendered (`render.py`), after DuckDB's own parser check, in one of
the execution slots (`slots.py`: one statement per core at a time, first come first served), with a timer
that interrupts it after the role's time limit; rows come in chunks within the row and byte
budgets (`budget.py`). Errors are mapped to fixed messages: DuckDB echoes data values in some.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
from sqlglot import exp

from engines.base import EnginePolicy, EngineRejection, ExecutionError, QueryOutput, RunLimits
from engines.budget import fetch_within_budget
from engines.cell_cap import cap_cells, grows_values, strip_cut_flags
from engines.duckdb_parser import check_with_duckdb_parser
from engines.duckdb_pool import hardened_cursor
from engines.notice_figures import EngineProblem, TimeLimit
from engines.render import render_sql
from engines.slots import SLOTS

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


def error_figures(error: duckdb.Error, timeout_seconds: float) -> EngineProblem | TimeLimit:
    """What `error_message` says, as data (the assistant words it in the reply language)."""
    if isinstance(error, duckdb.InterruptException):
        return TimeLimit(timeout_seconds)
    found = _COLUMN_NOT_FOUND.search(str(error)) if isinstance(error, duckdb.BinderException) else None
    kinds = {duckdb.OutOfMemoryException: "memory", duckdb.BinderException: "missing_name",
             duckdb.CatalogException: "missing_name", duckdb.ConversionException: "conversion",
             duckdb.OutOfRangeException: "conversion", duckdb.TypeMismatchException: "conversion",
             duckdb.ParserException: "parse"}  # fmt: skip
    kind = next((k for cls, k in kinds.items() if isinstance(error, cls)), "other")
    return EngineProblem(kind, found.group(1) if found else "")


def execute(con: duckdb.DuckDBPyConnection, sql: str, limits: RunLimits) -> QueryOutput:
    """Runs one statement in an execution slot (engines/slots.py), interrupted after the time limit,
    fetched within the row and byte budgets."""
    with SLOTS.slot():
        timer = threading.Timer(limits.timeout_seconds, con.interrupt)
        timer.start()
        try:
            cursor = con.execute(sql)
            columns = tuple(d[0] for d in cursor.description or ())
            return strip_cut_flags(fetch_within_budget(columns, cursor.fetchmany, limits))
        finally:
            timer.cancel()


@dataclass(frozen=True)
class DuckDBEngine:
    warehouse: Path
    policy: EnginePolicy
    engine: str = "duckdb"

    def render(self, expression: exp.Expr, limits: RunLimits) -> str:
        """DuckDB's SQL for the tree, its cells capped if it can grow values (see cell_cap.py)."""
        plain = render_sql(expression, "duckdb")
        if not limits.cell_bytes or not grows_values(expression, self.policy.view_alias):
            return plain
        try:
            with hardened_cursor(self.warehouse, limits.timeout_seconds) as con:
                check_with_duckdb_parser(con, plain, self.policy)
                relation = con.sql(plain)  # binds (names and types), runs nothing
                columns, types = list(relation.columns), [str(t) for t in relation.types]
        except (duckdb.Error, EngineRejection):
            return plain  # run() reports the same problem with its fixed message
        return render_sql(cap_cells(expression, columns, types, limits.cell_bytes), "duckdb")

    def run(self, expression: exp.Expr, sql: str, limits: RunLimits) -> QueryOutput:
        try:
            with hardened_cursor(self.warehouse, limits.timeout_seconds) as con:
                check_with_duckdb_parser(con, sql, self.policy)
                return execute(con, sql, limits)
        except duckdb.Error as error:
            raise ExecutionError(
                error_message(error, limits.timeout_seconds), error_figures(error, limits.timeout_seconds)
            ) from error
