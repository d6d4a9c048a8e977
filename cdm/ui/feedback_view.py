"""Feedback answers (pain points, feedback search): quotes and a trend chart next to the table.

Review text is untrusted customer input: it is only ever shown as escaped text in a blockquote.
The feedback payload (`Answer.extra`) is read tolerantly, since its shape is the feedback
package's to evolve: lists of dicts or of strings, and a trend as rows or as a nested mapping.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from assistant.answer import Answer
from cdm.ui.cells import escape_markdown

FEEDBACK_KINDS = ("pain_points", "feedback_search")
TIME_KEYS = ("month", "period", "date", "week", "quarter", "metric_time__month")
COUNT_KEYS = ("count", "mentions", "size", "n", "value")
GROUP_KEYS = ("label", "pain_point", "name", "theme")
TEXT_KEYS = ("text", "quote", "review_text", "content")
MAX_QUOTES = 8
QUOTES_PER_POINT = 2
QUOTE_CHARS = 280


def is_feedback(answer: Answer) -> bool:
    return answer.kind in FEEDBACK_KINDS


def _first(item: Mapping[str, Any], keys: Sequence[str]) -> Any:
    return next((item[k] for k in keys if k in item and item[k] is not None), None)


def _quote_text(item: Any) -> tuple[str, str]:
    """(pain point label or '', quote text) from a string or a dict."""
    if isinstance(item, Mapping):
        return str(_first(item, ("pain_point_label", *GROUP_KEYS, "source")) or ""), str(_first(item, TEXT_KEYS) or "")
    return "", str(item)


def _shown_labels(answer: Answer) -> list[str]:
    """Pain points in the order the answer's rows rank them (first text column)."""
    for index, _ in enumerate(answer.columns):
        values = [row[index] for row in answer.rows]
        if values and all(isinstance(v, str) for v in values):
            return list(dict.fromkeys(values))
    return []


def _catalog_quotes(answer: Answer) -> Iterable[tuple[str, str]]:
    """Quotes of the pain points the answer shows, most frequent first, a few per pain point."""
    points = [p for p in answer.extra.get("pain_points") or () if isinstance(p, Mapping)]
    order = {label: rank for rank, label in enumerate(_shown_labels(answer))}
    points = sorted((p for p in points if str(_first(p, ("label", "name")) or "") in order or not order),
                    key=lambda p: order.get(str(_first(p, ("label", "name"))), 0))  # fmt: skip
    for point in points:
        label = str(_first(point, ("label", "name", "pain_point")) or "")
        for quote in list(point.get("quotes") or ())[:QUOTES_PER_POINT]:
            yield label, _quote_text(quote)[1]


def _all_quotes(answer: Answer) -> Iterable[tuple[str, str]]:
    for item in answer.extra.get("quotes") or ():
        yield _quote_text(item)
    yield from _catalog_quotes(answer)
    for hit in answer.extra.get("results") or ():
        yield _quote_text(hit)


def quotes_markdown(answer: Answer) -> str:
    """Up to MAX_QUOTES distinct quotes as escaped blockquotes, each with its pain point."""
    seen: set[str] = set()
    lines: list[str] = []
    for label, text in _all_quotes(answer):
        text = text.strip()
        if not text or text in seen or len(seen) >= MAX_QUOTES:
            continue
        seen.add(text)
        short = text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"
        prefix = f"**{escape_markdown(label)}**: " if label else ""
        lines.append(f"> {prefix}{escape_markdown(short)}")
    return "\n>\n".join(lines)


def _trend_rows(trend: Any) -> list[tuple[str, str, float]]:
    """(group, period, count) from rows of dicts or from {group: {period: count}}."""
    if isinstance(trend, Mapping):
        return [
            (str(group), str(period), float(count))
            for group, points in trend.items()
            if isinstance(points, Mapping)
            for period, count in points.items()
            if isinstance(count, int | float)
        ]
    rows = []
    for item in trend or ():
        if isinstance(item, Mapping):
            period, count = _first(item, TIME_KEYS), _first(item, COUNT_KEYS)
            if period is not None and isinstance(count, int | float):
                rows.append((str(_first(item, GROUP_KEYS) or "mentions"), str(period), float(count)))
    return rows


def _rows_trend(answer: Answer) -> list[tuple[str, str, float]]:
    """(pain point, month, count) from an answer broken down by month."""
    columns = list(answer.columns)
    time_column = next((c for c in columns if c in TIME_KEYS), None)
    counts = [
        c
        for c in columns
        if c != time_column and all(isinstance(r[columns.index(c)], int | float) for r in answer.rows)
    ]
    if time_column is None or not counts or not answer.rows:
        return []
    group = next((c for c in columns if c not in (time_column, *counts)), None)
    at = columns.index
    return [
        (str(r[at(group)]) if group else "mentions", str(r[at(time_column)]), float(r[at(counts[0])]))
        for r in answer.rows
    ]


def trend_figure(answer: Answer) -> go.Figure | None:
    """Mentions over time, one line per pain point; None when the answer has no trend."""
    rows = _trend_rows(answer.extra.get("trend")) or _rows_trend(answer)
    if not rows:
        return None
    groups: dict[str, list[tuple[str, float]]] = {}
    for group, period, count in sorted(rows, key=lambda r: (r[0], r[1])):
        groups.setdefault(group, []).append((period, count))
    traces = [
        go.Scatter(x=[p for p, _ in pts], y=[c for _, c in pts], name=g, mode="lines+markers")
        for g, pts in groups.items()
    ]
    figure = go.Figure(traces)
    figure.update_layout(
        title={"text": "Pain point mentions over time", "font": {"size": 14}},
        template="plotly_white",
        height=360,
        margin={"l": 50, "r": 20, "t": 50, "b": 40},
        yaxis_title="Mentions",
    )
    return figure
