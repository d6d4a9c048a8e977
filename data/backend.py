"""Which engine holds the warehouse, and trusted reads of fixed metadata SQL from it.

`CDM_ENGINE=duckdb` (default) reads the warehouse file; `CDM_ENGINE=spark` reads the Parquet export
(`cdm data export --format parquet`) through a Spark session (`data/spark.py`, imported only then).
Lower layers use `WarehouseBackend.fetch` for SQL the product itself builds as a tree (distinct
dimension values, the as-of date); statements from users, the planner or an LLM never come here:
they run only through the guards (`guards/backend.py`), which harden each engine's connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import duckdb
from sqlglot import exp

from data.errors import CdmError
from data.settings import cdm_home, setting, warehouse_path

ENGINES = ("duckdb", "spark")


class WarehouseBackend(Protocol):
    """An engine's view of the warehouse: where it is, a change stamp for caches, trusted reads."""

    @property
    def engine(self) -> str: ...

    @property
    def location(self) -> Path: ...

    def stamp(self) -> float:
        """Changes whenever the data is rebuilt or exported again (cache keys use it)."""
        ...

    def fetch(self, query: exp.Expr) -> list[tuple[Any, ...]]:
        """Runs a fixed query the product built (never user input) and returns every row."""
        ...


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
            return connection.execute(query.sql(dialect="duckdb")).fetchall()


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
        from data.spark import spark_warehouse

        return spark_warehouse(location)
    if not location.is_file():
        raise CdmError(f"no warehouse at {location}; run `cdm data build` first")
    return DuckDBWarehouse(location)
