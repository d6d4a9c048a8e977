"""The golden eval suite answered on Spark gives DuckDB's answers, case by case: same status, same
rows (floats within a tolerance; in any order unless the case fixes it). Both runs use the same
planner, semantic layer and guards; only the execution backend differs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from eval.engine import AskEngine
from eval.runner import converse, principal_of
from eval.scoring import compare_results
from eval.service import EvalRun


def test_every_eval_case_gets_the_same_answer_on_spark(eval_run: EvalRun, use_spark: Callable[[], Path]) -> None:
    engine = AskEngine(use_spark().resolve(), "offline")
    differences, compared = [], 0
    for result in eval_run.results:
        if result.skipped:
            continue
        answer, _ = converse(result.case, principal_of(result.case), engine)
        rows = tuple(tuple(r) for r in answer.rows)
        if answer.status.value != result.status:
            differences.append(f"{result.case.id}: status {answer.status.value} on Spark, {result.status} on DuckDB")
            continue
        match = compare_results(result.rows, rows, ordered=result.case.expect.ordered, tolerance=1e-6)
        if not match.ok:
            differences.append(f"{result.case.id}: {match.reason}")
        compared += bool(rows)
    assert differences == [], "\n".join(differences)
    assert compared >= 150  # cases with rows on both engines, compared value by value
