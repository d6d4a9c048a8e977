"""The feedback index on the tiny warehouse: quality, incrementality, redaction, privacy.

The index is built once per session (real model, real Chroma, real DuckDB). Thresholds on tiny
(about 170 negative reviews) are the default targets (0.8) minus a margin for small-sample noise.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pytest
import yaml

from engines.duckdb_pool import release_warehouse
from feedback.index import IndexReport, build_index
from feedback.search import search_feedback
from feedback.store import SEARCH_COLLECTION, open_collection
from guards.principal import Principal
from guards.privacy.answer import margins_of

QUERIES = yaml.safe_load((Path(__file__).with_name("queries.yml")).read_text(encoding="utf-8"))


def _truth_pairs(warehouse: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "SELECT t.theme, f.pain_point FROM truth_review_theme t "
            "JOIN feedback_topics f ON f.source = 'review' AND f.source_id = t.review_id"
        ).fetchall()


def test_topics_match_truth(feedback_index: tuple[Path, Path, IndexReport]) -> None:
    from sklearn.metrics import adjusted_rand_score

    warehouse, _, report = feedback_index
    pairs = _truth_pairs(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        negatives = con.execute("SELECT count(*) FROM reviews WHERE rating <= 2").fetchone()[0]
    assert len(pairs) == negatives
    purity = sum(Counter(t for t, p in pairs if p == c).most_common(1)[0][1] for c in {p for _, p in pairs}) / len(
        pairs
    )
    assert purity >= 0.75
    assert adjusted_rand_score([t for t, _ in pairs], [p for _, p in pairs]) >= 0.7
    assert 8 <= report.pain_points <= 24


def test_recall_at_10(feedback_index: tuple[Path, Path, IndexReport]) -> None:
    warehouse, chroma, _ = feedback_index
    with duckdb.connect(str(warehouse), read_only=True) as con:
        truth = dict(con.execute("SELECT review_id, theme FROM truth_review_theme").fetchall())
    admin = Principal(None, "admin")
    hits = 0
    for theme, query in QUERIES.items():
        result = search_feedback(
            query, admin, filters={"source": "review"}, k=10, warehouse=warehouse, chroma_dir=chroma
        )
        hits += any(truth.get(h.id) == theme for h in result.results)
    assert hits / len(QUERIES) >= 0.8


def test_no_pii_in_chroma_or_quotes(feedback_index: tuple[Path, Path, IndexReport]) -> None:
    warehouse, chroma, _ = feedback_index
    with duckdb.connect(str(warehouse), read_only=True) as con:
        # planted quality defects include blank phones and emails: a blank is no contact detail
        phones = {r[0] for r in con.execute("SELECT phone FROM customers").fetchall() if r[0] and r[0].strip()}
        emails = {r[0] for r in con.execute("SELECT email FROM customers").fetchall() if r[0] and r[0].strip()}
        raw = " ".join(
            r[0]
            for r in con.execute(
                "SELECT review_text FROM reviews UNION ALL SELECT description FROM support_tickets"
            ).fetchall()
        )
        quotes = " ".join(q for r in con.execute("SELECT quotes FROM pain_points").fetchall() for q in r[0])
    assert "@" in raw  # the warehouse really contains contact details to redact
    documents = " ".join(
        open_collection(chroma, SEARCH_COLLECTION, create=False).get(include=["documents"])["documents"]
    )
    assert "[PHONE]" in documents or "[EMAIL]" in documents
    for text in (documents, quotes):
        assert "@" not in text
        assert not [p for p in phones if p in text]
        assert not [e for e in emails if e in text]


def test_regional_manager_gets_only_own_region(feedback_index: tuple[Path, Path, IndexReport]) -> None:
    warehouse, chroma, _ = feedback_index
    east = Principal(None, "regional_manager", {"region": "East"})
    result = search_feedback("delivery was late", east, k=20, warehouse=warehouse, chroma_dir=chroma)
    assert result.status == "ok" and len(result.results) == 20
    assert {h.metadata["region"] for h in result.results} == {"East"}
    south = search_feedback("late", east, filters={"region": "South"}, warehouse=warehouse, chroma_dir=chroma)
    assert south.results == ()


@pytest.mark.parametrize("role", ["viewer", "marketing"])
def test_aggregate_roles_cannot_search_text(feedback_index: tuple[Path, Path, IndexReport], role: str) -> None:
    warehouse, chroma, _ = feedback_index
    result = search_feedback("late", Principal(None, role), warehouse=warehouse, chroma_dir=chroma)
    assert result.status == "blocked" and result.results == ()
    assert result.notices[0].code == "free_text_denied"


def test_unknown_filter_is_reported(feedback_index: tuple[Path, Path, IndexReport]) -> None:
    warehouse, chroma, _ = feedback_index
    result = search_feedback(
        "late", Principal(None, "analyst"), filters={"phone": "1"}, warehouse=warehouse, chroma_dir=chroma
    )
    assert result.status == "error" and "unknown feedback filter" in result.notices[0].message


def test_viewer_gets_pain_point_counts_and_quotes(feedback_index: tuple[Path, Path, IndexReport]) -> None:
    from feedback.pain_points import pain_point_summary

    warehouse, _, _ = feedback_index
    viewer = pain_point_summary(Principal(None, "viewer"), warehouse=warehouse)
    admin = pain_point_summary(Principal(None, "admin"), warehouse=warehouse)
    assert viewer.status == "ok" and viewer.rows and viewer.pain_points[0]["quotes"]
    # the viewer's counts carry privacy noise (issue 16): fewer than the admin's, within the declared margin
    margin = margins_of(viewer.notices)["pain_point_mentions"]
    assert sum(r[1] for r in viewer.rows) <= sum(r[1] for r in admin.rows) + 3 * margin * len(viewer.rows) ** 0.5
    east = pain_point_summary(Principal(None, "regional_manager", {"region": "East"}), by="region", warehouse=warehouse)
    assert {r[1] for r in east.rows} == {"East"}


def test_rebuild_is_incremental(feedback_index: tuple[Path, Path, IndexReport]) -> None:
    warehouse, chroma, first = feedback_index
    assert first.embedded > 0
    assert build_index(warehouse, chroma, progress=False).embedded == 0
    release_warehouse(warehouse)  # earlier tests' answers left this process's pooled read-only handle open
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "UPDATE reviews SET review_text = 'A brand new complaint about the zipper' WHERE review_id = (SELECT min(review_id) FROM reviews WHERE rating >= 4)"
        )
    assert build_index(warehouse, chroma, progress=False).embedded == 1


def test_regional_quotes_come_from_own_region(feedback_index: tuple[Path, Path, IndexReport]) -> None:
    from feedback.pain_points import pain_point_summary
    from feedback.redaction import redact

    warehouse, _, _ = feedback_index
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT c.region, r.review_text FROM reviews r JOIN customers c USING (customer_id) WHERE r.rating <= 2"
        ).fetchall()
    east_texts = {redact(text).text for region, text in rows if region == "East"}
    other_texts = {redact(text).text for region, text in rows if region != "East"} - east_texts
    east = pain_point_summary(Principal(None, "regional_manager", {"region": "East"}), warehouse=warehouse)
    quotes = [q for p in east.pain_points for q in p["quotes"]]
    assert quotes and set(quotes) <= east_texts
    assert not set(quotes) & other_texts


def test_pain_point_growth_and_filters(feedback_index: tuple[Path, Path, IndexReport]) -> None:
    from datetime import date

    from feedback.pain_points import pain_point_summary

    warehouse, _, _ = feedback_index
    analyst = Principal(None, "analyst")
    result = pain_point_summary(
        analyst, start=date(2026, 4, 1), end=date(2026, 9, 30),
        baseline_start=date(2025, 10, 1), baseline_end=date(2026, 3, 31), warehouse=warehouse,
    )  # fmt: skip
    assert result.status == "ok" and result.columns == ("pain_point", "current_count", "baseline_count", "growth")
    for _, current, baseline, growth in result.rows:
        assert growth is None if not baseline else growth == pytest.approx((current - baseline) / baseline, abs=1e-4)
    known = [r[3] for r in result.rows if r[3] is not None]
    assert known == sorted(known, reverse=True)
    unknown = pain_point_summary(analyst, filters={"planet": "Mars"}, warehouse=warehouse)
    assert unknown.status == "error" and unknown.notices[0].code == "unknown_dimension"
    skincare = pain_point_summary(analyst, filters={"category": "Skincare"}, by="month", warehouse=warehouse)
    assert skincare.status == "ok" and skincare.rows
