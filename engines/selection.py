"""Which engine holds the warehouse (CDM_ENGINE): trusted reads of fixed metadata SQL, and the engine
that runs guarded statements.

`CDM_ENGINE=duckdb` (default) reads the warehouse file; `CDM_ENGINE=spark` reads the Parquet export
(`cdm data export --format parquet`) through a Spark session (`spark_session.py`, imported only then).
Lower layers use `WarehouseBackend.fetch` for SQL the product itself builds as a tree (distinct
dimension values, the as-of date); statements from users, the planner or an LLM never come here:
the guards run them through `execution_engine` (guards/backend.py), with the guards' policy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from sqlglot import exp

from data.errors import CdmError
from data.settings import cdm_home, setting, warehouse_path
from engines.base import EnginePolicy, ExecutionEngine, WarehouseBackend
from engines.duckdb_engine import DuckDBEngine
from engines.render import render_sql

ENGINES = ("duckdb", "spark")


@dataclass(frozen=True)
class DuckDBWarehouse:
    """The warehouse file, opened read-only per read."""

    path: Path
    engine: str = "duckdb"

    @property
    def location(self) -> Path:
        return self.path

    def stamp(self) -> float:
        return self.path.stat().st_mtime

    def fetch(self, query: exp.Expr) -> list[tuple[Any, ...]]:
        with duckdb.connect(str(self.path), read_only=True) as connection:
            return connection.execute(render_sql(query, "duckdb")).fetchall()


def engine_name() -> str:
    """CDM_ENGINE, checked: a typo must not silently fall back to another engine."""
    name = setting("CDM_ENGINE").strip().lower()
    if name not in ENGINES:
        raise CdmError(f"unknown CDM_ENGINE {setting('CDM_ENGINE')!r}; use one of {', '.join(ENGINES)}")
    return name


def parquet_path() -> Path:
    explicit = setting("CDM_PARQUET")
    return Path(explicit).expanduser() if explicit else cdm_home() / "parquet"


def engine_location(warehouse: Path | None = None) -> Path:
    """Where the configured engine reads: the DuckDB file, or the Spark export folder.

    Callers that know only the DuckDB file (tests, `--path` options) pass it; on Spark a file path
    means "the configured export" (CDM_PARQUET), a folder is an export itself.
    """
    if engine_name() == "spark":
        return warehouse if warehouse is not None and warehouse.is_dir() else parquet_path()
    return warehouse or warehouse_path()


def warehouse_backend(warehouse: Path | None = None) -> WarehouseBackend:
    """The configured engine's warehouse; CdmError when its data is missing or the engine unusable."""
    location = engine_location(warehouse).expanduser().resolve()
    if engine_name() == "spark":
        from engines.spark_session import spark_warehouse

        return spark_warehouse(location)
    if not location.is_file():
        raise CdmError(f"no warehouse at {location}; run `cdm data build` first")
    return DuckDBWarehouse(location)


def execution_engine(policy_for: Callable[[str], EnginePolicy], warehouse: Path | None = None) -> ExecutionEngine:
    """The configured engine for guarded statements, with the guards' policy for that engine; on
    DuckDB the given warehouse file (default: CDM_WAREHOUSE)."""
    name = engine_name()
    if name == "spark":
        from engines.spark_engine import SparkEngine
        from engines.spark_session import spark_warehouse

        policy = policy_for(name)
        folder = engine_location(warehouse).expanduser().resolve()
        return SparkEngine(spark_warehouse(folder, policy.denied_functions), policy)
    return DuckDBEngine((warehouse or warehouse_path()).expanduser(), policy_for(name))
