"""Each user's privacy budget per period, persisted in CDM_HOME/privacy_budget.sqlite3 (0600).

A query is charged once per period under its query key: asking the same question again returns
the same noisy answer (no new information) and spends nothing. SQLite's own locking makes the
check-and-charge one transaction across processes (the CLI next to a running UI).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from data.settings import cdm_home
from guards.policy import PrivacySettings

LEDGER_NAME = "privacy_budget.sqlite3"
BUDGET_OVERRIDE = "CDM_PRIVACY_BUDGET"  # epsilon per period for every user, e.g. for test sessions on synthetic data
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS spent (principal TEXT, period TEXT, query_key TEXT, epsilon REAL, ts TEXT, "
    "PRIMARY KEY (principal, period, query_key))"
)


@dataclass(frozen=True)
class BudgetState:
    period: str
    total: float
    spent: float
    already_charged: bool

    @property
    def remaining(self) -> float:
        return max(0.0, self.total - self.spent)


def period_of(settings: PrivacySettings, now: dt.datetime | None = None) -> str:
    today = (now or dt.datetime.now(dt.UTC)).date()
    if settings.budget_period == "month":
        return today.strftime("%Y-%m")
    if settings.budget_period == "week":
        year, week, _ = today.isocalendar()
        return f"{year}-W{week:02d}"
    return today.isoformat()


def budget_total(settings: PrivacySettings) -> float:
    override = os.environ.get(BUDGET_OVERRIDE)
    return float(override) if override else settings.budget_epsilon


def ledger_path() -> Path:
    return cdm_home() / LEDGER_NAME


_CONNECTIONS: dict[Path, sqlite3.Connection] = {}
_LOCK = threading.Lock()


def _connection(path: Path) -> sqlite3.Connection:
    """One connection per ledger and process, kept open (closing checkpoints and syncs the WAL):
    WAL with synchronous=NORMAL makes a charge about 0.4 ms; a crash may lose the last charges."""
    con = _CONNECTIONS.get(path)
    if con is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        con = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute(SCHEMA)
        _CONNECTIONS[path] = con
    return con


@contextmanager
def _ledger(path: Path) -> Iterator[sqlite3.Connection]:
    with _LOCK:
        yield _connection(path)


def _state(con: sqlite3.Connection, principal: str, period: str, key: str, total: float) -> BudgetState:
    (spent,) = con.execute(
        "SELECT coalesce(sum(epsilon), 0) FROM spent WHERE principal = ? AND period = ?", (principal, period)
    ).fetchone()
    charged = con.execute(
        "SELECT 1 FROM spent WHERE principal = ? AND period = ? AND query_key = ?", (principal, period, key)
    ).fetchone()
    return BudgetState(period, total, float(spent), charged is not None)


def budget_state(settings: PrivacySettings, principal: str, key: str, path: Path | None = None) -> BudgetState:
    with _ledger(path or ledger_path()) as con:
        return _state(con, principal, period_of(settings), key, budget_total(settings))


def charge(
    settings: PrivacySettings, principal: str, key: str, epsilon: float, path: Path | None = None
) -> BudgetState | None:
    """Spends epsilon for this query unless it was charged this period; None when the budget is short."""
    period = period_of(settings)
    with _ledger(path or ledger_path()) as con:
        con.execute("BEGIN IMMEDIATE")
        state = _state(con, principal, period, key, budget_total(settings))
        if state.already_charged:
            con.execute("COMMIT")
            return state
        if state.remaining + 1e-9 < epsilon:
            con.execute("ROLLBACK")
            return None
        now = dt.datetime.now(dt.UTC).isoformat()
        con.execute("INSERT INTO spent VALUES (?, ?, ?, ?, ?)", (principal, period, key, epsilon, now))
        con.execute("COMMIT")
        return BudgetState(period, state.total, state.spent + epsilon, False)
