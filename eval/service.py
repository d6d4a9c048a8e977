"""The eval's one entry point: load the suite, answer every case, score, summarize.

The CLI, the metric-change workflow and `make test` all call `run_eval`, so they measure the same
thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from data.errors import CdmError
from data.settings import warehouse_path
from engines.selection import warehouse_backend
from eval.engine import AskEngine
from eval.runner import CaseResult, Progress, run_suite
from eval.suite import load_suite
from eval.summary import EvalSummary, summarize


@dataclass(frozen=True)
class EvalRun:
    results: list[CaseResult]
    summary: EvalSummary
    engine: AskEngine


def make_engine(engine: str = "offline", warehouse: Path | None = None, definitions: Path | None = None) -> AskEngine:
    warehouse_backend(warehouse)  # CdmError when the warehouse (or the Spark export) is missing
    return AskEngine((warehouse or warehouse_path()).resolve(), engine, definitions)


def run_eval(
    suite: Path | None = None,
    *,
    engine: str = "offline",
    warehouse: Path | None = None,
    definitions: Path | None = None,
    tags: Sequence[str] = (),
    progress: Progress | None = None,
) -> EvalRun:
    asker = make_engine(engine, warehouse, definitions)
    cases = load_suite(suite, catalog=asker.catalog, tags=tags)
    if not cases:
        raise CdmError(f"no eval cases match the tags {', '.join(tags)}")
    results = run_suite(cases, asker, progress)
    return EvalRun(results, summarize(results, engine), asker)


def count_cases(suite: Path | None = None, tags: Sequence[str] = (), definitions: Path | None = None) -> int:
    from semantic_layer.catalog import load_catalog

    return len(load_suite(suite, catalog=load_catalog(definitions), tags=tags))
