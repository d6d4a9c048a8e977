"""`cdm privacy retention`: keep records only as long as stewardship/policy.yml says.

Warehouse records age against the dataset's as-of date (the synthetic data's "today"), the audit
log against the clock. Review and ticket texts past their period are replaced (the rows and their
ratings stay for the metrics) and their documents leave the feedback index; the Parquet export,
which holds the old texts, is removed; old audit records are deleted under the audit log's lock;
inactive chat threads are deleted through the chat history, passed in from the cdm layer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import duckdb

from data.file_lock import exclusive_lock
from data.quality_checks import dataset_as_of
from data.settings import audit_path
from guards.audit import AuditLog
from guards.principal import Principal
from stewardship.erasure_steps import drop_feedback_documents, remove_export
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


class ChatRetention(Protocol):
    """The chat history's retention (cdm/history/retention.py), passed in from the cdm layer."""

    def count_inactive(self, days: int) -> int: ...
    def prune(self, days: int) -> int: ...


@dataclass(frozen=True)
class ExpiredTexts:
    count: int
    documents: tuple[tuple[str, int], ...]  # (feedback source, row id) of the texts replaced


def _text_condition(rule: RetentionRule) -> str:
    return f"{rule.timestamp} < ?::TIMESTAMP AND {rule.column} <> '{RETAINED_TEXT}'"


def _warehouse_rule(con: duckdb.DuckDBPyConnection, rule: RetentionRule, apply: bool) -> ExpiredTexts:
    cutoff = (dataset_as_of(con) - dt.timedelta(days=rule.keep_days)).isoformat()
    key = rule.key or "NULL"
    rows = con.execute(f"SELECT {key} FROM {rule.store} WHERE {_text_condition(rule)}", [cutoff]).fetchall()
    if apply:
        con.execute(f"UPDATE {rule.store} SET {rule.column} = ? WHERE {_text_condition(rule)}", [RETAINED_TEXT, cutoff])
    source = rule.feedback_source
    return ExpiredTexts(len(rows), tuple((source, int(r[0])) for r in rows) if source and rule.key else ())


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


def apply_retention(
    warehouse: Path, principal: Principal, apply: bool, chat: ChatRetention | None = None
) -> list[RetentionResult]:
    policy = load_stewardship_policy()
    if apply:
        policy.require_steward(principal, "privacy retention --apply")
    in_warehouse = [r for r in policy.retention if r.timestamp and r.column]

    def edit(con: duckdb.DuckDBPyConnection) -> dict[str, ExpiredTexts]:
        return {r.store: _warehouse_rule(con, r, apply) for r in in_warehouse}

    if apply:
        with writer_lock(warehouse):
            counts = rewrite_warehouse(warehouse, edit)
    else:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            counts = edit(con)
    results = [RetentionResult(r.store, r.keep_days, r.action, counts[r.store].count) for r in in_warehouse]
    results += _copies_of_texts([doc for c in counts.values() for doc in c.documents], apply)
    for rule in policy.retention:
        if rule.store == "audit_records":
            results.append(RetentionResult(rule.store, rule.keep_days, rule.action, _audit_rule(rule, apply)))
        elif rule.store == "chat_threads":
            results.append(_chat_rule(rule, chat, apply))
    return results


def _copies_of_texts(documents: list[tuple[str, int]], apply: bool) -> list[RetentionResult]:
    """The expired texts' other copies: their feedback documents and the Parquet export."""
    if not apply or not documents:
        return [RetentionResult("feedback_index", 0, "delete", len(documents), "their documents")]
    status, dropped = drop_feedback_documents(documents)
    export, _ = remove_export()
    return [
        RetentionResult("feedback_index", 0, "delete", dropped, "" if status == "done" else "no index"),
        RetentionResult("parquet_export", 0, "delete", int(export == "done"), "re-export with `cdm data export`"),
    ]


def _chat_rule(rule: RetentionRule, chat: ChatRetention | None, apply: bool) -> RetentionResult:
    if chat is None:
        return RetentionResult(rule.store, rule.keep_days, rule.action, 0, "no chat history here")
    count = chat.prune(rule.keep_days) if apply else chat.count_inactive(rule.keep_days)
    return RetentionResult(rule.store, rule.keep_days, rule.action, count)
