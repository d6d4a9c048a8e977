"""Execution slots: at most `slots` statements at once, first come first served, and a statement
that waited past the overflow runs anyway (a few long statements never block the others)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from engines.base import RunLimits
from engines.duckdb_engine import execute
from engines.duckdb_pool import hardened_cursor
from engines.slots import SLOTS, ExecutionSlots


def _run_together(slots: ExecutionSlots, workers: int, hold_seconds: float) -> tuple[int, list[bool]]:
    """(most blocks inside at once, whether each held a slot)."""
    inside, most, held = 0, 0, []
    lock = threading.Lock()

    def work() -> None:
        nonlocal inside, most
        with slots.slot() as got:
            with lock:
                inside += 1
                most = max(most, inside)
                held.append(got)
            time.sleep(hold_seconds)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return most, held


def test_no_more_statements_than_slots_run_at_once() -> None:
    most, held = _run_together(ExecutionSlots(2, overflow_seconds=10), workers=6, hold_seconds=0.05)
    assert most == 2 and held == [True] * 6


def test_a_statement_that_waited_past_the_overflow_runs_without_a_slot() -> None:
    slots = ExecutionSlots(1, overflow_seconds=0.05)
    started = time.perf_counter()
    most, held = _run_together(slots, workers=3, hold_seconds=0.5)
    assert time.perf_counter() - started < 1.4  # never one after another (1.5 s)
    assert most >= 2 and held.count(True) >= 1 and held.count(False) >= 1
    _, held_after = _run_together(slots, workers=1, hold_seconds=0.0)
    assert held_after == [True]  # every slot came back


def test_the_engine_runs_statements_in_slots_and_gives_them_back(tiny_warehouse: Path) -> None:
    limits = RunLimits(max_rows=10, timeout_seconds=10)
    errors: list[BaseException] = []

    def query() -> None:
        try:
            with hardened_cursor(tiny_warehouse, 10) as con:
                assert execute(con, "SELECT count(*) FROM orders", limits).rows[0][0] > 0
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=query) for _ in range(4 * SLOTS.slots)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert all(SLOTS._free.acquire(timeout=1) for _ in range(SLOTS.slots))  # none leaked
    for _ in range(SLOTS.slots):
        SLOTS._free.release()
