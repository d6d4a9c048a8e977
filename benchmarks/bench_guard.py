"""Guard overhead (parse + passes + emit) over the false-positive suite, as p50/p95 per statement.

    .venv/bin/python benchmarks/bench_guard.py [--rounds 20]

Runs on one core in-process; nothing touches the database. The compiled sqlglot extension
(`pip install sqlglotc`) is used automatically by sqlglot when installed; the output says which.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "guards"))
sys.path.insert(0, str(ROOT))

from guard_ordinary import ORDINARY  # noqa: E402

from guards.principal import Principal  # noqa: E402
from guards.service import guard_sql  # noqa: E402


def compiled_sqlglot() -> str:
    import sqlglot.parser

    return "compiled (sqlglotc)" if sqlglot.parser.__file__.endswith((".so", ".pyd")) else "pure Python"


def measure(rounds: int, clock: Callable[[], float]) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    for role, attrs in (("analyst", {}), ("regional_manager", {"region": "East"})):
        principal = Principal(None, role, attrs)
        for sql, _ in ORDINARY:
            guard_sql(sql, principal)  # warm caches (policies, views, function allowlist)
        samples: list[float] = []
        for _ in range(rounds):
            for sql, _ in ORDINARY:
                started = clock()
                decision = guard_sql(sql, principal)
                samples.append((clock() - started) * 1000)
                assert decision.allowed, decision.notices
        timings[role] = samples
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    print(f"sqlglot: {compiled_sqlglot()}; {len(ORDINARY)} statements x {args.rounds} rounds")
    # CPU time is the fair figure on a shared machine; wall time includes waiting for a core.
    for label, clock in (("cpu", time.process_time), ("wall", time.perf_counter)):
        for role, samples in measure(args.rounds, clock).items():
            cuts = statistics.quantiles(samples, n=100)
            print(f"{label:>4} {role:>17}: p50 {cuts[49]:.2f} ms  p95 {cuts[94]:.2f} ms  max {max(samples):.2f} ms")


if __name__ == "__main__":
    main()
