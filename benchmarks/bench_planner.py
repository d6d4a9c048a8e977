"""Planner latency alone: every eval question planned warm, p50 / p95 / max, against the 20 ms budget.

Usage: python benchmarks/bench_planner.py [--warehouse PATH] [--repeat N]
Plans (no compile, no execution) each single-turn question of the eval suite (dev and held-out,
English and Chinese) `repeat` times after one warm-up pass, and prints the percentiles overall and
for the held-out v2 cases, plus the slowest questions. Exit 1 when the warm p95 exceeds 20 ms.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

from assistant.conversation import Conversation
from assistant.resources import load_resources
from assistant.service import plan_turn
from data.settings import warehouse_path
from eval.suite import load_suite

BUDGET_MS = 20.0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    resources = load_resources(args.warehouse or warehouse_path())
    cases = [c for c in load_suite(catalog=resources.catalog) if len(c.turns) == 1]
    for case in cases:  # warm caches: word lists, compiled patterns, lexicon
        plan_turn(case.question, Conversation(), resources)
    timings: dict[str, list[float]] = {case.id: [] for case in cases}
    for _ in range(args.repeat):
        for case in cases:
            started = time.perf_counter()
            plan_turn(case.question, Conversation(), resources)
            timings[case.id].append((time.perf_counter() - started) * 1000)
    every = [t for ts in timings.values() for t in ts]
    held_out = [t for case in cases if case.id.startswith("h2.") for t in timings[case.id]]
    for name, values in (("all questions", every), ("held-out v2", held_out)):
        print(
            f"{name:14} n={len(values):5}  p50 {_percentile(values, 50):6.2f} ms  "
            f"p95 {_percentile(values, 95):6.2f} ms  max {max(values):6.2f} ms"
        )
    slowest = sorted(cases, key=lambda c: -max(timings[c.id]))[:5]
    for case in slowest:
        print(f"  slow: {max(timings[case.id]):6.2f} ms  {case.question}")
    p95 = _percentile(every, 95)
    print(f"warm plan p95 {p95:.2f} ms (budget {BUDGET_MS:.0f} ms): {'ok' if p95 <= BUDGET_MS else 'OVER'}")
    return 0 if p95 <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
