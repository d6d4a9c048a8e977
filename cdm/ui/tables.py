"""Result tables as markdown pages: the chat shows PAGE_SIZE rows at a time, the CSV has them all.

The first page takes one row more when the last page would otherwise hold a single row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.labels import Labels
from cdm.ui.cells import escape_markdown, formatted_rows

PAGE_SIZE = 20


@dataclass(frozen=True)
class TablePage:
    markdown: str
    start: int
    end: int
    total: int

    @property
    def has_more(self) -> bool:
        return self.end < self.total


def first_page_size(total: int) -> int:
    """PAGE_SIZE, or one more when the rows would end on a page of one (21 rows: one page, not 20 + 1)."""
    return PAGE_SIZE + 1 if total > PAGE_SIZE and total % PAGE_SIZE == 1 else PAGE_SIZE


def table_page(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    labels: Mapping[str, str],
    formats: Mapping[str, str],
    start: int = 0,
    size: int = PAGE_SIZE,
    language: str = "en",
    partial: Mapping[str, str] | None = None,
) -> TablePage:
    """Rows [start, start+size) as a markdown table with labelled, formatted, escaped cells."""
    shown = Labels(labels, language)
    chunk = rows[start : start + size]
    header = "| " + " | ".join(escape_markdown(shown.column(c)) for c in columns) + " |"
    divider = "| " + " | ".join("---:" if _numeric(i, rows) else "---" for i in range(len(columns))) + " |"
    body = [
        "| " + " | ".join(escape_markdown(cell) for cell in row) + " |"
        for row in formatted_rows(columns, chunk, formats, shown, partial or {})
    ]
    return TablePage("\n".join([header, divider, *body]), start, start + len(chunk), len(rows))


def _numeric(index: int, rows: Sequence[Sequence[Any]]) -> bool:
    values = [row[index] for row in rows[:PAGE_SIZE] if row[index] is not None]
    return bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
