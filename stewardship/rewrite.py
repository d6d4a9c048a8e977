"""Change the warehouse without ever exposing a half-written file to readers.

Every steward write (standardize, erase, retention) copies the warehouse next to itself, edits the
copy, recomputes the quality checks on it, checkpoints and renames it over the original, as
`cdm data build` does. Readers holding the old file keep reading the old version; new connections
see the new one. One writer at a time (an exclusive lock file next to the warehouse).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

from data.errors import CdmError
from data.quality_checks import refresh_quality_checks

T = TypeVar("T")


@contextmanager
def writer_lock(warehouse: Path) -> Iterator[None]:
    lock_path = warehouse.with_name(f".{warehouse.name}.steward.lock")
    with lock_path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise CdmError(f"another steward command is changing {warehouse}; try again when it ends") from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def rewrite_warehouse(warehouse: Path, edit: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Apply `edit` to a copy of the warehouse and rename the copy in; the original is untouched on error."""
    if not warehouse.exists():
        raise CdmError(f"no warehouse at {warehouse}; run `cdm data build` first")
    tmp = warehouse.with_name(f".{warehouse.name}.{os.getpid()}.rewrite")
    try:
        shutil.copyfile(warehouse, tmp)
        con = duckdb.connect(str(tmp))
        try:
            result = edit(con)
            refresh_quality_checks(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, warehouse)
        return result
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
