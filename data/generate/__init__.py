"""The generator: an ordered tuple of steps, each filling one table family with vectorized SQL.

Each step runs one SQL file from `sql/` against lookup tables built by `lookups.py`. Randomness
comes only from `rnd()` (a hash of row key, purpose and seed), so a build is reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import duckdb

from data.generate.lookups import AS_OF_DATE
from data.quality_checks import refresh_quality_checks

SQL_DIR = Path(__file__).with_name("sql")


@dataclass(frozen=True)
class GenerationStep:
    """A SQL file and the warehouse table it fills (its time is reported against that table)."""

    table: str
    sql_file: str

    def run(self, con: duckdb.DuckDBPyConnection) -> None:
        con.execute((SQL_DIR / self.sql_file).read_text(encoding="utf-8"))


class Step(Protocol):
    @property
    def table(self) -> str: ...

    def run(self, con: duckdb.DuckDBPyConnection) -> None: ...


@dataclass(frozen=True)
class QualityChecksStep:
    """The product's quality checks over the finished tables (data/quality.yml), not the generator's truth."""

    table: str = "quality_checks"

    def run(self, con: duckdb.DuckDBPyConnection) -> None:
        refresh_quality_checks(con, as_of=AS_OF_DATE)


STEPS: tuple[Step, ...] = (
    GenerationStep("products", "products.sql"),
    GenerationStep("stores", "stores.sql"),
    GenerationStep("customers", "customers.sql"),
    GenerationStep("orders", "orders.sql"),
    GenerationStep("order_items", "order_items.sql"),
    GenerationStep("returns", "returns.sql"),
    GenerationStep("support_tickets", "support_tickets.sql"),
    GenerationStep("reviews", "reviews.sql"),
    GenerationStep("truth_quality_defects", "quality_defects.sql"),
    GenerationStep("customer_profile", "customer_profile.sql"),
    QualityChecksStep(),
)
