"""Feedback answers (pain points, feedback search): quotes and a trend chart next to the table.

Review text is untrusted customer input: it is only ever shown as escaped text in a blockquote.
Everything is read from the answer's typed `feedback` field (assistant/feedback_details.py): the
pain points' quotes and monthly trend, or the search hits.
"""

from __future__ import annotations

from collections.abc import Iterable

import plotly.graph_objects as go

from assistant.answer import Answer, AnswerKind
from assistant.feedback_details import PainPointDetails, SearchDetails
from assistant.labels import Labels
from cdm.ui.cells import escape_markdown
from cdm.ui.messages import text

FEEDBACK_KINDS = (AnswerKind.PAIN_POINTS, AnswerKind.FEEDBACK_SEARCH)
TIME_COLUMNS = ("month", "period", "date", "week", "quarter", "metric_time__month")
Point = tuple[str, str, float]  # (pain point, period, mentions): one point of a trend line
PAIN_POINT, SOURCE = "pain_point", "source"  # value_labels.yml: pain points by name, search hits' sources
MAX_QUOTES = 8
QUOTES_PER_POINT = 2
QUOTE_CHARS = 280


def is_feedback(answer: Answer) -> bool:
    return answer.kind in FEEDBACK_KINDS


def _shown_labels(answer: Answer) -> list[str]:
    """Pain points in the order the answer's rows rank them (first text column)."""
    for index, _ in enumerate(answer.columns):
        values = [row[index] for row in answer.rows]
        if values and all(isinstance(v, str) for v in values):
            return list(dict.fromkeys(values))
    return []


def _catalog_quotes(answer: Answer, details: PainPointDetails) -> Iterable[tuple[str, str]]:
    """Quotes of the pain points the answer shows, most frequent first, a few per pain point."""
    order = {label: rank for rank, label in enumerate(_shown_labels(answer))}
    points = [p for p in details.pain_points if p.label in order or not order]
    for point in sorted(points, key=lambda p: order.get(p.label, 0)):
        for quote in point.quotes[:QUOTES_PER_POINT]:
            yield point.label, quote


def _all_quotes(answer: Answer) -> Iterable[tuple[str, str]]:
    """(label, text): the shown pain points' quotes, or each search hit under its source, both
    labelled in the reply language (a pain point without a label is shown as named)."""
    details, labels = answer.feedback, Labels(language=answer.language)
    if isinstance(details, PainPointDetails):
        yield from ((labels.value(PAIN_POINT, p), q) for p, q in _catalog_quotes(answer, details))
    elif isinstance(details, SearchDetails):
        yield from ((labels.value(SOURCE, hit.source), hit.text) for hit in details.results)


def quotes_markdown(answer: Answer) -> str:
    """Up to MAX_QUOTES distinct quotes as escaped blockquotes, each with its pain point."""
    seen: set[str] = set()
    lines: list[str] = []
    for label, said in _all_quotes(answer):
        quote = said.strip()
        if not quote or quote in seen or len(seen) >= MAX_QUOTES:
            continue
        seen.add(quote)
        short = quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1] + "…"
        prefix = f"**{escape_markdown(label)}**: " if label else ""
        lines.append(f"> {prefix}{escape_markdown(short)}")
    return "\n>\n".join(lines)


def _rows_trend(answer: Answer) -> list[Point]:
    """(pain point, month, count) from an answer broken down by month."""
    columns = list(answer.columns)
    time_column = next((c for c in columns if c in TIME_COLUMNS), None)
    counts = [
        c
        for c in columns
        if c != time_column and all(isinstance(r[columns.index(c)], int | float) for r in answer.rows)
    ]
    if time_column is None or not counts or not answer.rows:
        return []
    group = next((c for c in columns if c not in (time_column, *counts)), None)
    at, labels = columns.index, Labels(language=answer.language)
    mentions = labels.column("current_count")
    return [
        (str(labels.value(group, r[at(group)])) if group else mentions, str(r[at(time_column)]), r[at(counts[0])])
        for r in answer.rows
    ]


def _details_trend(answer: Answer) -> list[Point]:
    """The monthly trend a pain-point answer carries (top pain points, months with a count)."""
    if not isinstance(answer.feedback, PainPointDetails):
        return []
    labels = Labels(language=answer.language)
    trend = answer.feedback.trend
    return [(str(labels.value(PAIN_POINT, t.pain_point)), t.month, t.mentions) for t in trend if t.mentions is not None]


def trend_figure(answer: Answer) -> go.Figure | None:
    """Mentions over time, one line per pain point; None when the answer has no trend."""
    points = _details_trend(answer) or _rows_trend(answer)
    if not points:
        return None
    groups: dict[str, list[tuple[str, float]]] = {}
    for group, period, count in sorted(points, key=lambda p: (p[0], p[1])):
        groups.setdefault(group, []).append((period, count))
    traces = [
        go.Scatter(x=[p for p, _ in pts], y=[c for _, c in pts], name=g, mode="lines+markers")
        for g, pts in groups.items()
    ]
    figure = go.Figure(traces)
    title = text("trend_title", answer.language)
    figure.update_layout(
        title={"text": title, "font": {"size": 14}},
        template="plotly_white",
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        height=360,
        margin={"l": 50, "r": 20, "t": 50, "b": 40},
        yaxis_title=text("trend_mentions", answer.language),
    )
    return figure
