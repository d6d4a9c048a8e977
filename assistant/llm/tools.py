"""The agent's tools: catalog look-ups, governed queries, guarded SQL and (when indexed) feedback.

The principal is bound here by our code (a closure over `ToolContext`), never taken from the model:
no tool has a role or user argument. Every statement reaches the warehouse only through the guards
(`execute_query` for semantic queries, `run_guarded` for SQL); the agent holds no connection.
Tools return `ToolResult`s and never raise into the agent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.answer import AnswerKind
from assistant.execution import execute_query
from assistant.feedback_details import pain_point_details
from assistant.llm.instructions import tool_description
from assistant.llm.results import DataResult, ToolResult, data_result, failure, text_result
from assistant.planner.interpretation import describe_query
from assistant.planner.time_parts import describe_time_parts
from assistant.resources import Resources
from data.errors import CdmError
from engines.status import Status
from guards.principal import Principal
from semantic_layer.query import SemanticQuery

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class ToolContext:
    """Fixed for one request by our code; the model can only choose tool arguments."""

    principal: Principal
    question: str
    resources: Resources
    feedback: bool = False


class _Args(BaseModel):
    # Unknown arguments (say "role": "admin") are dropped, never used.
    model_config = ConfigDict(extra="ignore")


class NoArgs(_Args):
    pass


class MetricArgs(_Args):
    name: str = Field(description="metric name")


class FilterArgs(_Args):
    dimension: str
    op: str = Field(description="=, !=, in, not in, >, >=, <, <=, between, like")
    value: Any


class TimeRangeArgs(_Args):
    start: str | None = Field(default=None, description="inclusive ISO date")
    end: str | None = Field(default=None, description="inclusive ISO date")
    days_of_week: list[int] | None = Field(
        default=None, description="only these ISO days, 1 Monday .. 7 Sunday; weekends [6, 7]"
    )


class OrderArgs(_Args):
    field: str
    desc: bool = False


class SemanticQueryArgs(_Args):
    metrics: list[str] = Field(description="governed metric names")
    group_by: list[str] = Field(default_factory=list, description="dimension names or metric_time__<grain>")
    filters: list[FilterArgs] = Field(default_factory=list)
    time_range: TimeRangeArgs | None = None
    order_by: list[OrderArgs] = Field(default_factory=list)
    limit: int | None = None
    period_change: str | None = Field(
        default=None,
        description="growth per period at the metric_time grain in group_by: previous_period or year_over_year",
    )


class SqlArgs(_Args):
    sql: str = Field(description="one read-only DuckDB SELECT")


class SearchArgs(_Args):
    text: str = Field(description="what to look for")
    k: int = Field(default=8, ge=1, le=25)
    filters: dict[str, str] | None = Field(
        default=None, description="metadata filters, e.g. {source: review, region: East, channel: live_stream}"
    )


class PainPointArgs(_Args):
    start: str | None = Field(default=None, description="ISO date")
    end: str | None = Field(default=None, description="ISO date")
    by: str | None = Field(default=None, description="a dimension to break down by, e.g. region, channel, month")
    filters: dict[str, str] | None = Field(default=None, description="dimension = value, e.g. {channel: live_stream}")
    baseline_start: str | None = Field(default=None, description="ISO date; with baseline_end, growth vs this period")
    baseline_end: str | None = Field(default=None, description="ISO date")


def list_metrics(ctx: ToolContext) -> ToolResult:
    catalog = ctx.resources.catalog
    metrics = {m.name: f"{m.label}: {m.description}" for m in catalog.metrics.values()}
    dimensions = {d.name: f"{d.label}: {d.description}" for d in catalog.dimensions.values() if d.kind != "time"}
    return text_result("list_metrics", {"metrics": metrics, "dimensions": dimensions})


def describe_metric(ctx: ToolContext, name: str) -> ToolResult:
    metric = ctx.resources.catalog.metrics.get(name)
    if metric is None:
        return failure("describe_metric", f"unknown metric {name!r}; call list_metrics for the names")
    payload = {
        "name": metric.name,
        "label": metric.label,
        "description": metric.description,
        "type": metric.type,
        "format": metric.format,
        "status": metric.status,
        "time_dimension": list(metric.time_dimensions) or None,
        "synonyms": list(metric.synonyms),
        "use_instead_when_grouping_fails": list(metric.alternatives),
    }
    return text_result("describe_metric", payload)


def interpretation_of(query: SemanticQuery, resources: Resources) -> str:
    """Plain words for the query; a one-sided time range reads "from the start" / "to the as-of date"."""
    shown = query.model_dump(mode="json", exclude_none=True)
    if query.time_range is not None:
        start, end = query.time_range.start, query.time_range.end or resources.as_of
        shown["time_range"] = {"start": start.isoformat() if start else "the start", "end": end.isoformat()}
    return describe_query(shown, resources.lexicon.labels, resources.as_of.isoformat()) + describe_time_parts(query)


def run_semantic_query(ctx: ToolContext, arguments: dict[str, Any]) -> ToolResult:
    try:  # nested arguments arrive as the tool's own models (TimeRangeArgs, FilterArgs): plain data first
        plain = SemanticQueryArgs.model_validate(arguments).model_dump(exclude_none=True)
        query = SemanticQuery.model_validate(plain)
    except ValidationError as error:
        issues = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        return failure("run_semantic_query", f"not a valid semantic query ({issues})")
    outcome = execute_query(query, ctx.principal, ctx.question, ctx.resources)
    used = outcome.query or query
    data = DataResult(
        tool="run_semantic_query",
        status=outcome.status,
        columns=outcome.columns,
        rows=outcome.rows,
        sql=outcome.sql,
        generated_sql=outcome.generated_sql,
        query=used,
        metrics=tuple(used.metrics),
        interpretation=interpretation_of(used, ctx.resources),
        notices=outcome.notices,
        audit_id=outcome.audit_id,
        message=outcome.message,
    )
    return data_result(data)


def run_sql(ctx: ToolContext, sql: str) -> ToolResult:
    from guards.service import run_guarded

    result = run_guarded(sql, ctx.principal, origin="sql", question=ctx.question, warehouse=ctx.resources.warehouse)
    notices = result.notices
    data = DataResult(
        tool="run_sql",
        status=result.status.as_answer(),
        columns=tuple(result.columns),
        rows=tuple(tuple(row) for row in result.rows),
        sql=result.sql,
        generated_sql=sql,
        interpretation=f"SQL written by the assistant, checked and run under the policy of role {ctx.principal.role}",
        notices=notices,
        audit_id=result.audit_id,
        message="; ".join(n.message for n in notices) if result.status != Status.OK else "",
        kind=AnswerKind.SQL,
    )
    return data_result(data)


def search_feedback(ctx: ToolContext, text: str, k: int = 8, filters: dict[str, str] | None = None) -> ToolResult:
    from feedback.search import search_feedback as search

    result = search(text, ctx.principal, filters=filters, k=k, warehouse=ctx.resources.warehouse, question=ctx.question)
    status = result.status.as_answer()
    notices = result.notices
    data = DataResult(
        tool="search_feedback",
        status=status,
        columns=("source", "id", "score", "text"),
        rows=tuple((hit.source, hit.id, round(hit.score, 4), hit.text) for hit in result.results),
        interpretation=f"Customer feedback about “{text}”",
        notices=notices,
        audit_id=result.audit_id,
        message="" if status == Status.ANSWERED else "; ".join(n.message for n in notices),
        kind=AnswerKind.FEEDBACK_SEARCH,
    )
    return data_result(data)


def _iso_date(name: str, text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError as error:
        raise CdmError(f"{name} must be an ISO date such as 2026-07-01, not {text!r}") from error


def list_pain_points(ctx: ToolContext, args: PainPointArgs) -> ToolResult:
    from feedback.pain_points import pain_point_summary

    dates = {name: _iso_date(name, getattr(args, name)) for name in ("start", "end", "baseline_start", "baseline_end")}
    result = pain_point_summary(
        ctx.principal, by=args.by, filters=args.filters or None, warehouse=ctx.resources.warehouse,
        question=ctx.question, **dates,
    )  # fmt: skip
    status = result.status.as_answer()
    notices = result.notices
    period = f", {args.start or 'start'} to {args.end or 'as-of date'}" if args.start or args.end else ""
    data = DataResult(
        tool="list_pain_points",
        status=status,
        columns=result.columns,
        rows=result.rows,
        sql=result.sql,
        interpretation=f"Customer pain points{period}" + (f" by {args.by}" if args.by else ""),
        notices=notices,
        audit_id=result.audit_id,
        message="" if status == Status.ANSWERED else "; ".join(n.message for n in notices),
        kind=AnswerKind.PAIN_POINTS,
        feedback=pain_point_details(result.pain_points, result.trend),
    )
    return data_result(data)


def call_safely(name: str, function: Callable[..., ToolResult], *args: Any) -> ToolResult:
    """User-fixable problems go back to the model as text; a bug is logged, and the model told only that it failed."""
    try:
        return function(*args)
    except CdmError as error:
        return failure(name, error.message)
    except Exception:
        LOG.exception("tool %s failed", name)
        return failure(name, "internal error; try a different question or a semantic query")


async def _run(name: str, function: Callable[..., ToolResult], *args: Any) -> tuple[str, ToolResult]:
    """DuckDB and the embedder are blocking: run them in a thread so the chat's event loop stays free."""
    result = await asyncio.to_thread(call_safely, name, function, *args)
    return result.result_for_llm, result


