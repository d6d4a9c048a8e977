"""The audit log: every request, allowed or blocked, appended to its own DuckDB file.

Never the warehouse the queries read (that one is opened read-only). Concurrent-safe across
processes: every write takes an exclusive file lock. A request is appended as one JSON line to a
journal next to the database (well under a millisecond, where opening DuckDB for each insert
cost 30-100 ms per answer); readers, and writers once the journal passes JOURNAL_BYTES, move it
into `audit_log` in one transaction before reading. The class offers no update or delete: the log
is append-only; feedback is a second append-only table.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from data.file_lock import exclusive_lock
from data.settings import audit_path
from guards.decision import Notice
from guards.principal import Principal

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS audit_log (audit_id VARCHAR PRIMARY KEY, ts TIMESTAMP, user_name VARCHAR, "
    "role VARCHAR, attributes VARCHAR, origin VARCHAR, question VARCHAR, original_sql VARCHAR, "
    "rewritten_sql VARCHAR, decision VARCHAR, notices VARCHAR, row_count BIGINT, duration_ms DOUBLE, "
    "provenance VARCHAR, engine VARCHAR)",
    "ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS engine VARCHAR",  # logs written before the Spark backend
    "ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS privacy VARCHAR",  # noise and budget of aggregate-only roles
    "CREATE TABLE IF NOT EXISTS audit_feedback (audit_id VARCHAR, ts TIMESTAMP, rating INTEGER, comment VARCHAR)",
)
COLUMNS = (
    "audit_id, ts, user_name, role, attributes, origin, question, original_sql, rewritten_sql, decision, "
    "notices, row_count, duration_ms, provenance, engine, privacy"
)
COLUMN_COUNT = len(COLUMNS.split(","))
RETRIES = 50
JOURNAL_BYTES = 1 << 20  # about 500 requests: moved into the database by the next write past it
_SCHEMA_READY: set[tuple[str, int]] = set()  # audit files whose tables this process has created
LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuditEntry:
    audit_id: str
    ts: str
    user: str | None
    role: str
    attributes: dict[str, str]
    origin: str
    question: str | None
    original_sql: str
    rewritten_sql: str | None
    decision: str
    notices: list[dict[str, str]]
    row_count: int
    duration_ms: float
    provenance: dict[str, Any] | None
    engine: str | None = None  # the engine that ran rewritten_sql (duckdb, spark)
    privacy: dict[str, Any] | None = None  # aggregate-only roles: epsilon spent, budget left, noise bounds

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


class AuditLog:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or audit_path()

    @property
    def journal(self) -> Path:
        """Requests are appended here (one JSON line each) and moved into the database on read."""
        return self.path.with_name(self.path.name + ".journal")

    @property
    def quarantine(self) -> Path:
        """Journal lines that could not be read are moved here (never dropped, never blocking)."""
        return self.path.with_name(self.path.name + ".quarantine")

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer at a time, across processes (the CLI next to a running UI server)."""
        with exclusive_lock(self.path):
            yield

    @contextmanager
    def _connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._locked():
            con = self._connect()
            try:
                self._ensure_schema(con)
                self._ingest_journal(con)
                yield con
            finally:
                con.close()

    def _ingest_journal(self, con: duckdb.DuckDBPyConnection) -> None:
        """Moves journalled requests into audit_log; the journal is emptied only after the insert
        commits, so a crash in between re-reads it (audit ids are primary keys: no duplicates).
        Records are split on b"\\n" only (never str.splitlines, which also splits on U+2028, U+0085...);
        a line that is not a record is quarantined with a warning and the others still go in."""
        if not self.journal.exists() or self.journal.stat().st_size == 0:
            return
        rows, bad = read_journal(self.journal.read_bytes())
        bad += _insert(con, rows)
        if bad:
            with self.quarantine.open("ab") as quarantine:
                quarantine.write(b"".join(line + b"\n" for line in bad))
            LOG.warning("audit journal: %d unreadable line(s) moved to %s", len(bad), self.quarantine)
        self.journal.write_bytes(b"")

    def _ensure_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        key = (str(self.path.resolve()), self.path.stat().st_ino)
        if key not in _SCHEMA_READY:
            for statement in SCHEMA:
                con.execute(statement)
            _SCHEMA_READY.add(key)

    def _connect(self) -> duckdb.DuckDBPyConnection:
        """Retries while another process (not using our lock) holds the file."""
        for attempt in range(RETRIES):
            try:
                return duckdb.connect(str(self.path))
            except duckdb.IOException:
                if attempt == RETRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def record(
        self,
        *,
        principal: Principal,
        origin: str,
        original_sql: str,
        rewritten_sql: str | None,
        decision: str,
        notices: Sequence[Notice] = (),
        row_count: int = 0,
        duration_ms: float = 0.0,
        question: str | None = None,
        provenance: Mapping[str, Any] | None = None,
        engine: str = "duckdb",
        privacy: Mapping[str, Any] | None = None,
    ) -> str:
        """Appends one request and returns its audit id (the UI attaches feedback to it).

        `rewritten_sql` is the SQL as run, in the dialect of `engine`."""
        audit_id = uuid.uuid4().hex
        values = [
            audit_id, dt.datetime.now(dt.UTC).replace(tzinfo=None), principal.user, principal.role,
            json.dumps(dict(principal.attributes)), origin, question, original_sql, rewritten_sql, decision,
            json.dumps([n.as_json() for n in notices], ensure_ascii=False), row_count, duration_ms,
            json.dumps(dict(provenance), default=str) if provenance is not None else None, engine,
            json.dumps(dict(privacy), default=str) if privacy is not None else None,
        ]  # fmt: skip
        with self._locked(), self.journal.open("ab") as journal:
            journal.write(journal_line(values))
        if self.journal.stat().st_size > JOURNAL_BYTES:
            with self._connection():
                pass  # opening the database ingests the journal
        return audit_id

    def record_feedback(self, audit_id: str, rating: int, comment: str | None = None) -> None:
        """Thumbs up (1) or down (-1) from the UI, linked to the request it rates."""
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self._connection() as con:
            con.execute("INSERT INTO audit_feedback VALUES (?, ?, ?, ?)", [audit_id, now, rating, comment])

    def tail(self, n: int = 20) -> list[AuditEntry]:
        """The last n requests, oldest first."""
        if not self.path.exists() and not self.journal.exists():
            return []
        with self._connection() as con:
            rows = con.execute(f"SELECT {COLUMNS} FROM audit_log ORDER BY ts DESC LIMIT ?", [n]).fetchall()
        return [_entry(row) for row in reversed(rows)]

    def feedback(self, audit_id: str) -> list[tuple[int, str | None]]:
        with self._connection() as con:
            rows = con.execute(
                "SELECT rating, comment FROM audit_feedback WHERE audit_id = ? ORDER BY ts", [audit_id]
            ).fetchall()
        return [(int(r[0]), r[1]) for r in rows]


