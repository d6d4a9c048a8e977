"""Planner latency alone: every eval question planned warm, p50 / p95 / max, against the 20 ms budget,
and, side by side in the same run, each question planned as if its unknown words were new.

Usage: python benchmarks/bench_planner.py [--warehouse PATH] [--repeat N]
Plans (no compile, no execution) each single-turn question of the eval suite (dev and held-out,
English and Chinese) `repeat` times after one warm-up pass. Each round plans every question twice
in a row, so machine load hits both alike: with recall's phrase vectors forgotten (first-time
unknown words: the embedding model runs for every question that reaches recall), then warm (its
phrase vectors kept: a repeated question). Prints the percentiles overall, for the held-out split and
for the questions that embed, the ratio of the two, the slowest questions and the load average.
Exit 1 when the warm p95 exceeds 20 ms.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

from assistant.conversation import Conversation
from assistant.planner import recall
from assistant.resources import Resources, load_resources
from assistant.service import plan_turn
from data.settings import warehouse_path
from eval.suite import load_suite

BUDGET_MS = 20.0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def _timed(question: str, resources: Resources, new_words: bool) -> tuple[float, bool]:
    """Milliseconds to plan, and whether the model embedded anything."""
    if new_words:
        recall.forget_phrase_vectors()
    embedded = recall.embedding_counts().embedded
    started = time.perf_counter()
    plan_turn(question, Conversation(), resources)
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, recall.embedding_counts().embedded > embedded


def _line(name: str, values: list[float]) -> str:
    return (
        f"{name:46} n={len(values):5}  p50 {_percentile(values, 50):6.2f} ms  "
        f"p95 {_percentile(values, 95):6.2f} ms  max {max(values):6.2f} ms"
    )


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    resources = load_resources(args.warehouse or warehouse_path())
    print(f"recall: {recall.warm_recall(resources.catalog)}; {_load()} at the start")
    cases = [c for c in load_suite(catalog=resources.catalog) if len(c.turns) == 1]
    for case in cases:  # warm caches: word lists, compiled patterns, lexicon, phrase vectors
        plan_turn(case.question, Conversation(), resources)
    warm: dict[str, list[float]] = {case.id: [] for case in cases}
    new: dict[str, list[float]] = {case.id: [] for case in cases}
    embeds: set[str] = set()
    for _ in range(args.repeat):
        for case in cases:  # first-time words, then the same question again: its own phrases kept
            elapsed, embedded = _timed(case.question, resources, new_words=True)
            new[case.id].append(elapsed)
            warm[case.id].append(_timed(case.question, resources, new_words=False)[0])
            if embedded:
                embeds.add(case.id)
    held_out = [case.id for case in cases if case.split == "heldout"]
    groups = (
        ("all questions", [c.id for c in cases]),
        ("held-out", held_out),
        ("questions that embed", sorted(embeds)),
    )
    for name, ids in groups:
        print(_line(f"{name}, warm", [t for i in ids for t in warm[i]]))
        print(_line(f"{name}, first-time unknown words", [t for i in ids for t in new[i]]))
    print(f"{len(embeds)} of {len(cases)} questions embed unknown words when they are new")
    for name, ids in groups:
        ratio = _percentile([t for i in ids for t in new[i]], 95) / _percentile([t for i in ids for t in warm[i]], 95)
        print(f"  p95 first-time / warm, {name}: {ratio:.2f}")
    for case in sorted(cases, key=lambda c: -max(new[c.id]))[:5]:
        print(f"  slow: {max(new[case.id]):6.2f} ms first-time, {max(warm[case.id]):6.2f} ms warm  {case.question}")
    p95 = _percentile([t for ts in warm.values() for t in ts], 95)
    first_time = _percentile([t for ts in new.values() for t in ts], 95)
    print(f"{_load()} at the end")
    print(f"warm plan p95 {p95:.2f} ms (budget {BUDGET_MS:.0f} ms): {'ok' if p95 <= BUDGET_MS else 'OVER'}")
    print(f"first-time unknown words p95 {first_time:.2f} ms: {'ok' if first_time <= BUDGET_MS else 'OVER'}")
    return 0 if p95 <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
