"""The full result as CSV: the chat table is paginated, the download has every row."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

UNSAFE_FILENAME = re.compile(r"[^a-z0-9]+")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_bytes(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """UTF-8 with BOM so spreadsheet tools show Chinese names; text that looks like a formula is
    quoted with a leading apostrophe (CSV injection), numbers are written as they are."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([_safe(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return "" if value is None else value


def csv_filename(question: str) -> str:
    stem = UNSAFE_FILENAME.sub("-", question.lower()).strip("-")[:40] or "result"
    return f"{stem}.csv"
