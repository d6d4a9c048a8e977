"""Chooses a chart from the result's shape. The spec is data; the UI draws it with Plotly.

Nothing here is ever code from a model: the chart kind, axes and series are picked by rules over
column names and types, so a prompt injection cannot smuggle plotting code into the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.answer import ChartKind, ChartSpec


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def numeric_columns(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    return [
        name
        for index, name in enumerate(columns)
        if rows
        and all(_is_number(row[index]) or row[index] is None for row in rows)
        and any(_is_number(row[index]) for row in rows)
    ]


def choose_chart(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], measures: Sequence[str], title: str = ""
) -> ChartSpec:
    values = [c for c in columns if c in measures] or numeric_columns(columns, rows)
    keys = [c for c in columns if c not in values]
    if not rows or not values:
        return ChartSpec(kind=ChartKind.TABLE, title=title)
    if len(rows) == 1 and not keys:
        return ChartSpec(kind=ChartKind.KPI, y=tuple(values), title=title)
    time_keys = [k for k in keys if k.startswith("metric_time")]
    other_keys = [k for k in keys if k not in time_keys]
    if time_keys:
        series = other_keys[0] if other_keys else None
        return ChartSpec(
            kind=ChartKind.LINE, x=time_keys[0], y=tuple(values[:1] if series else values), series=series, title=title
        )
    if other_keys:
        series = other_keys[1] if len(other_keys) > 1 else None
        return ChartSpec(
            kind=ChartKind.BAR, x=other_keys[0], y=tuple(values[:1] if series else values), series=series, title=title
        )
    return ChartSpec(kind=ChartKind.TABLE, title=title)
