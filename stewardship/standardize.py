"""`cdm quality standardize`: one spelling per value, with a backup of every value changed.

Phones become their 11 digits (no spaces, dashes or +86), emails are trimmed and lower-cased,
cities and provinces take their standard spelling (data/quality.yml). Only values that are valid
after the change are touched. `--apply` first writes the mapping (record, column, original,
standardized) and a standardized copy of the affected columns under
CDM_HOME/quality/standardize/<run>/ (0600: it holds personal values; `cdm privacy erase` scrubs it),
then rewrites the warehouse through stewardship/rewrite.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from data.quality_checks import install_check_inputs
from data.quality_rules import QualityRules
from data.settings import cdm_home
from stewardship.rewrite import rewrite_warehouse, writer_lock

COLUMNS = ("phone", "email", "city", "province")
_MAPPING = """
CREATE OR REPLACE TEMP TABLE standardization AS
WITH m AS (
    SELECT customer_id, 'phone' AS column_name, phone AS original, q_phone_norm(phone) AS standardized FROM customers
    UNION ALL SELECT customer_id, 'email', email, lower(trim(email)) FROM customers
    UNION ALL SELECT c.customer_id, 'city', c.city, p.standard FROM customers c
        JOIN q_place p ON p.kind = 'city' AND p.place_key = q_place_key(c.city)
    UNION ALL SELECT c.customer_id, 'province', c.province, p.standard FROM customers c
        JOIN q_place p ON p.kind = 'province' AND p.place_key = q_place_key(c.province)
)
SELECT 'customers' AS table_name, * FROM m
WHERE standardized IS NOT NULL AND standardized <> original
  AND (column_name <> 'phone' OR regexp_full_match(standardized, getvariable('q_fmt_phone')))
  AND (column_name <> 'email' OR regexp_full_match(standardized, getvariable('q_fmt_email')))
ORDER BY column_name, customer_id
"""


@dataclass(frozen=True)
class StandardizationResult:
    changes: dict[str, int]  # column -> values changed
    applied: bool
    backup: Path | None

    @property
    def total(self) -> int:
        return sum(self.changes.values())


def _macros(con: duckdb.DuckDBPyConnection, rules: QualityRules) -> None:
    """The normalizing macros and inputs of the quality checks, so both read a value the same way."""
    install_check_inputs(con, rules)


def _mapping(con: duckdb.DuckDBPyConnection, rules: QualityRules) -> dict[str, int]:
    _macros(con, rules)
    con.execute(_MAPPING)
    counts = dict(con.execute("SELECT column_name, count(*) FROM standardization GROUP BY ALL").fetchall())
    return {column: int(counts.get(column, 0)) for column in COLUMNS}


def _write_backup(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for name, query in (
        ("mapping.parquet", "SELECT * FROM standardization"),
        (
            "columns.parquet",
            "SELECT customer_id, " + ", ".join(COLUMNS) + " FROM customers WHERE customer_id IN "
            "(SELECT customer_id FROM standardization)",
        ),
    ):
        target = folder / name
        con.execute(f"COPY ({query}) TO '{target}' (FORMAT parquet)")
        os.chmod(target, 0o600)


def _apply(con: duckdb.DuckDBPyConnection) -> None:
    for column in COLUMNS:
        con.execute(
            f"UPDATE customers SET {column} = s.standardized FROM standardization s "
            f"WHERE s.column_name = '{column}' AND customers.customer_id = s.customer_id"
        )


def standardize(warehouse: Path, rules: QualityRules, apply: bool) -> StandardizationResult:
    if not apply:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return StandardizationResult(_mapping(con, rules), False, None)
    folder = cdm_home() / "quality" / "standardize" / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")

    def edit(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
        changes = _mapping(con, rules)
        _write_backup(con, folder)
        _apply(con)
        return changes

    with writer_lock(warehouse):
        changes = rewrite_warehouse(warehouse, edit)
    return StandardizationResult(changes, True, folder)
