"""Assistant overhead: a whole `ask` against the raw query it ran, per question type; concurrency.

Usage: python benchmarks/bench_assistant.py [--warehouse PATH] [--repeat N] [--users 1,4,8] [--think 1,2]
Builds the default warehouse under $CDM_HOME when it is missing. Warm, as analyst:

* plan + compile + guard per question (no execution);
* the same for questions with unknown words that reach embedding recall, side by side in one run:
  warm (their phrase vectors kept) and first-time (forgotten before each plan: the model runs);
* side by side in the same run: each question's whole `ask` (plan, compile, guard, pooled hardened
  run, audit, answer) and the very SQL it ran on a warm plain read-only DuckDB connection,
  interleaved round by round so machine load hits both alike; medians per question and per type,
  and the target "ask <= 1.3 x raw + 10 ms" on the median over questions;
* 1, 4 and 8 concurrent users in one process (threads asking the questions in turn), closed loop
  (no think time: the machine saturated; on CPU-bound work the floor of the p95 ratio is about
  users / cores) and 8 users with chat users' think time (1-2 s between questions): answers per
  second, p50 and p95 latency, and the target "8 users p95 <= 2 x single-user p95";
* a cold `cdm ask` process.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb

from assistant.conversation import Conversation
from assistant.execution import compile_with_substitution
from assistant.planner import recall
from assistant.planner.plan import QueryPlan
from assistant.resources import load_resources
from assistant.service import ask, plan_turn
from data.settings import warehouse_path
from data.warehouse import build_warehouse
from guards.principal_resolution import resolve_principal
from guards.service import guard_sql

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = (
    ("breakdown", "revenue by region last quarter"),
    ("breakdown", "return rate by channel"),
    ("breakdown", "churn rate by member tier"),
    ("breakdown", "average rating by category"),
    ("breakdown", "按地区的营收"),
    ("ranking", "top 5 cities by revenue"),
    ("ranking", "which channel has the highest AOV"),
    ("trend", "monthly revenue this year"),
    ("trend", "net revenue by month in 2025"),
    ("trend", "weekly trend of orders"),
    ("filtered", "Revenue by region for Gold and Platinum members"),
    ("filtered", "orders on the mini program last month"),
    ("filtered", "item revenue by category in 2025"),
    ("filtered", "support tickets by ticket category last month"),
    ("single value", "上个月的销售额"),
    ("single value", "revenue per customer by member tier"),
)

RECALL_QUESTIONS = (  # unknown words close to a catalog item (a clarification) or to none (a refusal)
    "basket value by channel",
    "revenue by loyalty level",
    "revenue from loyalty level gold",
    "weather last month",
    "revenue by salesperson",
    "how much did we sell in money terms",
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


def recall_overheads(resources, principal, rounds: int) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    """(warm, first-time) plan+compile+guard ms of the recall questions, each planned first-time then warm."""
    warm, first_time = [], []
    for _ in range(rounds):
        for question in RECALL_QUESTIONS:
            recall.forget_phrase_vectors()
            first_time.append(overhead_ms(question, resources, principal))
            warm.append(overhead_ms(question, resources, principal))
    return warm, first_time


def timed_ask(question: str, principal, warehouse: Path) -> tuple[float, str | None]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    answer = ask(question, principal, warehouse=warehouse)
    return (time.perf_counter() - started) * 1000, answer.sql


def timed_raw(con: duckdb.DuckDBPyConnection, sql: str) -> float:
    """The same text the ask ran (both statements of a comparison), fetched whole."""
    started = time.perf_counter()
    for statement in con.extract_statements(sql):
        con.execute(statement).fetchall()
    return (time.perf_counter() - started) * 1000


def side_by_side(principal, warehouse: Path, rounds: int) -> dict[str, tuple[float, float]]:  # type: ignore[no-untyped-def]
    """Per question: (median ask ms, median raw ms), interleaved round by round."""
    samples: dict[str, tuple[list[float], list[float]]] = {q: ([], []) for _, q in QUESTIONS}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for _ in range(rounds):
            for _, question in QUESTIONS:
                ask_ms, sql = timed_ask(question, principal, warehouse)
                if sql:
                    samples[question][0].append(ask_ms)
                    samples[question][1].append(timed_raw(con, sql))
    return {q: (statistics.median(a), statistics.median(r)) for q, (a, r) in samples.items() if a}


def print_side_by_side(medians: dict[str, tuple[float, float]]) -> None:
    by_type: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for kind, question in QUESTIONS:
        if question in medians:
            by_type[kind].append(medians[question])
    print(f"{'question type':<14} {'n':>2} {'ask ms':>8} {'raw ms':>8} {'ratio':>6} {'ask - raw':>10}")
    for kind, pairs in by_type.items():
        ask_ms = statistics.median(a for a, _ in pairs)
        raw_ms = statistics.median(r for _, r in pairs)
        print(f"{kind:<14} {len(pairs):>2} {ask_ms:8.1f} {raw_ms:8.1f} {ask_ms / raw_ms:6.2f} {ask_ms - raw_ms:10.1f}")
    ask_all = statistics.median(a for a, _ in medians.values())
    raw_all = statistics.median(r for _, r in medians.values())
    ratios = [a / r for a, r in medians.values()]
    target = 1.3 * raw_all + 10
    verdict = "met" if ask_all <= target else "NOT met"
    print(
        f"all {len(medians)} questions: median ask {ask_all:.1f} ms, raw {raw_all:.1f} ms, median ratio "
        f"{statistics.median(ratios):.2f} (max {max(ratios):.2f}); target ask <= 1.3 x raw + 10 ms = "
        f"{target:.1f} ms: {verdict}"
    )


@dataclass(frozen=True)
class Load:
    """What `users` threads asking in turn saw: answers per second and latency percentiles (ms)."""

    users: int
    throughput: float
    p50: float
    p95: float
    cores_busy: float  # this process's CPU seconds per wall second


def concurrent(  # type: ignore[no-untyped-def]
    principal, warehouse: Path, users: int, asks_per_user: int, think: tuple[float, float] = (0.0, 0.0)
) -> Load:
    """`users` threads asking the questions in turn; between two questions each waits a think time
    drawn from `think` (seconds; (0, 0) is a closed loop: no think time, the machine saturated)."""
    latencies: list[float] = []
    lock = threading.Lock()

    def user(offset: int) -> None:
        pause = random.Random(offset)
        for i in range(asks_per_user):
            _, question = QUESTIONS[(offset + i) % len(QUESTIONS)]
            elapsed, _ = timed_ask(question, principal, warehouse)
            with lock:
                latencies.append(elapsed)
            if think[1] > 0:
                time.sleep(pause.uniform(*think))

    threads = [threading.Thread(target=user, args=(n * 3,)) for n in range(users)]
    started, cpu = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    busy = (time.process_time() - cpu) / wall
    return Load(users, len(latencies) / wall, statistics.median(latencies), percentile(latencies, 0.95), busy)


def print_load(load: Load, single: Load, label: str) -> None:
    cores = os.cpu_count() or 1
    floor = max(1.0, load.users / cores)
    print(
        f"{label}, {load.users} user(s): {load.throughput:.1f} answers/s, p50 {load.p50:.0f} ms, "
        f"p95 {load.p95:.0f} ms, p95 / single-user p95 {load.p95 / single.p95:.2f} "
        f"(CPU-bound floor users/cores = {floor:.1f}; {load.cores_busy:.2f} of {cores} cores busy)"
    )


def print_concurrency(  # type: ignore[no-untyped-def]
    principal, warehouse: Path, user_counts: list[int], asks_per_user: int, think: tuple[float, float]
) -> None:
    """(a) closed loop (no think time: saturation) for each user count; (b) the largest count with
    chat users' think time. Target: 8 users' p95 <= 2 x the single user's."""
    single = concurrent(principal, warehouse, 1, asks_per_user)
    loads = {1: single} | {n: concurrent(principal, warehouse, n, asks_per_user) for n in user_counts if n != 1}
    for load in loads.values():
        print_load(load, single, "closed loop (no think time)")
    most = max(user_counts)
    thinking = concurrent(principal, warehouse, most, asks_per_user, think)
    print_load(thinking, single, f"think time {think[0]:g}-{think[1]:g} s")
    for label, load in (("closed loop", loads[most]), ("with think time", thinking)):
        ratio = load.p95 / single.p95
        print(
            f"{most}-user p95 / single-user p95, {label}: {ratio:.2f} (target <= 2: {'met' if ratio <= 2 else 'NOT met'})"
        )


