"""The semantic query: the one JSON shape the assistant, the CLI and the eval suite send to the compiler.

Shape (a contract): {"metrics": [...], "group_by": [...], "filters": [{"dimension", "op", "value"}],
"time_range": {"start", "end", "days_of_week"}, "order_by": [{"field", "desc"}], "limit": N, "share_of_total": false,
"rank_within": [...], "period_change": "previous_period" | "year_over_year"}. Names are checked
against the catalog by the compiler, not here, so this module stays independent of the catalog.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

FilterOp = Literal["=", "!=", "in", "not in", ">", ">=", "<", "<=", "between", "like"]
Scalar = str | bool | int | float
FilterValue = Scalar | list[Scalar]
OPS: tuple[str, ...] = ("=", "!=", "in", "not in", ">", ">=", "<", "<=", "between", "like")
PeriodChange = Literal["previous_period", "year_over_year"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Filter(_Frozen):
    dimension: str
    op: FilterOp
    value: FilterValue

    @field_validator("op", mode="before")
    @classmethod
    def _normalise_op(cls, op: object) -> object:
        if isinstance(op, str):
            spaced = " ".join(op.lower().split())
            return {"==": "=", "<>": "!=", "not_in": "not in"}.get(spaced, spaced)
        return op


class TimeRange(_Frozen):
    """Inclusive calendar dates, applied to each metric's own time dimension."""

    start: dt.date | None = None
    end: dt.date | None = None
    # only these ISO days of the week (1 Monday .. 7 Sunday): weekends are (6, 7) (semantic_layer/day_of_week.py)
    days_of_week: tuple[int, ...] | None = None

    @field_validator("days_of_week")
    @classmethod
    def _iso_days(cls, days: tuple[int, ...] | None) -> tuple[int, ...] | None:
        if days is not None and (not days or any(not 1 <= day <= 7 for day in days)):
            raise ValueError("days_of_week are ISO days 1 (Monday) to 7 (Sunday), at least one")
        return tuple(sorted(set(days))) if days is not None else None


class OrderBy(_Frozen):
    field: str
    desc: bool = False


class SemanticQuery(_Frozen):
    metrics: tuple[str, ...] = Field(min_length=1)
    group_by: tuple[str, ...] = ()
    filters: tuple[Filter, ...] = ()
    time_range: TimeRange | None = None
    order_by: tuple[OrderBy, ...] = ()
    limit: int | None = Field(default=None, ge=1)
    # each row's value as a share of the same metric over the period, unfiltered (semantic_layer/share.py)
    share_of_total: bool | None = None
    # keep the first `limit` rows of each group of these keys, not overall (semantic_layer/group_ranking.py)
    rank_within: tuple[str, ...] | None = None
    # each period's change against the period before, or the same period a year earlier (semantic_layer/period_change.py)
    period_change: PeriodChange | None = None

    def to_json(self) -> str:
        return self.model_dump_json(exclude_none=True)
