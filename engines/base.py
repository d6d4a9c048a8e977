"""The execution protocol, its inputs, output and errors (engines import nothing above `data`).

Two error channels, as everywhere: `ExecutionError` for an engine that could not run a statement
(fixed text, safe to show: engines echo data values in their own messages), `EngineRejection` for
text an engine's own parser check refuses (the guards turn it into a notice).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlglot import exp

from engines.notice_figures import EngineProblem, TimeLimit


class ExecutionError(Exception):
    """The engine could not run a guarded statement; `message` is fixed text safe to show."""

    def __init__(self, message: str, figures: EngineProblem | TimeLimit | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.figures = figures  # the same, as data (the notice is worded from it in the reply language)


class EngineRejection(Exception):
    """An engine's final check refused the text about to run; `code` and `message` become a notice."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class EnginePolicy:
    """What the guards allow at the engine's level: base tables and denied function names/patterns."""

    tables: frozenset[str]
    denied_functions: tuple[str, ...] = ()
    view_alias: str = ""  # how the guards' policy views alias their base table (their masking is trusted)


@dataclass(frozen=True)
class RunLimits:
    """Per statement: rows, seconds, bytes per cell and bytes per answer (cells cut, rows dropped)."""

    max_rows: int
    timeout_seconds: float
    cell_bytes: int = 0  # 0: no budget (tests, trusted reads)
    answer_bytes: int = 0


@dataclass(frozen=True)
class QueryOutput:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    truncated: bool
    cut_cells: int = 0  # values longer than the cell budget, shortened
    byte_limited: bool = False  # rows left out because the answer's byte budget was reached


class ExecutionEngine(Protocol):
    """Renders a canonical (DuckDB-dialect) tree for its engine and runs the rendered text."""

    @property
    def engine(self) -> str: ...

    def render(self, expression: exp.Expr, limits: RunLimits) -> str:
        """The engine's SQL for the tree: what runs, what the audit records and what users read.
        Never raises for a bad statement (`run` reports it)."""
        ...

    def run(self, expression: exp.Expr, sql: str, limits: RunLimits) -> QueryOutput:
        """Checks `sql` (the rendered tree) with the engine's parser against the engine's policy and
        runs it; raises ExecutionError or EngineRejection."""
        ...


class WarehouseBackend(Protocol):
    """An engine's view of the warehouse: where it is, a change stamp for caches, trusted reads."""

    @property
    def engine(self) -> str: ...

    @property
    def location(self) -> Path: ...

    def stamp(self) -> float:
        """Changes whenever the data is rebuilt or exported again (cache keys use it)."""
        ...

    def fetch(self, query: exp.Expr) -> list[tuple[Any, ...]]:
        """Runs a fixed query the product built (never user input) and returns every row."""
        ...
