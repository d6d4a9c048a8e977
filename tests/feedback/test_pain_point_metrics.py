"""Pain points as a governed dimension: materialized tables, semantic metrics, guards and audit.

Every expected number is recomputed here with plain SQL on the warehouse copy, so a wrong join,
a lost row filter or a missing suppression changes the comparison.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pytest

from feedback.index import IndexReport
from feedback.pain_points import pain_point_summary
from feedback.search import search_feedback
from guards.audit import AuditLog
from guards.principal import Principal
from guards.service import run_guarded
from semantic_layer.catalog import load_catalog
from semantic_layer.compiler import compile_query
from semantic_layer.query import Filter, SemanticQuery

ADMIN = Principal(None, "admin")
ANALYST = Principal(None, "analyst")
EAST = Principal(None, "regional_manager", {"region": "East"})
VIEWER = Principal(None, "viewer")

MENTIONS_BY_LABEL_AND_REGION = """
SELECT p.label, c.region, count(*), count(DISTINCT customer_id) FROM (
    SELECT pain_point, customer_id FROM review_pain_points JOIN reviews USING (review_id)
    UNION ALL
    SELECT pain_point, customer_id FROM ticket_pain_points JOIN support_tickets USING (ticket_id)
) AS m JOIN pain_points AS p USING (pain_point) JOIN customers AS c USING (customer_id)
GROUP BY ALL
"""


def _rows(warehouse: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def _semantic(warehouse: Path, principal: Principal, **query: object) -> dict[tuple[object, ...], object]:
    compiled = compile_query(SemanticQuery.model_validate(query), load_catalog())
    result = run_guarded(compiled.expression, principal, origin="semantic", warehouse=warehouse)
    assert result.status == "ok", result.notices
    return {tuple(row[:-1]): row[-1] for row in result.rows}


@pytest.fixture(scope="module")
def warehouse(feedback_index: tuple[Path, Path, IndexReport]) -> Path:
    return feedback_index[0]


def test_the_build_fills_the_per_source_tables_from_the_assignments(warehouse: Path) -> None:
    topics = Counter(source for (source,) in _rows(warehouse, "SELECT source FROM feedback_topics"))
    reviews = _rows(warehouse, "SELECT count(*), count(*) FILTER (r.rating <= 2) FROM review_pain_points JOIN reviews r USING (review_id)")[0]  # fmt: skip
    tickets = _rows(warehouse, "SELECT count(*) FROM ticket_pain_points JOIN support_tickets USING (ticket_id)")[0]
    assert topics["review"] > 0 and topics["ticket"] > 0
    assert reviews == (topics["review"], topics["review"])  # every assigned review is negative and exists
    assert tickets == (topics["ticket"],)
    orphans = _rows(warehouse, "SELECT count(*) FROM review_pain_points LEFT JOIN pain_points p USING (pain_point) WHERE p.label IS NULL")  # fmt: skip
    assert orphans == [(0,)]


def test_review_metrics_group_by_the_pain_point_dimension(warehouse: Path) -> None:
    expected = dict(_rows(warehouse, "SELECT p.label, count(*) FROM review_pain_points JOIN pain_points p USING (pain_point) GROUP BY 1"))  # fmt: skip
    grouped = _semantic(warehouse, ADMIN, metrics=["review_count"], group_by=["pain_point"])
    assert {k[0]: v for k, v in grouped.items() if k[0] is not None} == expected
    total = _rows(warehouse, "SELECT count(*) FROM reviews")[0][0]
    assert sum(grouped.values()) == total  # reviews without a pain point form one group; none is duplicated


def test_mentions_by_pain_point_and_region_match_plain_sql(warehouse: Path) -> None:
    expected = {(label, region): n for label, region, n, _ in _rows(warehouse, MENTIONS_BY_LABEL_AND_REGION)}
    grouped = _semantic(warehouse, ADMIN, metrics=["pain_point_mentions"], group_by=["pain_point", "region"])
    assert grouped == expected


def test_a_regional_manager_counts_only_their_regions_feedback(warehouse: Path) -> None:
    found = _rows(warehouse, MENTIONS_BY_LABEL_AND_REGION)
    expected = {label: n for label, region, n, _ in found if region == "East"}
    own = _semantic(warehouse, EAST, metrics=["pain_point_mentions"], group_by=["pain_point"])
    assert {k[0]: v for k, v in own.items()} == expected
    everyone = _semantic(warehouse, ADMIN, metrics=["pain_point_mentions"], group_by=["pain_point"])
    assert sum(own.values()) < sum(everyone.values())


@pytest.mark.parametrize(
    ("principal", "sql", "allowed"),
    [
        (EAST, "SELECT label, quotes FROM pain_points", False),
        (EAST, "SELECT label, size FROM pain_points", False),
        (EAST, "SELECT label, keywords FROM pain_points", True),
        (ANALYST, "SELECT label, size, quotes FROM pain_points", True),
        (ADMIN, "SELECT * FROM feedback_topics", False),
        (ANALYST, "SELECT source_id, pain_point FROM feedback_topics", False),
    ],
)
def test_pain_point_tables_obey_the_column_and_table_policies(
    warehouse: Path, principal: Principal, sql: str, allowed: bool
) -> None:
    result = run_guarded(sql, principal, warehouse=warehouse)
    assert (result.status == "ok") is allowed, result.notices


def test_row_filters_follow_the_assignment_tables_foreign_keys(warehouse: Path) -> None:
    result = run_guarded("SELECT review_id FROM review_pain_points", EAST, warehouse=warehouse)
    east = {r for (r,) in _rows(warehouse, "SELECT review_id FROM review_pain_points JOIN reviews USING (review_id) JOIN customers c USING (customer_id) WHERE c.region = 'East'")}  # fmt: skip
    assert result.status == "ok" and {r for (r,) in result.rows} == east


def test_plain_summary_has_a_monthly_trend_of_the_top_pain_points(warehouse: Path) -> None:
    result = pain_point_summary(ANALYST, warehouse=warehouse, question="what do customers complain about?")
    assert result.status == "ok" and result.columns == ("pain_point", "pain_point_mentions")
    counts = dict(result.rows)
    top = [row[0] for row in result.rows[:5]]
    per_point = Counter[str]()
    for point in result.trend:
        per_point[point["pain_point"]] += point["mentions"]
        assert len(point["month"]) == 7 and point["month"][4] == "-"
    assert set(per_point) == set(top)
    assert all(per_point[p] == counts[p] for p in top)  # the trend adds up to the ranking's counts
    entry = next(e for e in AuditLog().tail(10) if e.audit_id == result.audit_id)
    assert entry.origin == "semantic" and entry.question == "what do customers complain about?"


def test_breakdowns_only_one_source_has_count_that_source(warehouse: Path) -> None:
    by_category = pain_point_summary(ANALYST, by="category", warehouse=warehouse)
    by_ticket_type = pain_point_summary(ANALYST, by="ticket_category", warehouse=warehouse)
    assert by_category.columns == ("pain_point", "category", "pain_point_reviews")
    assert by_ticket_type.columns == ("pain_point", "ticket_category", "pain_point_tickets")
    tickets = _rows(warehouse, "SELECT count(*) FROM ticket_pain_points")[0][0]
    assert sum(row[-1] for row in by_ticket_type.rows) == tickets


def test_viewer_groups_have_at_least_ten_customers(warehouse: Path) -> None:
    result = pain_point_summary(VIEWER, by="region", warehouse=warehouse)
    customers = {(label, region): n for label, region, _, n in _rows(warehouse, MENTIONS_BY_LABEL_AND_REGION)}
    assert result.status == "ok"
    assert all(customers.get((label, region), 10) >= 10 for label, region, _ in result.rows)
    assert any(n < 10 for n in customers.values())  # the tiny warehouse has small groups to suppress
    assert any(n.code == "small_groups_suppressed" for n in result.notices)


def test_growth_compares_two_governed_statements(warehouse: Path) -> None:
    result = pain_point_summary(
        ANALYST, start=date(2026, 4, 1), end=date(2026, 9, 30),
        baseline_start=date(2025, 10, 1), baseline_end=date(2026, 3, 31), warehouse=warehouse,
    )  # fmt: skip
    current = _semantic(
        warehouse, ANALYST, metrics=["pain_point_mentions"], group_by=["pain_point"],
        time_range={"start": "2026-04-01", "end": "2026-09-30"},
    )  # fmt: skip
    assert {row[0]: row[1] for row in result.rows} == {k[0]: v for k, v in current.items()}
    assert result.sql is not None and result.sql.count("SELECT") >= 2 and "baseline period" in result.sql


def test_filters_use_semantic_dimensions(warehouse: Path) -> None:
    skincare = pain_point_summary(ANALYST, filters={"category": "Skincare"}, warehouse=warehouse)
    direct = _semantic(
        warehouse, ANALYST, metrics=["pain_point_reviews"], group_by=["pain_point"],
        filters=[Filter(dimension="category", op="=", value="Skincare").model_dump()],
    )  # fmt: skip
    assert skincare.columns[-1] == "pain_point_reviews"
    assert {row[0]: row[1] for row in skincare.rows} == {k[0]: v for k, v in direct.items()}


def test_every_feedback_search_is_audited(feedback_index: tuple[Path, Path, IndexReport]) -> None:
    warehouse, chroma, _ = feedback_index
    found = search_feedback("parcel arrived crushed", EAST, k=4, warehouse=warehouse, chroma_dir=chroma, question="q1")
    denied = search_feedback("parcel", VIEWER, warehouse=warehouse, chroma_dir=chroma, question="q2")
    entries = {e.audit_id: e for e in AuditLog().tail(20)}
    assert entries[found.audit_id].origin == "feedback_search" and entries[found.audit_id].row_count == 4
    assert (
        entries[found.audit_id].role == "regional_manager"
        and "parcel arrived crushed" in entries[found.audit_id].original_sql
    )
    assert entries[denied.audit_id].decision == "blocked" and entries[denied.audit_id].question == "q2"
