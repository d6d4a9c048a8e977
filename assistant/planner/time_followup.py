"""A follow-up naming the period before the one just asked: "what about the quarter before that?",
再前一个月呢. It moves the previous question's period back by one unit, when that period was one whole
(or to-date) period of the unit named; otherwise the phrase stays unread and is refused."""

from __future__ import annotations

from datetime import date

from assistant.planner.periods import DateRange, label_for, previous_period
from assistant.planner.relative_baseline import find_period_before, fits

Span = tuple[int, int]
PreviousPeriod = tuple[date | None, date | None] | None  # the period of the question before (a follow-up)


def asked_period(previous: PreviousPeriod) -> DateRange | None:
    """The period the question before asked, if it asked one."""
    if previous is None or previous[0] is None or previous[1] is None:
        return None
    return DateRange(previous[0], previous[1], label_for(previous[0], previous[1]))


def period_before(question: str, previous: PreviousPeriod) -> tuple[DateRange, Span] | None:
    """The period before the one just asked, and the span of the phrase that named it."""
    asked = asked_period(previous)
    baseline = find_period_before(question.lower())
    if asked is None or baseline is None or not fits(asked, baseline.unit):
        return None
    return previous_period(asked), baseline.span
