"""Releases a noise plan: stages run on the engine, noise is added here, the rest runs over it.

The stages' raw sums and counts exist only inside this module: each gets seeded Laplace noise
(noise.py) at the plan's scale, is rounded and kept in range (post-processing, free in DP terms),
and the rest of the statement runs on an in-memory DuckDB (no files, no extensions, no network)
over the noisy values, so every ratio, derived metric, rank and share is computed from noisy values.
The noisy stages enter that statement as CTEs over list parameters (one statement per answer).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

import duckdb
import sqlglot
from sqlglot import exp

from guards.privacy.calibrate import half_width
from guards.privacy.noise import laplace, secret, uniform
from guards.privacy.plan import NoisePlan, ReleasedValue, Stage, from_and_joins

RunStage = Callable[[Stage], tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]]
IN_MEMORY: dict[str, str | bool | int | float | list[str]] = {"enable_external_access": False, "autoinstall_known_extensions": False,
             "autoload_known_extensions": False, "threads": 1, "memory_limit": "256MB"}  # fmt: skip


_DUCKDB = sqlglot.Dialect.get_or_raise("duckdb")  # `.sql(dialect=...)` looks it up and copies the tree each time
_DATABASE: list[duckdb.DuckDBPyConnection] = []
_LOCK = threading.Lock()


@contextmanager
def _scratch() -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of one in-memory database per process (opening DuckDB costs 10-80 ms); the noisy
    values are parameters of the one statement run on it, never stored in the database."""
    with _LOCK:
        if not _DATABASE:
            _DATABASE.append(duckdb.connect(":memory:", config=IN_MEMORY))
        cursor = _DATABASE[0].cursor()
    try:
        yield cursor
    finally:
        cursor.close()


@dataclass(frozen=True)
class Released:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    margins: dict[str, float | None]  # output column -> "± about", None: approximate without a figure


def _noisy(
    value: ReleasedValue, raw: Sequence[Any], key: str, table: str, group: Sequence[Any], salt: bytes
) -> tuple[Any, float]:
    """The released value and its ± at the plan's confidence (computed by the caller's half_width)."""
    noisy = [float(r or 0) + laplace(uniform(key, table, value.name, i, list(group), secret_bytes=salt), s)
             for i, (r, s) in enumerate(zip(raw, value.scales, strict=True))]  # fmt: skip
    bound = value.bound
    if bound.kind == "count":
        return max(0, round(noisy[0])), value.scales[0]
    if bound.kind == "sum":
        released = max(noisy[0], 0.0) if bound.low >= 0 else noisy[0]
        return (round(released) if isinstance(raw[0], int) else round(released, 2)), value.scales[0]
    count = max(noisy[1], 1.0)
    average = min(max(noisy[0] / count, bound.low), bound.high)
    spread = (value.scales[0] + abs(average) * value.scales[1]) / count
    return round(average, 4), min(spread, (bound.high - bound.low) / 3)  # never wider than the range


def _noisy_rows(stage: Stage, columns: tuple[str, ...], rows: Sequence[Sequence[Any]], key: str,
                confidence: float) -> tuple[list[tuple[Any, ...]], dict[str, float]]:  # fmt: skip
    index = {name: i for i, name in enumerate(columns)}
    margins: dict[str, float] = {}
    released = []
    salt = secret()
    for row in rows:
        group = [row[index[k]] for k in stage.keys]
        values = []
        for value in stage.values:
            number, scale = _noisy(value, [row[index[p]] for p in value.parts], key, stage.table, group, salt)
            values.append(number)
            margins[value.name] = max(margins.get(value.name, 0.0), half_width(scale, confidence))
        released.append((*group, *values))
    return released, margins


def _sql_type(values: Sequence[Any], numeric: bool) -> str:
    present = [v for v in values if v is not None]
    if all(isinstance(v, bool) for v in present) and present:
        return "BOOLEAN"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present) and present:
        return "BIGINT"
    if numeric or (present and all(isinstance(v, (int, float)) for v in present)):
        return "DOUBLE"
    return "VARCHAR"


# Values DuckDB converts in a list exactly as one by one (a list unifies DECIMAL scales, so 1.5 and
# 10.25 would read 1.50): their column is one list parameter; any other column one parameter per value.
LIST_SAFE = (str, dt.date)  # datetime is a date


@cache
def _data_type(sql_type: str) -> exp.DataType:
    return exp.DataType.build(sql_type, dialect="duckdb")


def _cast_parameter(sql_type: str) -> exp.Expr:
    return exp.Cast(this=exp.Placeholder(), to=_data_type(sql_type).copy())


