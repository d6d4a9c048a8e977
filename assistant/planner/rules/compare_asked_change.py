""" "revenue up or down vs last quarter?", 收入比上月涨跌, "aov higher or lower than last year": the question
asks how a number changed, so it is a comparison of two periods, never one period's number.

A period named right after a baseline cue ("vs", "than", 比, 较) with no other period is the baseline:
the current period of the same unit (to date) is compared with it, as "this quarter vs last quarter" is.
Change words without a baseline compare with the period before (as "change" does); a question already
comparing (环比增减, "this month vs last month, up or down?") only has its change words explained.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from assistant.planner.meaning_words import meaning_words
from assistant.planner.periods import UNITS, DateRange, label_for, period_containing, shift
from assistant.planner.plan import Plan
from assistant.planner.rules.draft import Draft
from assistant.planner.time_expressions import TimeReading

Span = tuple[int, int]


def compare_asked_change(draft: Draft) -> Draft | Plan:
    time, spans = draft.time, _change_spans(draft)
    baseline = _named_baseline(draft.text, time, draft.context.as_of)
    if baseline is not None:
        time = replace(time, ranges=baseline[0], comparison="explicit")
        spans = (*spans, baseline[1])  # the cue: "than", 较
    elif spans and time.comparison is None and len(time.ranges) < 2:
        time = replace(time, comparison="previous_period")
    return replace(draft, time=time, explained=(*draft.explained, *spans))


def _change_spans(draft: Draft) -> tuple[Span, ...]:
    text, spans = draft.text, list[Span]()
    for phrase in sorted(meaning_words().change_question, key=len, reverse=True):
        pattern = rf"(?<![a-z]){re.escape(phrase)}(?![a-z])" if phrase.isascii() else re.escape(phrase)
        spans += [m.span() for m in re.finditer(pattern, text) if all(m.end() <= s or m.start() >= e for s, e in spans)]
    return (*spans, *(span for span in _particle_spans(draft) if all(span[1] <= s or span[0] >= e for s, e in spans)))


def _particle_spans(draft: Draft) -> list[Span]:
    """ "is revenue up this month": a bare up / down right after the metric or a verb of movement."""
    particles, text = meaning_words().change_particles, draft.text
    metric_ends = {m.end for m in draft.result.matches if m.of_kind("metric")}
    found = []
    for match in re.finditer(rf"\b(?:{'|'.join(map(re.escape, particles.words))})\b", text):
        before = re.findall(r"[a-z']+", text[: match.start()])[-1:]
        after = re.findall(r"[a-z']+", text[match.end() :])[:1]
        after_metric = any(end <= match.start() and not text[end : match.start()].strip() for end in metric_ends)
        moved = after_metric or bool(set(before) & set(particles.after))
        if moved and not set(after) & set(particles.not_before):
            found.append(match.span())
    return found


def _named_baseline(text: str, time: TimeReading, as_of: date) -> tuple[tuple[DateRange, DateRange], Span] | None:
    """(current, baseline) and the cue's span when the one period read follows a baseline cue: "vs last
    quarter", 比上月."""
    if len(time.ranges) != 1 or time.comparison is not None or time.grain is not None or not time.spans:
        return None
    cues = "|".join(re.escape(c) for c in sorted(meaning_words().baseline_cues, key=len, reverse=True))
    start = min(s for s, _ in time.spans)
    cue = re.search(rf"(?:^|[^a-z])(?P<cue>{cues})\s*(?:(?:the|in|for)\s+)?$", text[:start])
    if cue is None:
        return None
    baseline, unit = time.ranges[0], _unit_of(time.ranges[0], as_of)
    if unit is None:
        return None
    first, last = period_containing(as_of, unit)
    current = DateRange(first, min(last, as_of), label_for(first, min(last, as_of)))
    if baseline.start > current.start:
        return None
    if current.end < last:  # this year to date against 2024: the same days of 2024, not all of it
        baseline = _same_days(current, baseline, unit)
    return (current, baseline), cue.span("cue")


def _same_days(current: DateRange, baseline: DateRange, unit: str) -> DateRange:
    back = next((n for n in range(1, 1000) if shift(current.start, unit, -n) <= baseline.start), 0)
    end = min(baseline.end, shift(current.end, unit, -back))
    return DateRange(baseline.start, end, label_for(baseline.start, end))


def _unit_of(period: DateRange, as_of: date) -> str | None:
    """The calendar unit the period is one of (whole, or to date)."""
    for unit in reversed(UNITS):
        first, last = period_containing(period.start, unit)
        if first == period.start and (period.end == last or period.end == as_of < last):
            return unit
    return None
