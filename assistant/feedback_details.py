"""Typed details of a feedback answer: pain points with their quotes, loose quotes, trend points and
search hits. `Answer.feedback` reads them from the answer's feedback payload in this one place, so
the UI reads fields and never guesses keys. The payload is what feedback/pain_points.py and
feedback/search.py return: pain points as {pain_point, label, size, quotes}, trend points as
{pain_point, month, mentions} (or a {label: {period: count}} mapping), hits as {source, id, text}.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

TIME_KEYS = ("month", "period", "date", "week", "quarter", "metric_time__month")
COUNT_KEYS = ("mentions", "count", "size", "n", "value")
GROUP_KEYS = ("label", "pain_point", "name", "theme")
TEXT_KEYS = ("text", "quote", "review_text", "content")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Quote(_Frozen):
    pain_point: str = ""
    text: str


class PainPoint(_Frozen):
    label: str
    count: float | None = None
    quotes: tuple[str, ...] = ()


class TrendPoint(_Frozen):
    group: str
    period: str
    count: float


class FeedbackDetails(_Frozen):
    pain_points: tuple[PainPoint, ...] = ()
    quotes: tuple[Quote, ...] = ()
    trend: tuple[TrendPoint, ...] = ()
    hits: tuple[Quote, ...] = ()


def _first(item: Mapping[str, Any], keys: Sequence[str]) -> Any:
    return next((item[k] for k in keys if k in item and item[k] is not None), None)


def _quote(item: Any) -> Quote:
    if isinstance(item, Mapping):
        group = _first(item, ("pain_point_label", *GROUP_KEYS, "source")) or ""
        return Quote(pain_point=str(group), text=str(_first(item, TEXT_KEYS) or ""))
    return Quote(text=str(item))


def _pain_point(item: Mapping[str, Any]) -> PainPoint:
    count = _first(item, COUNT_KEYS)
    return PainPoint(
        label=str(_first(item, ("label", "name", "pain_point")) or ""),
        count=float(count) if isinstance(count, int | float) else None,
        quotes=tuple(_quote(q).text for q in item.get("quotes") or ()),
    )


def _trend(trend: Any) -> tuple[TrendPoint, ...]:
    if isinstance(trend, Mapping):
        return tuple(
            TrendPoint(group=str(group), period=str(period), count=float(count))
            for group, points in trend.items()
            if isinstance(points, Mapping)
            for period, count in points.items()
            if isinstance(count, int | float)
        )
    points = []
    for item in trend or ():
        if isinstance(item, Mapping):
            period, count = _first(item, TIME_KEYS), _first(item, COUNT_KEYS)
            if period is not None and isinstance(count, int | float):
                group = str(_first(item, GROUP_KEYS) or "mentions")
                points.append(TrendPoint(group=group, period=str(period), count=float(count)))
    return tuple(points)


def feedback_details(payload: Mapping[str, Any]) -> FeedbackDetails:
    """The typed details of a feedback answer's payload (empty for other answers)."""
    return FeedbackDetails(
        pain_points=tuple(_pain_point(p) for p in payload.get("pain_points") or () if isinstance(p, Mapping)),
        quotes=tuple(_quote(q) for q in payload.get("quotes") or ()),
        trend=_trend(payload.get("trend")),
        hits=tuple(_quote(h) for h in payload.get("results") or ()),
    )
