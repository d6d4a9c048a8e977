"""The golden suite itself: size, coverage, held-out split, and the accuracy gate `make test` enforces."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from eval.service import EvalRun
from eval.suite import load_suite
from semantic_layer.catalog import load_catalog

# Measured offline on the tiny warehouse: about 89% of the cases that run (the 11 feedback cases need the
# feedback index and are reported as not run here; with it all 265 run, see README "Measured figures").
# The gate sits below, so a planner or definition regression fails `make test`.
# The held-out v2 cases (eval/suites/heldout_v2.yml) are mostly answered "I can't" today, which is
# correct behaviour but not accuracy: the gate is the dev split's accuracy plus no wrong answer in a
# held-out case tagged must_not_guess.
MIN_DEV_ACCURACY = 0.90
REQUIRED_TAGS = ("metric", "dimension", "time", "ranking", "comparison", "follow-up", "chinese", "feedback")
REQUIRED_TAGS += ("security", "clarify", "unsupported")
PLANNER_CASES = Path(__file__).resolve().parents[1] / "assistant" / "planner_cases.yml"


def _cases() -> list:  # type: ignore[type-arg]
    return load_suite(catalog=load_catalog())


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _planner_questions() -> set[str]:
    document = yaml.safe_load(PLANNER_CASES.read_text(encoding="utf-8"))
    turns = [c["q"] for c in document["single"]] + [t["q"] for conv in document["conversations"] for t in conv]
    return {_norm(q) for q in turns}


def test_at_least_150_hand_written_cases_and_every_metric_and_dimension() -> None:
    cases = _cases()
    catalog = load_catalog()
    hand_written = [c for c in cases if "verified" not in c.tags]
    assert len(hand_written) >= 150
    tags = {t for c in cases for t in c.tags}
    assert set(catalog.metrics) <= tags
    assert set(catalog.dimensions) <= tags
    assert {f"metric_time__{g}" for g in ("day", "week", "month", "quarter", "year")} <= tags
    for tag in REQUIRED_TAGS:
        assert sum(tag in c.tags for c in cases) >= 5 or tag in ("feedback", "comparison"), tag


def test_held_out_split_is_30_percent_with_wordings_the_planner_tests_do_not_use() -> None:
    cases = _cases()
    held_out = [c for c in cases if c.split == "heldout"]
    assert len(held_out) / len(cases) >= 0.30
    planner = _planner_questions()
    reused = [(c.id, t) for c in held_out for t in c.turns if _norm(t) in planner]
    assert reused == []


def test_suite_accuracy_gate_and_security_is_total(eval_run: EvalRun) -> None:
    summary = eval_run.summary
    failures = [f"{r.case.id}: {r.reason}" for r in eval_run.results if not r.passed and not r.skipped]
    assert summary.by_split["dev"].accuracy >= MIN_DEV_ACCURACY, "\n".join(failures)
    assert summary.guessed == (), f"wrong answers where a guess is wrong: {summary.guessed}\n" + "\n".join(failures)
    assert summary.security.cases >= 20
    assert summary.security.passed == summary.security.cases, "\n".join(f for f in failures if "LEAK" in f)
    assert summary.by_split["heldout"].cases >= 60
    assert summary.latency_p95_ms > 0


def test_every_case_that_ran_was_scored_not_crashed(eval_run: EvalRun) -> None:
    crashed = [f"{r.case.id}: {r.reason}" for r in eval_run.results if "crash" in r.checks]
    assert crashed == []
    skipped = {r.case.id for r in eval_run.results if r.skipped}
    assert skipped <= {c.id for c in _cases() if "feedback_index" in c.needs}


def test_verified_queries_are_cases(eval_run: EvalRun) -> None:
    verified = [r for r in eval_run.results if "verified" in r.case.tags]
    assert len(verified) == len(load_catalog().verified_queries)
    assert sum(r.passed for r in verified) >= len(verified) - 2
