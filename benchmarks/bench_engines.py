"""The same governed queries on DuckDB and on Spark local mode, per query type, through the guards.

Each query runs as the analyst role (or --role) through `guards.service.run_guarded` (policy views, masks, the
engine's final parser check, audit), so the figures are what a user waits for on each engine.
The warehouse is built and exported under --home when missing.

Run: .venv/bin/python benchmarks/bench_engines.py [--scale tiny|default|large] [--home DIR] [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sqlglot import exp

QUERY_TYPES: dict[str, dict[str, object] | str] = {
    "simple aggregate": {"metrics": ["revenue", "order_count"]},
    "breakdown by dimension": {"metrics": ["revenue", "aov"], "group_by": ["region"]},
    "time series by month": {"metrics": ["revenue"], "group_by": ["metric_time__month"]},
    "top-N ranking": {
        "metrics": ["item_revenue"], "group_by": ["category"],
        "order_by": [{"field": "item_revenue", "desc": True}], "limit": 5,
    },
    "join-heavy metric": {"metrics": ["item_revenue", "units_sold"], "group_by": ["category", "region", "channel"]},
    "free SQL": (
        "SELECT c.member_tier, p.category, count(DISTINCT o.order_id) AS orders, sum(i.line_amount) AS amount "
        "FROM order_items i JOIN orders o USING (order_id) JOIN customers c USING (customer_id) "
        "JOIN products p USING (product_id) WHERE o.status <> 'cancelled' GROUP BY ALL ORDER BY amount DESC LIMIT 20"
    ),
}  # fmt: skip


def prepare(home: Path, scale: str) -> Path:
    """The warehouse and its Parquet export under `home`, built once."""
    from data.export import MANIFEST, export_warehouse
    from data.warehouse import build_warehouse

    warehouse, export = home / "warehouse.duckdb", home / "parquet"
    if not warehouse.exists():
        started = time.perf_counter()
        build_warehouse(warehouse, scale=scale)
        print(f"built {scale} warehouse in {time.perf_counter() - started:.1f} s")
    if not (export / MANIFEST).exists():
        report = export_warehouse(warehouse, export, force=True)
        print(f"exported to Parquet in {report.seconds:.1f} s ({sum(t.rows for t in report.tables):,} rows)")
    return warehouse


def statements() -> dict[str, exp.Expr | str]:
    from semantic_layer.catalog import load_catalog
    from semantic_layer.compiler import compile_query
    from semantic_layer.query import SemanticQuery

    catalog = load_catalog()
    compiled: dict[str, exp.Expr | str] = {}
    for name, query in QUERY_TYPES.items():
        compiled[name] = query if isinstance(query, str) else compile_query(SemanticQuery(**query), catalog).expression
    return compiled


def timed(run: Callable[[], str], rounds: int) -> tuple[float, float]:
    """(first run, median of the next `rounds`) in milliseconds; NaN when the role's timeout stopped it."""
    samples = []
    for _ in range(rounds + 1):
        started = time.perf_counter()
        status = run()
        samples.append((time.perf_counter() - started) * 1000 if status == "ok" else float("nan"))
        if status != "ok":
            break
    return samples[0], statistics.median(samples[1:]) if len(samples) > 1 else float("nan")


def run_once(statement: exp.Expr | str, role: str, warehouse: Path, timeout: float | None) -> tuple[str, str]:
    """(status, message): the whole guarded path, or with --timeout the same guard decision and
    backend run under a longer time cap than the role's (no audit record)."""
    from guards.backend import ExecutionError, execution_backend
    from guards.principal import Principal
    from guards.service import guard_sql, run_guarded

    principal = Principal(None, role, {})
    if timeout is None:
        result = run_guarded(statement, principal, origin="sql", warehouse=warehouse)
        return result.status, "; ".join(n.message for n in result.notices)
    decision = replace(guard_sql(statement, principal), timeout_seconds=timeout)
    backend = execution_backend(warehouse)
    try:
        backend.run(decision, backend.render(decision))
    except ExecutionError as error:
        return "error", error.message
    return "ok", ""


def bench(
    engine: str, warehouse: Path, rounds: int, role: str, timeout: float | None
) -> dict[str, tuple[float, float]]:
    os.environ["CDM_ENGINE"] = engine
    results = {}
    for name, statement in statements().items():

        def run(statement: exp.Expr | str = statement, name: str = name) -> str:
            status, message = run_once(statement, role, warehouse, timeout)
            if status != "ok":
                print(f"  {engine} {name}: {message}", flush=True)
            return status

        results[name] = timed(run, rounds)
        print(
            f"  {engine:<7} {name:<24} first {results[name][0]:8.0f} ms, median {results[name][1]:8.0f} ms", flush=True
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="tiny", choices=("tiny", "default", "large"))
    parser.add_argument("--home", type=Path, default=None, help="Folder for the warehouse and export.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--role", default="analyst", help="analyst (20 s timeout) or admin (30 s).")
    parser.add_argument("--timeout", type=float, default=None, help="Seconds per query instead of the role's.")
    parser.add_argument("--engines", default="duckdb,spark", help="Comma-separated engines to time.")
    args = parser.parse_args()
    home = (args.home or Path(f"/tmp/cdm-bench-{args.scale}")).absolute()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["CDM_HOME"], os.environ["CDM_PARQUET"] = str(home), str(home / "parquet")
    warehouse = prepare(home, args.scale)
    started = time.perf_counter()
    from engines.selection import warehouse_backend

    os.environ["CDM_ENGINE"] = "spark"
    warehouse_backend(warehouse)
    print(f"Spark session start and mount: {time.perf_counter() - started:.1f} s")
    engines = args.engines.split(",")
    figures = {engine: bench(engine, warehouse, args.rounds, args.role, args.timeout) for engine in engines}
    nan = (float("nan"), float("nan"))
    print(f"\nscale {args.scale}, {args.role} role, median of {args.rounds} warm runs (first run in brackets), ms")
    print(f"{'query type':<24} {'DuckDB':>18} {'Spark local[2]':>20}")
    for name in QUERY_TYPES:
        (d_first, duck) = figures.get("duckdb", {}).get(name, nan)
        (s_first, spark) = figures.get("spark", {}).get(name, nan)
        print(f"{name:<24} {duck:>9.0f} ({d_first:>6.0f}) {spark:>10.0f} ({s_first:>6.0f})")


if __name__ == "__main__":
    main()
