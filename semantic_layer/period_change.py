"""Growth as a series: each period's value next to a baseline period, a governed derived shape.

`period_change: previous_period` compares each period of the query's metric_time grain with the
period just before ("revenue growth each month this year", 环比); `year_over_year` with the same
period a year earlier (同比, "vs the same month last year"). The facts are aggregated once over the
asked range extended back by one period (or one year), so the first period has its baseline; the
rows are then joined to their baseline period and filtered back to the asked range:

    WITH <fact CTEs over the extended range>, period_values AS (<the combined metrics>)
    SELECT cur.keys, cur.m AS m, base.m AS m_previous, (cur.m - base.m) / NULLIF(ABS(base.m), 0) AS m_change_pct
    FROM period_values AS cur LEFT JOIN period_values AS base
      ON base.t = CAST(cur.t - INTERVAL n UNIT AS DATE) AND base.k IS NOT DISTINCT FROM cur.k ...
    WHERE cur.t >= <asked start>

A join on the shifted date, not LAG, so a period without rows never becomes another's baseline.
A period without a baseline value has an empty growth, never 0. The fact CTEs stay at the top of
the statement, so the guards' aggregate-only pipeline noises each released value (including the
baseline periods) and size-checks it like any other compiled query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from sqlglot import exp

from semantic_layer.catalog import Catalog
from semantic_layer.errors import Issue, SemanticQueryError
from semantic_layer.model import METRIC_TIME
from semantic_layer.plan import GroupKey, ResolvedQuery, plan_query
from semantic_layer.query import SemanticQuery, TimeRange

PERIODS, CURRENT, BASE = "period_values", "cur", "base"
# how far back the baseline of one period is, per grain: (count, unit)
PREVIOUS = {"day": (1, "DAY"), "week": (7, "DAY"), "month": (1, "MONTH"), "quarter": (3, "MONTH"), "year": (1, "YEAR")}
YEAR_AGO = {"day": (1, "YEAR"), "month": (1, "YEAR"), "quarter": (1, "YEAR"), "year": (1, "YEAR")}


def baseline_start(start: dt.date, grain: str, change: str) -> dt.date | None:
    """The first day of the baseline period of the period starting `start` (the same shift as the SQL)."""
    shift = (PREVIOUS if change == "previous_period" else YEAR_AGO).get(grain)
    if shift is None:
        return None
    count, unit = shift
    if unit == "DAY":
        return start - dt.timedelta(days=count)
    total = start.year * 12 + start.month - 1 - count * (12 if unit == "YEAR" else 1)
    year, month = divmod(total, 12)
    last_day = (dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(start.day, last_day))


def baseline_column(metric: str) -> str:
    return f"{metric}_previous"


def growth_column(metric: str) -> str:
    return f"{metric}_change_pct"


def change_columns(metrics: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(column for m in metrics for column in (baseline_column(m), growth_column(m)))


def _issue(message: str) -> SemanticQueryError:
    return SemanticQueryError((Issue("bad_period_change", message, "period_change"),))


def time_key(plan: ResolvedQuery) -> GroupKey:
    keys = [key for key in plan.group_by if key.dimension is None and key.name.startswith(f"{METRIC_TIME}__")]
    if len(keys) != 1:
        raise _issue("a change per period needs exactly one metric_time grain in group_by (e.g. metric_time__month)")
    return keys[0]


def offset(query: SemanticQuery, grain: str) -> tuple[int, str]:
    steps = PREVIOUS if query.period_change == "previous_period" else YEAR_AGO
    if grain not in steps:
        raise _issue(f"a change against the same period a year earlier is not defined for the grain '{grain}'")
    return steps[grain]


def shift_back(day: dt.date, count: int, unit: str) -> dt.date:
    """`day` moved back by the offset (month ends clamp: 31 March minus one month is 28/29 February)."""
    if unit == "DAY":
        return day - dt.timedelta(days=count)
    index = day.year * 12 + day.month - 1 - (count * 12 if unit == "YEAR" else count)
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _aligned(day: dt.date, grain: str) -> bool:
    if grain == "day":
        return True
    if grain == "week":
        return day.weekday() == 0
    months = {"month": 1, "quarter": 3, "year": 12}[grain]
    return day.day == 1 and (day.month - 1) % months == 0


def extended_range(query: SemanticQuery, grain: str) -> TimeRange | None:
    """The asked range with its start moved back by one baseline offset (None: no range asked)."""
    span = query.time_range
    if span is None or span.start is None:
        return span
    if not _aligned(span.start, grain):
        raise _issue(f"a change per {grain} needs the range to start on the first day of a {grain} ({span.start})")
    count, unit = offset(query, grain)
    return span.model_copy(update={"start": shift_back(span.start, count, unit)})


def check_period_change(query: SemanticQuery) -> None:
    if query.share_of_total or query.rank_within:
        raise _issue("a change per period cannot be combined with share_of_total or rank_within")


def period_change_problem(query: SemanticQuery, catalog: Catalog) -> str | None:
    """Why this growth series cannot be compiled, in words (None when it can): for callers that ask first."""
    try:
        check_period_change(query)
        grain = time_key(plan_query(query, catalog)).grain or ""
        offset(query, grain)
        extended_range(query, grain)
    except SemanticQueryError as error:
        return "; ".join(issue.message for issue in error.issues)
    return None


def _as_date(column: exp.Expr) -> exp.Expr:
    """Period keys are DATEs; the guards' noisy release may hand them over as text, so cast again."""
    return exp.cast(column, "date")


