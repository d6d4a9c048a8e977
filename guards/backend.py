"""Running a guard decision on the configured engine: the guards' side of the engines layer.

The engines (engines/) render a tree for their dialect and run it hardened; this module hands them
what the guards decided: the rewritten tree, the role's row and time limits, the byte budgets
(CDM_CELL_BYTES, CDM_ANSWER_BYTES) and the engine policy (allowed tables, denied functions:
`engine_policy.py`). An engine's final check that refuses the text becomes a `GuardRejection`;
`ExecutionError` (fixed text, safe to show) passes through.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from data.settings import setting
from engines.base import EngineRejection, ExecutionEngine, ExecutionError, QueryOutput, RunLimits
from engines.notice_figures import ByteBudget
from engines.selection import execution_engine
from guards.decision import GuardDecision, GuardRejection, Notice
from guards.engine_policy import engine_policy

__all__ = ["BackendOutput", "ExecutionBackend", "ExecutionError", "GuardedBackend", "execution_backend"]


@dataclass(frozen=True)
class BackendOutput:
    output: QueryOutput
    notices: tuple[Notice, ...] = ()


class ExecutionBackend(Protocol):
    @property
    def engine(self) -> str: ...

    def render(self, decision: GuardDecision) -> str:
        """The engine's SQL for the decision's rewritten tree: what runs, and what the audit records."""
        ...

    def run(self, decision: GuardDecision, sql: str) -> BackendOutput:
        """Runs `sql` (the rendered decision); raises ExecutionError or GuardRejection."""
        ...


def run_limits(decision: GuardDecision) -> RunLimits:
    cell, answer = int(setting("CDM_CELL_BYTES")), int(setting("CDM_ANSWER_BYTES"))
    return RunLimits(decision.max_rows, decision.timeout_seconds, cell_bytes=cell, answer_bytes=answer)


def budget_notices(output: QueryOutput, limits: RunLimits) -> tuple[Notice, ...]:
    notices = []
    if output.cut_cells:
        message = f"{output.cut_cells} value(s) longer than {limits.cell_bytes:,} bytes were cut short"
        notices.append(Notice("cell_budget", message, figures=ByteBudget(output.cut_cells, limits.cell_bytes)))
    if output.byte_limited:
        message = f"only the first {len(output.rows)} rows are shown: the answer reached {limits.answer_bytes:,} bytes"
        notices.append(Notice("answer_budget", message, figures=ByteBudget(len(output.rows), limits.answer_bytes)))
    return tuple(notices)


@dataclass(frozen=True)
class GuardedBackend:
    executor: ExecutionEngine

    @property
    def engine(self) -> str:
        return self.executor.engine

    def render(self, decision: GuardDecision) -> str:
        assert decision.expression is not None
        return self.executor.render(decision.expression, run_limits(decision))

    def run(self, decision: GuardDecision, sql: str) -> BackendOutput:
        assert decision.expression is not None
        limits = run_limits(decision)
        try:
            output = self.executor.run(decision.expression, sql, limits)
        except EngineRejection as rejection:
            raise GuardRejection(Notice(rejection.code, rejection.message)) from rejection
        return BackendOutput(output, budget_notices(output, limits))


def execution_backend(warehouse: Path | None = None) -> ExecutionBackend:
    """The configured engine with the guards' policy; on DuckDB the given warehouse file (default: CDM_WAREHOUSE)."""
    return GuardedBackend(execution_engine(engine_policy, warehouse))
