"""Guard overhead (parse + passes + emit) over the false-positive suite, as p50/p95 per statement.

    .venv/bin/python benchmarks/bench_guard.py [--rounds 20]

Runs on one core in-process; nothing touches the warehouse. The compiled sqlglot extension
(`pip install sqlglotc`) is used automatically by sqlglot when installed; the output says which.

The viewer rows measure governed (compiled) queries with differential privacy: the guard step with
its noise plan (OpenDP calibration), and the privacy accounting after the engine: the query key
(HMAC), the budget check and charge (SQLite ledger in a temporary CDM_HOME), seeded noise over 7
groups per stage and the rest of the statement run over the noisy values (in-memory DuckDB).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "guards"))
sys.path.insert(0, str(ROOT))

from guard_ordinary import ORDINARY  # noqa: E402

from guards.policy import load_policies  # noqa: E402
from guards.principal import Principal  # noqa: E402
from guards.privacy.answer import principal_id  # noqa: E402
from guards.privacy.budget import budget_state, charge  # noqa: E402
from guards.privacy.noise import query_key  # noqa: E402
from guards.privacy.plan import Stage  # noqa: E402
from guards.privacy.release import release  # noqa: E402
from guards.service import guard_sql  # noqa: E402
from semantic_layer.compiler import compile_query  # noqa: E402
from semantic_layer.query import SemanticQuery  # noqa: E402

SEMANTIC = (
    {"metrics": ["revenue"], "group_by": ["region"]},
    {"metrics": ["revenue", "order_count", "aov"], "group_by": ["region"]},
    {"metrics": ["net_revenue"], "group_by": ["metric_time__month"]},
    {
        "metrics": ["revenue", "return_rate"],
        "group_by": ["city"],
        "filters": [{"dimension": "member_tier", "op": "=", "value": "Gold"}],
    },
    {"metrics": ["customer_count"], "group_by": ["gender", "member_tier"]},
    {"metrics": ["item_revenue", "units_sold"], "group_by": ["category"]},
    {"metrics": ["ticket_count", "csat"], "group_by": ["region"]},
    {"metrics": ["pain_point_reviews"], "group_by": ["pain_point"]},
)
GROUPS = 7


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


def _fake_stage_rows(stage: Stage) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    """What an engine would return for a stage: keys and raw parts (the bench never runs SQL)."""
    parts = [p for v in stage.values for p in v.parts]
    columns = (*stage.keys, *parts)
    rows = tuple((*(f"g{i}" for _ in stage.keys), *(1000.0 + i for _ in parts)) for i in range(GROUPS))
    return columns, rows


def measure_privacy(rounds: int, clock: Callable[[], float]) -> dict[str, list[float]]:
    settings = load_policies().roles["viewer"].privacy
    assert settings is not None
    trees = [compile_query(SemanticQuery.model_validate(q)).expression for q in SEMANTIC]
    guard, account = [], []
    principal = Principal("bench", "viewer")
    who = principal_id(principal)
    for round_ in range(rounds + 1):
        for tree in trees:
            started = clock()
            decision = guard_sql(tree, principal, origin="semantic")
            guarded = clock()
            assert decision.allowed and decision.noise is not None, decision.notices
            key = query_key(who, f"{round_}\n{decision.sql}")  # a new question each round: charged
            budget_state(settings, who, key)
            release(decision.noise, _fake_stage_rows, key, settings.confidence, decision.max_rows)
            charge(settings, who, key, decision.noise.epsilon)
            if round_:  # the first round warms caches
                guard.append((guarded - started) * 1000)
                account.append((clock() - guarded) * 1000)
    return {"viewer (guard + noise plan)": guard, "viewer (privacy accounting)": account}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    print(f"sqlglot: {compiled_sqlglot()}; {len(ORDINARY)} statements x {args.rounds} rounds")
    # CPU time is the fair figure on a shared machine; wall time includes waiting for a core.
    os.environ["CDM_HOME"] = tempfile.mkdtemp(prefix="bench-guard-")  # the privacy secret and budget ledger
    os.environ["CDM_PRIVACY_BUDGET"] = "1e12"
    for label, clock in (("cpu", time.process_time), ("wall", time.perf_counter)):
        for role, samples in {**measure(args.rounds, clock), **measure_privacy(args.rounds, clock)}.items():
            cuts = statistics.quantiles(samples, n=100)
            print(f"{label:>4} {role:>28}: p50 {cuts[49]:.2f} ms  p95 {cuts[94]:.2f} ms  max {max(samples):.2f} ms")


if __name__ == "__main__":
    main()
