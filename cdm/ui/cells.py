"""Column labels and cell text for tables: numbers as business users read them, markdown-safe.

Formats come from the semantic layer (a metric's `format`); derived comparison columns
(`revenue_previous`, `revenue_change`, `revenue_change_pct`) inherit their metric's format.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from assistant.formatting import format_value

TIME_PREFIX = "metric_time__"
PERCENT_SUFFIXES = ("_pct", "_percent", "_share", "_rate")
DERIVED_SUFFIXES = ("_previous", "_change", "_baseline", "_current")
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]<>()#+\-!|~])")


def column_label(column: str, labels: Mapping[str, str]) -> str:
    """'metric_time__month' -> 'Month', 'revenue_previous' -> 'Revenue (previous)'."""
    if column in labels:
        return labels[column]
    if column.startswith(TIME_PREFIX):
        return column.removeprefix(TIME_PREFIX).capitalize()
    for suffix in ("_change_pct", *DERIVED_SUFFIXES):
        base = column.removesuffix(suffix)
        if base != column and base in labels:
            return f"{labels[base]} ({suffix.strip('_').replace('_pct', ' %').replace('_', ' ')})"
    return column.replace("_", " ").capitalize()


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


def cell_text(value: Any, kind: str) -> str:
    """A value as shown in a table cell; integers stay exact, floats follow the column's format."""
    if isinstance(value, bool) or value is None:
        return format_value(value, kind)
    if isinstance(value, int) and kind in ("number", "integer"):
        return f"{value:,}"
    return format_value(value, kind)


def escape_markdown(text: str) -> str:
    """Cell text is data (masked names like 李**, review quotes): it must never become markup."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", text.replace("\n", " "))


def formatted_rows(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], formats: Mapping[str, str]
) -> list[list[str]]:
    kinds = [column_format(c, formats) for c in columns]
    return [[cell_text(value, kind) for value, kind in zip(row, kinds, strict=False)] for row in rows]
