"""Pain-point counts for a principal, computed through the guards like any semantic query.

The SQL is a sqlglot tree (user values become literals) run by `guards.service.run_guarded`
with origin "semantic", so row filters, aggregate-only rules and minimum group sizes apply.
Quotes come from the materialized `pain_points` table: they were redacted before storage and
carry no customer identifiers, so aggregate-only roles may see them too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import sqlglot
from sqlglot import exp

from data.errors import CdmError
from data.settings import warehouse_path
from feedback.access import allowed_keys
from feedback.documents import document_key
from feedback.redaction import redact
from guards.decision import Notice
from guards.policy import role_policy
from guards.principal import Principal
from guards.service import row_filter_sql, run_guarded

FEEDBACK_CTE = """
SELECT ft.source, ft.pain_point, r.customer_id, CAST(r.review_ts AS DATE) AS day, o.channel, p.category, p.brand,
       CAST(NULL AS VARCHAR) AS ticket_category
FROM feedback_topics AS ft JOIN reviews AS r ON r.review_id = ft.source_id
LEFT JOIN orders AS o ON o.order_id = r.order_id LEFT JOIN products AS p ON p.product_id = r.product_id
WHERE ft.source = 'review'
UNION ALL
SELECT ft.source, ft.pain_point, t.customer_id, CAST(t.created_ts AS DATE) AS day, o.channel,
       CAST(NULL AS VARCHAR) AS category, CAST(NULL AS VARCHAR) AS brand, t.ticket_category
FROM feedback_topics AS ft JOIN support_tickets AS t ON t.ticket_id = ft.source_id
LEFT JOIN orders AS o ON o.order_id = t.order_id WHERE ft.source = 'ticket'
"""
# Dimensions a breakdown or filter may use, named as in the semantic layer.
DIMENSIONS = {
    "region": "c.region", "province": "c.province", "city": "c.city", "member_tier": "c.member_tier",
    "channel": "fb.channel", "category": "fb.category", "brand": "fb.brand",
    "ticket_category": "fb.ticket_category", "source": "fb.source",
}  # fmt: skip
BREAKDOWNS = {**DIMENSIONS, "month": "strftime(fb.day, '%Y-%m')"}
CATALOG_SQL = "SELECT pain_point, label, keywords, size, quotes FROM pain_points ORDER BY size DESC"
RANKED_REVIEWS_SQL = (
    "SELECT f.pain_point, r.review_id, r.review_text FROM feedback_topics AS f "
    "JOIN reviews AS r ON f.source = 'review' AND r.review_id = f.source_id "
    "ORDER BY f.pain_point, f.centrality DESC, r.review_id"
)
QUOTES = 3
FEEDBACK_TABLES = ("feedback_topics", "pain_points")
FILTERED_TABLES = ("customers", "reviews", "support_tickets", "orders")
FILTERS = DIMENSIONS


@dataclass(frozen=True)
class PainPointResult:
    status: str
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    summary: str = ""
    sql: str | None = None
    notices: tuple[Notice, ...] = ()
    pain_points: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "status": self.status, "columns": list(self.columns), "rows": [list(r) for r in self.rows],
            "summary": self.summary, "sql": self.sql, "notices": [n.as_json() for n in self.notices],
            "pain_points": [dict(p) for p in self.pain_points],
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
) -> PainPointResult:
    """Counts per pain point (optionally by region|channel|month), or growth against a baseline."""
    warehouse = warehouse or warehouse_path()
    by = _breakdown_name(by)
    problems = _problems(by, filters or {})
    if problems:
        return PainPointResult("error", notices=problems)
    growth = baseline_start is not None and baseline_end is not None
    query = build_query(by, start, end, (baseline_start, baseline_end) if growth else None, filters or {})
    if governed():
        result = run_guarded(query, principal, origin="semantic", warehouse=warehouse)
        if result.status != "ok":
            return PainPointResult(result.status, sql=result.sql, notices=result.notices)
        columns, rows, sql, notices = result.columns, result.rows, result.sql, result.notices
    else:
        columns, rows, sql, notices = run_locally(query, principal, warehouse)
    if growth:
        columns, rows = _with_growth(columns, rows)
    return PainPointResult(
        "ok", columns, rows, _summary(columns, rows, growth), sql, notices, _catalog(principal, warehouse)
    )


def _breakdown_name(by: str | None) -> str | None:
    """The planner may name time grains as the semantic layer does (metric_time__month)."""
    return by.rsplit("__", 1)[-1] if by and by.startswith("metric_time") else by


def _problems(by: str | None, filters: Mapping[str, str]) -> tuple[Notice, ...]:
    notices = []
    if by is not None and by not in BREAKDOWNS:
        notices.append(Notice("unknown_breakdown", f"pain points cannot be broken down by {by}; use one of: "
                              f"{', '.join(BREAKDOWNS)}"))  # fmt: skip
    unknown = [key for key in filters if key not in FILTERS]
    if unknown:
        notices.append(Notice("unknown_filter", f"pain points cannot be filtered by {', '.join(unknown)}; use one of: "
                              f"{', '.join(FILTERS)}"))  # fmt: skip
    return tuple(notices)


def build_query(
    by: str | None,
    start: date | None,
    end: date | None,
    baseline: tuple[date | None, date | None] | None,
    filters: Mapping[str, str],
) -> exp.Select:
    if by is not None and by not in BREAKDOWNS:
        raise CdmError(f"unknown breakdown {by}; use one of: {', '.join(BREAKDOWNS)}")
    unknown = [key for key in filters if key not in FILTERS]
    if unknown:
        raise CdmError(f"unknown pain-point filter {', '.join(unknown)}; use one of: {', '.join(FILTERS)}")
    query = (
        exp.select("p.label AS pain_point")
        .from_("fb")
        .join("customers AS c", on="c.customer_id = fb.customer_id")
        .join("pain_points AS p", on="p.pain_point = fb.pain_point")
        .with_("fb", as_=sqlglot.parse_one(FEEDBACK_CTE, dialect="duckdb"))
    )
    if by is not None:
        query = query.select(f"{BREAKDOWNS[by]} AS {by}")
    for key, value in filters.items():
        query = query.where(exp.EQ(this=sqlglot.parse_one(FILTERS[key]), expression=exp.Literal.string(value)))
    if baseline is None:
        query = query.select("count(*) AS feedback_count").where(_between(start, end))
        return query.group_by(*_group_columns(by)).order_by("feedback_count DESC")
    current = exp.Sum(this=exp.If(this=_between(start, end), true=exp.Literal.number(1), false=exp.Literal.number(0)))
    before = exp.Sum(this=exp.If(this=_between(*baseline), true=exp.Literal.number(1), false=exp.Literal.number(0)))
    query = query.select(exp.alias_(current, "current_count"), exp.alias_(before, "baseline_count"))
    return query.group_by(*_group_columns(by)).order_by("current_count DESC")


def governed() -> bool:
    """The guards can police the feedback tables once the data dictionary describes them."""
    from guards.schema import load_schema

    return all(load_schema().table(name) is not None for name in FEEDBACK_TABLES)


def run_locally(
    query: exp.Select, principal: Principal, warehouse: Path
) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...], str, tuple[Notice, ...]]:
    """Interim path until the dictionary lists the feedback tables: the guards' row filters on
    every base table, and groups smaller than the role's minimum number of customers dropped."""
    tree = query.copy()
    for table in list(tree.find_all(exp.Table)):
        predicate = row_filter_sql(principal, table.name) if table.name in FILTERED_TABLES else None
        if predicate is not None:
            inner = exp.select("*").from_(table.name).where(sqlglot.parse_one(predicate, dialect="duckdb"))
            table.replace(inner.subquery(table.alias_or_name))
    minimum = role_policy(principal).min_group_size
    if minimum > 1:
        tree = tree.having(f"count(DISTINCT fb.customer_id) >= {int(minimum)}")
    sql = tree.sql(dialect="duckdb")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cursor = con.execute(sql)
        columns = tuple(d[0] for d in cursor.description or ())
        rows = tuple(cursor.fetchall())
    notice = Notice("feedback_local", "pain points counted by the feedback layer with the guards' row filters")
    return columns, rows, sql, (notice,)


