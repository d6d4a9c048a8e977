"""Result tables as markdown pages: the chat shows PAGE_SIZE rows at a time, the CSV has them all."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cdm.ui.cells import column_label, escape_markdown, formatted_rows

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


def table_page(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    labels: Mapping[str, str],
    formats: Mapping[str, str],
    start: int = 0,
    size: int = PAGE_SIZE,
) -> TablePage:
    """Rows [start, start+size) as a markdown table with formatted, escaped cells."""
    chunk = rows[start : start + size]
    header = "| " + " | ".join(escape_markdown(column_label(c, labels)) for c in columns) + " |"
    divider = "| " + " | ".join("---:" if _numeric(i, rows) else "---" for i in range(len(columns))) + " |"
    body = [
        "| " + " | ".join(escape_markdown(cell) for cell in row) + " |"
        for row in formatted_rows(columns, chunk, formats)
    ]
    return TablePage("\n".join([header, divider, *body]), start, start + len(chunk), len(rows))


def _numeric(index: int, rows: Sequence[Sequence[Any]]) -> bool:
    values = [row[index] for row in rows[:PAGE_SIZE] if row[index] is not None]
    return bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
