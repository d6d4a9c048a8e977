"""Days of the week in a question: "weekend revenue", "orders on weekdays", "revenue by day of week", 周末, 按星期几.

Returns the ISO days to keep (1 Monday .. 7 Sunday) and whether to group by the day of the week,
with the spans it read. Word lists live in time_phrases.yml (`days_of_week`); a day named alone
("last monday") is a date this reader does not take, so the meaning rules refuse it instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from assistant.planner.time_words import time_phrases

Span = tuple[int, int]


@dataclass(frozen=True)
class DaysReading:
    days: tuple[int, ...] = ()
    group_by: bool = False
    spans: tuple[Span, ...] = ()


def _pattern(words: list[str]) -> re.Pattern[str]:
    ordered = sorted(words, key=len, reverse=True)
    alternation = "|".join(re.escape(w) if not w.isascii() else rf"\b{re.escape(w)}\b" for w in ordered)
    return re.compile(alternation)


@cache
def _patterns(table: str) -> tuple[re.Pattern[str], tuple[tuple[tuple[int, ...], re.Pattern[str]], ...]]:
    raw: dict[str, Any] = time_phrases()[table]
    filters = tuple(
        (tuple(int(d) for d in spec["days"]), _pattern(list(spec["words"]))) for spec in raw["filters"].values()
    )
    return _pattern(list(raw["group_by"])), filters


def _free(spans: list[Span], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e in spans)


def read_days(text: str, taken: list[Span]) -> DaysReading:
    """The days of the week the (lower-cased) question keeps or groups by; `taken` spans are skipped."""
    grouping, filters = _patterns("days_of_week")
    spans: list[Span] = []
    group_by = False
    for match in grouping.finditer(text):
        if _free(taken + spans, *match.span()):
            spans.append(match.span())
            group_by = True
    days, day_spans = _filter_days(text, taken + spans, filters)
    return DaysReading(days, group_by, tuple(sorted(spans + day_spans)))


def _filter_days(
    text: str, taken: list[Span], filters: tuple[tuple[tuple[int, ...], re.Pattern[str]], ...]
) -> tuple[tuple[int, ...], list[Span]]:
    """The days kept. Days that together make the whole week ("weekdays and weekends", 工作日和周末)
    keep nothing: the question sets them side by side, so they stay unread and the question is refused."""
    days: set[int] = set()
    spans: list[Span] = []
    for named, pattern in filters:
        for match in pattern.finditer(text):
            if _free(taken + spans, *match.span()):
                spans.append(match.span())
                days |= set(named)
    return ((), []) if len(days) == 7 else (tuple(sorted(days)), spans)
