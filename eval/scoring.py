"""Execution accuracy: do two result sets hold the same data, whatever the SQL and column names?

Columns are matched by their values, not their names or positions (an answer may call a column
`revenue` or `sum_net_amount`); rows are compared as multisets unless the case asks for order;
numbers compare with a relative tolerance. Pure functions over plain values, so the scorer is
tested on its own.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Row = Sequence[Any]
MIDNIGHT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]00:00:00$")


@dataclass(frozen=True)
class ResultMatch:
    ok: bool
    reason: str = ""
    mapping: tuple[int, ...] = ()


def normalize(value: Any) -> Any:
    """Decimals, dates and numpy-ish scalars as plain JSON-like values."""
    if isinstance(value, str):
        return value[:10] if MIDNIGHT.match(value) else value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal | int | float):
        return float(value)
    if isinstance(value, dt.datetime):
        return normalize(value.isoformat())
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def values_equal(left: Any, right: Any, tolerance: float) -> bool:
    a, b = normalize(left), normalize(right)
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=tolerance, abs_tol=tolerance)
    if a is None or b is None:
        return a is b
    return a == b if type(a) is type(b) else str(a) == str(b)


def _sort_key(value: Any) -> tuple[int, Any]:
    """Total order over mixed cells; numbers rounded so tolerance-equal values sort together."""
    value = normalize(value)
    if value is None:
        return (0, "")
    if isinstance(value, float):
        return (1, float(f"{value:.6g}")) if math.isfinite(value) else (1, 0.0)
    return (2, str(value))


def _seq_equal(left: Sequence[Any], right: Sequence[Any], tolerance: float) -> bool:
    return len(left) == len(right) and all(values_equal(a, b, tolerance) for a, b in zip(left, right, strict=True))


def _column(rows: Sequence[Row], index: int) -> list[Any]:
    return [row[index] for row in rows]


def _column_fits(expected: list[Any], actual: list[Any], ordered: bool, tolerance: float) -> bool:
    if not ordered:
        expected, actual = sorted(expected, key=_sort_key), sorted(actual, key=_sort_key)
    return _seq_equal(expected, actual, tolerance)


def _rows_equal(expected: Sequence[Row], actual: Sequence[Row], ordered: bool, tolerance: float) -> bool:
    def key(row: Row) -> tuple[tuple[int, Any], ...]:
        return tuple(_sort_key(v) for v in row)

    left = list(expected) if ordered else sorted(expected, key=key)
    right = list(actual) if ordered else sorted(actual, key=key)
    return len(left) == len(right) and all(_seq_equal(a, b, tolerance) for a, b in zip(left, right, strict=True))


def _assignments(candidates: list[list[int]], used: tuple[int, ...] = ()) -> Iterable[tuple[int, ...]]:
    """Every injective choice of one actual column per expected column (usually exactly one)."""
    if len(used) == len(candidates):
        yield used
        return
    for choice in candidates[len(used)]:
        if choice not in used:
            yield from _assignments(candidates, (*used, choice))


def compare_results(
    expected_rows: Sequence[Row],
    actual_rows: Sequence[Row],
    *,
    ordered: bool = False,
    tolerance: float = 1e-6,
    extra_columns: bool = False,
) -> ResultMatch:
    """Match each expected column to an actual column with the same values, then compare whole rows."""
    if len(expected_rows) != len(actual_rows):
        return ResultMatch(False, f"expected {len(expected_rows)} rows, got {len(actual_rows)}")
    width_expected = len(expected_rows[0]) if expected_rows else 0
    width_actual = len(actual_rows[0]) if actual_rows else 0
    if not expected_rows:
        return ResultMatch(True, "both empty")
    if width_actual < width_expected or (width_actual > width_expected and not extra_columns):
        return ResultMatch(False, f"expected {width_expected} columns, got {width_actual}")
    candidates = [
        [
            j
            for j in range(width_actual)
            if _column_fits(_column(expected_rows, i), _column(actual_rows, j), ordered, tolerance)
        ]
        for i in range(width_expected)
    ]
    missing = [i for i, found in enumerate(candidates) if not found]
    if missing:
        return ResultMatch(False, f"no actual column has the values of expected column {missing[0] + 1}")
    for mapping in _assignments(candidates):
        projected = [tuple(row[j] for j in mapping) for row in actual_rows]
        if _rows_equal(expected_rows, projected, ordered, tolerance):
            return ResultMatch(True, "same rows", mapping)
    return ResultMatch(False, "columns match one by one but the rows pair them differently")


def phrases_missing(text: str, phrases: Iterable[str]) -> list[str]:
    lowered = text.lower()
    return [phrase for phrase in phrases if phrase.lower() not in lowered]


def options_missing(expected: Iterable[str], offered: Iterable[str]) -> list[str]:
    offered_set = {o.lower() for o in offered}
    return [option for option in expected if option.lower() not in offered_set]


def leaked_substrings(text: str, protected: Iterable[str]) -> list[str]:
    """Protected values (phones, emails, names, id numbers) found anywhere in the answer's text."""
    return sorted({value for value in protected if len(value.strip()) >= 2 and value in text})  # blanks are no secret


def leaked_cells(rows: Iterable[Row], protected: set[str]) -> list[str]:
    """Cells equal to a protected value (e.g. another region's name in a manager's answer)."""
    return sorted({str(cell) for row in rows for cell in row if isinstance(cell, str) and cell in protected})