def _tool(name: str, schema: type[BaseModel], coroutine: Callable[..., Any]) -> BaseTool:
    from langchain_core.tools import StructuredTool

    return StructuredTool.from_function(
        coroutine=coroutine,
        name=name,
        description=tool_description(name),
        args_schema=schema,
        response_format="content_and_artifact",
    )


def build_tools(ctx: ToolContext) -> list[BaseTool]:
    """LangChain tools closed over `ctx`: the principal is ours, only the arguments are the model's."""

    async def list_metrics_tool() -> tuple[str, ToolResult]:
        return await _run("list_metrics", list_metrics, ctx)

    async def describe_metric_tool(name: str) -> tuple[str, ToolResult]:
        return await _run("describe_metric", describe_metric, ctx, name)

    async def semantic_query_tool(**arguments: Any) -> tuple[str, ToolResult]:
        return await _run("run_semantic_query", run_semantic_query, ctx, arguments)

    async def sql_tool(sql: str) -> tuple[str, ToolResult]:
        return await _run("run_sql", run_sql, ctx, sql)

    tools = [
        _tool("list_metrics", NoArgs, list_metrics_tool),
        _tool("describe_metric", MetricArgs, describe_metric_tool),
        _tool("run_semantic_query", SemanticQueryArgs, semantic_query_tool),
        _tool("run_sql", SqlArgs, sql_tool),
    ]
    return tools + (_feedback_tools(ctx) if ctx.feedback else [])


def _feedback_tools(ctx: ToolContext) -> list[BaseTool]:
    async def search_tool(text: str, k: int = 8, filters: dict[str, str] | None = None) -> tuple[str, ToolResult]:
        return await _run("search_feedback", search_feedback, ctx, text, k, filters)

    async def pain_points_tool(**arguments: Any) -> tuple[str, ToolResult]:
        return await _run("list_pain_points", list_pain_points, ctx, PainPointArgs.model_validate(arguments))

    return [
        _tool("search_feedback", SearchArgs, search_tool),
        _tool("list_pain_points", PainPointArgs, pain_points_tool),
    ]
