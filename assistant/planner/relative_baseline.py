"""A baseline named relative to the period just asked: "aov last month vs the month before",
"revenue last quarter compared with the previous quarter", "上个月的客单价和前一个月相比".

The phrase (time_phrases.yml `baseline_before`, with its comparison word: "vs", 跟…比) is read only when
the period asked is one whole (or to-date) period of the phrase's unit; otherwise it stays unread,
and the meaning rules refuse the question instead of comparing with a different period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant.planner.periods import DateRange, period_containing
from assistant.planner.time_words import time_phrases

Span = tuple[int, int]


@dataclass(frozen=True)
class NamedBaseline:
    unit: str
    span: Span


def _units(english: bool) -> dict[str, str]:
    return {
        word: str(unit)
        for unit, words in time_phrases()["unit_words"].items()
        for word in words
        if word.isascii() == english
    }


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], dict[str, str]], ...]:
    raw = time_phrases()["baseline_before"]
    after = "|".join(raw["after"])
    compiled = []
    for english, forms in ((True, raw["english"]), (False, raw["chinese"])):
        units = _units(english)
        unit = "(?P<unit>" + "|".join(re.escape(w) for w in sorted(units, key=len, reverse=True)) + ")"
        tail = "" if english else "(?:" + "|".join(raw["chinese_tail"]) + ")?"
        for form in forms:
            edge = r"\b" if english else ""
            body = form.replace("{unit}", unit)
            compiled.append((re.compile(rf"(?P<baseline>(?:{after})\s*{body}{edge}{tail})"), units))
    return tuple(compiled)


@cache
def _bare_patterns() -> tuple[tuple[re.Pattern[str], dict[str, str]], ...]:
    """The baseline forms without their comparison word: a follow-up "what about the quarter before that?"."""
    raw = time_phrases()["baseline_before"]
    compiled = []
    for english, forms in ((True, raw["english"]), (False, raw["chinese"])):
        units = _units(english)
        unit = "(?P<unit>" + "|".join(re.escape(w) for w in sorted(units, key=len, reverse=True)) + ")"
        edge = r"\b" if english else ""
        compiled += [(re.compile(edge + form.replace("{unit}", unit) + edge), units) for form in forms]
    return tuple(compiled)


def find_period_before(text: str) -> NamedBaseline | None:
    for pattern, units in _bare_patterns():
        match = pattern.search(text)
        if match is not None:
            return NamedBaseline(units[match.group("unit")], match.span())
    return None


def find_named_baseline(text: str, taken: list[Span]) -> NamedBaseline | None:
    for pattern, units in _patterns():
        for match in pattern.finditer(text):
            span = match.span("baseline")
            if all(span[1] <= s or span[0] >= e for s, e in taken):
                return NamedBaseline(units[match.group("unit")], span)
    return None


def fits(period: DateRange, unit: str) -> bool:
    """The asked period is one period of `unit` (whole, or to date): its baseline is the one before."""
    start, end = period_containing(period.start, unit)
    return period.start == start and period.end <= end
