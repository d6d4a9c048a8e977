"""A pool of hardened read-only DuckDB databases, one per (warehouse file, time limit); a cursor per request.

Opening a hardened connection costs ~20 ms; a cursor on an open one ~10 µs. A database is reused
by every thread (each request gets its own cursor, closed afterwards, so nothing a statement
leaves behind, such as a temp table, reaches the next one) and is checked on every hand-out.

Rebuilds: `cdm data build` writes a new file and renames it over the old one. Each hand-out
compares the path's file identity (device, inode, size, mtime) with the one the database was
opened on; when it changed, the next request gets a database on the new file and the old one is
closed when its last cursor is returned. Requests already running keep reading the old file (its
descriptor stays valid after the rename), so no request reads a half-written file.

A cursor whose statement timed out, ran out of memory or hit an internal error retires its
database too; ordinary errors (a missing column) do not. A database unused for IDLE_SECONDS is
closed, releasing its shared lock on the file (a process writing into the warehouse in place,
such as `cdm feedback build`, needs it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from data.errors import CdmError
from engines.duckdb_hardening import HardeningLost, open_hardened, verify_cursor

RETIRING_ERRORS = (
    duckdb.InterruptException,
    duckdb.OutOfMemoryException,
    duckdb.FatalException,
    duckdb.InternalException,
    duckdb.IOException,
)
OPEN_ATTEMPTS = 40  # a writer elsewhere (cdm feedback build) holds the file's lock for a moment
IDLE_SECONDS = 30.0


@dataclass(frozen=True)
class FileIdentity:
    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity:
        try:
            stat = path.stat()
        except FileNotFoundError as error:
            raise CdmError(f"warehouse not found at {path}; run `cdm data build` first") from error
        return cls(stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


@dataclass(eq=False)
class PooledDatabase:
    """One hardened database on one version of the file; `active` cursors are out."""

    identity: FileIdentity
    timeout_seconds: float
    connection: duckdb.DuckDBPyConnection
    active: int = 0
    retired: bool = False
    last_used: float = 0.0
    idle_timer: threading.Timer | None = None


@dataclass(frozen=True)
class PoolStats:
    opened: int
    closed: int
    handed_out: int


@dataclass(eq=False)
class ConnectionPool:
    databases: dict[tuple[Path, float], PooledDatabase] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    opened: int = 0
    closed: int = 0
    handed_out: int = 0

    @contextmanager
    def cursor(self, warehouse: Path, timeout_seconds: float) -> Iterator[duckdb.DuckDBPyConnection]:
        """A verified cursor on the current version of `warehouse`, returned (and closed) on exit."""
        database, cursor = self._check_out(warehouse.absolute(), timeout_seconds)
        failed = False
        try:
            yield cursor
        except RETIRING_ERRORS:
            failed = True
            raise
        finally:
            cursor.close()
            self._check_in(warehouse.absolute(), database, retire=failed)

    def stats(self) -> PoolStats:
        with self.lock:
            return PoolStats(self.opened, self.closed, self.handed_out)

    def close_all(self) -> None:
        with self.lock:
            for database in self.databases.values():
                database.retired = True
                self._close_if_idle(database)
            self.databases.clear()

    def release(self, warehouse: Path) -> None:
        """Lets go of `warehouse` so this process can open it for writing: idle databases close now,
        busy ones when their last cursor returns; the next request opens the file again."""
        path = warehouse.absolute()
        with self.lock:
            for key in [key for key in self.databases if key[0] == path]:
                database = self.databases.pop(key)
                database.retired = True
                self._close_if_idle(database)

    def _check_out(self, path: Path, timeout: float) -> tuple[PooledDatabase, duckdb.DuckDBPyConnection]:
        for _ in range(3):
            database = self._current(path, timeout)
            with self.lock:  # the parent connection is shared by every thread
                cursor = database.connection.cursor()
            try:
                verify_cursor(cursor, timeout)
                return database, cursor
            except (HardeningLost, duckdb.Error):
                cursor.close()
                self._check_in(path, database, retire=True)
        raise HardeningLost(f"no hardened connection to {path} could be verified")

    def _current(self, path: Path, timeout: float) -> PooledDatabase:
        key = (path, timeout)
        with self.lock:
            database = self.databases.get(key)
            if database is not None and database.identity == FileIdentity.of(path):
                database.active += 1
                self.handed_out += 1
                return database
        fresh = _open(path, timeout)
        with self.lock:
            self.opened += 1
            previous = self.databases.get(key)
            if previous is not None:
                previous.retired = True
                self._close_if_idle(previous)
            self.databases[key] = fresh
            fresh.active += 1
            self.handed_out += 1
            return fresh

    def _check_in(self, path: Path, database: PooledDatabase, retire: bool) -> None:
        with self.lock:
            database.active -= 1
            if retire and not database.retired:
                database.retired = True
                if self.databases.get((path, database.timeout_seconds)) is database:
                    del self.databases[(path, database.timeout_seconds)]
            self._close_if_idle(database)
            database.last_used = time.monotonic()
            if database.active == 0 and not database.retired and database.idle_timer is None:
                self._close_later(path, database)

    def _close_later(self, path: Path, database: PooledDatabase) -> None:
        database.idle_timer = threading.Timer(IDLE_SECONDS, self._close_unused, (path, database))
        database.idle_timer.daemon = True
        database.idle_timer.start()

    def _close_unused(self, path: Path, database: PooledDatabase) -> None:
        with self.lock:
            database.idle_timer = None
            if database.active or database.retired:
                return
            if time.monotonic() - database.last_used < IDLE_SECONDS:  # used since: wait again
                self._close_later(path, database)
                return
            database.retired = True
            if self.databases.get((path, database.timeout_seconds)) is database:
                del self.databases[(path, database.timeout_seconds)]
            self._close_if_idle(database)

    def _close_if_idle(self, database: PooledDatabase) -> None:
        if database.retired and database.active == 0:
            database.connection.close()
            self.closed += 1


def _open(path: Path, timeout: float) -> PooledDatabase:
    """Opens the file the path names now; if a rename raced the open, opens the newer file."""
    for attempt in range(OPEN_ATTEMPTS):
        before = FileIdentity.of(path)
        try:
            connection = open_hardened(path, timeout)
        except duckdb.IOException:
            if attempt == OPEN_ATTEMPTS - 1:
                raise
            time.sleep(0.05)
            continue
        if FileIdentity.of(path) == before:
            return PooledDatabase(before, timeout, connection)
        connection.close()
    raise CdmError(f"the warehouse at {path} kept changing while it was opened")


POOL = ConnectionPool()


@contextmanager
def hardened_cursor(warehouse: Path, timeout_seconds: float) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor from the process's pool: read-only, locked, offline, time-limited, verified."""
    with POOL.cursor(warehouse, timeout_seconds) as cursor:
        yield cursor


def release_warehouse(warehouse: Path) -> None:
    """Call before writing `warehouse` in place from this process (DuckDB allows one handle per file)."""
    POOL.release(warehouse)


def warm_pool(warehouse: Path, timeouts: Iterable[float]) -> int:
    """Opens (and verifies) the pooled database for each time limit, so no first request pays for it."""
    for timeout in sorted(set(timeouts)):
        with hardened_cursor(warehouse, timeout) as cursor:
            cursor.execute("SELECT 1").fetchall()
    return len(set(timeouts))
