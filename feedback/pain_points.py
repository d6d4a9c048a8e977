"""Pain-point counts for a principal: semantic queries over the governed pain-point metrics.

`pain_point_mentions` (negative reviews + tickets assigned to a pain point) is grouped by the
semantic layer's `pain_point` dimension, compiled like any metric and run by
`guards.service.run_guarded` with origin "semantic", so row filters, aggregate-only rules, minimum
group sizes and the audit log apply. A breakdown only reviews have (category, brand) counts
reviews; one only tickets have (ticket_category) counts tickets.

Quotes come from the materialized `pain_points` table: redacted before storage, with no customer
identifiers. A role with row filters gets quotes from its own rows only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from data.settings import warehouse_path
from engines.notices import Notice
from engines.status import Status
from feedback.access import allowed_keys
from feedback.documents import document_key
from feedback.redaction import redact
from guards.decision import GuardedResult
from guards.principal import Principal
from guards.service import run_guarded
from semantic_layer.catalog import Catalog, load_catalog
from semantic_layer.compiler import compile_query
from semantic_layer.errors import SemanticQueryError
from semantic_layer.fan_out import reaches
from semantic_layer.query import Filter, OrderBy, SemanticQuery, TimeRange

DIMENSION = "pain_point"
# The first metric that reaches every dimension asked for is counted.
METRICS = ("pain_point_mentions", "pain_point_reviews", "pain_point_tickets")
MONTH = "metric_time__month"
ALIASES = {"month": MONTH, "week": "metric_time__week", "quarter": "metric_time__quarter", "year": "metric_time__year"}
TREND_POINTS = 5
QUOTES = 3
TREND_PREFIX = "monthly trend: "  # the trend statement's own notices start with it
CATALOG_SQL = "SELECT pain_point, label, keywords, size, quotes FROM pain_points ORDER BY size DESC, label"
RANKED_REVIEWS_SQL = (
    "SELECT f.pain_point, r.review_id, r.review_text FROM review_pain_points AS f "
    "JOIN reviews AS r ON r.review_id = f.review_id ORDER BY f.pain_point, f.centrality DESC, r.review_id"
)


@dataclass(frozen=True)
class PainPointHeadline:
    """The summary's figures as data, so the assistant words it in the reply language.

    kind: "none" (no rows), "grew_fastest" (`growth` against the baseline), "new" (`mentions` now,
    none in the baseline), "most_frequent" (`mentions` summed over the `rows` shown)."""

    kind: str
    pain_point: str = ""
    mentions: float = 0
    rows: int = 0
    growth: float | None = None


@dataclass(frozen=True)
class PainPointResult:
    status: Status
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    summary: str = ""
    sql: str | None = None
    notices: tuple[Notice, ...] = ()
    pain_points: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)
    trend: tuple[Mapping[str, Any], ...] = ()
    audit_id: str | None = None
    headline: PainPointHeadline | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "status": self.status, "columns": list(self.columns), "rows": [list(r) for r in self.rows],
            "summary": self.summary, "headline": asdict(self.headline) if self.headline else None, "sql": self.sql, "notices": [n.as_json() for n in self.notices],
            "pain_points": [dict(p) for p in self.pain_points], "trend": [dict(t) for t in self.trend],
            "audit_id": self.audit_id,
        }  # fmt: skip


def pain_point_summary(
    principal: Principal,
    *,
    by: str | None = None,
    start: date | None = None,
    end: date | None = None,
    baseline_start: date | None = None,
    baseline_end: date | None = None,
    filters: Mapping[str, str] | None = None,
    warehouse: Path | None = None,
    question: str | None = None,
) -> PainPointResult:
    """Counts per pain point (optionally broken down by a dimension), or growth against a baseline.

    Without a breakdown or baseline the result also carries a monthly trend of the top pain points.
    """
    warehouse = warehouse or warehouse_path()
    catalog = load_catalog()
    breakdown = dimension_name(by) if by else None
    filters = {dimension_name(key): value for key, value in (filters or {}).items()}
    metric, problems = choose_metric(catalog, breakdown, filters)
    if problems:
        return PainPointResult(Status.ERROR, notices=problems)
    growth = baseline_start is not None and baseline_end is not None
    query = SemanticQuery(
        metrics=(metric,),
        group_by=(DIMENSION, *([breakdown] if breakdown else [])),
        filters=tuple(Filter(dimension=k, op="=", value=v) for k, v in filters.items()),
        time_range=_range(start, end),
        order_by=_order(metric, breakdown),
    )
    current = _run(query, principal, warehouse, question)
    if current.status != Status.OK:
        return current
    if growth:
        baseline = _run(replace_range(query, baseline_start, baseline_end), principal, warehouse, question)
        if baseline.status != Status.OK:
            return baseline
        current = with_growth(current, baseline)
    elif breakdown is None:
        trend, notices = _trend(query, current, principal, warehouse, question)
        current = replace(current, trend=trend, notices=tuple(dict.fromkeys(current.notices + notices)))
    headline = headline_of(current.rows, growth)
    return replace(current, summary=summary_of(headline), headline=headline, pain_points=_catalog(principal, warehouse))


def dimension_name(name: str) -> str:
    """CLI and planner spellings: `month` and `metric_time__month` are the same axis."""
    return ALIASES.get(name, name)


def choose_metric(
    catalog: Catalog, breakdown: str | None, filters: Mapping[str, str]
) -> tuple[str, tuple[Notice, ...]]:
    wanted = [breakdown] if breakdown else []
    wanted += list(filters)
    unknown = [name for name in wanted if name not in catalog.dimensions and not name.startswith("metric_time__")]
    if unknown:
        known = ", ".join(sorted(n for n in catalog.dimensions if n != DIMENSION))
        message = f"pain points cannot be broken down or filtered by {', '.join(unknown)}; use one of: {known}, month"
        return METRICS[0], (Notice("unknown_dimension", message),)
    dimensions = [catalog.dimensions[name] for name in wanted if name in catalog.dimensions]
    for name in METRICS:
        if all(reaches(catalog.metrics[name], dimension, catalog) for dimension in dimensions):
            return name, ()
    message = f"pain points cannot be counted by {', '.join(d.name for d in dimensions)}"
    return METRICS[0], (Notice("unreachable_dimension", message),)


def _order(metric: str, breakdown: str | None) -> tuple[OrderBy, ...]:
    """Most mentioned first; a time breakdown reads as one series per pain point instead."""
    if breakdown and breakdown.startswith("metric_time__"):
        return (OrderBy(field=DIMENSION), OrderBy(field=breakdown))
    return (OrderBy(field=metric, desc=True), OrderBy(field=DIMENSION))


def _range(start: date | None, end: date | None) -> TimeRange | None:
    return TimeRange(start=start, end=end) if start or end else None


def replace_range(query: SemanticQuery, start: date | None, end: date | None) -> SemanticQuery:
    return query.model_copy(update={"time_range": _range(start, end)})


def _run(query: SemanticQuery, principal: Principal, warehouse: Path, question: str | None) -> PainPointResult:
    try:
        compiled = compile_query(query, load_catalog())
    except SemanticQueryError as error:
        return PainPointResult(Status.ERROR, notices=(Notice("bad_query", error.message),))
    result: GuardedResult = run_guarded(
        compiled.expression, principal, origin="semantic", question=question, warehouse=warehouse
    )
    if result.status != Status.OK:
        return PainPointResult(result.status, sql=result.sql, notices=result.notices, audit_id=result.audit_id)
    return PainPointResult(
        Status.OK, result.columns, result.rows, sql=result.sql, notices=result.notices, audit_id=result.audit_id
    )


def with_growth(current: PainPointResult, baseline: PainPointResult) -> PainPointResult:
    """pain_point, current_count, baseline_count, growth = (current - baseline) / baseline, fastest first."""
    before = {row[0]: row[-1] for row in baseline.rows}
    now = {row[0]: row[-1] for row in current.rows}

    def growth(point: str) -> float | None:
        base = before.get(point) or 0
        return round(((now.get(point) or 0) - base) / base, 4) if base else None

    rows = [(p, now.get(p) or 0, before.get(p) or 0, growth(p)) for p in dict.fromkeys([*now, *before])]
    rows.sort(key=lambda r: (r[3] is None, -(r[3] or 0), -r[1], str(r[0])))
    sql = f"-- current period\n{current.sql};\n-- baseline period\n{baseline.sql};"
    notices = tuple(dict.fromkeys(current.notices + baseline.notices))
    columns = ("pain_point", "current_count", "baseline_count", "growth")
    return replace(current, columns=columns, rows=tuple(rows), sql=sql, notices=notices)


def _trend(
    query: SemanticQuery, current: PainPointResult, principal: Principal, warehouse: Path, question: str | None
) -> tuple[tuple[Mapping[str, Any], ...], tuple[Notice, ...]]:
    """Monthly mentions of the most frequent pain points, over the same period and filters,
    with the notices of the trend's own statement (months removed as small groups, say)."""
    top = [row[0] for row in current.rows[:TREND_POINTS] if row[0] is not None]
    if not top:
        return (), ()
    monthly = query.model_copy(
        update={
            "group_by": (DIMENSION, MONTH),
            "filters": (*query.filters, Filter(dimension=DIMENSION, op="in", value=top)),
            "order_by": (OrderBy(field=DIMENSION), OrderBy(field=MONTH)),
        }
    )
    result = _run(monthly, principal, warehouse, question)
    trend = tuple(
        {"pain_point": point, "month": str(month)[:7], "mentions": count} for point, month, count in result.rows
    )
    notices = tuple(replace(n, message=f"{TREND_PREFIX}{n.message}") for n in result.notices)
    return trend, notices


