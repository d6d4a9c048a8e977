"""One function per store an erasure reaches; each returns (status, count) and is safe to re-run.

Order matters: stores searched by the customer's values come first and the warehouse, where the
values are read from, comes last, so an interrupted run can always read them again.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import duckdb

from data.file_lock import exclusive_lock
from data.settings import audit_path, cdm_home, chroma_path, setting
from feedback.doc_table import table_path
from feedback.redaction import redact
from feedback.store import SEARCH_COLLECTION, THEME_COLLECTION, open_collection
from guards.audit import AuditLog
from stewardship.erasure_target import ERASED_NAME, ERASED_TEXT, ErasureTarget
from stewardship.rewrite import rewrite_warehouse, writer_lock

StepResult = tuple[str, int]  # ("done" | "absent", how many items were removed or changed)


class ChatHistory(Protocol):
    """The chat history's erasure functions (cdm/history/erasure.py), passed in from the cdm layer."""

    def find(self, text: str) -> list[str]: ...

    def delete(self, thread_ids: list[str]) -> int: ...


@dataclass(frozen=True)
class ErasureContext:
    warehouse: Path
    new_key: int
    chat: ChatHistory | None


def erase_chat_threads(target: ErasureTarget, context: ErasureContext) -> StepResult:
    if context.chat is None:
        return "unavailable", 0
    threads = sorted({thread for value in target.identifying_values for thread in context.chat.find(value)})
    return "done", context.chat.delete(threads) if threads else 0


def scrub_audit_log(target: ErasureTarget, context: ErasureContext) -> StepResult:
    """Replaces the values in every text column of the audit log (and its journal) under its lock."""
    path = audit_path()
    if not path.exists() and not path.with_name(path.name + ".journal").exists():
        return "absent", 0
    AuditLog(path).tail(1)  # moves the journal into the database
    changed = 0
    with exclusive_lock(path), duckdb.connect(str(path)) as con:
        changed = _scrub_table(con, "audit_log", target.values) + _scrub_table(con, "audit_feedback", target.values)
    return "done", changed


def _scrub_table(con: duckdb.DuckDBPyConnection, table: str, values: tuple[str, ...]) -> int:
    columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[1] == "VARCHAR"]
    changed = 0
    for column in columns:
        for value in values:
            row = con.execute(
                f"SELECT count(*) FROM {table} WHERE contains(lower({column}), lower(?))", [value]
            ).fetchone()
            if row and row[0]:
                changed += int(row[0])
                con.execute(
                    f"UPDATE {table} SET {column} = regexp_replace({column}, ?, ?, 'gi') "
                    f"WHERE contains(lower({column}), lower(?))",
                    [_regex_literal(value), ERASED_TEXT, value],
                )
    return changed


def _regex_literal(value: str) -> str:
    return "".join(f"\\{c}" if not c.isalnum() and c != " " else c for c in value)


def scrub_standardize_backups(target: ErasureTarget, context: ErasureContext) -> StepResult:
    files = sorted((cdm_home() / "quality" / "standardize").glob("*/*.parquet"))
    removed = 0
    for file in files:
        with duckdb.connect() as con:
            row = con.execute(
                "SELECT count(*) FROM read_parquet(?) WHERE customer_id = ?", [str(file), target.customer_id]
            ).fetchone()
            if not row or not row[0]:
                continue
            removed += int(row[0])
            tmp = file.with_suffix(".tmp")
            con.execute(
                f"COPY (SELECT * FROM read_parquet('{file}') WHERE customer_id <> {int(target.customer_id)}) "
                f"TO '{tmp}' (FORMAT parquet)"
            )
        os.chmod(tmp, 0o600)
        os.replace(tmp, file)
    return ("done" if files else "absent"), removed


def erase_feedback_index(target: ErasureTarget, context: ErasureContext) -> StepResult:
    """Drops their documents; a vector goes only when no other document still uses its text."""
    keys = [("review", i) for i in target.review_ids] + [("ticket", i) for i in target.ticket_ids]
    return drop_feedback_documents(keys)


def drop_feedback_documents(keys: list[tuple[str, int]]) -> StepResult:
    """Drops the documents of these (source, source_id) rows, and each vector no other document uses."""
    chroma_dir = chroma_path()
    documents = table_path(chroma_dir)
    if not documents.exists():
        return "absent", 0
    tmp = documents.with_suffix(".erasing")
    shutil.copyfile(documents, tmp)
    with duckdb.connect(str(tmp)) as con:
        con.execute("CREATE TEMP TABLE gone (source VARCHAR, source_id BIGINT)")
        if keys:
            con.executemany("INSERT INTO gone VALUES (?, ?)", keys)
        hashes = con.execute(
            "SELECT content_hash, theme_hash FROM documents d SEMI JOIN gone g USING (source, source_id)"
        ).fetchall()
        con.execute("DELETE FROM documents WHERE (source, source_id) IN (SELECT (source, source_id) FROM gone)")
        content = _unused(con, "content_hash", {h for h, _ in hashes if h})
        themes = _unused(con, "theme_hash", {t for _, t in hashes if t})
    os.replace(tmp, documents)
    for name, ids in ((SEARCH_COLLECTION, content), (THEME_COLLECTION, themes)):
        if ids:
            open_collection(chroma_dir, name, create=False).delete(ids=sorted(ids))
    return "done", len(hashes)


