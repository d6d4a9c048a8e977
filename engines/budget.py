"""Fetching within a budget: rows, bytes per cell and bytes per answer, counted while fetching.

Rows arrive in chunks (`fetchmany`), so an answer stops growing as soon as its byte budget is
spent, not after everything was fetched. A text value longer than the cell budget is cut (and
counted, for the notice); a value of another type that is too large (a long list) becomes null.
The engine also caps text in the statement itself when it can grow values (see `cell_cap.py`):
DuckDB hands rows over 2,048 at a time, so a chunk of huge cells would already be in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from engines.base import QueryOutput, RunLimits
from engines.values import json_safe, value_bytes

FIRST_CHUNK = 256
MAX_CHUNK = 2048


@dataclass
class _Tally:
    rows: list[tuple[Any, ...]]
    spent: int = 0
    cut: int = 0
    over_budget: bool = False


def _cell(value: Any, limits: RunLimits) -> tuple[Any, bool]:
    """The JSON-safe value within the cell budget, and whether it had to be cut."""
    value = json_safe(value)
    if not limits.cell_bytes or value_bytes(value) <= limits.cell_bytes:
        return value, False
    if isinstance(value, str):
        return value.encode("utf-8")[: limits.cell_bytes].decode("utf-8", errors="ignore") + "…", True
    return None, True


def _take(chunk: Sequence[tuple[Any, ...]], limits: RunLimits, tally: _Tally) -> None:
    for raw in chunk:
        if len(tally.rows) > limits.max_rows:
            return
        cells = [_cell(v, limits) for v in raw]
        row = tuple(value for value, _ in cells)
        size = sum(value_bytes(v) for v in row)
        if limits.answer_bytes and tally.spent + size > limits.answer_bytes:
            tally.over_budget = True
            return
        tally.spent += size
        tally.cut += sum(1 for _, cut in cells if cut)
        tally.rows.append(row)


def _next_chunk(limits: RunLimits, tally: _Tally) -> int:
    wanted = limits.max_rows + 1 - len(tally.rows)
    if limits.answer_bytes and tally.rows:
        per_row = max(1, tally.spent // len(tally.rows))
        wanted = min(wanted, (limits.answer_bytes - tally.spent) // per_row + 1)
    return max(1, min(wanted, MAX_CHUNK))


def fetch_within_budget(
    columns: tuple[str, ...], fetchmany: Callable[[int], Sequence[tuple[Any, ...]]], limits: RunLimits
) -> QueryOutput:
    """At most max_rows + 1 rows (one more tells that rows were left out), within the byte budgets."""
    tally = _Tally(rows=[])
    size = min(FIRST_CHUNK, limits.max_rows + 1)
    while not tally.over_budget and len(tally.rows) <= limits.max_rows:
        chunk = fetchmany(size)
        _take(chunk, limits, tally)
        if len(chunk) < size:
            break
        size = _next_chunk(limits, tally)
    rows = tuple(tally.rows[: limits.max_rows])
    truncated = len(tally.rows) > limits.max_rows
    return QueryOutput(columns, rows, truncated, cut_cells=tally.cut, byte_limited=tally.over_budget)
