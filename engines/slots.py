"""At most one DuckDB statement per core runs at a time, first come first served.

On a busy server (more requests than cores) statements that all run at once share the cores, so
each takes as long as all of them: an answer's p95 becomes that of the slowest statements
stretched by the number of users. Waiting for a slot instead lets the statements ahead finish
first; measured with 8 closed-loop users on 2 cores (benchmarks/bench_assistant.py), the 8-user
p95 roughly halved with the same throughput.

A slot is never waited for longer than OVERFLOW_SECONDS: after that the statement runs anyway, so
a few long statements (an analyst's 30 s query) can delay others by at most that, never block them.
The statement's own time limit starts when it runs, not while it waits.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

OVERFLOW_SECONDS = 2.0


class ExecutionSlots:
    def __init__(self, slots: int, overflow_seconds: float = OVERFLOW_SECONDS) -> None:
        self.slots = slots
        self.overflow_seconds = overflow_seconds
        self._free = threading.Semaphore(slots)

    @contextmanager
    def slot(self) -> Iterator[bool]:
        """Holds a slot while the block runs; yields False when it ran without one (waited too long)."""
        held = self._free.acquire(timeout=self.overflow_seconds)
        try:
            yield held
        finally:
            if held:
                self._free.release()


SLOTS = ExecutionSlots(max(1, os.cpu_count() or 1))
