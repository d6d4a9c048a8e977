"""The guard's output objects: the allow/block decision and the guarded result.

These flow one way (STYLE.md): the passes produce notices (`engines.notices.Notice`, the one
notice type, re-exported here for the passes), the service wraps them in a
`GuardDecision`, execution turns that into a `GuardedResult`. All are frozen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from engines.notices import Notice
from engines.status import Status

__all__ = ["GroupSuppression", "GuardDecision", "GuardRejection", "GuardedResult", "Notice"]


class GuardRejection(Exception):
    """Raised by a pass to block the query; carries the notice shown to the user."""

    def __init__(self, notice: Notice) -> None:
        super().__init__(notice.message)
        self.notice = notice


@dataclass(frozen=True)
class GroupSuppression:
    """How aggregate-only roles drop small groups: the threshold of the HAVING the guard added.

    Nothing counts the removed groups: a count would tell whether 1-9 customers match a filter.
    """

    min_group_size: int


@dataclass(frozen=True)
class GuardDecision:
    allowed: bool
    original_sql: str
    sql: str | None = None
    expression: exp.Expr | None = field(default=None, compare=False)
    notices: tuple[Notice, ...] = ()
    suppression: GroupSuppression | None = None
    max_rows: int = 0
    limit_enforced: bool = False
    timeout_seconds: float = 0.0
    noise: Any = field(default=None, compare=False)  # guards.privacy.plan.NoisePlan (it imports this module)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "allowed": self.allowed,
            "sql": self.sql,
            "notices": [n.as_json() for n in self.notices],
        }
        if self.noise is not None:  # what would run instead: stages on the engine, the rest in the guard
            stages = [{"table": s.table, "sql": s.expression.sql(dialect="duckdb")} for s in self.noise.stages]
            data["privacy"] = {"epsilon": self.noise.epsilon, "stages": stages,
                               "released": self.noise.outer.sql(dialect="duckdb")}  # fmt: skip
        return data


@dataclass(frozen=True)
class GuardedResult:
    status: Status  # OK, BLOCKED or ERROR
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    sql: str | None
    original_sql: str
    notices: tuple[Notice, ...]
    row_count: int
    duration_ms: float
    audit_id: str | None = None
    privacy: dict[str, Any] | None = None  # noisy answers: epsilon spent, budget left, ± per column

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "columns": list(self.columns),
            "rows": [list(r) for r in self.rows],
            "sql": self.sql,
            "notices": [n.as_json() for n in self.notices],
            "row_count": self.row_count,
            "duration_ms": round(self.duration_ms, 2),
            "audit_id": self.audit_id,
            "privacy": self.privacy,
        }
