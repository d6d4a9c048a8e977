"""`cdm privacy retention`: keep records only as long as stewardship/policy.yml says.

Warehouse records age against the dataset's as-of date (the synthetic data's "today"), the audit
log against the clock. Review and ticket texts past their period are replaced (the rows and their
ratings stay for the metrics); old audit records are deleted under the audit log's lock. Chat
threads are pruned by the chat history itself (`cdm chat prune`, CDM_HISTORY_DAYS).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from data.file_lock import exclusive_lock
from data.quality_checks import dataset_as_of
from data.settings import audit_path
from guards.audit import AuditLog
from guards.principal import Principal
from stewardship.policy import RetentionRule, load_stewardship_policy
from stewardship.rewrite import rewrite_warehouse, writer_lock

RETAINED_TEXT = "[removed: retention]"


@dataclass(frozen=True)
class RetentionResult:
    store: str
    keep_days: int
    action: str
    affected: int
    note: str = ""


def _text_condition(rule: RetentionRule) -> str:
    return f"{rule.timestamp} < ?::TIMESTAMP AND {rule.column} <> '{RETAINED_TEXT}'"


def _warehouse_rule(con: duckdb.DuckDBPyConnection, rule: RetentionRule, apply: bool) -> int:
    cutoff = (dataset_as_of(con) - dt.timedelta(days=rule.keep_days)).isoformat()
    row = con.execute(f"SELECT count(*) FROM {rule.store} WHERE {_text_condition(rule)}", [cutoff]).fetchone()
    if apply:
        con.execute(f"UPDATE {rule.store} SET {rule.column} = ? WHERE {_text_condition(rule)}", [RETAINED_TEXT, cutoff])
    return int(row[0]) if row else 0


def _audit_rule(rule: RetentionRule, apply: bool) -> int:
    path = audit_path()
    if not path.exists():
        return 0
    AuditLog(path).tail(1)  # moves the journal into the database
    cutoff = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=rule.keep_days)
    with exclusive_lock(path), duckdb.connect(str(path)) as con:
        row = con.execute("SELECT count(*) FROM audit_log WHERE ts < ?", [cutoff]).fetchone()
        if apply:
            con.execute("DELETE FROM audit_log WHERE ts < ?", [cutoff])
    return int(row[0]) if row else 0


def apply_retention(warehouse: Path, principal: Principal, apply: bool) -> list[RetentionResult]:
    policy = load_stewardship_policy()
    if apply:
        policy.require_steward(principal, "privacy retention --apply")
    in_warehouse = [r for r in policy.retention if r.timestamp and r.column]

    def edit(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
        return {r.store: _warehouse_rule(con, r, apply) for r in in_warehouse}

    if apply:
        with writer_lock(warehouse):
            counts = rewrite_warehouse(warehouse, edit)
    else:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            counts = edit(con)
    results = [RetentionResult(r.store, r.keep_days, r.action, counts[r.store]) for r in in_warehouse]
    for rule in policy.retention:
        if rule.store == "audit_records":
            results.append(RetentionResult(rule.store, rule.keep_days, rule.action, _audit_rule(rule, apply)))
        elif rule.store == "chat_threads":
            results.append(RetentionResult(rule.store, rule.keep_days, rule.action, 0, "applied by `cdm chat prune`"))
    return results