def _unused(con: duckdb.DuckDBPyConnection, column: str, candidates: set[str]) -> set[str]:
    if not candidates:
        return set()
    rows = con.execute(
        f"SELECT DISTINCT {column} FROM documents WHERE list_contains(?, {column})", [sorted(candidates)]
    )
    return candidates - {r[0] for r in rows.fetchall()}


def remove_parquet_export(target: ErasureTarget, context: ErasureContext) -> StepResult:
    """An export holds the customer's row: it is removed (re-export with `cdm data export`)."""
    return remove_export()


def remove_export() -> StepResult:
    """Removes the Parquet export (renamed away first, so no reader sees half of it)."""
    explicit = setting("CDM_PARQUET")
    folder = Path(explicit).expanduser() if explicit else cdm_home() / "parquet"
    if not folder.exists():
        return "absent", 0
    doomed = folder.with_name(f".{folder.name}.erased")
    shutil.rmtree(doomed, ignore_errors=True)
    os.replace(folder, doomed)
    shutil.rmtree(doomed)
    return "done", 1


def erase_warehouse(target: ErasureTarget, context: ErasureContext) -> StepResult:
    def edit(con: duckdb.DuckDBPyConnection) -> int:
        return _erase_rows(con, target, context.new_key)

    with writer_lock(context.warehouse):
        return "done", rewrite_warehouse(context.warehouse, edit)


_KEYED_TABLES = ("orders", "reviews", "support_tickets", "customer_profile", "customers")


def _erase_rows(con: duckdb.DuckDBPyConnection, target: ErasureTarget, new_key: int) -> int:
    old = target.customer_id
    exists = con.execute("SELECT count(*) FROM customers WHERE customer_id = ?", [old]).fetchone()
    if not exists or not exists[0]:
        return 0  # renamed in by an interrupted run already
    _drop_quotes(con, target)
    con.execute("UPDATE reviews SET review_text = ? WHERE customer_id = ?", [ERASED_TEXT, old])
    con.execute("UPDATE support_tickets SET description = ? WHERE customer_id = ?", [ERASED_TEXT, old])
    con.execute(
        "UPDATE customers SET full_name = ?, phone = '', email = '', id_number = '', birth_date = DATE '1900-01-01', "
        "gender = 'U', marketing_consent = false WHERE customer_id = ?",
        [ERASED_NAME, old],
    )
    for table in _KEYED_TABLES:
        con.execute(f"UPDATE {table} SET customer_id = ? WHERE customer_id = ?", [new_key, old])
    con.execute(
        "UPDATE truth_quality_defects SET record_id = ? WHERE record_table = 'customers' AND record_id = ?",
        [new_key, old],
    )
    con.execute("UPDATE truth_quality_defects SET related_id = ? WHERE related_id = ?", [new_key, old])
    return 1 + len(target.review_ids) + len(target.ticket_ids)


def _drop_quotes(con: duckdb.DuckDBPyConnection, target: ErasureTarget) -> None:
    """Pain-point quotes are redacted texts: theirs go unless another customer wrote the same."""
    theirs = {redact(t).text for t in target.texts}
    quoted = {q for (qs,) in con.execute("SELECT quotes FROM pain_points").fetchall() for q in qs or ()}
    if not theirs & quoted:
        return
    others = con.execute(
        "SELECT review_text FROM reviews WHERE customer_id <> ? UNION ALL "
        "SELECT description FROM support_tickets WHERE customer_id <> ?",
        [target.customer_id] * 2,
    ).fetchall()
    shared = {redact(t).text for (t,) in others} & theirs
    doomed = sorted((theirs & quoted) - shared)
    if doomed:
        con.execute("UPDATE pain_points SET quotes = list_filter(quotes, q -> NOT list_contains(?, q))", [doomed])


Step = Callable[[ErasureTarget, ErasureContext], StepResult]
STEPS: tuple[tuple[str, Step], ...] = (
    ("chat_history", erase_chat_threads),
    ("audit_log", scrub_audit_log),
    ("standardize_backups", scrub_standardize_backups),
    ("feedback_index", erase_feedback_index),
    ("parquet_export", remove_parquet_export),
    ("warehouse", erase_warehouse),
)
