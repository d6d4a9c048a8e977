"""Column labels and cell text for tables: labels instead of codes, numbers as business users read
them, periods by their grain with incomplete ones marked "to date", markdown-safe.

Formats come from the semantic layer (a metric's `format`); derived comparison columns
(`revenue_previous`, `revenue_change`, `revenue_change_pct`) inherit their metric's format, and
changes carry their sign ("+12.0%").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from assistant.formatting import format_signed, format_value
from assistant.labels import Labels
from assistant.templates import phrase

TIME_PREFIX = "metric_time__"
PERCENT_SUFFIXES = ("_pct", "_percent", "_share", "_rate")
DERIVED_SUFFIXES = ("_previous", "_change", "_baseline", "_current")
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]<>()#+\-!|~])")


def column_label(column: str, labels: Mapping[str, str], language: str = "en") -> str:
    """'metric_time__month' -> 'Month', 'revenue_previous' -> 'Revenue (previous)', 'count_star()' -> 'Count'."""
    return Labels(labels, language).column(column)


def column_format(column: str, formats: Mapping[str, str]) -> str:
    """The format kind of a result column: its metric's, percent for ratios, else plain number."""
    if column in formats:
        return formats[column]
    if column.endswith("_change_pct"):
        return "percent"
    for suffix in DERIVED_SUFFIXES:
        base = column.removesuffix(suffix)
        if base != column and base in formats:
            return formats[base]
    return "percent" if column.endswith(PERCENT_SUFFIXES) else "number"


def cell_text(value: Any, kind: str, signed: bool = False) -> str:
    """A value as shown in a table cell; integers stay exact, floats follow the column's format."""
    if isinstance(value, bool) or value is None:
        return format_value(value, kind)
    if signed:
        return format_signed(value, kind)
    if isinstance(value, int) and kind in ("number", "integer"):
        return f"{value:,}"
    return format_value(value, kind)


def escape_markdown(text: str) -> str:
    """Cell text is data (masked names like 李**, review quotes): it must never become markup."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", text.replace("\n", " "))


def _shown(column: str, value: Any, shown: Labels, partial: Mapping[str, str]) -> str:
    text = str(shown.value(column, value))
    marker = partial.get(str(value)) if column.startswith(TIME_PREFIX) else None
    return phrase(shown.language, marker, period=text) if marker else text


def formatted_rows(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    formats: Mapping[str, str],
    shown: Labels | None = None,
    partial: Mapping[str, str] | Collection[str] = (),
) -> list[list[str]]:
    """Cells as text; `partial` maps an incomplete period's time-key value to its marker ("to_date")."""
    shown = shown or Labels()
    markers = partial if isinstance(partial, Mapping) else dict.fromkeys(partial, "to_date")
    kinds = [column_format(c, formats) for c in columns]
    signed = [c.endswith("_change") or c.endswith("_change_pct") for c in columns]
    return [
        [
            cell_text(value, kind, sign) if _is_number(value) else _shown(column, value, shown, markers)
            for value, kind, sign, column in zip(row, kinds, signed, columns, strict=False)
        ]
        for row in rows
    ]


def _is_number(value: Any) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))
