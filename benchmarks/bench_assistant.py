"""Assistant overhead: planning + compiling + guarding per question (warm), and a cold `cdm ask`.

Usage: python benchmarks/bench_assistant.py [--warehouse PATH] [--repeat N]
Builds the default warehouse under $CDM_HOME when it is missing. Prints p50/p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from assistant.conversation import Conversation
from assistant.execution import compile_with_substitution
from assistant.planner.plan import QueryPlan
from assistant.resources import load_resources
from assistant.service import ask, plan_turn
from data.settings import warehouse_path
from data.warehouse import build_warehouse
from guards.principal_resolution import resolve_principal
from guards.service import guard_sql

QUESTIONS = (
    "revenue by region last quarter",
    "top 5 cities by revenue",
    "which channel has the highest AOV",
    "monthly revenue this year",
    "Revenue by region for Gold and Platinum members",
    "orders on the mini program last month",
    "return rate by channel",
    "item revenue by category in 2025",
    "churn rate by member tier",
    "support tickets by ticket category last month",
    "average rating by category",
    "net revenue by month in 2025",
    "上个月的销售额",
    "按地区的营收",
    "revenue per customer by member tier",
    "weekly trend of orders",
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def overhead_ms(question: str, resources, principal) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    _, plan = plan_turn(question, Conversation(), resources)
    if isinstance(plan, QueryPlan):
        compiled, _, _ = compile_with_substitution(plan.query, resources)
        guard_sql(compiled.expression, principal, origin="semantic")
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    warehouse = args.warehouse or warehouse_path()
    if not warehouse.exists():
        print(f"building the default warehouse at {warehouse} ...")
        build_warehouse(warehouse, scale="default")
    resources = load_resources(warehouse)
    principal = resolve_principal(role="viewer")
    for question in QUESTIONS:  # warm caches
        ask(question, principal, warehouse=warehouse)
    overheads = [overhead_ms(q, resources, principal) for _ in range(args.repeat) for q in QUESTIONS]
    totals = []
    for question in QUESTIONS:
        started = time.perf_counter()
        ask(question, principal, warehouse=warehouse)
        totals.append((time.perf_counter() - started) * 1000)
    print(f"warehouse: {warehouse}")
    print(
        f"plan+compile+guard (warm): p50 {statistics.median(overheads):.2f} ms, p95 {percentile(overheads, 0.95):.2f} ms"
    )
    print(
        f"whole ask incl. execution (warm): p50 {statistics.median(totals):.1f} ms, p95 {percentile(totals, 0.95):.1f} ms"
    )
    cold = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "cdm.cli", "ask", "revenue by region last quarter", "--json"],
            check=True,
            capture_output=True,
            env={**__import__("os").environ, "CDM_WAREHOUSE": str(warehouse)},
        )
        cold.append(time.perf_counter() - started)
    print(f"cold `cdm ask` process: median {statistics.median(cold):.2f} s")


if __name__ == "__main__":
    main()