def headline_of(rows: tuple[tuple[Any, ...], ...], growth: bool) -> PainPointHeadline:
    """What the summary says, as figures: the fastest-growing or the most frequent pain point."""
    if not rows:
        return PainPointHeadline("none")
    top = rows[0]
    if growth:
        if top[-1] is not None:
            return PainPointHeadline("grew_fastest", str(top[0]), growth=top[-1])
        return PainPointHeadline("new", str(top[0]), mentions=top[1])
    totals: dict[Any, float] = {}
    for row in rows:
        totals[row[0]] = totals.get(row[0], 0) + (row[-1] or 0)
    point, count = max(totals.items(), key=lambda item: item[1])
    return PainPointHeadline("most_frequent", str(point), mentions=count, rows=len(rows))


def summary_of(headline: PainPointHeadline) -> str:
    """The headline in English (the CLI's and the API's summary; the assistant words it per language)."""
    if headline.kind == "none":
        return "No pain points in negative feedback for this selection."
    if headline.kind == "grew_fastest":
        return f"{headline.pain_point} grew fastest: {headline.growth:+.0%} against the baseline period."
    if headline.kind == "new":
        return (
            f"{headline.pain_point} is new in this period ({headline.mentions} mentions, none in the baseline period)."
        )
    return (
        f"{headline.rows} rows; the most frequent pain point is {headline.pain_point} ({headline.mentions} mentions)."
    )


