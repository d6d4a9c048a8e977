"""Guard overhead (parse + passes + emit) per role, p50/p95 per statement, side by side in one run.

    .venv/bin/python benchmarks/bench_guard.py [--rounds 20] [--repeat 3]

Runs on one core in-process; nothing touches the warehouse. The compiled sqlglot extension
(`pip install sqlglotc`) is used automatically by sqlglot when installed; the output says which.

- analyst, regional_manager: the 46 false-positive statements (free SQL).
- viewer, marketing (aggregate-only, differential privacy): 8 compiled semantic queries (one to
  three facts, ratios, derived metrics, pain points). "guard" is the guard step with its noise plan
  (OpenDP calibration); "accounting" is what runs after the engine: the query key (HMAC), the
  budget check and charge (SQLite ledger in a temporary CDM_HOME), seeded noise over 7 groups per
  stage and the rest of the statement over the noisy values (in-memory DuckDB). Every round is a
  new question (charged), so nothing is served from a repeat.

CPU time is the fair figure on a shared machine (wall time includes waiting for a core); the
load average is printed before and after. With --repeat the whole measurement runs again and the
last table gives the median of the runs' figures.
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
FREE_SQL_ROLES: tuple[tuple[str, dict[str, str]], ...] = (("analyst", {}), ("regional_manager", {"region": "East"}))
PRIVACY_ROLES = ("viewer", "marketing")
Clock = Callable[[], float]
Samples = dict[str, list[float]]  # "role step clock" -> ms


def compiled_sqlglot() -> str:
    import sqlglot.parser

    return "compiled (sqlglotc)" if sqlglot.parser.__file__.endswith((".so", ".pyd")) else "pure Python"


def measure_free_sql(rounds: int, samples: Samples) -> None:
    for role, attrs in FREE_SQL_ROLES:
        principal = Principal(None, role, attrs)
        for sql, _ in ORDINARY:
            guard_sql(sql, principal)  # warm caches (policies, views, function allowlist)
        for _ in range(rounds):
            for sql, _ in ORDINARY:
                cpu, wall = time.process_time(), time.perf_counter()
                decision = guard_sql(sql, principal)
                samples.setdefault(f"{role} guard cpu", []).append((time.process_time() - cpu) * 1000)
                samples.setdefault(f"{role} guard wall", []).append((time.perf_counter() - wall) * 1000)
                assert decision.allowed, decision.notices


def _fake_stage_rows(stage: Stage) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    """What an engine would return for a stage: keys and raw parts (the bench never runs SQL)."""
    parts = [p for v in stage.values for p in v.parts]
    columns = (*stage.keys, *parts)
    rows = tuple((*(f"g{i}" for _ in stage.keys), *(1000.0 + i for _ in parts)) for i in range(GROUPS))
    return columns, rows


def _record(samples: Samples, name: str, cpu: float, wall: float) -> None:
    samples.setdefault(f"{name} cpu", []).append(cpu * 1000)
    samples.setdefault(f"{name} wall", []).append(wall * 1000)


def measure_privacy(rounds: int, samples: Samples, run: int) -> None:
    trees = [compile_query(SemanticQuery.model_validate(q)).expression for q in SEMANTIC]
    for role in PRIVACY_ROLES:
        settings = load_policies().roles[role].privacy
        assert settings is not None
        principal = Principal(f"bench-{role}", role)
        who = principal_id(principal)
        for round_ in range(rounds + 1):
            for tree in trees:
                cpu, wall = time.process_time(), time.perf_counter()
                decision = guard_sql(tree, principal, origin="semantic")
                guarded_cpu, guarded_wall = time.process_time(), time.perf_counter()
                assert decision.allowed and decision.noise is not None, decision.notices
                key = query_key(who, f"{run}.{round_}\n{decision.sql}")  # a new question each round: charged
                budget_state(settings, who, key)
                release(decision.noise, _fake_stage_rows, key, settings.confidence, decision.max_rows)
                charge(settings, who, key, decision.noise.epsilon)
                if round_:  # the first round warms caches
                    _record(samples, f"{role} guard", guarded_cpu - cpu, guarded_wall - wall)
                    _record(samples, f"{role} accounting", time.process_time() - guarded_cpu,
                            time.perf_counter() - guarded_wall)  # fmt: skip


def cuts(values: list[float]) -> tuple[float, float]:
    quantiles = statistics.quantiles(values, n=100)
    return quantiles[49], quantiles[94]


def table(figures: dict[str, tuple[float, float]], title: str) -> str:
    lines = [title, f"{'role':<17} {'step':<11} {'cpu p50':>8} {'cpu p95':>8} {'wall p50':>9} {'wall p95':>9}"]
    order = [*PRIVACY_ROLES, *(role for role, _ in FREE_SQL_ROLES)]
    names = sorted(
        {key.rsplit(" ", 1)[0] for key in figures}, key=lambda n: (order.index(n.split()[0]), n[-5:] != "guard")
    )
    for name in names:
        role, step = name.split(" ", 1)
        (cpu50, cpu95), (wall50, wall95) = figures[f"{name} cpu"], figures[f"{name} wall"]
        lines.append(f"{role:<17} {step:<11} {cpu50:>8.2f} {cpu95:>8.2f} {wall50:>9.2f} {wall95:>9.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=1, help="run the whole measurement this many times")
    args = parser.parse_args()
    os.environ["CDM_HOME"] = tempfile.mkdtemp(prefix="bench-guard-")  # the privacy secret and budget ledger
    os.environ["CDM_PRIVACY_BUDGET"] = "1e12"
    print(f"sqlglot: {compiled_sqlglot()}; {len(ORDINARY)} free-SQL statements and {len(SEMANTIC)} semantic "
          f"queries x {args.rounds} rounds; ms per statement")  # fmt: skip
    runs: list[dict[str, tuple[float, float]]] = []
    for run in range(args.repeat):
        before = os.getloadavg()[0]
        samples: Samples = {}
        measure_privacy(args.rounds, samples, run)
        measure_free_sql(args.rounds, samples)
        runs.append({key: cuts(values) for key, values in samples.items()})
        print(table(runs[-1], f"\nrun {run + 1}: load average {before:.1f} -> {os.getloadavg()[0]:.1f}"))
    if len(runs) > 1:
        median = {
            k: (statistics.median(r[k][0] for r in runs), statistics.median(r[k][1] for r in runs)) for k in runs[0]
        }
        print(table(median, f"\nmedian of {len(runs)} runs"))


if __name__ == "__main__":
    main()