def _join_condition(plan: ResolvedQuery, key: GroupKey, step: tuple[int, str]) -> exp.Expr:
    interval = exp.Interval(this=exp.Literal.string(str(step[0])), unit=exp.Var(this=step[1]))
    shifted = exp.cast(exp.Sub(this=_as_date(exp.column(key.name, CURRENT)), expression=interval), "date")
    conditions: list[exp.Expr] = [exp.EQ(this=_as_date(exp.column(key.name, BASE)), expression=shifted)]
    conditions += [
        exp.NullSafeEQ(this=exp.column(k.name, BASE), expression=exp.column(k.name, CURRENT))
        for k in plan.group_by
        if k.name != key.name
    ]
    return exp.and_(*conditions, copy=False)


def _values(plan: ResolvedQuery) -> list[exp.Expr]:
    selected: list[exp.Expr] = [exp.column(key.name, CURRENT).as_(key.name) for key in plan.group_by]
    for metric in plan.metrics:
        now, then = exp.column(metric.name, CURRENT), exp.column(metric.name, BASE)
        change = exp.Div(
            this=exp.cast(exp.Paren(this=exp.Sub(this=now.copy(), expression=then.copy())), "double"),
            expression=exp.Nullif(this=exp.Abs(this=then.copy()), expression=exp.Literal.number(0)),
        )
        selected += [
            now.as_(metric.name),
            then.as_(baseline_column(metric.name)),
            change.as_(growth_column(metric.name)),
        ]
    return selected


def _order(plan: ResolvedQuery) -> list[exp.Ordered]:
    chosen = {o.field for o in plan.order_by}
    ordering = [exp.Ordered(this=exp.column(o.field, CURRENT), desc=o.desc) for o in plan.order_by]
    return ordering + [exp.Ordered(this=exp.column(k.name, CURRENT)) for k in plan.group_by if k.name not in chosen]


def with_period_change(
    query: SemanticQuery, plan: ResolvedQuery, catalog: Catalog, combine: Callable[[ResolvedQuery, Catalog], exp.Select]
) -> exp.Select:
    """The combined metrics over the extended range, each row joined to its baseline period."""
    check_period_change(query)
    key = time_key(plan)
    step = offset(query, key.grain or "")
    inner = combine(replace(plan, time_range=extended_range(query, key.grain or ""), order_by=(), limit=None), catalog)
    with_ = inner.args.get("with_")
    inner.set("with_", None)
    outer = exp.select(*_values(plan)).from_(exp.alias_(exp.to_table(PERIODS), CURRENT, table=True), copy=False)
    outer = outer.join(
        exp.alias_(exp.to_table(PERIODS), BASE, table=True), on=_join_condition(plan, key, step), join_type="left"
    )
    span = query.time_range
    if span is not None and span.start is not None:
        outer = outer.where(
            _as_date(exp.column(key.name, CURRENT)) >= exp.cast(exp.Literal.string(span.start.isoformat()), "date")
        )
    for cte in with_.expressions if with_ else []:
        outer = outer.with_(cte.alias_or_name, as_=cte.this, copy=False)
    outer = outer.with_(PERIODS, as_=inner, copy=False).order_by(*_order(plan), copy=False)
    return outer.limit(plan.limit, copy=False) if plan.limit else outer
