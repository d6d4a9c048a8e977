"""Typed details of a feedback answer, carried as `Answer.feedback` so the UI, the API and MCP read
fields and never guess keys.

A pain-point answer carries `PainPointDetails`: the pain-point catalog (key, label, keywords, size,
redacted quotes) and the monthly trend of the top pain points, exactly as feedback/pain_points.py
returns them; a feedback search carries `SearchDetails`: the hits of feedback/search.py. In the
answer's JSON (`Answer.to_json_dict`) they are `feedback.pain_points` and `feedback.trend`, or
`feedback.results`. Quoted review text is untrusted customer input: only ever shown as escaped text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PainPoint(_Frozen):
    """One pain point of the catalog; `size` and `quotes` are the role's own rows'."""

    pain_point: str
    label: str
    keywords: str = ""
    size: int = 0
    quotes: tuple[str, ...] = ()


class TrendPoint(_Frozen):
    """Mentions of one pain point in one month (`YYYY-MM`); noisy for aggregate-only roles."""

    pain_point: str
    month: str
    mentions: int | float | None = None


class SearchHit(_Frozen):
    """One piece of feedback found by a search: its source (review or ticket), id, text and score."""

    source: str
    id: int
    text: str
    score: float
    metadata: dict[str, Any] = {}


class PainPointDetails(_Frozen):
    pain_points: tuple[PainPoint, ...] = ()
    trend: tuple[TrendPoint, ...] = ()


class SearchDetails(_Frozen):
    results: tuple[SearchHit, ...] = ()


FeedbackDetails = PainPointDetails | SearchDetails


def pain_point_details(
    pain_points: Iterable[Mapping[str, Any]], trend: Iterable[Mapping[str, Any]]
) -> PainPointDetails:
    """The typed details of feedback/pain_points.py's `PainPointResult.pain_points` and `.trend`."""
    return PainPointDetails(
        pain_points=tuple(PainPoint.model_validate(dict(p)) for p in pain_points),
        trend=tuple(TrendPoint.model_validate(dict(t)) for t in trend),
    )


def search_details(hits: Iterable[Mapping[str, Any]]) -> SearchDetails:
    """The typed details of feedback/search.py's hits (their `to_json_dict()`)."""
    return SearchDetails(results=tuple(SearchHit.model_validate(dict(h)) for h in hits))