def _group_columns(by: str | None) -> list[str]:
    return ["p.label"] + ([BREAKDOWNS[by]] if by else [])


def _between(start: date | None, end: date | None) -> exp.Condition:
    day = exp.column("day", table="fb")
    conditions: list[exp.Expression] = [exp.true()]
    if start is not None:
        conditions.append(exp.GTE(this=day.copy(), expression=exp.cast(exp.Literal.string(start.isoformat()), "DATE")))
    if end is not None:
        conditions.append(exp.LTE(this=day.copy(), expression=exp.cast(exp.Literal.string(end.isoformat()), "DATE")))
    return exp.and_(*conditions)


def _with_growth(
    columns: tuple[str, ...], rows: tuple[tuple[Any, ...], ...]
) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    """Adds growth = (current - baseline) / baseline, fastest-growing first."""
    current, baseline = columns.index("current_count"), columns.index("baseline_count")

    def growth(row: tuple[Any, ...]) -> float | None:
        before = row[baseline] or 0
        return round((row[current] - before) / before, 4) if before else None

    extended = tuple((*row, growth(row)) for row in rows)
    ordered = sorted(extended, key=lambda r: (r[-1] is None, -(r[-1] or 0)))
    return (*columns, "growth"), tuple(ordered)


def _summary(columns: tuple[str, ...], rows: tuple[tuple[Any, ...], ...], growth: bool) -> str:
    if not rows:
        return "No pain points in negative feedback for this selection."
    top = rows[0]
    if growth and top[-1] is not None:
        return f"{top[0]} grew fastest: {top[-1]:+.0%} against the baseline period."
    return f"{len(rows)} rows; the most frequent pain point is {top[0]} ({top[columns.index('feedback_count')]})."


def _catalog(principal: Principal, warehouse: Path) -> tuple[Mapping[str, Any], ...]:
    """Pain points with keywords and redacted quotes (texts only, no customer identifiers).

    A role with row filters gets quotes from its own rows: the most central allowed reviews.
    """
    allowed = allowed_keys(principal, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        found = con.execute(CATALOG_SQL).fetchall()
        ranked = con.execute(RANKED_REVIEWS_SQL).fetchall() if allowed is not None else []
    own = _own_quotes(ranked, allowed) if allowed is not None else {}
    return tuple(
        {"pain_point": p, "label": label, "keywords": kw, "size": size,
         "quotes": own.get(p, []) if allowed is not None else [redact(q).text for q in quotes]}
        for p, label, kw, size, quotes in found
    )  # fmt: skip


def _own_quotes(ranked: list[tuple[Any, ...]], allowed: frozenset[str]) -> dict[str, list[str]]:
    """Up to QUOTES distinct redacted texts per pain point, most central first, allowed rows only."""
    own: dict[str, list[str]] = {}
    for pain_point, review_id, text in ranked:
        quotes = own.setdefault(pain_point, [])
        if len(quotes) >= QUOTES or document_key("review", review_id) not in allowed:
            continue
        quote = redact(str(text)).text
        if quote not in quotes:
            quotes.append(quote)
    return own