def _column(values: list[Any], sql_type: str) -> tuple[exp.Expr, list[Any]]:
    """`UNNEST(...)` of one column's values, cast to its type, and the parameters it binds."""
    if sql_type != "VARCHAR" or all(v is None or isinstance(v, LIST_SAFE) for v in values):
        return exp.Unnest(expressions=[_cast_parameter(f"{sql_type}[]")]), [values]
    items = [_cast_parameter(sql_type) for _ in values]
    return exp.Unnest(expressions=[exp.Array(expressions=items)]), values


def _stage_cte(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]],
               numeric: set[str]) -> tuple[exp.CTE, list[Any]]:  # fmt: skip
    """A stage's rows as a CTE of the release statement (one statement in all: temporary tables
    cost a CREATE and an INSERT each, most of the release's time), with the types a table would have."""
    projections, parameters = [], []
    for i, name in enumerate(columns):
        values = [r[i] for r in rows]
        expression, bound = _column(values, _sql_type(values, name in numeric))
        projections.append(exp.alias_(expression, name))
        parameters += bound
    body = exp.select(*projections, copy=False)
    return exp.CTE(this=body, alias=exp.TableAlias(this=exp.to_identifier(table))), parameters


def _release_statement(outer: exp.Query, ctes: list[tuple[exp.CTE, list[Any]]]) -> tuple[str, list[Any]]:
    """The rest of the statement over the stage CTEs (they come first: the outer's own CTEs read them)."""
    statement = outer.copy()
    own = statement.args.get("with_")
    statement.set("with_", exp.With(expressions=[*(c for c, _ in ctes), *(own.expressions if own else [])]))
    return _DUCKDB.generate(statement, copy=False), [p for _, parameters in ctes for p in parameters]


def _margins(outer: exp.Query, stage_margins: dict[str, dict[str, float]]) -> dict[str, float | None]:
    """± of each output column that carries noise: a stage value passed through (or COALESCEd, or
    added/subtracted: the margins add up, or read through a subquery such as a share's `shown`);
    anything else computed from noisy values is approximate."""
    select = outer if isinstance(outer, exp.Select) else outer.find(exp.Select)
    if select is None:
        return {}
    noisy_names = {n for margins in stage_margins.values() for n in margins}
    result: dict[str, float | None] = {}
    for projection in select.expressions:
        if any(c.name in noisy_names for c in projection.find_all(exp.Column)):
            result[projection.alias_or_name] = _margin(projection.unalias(), select, stage_margins)
    return result


def _source_of(column: exp.Column, select: exp.Select) -> exp.Expr | None:
    """The FROM / JOIN source (a stage table, or a subquery) a column of `select` reads: the one its
    qualifier names, else the only one; None when the qualifier names no source or several could hold it."""
    sources = {source.alias_or_name: source for source in from_and_joins(select)}
    if column.table:
        return sources.get(column.table)
    if len(sources) == 1:
        return next(iter(sources.values()))
    return None


def _margin(node: exp.Expr, select: exp.Select, stage_margins: dict[str, dict[str, float]]) -> float | None:
    while isinstance(node, (exp.Paren, exp.Cast, exp.Coalesce)):
        node = node.this
    if isinstance(node, (exp.Add, exp.Sub)):
        left, right = (_margin(part, select, stage_margins) for part in (node.this, node.expression))
        return None if left is None or right is None else left + right
    if not isinstance(node, exp.Column):
        return None
    source = _source_of(node, select)
    if isinstance(source, exp.Table):
        return stage_margins.get(source.name, {}).get(node.name)
    inner = source.this if isinstance(source, exp.Subquery) else None
    if isinstance(inner, exp.Select):
        projection = next((p for p in inner.expressions if p.alias_or_name == node.name), None)
        return None if projection is None else _margin(projection.unalias(), inner, stage_margins)
    return None


def release(plan: NoisePlan, run: RunStage, key: str, confidence: float, max_rows: int) -> Released:
    stage_margins: dict[str, dict[str, float]] = {}
    ctes = []
    for stage in plan.stages:
        columns, rows = run(stage)
        if not stage.values:
            ctes.append(_stage_cte(stage.table, columns, rows, set()))
            continue
        noisy, stage_margins[stage.table] = _noisy_rows(stage, columns, rows, key, confidence)
        names = [*stage.keys, *(v.name for v in stage.values)]
        ctes.append(_stage_cte(stage.table, names, noisy, {v.name for v in stage.values}))
    sql, parameters = _release_statement(plan.outer, ctes)
    with _scratch() as con:
        cursor = con.execute(sql, parameters)
        columns = tuple(d[0] for d in cursor.description or ())
        rows = tuple(tuple(r) for r in cursor.fetchmany(max_rows))
    return Released(columns, rows, _margins(plan.outer, stage_margins))
