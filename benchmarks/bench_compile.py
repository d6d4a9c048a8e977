"""Compile and render speed of the semantic layer: every verified query, in every dialect.

Run: .venv/bin/python benchmarks/bench_compile.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from semantic_layer.catalog import load_catalog
from semantic_layer.compiler import compile_query
from semantic_layer.render import DIALECTS


def _timed(function: object, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    start = time.perf_counter()
    catalog = load_catalog()
    print(f"load catalog: {(time.perf_counter() - start) * 1000:.1f} ms ({len(catalog.metrics)} metrics)")
    queries = [vq.query for vq in catalog.verified_queries]
    per_query = _timed(lambda: [compile_query(q, catalog) for q in queries], rounds)
    median = statistics.median(per_query) / len(queries)
    print(f"compile + render (duckdb): {median:.2f} ms per query (median over {len(queries)} queries x {rounds})")
    compiled = [compile_query(q, catalog) for q in queries]
    for dialect in DIALECTS:
        samples = _timed(lambda d=dialect: [c.render(d) for c in compiled], rounds)
        print(f"render {dialect:<10} {statistics.median(samples) / len(queries):.2f} ms per query")


if __name__ == "__main__":
    main()
