"""The full result as CSV: the chat table is paginated, the download has every row.

Dimension values are written with their labels (as the table shows them); where a label differs
from the stored code, the code follows in an extra `<column>_code` column, so the file can still
be joined back to the warehouse.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

from assistant.labels import Labels

UNSAFE_FILENAME = re.compile(r"[^a-z0-9]+")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_bytes(columns: Sequence[str], rows: Sequence[Sequence[Any]], shown: Labels | None = None) -> bytes:
    """UTF-8 with BOM so spreadsheet tools show Chinese names; text that looks like a formula is
    quoted with a leading apostrophe (CSV injection), numbers are written as they are."""
    labelled = _labelled_columns(columns, rows, shown) if shown is not None else []
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*columns, *(f"{columns[i]}_code" for i in labelled)])
    for row in rows:
        values = [shown.values.show(columns[i], v, shown.language) if i in labelled and shown else v
                  for i, v in enumerate(row)]  # fmt: skip
        writer.writerow([_safe(v) for v in [*values, *(row[i] for i in labelled)]])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _labelled_columns(columns: Sequence[str], rows: Sequence[Sequence[Any]], shown: Labels) -> list[int]:
    """Columns where some value is shown with a label different from its code."""
    return [
        i
        for i, column in enumerate(columns)
        if shown.has_value_labels(column)
        and any(str(shown.values.show(column, row[i], shown.language)) != str(row[i]) for row in rows)
    ]


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return "" if value is None else value


def csv_filename(question: str) -> str:
    stem = UNSAFE_FILENAME.sub("-", question.lower()).strip("-")[:40] or "result"
    return f"{stem}.csv"
