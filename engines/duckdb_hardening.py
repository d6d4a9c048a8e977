"""What makes a DuckDB connection safe to hand a guarded statement, and the check that it still is.

DuckDB has no privileges of its own, so a pooled database is an in-memory DuckDB with the
warehouse file attached READ_ONLY as its only database (the in-memory one is detached), no
extensions, no file or network access, a memory limit, two threads, the role's time limit and a
locked configuration. Attaching (rather than opening the file) keeps the pool from clashing with
DuckDB's one-configuration-per-open-file rule: other readers of the file in this process (the
feedback index, the trusted reads of `selection.py`) keep opening it plainly.

Every cursor handed out is checked first (`verify_cursor`): configuration locked, external access
off, the expected time limit. Once locked, nothing a statement runs can change the rest; the full
set is checked once when the database is opened (`verify_database`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

MEMORY_LIMIT = "1GB"
THREADS = 2
WAREHOUSE_ALIAS = "warehouse"
LOCKED_SETTINGS = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "python_enable_replacements": False,
    "memory_limit": MEMORY_LIMIT,
    "threads": THREADS,
}
_HANDOUT_CHECK = (
    "SELECT current_setting('lock_configuration'), current_setting('enable_external_access'), "
    "current_setting('max_execution_time')"
)
_OPEN_CHECK = (
    "SELECT current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions'), "
    "current_setting('allow_community_extensions'), current_setting('allow_unsigned_extensions'), "
    "current_setting('threads'), (SELECT list(database_name || ':' || readonly) FROM duckdb_databases() "
    "WHERE NOT internal)"
)


class HardeningLost(Exception):
    """A pooled connection no longer has its locked configuration: it is discarded, never used."""


def hardened_config(timeout_seconds: float) -> dict[str, Any]:
    """The configuration a pooled database is created with (external access goes off after ATTACH)."""
    return {**LOCKED_SETTINGS, "max_execution_time": timeout_ms(timeout_seconds)}


def timeout_ms(timeout_seconds: float) -> int:
    return int(timeout_seconds * 1000)


def open_hardened(warehouse: Path, timeout_seconds: float) -> duckdb.DuckDBPyConnection:
    """A new locked in-memory database whose only database is the warehouse file, read-only."""
    con = duckdb.connect(":memory:", config=hardened_config(timeout_seconds))
    try:
        con.execute(f"ATTACH ? AS {WAREHOUSE_ALIAS} (READ_ONLY)", [str(warehouse)])
        con.execute(f"USE {WAREHOUSE_ALIAS}")
        con.execute("DETACH memory")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        verify_database(con, timeout_seconds)
    except BaseException:
        con.close()
        raise
    return con


def verify_database(con: duckdb.DuckDBPyConnection, timeout_seconds: float) -> None:
    row = con.execute(_OPEN_CHECK).fetchone()
    if row != (False, False, False, False, THREADS, [f"{WAREHOUSE_ALIAS}:true"]):
        raise HardeningLost(f"a new pooled database is not hardened: {row}")
    verify_cursor(con, timeout_seconds)


def verify_cursor(con: duckdb.DuckDBPyConnection, timeout_seconds: float) -> None:
    """Raises HardeningLost unless the configuration is still locked, offline and time-limited."""
    row = con.execute(_HANDOUT_CHECK).fetchone()
    if row != (True, False, timeout_ms(timeout_seconds)):
        raise HardeningLost(f"a pooled connection lost its hardening: {row}")
