"""Plotly figures drawn by our own code from the answer's ChartSpec and rows.

The spec is data (kind, x, y, series); nothing from a model or from the data is ever executed.
Comparison answers (`<metric>` next to `<metric>_previous`) are drawn as current vs previous.
Values show their labels, periods read by grain, an incomplete period is drawn dashed, the value
axis carries its unit, and backgrounds are transparent so the page's theme (light or dark,
public/cdm.css) shows through.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from assistant.answer import Answer, ChartKind, ChartSpec
from assistant.labels import Labels
from cdm.ui.cells import column_format
from engines.status import Status

Rows = Sequence[Sequence[Any]]
MAX_POINTS = 2000
PALETTE = ("#2563eb", "#f97316", "#16a34a", "#dc2626", "#9333ea", "#0891b2", "#ca8a04", "#db2777", "#4b5563")
TITLE_CHARS = 48
AXIS_FORMATS = {"currency": {"tickprefix": "¥", "tickformat": "~s"}, "percent": {"tickformat": ".0%"}}
CURRENT = {"en": ("Previous period", "Current period"), "zh": ("上期", "本期")}


def build_figure(answer: Answer, labels: Mapping[str, str], formats: Mapping[str, str]) -> go.Figure | None:
    """The figure for an answer, or None when a table says it better (no spec, text results)."""
    spec = answer.chart
    if answer.status != Status.ANSWERED or spec is None or not answer.rows:
        return None
    shown = Labels(labels, answer.language)
    columns, rows = list(answer.columns), answer.rows[:MAX_POINTS]
    comparison = _comparison_metric(columns)
    if comparison is not None:
        figure = _comparison(columns, rows, comparison, shown, formats)
    elif spec.kind == ChartKind.KPI:
        figure = _kpi(columns, rows, spec, shown, formats)
    elif spec.kind in (ChartKind.LINE, ChartKind.BAR) and spec.x in columns:
        partial = {p.value for p in answer.partial_periods}
        figure = _series_chart(columns, rows, spec, shown, formats, partial)
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


def _axis_title(shown: Labels, name: str, formats: Mapping[str, str]) -> str:
    unit = {"currency": "¥", "percent": "%"}.get(column_format(name, formats))
    return f"{shown.column(name)} ({unit})" if unit else shown.column(name)


def _value_axis(name: str, shown: Labels, formats: Mapping[str, str]) -> dict[str, Any]:
    return {"title": {"text": _axis_title(shown, name, formats)}, **AXIS_FORMATS.get(column_format(name, formats), {})}


def _kpi(columns: Sequence[str], rows: Rows, spec: ChartSpec, shown: Labels, formats: Mapping[str, str]) -> go.Figure:
    name = spec.y[0] if spec.y and spec.y[0] in columns else columns[0]
    value = _column(columns, rows, name)[0]
    suffix = "%" if column_format(name, formats) == "percent" else ""
    number_value = value * 100 if suffix and isinstance(value, int | float) else value
    prefix = "¥" if column_format(name, formats) == "currency" else ""
    number = {"prefix": prefix, "suffix": suffix, "valueformat": ",.2f" if isinstance(value, float) else ","}
    return go.Figure(go.Indicator(mode="number", value=number_value, number=number, title={"text": shown.column(name)}))


def _comparison(
    columns: Sequence[str], rows: Rows, metric: str, shown: Labels, formats: Mapping[str, str]
) -> go.Figure:
    keys = [c for c in columns if _is_category(_column(columns, rows, c))]
    current, previous = _column(columns, rows, metric), _column(columns, rows, f"{metric}_previous")
    if not keys:
        return go.Figure(
            go.Indicator(mode="number+delta", value=current[0], delta={"reference": previous[0], "relative": True})
        )
    x = [str(shown.value(keys[0], v)) for v in _column(columns, rows, keys[0])]
    before, now = CURRENT.get(shown.language, CURRENT["en"])
    figure = go.Figure(
        [go.Bar(name=before, x=x, y=previous, marker_color=PALETTE[8]), go.Bar(name=now, x=x, y=current)]
    )
    figure.update_layout(barmode="group", yaxis=_value_axis(metric, shown, formats), xaxis_title=shown.column(keys[0]))
    return figure


def _series_chart(
    columns: Sequence[str], rows: Rows, spec: ChartSpec, shown: Labels, formats: Mapping[str, str], partial: set[str]
) -> go.Figure | None:
    assert spec.x is not None
    measures = [y for y in spec.y if y in columns and not _is_category(_column(columns, rows, y))]
    if not measures:  # a spec naming text columns as values is not drawable
        return None
    series = spec.series if spec.series in columns else None
    if series is not None and not _is_category(_column(columns, rows, series)):
        measures, series = [*measures, series], None
    traces = _traces(columns, rows, spec, measures, series, shown, partial)
    figure = go.Figure(traces)
    figure.update_layout(xaxis_title=shown.column(spec.x), yaxis=_value_axis(measures[0], shown, formats))
    if spec.kind == ChartKind.BAR and len(traces) > 1:
        figure.update_layout(barmode="group")
    return figure


def _groups(columns: Sequence[str], rows: Rows, series: str | None, shown: Labels) -> dict[str, list[Sequence[Any]]]:
    if series is None:
        return {"": list(rows)}
    groups: dict[str, list[Sequence[Any]]] = {}
    for row in rows:
        groups.setdefault(str(shown.value(series, row[list(columns).index(series)])), []).append(row)
    return groups


def _traces(
    columns: Sequence[str],
    rows: Rows,
    spec: ChartSpec,
    measures: Sequence[str],
    series: str | None,
    shown: Labels,
    partial: set[str],
) -> list[go.Bar | go.Scatter]:
    assert spec.x is not None
    traces: list[go.Bar | go.Scatter] = []
    for group, group_rows in _groups(columns, rows, series, shown).items():
        raw_x = _column(columns, group_rows, spec.x)
        x = [str(shown.value(spec.x, v)) for v in raw_x]
        for measure in measures:
            color = PALETTE[len(traces) % len(PALETTE)] if spec.kind == ChartKind.LINE else None
            name = group or shown.column(measure)
            y = _column(columns, group_rows, measure)
            if spec.kind != ChartKind.LINE:
                traces.append(go.Bar(x=x, y=y, name=name))
                continue
            traces += _line(x, y, [str(v) in partial for v in raw_x], name, color)
    return traces


def _line(x: list[str], y: list[Any], partial: list[bool], name: str, color: str | None) -> list[go.Scatter]:
    """A solid line over whole periods; a dashed segment to each incomplete period at either end."""
    whole = [i for i, p in enumerate(partial) if not p]
    solid = go.Scatter(
        x=[x[i] for i in whole], y=[y[i] for i in whole], name=name, mode="lines+markers", line={"color": color}
    )
    dashed: list[go.Scatter] = []
    for i, is_partial in enumerate(partial):
        if not is_partial:
            continue
        neighbour = i - 1 if i > 0 else i + 1
        pair = sorted({i, neighbour}) if 0 <= neighbour < len(x) else [i]
        dashed.append(
            go.Scatter(
                x=[x[j] for j in pair],
                y=[y[j] for j in pair],
                name=f"{name} (to date)",
                mode="lines+markers",
                line={"color": color, "dash": "dash"},
                marker={"symbol": "circle-open"},
                showlegend=False,
            )
        )
    return [solid, *dashed] if whole else dashed


def _wrap(title: str) -> str:
    """Long titles wrap instead of being clipped on a phone."""
    words, lines, line = title.split(" "), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > TITLE_CHARS:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def _styled(figure: go.Figure, title: str) -> go.Figure:
    figure.update_layout(
        title={"text": _wrap(title), "font": {"size": 14}, "x": 0, "xanchor": "left"},
        margin={"l": 50, "r": 20, "t": 60 if len(title) > TITLE_CHARS else 50, "b": 40},
        template="plotly_white",
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        height=360,
        autosize=True,
        showlegend=len([t for t in figure.data if getattr(t, "showlegend", None) is not False]) > 1,
    )
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    return figure
