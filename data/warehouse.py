"""Build the warehouse: a seeded, vectorized generator writing one DuckDB file.

The build writes a temporary file next to the target and renames it at the very end, so a failed
or interrupted build never destroys an existing warehouse.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from data.dictionary import load_dictionary
from data.errors import CdmError
from data.generate import SQL_DIR, STEPS
from data.generate.lookups import AS_OF_DATE, START_DATE, build_lookups
from data.output import writable_target
from data.schema import schema_sql

GENERATOR_VERSION = "1"
ORDER_RATE = 6.8  # orders per year of activity for a median customer; gives ~15 orders per customer


@dataclass(frozen=True)
class Scale:
    """Size of a build. review_boost multiplies the review rate: tiny gets more reviews so that
    evaluating pain-point discovery on the test warehouse has enough negative reviews per theme."""

    name: str
    customers: int
    stores: int
    review_boost: float = 1.0


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", 2_000, 12, review_boost=3.0),
    "default": Scale("default", 100_000, 150),
    "large": Scale("large", 1_000_000, 600),
}


@dataclass(frozen=True)
class TableBuild:
    table: str
    rows: int
    seconds: float


@dataclass(frozen=True)
class BuildReport:
    path: Path
    scale: str
    seed: int
    seconds: float
    tables: tuple[TableBuild, ...]

    def rows(self, table: str) -> int:
        return next(t.rows for t in self.tables if t.table == table)


def build_warehouse(path: Path, scale: str = "default", seed: int = 42, force: bool = False) -> BuildReport:
    """Generate the warehouse at `path`; raises CdmError for bad input, leaving `path` untouched."""
    plan = _check_request(Path(path), scale, force)
    tmp = plan.with_name(f".{plan.name}.{os.getpid()}.building")
    started = time.perf_counter()
    try:
        tables = _generate(tmp, SCALES[scale], seed)
        os.replace(tmp, plan)
    except duckdb.IOException as error:
        raise CdmError(f"cannot write the warehouse at {plan}: {str(error).splitlines()[0]}") from error
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return BuildReport(plan, scale, seed, time.perf_counter() - started, tables)


def _check_request(path: Path, scale: str, force: bool) -> Path:
    if scale not in SCALES:
        raise CdmError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    path = path.expanduser().absolute()
    if path.is_dir():
        raise CdmError(f"{path} is a directory; give the path of a .duckdb file")
    return writable_target(path, force)


def _generate(tmp: Path, scale: Scale, seed: int) -> tuple[TableBuild, ...]:
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        timings = [TableBuild("lookups", 0, _timed(lambda: _prepare(con, scale, seed)))]
        for step in STEPS:
            seconds = _timed(lambda step=step: step.run(con))  # type: ignore[misc]
            timings.append(TableBuild(step.table, _count(con, step.table), seconds))
        seconds = _timed(lambda: _write_info(con, scale, seed))
        timings += [TableBuild("truth_review_theme", _count(con, "truth_review_theme"), 0.0)]
        timings += [TableBuild("dataset_info", _count(con, "dataset_info"), seconds)]
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return tuple(timings)


def _prepare(con: duckdb.DuckDBPyConnection, scale: Scale, seed: int) -> None:
    """Variables, macros, empty pinned tables and lookups."""
    values = {
        "seed": seed,
        "n_customers": scale.customers,
        "n_stores": scale.stores,
        "order_rate": ORDER_RATE,
        "review_boost": scale.review_boost,
    }
    for name, value in values.items():
        con.execute(f"SET VARIABLE {name} = ?", [value])
    con.execute("SET VARIABLE as_of = ?::DATE", [AS_OF_DATE.isoformat()])
    con.execute("SET VARIABLE start_date = ?::DATE", [START_DATE.isoformat()])
    con.execute((SQL_DIR / "macros.sql").read_text(encoding="utf-8"))
    for statement in schema_sql(load_dictionary()):
        con.execute(statement)
    build_lookups(con, seed)


def _write_info(con: duckdb.DuckDBPyConnection, scale: Scale, seed: int) -> None:
    info = {
        "as_of_date": AS_OF_DATE.isoformat(),
        "seed": str(seed),
        "scale": scale.name,
        "generator_version": GENERATOR_VERSION,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    con.executemany("INSERT INTO dataset_info VALUES (?, ?)", list(info.items()))


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()
    return int(row[0]) if row else 0


def _timed(action: Callable[[], None]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started
