"""One holder at a time across processes: an advisory lock on a `.lock` file beside the guarded file.

The audit journal, the token and grant stores and the stewards' audit scrubbing all serialise
their writers this way; they share the lock file's name, so a steward scrubbing the audit log
and a server appending to it wait for each other.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Blocks until this process holds `path`'s lock; released on exit, also on error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(path), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