def _catalog(principal: Principal, warehouse: Path) -> tuple[Mapping[str, Any], ...]:
    """Pain points with keywords and redacted quotes (texts only, no customer identifiers).

    A role with row filters gets quotes and sizes from its own rows: the most central allowed reviews.
    """
    allowed = allowed_keys(principal, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        found = con.execute(CATALOG_SQL).fetchall()
        ranked = con.execute(RANKED_REVIEWS_SQL).fetchall() if allowed is not None else []
    if allowed is None:
        return tuple(
            {"pain_point": p, "label": label, "keywords": kw, "size": size, "quotes": [redact(q).text for q in quotes]}
            for p, label, kw, size, quotes in found
        )
    own = [
        (point, review_id, text) for point, review_id, text in ranked if document_key("review", review_id) in allowed
    ]
    quotes = _own_quotes(own)
    sizes = Counter(point for point, _, _ in own)
    return tuple(
        {"pain_point": p, "label": label, "keywords": kw, "size": sizes[p], "quotes": quotes.get(p, [])}
        for p, label, kw, _, _ in found
    )


def _own_quotes(ranked: list[tuple[Any, ...]]) -> dict[str, list[str]]:
    """Up to QUOTES distinct redacted texts per pain point, most central first."""
    own: dict[str, list[str]] = {}
    for pain_point, _, text in ranked:
        quotes = own.setdefault(pain_point, [])
        quote = redact(str(text)).text
        if len(quotes) < QUOTES and quote not in quotes:
            quotes.append(quote)
    return own