def _entry(row: tuple[Any, ...]) -> AuditEntry:
    return AuditEntry(
        audit_id=row[0], ts=row[1].isoformat(), user=row[2], role=row[3], attributes=json.loads(row[4] or "{}"),
        origin=row[5], question=row[6], original_sql=row[7], rewritten_sql=row[8], decision=row[9],
        notices=json.loads(row[10] or "[]"), row_count=int(row[11] or 0), duration_ms=float(row[12] or 0.0),
        provenance=json.loads(row[13]) if row[13] else None, engine=row[14],
        privacy=json.loads(row[15]) if row[15] else None,
    )  # fmt: skip


def _insert(con: duckdb.DuckDBPyConnection, rows: list[list[Any]]) -> list[bytes]:
    """Inserts the records in one transaction; if that fails, one by one: the lines that still fail
    (a value of the wrong type, say) are returned for the quarantine instead of blocking the rest."""
    if not rows:
        return []
    insert = f"INSERT OR IGNORE INTO audit_log ({COLUMNS}) VALUES ({', '.join('?' * COLUMN_COUNT)})"
    try:
        con.execute("BEGIN TRANSACTION")
        con.executemany(insert, rows)
        con.execute("COMMIT")
        return []
    except duckdb.Error:
        con.execute("ROLLBACK")
    failed: list[bytes] = []
    for row in rows:
        try:
            con.execute(insert, row)
        except duckdb.Error:
            failed.append(json.dumps(row, ensure_ascii=True, default=str).encode("ascii"))
    return failed


def journal_line(values: Sequence[Any]) -> bytes:
    """One record as one line of ASCII JSON: every character outside ASCII, and every line or
    paragraph separator, is escaped, so no text can split or corrupt a record (the frame is b"\\n")."""
    plain = [v.isoformat() if isinstance(v, dt.datetime) else v for v in values]
    return json.dumps(plain, ensure_ascii=True, default=str).encode("ascii") + b"\n"


def read_journal(data: bytes) -> tuple[list[list[Any]], list[bytes]]:
    """Records of a journal, padded to the current columns, and the lines that are not records.

    Journals written before records were ASCII may hold raw U+2028 etc.: splitting on b"\\n" alone
    keeps those records whole."""
    rows: list[list[Any]] = []
    bad: list[bytes] = []
    for line in data.split(b"\n"):
        if not line.strip():
            continue
        row = _record(line)
        if row is None:
            bad.append(line)
        else:
            rows.append(row)
    return rows, bad


def _record(line: bytes) -> list[Any] | None:
    try:
        row = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    valid = isinstance(row, list) and 14 <= len(row) <= COLUMN_COUNT and isinstance(row[0], str)
    return [*row, *[None] * (COLUMN_COUNT - len(row))] if valid else None
