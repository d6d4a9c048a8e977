"""Compute the `quality_checks` table from the warehouse and the rules in data/quality.yml.

Runs inside `cdm data build` (a generation step) and inside every steward command that rewrites
the warehouse (standardize, erase), always on a connection to the new file before it is renamed in.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb

from data.errors import CdmError
from data.quality_rules import QualityRules, load_rules

CHECKS_SQL = Path(__file__).with_name("quality_checks.sql")
MACROS_SQL = Path(__file__).with_name("quality_macros.sql")


def dataset_as_of(con: duckdb.DuckDBPyConnection) -> date:
    """The as-of date recorded in dataset_info (relative checks such as ages are taken on it)."""
    row = con.execute("SELECT max(value) FROM dataset_info WHERE key = 'as_of_date'").fetchone()
    if not row or not row[0]:
        raise CdmError("the warehouse has no as_of_date in dataset_info; rebuild it with `cdm data build`")
    return date.fromisoformat(row[0])


def _years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years, day=28 if (day.month, day.day) == (2, 29) else day.day)


def _set_inputs(con: duckdb.DuckDBPyConnection, rules: QualityRules, as_of: date) -> None:
    for column in ("full_name", "phone", "email", "id_number"):
        con.execute(f"SET VARIABLE q_ph_{column} = ?::VARCHAR[]", [list(rules.placeholders.get(column, ()))])
    con.execute("SET VARIABLE q_fmt_phone = ?", [rules.formats["phone"]])
    con.execute("SET VARIABLE q_fmt_email = ?", [rules.formats["email"]])
    suffixes = "|".join(re.escape(s) for s in sorted(rules.suffixes, key=len, reverse=True)) or "(?!)"
    con.execute("SET VARIABLE q_suffix = ?", [f"({suffixes})$"])
    con.execute("SET VARIABLE q_as_of = ?::DATE", [as_of.isoformat()])
    con.execute("SET VARIABLE q_min_birth = ?::DATE", [_years_before(as_of, rules.max_age_years).isoformat()])
    con.execute("SET VARIABLE q_max_birth = ?::DATE", [_years_before(as_of, rules.min_age_years).isoformat()])
    rows = [(i, r.name, r.table, r.column, r.dimension) for i, r in enumerate(rules.rules)]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE q_rule (idx INTEGER, quality_rule VARCHAR, check_table VARCHAR, "
        "check_column VARCHAR, quality_dimension VARCHAR)"
    )
    con.executemany("INSERT INTO q_rule VALUES (?, ?, ?, ?, ?)", rows)
    places = [(kind, key, std) for kind, keys in rules.standard_places().items() for key, std in keys.items()]
    con.execute("CREATE OR REPLACE TEMP TABLE q_place (kind VARCHAR, place_key VARCHAR, standard VARCHAR)")
    con.executemany("INSERT INTO q_place VALUES (?, ?, ?)", places)


def install_check_inputs(con: duckdb.DuckDBPyConnection, rules: QualityRules, as_of: date | None = None) -> None:
    """The rule inputs (variables, temp tables q_rule and q_place) and the normalizing macros."""
    _set_inputs(con, rules, as_of or dataset_as_of(con))
    con.execute(MACROS_SQL.read_text(encoding="utf-8"))


def refresh_quality_checks(
    con: duckdb.DuckDBPyConnection, as_of: date | None = None, rules: QualityRules | None = None
) -> int:
    """Replace the rows of quality_checks; returns how many checks failed. `as_of` defaults to the
    warehouse's own (a build passes it before dataset_info is written)."""
    install_check_inputs(con, rules or load_rules(), as_of)
    con.execute(CHECKS_SQL.read_text(encoding="utf-8"))
    con.execute("DROP TABLE q_rule")
    con.execute("DROP TABLE q_place")
    row = con.execute("SELECT count(*) FROM quality_checks WHERE NOT passed").fetchone()
    return int(row[0]) if row else 0
