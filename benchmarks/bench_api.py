"""HTTP API latency: POST /api/v1/ask through a real `cdm api` on loopback vs the in-process ask.

Usage: python benchmarks/bench_api.py [--warehouse PATH] [--repeat N] [--user alice]
Builds the default warehouse under $CDM_HOME when it is missing, starts `cdm api` on a free
loopback port with a fresh token (revoked at the end), warms both paths, then asks the same
questions in turn (interleaved round by round) and prints p50/p95 in milliseconds and the overhead.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from assistant.conversation import Conversation
from assistant.router import ask
from data.settings import cdm_home, warehouse_path
from data.warehouse import build_warehouse
from guards.principal_resolution import resolve_principal
from guards.tokens import TokenStore

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = (
    "revenue by region last quarter",
    "return rate by channel",
    "churn rate by member tier",
    "top 5 cities by revenue",
    "which channel has the highest AOV",
    "monthly revenue this year",
    "weekly trend of orders",
    "Revenue by region for Gold and Platinum members",
    "orders on the mini program last month",
    "item revenue by category in 2025",
    "上个月的销售额",
    "revenue per customer by member tier",
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_api(warehouse: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CDM_HOME": str(cdm_home()), "CDM_WAREHOUSE": str(warehouse), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "cdm.cli", "api", "--port", str(port)]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("cdm api did not start")


def timed_http(client: httpx.Client, question: str) -> float:
    started = time.perf_counter()
    response = client.post("/ask", json={"question": question, "engine": "offline"})
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{question!r}: HTTP {response.status_code} {response.text[:200]}")
    return elapsed


def timed_local(question: str, principal, warehouse: Path) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    ask(question, principal, Conversation(), warehouse=warehouse, engine="offline")
    return (time.perf_counter() - started) * 1000


def report(name: str, samples: list[float]) -> None:
    print(
        f"{name:<22} n={len(samples):>4}  p50 {percentile(samples, 0.5):7.1f} ms  p95 {percentile(samples, 0.95):7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5, help="Rounds over the questions.")
    parser.add_argument("--user", default="alice")
    args = parser.parse_args()
    warehouse = args.warehouse or warehouse_path()
    if not warehouse.exists():
        print(f"building the default warehouse at {warehouse} ...")
        build_warehouse(warehouse, scale="default")
    principal = resolve_principal(user=args.user)
    store = TokenStore()
    record, token = store.create(args.user, days=1, rate_limit=1_000_000)
    port = free_port()
    server = start_api(warehouse, port)
    headers = {"Authorization": f"Bearer {token}"}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}/api/v1", headers=headers, timeout=120) as client:
            for question in QUESTIONS:  # warm both: resources, pooled connections, caches
                timed_http(client, question)
                timed_local(question, principal, warehouse)
            over_http, in_process = [], []
            for _ in range(args.repeat):
                for question in QUESTIONS:
                    over_http.append(timed_http(client, question))
                    in_process.append(timed_local(question, principal, warehouse))
    finally:
        server.terminate()
        server.wait(timeout=10)
        store.revoke(args.user, record.token_id)
    print(f"warehouse {warehouse}, user {args.user} ({principal.role}), {len(QUESTIONS)} questions x {args.repeat}")
    report("in-process ask", in_process)
    report("POST /api/v1/ask", over_http)
    overhead = statistics.median(h - p for h, p in zip(over_http, in_process, strict=True))
    print(f"median per-question HTTP overhead (auth, limits, audit, JSON, loopback): {overhead:.1f} ms")


if __name__ == "__main__":
    main()
