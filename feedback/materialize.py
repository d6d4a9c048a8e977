"""Write pain points into the warehouse so metrics can be grouped by them like any dimension.

The only write connection to the warehouse in this package, used at build time. Both tables
are replaced in one transaction, so readers see the old pair or the new pair, never a mix.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from feedback.topics import PainPointModel

_CREATE = (
    "CREATE OR REPLACE TABLE feedback_topics (source VARCHAR, source_id BIGINT, pain_point VARCHAR, centrality DOUBLE)",
    "CREATE OR REPLACE TABLE pain_points "
    "(pain_point VARCHAR, label VARCHAR, keywords VARCHAR, size INTEGER, quotes VARCHAR[])",
)
_INSERT_TOPICS = (
    "INSERT INTO feedback_topics SELECT unnest($1::VARCHAR[]), unnest($2::BIGINT[]), unnest($3::VARCHAR[]), "
    "unnest($4::DOUBLE[])"
)
_INSERT_POINTS = "INSERT INTO pain_points VALUES ($1, $2, $3, $4, $5)"


def materialize(warehouse: Path, model: PainPointModel) -> None:
    rows = model.assignments
    columns = [
        [a.source for a in rows],
        [a.source_id for a in rows],
        [a.pain_point for a in rows],
        [a.centrality for a in rows],
    ]
    with duckdb.connect(str(warehouse)) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in _CREATE:
                con.execute(statement)
            con.execute(_INSERT_TOPICS, columns)
            for p in model.pain_points:
                con.execute(_INSERT_POINTS, [p.pain_point, p.label, ", ".join(p.keywords), p.size, list(p.quotes)])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
