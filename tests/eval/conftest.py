"""One full run of the golden suite per test session, on the tiny warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.service import EvalRun, run_eval


@pytest.fixture(scope="session")
def eval_run(tiny_warehouse: Path) -> EvalRun:
    return run_eval(warehouse=tiny_warehouse)
