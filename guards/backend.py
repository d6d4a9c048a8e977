"""The one place that runs guarded SQL: an execution backend per engine, chosen by CDM_ENGINE.

The guard passes work on the canonical (DuckDB-dialect) tree; a backend renders the rewritten tree
for its engine, runs it on a hardened connection behind a final check by the engine's own parser,
runs the small-group probes the same way, and maps engine errors to fixed messages
(`ExecutionError`) that never echo data values.

    DuckDBBackend  the warehouse file: read-only, locked configuration (guards/execution.py)
    SparkBackend   the Parquet export as temp views in a hardened session (guards/spark_execution.py)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import duckdb

from data.backend import engine_location, engine_name
from data.settings import warehouse_path
from guards.decision import GuardDecision
from guards.execution import QueryOutput, error_message, execute, hardened_connection
from guards.parser_check import check_with_duckdb_parser


class ExecutionError(Exception):
    """The engine could not run a guarded statement; `message` is fixed text safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class BackendOutput:
    output: QueryOutput
    suppressed_groups: int


class ExecutionBackend(Protocol):
    @property
    def engine(self) -> str: ...

    def render(self, decision: GuardDecision) -> str:
        """The engine's SQL for the decision's rewritten tree: what runs, and what the audit records."""
        ...

    def run(self, decision: GuardDecision, sql: str) -> BackendOutput:
        """Runs `sql` (the rendered decision) and its probes; raises ExecutionError or GuardRejection."""
        ...


@dataclass(frozen=True)
class DuckDBBackend:
    warehouse: Path
    engine: str = "duckdb"

    def render(self, decision: GuardDecision) -> str:
        assert decision.sql is not None
        return decision.sql  # the guard already rendered the canonical tree in DuckDB's dialect

    def run(self, decision: GuardDecision, sql: str) -> BackendOutput:
        timeout = decision.timeout_seconds
        try:
            with hardened_connection(self.warehouse, timeout) as con:
                check_with_duckdb_parser(con, sql)
                output = execute(con, sql, decision.max_rows, timeout)
                probes = [p.sql(dialect="duckdb") for p in decision.suppression.probes] if decision.suppression else []
                return BackendOutput(output, max((_probe_count(con, p, timeout) for p in probes), default=0))
        except duckdb.Error as error:
            raise ExecutionError(error_message(error, timeout)) from error


def _probe_count(con: duckdb.DuckDBPyConnection, sql: str, timeout: float) -> int:
    """Groups a probe says were removed; a failing probe only loses the notice's count."""
    try:
        return int(execute(con, sql, 1, timeout).rows[0][0])
    except duckdb.Error:
        return 0


def execution_backend(warehouse: Path | None = None) -> ExecutionBackend:
    """The configured engine's backend; on DuckDB the given warehouse file (default: CDM_WAREHOUSE)."""
    if engine_name() == "spark":
        from data.spark import spark_warehouse
        from guards.spark_execution import SparkBackend

        return SparkBackend(spark_warehouse(engine_location(warehouse).expanduser().resolve()))
    return DuckDBBackend(warehouse or warehouse_path())
