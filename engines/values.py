"""Engine values as plain JSON-safe Python, and how many bytes a value takes in an answer."""

from __future__ import annotations

import datetime as dt
import decimal
import math
import uuid
from typing import Any

PLAIN_TYPES = frozenset({str, int, bool, type(None)})
FIXED_BYTES = 8  # numbers, booleans, dates: what a cell costs whatever its value


def json_safe(value: Any) -> Any:
    """Values the CLI, the UI and the audit log can serialise without surprises."""
    if type(value) in PLAIN_TYPES:
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (dt.timedelta, uuid.UUID)):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    return value


def value_bytes(value: Any) -> int:
    """UTF-8 bytes of text (and of the text inside lists and maps); a fixed size for the rest."""
    if isinstance(value, str):
        return len(value) if value.isascii() else len(value.encode("utf-8"))
    if isinstance(value, (list, tuple)):
        return sum(value_bytes(v) for v in value) + FIXED_BYTES
    if isinstance(value, dict):
        return sum(value_bytes(k) + value_bytes(v) for k, v in value.items()) + FIXED_BYTES
    return FIXED_BYTES
