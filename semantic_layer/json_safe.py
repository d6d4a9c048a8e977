"""Database values -> JSON-safe values (decimals as numbers, dates as ISO strings); the guards reuse it."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from decimal import Decimal
from typing import Any


def to_json_safe(value: Any) -> Any:
    """Numbers stay numbers (Decimal -> int or float), dates and times become ISO text, NaN becomes null."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, list | tuple):
        return [to_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json_safe(v) for k, v in value.items()}
    if isinstance(value, uuid.UUID | bytes):
        return value.hex() if isinstance(value, bytes) else str(value)
    return str(value)


def rows_to_json_safe(rows: list[tuple[Any, ...]]) -> list[list[Any]]:
    return [[to_json_safe(value) for value in row] for row in rows]
