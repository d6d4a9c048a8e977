"""Plotly figures drawn by our own code from the answer's ChartSpec and rows.

The spec is data (kind, x, y, series); nothing from a model or from the data is ever executed.
Comparison answers (`<metric>` next to `<metric>_previous`) are drawn as current vs previous.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from assistant.answer import Answer, AnswerStatus, ChartKind, ChartSpec
from cdm.ui.cells import column_format, column_label

Rows = Sequence[Sequence[Any]]
MAX_POINTS = 2000


def build_figure(answer: Answer, labels: Mapping[str, str], formats: Mapping[str, str]) -> go.Figure | None:
    """The figure for an answer, or None when a table says it better (no spec, text results)."""
    spec = answer.chart
    if answer.status != AnswerStatus.ANSWERED or spec is None or not answer.rows:
        return None
    columns, rows = list(answer.columns), answer.rows[:MAX_POINTS]
    comparison = _comparison_metric(columns)
    if comparison is not None:
        figure = _comparison(columns, rows, comparison, labels)
    elif spec.kind == ChartKind.KPI:
        figure = _kpi(columns, rows, spec, labels, formats)
    elif spec.kind in (ChartKind.LINE, ChartKind.BAR) and spec.x in columns:
        figure = _series_chart(columns, rows, spec, labels)
    else:
        figure = None
    return _styled(figure, spec.title or answer.interpretation) if figure is not None else None


def _comparison_metric(columns: Sequence[str]) -> str | None:
    return next((c for c in columns if f"{c}_previous" in columns), None)


def _column(columns: Sequence[str], rows: Rows, name: str) -> list[Any]:
    index = list(columns).index(name)
    return [row[index] for row in rows]


def _is_category(values: Sequence[Any]) -> bool:
    return any(isinstance(v, str) for v in values)


def _kpi(
    columns: Sequence[str], rows: Rows, spec: ChartSpec, labels: Mapping[str, str], formats: Mapping[str, str]
) -> go.Figure:
    name = spec.y[0] if spec.y and spec.y[0] in columns else columns[0]
    value = _column(columns, rows, name)[0]
    suffix = "%" if column_format(name, formats) == "percent" else ""
    shown = value * 100 if suffix and isinstance(value, int | float) else value
    prefix = "¥" if column_format(name, formats) == "currency" else ""
    number = {"prefix": prefix, "suffix": suffix, "valueformat": ",.2f" if isinstance(value, float) else ","}
    return go.Figure(
        go.Indicator(mode="number", value=shown, number=number, title={"text": column_label(name, labels)})
    )


def _comparison(columns: Sequence[str], rows: Rows, metric: str, labels: Mapping[str, str]) -> go.Figure:
    keys = [c for c in columns if _is_category(_column(columns, rows, c))]
    current, previous = _column(columns, rows, metric), _column(columns, rows, f"{metric}_previous")
    if not keys:
        return go.Figure(
            go.Indicator(mode="number+delta", value=current[0], delta={"reference": previous[0], "relative": True})
        )
    x = [str(v) for v in _column(columns, rows, keys[0])]
    figure = go.Figure([go.Bar(name="Previous period", x=x, y=previous), go.Bar(name="Current period", x=x, y=current)])
    figure.update_layout(
        barmode="group", yaxis_title=column_label(metric, labels), xaxis_title=column_label(keys[0], labels)
    )
    return figure


def _series_chart(columns: Sequence[str], rows: Rows, spec: ChartSpec, labels: Mapping[str, str]) -> go.Figure | None:
    assert spec.x is not None
    measures = [y for y in spec.y if y in columns and not _is_category(_column(columns, rows, y))]
    if not measures:  # a spec naming text columns as values is not drawable
        return None
    series = spec.series if spec.series in columns else None
    if series is not None and not _is_category(_column(columns, rows, series)):
        measures, series = [*measures, series], None
    traces = _traces(columns, rows, spec, measures, series, labels)
    figure = go.Figure(traces)
    figure.update_layout(
        xaxis_title=column_label(spec.x, labels), yaxis_title=", ".join(column_label(m, labels) for m in measures[:1])
    )
    if spec.kind == ChartKind.BAR and len(traces) > 1:
        figure.update_layout(barmode="group")
    return figure


def _traces(
    columns: Sequence[str],
    rows: Rows,
    spec: ChartSpec,
    measures: Sequence[str],
    series: str | None,
    labels: Mapping[str, str],
) -> list[go.Bar | go.Scatter]:
    assert spec.x is not None
    groups: dict[str, list[Sequence[Any]]] = {}
    if series is None:
        groups = {"": list(rows)}
    else:
        for row in rows:
            groups.setdefault(str(row[list(columns).index(series)]), []).append(row)
    traces: list[go.Bar | go.Scatter] = []
    for group, group_rows in groups.items():
        x = [str(v) for v in _column(columns, group_rows, spec.x)]
        for measure in measures:
            name = group or column_label(measure, labels)
            y = _column(columns, group_rows, measure)
            traces.append(
                go.Scatter(x=x, y=y, name=name, mode="lines+markers")
                if spec.kind == ChartKind.LINE
                else go.Bar(x=x, y=y, name=name)
            )
    return traces


def _styled(figure: go.Figure, title: str) -> go.Figure:
    figure.update_layout(
        title={"text": title, "font": {"size": 14}},
        margin={"l": 50, "r": 20, "t": 50, "b": 40},
        template="plotly_white",
        height=360,
        showlegend=len(figure.data) > 1,
    )
    return figure
