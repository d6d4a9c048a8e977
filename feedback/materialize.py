"""Write pain points into the warehouse so metrics can be grouped by them like any dimension.

The only write connection to the warehouse in this package, used at build time. The tables and
their types come from the data dictionary (`cdm data build` creates them empty); all four are
replaced in one transaction, so readers see the old set or the new set, never a mix.

`feedback_topics` is the pipeline's own list of every assignment; `review_pain_points` and
`ticket_pain_points` are the governed copies users query: each has a foreign key to its source
table, so the guards' row filters follow it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from data.dictionary import load_dictionary
from data.schema import create_table
from engines.duckdb_pool import release_warehouse
from feedback.topics import PainPointModel

TABLES = ("feedback_topics", "pain_points", "review_pain_points", "ticket_pain_points")
_INSERT_TOPICS = (
    "INSERT INTO feedback_topics SELECT unnest($1::VARCHAR[]), unnest($2::BIGINT[]), unnest($3::VARCHAR[]), "
    "unnest($4::DOUBLE[])"
)
_INSERT_POINTS = "INSERT INTO pain_points VALUES ($1, $2, $3, $4, $5)"
_INSERT_PER_SOURCE = (
    "INSERT INTO review_pain_points SELECT f.source_id, f.pain_point, f.centrality "
    "FROM feedback_topics AS f JOIN reviews AS r ON r.review_id = f.source_id WHERE f.source = 'review'",
    "INSERT INTO ticket_pain_points SELECT f.source_id, f.pain_point, f.centrality "
    "FROM feedback_topics AS f JOIN support_tickets AS t ON t.ticket_id = f.source_id WHERE f.source = 'ticket'",
)


def replace_statements() -> list[str]:
    """CREATE OR REPLACE for the four tables, with the dictionary's pinned types."""
    dictionary = load_dictionary()
    statements = []
    for name in TABLES:
        create = create_table(dictionary.table(name))
        create.set("replace", True)
        statements.append(create.sql(dialect="duckdb"))
    return statements


def materialize(warehouse: Path, model: PainPointModel) -> None:
    rows = model.assignments
    columns = [
        [a.source for a in rows],
        [a.source_id for a in rows],
        [a.pain_point for a in rows],
        [a.centrality for a in rows],
    ]
    release_warehouse(warehouse)  # this process's pooled read-only handle would refuse the writer
    with duckdb.connect(str(warehouse)) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in replace_statements():
                con.execute(statement)
            for p in model.pain_points:
                con.execute(_INSERT_POINTS, [p.pain_point, p.label, ", ".join(p.keywords), p.size, list(p.quotes)])
            con.execute(_INSERT_TOPICS, columns)
            for statement in _INSERT_PER_SOURCE:
                con.execute(statement)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
