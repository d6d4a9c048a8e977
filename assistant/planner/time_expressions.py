"""Reads time out of a question: periods, a grouping grain and a comparison, against the as-of date.

`read_time` passes a frozen draft through an ordered tuple of small steps, like the guard passes:
the comparison words, baseline and days of the week are read first (so their words are not taken for
periods), then the periods (time_rules), then the steps that decide what several periods mean.
Conventions for each period are in time_periods.py and the README.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from assistant.planner.cues import is_followup
from assistant.planner.periods import DateRange
from assistant.planner.relative_baseline import NamedBaseline, find_named_baseline, find_period_before, fits
from assistant.planner.time_combination import bind_bare_month, clear_comparison, combine, share_written_year
from assistant.planner.time_followup import PreviousPeriod, asked_period, period_before
from assistant.planner.time_periods import relative_period
from assistant.planner.time_reading import TimeReading
from assistant.planner.time_rules import FoundPeriod, find_periods
from assistant.planner.time_vocabulary import grammar, vocabulary
from assistant.planner.time_words import change_grain, find_comparison, find_phrase, time_phrases
from assistant.planner.weekdays import DaysReading, read_days

__all__ = ["PreviousPeriod", "TimeReading", "read_time"]

Span = tuple[int, int]


@dataclass(frozen=True)
class TimeDraft:
    """The reading so far; each step returns a new draft."""

    question: str
    text: str  # lower case, "month-by-month" unhyphenated, dashes as "-"
    as_of: date
    previous: PreviousPeriod
    baseline: NamedBaseline | None
    comparison: str | None
    comparison_spans: tuple[Span, ...]
    days: DaysReading
    found: tuple[FoundPeriod, ...] = ()
    grain: str | None = None
    spans: tuple[Span, ...] = ()
    ranges: tuple[DateRange, ...] = ()

    def without_found_spans(self) -> tuple[Span, ...]:
        unread = {span for span, _ in self.found}
        return tuple(span for span in self.spans if span not in unread)


def _normalized(question: str) -> str:
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", question.lower())  # month-by-month; dates keep hyphens
    return text.replace("\u2013", "-").replace("\u2014", "-").replace("～", "~")  # "Q2–Q3": one character each


def _first_draft(question: str, as_of: date, previous: PreviousPeriod) -> TimeDraft:
    """Comparison words and the named baseline first ("vs the previous quarter" before "compared with
    the previous"), then the days of the week, each outside the spans already read."""
    text = _normalized(question)
    baseline = find_named_baseline(text, [])
    comparison, comparison_spans = find_comparison(text, (baseline.span,) if baseline else ())
    days = read_days(text, list(comparison_spans) + ([baseline.span] if baseline else []))
    return TimeDraft(question, text, as_of, previous, baseline, comparison, comparison_spans, days)


def _read_periods(draft: TimeDraft) -> TimeDraft:
    """The periods, then a grain ("monthly") outside every span read so far."""
    taken = draft.comparison_spans + ((draft.baseline.span,) if draft.baseline else ()) + draft.days.spans
    found = find_periods(draft.text, draft.as_of, taken)
    grain, grain_span = find_phrase(draft.text, "grains", [*taken, *(span for span, _ in found)])
    spans = tuple(span for span, _ in found) + ((grain_span,) if grain_span else ())
    return replace(draft, found=found, grain=grain, spans=spans + draft.comparison_spans + draft.days.spans)


def _explicit_comparison(draft: TimeDraft) -> TimeDraft:
    """Two periods and a comparison word ("q3 vs q2", 对比) are compared with each other."""
    if len(draft.found) >= 2 and re.search(grammar().explicit_comparison, draft.text):
        return replace(draft, comparison="explicit")
    return draft


def _named_baseline(draft: TimeDraft) -> TimeDraft:
    """ "last month vs the month before": one period of the baseline's unit, against the one before."""
    baseline = draft.baseline
    if baseline is not None and len(draft.found) == 1 and fits(draft.found[0][1], baseline.unit):
        return replace(draft, comparison="previous_period", spans=(*draft.spans, baseline.span))
    return draft


def _settle_years(draft: TimeDraft) -> TimeDraft:
    """A bare month takes the one year named; two months compared share a year written once ("aug vs
    sep 2026", 2026年8月和9月对比); a comparison whose years are still unclear stays unread ("2025 march
    vs april": is april of 2025 or 2026?)."""
    if draft.comparison != "explicit":
        return replace(draft, found=bind_bare_month(draft.found, draft.text, draft.as_of))
    if clear_comparison(draft.found, draft.text):
        return draft
    shared = share_written_year(draft.found, draft.text, draft.as_of)
    if shared is not None:
        return replace(draft, found=shared)
    return replace(draft, spans=draft.without_found_spans(), found=(), comparison=None)


def _one_period(draft: TimeDraft) -> TimeDraft:
    """Several periods without a comparison are one period when one lies inside all the others;
    otherwise ("H2 last yr" read as H2 2026 and 2025) none is answered and all stay unread."""
    ranges = tuple(r for _, r in draft.found)
    if draft.comparison == "explicit" or len(ranges) < 2:
        return replace(draft, ranges=ranges)
    combined = combine(ranges)
    if combined is None:
        return replace(draft, ranges=(), spans=draft.without_found_spans())
    return replace(draft, ranges=(combined,))


def _change_grain(draft: TimeDraft) -> TimeDraft:
    """ "revenue mom": the latest whole month against the one before; "aov month over month this
    year": a monthly series over the year."""
    if draft.comparison == "explicit":
        return draft
    named = change_grain(draft.text, draft.comparison_spans)
    if named and _a_trend(draft) and draft.grain in (None, named):  # "how AOV trended month over month"
        return replace(draft, grain=named, comparison=None)
    if draft.grain is not None:
        return draft
    if named and not draft.ranges:
        return replace(draft, ranges=(relative_period(named, "last", draft.as_of),))
    if named and len(draft.ranges) == 1 and not fits(draft.ranges[0], named):
        return replace(draft, grain=named)
    return draft


def _a_trend(draft: TimeDraft) -> bool:
    """A trend word and no change word but the grain's own ("month over month"): levels, not growth."""
    said = {draft.text[start:end] for start, end in draft.comparison_spans}
    grain_words = {w for words in time_phrases()["change_grains"].values() for w in words}
    trend = "|".join(re.escape(w) for w in vocabulary().trend_words if w.isascii())
    chinese = [w for w in vocabulary().trend_words if not w.isascii()]
    named = re.search(rf"\b(?:{trend})\b", draft.text) or any(w in draft.text for w in chinese)
    return bool(named) and said <= grain_words


def _period_before(draft: TimeDraft) -> TimeDraft:
    """ "and the month before?" after "orders last month": the month before that one. A follow-up
    "what about the previous quarter?" / 上一个季度呢 after "revenue last quarter" means the quarter
    before the one just asked, never the same quarter again; one that does not fit it is refused."""
    named = find_period_before(draft.question.lower())
    if named is None or draft.comparison is not None or len(draft.ranges) > 1:
        return draft
    read = tuple(span for span, _ in draft.found if _overlaps(span, named.span))
    if draft.ranges and not (read and draft.previous and _about_previous(draft)):
        return draft  # "orders the previous quarter" with no conversation: the last quarter
    before = period_before(draft.question, draft.previous)
    spans = tuple(span for span in draft.spans if span not in read)
    if before is None:
        return replace(draft, ranges=(), spans=spans) if read else draft
    return replace(draft, ranges=(before[0],), spans=(*spans, before[1]))


def _same_period_follow_up(draft: TimeDraft) -> TimeDraft:
    """ "same period last year?", 去年同期呢, "and the growth?" after "revenue last quarter": the period
    just asked, compared with the same period a year earlier (or the one before)."""
    asked = asked_period(draft.previous)
    if draft.ranges or draft.comparison not in ("previous_year", "previous_period") or asked is None:
        return draft
    return replace(draft, ranges=(asked,)) if _about_previous(draft) else draft


def _event_verbs(draft: TimeDraft) -> TimeDraft:
    """ "tickets opened on weekends", "orders placed last month", 周末下单的订单: the verb names the
    event every fact is timed by, so it is read with the period or days next to it."""
    read = [span for span, _ in draft.found] + list(draft.days.spans)
    verbs = [span for span in _verb_spans(draft.text) if _next_to(span, read, draft.text)]
    return replace(draft, spans=(*draft.spans, *verbs)) if verbs else draft


def _verb_spans(text: str) -> list[Span]:
    words = vocabulary().event_verbs
    english = "|".join(re.escape(w) for w in words if w.isascii())
    chinese = "|".join(re.escape(w) for w in words if not w.isascii())
    return [m.span() for m in re.finditer(rf"\b(?:{english})\b|{chinese}", text)]


def _next_to(verb: Span, read: list[Span], text: str) -> bool:
    """English verbs come before the period ("opened on weekends"), Chinese after it (周末下单)."""
    if text[verb[0]].isascii():
        gap = re.match(r"\s+(?:(?:on|in|at|during|over)\s+)?", text[verb[1] :])
        return gap is not None and any(start == verb[1] + gap.end() for start, _ in read)
    return any(end == verb[0] for _, end in read)


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _about_previous(draft: TimeDraft) -> bool:
    """The question is a follow-up ("what about ...", "and ...", ...呢), or names the very period
    just asked: its period is read against the question before."""
    stripped = draft.text.strip().rstrip("?？。.! ")
    endings = tuple(vocabulary().followup_endings)
    asked = asked_period(draft.previous)
    return (
        is_followup(draft.text)
        or stripped.endswith(endings)
        or (asked is not None and any((r.start, r.end) == (asked.start, asked.end) for r in draft.ranges))
    )


def _unit_of_year_ago(draft: TimeDraft) -> TimeDraft:
    """ "aov same month last year", "vs the same quarter last year" with no period named: the current
    month (quarter) to date against the same one a year earlier, not the year to date."""
    if draft.ranges or draft.comparison != "previous_year":
        return draft
    said = " ".join(draft.text[start:end] for start, end in draft.comparison_spans)
    unit = next((u for u in ("week", "month", "quarter") if re.search(rf"\b{u}\b", said)), None)
    found = find_periods(f"this {unit}", draft.as_of, ()) if unit else ()
    return replace(draft, ranges=(found[0][1],)) if found else draft


STEPS: tuple[Callable[[TimeDraft], TimeDraft], ...] = (
    _read_periods,
    _explicit_comparison,
    _named_baseline,
    _settle_years,
    _one_period,
    _change_grain,
    _period_before,
    _same_period_follow_up,
    _event_verbs,
    _unit_of_year_ago,
)


def read_time(question: str, as_of: date, previous: PreviousPeriod = None) -> TimeReading:
    """Everything the question says about time, resolved against the as-of date; `previous` is the
    period of the question before, for a follow-up naming the period before it."""
    draft = _first_draft(question, as_of, previous)
    for step in STEPS:
        draft = step(draft)
    return TimeReading(
        ranges=draft.ranges, grain=draft.grain, comparison=draft.comparison, spans=tuple(sorted(draft.spans)),
        days_of_week=draft.days.days, by_day_of_week=draft.days.group_by,
    )  # fmt: skip
