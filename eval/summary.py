"""Scored cases -> the numbers people read: accuracy overall, per split, per tag, latency, security.

Skipped cases (a missing feedback index) are counted and listed but never in the denominators, so
accuracy means "of the cases that ran".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eval.runner import CaseResult, outcome

GATED_TAG = "must_not_guess"


@dataclass(frozen=True)
class TagScore:
    """Cases, and how they ended: passed (correct), visibly not answered, or answered wrongly."""

    tag: str
    cases: int
    passed: int
    not_answered: int = 0
    wrong: int = 0

    @property
    def accuracy(self) -> float:
        return self.passed / self.cases if self.cases else 0.0


@dataclass(frozen=True)
class EvalSummary:
    engine: str
    total: int
    ran: int
    passed: int
    skipped: int
    by_split: dict[str, TagScore]
    by_tag: tuple[TagScore, ...]
    by_check: dict[str, TagScore]
    latency_p50_ms: float
    latency_p95_ms: float
    security: TagScore
    guessed: tuple[str, ...] = ()  # ids of wrong answers in held-out cases tagged must_not_guess

    @property
    def accuracy(self) -> float:
        return self.passed / self.ran if self.ran else 0.0

    def to_json_dict(self) -> dict[str, Any]:
        def score(s: TagScore) -> dict[str, Any]:
            return {
                "cases": s.cases,
                "passed": s.passed,
                "not_answered": s.not_answered,
                "wrong": s.wrong,
                "accuracy": round(s.accuracy, 4),
            }

        return {
            "engine": self.engine,
            "total": self.total,
            "ran": self.ran,
            "passed": self.passed,
            "skipped": self.skipped,
            "accuracy": round(self.accuracy, 4),
            "splits": {name: score(s) for name, s in self.by_split.items()},
            "checks": {name: score(s) for name, s in self.by_check.items()},
            "security": score(self.security),
            "latency_ms": {"p50": self.latency_p50_ms, "p95": self.latency_p95_ms},
            "tags": {s.tag: score(s) for s in self.by_tag},
            "must_not_guess_wrong": list(self.guessed),
        }


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (what "p95" means in most dashboards)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)], 2)


def _score(tag: str, results: Sequence[CaseResult]) -> TagScore:
    outcomes = [outcome(r) for r in results]
    return TagScore(
        tag, len(results), outcomes.count("correct"), outcomes.count("not_answered"), outcomes.count("wrong")
    )


def guessed_cases(results: Sequence[CaseResult]) -> tuple[str, ...]:
    """Held-out cases tagged must_not_guess that got a number which is not the answer: the gate."""
    return tuple(
        r.case.id
        for r in results
        if not r.skipped and r.case.split == "heldout" and GATED_TAG in r.case.tags and outcome(r) == "wrong"
    )


def summarize(results: Sequence[CaseResult], engine: str = "offline") -> EvalSummary:
    ran = [r for r in results if not r.skipped]
    tags = sorted({t for r in ran for t in r.case.tags})
    checks = sorted({c for r in ran for c in r.checks})
    by_check = {
        c: TagScore(c, sum(c in r.checks for r in ran), sum(r.checks.get(c, False) for r in ran)) for c in checks
    }
    return EvalSummary(
        engine=engine,
        total=len(results),
        ran=len(ran),
        passed=sum(r.passed for r in ran),
        skipped=len(results) - len(ran),
        by_split={s: _score(s, [r for r in ran if r.case.split == s]) for s in ("dev", "heldout")},
        by_tag=tuple(_score(t, [r for r in ran if t in r.case.tags]) for t in tags),
        by_check=by_check,
        latency_p50_ms=percentile([r.latency_ms for r in ran], 50),
        latency_p95_ms=percentile([r.latency_ms for r in ran], 95),
        security=_score("security", [r for r in ran if "security" in r.case.tags]),
        guessed=guessed_cases(ran),
    )