def cold_ask_seconds(warehouse: Path) -> float:
    env = {**os.environ, "CDM_WAREHOUSE": str(warehouse), "PYTHONPATH": str(ROOT)}
    cold = []
    for _ in range(3):
        started = time.perf_counter()
        command = [sys.executable, "-m", "cdm.cli", "ask", "revenue by region last quarter", "--json"]
        subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT)
        cold.append(time.perf_counter() - started)
    return statistics.median(cold)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=10, help="Rounds of the side-by-side comparison.")
    parser.add_argument("--users", default="1,4,8", help="Concurrent users to measure.")
    parser.add_argument("--asks-per-user", type=int, default=16)
    parser.add_argument("--think", default="1,2", help="Think time between a user's questions, min,max seconds.")
    args = parser.parse_args()
    warehouse = args.warehouse or warehouse_path()
    if not warehouse.exists():
        print(f"building the default warehouse at {warehouse} ...")
        build_warehouse(warehouse, scale="default")
    resources = load_resources(warehouse)
    principal = resolve_principal(role="analyst")
    for _, question in QUESTIONS:  # warm caches and the pool
        ask(question, principal, warehouse=warehouse)
    overheads = [overhead_ms(q, resources, principal) for _ in range(args.repeat) for _, q in QUESTIONS]
    print(f"warehouse: {warehouse}")
    print(
        f"plan+compile+guard (warm): p50 {statistics.median(overheads):.2f} ms, p95 {percentile(overheads, 0.95):.2f} ms"
    )
    warm, first_time = recall_overheads(resources, principal, args.repeat)
    print(
        f"unknown words, embedding recall ({len(RECALL_QUESTIONS)} questions): warm p50 {statistics.median(warm):.2f} ms, "
        f"p95 {percentile(warm, 0.95):.2f} ms; first-time words p50 {statistics.median(first_time):.2f} ms, "
        f"p95 {percentile(first_time, 0.95):.2f} ms (load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)"
    )
    print_side_by_side(side_by_side(principal, warehouse, args.repeat))
    low, high = (float(t) for t in args.think.split(","))
    print_concurrency(principal, warehouse, [int(n) for n in args.users.split(",")], args.asks_per_user, (low, high))
    print(f"cold `cdm ask` process: median {cold_ask_seconds(warehouse):.2f} s")


if __name__ == "__main__":
    main()
