"""Runs a query plan: compile in the semantic layer, then guard and execute, never anything else.

Every statement goes through `guards.service.run_guarded` with the user's principal; the assistant
holds no database connection for queries. A comparison runs the same query for two periods and
joins the results here, so each statement stays a plain governed query.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from assistant.answer import AnswerKind
from assistant.notice_words import worded
from assistant.outcome import Outcome
from assistant.overall_value import split_overall, with_overall_for
from assistant.periods import Period, grain_of, like_for_like, withhold_partial_growth
from assistant.planner.periods import DateRange
from assistant.planner.plan import Comparison, QueryPlan
from assistant.resources import Resources
from engines.notice_figures import MetricSubstitution, PeriodsWithheld
from engines.notices import Notice
from engines.status import Status
from guards.principal import Principal
from guards.service import run_guarded
from semantic_layer.compiler import CompiledQuery, compile_query
from semantic_layer.errors import SemanticQueryError
from semantic_layer.fan_out import reaches
from semantic_layer.query import SemanticQuery, TimeRange

__all__ = ["Outcome", "compile_with_substitution", "execute_plan", "execute_query"]


def compile_with_substitution(
    query: SemanticQuery, resources: Resources
) -> tuple[CompiledQuery, SemanticQuery, tuple[Notice, ...]]:
    """Compile; where a metric cannot be grouped as asked, use its governed alternative and say so."""
    try:
        return compile_query(query, resources.catalog), query, ()
    except SemanticQueryError as error:
        for metric in query.metrics:
            for alternative in _alternatives(metric, resources):
                candidate = _swap_metric(query, metric, alternative)
                try:
                    compiled = compile_query(candidate, resources.catalog)
                except SemanticQueryError:
                    continue
                return compiled, candidate, (substitution_notice(error, query, metric, alternative, resources),)
        raise


def _alternatives(metric: str, resources: Resources) -> tuple[str, ...]:
    found = resources.catalog.metrics.get(metric)
    return tuple(found.alternatives) if found is not None else ()


def substitution_notice(
    error: SemanticQueryError, query: SemanticQuery, asked: str, used: str, resources: Resources
) -> Notice:
    """The notice with its figures as data (`Notice.figures`): why, which metric, which breakdown;
    `notice_words` words it with labels in the reply language (the English message is that wording)."""
    reason = error.issues[0].code if error.issues else "invalid"
    figures = MetricSubstitution(reason, asked, used, _refused_dimension(query, asked, resources))
    notice = Notice(code="substitution", message="", figures=figures)
    return worded(notice, resources.labels("en"))


def _refused_dimension(query: SemanticQuery, metric: str, resources: Resources) -> str | None:
    """The breakdown (or filter) the asked metric cannot reach without counting rows twice."""
    catalog = resources.catalog
    names = (*query.group_by, *(f.dimension for f in query.filters))
    dimensions = [catalog.dimensions[n] for n in dict.fromkeys(names) if n in catalog.dimensions]
    return next((d.name for d in dimensions if not reaches(catalog.metrics[metric], d, catalog)), None)


def _swap_metric(query: SemanticQuery, old: str, new: str) -> SemanticQuery:
    metrics = tuple(dict.fromkeys(new if m == old else m for m in query.metrics))
    order = tuple(replace_field(o, new) if o.field == old else o for o in query.order_by)
    return query.model_copy(update={"metrics": metrics, "order_by": order})


def replace_field(order: Any, field: str) -> Any:
    return order.model_copy(update={"field": field})


def execute_query(query: SemanticQuery, principal: Principal, question: str, resources: Resources) -> Outcome:
    compiled, used, substitutions = compile_with_substitution(query, resources)
    compiled = with_overall_for(compiled, principal, resources.catalog)  # averages' overall value, same statement
    result = run_guarded(
        compiled.expression, principal, origin="semantic", question=question, warehouse=resources.warehouse
    )
    columns, rows, overall = split_overall(tuple(result.columns), tuple(tuple(row) for row in result.rows))
    start = resources.data_start(used.metrics)
    rows, withheld = withhold_partial_growth(columns, rows, used.time_range, resources.as_of, start, used.period_change)
    return Outcome(
        status=result.status.as_answer(),
        query=used,
        columns=columns,
        rows=rows,
        overall=overall,
        sql=result.sql,
        generated_sql=compiled.sql,
        notices=substitutions + result.notices + _withheld_notice(withheld, columns, resources),
        audit_id=result.audit_id,
        message="; ".join(n.message for n in result.notices) if result.status != Status.OK else "",
    )


def _withheld_notice(periods: tuple[str, ...], columns: tuple[str, ...], resources: Resources) -> tuple[Notice, ...]:
    if not periods:
        return ()
    grain = next((g for c in columns if (g := grain_of(c))), "")
    notice = Notice("partial_period_growth", "", figures=PeriodsWithheld(periods, grain))
    return (worded(notice, resources.labels("en")),)


def execute_plan(plan: QueryPlan, principal: Principal, question: str, resources: Resources) -> Outcome:
    if plan.comparison is None:
        return execute_query(plan.query, principal, question, resources)
    return _execute_comparison(plan.query, plan.comparison, principal, question, resources)


def _in_period(query: SemanticQuery, start: Any, end: Any) -> SemanticQuery:
    days = query.time_range.days_of_week if query.time_range is not None else None  # weekends in both periods
    span = TimeRange(start=start, end=end, days_of_week=days)
    return query.model_copy(update={"time_range": span, "order_by": (), "limit": None})


def _execute_comparison(
    query: SemanticQuery, comparison: Comparison, principal: Principal, question: str, resources: Resources
) -> Outcome:
    current = execute_query(
        _in_period(query, comparison.current.start, comparison.current.end), principal, question, resources
    )
    if current.status != Status.ANSWERED:
        return current
    used = current.query or query
    base_query = _in_period(used, comparison.baseline.start, comparison.baseline.end)
    baseline = execute_query(base_query, principal, question, resources)
    if baseline.status != Status.ANSWERED:
        return baseline
    columns, rows = merge_periods(current, baseline, used.metrics)
    rows, unlike = _withhold_unlike_change(
        columns, rows, comparison, resources.as_of, resources.data_start(used.metrics)
    )
    rows = _rank(rows, columns, query, used.metrics)
    labels = (comparison.current.label, comparison.baseline.label)
    sql = _two_statements(labels, current.sql, baseline.sql)
    generated = _two_statements(labels, current.generated_sql, baseline.generated_sql)
    notices = tuple(dict.fromkeys(current.notices + baseline.notices)) + _withheld_notice(unlike, (), resources)
    return replace(
        current, columns=columns, rows=rows, sql=sql, generated_sql=generated, notices=notices,
        kind=AnswerKind.COMPARISON,
    )  # fmt: skip


def _withhold_unlike_change(
    columns: tuple[str, ...],
    rows: tuple[tuple[Any, ...], ...],
    comparison: Comparison,
    as_of: date,
    data_start: date | None,
) -> tuple[tuple[tuple[Any, ...], ...], tuple[str, ...]]:
    """Two periods the data covers unequally (2023 only from October, against all of 2024) get no
    change: the values stay, the change and percent change are emptied, and the partial periods named."""
    periods = [_covered_period(r, as_of, data_start) for r in (comparison.current, comparison.baseline)]
    if like_for_like(periods[0], periods[1]) or any(p.covered_days <= 0 for p in periods):
        return rows, ()
    changes = {i for i, c in enumerate(columns) if c.endswith(("_change", "_change_pct"))}
    emptied = tuple(tuple(None if i in changes else v for i, v in enumerate(row)) for row in rows)
    return emptied, tuple(p.start.isoformat() for p in periods if p.partial)


def _covered_period(period: DateRange, as_of: date, data_start: date | None) -> Period:
    first = max(period.start, data_start) if data_start else period.start
    return Period(period.start, period.end, "", first, min(period.end, as_of))


def _two_statements(labels: tuple[str, str], first: str | None, second: str | None) -> str:
    return f"-- {labels[0]}\n{first};\n-- {labels[1]}\n{second};"


def merge_periods(
    current: Outcome, baseline: Outcome, metrics: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    """One row per group with the value in each period, the change and the percent change."""
    keys = [c for c in current.columns if c not in metrics]
    index_of = {name: i for i, name in enumerate(current.columns)}
    base_index = {name: i for i, name in enumerate(baseline.columns)}
    base_rows = {tuple(row[base_index[k]] for k in keys): row for row in baseline.rows}
    columns = tuple(keys) + tuple(
        f"{m}{suffix}" for m in metrics for suffix in ("", "_previous", "_change", "_change_pct")
    )
    merged = []
    for row in current.rows:
        key = tuple(row[index_of[k]] for k in keys)
        before = base_rows.get(key)
        values: list[Any] = list(key)
        for metric in metrics:
            now = row[index_of[metric]]
            then = before[base_index[metric]] if before is not None else None
            change = now - then if now is not None and then is not None else None
            pct = change / abs(then) if change is not None and then else None
            values += [now, then, change, pct]
        merged.append(tuple(values))
    return columns, tuple(merged)


def _rank(
    rows: tuple[tuple[Any, ...], ...], columns: tuple[str, ...], query: SemanticQuery, metrics: tuple[str, ...]
) -> tuple[tuple[Any, ...], ...]:
    """Ranking words in a comparison ("which region grew most") rank by the percent change."""
    if not query.order_by:
        return rows
    index = columns.index(f"{metrics[0]}_change_pct")
    descending = query.order_by[0].desc
    known = [r for r in rows if r[index] is not None]
    ordered = sorted(known, key=lambda r: r[index], reverse=descending) + [r for r in rows if r[index] is None]
    return tuple(ordered[: query.limit] if query.limit else ordered)
